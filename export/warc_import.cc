// WARC files into the archive.
#include "export/warc_import.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <limits>
#include <unordered_map>

#include "export/warc_internal.h"

namespace govharvest {

namespace {

constexpr char kCaptureField[] = "govharvest-capture: ";
constexpr char kOrigPrefix[] = "x-archive-orig-";

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

bool IsImportableUri(std::string_view uri) {
  return uri.starts_with("http://") || uri.starts_with("https://") || uri.starts_with("file://") ||
         uri.starts_with("ftp://");
}

// Every value of a field that may repeat (WARC-Concurrent-To).
std::vector<std::string> Fields(const WarcRecord& r, std::string_view name) {
  std::vector<std::string> out;
  for (const auto& h : r.headers) {
    if (Lower(h.name) == Lower(std::string(name))) out.push_back(h.value);
  }
  return out;
}

// The capture record our own export put in a metadata record, or "".
std::string CaptureJsonOf(const WarcRecord& r) {
  if (r.Type() != "metadata") return "";
  const size_t at = r.block.find(kCaptureField);
  if (at != 0) return "";
  std::string json = r.block.substr(sizeof(kCaptureField) - 1);
  while (!json.empty() && (json.back() == '\n' || json.back() == '\r')) json.pop_back();
  return json;
}

// What a request record tells about the request.
struct RequestInfo {
  std::string method = "GET";
  std::string body;
};

// A record kept from the first pass for resolving at Finish().
struct HeldRecord {
  std::string file;
  WarcRecord record;
};

// Media type and charset parameter of a Content-Type value.
void SplitContentType(const std::string& value, std::string* media_type, std::string* charset) {
  std::string type = value.substr(0, value.find(';'));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  while (!type.empty() && type.front() == ' ') type.erase(0, 1);
  *media_type = Lower(type);
  charset->clear();
  const std::string lower = Lower(value);
  const size_t at = lower.find("charset=");
  if (at != std::string::npos) {
    std::string cs = value.substr(at + 8);
    cs = cs.substr(0, cs.find(';'));
    cs.erase(std::remove(cs.begin(), cs.end(), '"'), cs.end());
    while (!cs.empty() && cs.back() == ' ') cs.pop_back();
    *charset = cs;
  }
}

}  // namespace

namespace warc_internal {

namespace {

// The HTTP status code of a status line ("HTTP/1.1 200 OK"), or 0: exactly
// three digits after the version, parsed without exceptions or overflow.
int StatusCode(std::string_view start_line) {
  if (!start_line.starts_with("HTTP/")) return 0;
  const size_t sp = start_line.find(' ');
  if (sp == std::string_view::npos) return 0;
  std::string_view code = start_line.substr(sp + 1);
  while (code.starts_with(' ')) code.remove_prefix(1);
  int value = 0;
  const auto [end, ec] = std::from_chars(code.data(), code.data() + std::min<size_t>(code.size(), 3), value);
  if (ec != std::errc() || end != code.data() + 3) return 0;
  if (code.size() > 3 && code[3] >= '0' && code[3] <= '9') return 0;  // four digits or more
  return value >= 100 ? value : 0;
}

}  // namespace

CaptureBuild BuildCapture(const WarcRecord& r, int64_t max_body_bytes, CaptureRecord* c, std::string* body,
                          std::string* why) {
  const size_t max_body = static_cast<size_t>(std::max<int64_t>(max_body_bytes, 0));
  const std::string type = r.Type();
  const std::string uri = r.TargetUri();
  if (!IsImportableUri(uri)) {
    *why = type + " of a non-web URI";
    return CaptureBuild::kSkipped;
  }
  TimestampUs t = 0;
  if (!ParseTimestamp(r.Field("WARC-Date"), &t).ok()) {
    *why = type + " record has an unreadable WARC-Date '" + r.Field("WARC-Date").substr(0, 60) + "'";
    return CaptureBuild::kProblem;
  }
  *c = CaptureRecord();
  const std::string warc_type = Lower(r.Field("Content-Type"));
  const bool http = warc_type.starts_with("application/http");
  if (type == "resource" || (type == "revisit" && !http)) {
    c->http_status = 0;
    SplitContentType(r.Field("Content-Type"), &c->content_type, &c->charset_header);
    *body = r.block;
  } else {
    if (!http && !(uri.starts_with("http") && r.block.starts_with("HTTP/"))) {
      *why = type + " that is not HTTP";
      return CaptureBuild::kSkipped;
    }
    HttpMessage msg;
    Status s = ParseHttpMessage(r.block, &msg);
    const int status = s.ok() ? StatusCode(msg.start_line) : 0;
    if (status == 0) {
      *why = type + " record for " + uri + " has no HTTP status line";
      return CaptureBuild::kProblem;
    }
    c->http_status = status;
    // Undo what our export renamed; keep everything else as recorded.
    bool renamed_length = false;
    for (auto& h : msg.headers) {
      if (Lower(h.name).starts_with(kOrigPrefix)) renamed_length |= Lower(h.name) == "x-archive-orig-content-length";
    }
    for (auto& h : msg.headers) {
      const std::string lower = Lower(h.name);
      if (lower.starts_with(kOrigPrefix)) {
        c->response_headers.push_back({h.name.substr(sizeof(kOrigPrefix) - 1), h.value});
      } else if (!(renamed_length && lower == "content-length")) {
        c->response_headers.push_back(h);
      }
    }
    *body = std::move(msg.body);
    // The archive keeps payloads as the crawler gets them from libcurl:
    // transfer and content codings removed.
    std::string decoded;
    bool wire_chunked = false, wire_encoded = false;
    std::string encoding;
    for (const auto& h : msg.headers) {
      const std::string lower = Lower(h.name);
      if (lower == "transfer-encoding" && Lower(h.value).find("chunked") != std::string::npos) wire_chunked = true;
      if (lower == "content-encoding") {
        const std::string v = Lower(h.value);
        wire_encoded = v.find("gzip") != std::string::npos || v.find("deflate") != std::string::npos;
        encoding = h.value;
      }
    }
    if (wire_chunked && Dechunk(*body, &decoded)) *body = std::move(decoded);
    bool too_large = false;
    if (wire_encoded && !body->empty()) {
      if (Inflate(*body, max_body, &decoded, &too_large)) {
        *body = std::move(decoded);
      } else if (too_large) {
        *why = type + " record for " + uri + ": the payload (Content-Encoding " + encoding.substr(0, 40) +
               ") inflates past the limit of " + std::to_string(max_body) + " bytes; skipped";
        return CaptureBuild::kTooLarge;
      }
    }
    SplitContentType(FindHeader(c->response_headers, "Content-Type"), &c->content_type, &c->charset_header);
  }
  if (body->size() > max_body) {
    *why = type + " record for " + uri + ": the payload has " + std::to_string(body->size()) +
           " bytes, over the limit of " + std::to_string(max_body) + " bytes; skipped";
    return CaptureBuild::kTooLarge;
  }
  c->requested_url = uri;
  c->final_url = uri;
  c->fetched_at = t;
  c->outcome = "ok";
  return CaptureBuild::kOk;
}

}  // namespace warc_internal

struct WarcImporter::State {
  Archive* archive;
  std::string job_id;
  int64_t max_body_bytes = 0;
  // Bytes of request bodies, revisit records and capture records kept from
  // pass 1 until Finish, and their cap: many small gzip members can each
  // inflate to a record at the limit, and none may add up past this.
  int64_t held_bytes = 0;
  int64_t max_held_bytes = 0;
  WarcImportCounts counts;
  std::vector<WarcImportProblem> problems;

