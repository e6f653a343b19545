// Which column each value of a table row stands in, when the source may have
// lost cells (internal header of the report extractor).
//
// A row is read as a sequence of values (numbers or explicit blank cells, in
// reading order) and markers where a text dump dropped blank cells. A
// placement gives each of the row's `slots` columns the index of a value or
// kBlankSlot. Invariants:
//  - values keep their order: a placement never swaps two values;
//  - a row read in its grid (kAligned), or holding exactly `slots` values, has
//    exactly one placement: the values in order;
//  - otherwise every placement the layout allows is returned, and the caller
//    decides among them by the table's identities (AgreedPlacements), never by
//    taking the first.
#ifndef GOVHARVEST_EXTRACT_CELL_PLACEMENT_H_
#define GOVHARVEST_EXTRACT_CELL_PLACEMENT_H_

#include <cstddef>
#include <functional>
#include <vector>

namespace govharvest::report_internal {

constexpr int kBlankSlot = -1;

// slot -> index among the row's values, or kBlankSlot.
using Placement = std::vector<int>;

struct RowItem {
  enum class Kind { kValue, kLostBlanks };
  Kind kind = Kind::kValue;
};

enum class RowLayout {
  // The values stand in the cells of the row's own grid row, left to right
  // from the label, blank cells kept; cells missing at the end are blank.
  kAligned,
  // A dump that marks dropped blank cells: blanks stand only where a marker
  // stands; a marker between two values stands for one blank or more, a
  // marker before the first value or after the last for none or more.
  kMarked,
  // Blank cells may have vanished anywhere.
  kLoose,
};

// Every placement of `items` into `slots` columns that `layout` allows; none
// when there are more values than slots (or a marker between two values and
// no blank left for it). Stops after `max_placements` + 1: enough to tell
// that there are several (a row of 7 or 15 columns never comes near it).
constexpr size_t kMaxPlacements = 10000;
std::vector<Placement> PossiblePlacements(const std::vector<RowItem>& items, size_t slots, RowLayout layout,
                                          size_t max_placements = kMaxPlacements);

// For rows with candidate placements (candidates[r]), tries every assignment
// (one candidate a row) and keeps those `consistent` accepts (it receives the
// chosen candidate index of every row). Returns, per row, the index of the
// candidate that every consistent assignment gives that row, or -1 when they
// disagree, when no assignment is consistent, or when more than
// `max_assignments` would have to be tried. A row with exactly one candidate
// always gets it (0), consistent or not: its placement was never in doubt.
// A row with no candidate gets -1.
std::vector<int> AgreedPlacements(const std::vector<std::vector<Placement>>& candidates,
                                  const std::function<bool(const std::vector<size_t>&)>& consistent,
                                  size_t max_assignments = 200000);

}  // namespace govharvest::report_internal

#endif  // GOVHARVEST_EXTRACT_CELL_PLACEMENT_H_
