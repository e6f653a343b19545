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

}  // namespace govharvest::ascii

#endif  // GOVHARVEST_CRAWLER_ASCII_H_
