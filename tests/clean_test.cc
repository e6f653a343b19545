// Page cleaning (extract/clean.h) on real pages: the GNE gov.cn pages, the
// seeds, and reports rendered by the portal simulator (tests/fixtures/SOURCES.md).
#include "extract/clean.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <iterator>
#include <map>
#include <set>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "crawler/encoding.h"
#include "extract/internal.h"
#include "extract/text.h"
#include "tests/test_util.h"

namespace govharvest {
namespace {

using testing::ReadFile;
using testing::Contains;

const std::string kFixtures = std::string(GOVHARVEST_SOURCE_DIR) + "/tests/fixtures";

CleanPage CleanFile(const std::string& relative_path, const std::string& url,
                    const CleanOptions& options = CleanOptions()) {
  const std::string bytes = ReadFile(kFixtures + "/" + relative_path);
  CaptureRecord capture;
  capture.requested_url = url;
  capture.final_url = url;
  capture.content_type = relative_path.ends_with(".txt") ? "text/plain" : "text/html";
  CleanPage page;
  const Status s = CleanCapture(bytes, capture, options, &page);
  EXPECT_TRUE(s.ok()) << relative_path << ": " << s.ToString();
  return page;
}


// Chrome that real pages carry around their articles.
const std::vector<std::string> kChromeStrings = {
    "扫一扫在手机打开", "打印本页", "【打印】", "关闭窗口", "分享到", "上一篇", "下一篇", "当前位置",
    "您现在的位置", "网站标识码", "ICP备", "版权所有", "字体：", "浏览次数"};

struct RealPage {
  std::string file;
  std::string url;
  std::string body_sentence;  // must survive
};
const std::vector<RealPage> kRealPages = {
    {"gov-pages/shanxi.html", "http://www.shanxi.gov.cn/yw/sxyw/201909/t20190918_1.shtml", "山西品牌丝路行首次登陆巴西"},
    {"gov-pages/gzggw.html", "http://fgw.zj.gov.cn/art/2016/11/22/art_1.html", "总体全县投资结构趋稳趋优"},
    {"gov-pages/cmse.html", "http://www.cmse.gov.cn/xwzx/201206/t20120624_1.html", "航天员手控交会对接的圆满成功"},
    {"gov-pages/other.html", "http://www.gov.cn/gongbao/content/2007/content_1.htm", "批准发行15500亿元特别国债购买外汇"},
    {"gov-pages/sxmu.html", "http://jjjc.sxmu.edu.cn/info/1.htm", "第六十九条 本法自公布之日起施行"},
    {"portal-pages/trs-2021.html", "http://www.hongze.gov.cn/xxgk/zfxxgknb/202201/t20220111_1245096.html",
     "申请人撤回其政府信息公开申请2件"},
    {"portal-pages/hanweb-2021.html", "http://www.huaian.gov.cn/art/2022/2/6/art_1229426_1322002.html",
     "强化查阅点及新媒体等宣传推广工作"},
    {"portal-pages/gkmlpt-2021.html", "http://www.zc.gov.cn/content/post_1115630.html", "现公布增城区2021年政府信息公开工作年度报告"},
};

TEST(CleanTest, ChromeIsRemovedAndTheArticleKept) {
  for (const auto& p : kRealPages) {
    SCOPED_TRACE(p.file);
    const std::string raw = ReadFile(kFixtures + "/" + p.file);
    int chrome_in_raw = 0;
    for (const auto& c : kChromeStrings) chrome_in_raw += Contains(raw, c) ? 1 : 0;
    ASSERT_GT(chrome_in_raw, 0) << "the fixture has no chrome to remove";
    const CleanPage page = CleanFile(p.file, p.url);
    for (const auto& c : kChromeStrings) EXPECT_FALSE(Contains(page.clean_text, c)) << "chrome left: " << c;
    EXPECT_TRUE(Contains(page.clean_text, p.body_sentence));
    EXPECT_FALSE(page.HasFlag("empty_body"));
    EXPECT_FALSE(page.HasFlag("spam_injected")) << page.ToJson().substr(0, 300);
    EXPECT_TRUE(page.spam_strings.empty());
    EXPECT_FALSE(page.title.empty());
    if (p.url.find(".gov.cn/") != std::string::npos) {
      EXPECT_EQ(page.host_class, "gov");
    }
  }
}

TEST(CleanTest, TitlesAreReadAndSiteSuffixDropped) {
  const CleanPage trs = CleanFile("portal-pages/trs-2021.html", "http://www.hongze.gov.cn/a.html");
  EXPECT_TRUE(Contains(trs.raw_title, "门户网站"));
  EXPECT_EQ(trs.heading, "淮安市洪泽区人民政府2021年政府信息公开工作年度报告");
  EXPECT_EQ(trs.title, "淮安市洪泽区人民政府2021年政府信息公开工作年度报告");
  const CleanPage shanxi = CleanFile("gov-pages/shanxi.html", "http://www.shanxi.gov.cn/a.shtml");
  EXPECT_EQ(shanxi.title, "山西品牌丝路行（南美站）正式启动");
}

// The text of every <td>/<th> in `table` (tags dropped, &nbsp; and runs of
// white space as one space, trimmed), read with plain string scanning,
// independently of the cleaner. (std::regex recurses per character and
// overflows the stack on these pages under AddressSanitizer.)
std::vector<std::string> RawCellTexts(const std::string& table) {
  std::vector<std::string> out;
  for (size_t at = 0; (at = table.find("<t", at)) != std::string::npos;) {
    const char kind = at + 2 < table.size() ? table[at + 2] : '\0';
    if ((kind != 'd' && kind != 'h') || at + 3 >= table.size() || std::isalnum(static_cast<unsigned char>(table[at + 3]))) {
      at += 2;
      continue;
    }
    const size_t open_end = table.find('>', at);
    const std::string close = std::string("</t") + kind + ">";
    const size_t end = table.find(close, open_end);
    if (open_end == std::string::npos || end == std::string::npos) break;
    std::string inner = table.substr(open_end + 1, end - open_end - 1);
    std::string text;
    bool in_tag = false;
    for (size_t i = 0; i < inner.size(); ++i) {
      if (inner[i] == '<') in_tag = true;
      if (in_tag) {
        if (inner[i] == '>') {
          in_tag = false;
          text += ' ';
        }
        continue;
      }
      if (inner.compare(i, 6, "&nbsp;") == 0) {
        text += ' ';
        i += 5;
        continue;
      }
      const bool space = std::isspace(static_cast<unsigned char>(inner[i]));
      if (space && (text.empty() || text.back() == ' ')) continue;
      text += space ? ' ' : inner[i];
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    while (!text.empty() && text.front() == ' ') text.erase(0, 1);
    out.push_back(std::move(text));
    at = end + close.size();
  }
  return out;
}

// Every <td>/<th> of the report body, read independently of the cleaner, is a
// cell of a CleanPage table with the same text.
TEST(CleanTest, EveryTableCellIsKept) {
  for (const std::string file : {"portal-pages/trs-2021.html", "portal-pages/gkmlpt-2021.html",
                                 "portal-pages/hanweb-2021.html"}) {
    SCOPED_TRACE(file);
    const std::string raw = ReadFile(kFixtures + "/" + file);
    std::multiset<std::string> expected;
    // The report's data tables (表二/三/四); the page's other tables are chrome
    // (metadata block, breadcrumbs).
    for (size_t at = 0; (at = raw.find("<table", at)) != std::string::npos;) {
      const size_t end = raw.find("</table>", at);
      if (end == std::string::npos) break;
      const std::string table = raw.substr(at, end - at);
      at = end + 8;
      if (!Contains(table, "信息内容") && !Contains(table, "申请人情况") && !Contains(table, "行政复议")) continue;
      for (std::string& text : RawCellTexts(table)) {
        if (!text.empty()) expected.insert(std::move(text));
      }
    }
    ASSERT_GT(expected.size(), 30u);
    const CleanPage page = CleanFile(file, "http://www.example.gov.cn/a.html");
    std::multiset<std::string> got;
    int tables = 0;
    for (const auto& b : page.blocks) {
      if (b.kind != ContentBlock::Kind::kTable) continue;
      ++tables;
      for (const auto& row : b.table.rows) {
        ASSERT_EQ(static_cast<int>(row.size()), b.table.column_count());
        for (const auto& cell : row) {
          if (!cell.covered && !cell.text.empty()) got.insert(cell.text);
        }
      }
    }
    EXPECT_GE(tables, 2);
    std::vector<std::string> missing, extra;
    std::set_difference(expected.begin(), expected.end(), got.begin(), got.end(), std::back_inserter(missing));
    std::set_difference(got.begin(), got.end(), expected.begin(), expected.end(), std::back_inserter(extra));
    EXPECT_TRUE(missing.empty()) << "first missing cell: " << missing.front() << " (" << missing.size() << ")";
    EXPECT_TRUE(extra.empty()) << "first extra cell: " << extra.front() << " (" << extra.size() << ")";
    EXPECT_TRUE(page.HasFlag("has_tables"));
  }
}

TEST(CleanTest, TablesKeepGridWithSpansAndTextLines) {
  // The shape of the report's 表三 header: rowspan and colspan together.
  const std::string html =
      "<html><body><div class=\"TRS_Editor\"><p>三、收到和处理政府信息公开申请情况</p>"
      "<table><tr><td rowspan=\"3\" colspan=\"2\">本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和</td>"
      "<td colspan=\"3\">申请人情况</td></tr>"
      "<tr><td rowspan=\"2\">自然人</td><td colspan=\"2\">法人或其他组织</td></tr>"
      "<tr><td>商业企业</td><td>科研机构</td></tr>"
      "<tr><td colspan=\"2\">一、本年新收政府信息公开申请数量</td><td>117</td><td>&nbsp;</td><td>0</td></tr>"
      "</table></div></body></html>";
  CleanPage page;
  ASSERT_TRUE(CleanHtml(html, "http://www.huaxi.gov.cn/a.html", CleanOptions(), &page).ok());
  const ContentBlock* table = nullptr;
  for (const auto& b : page.blocks) {
    if (b.kind == ContentBlock::Kind::kTable) table = &b;
  }
  ASSERT_NE(table, nullptr);
  ASSERT_EQ(table->table.row_count(), 4);
  ASSERT_EQ(table->table.column_count(), 5);
  EXPECT_EQ(table->table.TextAt(2, 1), "本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和");
  EXPECT_TRUE(table->table.rows[2][1].covered);
  EXPECT_EQ(table->table.TextAt(1, 2), "自然人");
  EXPECT_EQ(table->table.TextAt(2, 2), "自然人");
  EXPECT_EQ(table->table.TextAt(2, 3), "商业企业");
  EXPECT_EQ(table->table.TextAt(3, 2), "117");
  EXPECT_EQ(table->table.TextAt(3, 3), "");
  EXPECT_TRUE(Contains(page.clean_text, "一、本年新收政府信息公开申请数量 |  | 117 |  | 0\n"));
}

TEST(CleanTest, MetadataBlockAndMetaTagsAreRead) {
  const CleanPage trs = CleanFile("portal-pages/trs-2021.html", "http://www.hongze.gov.cn/a.html");
  EXPECT_EQ(trs.metadata.at("index_no"), "014128963/2022-45096");
  EXPECT_EQ(trs.metadata.at("publisher"), "淮安市洪泽区人民政府");
  EXPECT_EQ(trs.metadata.at("created_date"), "2022-01-11");  // 生成日期
  EXPECT_EQ(trs.metadata.at("topic"), "综合政务/政府信息公开年报");  // 主题分类
  EXPECT_EQ(trs.meta_tags.at("SiteIDCode"), "3208130001");
  EXPECT_EQ(trs.meta_tags.at("ColumnName"), "政府信息公开年报");
  EXPECT_FALSE(Contains(trs.clean_text, "014128963/2022-45096"));  // the block is not body text

  // Hunan "label:value" list of seed 001.
  const CleanPage seed001 = CleanFile("seeds/001_ae51e28a24af67cf.txt", "");
  EXPECT_EQ(seed001.metadata.at("index_no"), "00638229X4/2019-1513549");
  EXPECT_EQ(seed001.metadata.at("publisher"), "北景港镇");
  EXPECT_EQ(seed001.metadata.at("scope"), "全部公开");
  EXPECT_EQ(seed001.metadata.at("created_date"), "2019-03-12");
  EXPECT_EQ(seed001.metadata.at("published_date"), "2019-03-12");
  EXPECT_EQ(seed001.metadata.at("disclosure_mode"), "政府网站");
  EXPECT_EQ(seed001.title, "华容县北景港镇2018年度政府信息公开工作年度报告");

  // Hanweb spans: 发布日期 followed by a 浏览次数 counter that is not part of it.
  const CleanPage gzggw = CleanFile("gov-pages/gzggw.html", "http://fgw.zj.gov.cn/a.html");
  EXPECT_EQ(gzggw.metadata.at("published_date"), "2016-11-22");
  EXPECT_EQ(gzggw.metadata.at("source"), "省发改委");
  EXPECT_EQ(gzggw.meta_tags.at("SiteName"), "浙江省发展和改革委员会");
  const CleanPage shanxi = CleanFile("gov-pages/shanxi.html", "http://www.shanxi.gov.cn/a.shtml");
  EXPECT_EQ(shanxi.meta_tags.at("SiteIDCode"), "1400000045");
  EXPECT_EQ(shanxi.meta_tags.at("PubDate"), "2019-09-18 06:23");
  EXPECT_EQ(shanxi.meta_tags.at("ContentSource"), "山西日报");
}

TEST(CleanTest, Seed004SpamIsStrippedAndWenzhouInferredWithEvidence) {
  const std::string spam = "365网站手机打不开_365体育怎么打不开网址_365数字含义";
  const std::string raw = ReadFile(kFixtures + "/seeds/004_36e6be138d2a2c92.txt");
  ASSERT_TRUE(Contains(raw, spam));
  const CleanPage page = CleanFile("seeds/004_36e6be138d2a2c92.txt", "http://www.gzdypg.com/a.html");
  EXPECT_TRUE(page.HasFlag("spam_injected"));
  EXPECT_TRUE(page.HasFlag("name_replaced"));
  EXPECT_TRUE(page.HasFlag("mirror_host"));
  EXPECT_FALSE(Contains(page.clean_text, "365"));
  EXPECT_FALSE(Contains(page.title, "365"));
  EXPECT_EQ(page.title, "温州市人民政府2019年政府信息公开工作年度报告");
  EXPECT_TRUE(Contains(page.clean_text, "由温州市人民政府办公室综合2019年度"));
  EXPECT_TRUE(Contains(page.clean_text, "图解2019年温州市政府工作报告"));
  EXPECT_EQ(page.identity.name, "温州市");
  EXPECT_EQ(page.identity.replaced_string, spam);
  std::map<std::string, std::string> evidence;
  for (const auto& e : page.identity.evidence) evidence.emplace(e.kind, e.value);
  EXPECT_EQ(evidence["site_name"], "中国·温州");
  EXPECT_EQ(evidence["postcode"], "325009");
  EXPECT_EQ(evidence["phone_area_code"], "0577");
  EXPECT_TRUE(Contains(evidence["address"], "鹿城区绣山路321号"));
  // The report's own sentences survive.
  EXPECT_TRUE(Contains(page.clean_text, "全年受理并办理政府信息依申请公开5756件"));
}

// The simulator's mirror replaced 淮安市洪泽区 (and 洪泽区, 淮安市 on their own)
// throughout the TRS reports; the district is inferred from the postcode
// 223100 and the link to www.hongze.gov.cn, the city also from 0517.
TEST(CleanTest, MirrorOfHongzeInfersTheDistrictWithEvidence) {
  for (const std::string file : {"portal-pages/mirror-2019.html", "portal-pages/mirror-2021.html"}) {
    SCOPED_TRACE(file);
    const CleanPage page = CleanFile(file, "http://www.sjtyzx-365.com/xxgk/zfxxgknb/a.html");
    EXPECT_TRUE(page.HasFlag("name_replaced"));
    EXPECT_EQ(page.identity.name, "淮安市洪泽区");
    // The chain standing for 洪泽区 is the most repeated; where it stood inside
    // the longer chain (淮安市洪泽区) the city's chain is stripped.
    EXPECT_EQ(page.identity.replaced_string, "365体育投注_365bet体育在线官网");
    std::map<std::string, std::string> evidence;  // kind -> "value -> place"
    for (const auto& e : page.identity.evidence) evidence.emplace(e.kind, e.value + " -> " + e.place);
    EXPECT_EQ(evidence["postcode"], "223100 -> 淮安市洪泽区");
    EXPECT_EQ(evidence["phone_area_code"], "0517 -> 淮安市");
    EXPECT_EQ(evidence["site_domain"], "www.hongze.gov.cn -> 淮安市洪泽区");
    EXPECT_TRUE(Contains(page.clean_text, "请与淮安市洪泽区人民政府联系"));
    EXPECT_TRUE(Contains(page.title, "淮安市洪泽区人民政府"));
  }
}

// InferIdentity on its own: the division table and place_clues.inc at county level.
TEST(CleanTest, GazetteerInfersCountiesOnlyWhenTheCluesSaySo) {
  using clean_internal::InferIdentity;
  const std::map<std::string, std::string> no_meta;
  auto place_of = [](const InferredIdentity& id, const std::string& kind) {
    for (const auto& e : id.evidence) {
      if (e.kind == kind) return e.place;
    }
    return std::string("(none)");
  };
  // District postcode and the city's area code: the district, as it names itself.
  InferredIdentity id = InferIdentity("联系方式(地址:东七街2号,邮编:223100,电话:0517-88918633)。", no_meta);
  EXPECT_EQ(id.name, "淮安市洪泽区");
  EXPECT_EQ(place_of(id, "postcode"), "淮安市洪泽区");
  EXPECT_EQ(place_of(id, "phone_area_code"), "淮安市");
  EXPECT_EQ(place_of(id, "address"), "");
  // One clue is not enough.
  EXPECT_EQ(InferIdentity("邮编:223100", no_meta).name, "");
  // The district's own name survives on the page: the replaced name was the city's.
  EXPECT_EQ(InferIdentity("洪泽区人民政府(邮编:223100,电话:0517-88918633)", no_meta).name, "淮安市");
  // A city government's address lies in a district: the district gets no say
  // without a county-level clue (seed 004: 温州市, 鹿城区绣山路).
  id = InferIdentity("地址:鹿城区绣山路321号行政管理中心;邮编:325009;电话:0577-88963796", no_meta);
  EXPECT_EQ(id.name, "温州市");
  EXPECT_EQ(place_of(id, "address"), "温州市鹿城区");
  EXPECT_EQ(place_of(id, "postcode"), "温州市");
  // SiteIDCode (GB/T 2260 code of the county, then four digits) with the postcode; a county
  // named without its city in its reports keeps that name.
  id = InferIdentity("邮编:414200", {{"SiteIDCode", "4306230001"}});
  EXPECT_EQ(id.name, "华容县");
  EXPECT_EQ(place_of(id, "site_id_code"), "华容县");
  // The city's SiteIDCode tells no county.
  EXPECT_EQ(InferIdentity("电话:0517-83606107", {{"SiteIDCode", "3208000007"}}).name, "淮安市");
  // Two districts of the city, one clue each: only the city is certain.
  EXPECT_EQ(InferIdentity("邮编:223100;邮编:223300;电话:0517-1234567", no_meta).name, "淮安市");
  // The portal's own domain and "中国·洪泽".
  EXPECT_EQ(InferIdentity("本报告可在“中国·洪泽”门户网站(www.hongze.gov.cn)查阅。", no_meta).name, "淮安市洪泽区");
  // Two cities with as many clues: nothing.
  EXPECT_EQ(InferIdentity("邮编:223100;电话:0517-1;邮编:325009;电话:0577-1", no_meta).name, "");
}

// Any county of the division table, far from the places the fixtures show:
// its SiteIDCode, the portal's name and its city's area code.
TEST(CleanTest, IdentityInferredForAnyCountyOfTheDivisionTable) {
  using clean_internal::InferIdentity;
  // 西藏 那曲市巴青县 (540628), 那曲 0896.
  InferredIdentity id = InferIdentity("本报告在“中国·巴青”网站公开。联系电话:0896-1234567", {{"SiteIDCode", "5406280001"}});
  EXPECT_EQ(id.name, "巴青县");
  // 河北 邯郸市肥乡区: a district, named with its city; its abolished county code (肥乡县 130428) is the same place.
  id = InferIdentity("地址:邯郸市肥乡区建设路1号;电话:0310-8511111", {{"SiteIDCode", "1304280001"}});
  EXPECT_EQ(id.name, "邯郸市肥乡区");
  // The city alone: its area code and an address naming it.
  id = InferIdentity("地址:四川省宜宾市叙州区南岸;电话:0831-1234567", {});
  EXPECT_EQ(id.name, "宜宾市");  // the address supports 叙州区 but never decides alone
}

// A district name that several cities have is no clue on its own.
TEST(CleanTest, AmbiguousDistrictNamesAreNotGuessed) {
  using clean_internal::InferIdentity;
  // 鼓楼区: 南京, 福州, 徐州, 开封; the address names no city, the portal name no one place.
  InferredIdentity id = InferIdentity("本报告在“中国·鼓楼”网站公开。地址:鼓楼区中山路1号", {});
  EXPECT_EQ(id.name, "");
  for (const auto& e : id.evidence) EXPECT_EQ(e.place, "") << e.kind << " " << e.value;
  // 通州区 (北京, 南通) with 北京's area code: the city is 北京市; the address names no city, so no district is inferred.
  id = InferIdentity("地址:通州区新华大街1号;电话:010-1234567;邮编:101100", {});
  EXPECT_EQ(id.name, "北京市通州区");  // 邮编 101100 (place_clues.inc) names it; the address alone names no one
  id = InferIdentity("地址:通州区新华大街1号;电话:010-1234567;传真:010-7654321", {});
  EXPECT_EQ(id.name, "");  // one city clue only: 通州区 alone gives no city a vote
}

TEST(CleanTest, MirrorPagesLoseTheirSpamTitleKeywordsAndHiddenLinks) {
  for (const std::string file : {"portal-pages/mirror-2019-a.html", "portal-pages/mirror-2021.html"}) {
    SCOPED_TRACE(file);
    const std::string raw = ReadFile(kFixtures + "/" + file);
    ASSERT_TRUE(Contains(raw, "365bet体育在线官网"));
    const CleanPage page = CleanFile(file, "http://www.sjtyzx-365.com/xxgk/zfxxgknb/a.html");
    EXPECT_TRUE(page.HasFlag("spam_injected"));
    EXPECT_TRUE(page.HasFlag("mirror_host"));
    EXPECT_EQ(page.host_class, "mirror");
    EXPECT_FALSE(Contains(page.clean_text, "365")) << page.clean_text.substr(0, 400);
    EXPECT_FALSE(Contains(page.title, "365"));
    EXPECT_FALSE(Contains(page.clean_text, "体育"));
    EXPECT_TRUE(Contains(page.title, "2019年政府信息公开工作年度报告") || Contains(page.title, "2021年政府信息公开工作年度报告"));
    // The archived bytes are untouched.
    EXPECT_EQ(page.payload_digest, PayloadDigest(raw));
  }
}

TEST(CleanTest, GovernmentWordsAreNotSpam) {
  for (const std::string text : {"民政局福利彩票公益金使用情况", "澳门特别行政区", "开展扫黄打非，清理淫秽色情信息",
                                 "整治违规棋牌室", "企业和娱乐场所安全检查", "art_1229426_1322002.html",
                                 "P020220111_365_1.pdf"}) {
    EXPECT_TRUE(FindSpamStrings(text).empty()) << text;
  }
  for (const std::string file : {"seeds/000_9de06cae2ece0565.txt", "seeds/001_ae51e28a24af67cf.txt",
                                 "seeds/002_49ee148252c18417.txt", "seeds/003_b0c83f9a26583a92.txt",
                                 "portal-pages/generic-2021.htm"}) {
    const CleanPage page = CleanFile(file, "");
    EXPECT_TRUE(page.spam_strings.empty()) << file;
    EXPECT_FALSE(page.HasFlag("spam_injected")) << file;
  }
  EXPECT_EQ(FindSpamStrings("欢迎访问365体育投注官网"), std::vector<std::string>{"欢迎访问365体育投注官网"});
}

TEST(CleanTest, GbkPageIsDecoded) {
  const std::string raw = ReadFile(kFixtures + "/portal-pages/generic-2021.htm");
  ASSERT_FALSE(Contains(raw, "开封市"));  // not UTF-8 on disk
  const CleanPage page = CleanFile("portal-pages/generic-2021.htm", "http://www.xiangfuqu.gov.cn/info/1021/49450.htm");
  EXPECT_EQ(page.encoding, "gb18030");
  EXPECT_FALSE(page.HasFlag("decode_replacements"));
  EXPECT_EQ(page.title, "开封市祥符区人民政府2021年政府信息公开工作年度报告");
  EXPECT_EQ(page.metadata.at("publisher"), "开封市祥符区人民政府");
  EXPECT_EQ(page.meta_tags.at("SiteIDCode"), "4102120001");
  EXPECT_TRUE(Contains(page.clean_text, "六、 其他需要报告的事项"));
  EXPECT_FALSE(Contains(page.clean_text, "\xEF\xBF\xBD"));  // U+FFFD
}

TEST(CleanTest, SameReportAtTwoUrlsHasOneDigest) {
  const CleanPage a = CleanFile("portal-pages/trs-2021.html", "http://www.hongze.gov.cn/xxgk/zfxxgknb/a.html");
  const CleanPage b = CleanFile("portal-pages/trs-2021-tzgg.html", "http://www.hongze.gov.cn/xxgk/tzgg/b.html");
  EXPECT_NE(a.payload_digest, b.payload_digest);
  EXPECT_EQ(a.document_digest, b.document_digest);
  EXPECT_TRUE(IsPayloadDigest(a.document_digest));
  EXPECT_EQ(a.simhash, b.simhash);
}

// The same report body under the TRS chrome and transplanted into the real
// Hanweb page of fgw.zj.gov.cn (its id="zoom" content replaced).
TEST(CleanTest, SameReportUnderAnotherChromeHasOneDigest) {
  const std::string trs = ReadFile(kFixtures + "/portal-pages/trs-2021.html");
  const size_t editor = trs.find("<div class=\"TRS_Editor\">");
  ASSERT_NE(editor, std::string::npos);
  const size_t body_from = trs.find('>', editor) + 1;
  const size_t body_to = trs.find("</div></div>", body_from);
  ASSERT_NE(body_to, std::string::npos);
  const std::string report_body = trs.substr(body_from, body_to - body_from);

  std::string hanweb = ReadFile(kFixtures + "/gov-pages/gzggw.html");
  const size_t zoom = hanweb.find("id=\"zoom\">");
  ASSERT_NE(zoom, std::string::npos);
  const size_t inner_from = zoom + std::string("id=\"zoom\">").size();
  const size_t inner_to = hanweb.find("<!--正文 end-->", inner_from);
  ASSERT_NE(inner_to, std::string::npos);
  hanweb.replace(inner_from, inner_to - inner_from, report_body + "</div>\n");

  CleanPage a, b;
  const std::string url = "http://www.hongze.gov.cn/a.html";
  CaptureRecord capture;
  capture.requested_url = capture.final_url = url;
  capture.content_type = "text/html";
  ASSERT_TRUE(CleanCapture(trs, capture, CleanOptions(), &a).ok());
  ASSERT_TRUE(CleanCapture(hanweb, capture, CleanOptions(), &b).ok());
  EXPECT_EQ(a.document_digest, b.document_digest) << "TRS:\n" << a.clean_text.substr(0, 300)
                                                   << "\nHanweb:\n" << b.clean_text.substr(0, 300);
  EXPECT_FALSE(Contains(b.clean_text, "分享到"));
}

TEST(CleanTest, SimHashGroupsNearDuplicatesOnly) {
  // seed 002 rendered for two agencies: the same text with other names.
  const CleanPage hongze = CleanFile("portal-pages/trs-2021.html", "http://www.hongze.gov.cn/a.html");
  const CleanPage zengcheng = CleanFile("portal-pages/gkmlpt-2021.html", "http://www.zc.gov.cn/b.html");
  EXPECT_NE(hongze.document_digest, zengcheng.document_digest);
  EXPECT_TRUE(IsNearDuplicate(hongze.simhash, zengcheng.simhash))
      << HammingDistance(hongze.simhash, zengcheng.simhash);
  // seed 003 rendered for 淮安市: another report.
  const CleanPage huaian = CleanFile("portal-pages/hanweb-2021.html", "http://www.huaian.gov.cn/c.html");
  EXPECT_GT(HammingDistance(hongze.simhash, huaian.simhash), kNearDuplicateMaxDistance);
  // Normalization: full-width forms and whitespace do not change the keys.
  EXPECT_EQ(NormalizeForDigest("２０２１年　共收到 申请１２５件 ABC"), "2021年共收到申请125件abc");
  EXPECT_EQ(SimHash64("共收到政府信息公开申请１２５件"), SimHash64("共收到政府信息公开申请 125 件"));
}

// Stored documents keep the SimHash of the version that cleaned them and are
// compared with new ones, so its value must not change between versions.
TEST(CleanTest, SimHashValuesAreStable) {
  std::string text;
  for (int i = 0; i < 60; ++i) text += "本机关共收到政府信息公开申请" + std::to_string(i * 7) + "件，";
  EXPECT_EQ(SimHash64(text), 0x7e40f17ea39d2a17ULL);  // more than 255 shingles
  EXPECT_EQ(SimHash64("主动公开政府信息15445条"), 0x9045d88228973a25ULL);
  EXPECT_EQ(SimHash64(""), 0U);
}

TEST(CleanTest, PlainTextTablesAreRecognized) {
  const CleanPage page = CleanFile("seeds/002_49ee148252c18417.txt", "");
  EXPECT_TRUE(page.HasFlag("plain_text"));
  int tables = 0;
  bool found = false;
  for (const auto& b : page.blocks) {
    if (b.kind != ContentBlock::Kind::kTable) continue;
    ++tables;
    for (const auto& row : b.table.rows) {
      for (const auto& cell : row) found = found || cell.text == "32455";
    }
  }
  EXPECT_GE(tables, 3);
  EXPECT_TRUE(found);
  EXPECT_TRUE(Contains(page.clean_text, "第二十条第(一)项 | "));
}

// PDF-derived text (a PDF-to-Markdown extraction): Markdown tables with
// delimiter rows, "##" headings, paragraphs hard-wrapped at one width and
// page-number lines inside them.
TEST(CleanTest, HardWrappedMarkdownTextIsUnwrapped) {
  std::string text = "2024年某某区政府信息公开工作年度报告\n";
  for (int i = 0; i < 5; ++i) {
    text += "本机关认真贯彻落实政府信息公开条例的各项要求持续推进\n";
    text += "政务公开标准化规范化建设，不断提升政务公开工作质量。\n";
  }
  text += "全年共收到政府信息公开申请一百零五件涉及的行政诉讼数为\n";
  text += "— 2 —\n";
  text += "0 件。\n";
  text += "## 表四：行政复议、行政诉讼情况\n";
  text += "| 维持 | 纠正 | 其他 |\n|---|:---:|---|\n";
  text += "| 1 | 0 | 0 |\n";
  CleanPage page;
  ASSERT_TRUE(CleanPlainText(text, "", CleanOptions(), &page).ok());
  std::vector<std::string> paragraphs, headings;
  std::vector<const CleanTable*> tables;
  for (const ContentBlock& b : page.blocks) {
    if (b.kind == ContentBlock::Kind::kParagraph) paragraphs.push_back(b.text);
    if (b.kind == ContentBlock::Kind::kHeading) headings.push_back(b.text);
    if (b.kind == ContentBlock::Kind::kTable) tables.push_back(&b.table);
  }
  // The wrapped lines are one paragraph per sentence end; the page number is gone.
  EXPECT_TRUE(std::count(paragraphs.begin(), paragraphs.end(),
                         "本机关认真贯彻落实政府信息公开条例的各项要求持续推进政务公开标准化规范化建设，不断提升政务公开工作质量。") == 5);
  EXPECT_TRUE(std::count(paragraphs.begin(), paragraphs.end(),
                         "全年共收到政府信息公开申请一百零五件涉及的行政诉讼数为0 件。") == 1);
  EXPECT_FALSE(Contains(page.clean_text, "— 2 —"));
  EXPECT_TRUE(std::count(headings.begin(), headings.end(), "表四：行政复议、行政诉讼情况") == 1);
  // A two-row Markdown table is a table; the delimiter row and the opening bar make no cells.
  ASSERT_EQ(tables.size(), 1U);
  ASSERT_EQ(tables[0]->rows.size(), 2U);
  ASSERT_EQ(tables[0]->rows[0].size(), 3U);
  EXPECT_EQ(tables[0]->rows[0][0].text, "维持");
  EXPECT_EQ(tables[0]->rows[1][0].text, "1");
}

// One paragraph per line (the seeds, page dumps): lines are never joined.
TEST(CleanTest, TextWithoutWrapWidthKeepsItsLines) {
  for (const char* seed : {"seeds/000_9de06cae2ece0565.txt", "seeds/002_49ee148252c18417.txt"}) {
    const std::string input = ReadFile(kFixtures + "/" + seed);
    std::vector<std::string> lines;
    size_t start = 0;
    for (size_t i = 0; i <= input.size(); ++i) {
      if (i == input.size() || input[i] == '\n') {
        lines.push_back(text::CollapseWhitespace(input.substr(start, i - start)));
        start = i + 1;
      }
    }
    const CleanPage page = CleanFile(seed, "");
    int paragraphs = 0;
    for (const ContentBlock& b : page.blocks) {
      if (b.kind == ContentBlock::Kind::kTable || b.text.empty()) continue;
      ++paragraphs;
      EXPECT_TRUE(std::any_of(lines.begin(), lines.end(), [&](const std::string& l) { return Contains(l, b.text); }))
          << seed << ": '" << b.text << "' spans lines";
    }
    EXPECT_GT(paragraphs, 10) << seed;
  }
}

TEST(CleanTest, HostsAndJson) {
  CleanOptions allow;
  allow.allowed_hosts = {".example.org"};
  EXPECT_TRUE(IsAuthoritativeHost("www.huaxi.gov.cn", {}));
  EXPECT_FALSE(IsAuthoritativeHost("www.gzdypg.com", {}));
  EXPECT_FALSE(IsAuthoritativeHost("gov.cn.evil.com", {}));
  EXPECT_TRUE(IsAuthoritativeHost("a.example.org", allow.allowed_hosts));
  const CleanPage page = CleanFile("portal-pages/trs-2021.html", "http://mirror.example.org/a.html", allow);
  EXPECT_EQ(page.host_class, "allowed");
  EXPECT_FALSE(page.HasFlag("mirror_host"));
  const nlohmann::json j = nlohmann::json::parse(page.ToJson());
  EXPECT_EQ(j["title"], page.title);
  EXPECT_EQ(j["document_digest"], page.document_digest);
  EXPECT_EQ(j["metadata"]["index_no"], "014128963/2022-45096");
  EXPECT_EQ(j["clean_text"], page.clean_text);
  EXPECT_EQ(j["blocks"].size(), page.blocks.size());
  EXPECT_EQ(page.ToJson(), CleanFile("portal-pages/trs-2021.html", "http://mirror.example.org/a.html", allow).ToJson());
}

TEST(CleanTest, BinaryPayloadsAreRefused) {
  const std::string pdf = ReadFile(kFixtures + "/peer-samples/jiangsu-huaian-hongze-district-govt_2023_annual-report.pdf");
  CaptureRecord capture;
  capture.requested_url = "http://www.hongze.gov.cn/a.pdf";
  capture.content_type = "application/pdf";
  CleanPage page;
  EXPECT_TRUE(CleanCapture(pdf, capture, CleanOptions(), &page).IsInvalidArgument());
}

// Found by CleanFuzzSmoke: glibc's iconv lets 4-byte forms above U+10FFFF
// (F5..F7 leads) through as "UTF-8", and ToJson threw on them.
TEST(CleanTest, IllFormedUtf8NeverReachesTheCleanPage) {
  // Eight ill-formed bytes among many good UTF-8 characters: still UTF-8.
  const std::string bytes = "<html><body><div class=\"TRS_Editor\"><p>\xF7\xB6\xAF\xB9 一、总体情况 \xC3 ok"
                            "\xED\xA0\x80</p><p>本年度，区政府坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实"
                            "《中华人民共和国政府信息公开条例》。</p></div></body></html>";
  for (const char* type : {"text/html", "text/plain"}) {
    SCOPED_TRACE(type);
    CaptureRecord capture;
    capture.requested_url = "http://www.hongze.gov.cn/a.html";
    capture.content_type = type;
    CleanPage page;
    ASSERT_TRUE(CleanCapture(bytes, capture, CleanOptions(), &page).ok());
    EXPECT_TRUE(IsValidUtf8(page.clean_text));
    EXPECT_TRUE(Contains(page.clean_text, "一、总体情况"));
    EXPECT_TRUE(page.HasFlag("decode_replacements"));
    EXPECT_NO_THROW(page.ToJson());
  }
  CleanPage page;
  ASSERT_TRUE(CleanHtml("<p>\xF5\x80\x80\x80 正文</p>", "http://x.gov.cn/\xFF", CleanOptions(), &page).ok());
  EXPECT_TRUE(IsValidUtf8(page.url));
  EXPECT_NO_THROW(page.ToJson());
}

// Found by CleanFuzzSmoke: spans of 65535 x 1000 on every cell made the grid
// quadratic (seconds for 16 KB; gigabytes for a larger page). Such a table is
// read as paragraphs, with every cell's text kept.
TEST(CleanTest, HostileTableSpansAreBounded) {
  std::string html = "<html><body><div class=\"TRS_Editor\"><p>一、总体情况</p><table>";
  for (int r = 0; r < 400; ++r) {
    html += "<tr>";
    for (int c = 0; c < 3; ++c) {
      html += "<td rowspan=\"65535\" colspan=\"1000\">格" + std::to_string(r) + "_" + std::to_string(c) + "</td>";
    }
    html += "</tr>";
  }
  html += "</table><table><tr><td rowspan=\"2\">合计</td><td>1</td></tr><tr><td>2</td></tr></table></div></body></html>";
  CaptureRecord capture;
  capture.requested_url = "http://www.hongze.gov.cn/a.html";
  capture.content_type = "text/html";
  CleanPage page;
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(CleanCapture(html, capture, CleanOptions(), &page).ok());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  EXPECT_TRUE(Contains(page.clean_text, "格0_0"));
  EXPECT_TRUE(Contains(page.clean_text, "格399_2"));
  // The ordinary table next to it is still a grid with its span resolved.
  const CleanTable* small = nullptr;
  for (const auto& b : page.blocks) {
    if (b.kind == ContentBlock::Kind::kTable) small = &b.table;
  }
  ASSERT_NE(small, nullptr);
  EXPECT_EQ(small->row_count(), 2);
  EXPECT_EQ(small->TextAt(1, 0), "合计");
  EXPECT_TRUE(small->rows[1][0].covered);
}

// Poison pages: elements nested tens of thousands deep would overflow the
// cleaner's recursive walks and take the HTML parser minutes (its time grows
// with the square of the depth). They fail fast with too_deep; a page just
// inside the limit is cleaned.
TEST(CleanTest, DeeplyNestedPagesAreTooDeepAndFast) {
  auto nested = [](int n, const std::string& open, const std::string& close) {
    std::string html = "<html><body>";
    for (int i = 0; i < n; ++i) html += open;
    html += "<p>正文</p>";
    for (int i = 0; i < n; ++i) html += close;
    return html + "</body></html>";
  };
  const std::vector<std::string> poison = {
      nested(50000, "<div>", "</div>"), nested(10000, "<table><tr><td>", "</td></tr></table>"),
      nested(200000, "<div>", ""), nested(100000, "<span>", "</span>"),  // inline: seen after parsing
      nested(30000, "<b>", "")};
  for (const std::string& html : poison) {
    CleanPage page;
    const auto start = std::chrono::steady_clock::now();
    const Status s = CleanHtml(html, "http://www.hongze.gov.cn/a.html", CleanOptions(), &page);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5)) << html.substr(0, 40);
    ASSERT_TRUE(s.IsLimitExceeded()) << html.substr(0, 40) << ": " << s.ToString();
    EXPECT_EQ(s.limit(), "too_deep");
    EXPECT_TRUE(Contains(s.message(), "http://www.hongze.gov.cn/a.html")) << s.message();
  }
  // Scripts, styles and comments do not count; a page inside the limit is cleaned.
  std::string fine = "<html><body><script>";
  for (int i = 0; i < 5000; ++i) fine += "document.write('<div>');";
  fine += "</script><!-- ";
  for (int i = 0; i < 5000; ++i) fine += "<div>";
  fine += " -->";
  fine += nested(900, "<div>", "</div>").substr(12);
  CleanPage page;
  const Status s = CleanHtml(fine, "http://www.hongze.gov.cn/b.html", CleanOptions(), &page);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_TRUE(Contains(page.clean_text, "正文")) << page.clean_text;
}

}  // namespace
}  // namespace govharvest