  // From every file read so far.
  std::unordered_map<std::string, RequestInfo> request_by_id;
  std::unordered_map<std::string, std::string> request_id_by_concurrent;  // main record id -> request id
  std::unordered_map<std::string, std::string> request_id_by_uri;          // last request for a URI
  std::unordered_map<std::string, std::string> capture_json_by_main_id;     // our metadata records
  std::unordered_map<std::string, std::string> digest_by_record_id;        // archive digest
  std::unordered_map<std::string, std::string> digest_by_warc_digest;      // as written -> archive digest
  std::vector<HeldRecord> revisits;
  std::vector<HeldRecord> payloadless;  // our metadata records without a main record
  // The record being imported, for problems found while writing it.
  std::string current_file;
  int64_t current_offset = 0;

  void Problem(const std::string& file, int64_t offset, std::string message) {
    problems.push_back({file, offset, std::move(message)});
  }

  static std::string Source(const std::string& file, int64_t offset) {
    return "warc:" + file + "#" + std::to_string(offset);
  }

  // Writes one capture unless one with the same URL and time is archived.
  Status Put(CaptureRecord record, std::string payload, bool* written) {
    *written = false;
    std::vector<CaptureRecord> existing;
    Status s = archive->GetCaptures(record.requested_url, &existing);
    if (!s.ok() && !s.IsNotFound()) return s;
    // WARC-Dates often have whole seconds: two records of one URL in the
    // same second, both read by this import, are told apart by a microsecond.
    for (const auto& e : existing) {
      if (e.fetched_at == record.fetched_at && e.job_id == job_id) record.fetched_at += 1;
    }
    for (const auto& e : existing) {
      if (e.fetched_at == record.fetched_at) {
        counts.already_archived += 1;
        return Status::Ok();
      }
    }
    const std::string url = record.requested_url;
    s = archive->PutCapture(std::move(record), std::move(payload));
    if (s.IsInvalidArgument() || s.IsNotFound()) {  // the record itself is refused: report, go on
      Problem(current_file, current_offset, "capture of " + url + " refused: " + s.message());
      return Status::Ok();
    }
    GOVHARVEST_RETURN_IF_ERROR(s);
    counts.captures_imported += 1;
    *written = true;
    return Status::Ok();
  }

