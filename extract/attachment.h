// Report attachments: PDF, DOCX, DOC and WPS files read into a CleanPage
// (headings, paragraphs, tables as grids) so that ExtractReport reads them
// exactly like a cleaned HTML page (docs/cleaning.md, "Attachments").
//
// Invariants:
//  - The input bytes are never modified; the same bytes + capture give the
//    same CleanPage (ToJson byte for byte).
//  - The format is decided by the bytes (magic numbers); the content type and
//    the URL extension only tell DOC from WPS. Bytes that are no document
//    (an HTML error page served as .pdf) fail with InvalidArgument.
//  - Every table cell keeps its text (whitespace runs collapsed); a merged
//    cell (DOCX gridSpan/vMerge) is one origin cell plus covered slots, as
//    CleanTable documents; a PDF cell without text is an empty slot, never 0.
//  - A document that could be identified but not read into text (DOC/WPS
//    without antiword or catdoc installed, a PDF without a text layer) gives
//    an Ok page flagged "attachment_unparsed" with no blocks.
//
//  - PDF and DOCX are read in a child process (fork) with the memory and
//    time limits of CleanOptions; a document past them fails with
//    LimitExceeded ("too_large", "timeout"), one that crashes the reader with
//    Corruption, and this process is never harmed (docs/reliability.md).
//
// Thread safety: pure functions of their arguments (DOC/WPS run a helper
// program in a private temporary file; PDF/DOCX a forked child).
#ifndef GOVHARVEST_EXTRACT_ATTACHMENT_H_
#define GOVHARVEST_EXTRACT_ATTACHMENT_H_

#include <string>
#include <string_view>

#include "extract/clean.h"
#include "extract/report.h"
#include "store/records.h"
#include "store/status.h"

namespace govharvest {

// True when a capture's content type or URL extension names a format that
// ReadAttachment reads (PDF, DOCX, DOC, WPS). Cheap: no bytes needed.
bool IsAttachmentCandidate(std::string_view content_type, std::string_view url);

// Reads an archived PDF / DOCX / DOC / WPS into a CleanPage with input_kind
// "pdf", "docx", "doc" or "wps". Fails with InvalidArgument for bytes that are
// not one of these documents, Corruption for a damaged one, LimitExceeded for
// one over the limits of `options`.
Status ReadAttachment(std::string_view bytes, const CaptureRecord& capture, const CleanOptions& options,
                      CleanPage* out);

// The report record of a page whose tables are in an attachment: the record
// extracted from the attachment's page, with its `tables_source` set to
// `attachment_url`, tables_status "attachment" (or "partial"), flag
// "tables_from_attachment", and the identity completed from `page_record`:
// fields the attachment lacks are taken from the page, and the page's
// published date (from its metadata) and index_no / SiteIDCode agency key
// always win, since an attachment has no metadata block.
ReportRecord ReportWithAttachmentTables(const ReportRecord& page_record, ReportRecord attachment_record,
                                        std::string_view attachment_url);

}  // namespace govharvest

#endif  // GOVHARVEST_EXTRACT_ATTACHMENT_H_
