#include "store/keys.h"

namespace govharvest::keys {

namespace {
std::string Cat(std::string_view a, std::string_view b) {
  std::string s;
  s.reserve(a.size() + b.size());
  s.append(a);
  s.append(b);
  return s;
}
}  // namespace

std::string EncodeTime(int64_t t) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s(16, '0');
  auto u = static_cast<uint64_t>(t);
  for (int i = 15; i >= 0; --i) {
    s[i] = kHex[u & 0xf];
    u >>= 4;
  }
  return s;
}

bool DecodeTime(std::string_view hex, int64_t* t) {
  if (hex.size() != 16) return false;
  uint64_t u = 0;
  for (char c : hex) {
    int v;
    if (c >= '0' && c <= '9') {
      v = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      v = c - 'a' + 10;
    } else {
      return false;
    }
    u = (u << 4) | static_cast<uint64_t>(v);
  }
  *t = static_cast<int64_t>(u);
  return true;
}

std::string Blob(std::string_view digest) { return Cat(kBlobPrefix, DigestHex(digest)); }

std::string CaptureUrlPrefix(std::string_view url) {
  std::string s = Cat(kCapturePrefix, url);
  s.push_back(kSep);
  return s;
}

std::string Capture(std::string_view url, int64_t fetched_at) {
  return CaptureUrlPrefix(url) + EncodeTime(fetched_at);
}

std::string RefDigestPrefix(std::string_view digest) {
  std::string s = Cat(kRefPrefix, DigestHex(digest));
  s.push_back('/');
  return s;
}

std::string Ref(std::string_view digest, std::string_view url, int64_t fetched_at) {
  std::string s = RefDigestPrefix(digest);
  s.append(url);
  s.push_back(kSep);
  s.append(EncodeTime(fetched_at));
  return s;
}

std::string Url(std::string_view url) { return Cat(kUrlPrefix, url); }
std::string Frontier(std::string_view key) { return Cat(kFrontierPrefix, key); }
std::string Doc(std::string_view digest) { return Cat(kDocPrefix, digest); }
std::string Job(std::string_view id) { return Cat(kJobPrefix, id); }

bool SplitUrlTime(std::string_view tail, std::string_view* url, int64_t* t) {
  size_t sep = tail.rfind(kSep);
  if (sep == std::string_view::npos) return false;
  *url = tail.substr(0, sep);
  return DecodeTime(tail.substr(sep + 1), t);
}

std::string_view KeyspaceName(std::string_view key) {
  if (key.size() < 2 || key[1] != '/') return "unknown";
  switch (key[0]) {
    case 'm': return "meta";
    case 'b': return "blob";
    case 'c': return "capture";
    case 'r': return "ref";
    case 'u': return "url";
    case 'f': return "frontier";
    case 'd': return "doc";
    case 'j': return "job";
    default: return "unknown";
  }
}

}  // namespace govharvest::keys