  // Takes `bytes` of the budget for what pass 1 keeps until Finish; false,
  // with the record reported and counted too_large, when they do not fit.
  bool Hold(const std::string& file, const WarcRecord& r, size_t bytes) {
    if (bytes > static_cast<uint64_t>(max_held_bytes - held_bytes)) {
      counts.too_large += 1;
      Problem(file, r.offset,
              r.Type() + " record of " + r.TargetUri().substr(0, 200) + " not kept: the import already holds " +
                  std::to_string(held_bytes) + " bytes of requests, revisits and capture records (limit " +
                  std::to_string(max_held_bytes) + "); skipped");
      return false;
    }
    held_bytes += static_cast<int64_t>(bytes);
    return true;
  }

  static size_t RecordBytes(const WarcRecord& r) {
    size_t n = r.block.size();
    for (const auto& h : r.headers) n += h.name.size() + h.value.size();
    return n;
  }

  void Remember(const std::string& file, const WarcRecord& r) {
    const std::string type = r.Type();
    const std::string id = r.Field("WARC-Record-ID");
    if (type == "request") {
      RequestInfo info;
      warc_internal::HttpMessage msg;
      if (warc_internal::ParseHttpMessage(r.block, &msg).ok()) {
        info.method = msg.start_line.substr(0, msg.start_line.find(' '));
        if (info.method.empty()) info.method = "GET";
        info.body = msg.body;
      }
      if (!Hold(file, r, info.body.size() + info.method.size())) return;
      request_by_id[id] = info;
      for (const auto& to : Fields(r, "WARC-Concurrent-To")) request_id_by_concurrent[to] = id;
      request_id_by_uri[r.TargetUri()] = id;
    } else if (type == "metadata") {
      const std::string json = CaptureJsonOf(r);
      if (json.empty()) return;
      const auto to = Fields(r, "WARC-Concurrent-To");
      if (to.empty()) {
        if (Hold(file, r, RecordBytes(r))) payloadless.push_back({file, r});
      } else if (Hold(file, r, json.size() * to.size())) {
        for (const auto& t : to) capture_json_by_main_id[t] = json;
      }
    } else if (type == "revisit") {
      if (Hold(file, r, RecordBytes(r))) revisits.push_back({file, r});
    }
  }

