// Integers read from untrusted text (HTTP headers, HTML attributes, scripts,
// XML), without exceptions and without overflow.
#ifndef GOVHARVEST_STORE_NUMBERS_H_
#define GOVHARVEST_STORE_NUMBERS_H_

#include <algorithm>
#include <cstdint>
#include <string_view>

namespace govharvest {

// The decimal number at the start of `text` (after ASCII spaces and an
// optional '+'; a '-' makes it negative), clamped to [lo, hi]: a run of
// digits too long for any integer gives `hi` (or `lo` when negative).
// Characters after the digits are ignored, as browsers read rowspan="3px".
// `fallback` when there is no digit. Requires lo <= hi.
inline int64_t LeadingInt(std::string_view text, int64_t lo, int64_t hi, int64_t fallback) {
  size_t i = 0;
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) ++i;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  if (i >= text.size() || text[i] < '0' || text[i] > '9') return fallback;
  int64_t value = 0;
  constexpr int64_t kCeiling = INT64_MAX / 10 - 9;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    if (value > kCeiling) return negative ? lo : hi;
    value = value * 10 + (text[i] - '0');
  }
  return std::clamp(negative ? -value : value, lo, hi);
}

}  // namespace govharvest

#endif  // GOVHARVEST_STORE_NUMBERS_H_
