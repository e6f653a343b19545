// Pieces shared by the WARC reader and writer; not part of the public API.
#ifndef GOVHARVEST_EXPORT_WARC_INTERNAL_H_
#define GOVHARVEST_EXPORT_WARC_INTERNAL_H_

#include <string>
#include <string_view>
#include <vector>

#include "export/warc.h"
#include "store/records.h"
#include "store/status.h"

namespace govharvest::warc_internal {

// One complete gzip member holding `bytes` (zlib, level 6, header mtime 0 so
// that the output depends on the bytes only).
Status GzipMember(std::string_view bytes, std::string* out);

// RFC 4648 base32 with padding.
std::string Base32(std::string_view raw);

// Raw bytes of lower- or upper-case hex; "" when `hex` is not hex.
std::string HexToRaw(std::string_view hex);

// An HTTP/1.x message head (request or response) and what follows it.
struct HttpMessage {
  std::string start_line;  // "HTTP/1.1 200 OK" or "GET /x HTTP/1.1"
  std::vector<HttpHeader> headers;
  std::string body;        // bytes after the blank line, as recorded
};

// Splits `block` at its first blank line (CRLF or bare LF line ends).
// Fails when there is no status/request line.
Status ParseHttpMessage(std::string_view block, HttpMessage* out);

// Undoes chunked transfer coding; false when `body` is not well-formed chunks.
bool Dechunk(std::string_view body, std::string* out);

// Decodes gzip or deflate (zlib or raw) content coding into at most
// `max_out` bytes; false on error, and with *too_large set when the decoded
// bytes would pass `max_out` (inflating stops there: a bomb costs nothing).
bool Inflate(std::string_view body, size_t max_out, std::string* out, bool* too_large);

// How BuildCapture ended.
enum class CaptureBuild {
  kOk,        // *capture and *body describe a capture
  kSkipped,   // not a capture; *why is the reason counted under `skipped`
  kProblem,   // unreadable; *why is a one-line message
  kTooLarge,  // the payload is over max_body_bytes; *why says by how much
};

// The capture a response, resource or revisit record describes, without the
// parts other records supply (method and request body, the capture record of
// a govharvest export, a revisit's payload): status and headers of the HTTP
// block, the payload with chunked transfer coding and gzip/deflate content
// coding undone (as the crawler stores it), content type and charset label,
// URLs and time, outcome "ok". Needs no archive; used by the importer and by
// the warc_fuzz target.
CaptureBuild BuildCapture(const WarcRecord& record, int64_t max_body_bytes, CaptureRecord* capture,
                          std::string* body, std::string* why);

}  // namespace govharvest::warc_internal

#endif  // GOVHARVEST_EXPORT_WARC_INTERNAL_H_
