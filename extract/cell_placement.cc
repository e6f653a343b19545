// Placements of a row's values into its columns; see cell_placement.h.
#include "extract/cell_placement.h"

#include <algorithm>

namespace govharvest::report_internal {
namespace {

// Every way to give `gaps` the `blanks` left, each gap between its minimum
// and maximum (max < 0: unbounded); appended to `out` as gap widths.
// `need[g]`: the sum of min over gaps g..; `room[g]`: whether a gap from g on
// is unbounded (else the blanks left must be exactly placed by min widths).
void Distribute(const std::vector<int>& min, const std::vector<int>& max, const std::vector<int>& need,
                const std::vector<bool>& room, size_t gap, int blanks, std::vector<int>* widths,
                std::vector<std::vector<int>>* out, size_t limit) {
  if (out->size() > limit) return;
  if (gap == min.size()) {
    if (blanks == 0) out->push_back(*widths);
    return;
  }
  if (blanks < need[gap] || (!room[gap] && blanks != need[gap])) return;
  const int hi = max[gap] < 0 ? blanks - need[gap + 1] : std::min(blanks, max[gap]);
  for (int w = min[gap]; w <= hi; ++w) {
    (*widths)[gap] = w;
    Distribute(min, max, need, room, gap + 1, blanks - w, widths, out, limit);
  }
}

Placement InOrder(size_t values, size_t slots) {
  Placement p(slots, kBlankSlot);
  for (size_t v = 0; v < values; ++v) p[v] = static_cast<int>(v);
  return p;
}

}  // namespace

std::vector<Placement> PossiblePlacements(const std::vector<RowItem>& items, size_t slots, RowLayout layout,
                                          size_t max_placements) {
  const size_t values = static_cast<size_t>(
      std::count_if(items.begin(), items.end(), [](const RowItem& i) { return i.kind == RowItem::Kind::kValue; }));
  if (values > slots) return {};
  if (layout == RowLayout::kAligned || (layout == RowLayout::kLoose && values == slots)) {
    return {InOrder(values, slots)};
  }
  std::vector<Placement> out;
  if (layout == RowLayout::kLoose) {
    // Every choice of `values` slots out of `slots`, in order.
    std::vector<bool> chosen(slots, false);
    std::fill(chosen.begin(), chosen.begin() + static_cast<std::ptrdiff_t>(values), true);
    do {
      Placement p(slots, kBlankSlot);
      int v = 0;
      for (size_t s = 0; s < slots; ++s) {
        if (chosen[s]) p[s] = v++;
      }
      out.push_back(std::move(p));
    } while (out.size() <= max_placements && std::prev_permutation(chosen.begin(), chosen.end()));
    return out;
  }
  // kMarked: gap g stands before value g (gap `values` after the last one).
  std::vector<bool> marked(values + 1, false);
  size_t gap = 0;
  for (const RowItem& item : items) {
    if (item.kind == RowItem::Kind::kValue) {
      ++gap;
    } else {
      marked[gap] = true;
    }
  }
  std::vector<int> min(values + 1, 0), max(values + 1, 0);
  for (size_t g = 0; g <= values; ++g) {
    const bool interior = g > 0 && g < values;
    min[g] = marked[g] && interior ? 1 : 0;
    max[g] = marked[g] ? -1 : 0;
  }
  std::vector<int> need(values + 2, 0);
  std::vector<bool> room(values + 2, false);
  for (size_t g = values + 1; g-- > 0;) {
    need[g] = need[g + 1] + min[g];
    room[g] = room[g + 1] || max[g] < 0;
  }
  std::vector<int> widths(values + 1, 0);
  std::vector<std::vector<int>> distributions;
  Distribute(min, max, need, room, 0, static_cast<int>(slots - values), &widths, &distributions, max_placements);
  for (const std::vector<int>& w : distributions) {
    Placement p;
    for (size_t v = 0; v < values; ++v) {
      p.insert(p.end(), static_cast<size_t>(w[v]), kBlankSlot);
      p.push_back(static_cast<int>(v));
    }
    p.insert(p.end(), static_cast<size_t>(w[values]), kBlankSlot);
    out.push_back(std::move(p));
  }
  return out;
}

std::vector<int> AgreedPlacements(const std::vector<std::vector<Placement>>& candidates,
                                  const std::function<bool(const std::vector<size_t>&)>& consistent,
                                  size_t max_assignments) {
  std::vector<int> agreed(candidates.size(), -1);
  std::vector<size_t> open;  // rows with a choice to make
  size_t assignments = 1;
  bool too_many = false;
  for (size_t r = 0; r < candidates.size(); ++r) {
    if (candidates[r].size() == 1) agreed[r] = 0;
    if (candidates[r].size() < 2) continue;
    open.push_back(r);
    if (assignments > max_assignments / candidates[r].size()) too_many = true;
    assignments *= candidates[r].size();
  }
  if (open.empty() || too_many) return agreed;
  std::vector<size_t> choice(candidates.size(), 0);
  std::vector<int> seen(candidates.size(), -1);  // the candidate consistent assignments gave; -2: several
  bool any = false;
  while (true) {
    if (consistent(choice)) {
      any = true;
      for (size_t r : open) {
        const int c = static_cast<int>(choice[r]);
        seen[r] = seen[r] == -1 || seen[r] == c ? c : -2;
      }
    }
    size_t k = 0;  // odometer over the open rows
    while (k < open.size() && ++choice[open[k]] == candidates[open[k]].size()) choice[open[k++]] = 0;
    if (k == open.size()) break;
  }
  if (!any) return agreed;
  for (size_t r : open) agreed[r] = seen[r] >= 0 ? seen[r] : -1;
  return agreed;
}

}  // namespace govharvest::report_internal
