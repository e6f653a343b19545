// Writing the archive as WARC/1.1 files and a CDXJ index.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>

#include "export/warc.h"
#include "export/warc_internal.h"

namespace govharvest {

namespace {

namespace fs = std::filesystem;
using warc_internal::GzipMember;

constexpr char kRevisitProfile[] = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest";
constexpr char kConformsTo[] = "http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/";
// Content-Type of the metadata record that carries each capture record.
constexpr char kFieldsType[] = "application/warc-fields";

// Headers whose values describe the bytes on the wire, not the decoded
// payload the archive keeps; written with this prefix instead.
constexpr char kOrigPrefix[] = "X-Archive-Orig-";

const char* ReasonPhrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 410: return "Gone";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    default: return "";
  }
}

// CR and LF would end a header line; they never occur in what libcurl hands
// over, but a value must not be able to forge a field.
std::string OneLine(std::string_view value) {
  std::string out(value);
  for (char& c : out) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  return out;
}

// "<urn:uuid:...>" from the SHA-256 of `seed`: version 8 (custom), RFC 4122
// variant. Same seed, same id.
std::string RecordId(std::string_view seed) {
  const std::string raw = warc_internal::HexToRaw(std::string_view(PayloadDigest(seed)).substr(7));
  unsigned char b[16];
  for (int i = 0; i < 16; ++i) b[i] = static_cast<unsigned char>(raw[static_cast<size_t>(i)]);
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x80);
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);
  char out[64];
  std::snprintf(out, sizeof(out),
                "<urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x>", b[0], b[1],
                b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
  return out;
}

// The payload digest of a capture in WARC form.
std::string WarcDigestOfCapture(const CaptureRecord& c) {
  return "sha256:" +
         warc_internal::Base32(warc_internal::HexToRaw(std::string_view(c.payload_digest).substr(7)));
}

// 14-digit CDX timestamp.
std::string CdxTimestamp(TimestampUs t) {
  std::string s = FormatTimestamp(t);  // 2021-03-01T02:00:00.000000Z
  std::string out;
  for (char c : s.substr(0, 19)) {
    if (c >= '0' && c <= '9') out.push_back(c);
  }
  return out;
}

// One record before serialisation.
struct PendingRecord {
  std::string type;
  std::string id;
  std::string date;
  std::string target_uri;
  std::vector<HttpHeader> extra;  // fields between the target URI and the digests
  std::string content_type;
  std::string block;
  std::string payload_digest;  // "" for none
  // CDXJ fields for indexed records (response, revisit, resource).
  bool indexed = false;
  nlohmann::ordered_json cdx;       // in warcio.js's field order
  nlohmann::ordered_json cdx_tail;  // fields after "filename" (method, requestBody)
  std::string cdx_key;
};

std::string Serialize(const PendingRecord& r) {
  std::string out = "WARC/1.1\r\n";
  auto field = [&](std::string_view name, std::string_view value) {
    out.append(name).append(": ").append(OneLine(value)).append("\r\n");
  };
  field("WARC-Type", r.type);
  field("WARC-Record-ID", r.id);
  field("WARC-Date", r.date);
  if (!r.target_uri.empty()) field("WARC-Target-URI", r.target_uri);
  for (const auto& h : r.extra) field(h.name, h.value);
  field("WARC-Block-Digest", WarcSha256(r.block));
  if (!r.payload_digest.empty()) field("WARC-Payload-Digest", r.payload_digest);
  field("Content-Type", r.content_type);
  field("Content-Length", std::to_string(r.block.size()));
  out += "\r\n";
  out += r.block;
  out += "\r\n\r\n";
  return out;
}

// Status line and headers of a capture's response, as they apply to the
// decoded payload: wire-level headers are kept under X-Archive-Orig-.
std::string ResponseHead(const CaptureRecord& c, bool with_length) {
  std::string head = "HTTP/1.1 " + std::to_string(c.http_status);
  const char* reason = ReasonPhrase(c.http_status);
  head += " ";
  head += reason;
  head += "\r\n";
  for (const auto& h : c.response_headers) {
    std::string lower = h.name;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char ch) { return std::tolower(ch); });
    const bool wire = lower == "content-encoding" || lower == "transfer-encoding" || lower == "content-length";
    head += (wire ? kOrigPrefix : "") + OneLine(h.name) + ": " + OneLine(h.value) + "\r\n";
  }
  if (with_length) head += "Content-Length: " + std::to_string(c.size) + "\r\n";
  head += "\r\n";
  return head;
}

