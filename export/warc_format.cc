// Digests, SURT keys, gzip members and HTTP message parsing for WARC files.
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <limits>

#include "export/warc.h"
#include "export/warc_internal.h"

namespace govharvest {

namespace warc_internal {

namespace {

constexpr char kBase32Alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

// Deflate/inflate streams released on every path.
struct DeflateStream {
  z_stream z{};
  bool ready = false;
  ~DeflateStream() {
    if (ready) deflateEnd(&z);
  }
};
struct InflateStream {
  z_stream z{};
  bool ready = false;
  ~InflateStream() {
    if (ready) inflateEnd(&z);
  }
};

// Inflates `body` into *out, stopping (false, *too_large) when more than
// `max_out` bytes would come out.
bool InflateWith(std::string_view body, int window_bits, size_t max_out, std::string* out, bool* too_large) {
  InflateStream s;
  if (inflateInit2(&s.z, window_bits) != Z_OK) return false;
  s.ready = true;
  s.z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
  s.z.avail_in = static_cast<uInt>(std::min<size_t>(body.size(), std::numeric_limits<uInt>::max()));
  if (s.z.avail_in != body.size()) return false;  // over 4 GiB: not a payload this reads
  out->clear();
  char buf[64 * 1024];
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    s.z.next_out = reinterpret_cast<Bytef*>(buf);
    s.z.avail_out = sizeof(buf);
    rc = inflate(&s.z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) return false;
    const size_t n = sizeof(buf) - s.z.avail_out;
    if (n > max_out - out->size()) {
      out->clear();
      *too_large = true;
      return false;
    }
    out->append(buf, n);
    if (rc == Z_OK && s.z.avail_in == 0 && s.z.avail_out != 0) return false;  // truncated
  }
  return true;
}

}  // namespace

Status GzipMember(std::string_view bytes, std::string* out) {
  DeflateStream s;
  // 15 + 16: gzip wrapper. zlib writes mtime 0 and OS "unix" unless told otherwise.
  if (deflateInit2(&s.z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return Status::IoError("zlib deflateInit2 failed");
  }
  s.ready = true;
  out->resize(deflateBound(&s.z, static_cast<uLong>(bytes.size())) + 32);
  s.z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  s.z.avail_in = static_cast<uInt>(bytes.size());
  s.z.next_out = reinterpret_cast<Bytef*>(out->data());
  s.z.avail_out = static_cast<uInt>(out->size());
  if (deflate(&s.z, Z_FINISH) != Z_STREAM_END) return Status::IoError("zlib deflate failed");
  out->resize(s.z.total_out);
  return Status::Ok();
}

std::string Base32(std::string_view raw) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : raw) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 5) {
      out.push_back(kBase32Alphabet[(buffer >> (bits - 5)) & 31]);
      bits -= 5;
    }
  }
  if (bits > 0) out.push_back(kBase32Alphabet[(buffer << (5 - bits)) & 31]);
  while (out.size() % 8 != 0) out.push_back('=');
  return out;
}

std::string HexToRaw(std::string_view hex) {
  if (hex.size() % 2 != 0) return "";
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string raw;
  for (size_t i = 0; i < hex.size(); i += 2) {
    const int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
    if (hi < 0 || lo < 0) return "";
    raw.push_back(static_cast<char>(hi * 16 + lo));
  }
  return raw;
}

Status ParseHttpMessage(std::string_view block, HttpMessage* out) {
  *out = HttpMessage();
  size_t pos = 0;
  bool first = true;
  while (true) {
    const size_t eol = block.find('\n', pos);
    if (eol == std::string_view::npos) {
      if (first) return Status::Corruption("HTTP message has no start line");
      // Head without a blank line: everything was headers.
      pos = block.size();
      break;
    }
    std::string_view line = block.substr(pos, eol - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos = eol + 1;
    if (first) {
      if (line.empty()) return Status::Corruption("HTTP message starts with a blank line");
      out->start_line = std::string(line);
      first = false;
      continue;
    }
    if (line.empty()) break;
    if ((line[0] == ' ' || line[0] == '\t') && !out->headers.empty()) {  // obsolete folding
      // A continuation line of blanks only adds nothing (found by warc_fuzz).
      const size_t text = line.find_first_not_of(" \t");
      if (text != std::string_view::npos) {
        out->headers.back().value += " ";
        out->headers.back().value += std::string(line.substr(text));
      }
      continue;
    }
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;  // not a header; ignored as browsers do
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    out->headers.push_back({std::string(line.substr(0, colon)), std::string(value)});
  }
  out->body = std::string(block.substr(pos));
  return Status::Ok();
}

bool Dechunk(std::string_view body, std::string* out) {
  out->clear();
  size_t pos = 0;
  while (true) {
    const size_t eol = body.find('\n', pos);
    if (eol == std::string_view::npos) return false;
    std::string_view size_line = body.substr(pos, eol - pos);
    const size_t semi = size_line.find(';');
    if (semi != std::string_view::npos) size_line = size_line.substr(0, semi);
    while (!size_line.empty() && std::isspace(static_cast<unsigned char>(size_line.back()))) {
      size_line.remove_suffix(1);
    }
    if (size_line.empty() || size_line.size() > 15) return false;
    size_t n = 0;
    for (char c : size_line) {
      const int d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                    : (c >= 'a' && c <= 'f')                    ? c - 'a' + 10
                    : (c >= 'A' && c <= 'F')                    ? c - 'A' + 10
                                                                : -1;
      if (d < 0) return false;
      n = n * 16 + static_cast<size_t>(d);
    }
    pos = eol + 1;
    if (n == 0) return true;  // trailers, if any, are dropped
    if (pos + n > body.size()) return false;
    out->append(body.substr(pos, n));
    pos += n;
    if (body.substr(pos, 2) == "\r\n") {
      pos += 2;
    } else if (body.substr(pos, 1) == "\n") {
      pos += 1;
    } else {
      return false;
    }
  }
}

bool Inflate(std::string_view body, size_t max_out, std::string* out, bool* too_large) {
  *too_large = false;
  // 15 + 32: gzip or zlib, detected; -15: raw deflate (some servers send it).
  if (InflateWith(body, 15 + 32, max_out, out, too_large)) return true;
  return !*too_large && InflateWith(body, -15, max_out, out, too_large);
}

}  // namespace warc_internal

