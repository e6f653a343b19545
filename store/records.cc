#include "store/records.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <nlohmann/json.hpp>

namespace govharvest {

using nlohmann::json;

namespace {

constexpr std::string_view kDigestPrefix = "sha256:";

// Timestamps appear twice in JSON: as RFC 3339 text for people and tools, and
// as integer microseconds, which is what is read back (exact round trip).
void PutTime(json& j, const char* name, TimestampUs t) {
  j[name] = FormatTimestamp(t);
  j[std::string(name) + "_us"] = t;
}

// Reads `name` from `j` when present; fails naming the field on a wrong type.
template <typename T>
Status Read(const json& j, const char* name, T* out) {
  auto it = j.find(name);
  if (it == j.end() || it->is_null()) return Status::Ok();
  try {
    *out = it->get<T>();
  } catch (const json::exception&) {
    return Status::Corruption(std::string("field '") + name + "' has the wrong type");
  }
  return Status::Ok();
}

Status ReadTime(const json& j, const char* name, TimestampUs* out) {
  return Read(j, (std::string(name) + "_us").c_str(), out);
}

Status Parse(std::string_view text, const char* what, json* out) {
  *out = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (out->is_discarded() || !out->is_object()) {
    return Status::Corruption(std::string(what) + " is not a JSON object");
  }
  return Status::Ok();
}

}  // namespace

bool IsValidOutcome(std::string_view o) {
  if (o == "ok" || o == "not_modified" || o == "robots_denied" || o == "blocked_challenge" ||
      o == "out_of_scope") {
    return true;
  }
  constexpr std::string_view kError = "error:";
  if (o.substr(0, kError.size()) != kError || o.size() == kError.size()) return false;
  for (char c : o.substr(kError.size())) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

std::string FindHeader(const std::vector<HttpHeader>& headers, std::string_view name) {
  for (const auto& h : headers) {
    if (h.name.size() == name.size() &&
        std::equal(h.name.begin(), h.name.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
        })) {
      return h.value;
    }
  }
  return "";
}

std::string MediaType(std::string_view content_type) {
  std::string t(content_type.substr(0, content_type.find(';')));
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.pop_back();
  std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return std::tolower(c); });
  return t;
}

std::string PayloadDigest(std::string_view bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
  EVP_DigestUpdate(ctx.get(), bytes.data(), bytes.size());
  EVP_DigestFinal_ex(ctx.get(), md, &len);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(kDigestPrefix);
  out.reserve(kDigestPrefix.size() + 2 * len);
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(kHex[md[i] >> 4]);
    out.push_back(kHex[md[i] & 0xf]);
  }
  return out;
}