// Request line and the headers that can be reconstructed from the capture.
std::string RequestBlock(const CaptureRecord& c, const std::string& uri) {
  const size_t scheme_end = uri.find("://");
  const size_t host_start = scheme_end == std::string::npos ? 0 : scheme_end + 3;
  const size_t path_start = uri.find_first_of("/?#", host_start);
  std::string host = uri.substr(host_start, path_start == std::string::npos ? std::string::npos
                                                                             : path_start - host_start);
  std::string target = path_start == std::string::npos ? "/" : uri.substr(path_start);
  const size_t hash = target.find('#');
  if (hash != std::string::npos) target.resize(hash);
  if (target.empty() || target[0] == '?') target = "/" + target;
  std::string block = OneLine(c.method) + " " + OneLine(target) + " HTTP/1.1\r\nHost: " + OneLine(host) + "\r\n";
  if (c.method == "POST") {
    block += "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
             std::to_string(c.request_body.size()) + "\r\n";
  }
  block += "\r\n" + c.request_body;
  return block;
}

// %XX escapes of bytes >= 0x80 turned back into the bytes: warcio.js decodes
// a form body before keying it, and SurtKey re-escapes them upper-case.
std::string DecodeNonAsciiEscapes(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      const std::string raw = warc_internal::HexToRaw(text.substr(i + 1, 2));
      if (raw.size() == 1 && static_cast<unsigned char>(raw[0]) >= 0x80) {
        out += raw;
        i += 2;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

bool IsHttpUri(std::string_view uri) { return uri.starts_with("http://") || uri.starts_with("https://"); }

// Where a payload was first written in this export.
struct FirstResponse {
  std::string id;
  std::string uri;
  std::string date;
};

// Output files, rolled by size. Invariant: every open file starts with its
// warcinfo record, and a capture's records never straddle two files.
class WarcFiles {
 public:
  WarcFiles(const WarcExportOptions& options, WarcExportResult* result) : options_(options), result_(result) {}

  // Appends a capture's records; opens or rolls files as needed.
  Status AppendGroup(std::vector<PendingRecord>& records, TimestampUs first_date,
                     std::vector<std::string>* cdxj) {
    std::vector<std::string> members(records.size());
    int64_t group_bytes = 0;
    for (size_t i = 0; i < records.size(); ++i) {
      GOVHARVEST_RETURN_IF_ERROR(GzipMember(Serialize(records[i]), &members[i]));
      group_bytes += static_cast<int64_t>(members[i].size());
    }
    if (out_ && bytes_in_file_ > warcinfo_bytes_ && bytes_in_file_ + group_bytes > options_.max_file_bytes) {
      GOVHARVEST_RETURN_IF_ERROR(Close());
    }
    if (!out_) GOVHARVEST_RETURN_IF_ERROR(OpenNext(first_date));
    for (size_t i = 0; i < records.size(); ++i) {
      PendingRecord& r = records[i];
      if (r.indexed) {
        r.cdx["length"] = std::to_string(members[i].size());
        r.cdx["offset"] = std::to_string(bytes_in_file_);
        r.cdx["filename"] = name_;
        for (const auto& [k, v] : r.cdx_tail.items()) r.cdx[k] = v;
        cdxj->push_back(r.cdx_key + " " + r.cdx.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
      }
      GOVHARVEST_RETURN_IF_ERROR(Write(members[i]));
      result_->records[r.type] += 1;
    }
    return Status::Ok();
  }

  Status Close() {
    if (!out_) return Status::Ok();
    out_->close();
    const bool failed = out_->fail();
    out_.reset();
    if (failed) return Status::IoError("cannot write '" + path_ + "'");
    return Status::Ok();
  }

 private:
  Status OpenNext(TimestampUs date) {
    char name[64];
    std::snprintf(name, sizeof(name), "-%05d.warc.gz", next_index_++);
    name_ = options_.file_prefix + name;
    path_ = (fs::path(options_.dir) / name_).string();
    out_ = std::make_unique<std::ofstream>(path_, std::ios::binary | std::ios::trunc);
    if (!*out_) return Status::IoError("cannot create '" + path_ + "'");
    result_->files.push_back(name_);
    bytes_in_file_ = 0;

    PendingRecord info;
    info.type = "warcinfo";
    info.date = FormatTimestamp(date);
    info.extra.push_back({"WARC-Filename", name_});
    info.content_type = kFieldsType;
    info.block = "software: " + options_.software + "\r\nformat: WARC File Format 1.1\r\nconformsTo: " +
                 kConformsTo +
                 "\r\ndescription: captures exported from a govharvest archive; one metadata record per "
                 "capture carries its govharvest capture record (govharvest-capture field, JSON)\r\n";
    info.id = RecordId("warcinfo\n" + name_ + "\n" + info.date + "\n" + info.block);
    std::string member;
    GOVHARVEST_RETURN_IF_ERROR(GzipMember(Serialize(info), &member));
    GOVHARVEST_RETURN_IF_ERROR(Write(member));
    warcinfo_bytes_ = bytes_in_file_;
    result_->records["warcinfo"] += 1;
    return Status::Ok();
  }

  Status Write(const std::string& bytes) {
    out_->write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!*out_) return Status::IoError("cannot write '" + path_ + "'");
    bytes_in_file_ += static_cast<int64_t>(bytes.size());
    return Status::Ok();
  }

  const WarcExportOptions& options_;
  WarcExportResult* result_;
  std::unique_ptr<std::ofstream> out_;
  std::string name_;
  std::string path_;
  int next_index_ = 0;
  int64_t bytes_in_file_ = 0;
  int64_t warcinfo_bytes_ = 0;
};

std::string CdxMime(const std::vector<HttpHeader>& headers, const std::string& fallback) {
  std::string ct = FindHeader(headers, "Content-Type");
  if (ct.empty()) return fallback;
  ct = ct.substr(0, ct.find(';'));
  while (!ct.empty() && ct.back() == ' ') ct.pop_back();
  while (!ct.empty() && ct.front() == ' ') ct.erase(0, 1);
  return ct;
}

}  // namespace

Status WriteWarcExport(const Archive& archive, const WarcExportOptions& options, WarcExportResult* result) {
  *result = WarcExportResult();
  if (options.max_file_bytes <= 0) return Status::InvalidArgument("max_file_bytes must be positive");
  std::error_code ec;
  fs::create_directories(options.dir, ec);
  if (ec) return Status::IoError("cannot create '" + options.dir + "': " + ec.message());

  // Capture keys sort by (requested URL, NUL, time): the export order.
  std::vector<CaptureRecord> captures;
  GOVHARVEST_RETURN_IF_ERROR(archive.ForEachCapture([&](const CaptureRecord& c) {
    if (!options.include || options.include(c)) captures.push_back(c);
    return true;
  }));
  std::stable_sort(captures.begin(), captures.end(), [](const CaptureRecord& a, const CaptureRecord& b) {
    if (a.requested_url != b.requested_url) return a.requested_url < b.requested_url;
    return a.fetched_at < b.fetched_at;
  });

  WarcFiles files(options, result);
  std::unordered_map<std::string, FirstResponse> first_by_digest;
  std::set<std::string> jobs;
  std::vector<std::string> cdxj;
  for (const CaptureRecord& c : captures) {
    result->captures += 1;
    if (!c.job_id.empty()) jobs.insert(c.job_id);
    const std::string date = FormatTimestamp(c.fetched_at);
    const std::string capture_key = c.requested_url + '\0' + std::to_string(c.fetched_at);
    const std::string capture_json = c.ToJson();
    std::vector<PendingRecord> group;

    if (c.payload_digest.empty()) {
      // No payload (out of scope, robots, errors): the capture record only.
      result->without_payload[c.outcome] += 1;
      PendingRecord meta;
      meta.type = "metadata";
      meta.date = date;
      meta.target_uri = c.requested_url;
      meta.content_type = kFieldsType;
      meta.block = "govharvest-capture: " + capture_json + "\r\n";
      meta.id = RecordId("metadata\n" + capture_key + "\n" + meta.block);
      group.push_back(std::move(meta));
      GOVHARVEST_RETURN_IF_ERROR(files.AppendGroup(group, c.fetched_at, &cdxj));
      continue;
    }

    const std::string uri = c.final_url.empty() ? c.requested_url : c.final_url;
    const bool http = c.http_status > 0 && IsHttpUri(uri);
    const std::string warc_digest = WarcDigestOfCapture(c);
    auto first = first_by_digest.find(c.payload_digest);
    const bool not_modified = c.outcome == "not_modified";

    PendingRecord main;
    main.date = date;
    main.target_uri = uri;
    main.payload_digest = warc_digest;
    main.indexed = true;
    main.cdx_key = SurtKey(uri);
    if (http && c.method == "POST") {
      // As pywb and warcio.js key POSTs: the form body appended to the query.
      main.cdx_key = SurtKey(uri + (uri.find('?') == std::string::npos ? "?" : "&") + "__wb_method=post&" +
                             DecodeNonAsciiEscapes(c.request_body));
      main.cdx_tail = {{"method", "POST"}, {"requestBody", c.request_body}};
    }
    main.cdx_key += " " + CdxTimestamp(c.fetched_at);
    main.cdx = nlohmann::ordered_json::object();
    main.cdx["url"] = uri;

    if (not_modified || first != first_by_digest.end()) {
      main.type = "revisit";
      main.extra.push_back({"WARC-Profile", kRevisitProfile});
      if (first != first_by_digest.end()) {
        main.extra.push_back({"WARC-Refers-To", first->second.id});
        main.extra.push_back({"WARC-Refers-To-Target-URI", first->second.uri});
        main.extra.push_back({"WARC-Refers-To-Date", first->second.date});
      } else {
        result->unresolved_not_modified += 1;
      }
      if (http) {
        main.content_type = "application/http; msgtype=response";
        main.block = ResponseHead(c, /*with_length=*/false);
      } else {
        main.content_type = c.content_type.empty() ? "application/octet-stream" : c.content_type;
      }
      main.cdx["mime"] = "warc/revisit";
      if (http) main.cdx["status"] = std::to_string(c.http_status);
    } else {
      std::string payload;
      const Status blob = archive.GetBlob(c.payload_digest, &payload);
      if (blob.IsCorruption()) {
        result->captures -= 1;
        result->damaged_captures.push_back(c.requested_url + " @" + date + ": " + blob.message());
        continue;
      }
      GOVHARVEST_RETURN_IF_ERROR(blob);
      if (http) {
        main.type = "response";
        main.content_type = "application/http; msgtype=response";
        main.block = ResponseHead(c, /*with_length=*/true) + payload;
        main.cdx["mime"] = CdxMime(c.response_headers, c.content_type);
        main.cdx["status"] = std::to_string(c.http_status);
      } else {
        main.type = "resource";
        main.content_type = c.content_type.empty() ? "application/octet-stream" : c.content_type;
        main.block = std::move(payload);
        main.cdx["mime"] = main.content_type;
      }
    }
    main.cdx["digest"] = warc_digest.substr(7);
    main.id = RecordId(main.type + "\n" + capture_key + "\n" + WarcSha256(main.block));
    if (main.type != "revisit") first_by_digest[c.payload_digest] = {main.id, uri, date};

    const std::string main_id = main.id;
    group.push_back(std::move(main));
    if (http) {
      PendingRecord request;
      request.type = "request";
      request.date = date;
      request.target_uri = uri;
      request.extra.push_back({"WARC-Concurrent-To", main_id});
      request.content_type = "application/http; msgtype=request";
      request.block = RequestBlock(c, uri);
      request.id = RecordId("request\n" + capture_key + "\n" + request.block);
      group.push_back(std::move(request));
    }
    PendingRecord meta;
    meta.type = "metadata";
    meta.date = date;
    meta.target_uri = uri;
    meta.extra.push_back({"WARC-Concurrent-To", main_id});
    meta.content_type = kFieldsType;
    meta.block = "govharvest-capture: " + capture_json + "\r\n";
    meta.id = RecordId("metadata\n" + capture_key + "\n" + meta.block);
    group.push_back(std::move(meta));
    GOVHARVEST_RETURN_IF_ERROR(files.AppendGroup(group, c.fetched_at, &cdxj));
  }
  GOVHARVEST_RETURN_IF_ERROR(files.Close());

  std::sort(cdxj.begin(), cdxj.end());
  const std::string index_path = (fs::path(options.dir) / "index.cdxj").string();
  {
    std::ofstream index(index_path, std::ios::binary | std::ios::trunc);
    for (const auto& line : cdxj) index << line << "\n";
    index.close();
    if (index.fail()) return Status::IoError("cannot write '" + index_path + "'");
  }
  result->files.push_back("index.cdxj");
  result->cdxj_lines = static_cast<int64_t>(cdxj.size());
  result->job_ids.assign(jobs.begin(), jobs.end());
  return Status::Ok();
}

}  // namespace govharvest