  RequestInfo RequestFor(const WarcRecord& r) const {
    const std::string id = r.Field("WARC-Record-ID");
    for (const auto& to : Fields(r, "WARC-Concurrent-To")) {
      if (auto it = request_by_id.find(to); it != request_by_id.end()) return it->second;
    }
    if (auto it = request_id_by_concurrent.find(id); it != request_id_by_concurrent.end()) {
      if (auto req = request_by_id.find(it->second); req != request_by_id.end()) return req->second;
    }
    if (auto it = request_id_by_uri.find(r.TargetUri()); it != request_id_by_uri.end()) {
      if (auto req = request_by_id.find(it->second); req != request_by_id.end()) return req->second;
    }
    return RequestInfo();
  }

  // The capture a response, resource or revisit record describes (see
  // warc_internal::BuildCapture), with the method and body of its request.
  // False, with a problem or a skip counted, when it describes none.
  bool BuildCapture(const std::string& file, const WarcRecord& r, CaptureRecord* c, std::string* body) {
    std::string why;
    switch (warc_internal::BuildCapture(r, max_body_bytes, c, body, &why)) {
      case warc_internal::CaptureBuild::kOk:
        break;
      case warc_internal::CaptureBuild::kSkipped:
        counts.skipped[why] += 1;
        return false;
      case warc_internal::CaptureBuild::kTooLarge:
        counts.too_large += 1;
        Problem(file, r.offset, why);
        return false;
      case warc_internal::CaptureBuild::kProblem:
        Problem(file, r.offset, why);
        return false;
    }
    if (c->http_status != 0) {
      const RequestInfo req = RequestFor(r);
      c->method = req.method;
      if (c->method != "GET") c->request_body = req.body;
    }
    return true;
  }

  // Our own capture record replaces what was rebuilt from HTTP, when present.
  bool ApplyCaptureJson(const std::string& file, const WarcRecord& r, CaptureRecord* c) {
    auto it = capture_json_by_main_id.find(r.Field("WARC-Record-ID"));
    if (it == capture_json_by_main_id.end()) return true;
    CaptureRecord own;
    Status s = CaptureRecord::FromJson(it->second, &own);
    if (!s.ok()) {
      Problem(file, r.offset, "govharvest capture record is unreadable: " + s.message());
      return false;
    }
    *c = std::move(own);
    return true;
  }

  Status ImportMain(const std::string& file, const WarcRecord& r) {
    current_file = file;
    current_offset = r.offset;
    CaptureRecord c;
    std::string body;
    if (!BuildCapture(file, r, &c, &body)) return Status::Ok();
    if (!ApplyCaptureJson(file, r, &c)) return Status::Ok();
    const std::string digest = PayloadDigest(body);
    if (!c.payload_digest.empty() && c.payload_digest != digest) {
      Problem(file, r.offset, "payload of " + c.requested_url + " does not match its capture record's digest");
      return Status::Ok();
    }
    if (c.http_status == 304 && body.empty() && c.outcome == "ok") {
      // A 304 recorded as a response: points at the latest payload of the URL.
      CaptureRecord latest;
      if (archive->GetLatestCapture(c.requested_url, &latest).ok() && !latest.payload_digest.empty()) {
        c.outcome = "not_modified";
        c.payload_digest = latest.payload_digest;
        c.size = latest.size;
      }
    }
    c.source = Source(file, r.offset);
    c.job_id = job_id;
    const bool has_payload = c.outcome == "ok" || !body.empty();
    bool written = false;
    GOVHARVEST_RETURN_IF_ERROR(Put(std::move(c), std::move(body), &written));
    // Revisits may resolve to this payload only when the archive holds it:
    // the capture may have been refused, or left as archived with other
    // bytes (same URL and time).
    if (has_payload && archive->HasBlob(digest)) {
      digest_by_record_id[r.Field("WARC-Record-ID")] = digest;
      const std::string warc_digest = r.Field("WARC-Payload-Digest");
      if (!warc_digest.empty()) digest_by_warc_digest[warc_digest] = digest;
    }
    return Status::Ok();
  }

