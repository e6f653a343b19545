// The placements a row's layout allows, and the choice among them by
// identities (extract/cell_placement.h).
#include "extract/cell_placement.h"

#include <gtest/gtest.h>

#include <vector>

namespace govharvest::report_internal {
namespace {

constexpr int B = kBlankSlot;
const RowItem V{RowItem::Kind::kValue};
const RowItem M{RowItem::Kind::kLostBlanks};

TEST(CellPlacementTest, AlignedRowsAndFullRowsHaveOnePlacement) {
  EXPECT_EQ(PossiblePlacements({V, V}, 4, RowLayout::kAligned), (std::vector<Placement>{{0, 1, B, B}}));
  EXPECT_EQ(PossiblePlacements({V, V, V}, 3, RowLayout::kLoose), (std::vector<Placement>{{0, 1, 2}}));
  EXPECT_EQ(PossiblePlacements({V, V, V}, 3, RowLayout::kMarked), (std::vector<Placement>{{0, 1, 2}}));
  EXPECT_TRUE(PossiblePlacements({V, V, V}, 2, RowLayout::kAligned).empty());  // more values than columns
}

TEST(CellPlacementTest, LooseRowsMayHaveLostABlankAnywhere) {
  const std::vector<Placement> p = PossiblePlacements({V, V}, 3, RowLayout::kLoose);
  EXPECT_EQ(p, (std::vector<Placement>{{0, 1, B}, {0, B, 1}, {B, 0, 1}}));
  EXPECT_EQ(PossiblePlacements({V, V}, 7, RowLayout::kLoose).size(), 21u);
  EXPECT_EQ(PossiblePlacements({}, 2, RowLayout::kLoose), (std::vector<Placement>{{B, B}}));
  // A wide row: the enumeration stops once it is clear there are several.
  const std::vector<RowItem> fifteen(15, V);
  EXPECT_EQ(PossiblePlacements(fifteen, 40, RowLayout::kLoose, /*max_placements=*/100).size(), 101u);
}

TEST(CellPlacementTest, MarksSayWhereBlanksWere) {
  // value, marks, value: every blank between the two.
  EXPECT_EQ(PossiblePlacements({V, M, V}, 7, RowLayout::kMarked),
            (std::vector<Placement>{{0, B, B, B, B, B, 1}}));
  // A mark after the last value may be the row's end alone: none or more.
  EXPECT_EQ(PossiblePlacements({V, V, M}, 3, RowLayout::kMarked), (std::vector<Placement>{{0, 1, B}}));
  EXPECT_EQ(PossiblePlacements({V, M, V, M}, 4, RowLayout::kMarked),
            (std::vector<Placement>{{0, B, 1, B}, {0, B, B, 1}}));
  // Without a mark, no blank: a row short of values has no placement.
  EXPECT_TRUE(PossiblePlacements({V, V}, 3, RowLayout::kMarked).empty());
  // A mark between two values with no blank left for it.
  EXPECT_TRUE(PossiblePlacements({V, M, V}, 2, RowLayout::kMarked).empty());
  // A row of marks only: all blank.
  EXPECT_EQ(PossiblePlacements({M}, 2, RowLayout::kMarked), (std::vector<Placement>{{B, B}}));
}

TEST(CellPlacementTest, AgreedPlacementsKeepOnlyWhatEveryConsistentAssignmentShares) {
  const std::vector<std::vector<Placement>> rows = {
      {{0, B}},              // certain
      {{0, B}, {B, 0}},      // two ways
      {{0, B}, {B, 0}},      // two ways
  };
  // Rows 1 and 2 must differ: two consistent assignments, each row placed
  // both ways: neither is decided.
  auto differ = [](const std::vector<size_t>& c) { return c[1] != c[2]; };
  EXPECT_EQ(AgreedPlacements(rows, differ), (std::vector<int>{0, -1, -1}));
  // Row 1 must take its second placement, row 2 its first.
  auto one = [](const std::vector<size_t>& c) { return c[1] == 1 && c[2] == 0; };
  EXPECT_EQ(AgreedPlacements(rows, one), (std::vector<int>{0, 1, 0}));
  // Nothing consistent: the certain row keeps its placement, the others none.
  auto none = [](const std::vector<size_t>&) { return false; };
  EXPECT_EQ(AgreedPlacements(rows, none), (std::vector<int>{0, -1, -1}));
  // Too many assignments to try: undecided, never the first.
  EXPECT_EQ(AgreedPlacements(rows, one, /*max_assignments=*/3), (std::vector<int>{0, -1, -1}));
  // A row with no placement at all.
  EXPECT_EQ(AgreedPlacements({{}, {{0}}}, one), (std::vector<int>{-1, 0}));
}

}  // namespace
}  // namespace govharvest::report_internal
