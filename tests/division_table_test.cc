// The GB/T 2260 division table (extract/division_table.h) and the data compiled
// into it (extract/divisions/divisions.tsv).
#include "extract/division_table.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace govharvest {
namespace {

const DivisionTable& T() { return DivisionTable::Builtin(); }

std::set<std::string> PlaceCodes(const std::vector<DivisionMatch>& matches) {
  std::set<std::string> out;
  for (const DivisionMatch& m : matches) out.insert(m.place->code);
  return out;
}

std::string UniqueCode(std::string_view name, const Division* within = nullptr) {
  const Division* d = UniquePlace(T().FindByName(name, within));
  return d == nullptr ? "" : d->code;
}

TEST(DivisionTableTest, HoldsEveryProvincePrefectureAndCounty) {
  std::map<std::pair<std::string, std::string>, int> counts;
  for (const Division& d : T().divisions()) {
    counts[{std::string(DivisionLevelName(d.level)), std::string(DivisionStatusName(d.status))}] += 1;
  }
  // 31 mainland provinces and 台湾省, 香港, 澳门.
  EXPECT_EQ((counts[{"province", "current"}]), 34);
  // NBS 2023: 333 prefecture-level divisions; about 2,840 county-level ones.
  EXPECT_EQ((counts[{"prefecture", "current"}]), 333);
  EXPECT_GT((counts[{"county", "current"}]), 2800);
  EXPECT_LT((counts[{"county", "current"}]), 2900);
  EXPECT_GT((counts[{"county", "abolished"}]), 400);
  EXPECT_GT((counts[{"county", "statistical"}]), 100);
  EXPECT_FALSE(T().revisions().empty());
  // No placeholder is a row.
  for (const Division& d : T().divisions()) {
    EXPECT_NE(d.name, "市辖区") << d.code;
    EXPECT_EQ(d.name.find("直辖县级"), std::string::npos) << d.code;
  }
}

TEST(DivisionTableTest, CodesParentsAndNames) {
  const Division* hongze = T().Find("320813");
  ASSERT_NE(hongze, nullptr);
  EXPECT_EQ(hongze->name, "洪泽区");
  EXPECT_EQ(hongze->level, DivisionLevel::kCounty);
  EXPECT_EQ(hongze->status, DivisionStatus::kCurrent);
  EXPECT_EQ(T().Parent(*hongze)->name, "淮安市");
  EXPECT_EQ(T().Province(*hongze)->name, "江苏省");
  EXPECT_EQ(T().FullName(*hongze), "江苏省淮安市洪泽区");
  EXPECT_EQ(T().OfficialName(*hongze), "淮安市洪泽区");
  EXPECT_EQ(T().OfficialName(*T().Find("430623")), "华容县");
  // Municipalities' districts: the province is the parent, the placeholder 1101 is no row.
  const Division* xicheng = T().Find("110102");
  ASSERT_NE(xicheng, nullptr);
  EXPECT_EQ(xicheng->parent, "110000");
  EXPECT_EQ(T().Find("110100"), nullptr);
  EXPECT_EQ(T().OfficialName(*xicheng), "北京市西城区");
  // Counties directly under a province.
  EXPECT_EQ(T().Find("429004")->parent, "420000");
  EXPECT_EQ(T().Prefecture(*T().Find("429004")), nullptr);
  // SiteIDCode-like codes: the county, else the prefecture, else the province.
  EXPECT_EQ(T().FindCovering("3208130001")->code, "320813");
  EXPECT_EQ(T().FindCovering("3208000007")->code, "320800");
  EXPECT_EQ(T().FindCovering("1101000001")->code, "110000");
  EXPECT_EQ(T().FindCovering("32x"), nullptr);
  // Telephone area codes of cities.
  EXPECT_EQ(T().Find("320800")->phone_area_code, "0517");
  EXPECT_EQ(T().FindByPhoneAreaCode("0728").size(), 3u);  // 仙桃, 潜江, 天门
}

TEST(DivisionTableTest, AbolishedCodesKeepTheirNameAndSuccessor) {
  const Division* old = T().Find("320829");
  ASSERT_NE(old, nullptr);
  EXPECT_EQ(old->name, "洪泽县");
  EXPECT_EQ(old->status, DivisionStatus::kAbolished);
  EXPECT_EQ(old->successor, "320813");
  EXPECT_EQ(T().Place(*old).code, "320813");
  EXPECT_LT(old->last_revision, T().Find("320813")->first_revision);
  // Renamed in place: the former name is kept.
  const Division* huaian_qu = T().Find("320803");
  ASSERT_FALSE(huaian_qu->former_names.empty());
  EXPECT_EQ(huaian_qu->former_names[0].name, "楚州区");
  // Merged away with no one successor (崇文区 into 东城区 with 东城区 keeping its code): no successor.
  EXPECT_EQ(T().Find("110103")->successor, "");
  // A county whose seat county became a district of another name: no successor guessed.
  EXPECT_EQ(T().Find("533521")->successor, "");  // 临沧县 -> 临翔区, not 临沧市
  // Statistical codes are rows, found by code only.
  const Division* zone = T().Find("320871");
  ASSERT_NE(zone, nullptr);
  EXPECT_EQ(zone->status, DivisionStatus::kStatistical);
  EXPECT_TRUE(T().FindByName(zone->name).empty());
}

TEST(DivisionTableTest, FindsByFullShortAndOldNames) {
  EXPECT_EQ(UniqueCode("淮安市洪泽区"), "320813");
  EXPECT_EQ(UniqueCode("江苏省淮安市洪泽区"), "320813");
  EXPECT_EQ(UniqueCode("洪泽区"), "320813");
  EXPECT_EQ(UniqueCode("洪泽"), "320813");
  EXPECT_EQ(UniqueCode("洪泽县"), "320813");  // the abolished county, today the district
  EXPECT_EQ(UniqueCode("淮安市洪泽县"), "320813");
  EXPECT_EQ(UniqueCode("温州"), "330300");
  EXPECT_EQ(UniqueCode("楚州区"), "320803");
  EXPECT_EQ(UniqueCode("北川"), "510726");  // 北川羌族自治县
  EXPECT_EQ(PlaceCodes(T().FindByName("恩施")), (std::set<std::string>{"422800", "422801"}));  // 州 and 市
  EXPECT_EQ(UniqueCode("新疆"), "650000");
  EXPECT_EQ(UniqueCode("内蒙古"), "150000");
  // A current name wins over a code's former name (469025 was 定安县 once).
  EXPECT_EQ(UniqueCode("定安县"), "469021");
  // Not a division name at all, or names that do not nest.
  EXPECT_TRUE(T().FindByName("人民政府").empty());
  EXPECT_TRUE(T().FindByName("温州市洪泽区").empty());
}

TEST(DivisionTableTest, AmbiguousNamesGiveEveryCandidate) {
  const std::set<std::string> gulou = PlaceCodes(T().FindByName("鼓楼区"));
  EXPECT_EQ(gulou.size(), 4u);  // 南京, 徐州, 福州, 开封
  EXPECT_TRUE(gulou.count("320106"));
  EXPECT_TRUE(gulou.count("350102"));
  EXPECT_EQ(UniqueCode("鼓楼区"), "");
  const std::set<std::string> tongzhou = PlaceCodes(T().FindByName("通州区"));
  EXPECT_EQ(tongzhou, (std::set<std::string>{"110112", "320612"}));
  // With a parent given, or written with it, one.
  EXPECT_EQ(UniqueCode("鼓楼区", T().Find("320100")), "320106");
  EXPECT_EQ(UniqueCode("南京市鼓楼区"), "320106");
  EXPECT_EQ(UniqueCode("通州区", T().Find("110000")), "110112");
  // 淮安: the city and its district 淮安区 both; a caller decides, the table does not.
  EXPECT_EQ(PlaceCodes(T().FindByName("淮安")), (std::set<std::string>{"320800", "320803"}));
}

TEST(DivisionTableTest, ReadsTheNamesLeadingAnAgencyName) {
  DivisionChain chain = T().ReadChain("淮安市洪泽区财政局");
  ASSERT_EQ(chain.segments.size(), 2u);
  EXPECT_EQ(std::string("淮安市洪泽区财政局").substr(chain.length), "财政局");
  EXPECT_EQ(UniquePlace(chain.innermost())->code, "320813");
  chain = T().ReadChain("岔河镇人民政府", T().Find("320813"));
  EXPECT_TRUE(chain.segments.empty());
  // A short name before a street word names no division.
  EXPECT_TRUE(T().ReadChain("宁海路街道办事处").segments.empty());
  EXPECT_EQ(UniquePlace(T().ReadChain("宁海县人民政府").innermost())->code, "330226");
  // The chain narrows outer names too: 鼓楼区 under 南京市.
  chain = T().ReadChain("南京市鼓楼区人民政府");
  ASSERT_EQ(chain.segments.size(), 2u);
  EXPECT_EQ(UniquePlace(chain.segments[1])->code, "320106");
}

TEST(DivisionTableTest, ParseRejectsMalformedRows) {
  DivisionTable t;
  const std::string header = "code\tname\tlevel\tparent\tstatus\tfirst\tlast\tformer_names\tsuccessor\tphone_area_code\n";
  EXPECT_TRUE(DivisionTable::Parse(header + "320000\t江苏省\tprovince\t\tcurrent\t200212\t202306\t\t\t\n", &t).ok());
  EXPECT_EQ(t.divisions().size(), 1u);
  EXPECT_FALSE(DivisionTable::Parse(header + "32000\t江苏省\tprovince\t\tcurrent\t200212\t202306\t\t\t\n", &t).ok());
  EXPECT_FALSE(DivisionTable::Parse(header + "320800\t淮安市\tprefecture\t320000\tcurrent\t200212\t202306\t\t\t\n", &t).ok());
  EXPECT_FALSE(DivisionTable::Parse(header + "320000\t江苏省\tstate\t\tcurrent\t200212\t202306\t\t\t\n", &t).ok());
  EXPECT_FALSE(DivisionTable::Parse("320000\t江苏省\n", &t).ok());
}

}  // namespace
}  // namespace govharvest