  // The archive digest a revisit refers to, or "".
  std::string ResolveRevisit(const WarcRecord& r, const CaptureRecord& own) const {
    if (IsPayloadDigest(own.payload_digest) && archive->HasBlob(own.payload_digest)) return own.payload_digest;
    if (auto it = digest_by_record_id.find(r.Field("WARC-Refers-To")); it != digest_by_record_id.end()) {
      return it->second;
    }
    const std::string warc_digest = r.Field("WARC-Payload-Digest");
    if (auto it = digest_by_warc_digest.find(warc_digest); it != digest_by_warc_digest.end()) return it->second;
    const std::string sha256 = ArchiveDigestFromWarc(warc_digest);
    if (!sha256.empty() && archive->HasBlob(sha256)) return sha256;
    std::string target = r.Field("WARC-Refers-To-Target-URI");
    if (target.size() >= 2 && target.front() == '<') target = target.substr(1, target.size() - 2);
    TimestampUs when = 0;
    if (!target.empty() && ParseTimestamp(r.Field("WARC-Refers-To-Date"), &when).ok()) {
      std::vector<CaptureRecord> earlier;
      if (archive->GetCaptures(target, &earlier).ok()) {
        for (const auto& e : earlier) {
          // WARC-Dates may have whole seconds only.
          if (!e.payload_digest.empty() && e.fetched_at / 1000000 == when / 1000000) return e.payload_digest;
        }
      }
    }
    return "";
  }

  Status ImportRevisit(const HeldRecord& held) {
    const WarcRecord& r = held.record;
    current_file = held.file;
    current_offset = r.offset;
    CaptureRecord c;
    std::string headers_only;
    if (!BuildCapture(held.file, r, &c, &headers_only)) return Status::Ok();
    if (!ApplyCaptureJson(held.file, r, &c)) return Status::Ok();
    const std::string digest = ResolveRevisit(r, c);
    if (digest.empty()) {
      counts.unresolved_revisits += 1;
      Problem(held.file, r.offset,
              "revisit of " + r.TargetUri() + ": the payload it refers to is neither in the files read nor in "
              "the archive; skipped");
      return Status::Ok();
    }
    std::string payload;
    Status s = archive->GetBlob(digest, &payload);
    if (s.IsNotFound()) {  // resolved by a record whose payload was not archived
      counts.unresolved_revisits += 1;
      Problem(held.file, r.offset, "revisit of " + r.TargetUri() + ": its payload " + digest +
                                       " is not in the archive; skipped");
      return Status::Ok();
    }
    GOVHARVEST_RETURN_IF_ERROR(s);
    if (c.http_status == 304 && c.outcome == "ok") c.outcome = "not_modified";
    c.source = Source(held.file, r.offset);
    c.job_id = job_id;
    bool written = false;
    if (c.outcome == "ok" || c.outcome == "blocked_challenge") {
      c.payload_digest.clear();
      GOVHARVEST_RETURN_IF_ERROR(Put(std::move(c), std::move(payload), &written));
    } else {
      c.payload_digest = digest;
      c.size = static_cast<int64_t>(payload.size());
      GOVHARVEST_RETURN_IF_ERROR(Put(std::move(c), std::string(), &written));
    }
    if (written) counts.revisits_resolved += 1;
    return Status::Ok();
  }

