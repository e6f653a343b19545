#include "crawler/bounded_regex.h"

#include <algorithm>
#include <set>

namespace govharvest {

void ForEachBoundedMatch(std::string_view text, const std::regex& re,
                         const std::function<bool(size_t, const std::cmatch&)>& fn) {
  std::set<size_t> reported_in_overlap;  // positions reported that a next piece sees again
  size_t start = 0;
  while (start < text.size()) {
    size_t line_end = text.find('\n', start);
    if (line_end == std::string_view::npos) line_end = text.size();
    size_t end = line_end;
    size_t next = line_end + 1;
    bool piece = false;
    if (line_end - start > kRegexWindow + kRegexOverlap) {
      end = start + kRegexWindow + kRegexOverlap;
      next = start + kRegexWindow;
      piece = true;
    }
    std::set<size_t> reported_now;
    const char* first = text.data() + start;
    const char* last = text.data() + end;
    for (auto it = std::cregex_iterator(first, last, re); it != std::cregex_iterator(); ++it) {
      const size_t position = start + static_cast<size_t>(it->position(0));
      if (reported_in_overlap.count(position)) continue;
      if (piece && position >= next) reported_now.insert(position);
      if (!fn(position, *it)) return;
    }
    reported_in_overlap = std::move(reported_now);
    start = next;
  }
}

bool FirstBoundedMatch(std::string_view text, const std::regex& re, std::cmatch* match, size_t* position) {
  bool found = false;
  ForEachBoundedMatch(text, re, [&](size_t at, const std::cmatch& m) {
    *match = m;
    if (position != nullptr) *position = at;
    found = true;
    return false;
  });
  return found;
}

}  // namespace govharvest
