// Which archived captures the document pipeline reads, and how: the page
// captures `extract` cleans, the document files linked from pages, the class
// of a capture's host and the capture a payload is cleaned from.
#ifndef GOVHARVEST_PIPELINE_PAGE_CAPTURES_H_
#define GOVHARVEST_PIPELINE_PAGE_CAPTURES_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "extract/clean.h"
#include "store/records.h"

namespace govharvest {

// The URL a document entry lists for a capture: the final URL after
// redirects, else the requested one.
std::string CaptureUrl(const CaptureRecord& c);

// "gov", "allowed", "mirror" or "unknown" (no http host), as CleanPage::host_class.
std::string HostClassOf(const CaptureRecord& c, const CleanOptions& options);

// A content type a page may have ("" included: unknown).
bool IsPageContentType(std::string_view type);

// A document file (PDF, DOCX, DOC, WPS) by content type or URL extension.
bool IsAttachmentFile(const CaptureRecord& c);

// A capture `extract` cleans: an ok capture with a payload that is (or may be)
// a page, and not a column list page or robots.txt; or a report listed in a
// column as a document file (read with ReadAttachment).
bool IsPageCapture(const CaptureRecord& c);

// An archived document file linked from a page (`via`): where a report page's
// tables may be.
bool IsLinkedAttachment(const CaptureRecord& c);

// Latest capture of each attachment URL, by the URL of the page linking it.
using AttachmentsByPage = std::map<std::string, std::map<std::string, CaptureRecord>>;

// The capture to clean a payload from: an authoritative host first, then the
// latest. `host_classes[i]` is the class of `captures[i]`; `captures` is not
// empty.
const CaptureRecord& Representative(const std::vector<CaptureRecord>& captures,
                                    const std::vector<std::string>& host_classes);

}  // namespace govharvest

#endif  // GOVHARVEST_PIPELINE_PAGE_CAPTURES_H_