  Status ImportPayloadless(const HeldRecord& held) {
    current_file = held.file;
    current_offset = held.record.offset;
    CaptureRecord c;
    Status s = CaptureRecord::FromJson(CaptureJsonOf(held.record), &c);
    if (!s.ok()) {
      Problem(held.file, held.record.offset, "govharvest capture record is unreadable: " + s.message());
      return Status::Ok();
    }
    if (!c.payload_digest.empty() || c.outcome == "ok") {
      Problem(held.file, held.record.offset, "capture record of " + c.requested_url +
                                                 " names a payload but no response record carries it");
      return Status::Ok();
    }
    c.source = Source(held.file, held.record.offset);
    c.job_id = job_id;
    bool written = false;
    return Put(std::move(c), std::string(), &written);
  }
};

WarcImporter::WarcImporter(Archive* archive, std::string job_id, const WarcImportOptions& options)
    : state_(std::make_unique<State>()) {
  state_->archive = archive;
  state_->job_id = std::move(job_id);
  state_->max_body_bytes = std::max<int64_t>(options.max_body_bytes, 0);
  state_->max_held_bytes = std::max<int64_t>(options.max_held_bytes, 0);
}

WarcImporter::~WarcImporter() = default;

Status WarcImporter::AddFile(const std::string& path) {
  State& st = *state_;
  std::error_code ec;
  std::string file = std::filesystem::absolute(path, ec).lexically_normal().string();
  if (ec) file = path;
  // A record's block is its payload plus WARC and HTTP headers.
  WarcReadOptions read_options;
  read_options.max_record_bytes =
      st.max_body_bytes > std::numeric_limits<int64_t>::max() - kWarcHeadAllowanceBytes
          ? std::numeric_limits<int64_t>::max()
          : st.max_body_bytes + kWarcHeadAllowanceBytes;
  // Pass 1: requests, our metadata records and revisits (all small).
  std::vector<WarcProblem> problems;
  GOVHARVEST_RETURN_IF_ERROR(ReadWarcFile(
      path, read_options,
      [&](const WarcRecord& r) {
        st.counts.records += 1;
        st.Remember(file, r);
        return true;
      },
      &problems));
  for (const auto& p : problems) {
    if (p.too_large) {
      st.Problem(file, p.offset, p.message);
      st.counts.too_large += 1;
    } else {
      st.Problem(file, p.offset, "malformed record skipped: " + p.message);
      st.counts.malformed += 1;
    }
  }
  st.counts.files += 1;

  // Pass 2: responses and resources, each its own batch.
  problems.clear();  // the same as pass 1's, reported once
  Status write_status;
  GOVHARVEST_RETURN_IF_ERROR(ReadWarcFile(
      path, read_options,
      [&](const WarcRecord& r) {
        const std::string type = r.Type();
        if (type == "response" || type == "resource") {
          write_status = st.ImportMain(file, r);
          return write_status.ok();
        }
        if (type != "revisit" && !(type == "metadata" && !CaptureJsonOf(r).empty())) {
          st.counts.skipped[type] += 1;
        }
        return true;
      },
      &problems));
  return write_status;
}

Status WarcImporter::Finish() {
  State& st = *state_;
  for (const auto& held : st.revisits) GOVHARVEST_RETURN_IF_ERROR(st.ImportRevisit(held));
  for (const auto& held : st.payloadless) GOVHARVEST_RETURN_IF_ERROR(st.ImportPayloadless(held));
  st.revisits.clear();
  st.payloadless.clear();
  return Status::Ok();
}

const WarcImportCounts& WarcImporter::counts() const { return state_->counts; }
const std::vector<WarcImportProblem>& WarcImporter::problems() const { return state_->problems; }

}  // namespace govharvest
