// ASCII helpers shared by the crawler's text scanners (internal header).
// All of them leave bytes >= 0x80 alone, so they are safe on UTF-8.
#ifndef GOVHARVEST_CRAWLER_ASCII_H_
#define GOVHARVEST_CRAWLER_ASCII_H_

#include <string>
#include <string_view>

namespace govharvest::ascii {

inline bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

inline char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

inline std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = Lower(c);
  return out;
}

inline std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// True when `s` starts with `prefix`, ASCII case-insensitively.
inline bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (Lower(s[i]) != Lower(prefix[i])) return false;
  }
  return true;
}

inline bool EqualsNoCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && StartsWithNoCase(a, b);
}

inline bool Contains(std::string_view s, std::string_view part) { return s.find(part) != std::string_view::npos; }

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The number written with exactly `n` digits at `i` in `s`; -1 when any of
// them is not a digit or `s` ends before.
inline int ReadDigits(std::string_view s, size_t i, size_t n) {
  int v = 0;
  for (size_t k = 0; k < n; ++k) {
    if (i + k >= s.size() || !IsDigit(s[i + k])) return -1;
    v = v * 10 + (s[i + k] - '0');
  }
  return v;
}

// application/x-www-form-urlencoded escaping of one name or value (RFC 3986
// unreserved characters kept, everything else %XX).
inline std::string FormEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_' ||
        c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace govharvest::ascii

#endif  // GOVHARVEST_CRAWLER_ASCII_H_
