// The records the archive keeps. Each converts to and from one JSON object;
// the JSON form is what is stored and what the CLI prints.
#ifndef GOVHARVEST_STORE_RECORDS_H_
#define GOVHARVEST_STORE_RECORDS_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "store/status.h"
#include "store/timestamp.h"

namespace govharvest {

// Outcome of one capture attempt. Stored as its string form:
// "ok", "not_modified", "error:<kind>", "robots_denied", "blocked_challenge",
// "out_of_scope".
bool IsValidOutcome(std::string_view outcome);

struct RedirectHop {
  std::string url;
  int status = 0;
};

struct HttpHeader {
  std::string name;
  std::string value;
};

// The value of the first header called `name` (case-insensitive), or "".
std::string FindHeader(const std::vector<HttpHeader>& headers, std::string_view name);
// The media type of a Content-Type value, without parameters, lower-cased:
// "Text/HTML; charset=GBK" -> "text/html".
std::string MediaType(std::string_view content_type);

// One attempt to obtain one URL. A capture with a payload points at a blob by
// its digest; the blob always exists when the capture does.
struct CaptureRecord {
  std::string requested_url;
  std::string method = "GET";
  std::string request_body;  // form body of a POST (Hanweb dataproxy.jsp), else ""
  std::string final_url;
  std::vector<RedirectHop> redirects;  // hops before final_url, in order
  int http_status = 0;                 // 0 when not fetched over HTTP (imports)
  std::vector<HttpHeader> response_headers;
  TimestampUs fetched_at = 0;
  int64_t duration_us = 0;
  std::string payload_digest;  // "sha256:<64 hex>"; empty when there is no payload
  int64_t size = 0;            // payload bytes
  std::string content_type;    // media type without parameters
  std::string charset_header;  // charset label from Content-Type, as sent
  std::string charset_meta;    // charset label from <meta> prescan, as written
  std::string charset_used;    // encoding chosen for decoding
  std::string job_id;
  std::string outcome = "ok";
  std::string error_detail;  // human-readable detail for error outcomes
  std::string source;        // "http", or "import:<file path>"
  std::string via;           // URL of the page that linked here, when known
  // Column walking (crawl --config): the config site this capture belongs to,
  // its role there ("list", "report", "attachment", "robots"; "" for ad-hoc
  // crawls and imports) and the report year read from the list entry (0 when
  // unknown or not a report).
  std::string site;
  std::string role;
  int listed_year = 0;

  std::string ToJson() const;
  static Status FromJson(std::string_view json, CaptureRecord* out);
};

// The latest known state of one URL, for revisits and conditional GET.
struct UrlState {
  std::string url;
  TimestampUs last_capture_at = 0;  // fetched_at of the latest capture
  std::string last_outcome;
  std::string etag;
  std::string last_modified;
  std::string payload_digest;
  TimestampUs next_due_at = 0;
  int consecutive_failures = 0;

  std::string ToJson() const;
  static Status FromJson(std::string_view json, UrlState* out);
};

// One crawl, backfill or import run.
struct JobRecord {
  std::string id;
  std::string kind;  // "import", "fetch", "crawl", "backfill"
  TimestampUs started_at = 0;
  TimestampUs ended_at = 0;  // 0 while running or when killed
  std::string options_json = "{}";
  std::map<std::string, int64_t> counters;

  std::string ToJson() const;
  static Status FromJson(std::string_view json, JobRecord* out);
};

// "sha256:<hex>" of the bytes.
std::string PayloadDigest(std::string_view bytes);

// True for "sha256:" followed by 64 lower-case hex digits.
bool IsPayloadDigest(std::string_view text);

}  // namespace govharvest

#endif  // GOVHARVEST_STORE_RECORDS_H_
