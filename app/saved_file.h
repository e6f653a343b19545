// Turns a saved file (HTML, PDF, DOC/DOCX, XLS, text) into a capture record
// and its payload, for `govharvest archive import`.
#ifndef GOVHARVEST_APP_SAVED_FILE_H_
#define GOVHARVEST_APP_SAVED_FILE_H_

#include <optional>
#include <string>
#include <string_view>

#include "store/records.h"
#include "store/status.h"

namespace govharvest {

struct SavedFileOptions {
  std::string url;                        // empty: file://<absolute path>
  std::optional<TimestampUs> fetched_at;  // empty: the file's modification time
  std::string job_id;
};

// The URL a saved file is recorded under, from --url: an absolute http(s)
// URL (stored in the crawler's canonical form) or a file:/// URL (kept as
// given). Anything else, e.g. `=HYPERLINK(...)` or a relative path, fails
// with InvalidArgument naming the value.
Status CheckRecordedUrl(std::string_view url, std::string* recorded);

// Reads `path` whole. Fails naming the file when it cannot be read or is not
// a regular file, or when options.url is not accepted by CheckRecordedUrl.
Status ReadSavedFile(const std::string& path, const SavedFileOptions& options,
                     CaptureRecord* record, std::string* payload);

// Media type from magic bytes, then from the file name's extension.
std::string SniffContentType(std::string_view bytes, std::string_view file_name);

// file:// URL for an absolute path, with bytes outside the unreserved set
// percent-encoded.
std::string FileUrl(std::string_view absolute_path);

}  // namespace govharvest

#endif  // GOVHARVEST_APP_SAVED_FILE_H_
