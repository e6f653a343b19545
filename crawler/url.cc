// URL canonicalization and resolution on top of libcurl's URL API.
//
// libcurl parses and resolves; this file does what libcurl does not:
//   * rejects everything but absolute http/https results;
//   * cleans the raw reference first (surrounding whitespace, embedded
//     tab/CR/LF, '\' before the query treated as '/', bytes that may not
//     appear in a URL percent-encoded with upper-case hex) so that libcurl
//     never needs CURLU_URLENCODE (which writes lower-case hex and turns
//     spaces in the query into '+', changing their meaning);
//   * resolves empty and fragment-only references itself (libcurl 7.88
//     resolves them to the base's directory, not to the base document);
//   * lower-cases the host, drops the default port and the fragment,
//     normalizes percent-encoding and removes dot segments once more after
//     decoding (so "%2E%2E" segments are resolved too).

#include "crawler/url.h"

#include <curl/curl.h>
#include <libpsl.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace govharvest {

namespace {

struct CurlUrlDeleter {
  void operator()(CURLU* h) const { curl_url_cleanup(h); }
};
using CurlUrlPtr = std::unique_ptr<CURLU, CurlUrlDeleter>;

struct CurlStringDeleter {
  void operator()(char* p) const { curl_free(p); }
};
using CurlString = std::unique_ptr<char, CurlStringDeleter>;

// The URL as it should appear in an error message: whole unless huge
// (a data: URL may be megabytes long).
std::string ForMessage(std::string_view url) {
  constexpr size_t kMax = 200;
  if (url.size() <= kMax) return std::string(url);
  return std::string(url.substr(0, kMax)) + "...";
}

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string AsciiLowerString(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = AsciiLower(c);
  return out;
}

// RFC 3986 "unreserved".
bool IsUnreserved(unsigned char c) {
  return IsAsciiAlpha(static_cast<char>(c)) || IsAsciiDigit(static_cast<char>(c)) || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

// RFC 3986 "reserved" (gen-delims and sub-delims).
bool IsReserved(unsigned char c) {
  switch (c) {
    case ':': case '/': case '?': case '#': case '[': case ']': case '@':
    case '!': case '$': case '&': case '\'': case '(': case ')':
    case '*': case '+': case ',': case ';': case '=':
      return true;
    default:
      return false;
  }
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendPercentEncoded(unsigned char c, std::string* out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out->push_back('%');
  out->push_back(kHex[c >> 4]);
  out->push_back(kHex[c & 0xF]);
}

// A byte that may never appear literally in a URL (RFC 3986): controls,
// space, non-ASCII and the "unwise" ASCII characters. '%', '#', '[' and ']'
// are not in this set: they have a meaning to the parser.
bool MustEncode(unsigned char c) {
  if (c <= 0x20 || c >= 0x7F) return true;
  switch (c) {
    case '"': case '<': case '>': case '\\': case '^': case '`': case '{': case '|': case '}':
      return true;
    default:
      return false;
  }
}

// Length of the RFC 3986 scheme at the start of `ref` (excluding ':'), or 0.
size_t SchemeLength(std::string_view ref) {
  if (ref.empty() || !IsAsciiAlpha(ref[0])) return 0;
  for (size_t i = 1; i < ref.size(); ++i) {
    char c = ref[i];
    if (c == ':') return i;
    if (!IsAsciiAlpha(c) && !IsAsciiDigit(c) && c != '+' && c != '-' && c != '.') return 0;
  }
  return 0;
}

// Cleans a raw reference as a browser would before parsing: strips leading
// and trailing C0 controls and spaces, removes tab/CR/LF anywhere, treats '\'
// before the query or fragment as '/', and percent-encodes (upper-case hex)
// every byte that must be encoded outside the authority. The authority
// (which may hold an IDN host) is left for libcurl to judge.
std::string CleanReference(std::string_view ref) {
  while (!ref.empty() && static_cast<unsigned char>(ref.front()) <= 0x20) ref.remove_prefix(1);
  while (!ref.empty() && static_cast<unsigned char>(ref.back()) <= 0x20) ref.remove_suffix(1);

  std::string s;
  s.reserve(ref.size());
  bool in_path = true;  // before the first '?' or '#'
  for (char c : ref) {
    if (c == '\t' || c == '\n' || c == '\r') continue;
    if (c == '?' || c == '#') in_path = false;
    if (c == '\\' && in_path) c = '/';
    s.push_back(c);
  }

  // Find the authority: after "scheme:" (if any) when followed by "//".
  size_t auth_begin = std::string::npos, auth_end = std::string::npos;
  size_t scheme_len = SchemeLength(s);
  size_t after_scheme = scheme_len == 0 ? 0 : scheme_len + 1;
  if (s.compare(after_scheme, 2, "//") == 0) {
    auth_begin = after_scheme + 2;
    auth_end = s.find_first_of("/?#", auth_begin);
    if (auth_end == std::string::npos) auth_end = s.size();
  }

  std::string out;
  out.reserve(s.size() + 16);
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    bool in_authority = auth_begin != std::string::npos && i >= auth_begin && i < auth_end;
    if (!in_authority && MustEncode(c)) {
      AppendPercentEncoded(c, &out);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

// Percent-encoding normalization of a path or query (RFC 3986 6.2.2):
// %XX of an unreserved character is decoded, other %XX get upper-case hex,
// a '%' that starts no valid escape becomes "%25", reserved characters
// (including an encoded "%2F", which stays encoded) keep their form, and
// every other byte is encoded.
std::string NormalizePercentEncoding(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '%') {
      int hi = i + 2 < s.size() ? HexValue(s[i + 1]) : -1;
      int lo = hi >= 0 ? HexValue(s[i + 2]) : -1;
      if (hi < 0 || lo < 0) {
        out += "%25";
        continue;
      }
      unsigned char decoded = static_cast<unsigned char>(hi * 16 + lo);
      if (IsUnreserved(decoded)) {
        out.push_back(static_cast<char>(decoded));
      } else {
        AppendPercentEncoded(decoded, &out);
      }
      i += 2;
    } else if (IsUnreserved(c) || IsReserved(c)) {
      out.push_back(static_cast<char>(c));
    } else {
      AppendPercentEncoded(c, &out);
    }
  }
  return out;
}

// RFC 3986 5.2.4 remove_dot_segments, for an absolute path. Duplicate
// slashes are kept.
std::string RemoveDotSegments(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  while (!in.empty()) {
    if (in.starts_with("../")) {
      in.remove_prefix(3);
    } else if (in.starts_with("./")) {
      in.remove_prefix(2);
    } else if (in.starts_with("/./")) {
      in.remove_prefix(2);  // "/./x" -> "/x"
    } else if (in == "/.") {
      in = "/";
    } else if (in.starts_with("/../") || in == "/..") {
      if (in == "/..") {
        in = "/";
      } else {
        in.remove_prefix(3);  // "/../x" -> "/x"
      }
      size_t last = out.rfind('/');
      out.erase(last == std::string::npos ? 0 : last);
    } else if (in == "." || in == "..") {
      in = {};
    } else {
      size_t start = in[0] == '/' ? 1 : 0;
      size_t next = in.find('/', start);
      if (next == std::string_view::npos) next = in.size();
      out.append(in.substr(0, next));
      in.remove_prefix(next);
    }
  }
  return out;
}

// The parts of a parsed http(s) URL, already normalized.
struct Parsed {
  std::string scheme;    // "http" | "https"
  std::string userinfo;  // "user" or "user:password", or ""
  std::string host;      // lower-case ASCII; IPv6 in brackets
  int port = 0;          // explicit non-default port, or 0
  std::string path;      // starts with '/'
  bool has_query = false;
  std::string query;     // without '?'
};

// Gets a part; false when absent (e.g. no port, no query).
bool GetPart(CURLU* h, CURLUPart part, unsigned flags, std::string* out) {
  char* raw = nullptr;
  CURLUcode rc = curl_url_get(h, part, &raw, flags);
  CurlString holder(raw);
  if (rc != CURLUE_OK || raw == nullptr) return false;
  out->assign(raw);
  return true;
}

// Reads and normalizes the parts of the URL in `h`. `what` names the URL in
// errors.
Status ReadParts(CURLU* h, std::string_view what, Parsed* p) {
  std::string scheme;
  if (!GetPart(h, CURLUPART_SCHEME, 0, &scheme)) {
    return Status::InvalidArgument("URL has no scheme: " + ForMessage(what));
  }
  scheme = AsciiLowerString(scheme);
  if (scheme != "http" && scheme != "https") {
    return Status::InvalidArgument("not an http(s) URL: " + ForMessage(what));
  }
  p->scheme = scheme;

  std::string host;
  if (!GetPart(h, CURLUPART_HOST, 0, &host) || host.empty()) {
    return Status::InvalidArgument("URL has no host: " + ForMessage(what));
  }
  p->host = AsciiLowerString(host);

  std::string user, password;
  p->userinfo.clear();
  if (GetPart(h, CURLUPART_USER, 0, &user)) {
    p->userinfo = user;
    if (GetPart(h, CURLUPART_PASSWORD, 0, &password)) p->userinfo += ":" + password;
  }

  std::string port;
  p->port = 0;
  if (GetPart(h, CURLUPART_PORT, CURLU_NO_DEFAULT_PORT, &port)) {
    // libcurl has checked that the port is a number in 0..65535.
    for (char c : port) p->port = p->port * 10 + (c - '0');
  }

  std::string path;
  if (!GetPart(h, CURLUPART_PATH, 0, &path) || path.empty()) path = "/";
  p->path = RemoveDotSegments(NormalizePercentEncoding(path));
  if (p->path.empty() || p->path[0] != '/') p->path.insert(0, "/");

  std::string query;
  p->has_query = GetPart(h, CURLUPART_QUERY, 0, &query) && !query.empty();
  p->query = p->has_query ? NormalizePercentEncoding(query) : std::string();
  return Status::Ok();
}

// Parses an absolute http(s) URL into `h`.
Status SetAbsolute(CURLU* h, std::string_view url) {
  std::string cleaned = CleanReference(url);
  size_t scheme_len = SchemeLength(cleaned);
  if (scheme_len == 0) {
    return Status::InvalidArgument("not an absolute URL: " + ForMessage(url));
  }
  std::string scheme = AsciiLowerString(std::string_view(cleaned).substr(0, scheme_len));
  if (scheme != "http" && scheme != "https") {
    return Status::InvalidArgument("not an http(s) URL: " + ForMessage(url));
  }
  CURLUcode rc = curl_url_set(h, CURLUPART_URL, cleaned.c_str(), 0);
  if (rc != CURLUE_OK) {
    return Status::InvalidArgument(std::string("malformed URL (") + curl_url_strerror(rc) +
                                   "): " + ForMessage(url));
  }
  return Status::Ok();
}

std::string Format(const Parsed& p) {
  std::string out = p.scheme + "://";
  if (!p.userinfo.empty()) out += p.userinfo + "@";
  out += p.host;
  if (p.port != 0) out += ":" + std::to_string(p.port);
  out += p.path;
  if (p.has_query) out += "?" + p.query;
  return out;
}

Status ParseAbsolute(std::string_view url, Parsed* p) {
  CurlUrlPtr h(curl_url());
  if (!h) return Status::IoError("out of memory parsing URL: " + ForMessage(url));
  GOVHARVEST_RETURN_IF_ERROR(SetAbsolute(h.get(), url));
  return ReadParts(h.get(), url, p);
}

bool IsIpAddress(std::string_view host) {
  if (host.find(':') != std::string_view::npos) return true;  // IPv6
  if (host.empty()) return false;
  for (char c : host) {
    if (!IsAsciiDigit(c) && c != '.') return false;
  }
  return true;  // dotted digits: an IPv4 address (or nothing registrable)
}

}  // namespace

Status CanonicalizeUrl(std::string_view url, std::string* out) {
  Parsed p;
  GOVHARVEST_RETURN_IF_ERROR(ParseAbsolute(url, &p));
  *out = Format(p);
  return Status::Ok();
}

Status ResolveUrl(std::string_view base, std::string_view ref, std::string* out) {
  CurlUrlPtr h(curl_url());
  if (!h) return Status::IoError("out of memory resolving URL: " + ForMessage(ref));
  GOVHARVEST_RETURN_IF_ERROR(SetAbsolute(h.get(), base));

  std::string cleaned = CleanReference(ref);
  size_t scheme_len = SchemeLength(cleaned);
  if (scheme_len != 0) {
    // Absolute reference: libcurl would treat "mailto:x" as a relative path.
    std::string scheme = AsciiLowerString(std::string_view(cleaned).substr(0, scheme_len));
    if (scheme != "http" && scheme != "https") {
      return Status::InvalidArgument("not an http(s) URL: " + ForMessage(ref));
    }
  }
  // Empty and fragment-only references denote the base document itself
  // (RFC 3986 5.2.2); libcurl 7.88 would give the base's directory.
  if (!cleaned.empty() && cleaned[0] != '#') {
    CURLUcode rc = curl_url_set(h.get(), CURLUPART_URL, cleaned.c_str(), 0);
    if (rc != CURLUE_OK) {
      return Status::InvalidArgument(std::string("cannot resolve reference (") +
                                     curl_url_strerror(rc) + "): " + ForMessage(ref));
    }
  }
  Parsed p;
  GOVHARVEST_RETURN_IF_ERROR(ReadParts(h.get(), ref, &p));
  *out = Format(p);
  return Status::Ok();
}

Status SplitUrl(std::string_view url, UrlParts* out) {
  Parsed p;
  GOVHARVEST_RETURN_IF_ERROR(ParseAbsolute(url, &p));
  out->scheme = p.scheme;
  out->host = p.host;
  if (out->host.size() >= 2 && out->host.front() == '[' && out->host.back() == ']') {
    out->host = out->host.substr(1, out->host.size() - 2);
  }
  out->port = p.port != 0 ? p.port : (p.scheme == "https" ? 443 : 80);
  out->path_and_query = p.path;
  if (p.has_query) out->path_and_query += "?" + p.query;
  return Status::Ok();
}

std::string OriginOf(const UrlParts& parts) {
  std::string out = parts.scheme + "://";
  if (parts.host.find(':') != std::string::npos) {
    out += "[" + parts.host + "]";
  } else {
    out += parts.host;
  }
  int default_port = parts.scheme == "https" ? 443 : 80;
  if (parts.port != 0 && parts.port != default_port) out += ":" + std::to_string(parts.port);
  return out;
}

std::string RegistrableDomain(std::string_view host) {
  std::string lower = AsciiLowerString(host);
  if (lower.size() >= 2 && lower.front() == '[' && lower.back() == ']') {
    lower = lower.substr(1, lower.size() - 2);
  }
  // libpsl would answer "0.1" for "127.0.0.1".
  if (IsIpAddress(lower)) return lower;
  // psl_builtin() is immutable, compiled-in data: no state of ours.
  const psl_ctx_t* psl = psl_builtin();
  if (psl == nullptr) return lower;
  const char* domain = psl_registrable_domain(psl, lower.c_str());
  if (domain == nullptr) return lower;
  return std::string(domain);  // points into `lower`
}

}  // namespace govharvest