std::string WarcRecord::TargetUri() const {
  std::string uri = Field("WARC-Target-URI");
  if (uri.size() >= 2 && uri.front() == '<' && uri.back() == '>') uri = uri.substr(1, uri.size() - 2);
  return uri;
}

std::string WarcSha256(std::string_view bytes) {
  const std::string digest = PayloadDigest(bytes);  // "sha256:<hex>"
  return "sha256:" + warc_internal::Base32(warc_internal::HexToRaw(std::string_view(digest).substr(7)));
}

std::string ArchiveDigestFromWarc(std::string_view warc_digest) {
  const size_t colon = warc_digest.find(':');
  if (colon == std::string_view::npos) return "";
  std::string algo(warc_digest.substr(0, colon));
  std::transform(algo.begin(), algo.end(), algo.begin(), [](unsigned char c) { return std::tolower(c); });
  if (algo != "sha256" && algo != "sha-256") return "";
  std::string_view value = warc_digest.substr(colon + 1);
  std::string raw;
  if (value.size() == 64) {
    raw = warc_internal::HexToRaw(value);
  } else {
    while (!value.empty() && value.back() == '=') value.remove_suffix(1);
    uint32_t buffer = 0;
    int bits = 0;
    for (char c : value) {
      const char* p = std::strchr(warc_internal::kBase32Alphabet,
                                  std::toupper(static_cast<unsigned char>(c)));
      if (p == nullptr || c == '\0') return "";
      buffer = (buffer << 5) | static_cast<uint32_t>(p - warc_internal::kBase32Alphabet);
      bits += 5;
      if (bits >= 8) {
        raw.push_back(static_cast<char>((buffer >> (bits - 8)) & 0xff));
        bits -= 8;
      }
    }
  }
  if (raw.size() != 32) return "";
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "sha256:";
  for (unsigned char c : raw) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

std::string SurtKey(std::string_view url_in) {
  std::string url(url_in);
  if (!url.starts_with("http://") && !url.starts_with("https://")) return url;
  const bool https = url.starts_with("https://");
  size_t host_start = https ? 8 : 7;
  // "www", "www2", ... followed by a dot, as warcio.js and pywb drop it.
  if (url.compare(host_start, 3, "www") == 0) {
    size_t p = host_start + 3;
    while (p < url.size() && std::isdigit(static_cast<unsigned char>(url[p]))) ++p;
    if (p < url.size() && url[p] == '.') url.erase(host_start, p + 1 - host_start);
  }
  std::transform(url.begin(), url.end(), url.begin(), [](unsigned char c) { return std::tolower(c); });
  const size_t fragment = url.find('#');
  if (fragment != std::string::npos) url.resize(fragment);
  const size_t host_end = url.find_first_of("/?", host_start);
  std::string authority = url.substr(host_start, host_end == std::string::npos ? std::string::npos
                                                                                : host_end - host_start);
  const size_t at = authority.rfind('@');
  if (at != std::string::npos) authority = authority.substr(at + 1);
  std::string host = authority, port;
  const size_t colon = authority.rfind(':');
  if (colon != std::string::npos && authority.find(']') == std::string::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
    if ((https && port == "443") || (!https && port == "80") || port.empty()) port.clear();
  }
  std::string rest = host_end == std::string::npos ? "" : url.substr(host_end);
  std::string path = rest, query;
  const size_t q = rest.find('?');
  if (q != std::string::npos) {
    path = rest.substr(0, q);
    query = rest.substr(q + 1);
  }
  if (path.empty()) path = "/";

  std::vector<std::string> labels;
  size_t start = 0;
  while (true) {
    const size_t dot = host.find('.', start);
    labels.push_back(host.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  std::string key;
  for (auto it = labels.rbegin(); it != labels.rend(); ++it) {
    if (!key.empty()) key.push_back(',');
    key += *it;
  }
  if (!port.empty()) key += ":" + port;
  key += ")" + path;
  if (!query.empty()) {
    std::vector<std::string> args;
    size_t a = 0;
    while (true) {
      const size_t amp = query.find('&', a);
      args.push_back(query.substr(a, amp == std::string::npos ? std::string::npos : amp - a));
      if (amp == std::string::npos) break;
      a = amp + 1;
    }
    std::sort(args.begin(), args.end());
    key += "?";
    for (size_t i = 0; i < args.size(); ++i) key += (i ? "&" : "") + args[i];
  }
  // Raw non-ASCII bytes escaped as a WHATWG URL parser does (upper-case hex).
  std::string escaped;
  for (unsigned char c : key) {
    if (c < 0x80) {
      escaped.push_back(static_cast<char>(c));
    } else {
      static constexpr char kHex[] = "0123456789ABCDEF";
      escaped += {'%', kHex[c >> 4], kHex[c & 15]};
    }
  }
  return escaped;
}

}  // namespace govharvest
