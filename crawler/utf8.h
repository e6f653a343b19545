// Reading UTF-8 text one code point at a time (internal header of the
// discovery units). Invalid bytes read as U+FFFD, one byte each, so every
// loop over a string ends.
#ifndef GOVHARVEST_CRAWLER_UTF8_H_
#define GOVHARVEST_CRAWLER_UTF8_H_

#include <cstddef>
#include <string_view>

namespace govharvest::utf8 {

// The code point starting at s[*i]; advances *i past it (at least one byte).
inline char32_t Next(std::string_view s, size_t* i) {
  const auto b = static_cast<unsigned char>(s[*i]);
  const size_t n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
  if (n == 0 || *i + n > s.size()) {
    ++*i;
    return 0xFFFD;
  }
  char32_t cp = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
  for (size_t k = 1; k < n; ++k) {
    const auto c = static_cast<unsigned char>(s[*i + k]);
    if ((c >> 6) != 2) {
      ++*i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (c & 0x3F);
  }
  *i += n;
  return cp;
}

inline size_t Length(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++n) Next(s, &i);
  return n;
}

// CJK Unified Ideographs and Extension A.
inline bool IsHan(char32_t cp) { return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF); }

// True for a non-empty string of Han characters only.
inline bool AllHan(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    if (!IsHan(Next(s, &i))) return false;
  }
  return !s.empty();
}

}  // namespace govharvest::utf8

#endif  // GOVHARVEST_CRAWLER_UTF8_H_
