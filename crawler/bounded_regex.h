// Regular expressions over page text without deep recursion. libstdc++'s
// std::regex matcher recurses once per character a repetition consumes, so a
// pattern such as '([^']*)' run over a 300 KB string literal overflows the
// stack (a crash found by tests/fuzz/column_fuzz.cc). These helpers search in
// windows: each line, and a line longer than kWindow bytes in kWindow-byte
// pieces that overlap by kOverlap bytes, so that no match attempt sees more
// than kWindow + kOverlap bytes. A match longer than kOverlap that straddles a
// piece boundary is missed; every match is reported once.
#ifndef GOVHARVEST_CRAWLER_BOUNDED_REGEX_H_
#define GOVHARVEST_CRAWLER_BOUNDED_REGEX_H_

#include <functional>
#include <regex>
#include <string>
#include <string_view>

namespace govharvest {

inline constexpr size_t kRegexWindow = 4096;
inline constexpr size_t kRegexOverlap = 512;

// Calls `fn(position, match)` for each match of `re` in `text`, in order of
// position; `position` is the match's absolute byte offset in `text` (the
// match's own positions are relative to its window: group n starts at
// position + m.position(n) - m.position(0)). `fn` returns false to stop.
void ForEachBoundedMatch(std::string_view text, const std::regex& re,
                         const std::function<bool(size_t position, const std::cmatch& match)>& fn);

// The first match (ForEachBoundedMatch's windows): true and `*match` set
// when there is one; `position` (optional) receives its absolute position.
bool FirstBoundedMatch(std::string_view text, const std::regex& re, std::cmatch* match, size_t* position = nullptr);

}  // namespace govharvest

#endif  // GOVHARVEST_CRAWLER_BOUNDED_REGEX_H_