bool IsPayloadDigest(std::string_view text) {
  if (text.size() != kDigestPrefix.size() + 64 || text.substr(0, kDigestPrefix.size()) != kDigestPrefix) {
    return false;
  }
  for (char c : text.substr(kDigestPrefix.size())) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::string CaptureRecord::ToJson() const {
  json j;
  j["requested_url"] = requested_url;
  j["method"] = method;
  if (!request_body.empty()) j["request_body"] = request_body;
  j["final_url"] = final_url;
  json hops = json::array();
  for (const auto& h : redirects) hops.push_back({{"url", h.url}, {"status", h.status}});
  j["redirects"] = std::move(hops);
  j["http_status"] = http_status;
  json headers = json::array();
  for (const auto& h : response_headers) headers.push_back({h.name, h.value});
  j["response_headers"] = std::move(headers);
  PutTime(j, "fetched_at", fetched_at);
  j["duration_us"] = duration_us;
  j["payload_digest"] = payload_digest;
  j["size"] = size;
  j["content_type"] = content_type;
  j["charset"] = {{"header", charset_header}, {"meta", charset_meta}, {"used", charset_used}};
  j["job_id"] = job_id;
  j["outcome"] = outcome;
  if (!error_detail.empty()) j["error_detail"] = error_detail;
  j["source"] = source;
  if (!via.empty()) j["via"] = via;
  if (!site.empty()) j["site"] = site;
  if (!role.empty()) j["role"] = role;
  if (listed_year != 0) j["listed_year"] = listed_year;
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Status CaptureRecord::FromJson(std::string_view text, CaptureRecord* out) {
  json j;
  GOVHARVEST_RETURN_IF_ERROR(Parse(text, "capture record", &j));
  CaptureRecord r;
  GOVHARVEST_RETURN_IF_ERROR(Read(j, "requested_url", &r.requested_url));
  GOVHARVEST_RETURN_IF_ERROR(Read(j, "method", &r.method));
  GOVHARVEST_RETURN_IF_ERROR(Read(j, "request_body", &r.request_body));
  GOVHARVEST_RETURN_IF_ERROR(Read(j, "final_url", &r.final_url));
  if (auto it = j.find("redirects"); it != j.end() && it->is_array()) {
    for (const auto& h : *it) {
      RedirectHop hop;
      GOVHARVEST_RETURN_IF_ERROR(Read(h, "url", &hop.url));
      GOVHARVEST_RETURN_IF_ERROR(Read(h, "status", &hop.status));
      r.redirects.push_back(std::move(hop));
    }
  }
  GOVHARVEST_RETURN_IF_ERROR(Read(j, "http_status", &r.http_status));
  if (auto it = j.find("response_headers"); it != j.end() && it->is_array()) {
    for (const auto& h : *it) {
      if (!h.is_array() || h.size() != 2 || !h[0].is_string() || !h[1].is_string()) {
        return Status::Corruption("field 'response_headers' holds a malformed header");
      }
      r.response_headers.push_back({h[0].get<std::string>(), h[1].get<std::string>()});
    }
  }
  GOVHARVEST_RETURN_IF_ERROR(ReadTime(j, "fetched_at", &r.fetched_at));
  GOVHARVEST_RETURN_IF_ERROR(Read(j, "duration_us", &r.duration_us));
  GOVHARVEST_RETURN_IF_ERROR(Read(j, "payload_digest", &r.payload_digest));
  GOVHARVEST_RETURN_IF_ERROR(Read(j, "size", &r.size));
  GOVHARVEST_RETURN_IF_ERROR(Read(j, "content_type", &r.content_type));
  if (auto it = j.find("charset"); it != j.end() && it->is_object()) {
    GOVHARVEST_RETURN_IF_ERROR(Read(*it, "header", &r.charset_header));
    GOVHARVEST_RETURN_IF_ERROR(Read(*it, "meta", &r.charset_meta));
    GOVHARVEST_RETURN_IF_ERROR(Read(*it, "used", &r.charset_used));
  }
  GOVHARVEST_RETURN_IF_ERROR(Read(j, "job_id", &r.job_id));
  GOVHARVEST_RETURN_IF_ERROR(Read(j, "outcome", &r.outcome));
  GOVHARVEST_RETURN_IF_ERROR(Read(j, "error_detail", &r.error_detail));
  GOVHARVEST_RETURN_IF_ERROR(Read(j, "source", &r.source));
  GOVHARVEST_RETURN_IF_ERROR(Read(j, "via", &r.via));
  GOVHARVEST_RETURN_IF_ERROR(Read(j, "site", &r.site));
  GOVHARVEST_RETURN_IF_ERROR(Read(j, "role", &r.role));
  GOVHARVEST_RETURN_IF_ERROR(Read(j, "listed_year", &r.listed_year));
  if (!IsValidOutcome(r.outcome)) {
    return Status::Corruption("capture record has unknown outcome '" + r.outcome + "'");
  }
  *out = std::move(r);
  return Status::Ok();
}

std::string UrlState::ToJson() const {
  json j;
  j["url"] = url;
  PutTime(j, "last_capture_at", last_capture_at);
  j["last_outcome"] = last_outcome;
  j["etag"] = etag;
  j["last_modified"] = last_modified;
  j["payload_digest"] = payload_digest;
  PutTime(j, "next_due_at", next_due_at);
  j["consecutive_failures"] = consecutive_failures;
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Status UrlState::FromJson(std::string_view text, UrlState* out) {
  json j;
  GOVHARVEST_RETURN_IF_ERROR(Parse(text, "url state", &j));
  UrlState s;
  GOVHARVEST_RETURN_IF_ERROR(Read(j, "url", &s.url));
  GOVHARVEST_RETURN_IF_ERROR(ReadTime(j, "last_capture_at", &s.last_capture_at));
  GOVHARVEST_RETURN_IF_ERROR(Read(j, "last_outcome", &s.last_outcome));
  GOVHARVEST_RETURN_IF_ERROR(Read(j, "etag", &s.etag));
  GOVHARVEST_RETURN_IF_ERROR(Read(j, "last_modified", &s.last_modified));
  GOVHARVEST_RETURN_IF_ERROR(Read(j, "payload_digest", &s.payload_digest));
  GOVHARVEST_RETURN_IF_ERROR(ReadTime(j, "next_due_at", &s.next_due_at));
  GOVHARVEST_RETURN_IF_ERROR(Read(j, "consecutive_failures", &s.consecutive_failures));
  *out = std::move(s);
  return Status::Ok();
}

std::string JobRecord::ToJson() const {
  json j;
  j["id"] = id;
  j["kind"] = kind;
  PutTime(j, "started_at", started_at);
  PutTime(j, "ended_at", ended_at);
  json options = json::parse(options_json, nullptr, false);
  j["options"] = options.is_discarded() ? json::object() : options;
  j["counters"] = counters;
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Status JobRecord::FromJson(std::string_view text, JobRecord* out) {
  json j;
  GOVHARVEST_RETURN_IF_ERROR(Parse(text, "job record", &j));
  JobRecord r;
  GOVHARVEST_RETURN_IF_ERROR(Read(j, "id", &r.id));
  GOVHARVEST_RETURN_IF_ERROR(Read(j, "kind", &r.kind));
  GOVHARVEST_RETURN_IF_ERROR(ReadTime(j, "started_at", &r.started_at));
  GOVHARVEST_RETURN_IF_ERROR(ReadTime(j, "ended_at", &r.ended_at));
  if (auto it = j.find("options"); it != j.end()) r.options_json = it->dump();
  GOVHARVEST_RETURN_IF_ERROR(Read(j, "counters", &r.counters));
  *out = std::move(r);
  return Status::Ok();
}

}  // namespace govharvest
