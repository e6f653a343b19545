// Agency identity (extract/agency_identity.h): the division decided from the
// evidence in order, the normalized name, and no id when nothing decides.
#include "extract/agency_identity.h"

#include <gtest/gtest.h>

#include <string>

namespace govharvest {
namespace {

AgencyIdentity Id(const std::string& name, const std::string& site_id_code = "", const std::string& inferred = "",
                  const std::string& site_division = "", const std::string& host = "") {
  AgencyEvidence e;
  e.agency_name = name;
  e.site_id_code = site_id_code;
  e.inferred_name = inferred;
  e.site_division_code = site_division;
  e.host = host;
  return IdentifyAgency(e);
}

TEST(AgencyIdentityTest, OneIdForEverySpellingOfOneGovernment) {
  const std::string hongze = "320813:淮安市洪泽区人民政府";
  for (const char* name : {"淮安市洪泽区人民政府", "洪泽区人民政府", "江苏省淮安市洪泽区人民政府", "淮安市 洪泽区人民政府",
                           "洪泽区政府", "洪泽区", "（淮安市）洪泽区人民政府"}) {
    const AgencyIdentity id = Id(name);
    EXPECT_EQ(id.id, hongze) << name;
    EXPECT_EQ(id.evidence, "name") << name;
    EXPECT_EQ(id.level, "county") << name;
  }
  // The county before it became a district (洪泽县 320829, abolished 2016): the same place today.
  EXPECT_EQ(Id("洪泽县人民政府").id, hongze);
  EXPECT_EQ(Id("淮安市人民政府").id, "320800:淮安市人民政府");
  EXPECT_EQ(Id("淮安市人民政府").level, "prefecture");
  EXPECT_EQ(Id("华容县人民政府").id, "430623:岳阳市华容县人民政府");
  EXPECT_EQ(Id("江苏省人民政府").id, "320000:江苏省人民政府");
  EXPECT_EQ(Id("北京市西城区人民政府").id, "110102:北京市西城区人民政府");
}

TEST(AgencyIdentityTest, DepartmentsAndTownshipsAreBodiesOfTheirOwn) {
  AgencyIdentity id = Id("洪泽区财政局");
  EXPECT_EQ(id.id, "320813:淮安市洪泽区财政局");
  EXPECT_EQ(id.level, "department");
  id = Id("淮安市洪泽区人民政府办公室");
  EXPECT_EQ(id.id, "320813:淮安市洪泽区人民政府办公室");
  EXPECT_EQ(id.level, "department");
  id = Id("华容县北景港镇人民政府");
  EXPECT_EQ(id.id, "430623:岳阳市华容县北景港镇人民政府");
  EXPECT_EQ(id.level, "township");
  EXPECT_EQ(Id("华容县北景港镇").id, id.id);
  EXPECT_EQ(Id("华容县北景港镇政府").id, id.id);
  // Only a division's or a township's 政府 is read as its 人民政府; other names stay as read.
  EXPECT_EQ(Id("上海市人民政府参事室").id, "310000:上海市人民政府参事室");
  EXPECT_EQ(Id("上海市人民政府参事室政府").id, "310000:上海市人民政府参事室政府");
  // No county in the name: the page's SiteIDCode decides, then the crawl site's division.
  id = Id("岔河镇人民政府", "3208130001");
  EXPECT_EQ(id.id, "320813:淮安市洪泽区岔河镇人民政府");
  EXPECT_EQ(id.evidence, "site_id_code");
  id = Id("治河渡镇人民政府", "", "", "430623");
  EXPECT_EQ(id.id, "430623:岳阳市华容县治河渡镇人民政府");
  EXPECT_EQ(id.evidence, "site_config");
  // In order: the SiteIDCode before the site's configured division.
  EXPECT_EQ(Id("岔河镇人民政府", "3208130001", "", "320800").evidence, "site_id_code");
  // The inferred place of a name-replaced page, and the portal's host.
  EXPECT_EQ(Id("财政局", "", "淮安市洪泽区").id, "320813:淮安市洪泽区财政局");
  id = Id("财政局", "", "", "", "www.hongze.gov.cn");
  EXPECT_EQ(id.id, "320813:淮安市洪泽区财政局");
  EXPECT_EQ(id.evidence, "host");
  // Division names inside the name, behind a national or party prefix, decide too and stay in place.
  id = Id("国家税务总局淮安市洪泽区税务局");
  EXPECT_EQ(id.id, "320813:国家税务总局淮安市洪泽区税务局");
  EXPECT_EQ(id.evidence, "name");
  EXPECT_EQ(id.level, "department");
  EXPECT_EQ(Id("国家税务总局洪泽区税务局").id, "320813:国家税务总局淮安市洪泽区税务局");
  // A street office.
  EXPECT_EQ(Id("高良涧街道", "3208130001").id, "320813:淮安市洪泽区高良涧街道办事处");
  EXPECT_EQ(Id("高良涧街道", "3208130001").level, "street");
}

TEST(AgencyIdentityTest, NoIdWhenNothingDecides) {
  // 鼓楼区 is a district of several cities: never guessed.
  AgencyIdentity id = Id("鼓楼区人民政府");
  EXPECT_EQ(id.id, "");
  EXPECT_TRUE(id.evidence.starts_with("undecided: 鼓楼区 fits")) << id.evidence;
  // ... unless other evidence chooses one of the places the name fits.
  id = Id("鼓楼区人民政府", "3201060001");
  EXPECT_EQ(id.id, "320106:南京市鼓楼区人民政府");
  EXPECT_EQ(id.evidence, "name+site_id_code");
  id = Id("鼓楼区人民政府", "", "", "350100");  // the 福州 city portal's crawl site
  EXPECT_EQ(id.id, "350102:福州市鼓楼区人民政府");
  EXPECT_EQ(id.evidence, "name+site_config");
  // Evidence outside every place the name fits chooses nothing.
  EXPECT_EQ(Id("鼓楼区人民政府", "4403000001").id, "");
  // No division anywhere.
  id = Id("岔河镇人民政府");
  EXPECT_EQ(id.id, "");
  EXPECT_TRUE(id.evidence.starts_with("undecided")) << id.evidence;
  EXPECT_EQ(Id("").evidence, "undecided: no agency name");
  EXPECT_EQ(Id("人武部").id, "");  // no ministry
}

TEST(AgencyIdentityTest, CentralBodiesTakeTheNationalCode) {
  AgencyIdentity id = Id("国家统计局");
  EXPECT_EQ(id.id, "000000:国家统计局");
  EXPECT_EQ(id.level, "national");
  EXPECT_EQ(id.evidence, "central_body");
  EXPECT_EQ(Id("教育部").id, "000000:教育部");
  EXPECT_EQ(Id("工业和信息化部").id, "000000:工业和信息化部");
  EXPECT_EQ(Id("中国气象局").id, "000000:中国气象局");
  EXPECT_EQ(Id("海关总署", "bm17000001").id, "000000:海关总署");
  // A central body's local branch keeps its place.
  EXPECT_EQ(Id("国家税务总局洪泽区税务局").id, "320813:国家税务总局淮安市洪泽区税务局");
  // Party departments are no ministries.
  EXPECT_EQ(Id("宣传部").id, "");
}

}  // namespace
}  // namespace govharvest
