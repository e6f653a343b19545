// Discovery (issue 16): a government body's name and level from what its
// pages say, for the `agency` and `level` of the [[site]] blocks `govharvest
// discover` will write. Pure functions over UTF-8 text and HTML.
//
// The order of trust follows docs/discovery-evidence.md, M5: the name a
// report title gives; a full name in the page's breadcrumb or heading; the
// directory's link text, completed with the parent's place name only when
// it starts with the parent's level word (市教育局 under 邯郸市 ->
// 邯郸市教育局); the site's SiteName only for the portal owner, and only
// when the title or the footer's 主办 agrees. Invariant of every function:
// when the evidence does not decide, the answer is "" and `why` says what
// was seen; a guess is never returned as a name.
#ifndef GOVHARVEST_CRAWLER_DISCOVERY_NAMES_H_
#define GOVHARVEST_CRAWLER_DISCOVERY_NAMES_H_

#include <string>
#include <string_view>
#include <vector>

namespace govharvest {

struct AgencyGuess {
  std::string name;    // "" when the evidence does not give one
  // "report_title" | "breadcrumb" | "heading" | "directory_text" | "site_owner"; "" with no name
  std::string source;
  std::string why;     // the evidence, or why there is no name
};

// The body a report title names, before or after its year:
// 木场乡人民政府2023年度政府信息公开工作年度报告 -> 木场乡人民政府,
// 2023年度衢州市农业农村局政府信息公开年度报告 -> 衢州市农业农村局,
// 2023年下各镇政府信息公开工作年度报告 -> 下各镇. "" for a title that
// ClassifyReportTitle (crawler/report_title.h) does not call a report, and
// for words that do not end as a body's name (政府, 局, 镇, 街道, ...).
AgencyGuess AgencyFromReportTitle(std::string_view title);

// What a page says about whose page it is.
struct PageNameEvidence {
  // The crumbs after 当前位置 / 您的位置 / 所在位置, in order, normalized
  // (each link and each text between separators > › » → / | is one crumb).
  std::vector<std::string> breadcrumb;
  std::string heading;    // the first <h1>'s text (else the first <h2>'s), normalized
  std::string title;      // <title>, normalized
  std::string site_name;  // <meta name="SiteName" content>, normalized
  std::string sponsor;    // the name after 主办 / 主办单位 in the page (footer), e.g. 邯郸市人民政府办公室
};
PageNameEvidence ReadPageNameEvidence(std::string_view html);

// The body a page is about: the last crumb that reads as a body's name (not
// 首页, not a column or directory name such as 政府信息公开 or 乡镇街道), else
// the heading when it reads as one. Never the title or SiteName: they name
// the site's owner, which on a platform is not the body of the page. An
// abbreviated name (区住建局) is returned as written; `why` says so.
AgencyGuess AgencyFromPage(const PageNameEvidence& page);

// The portal owner's name: SiteName when the title or the footer's 主办
// agrees (the sponsor may be the owner's 办公室: 邯郸市人民政府办公室 agrees
// with 邯郸市人民政府); without SiteName, a title part ending in 人民政府
// (网站 dropped) that the sponsor agrees with. "" when they disagree
// (SiteName 齐齐哈尔 on a Chongqing host) or are template placeholders.
AgencyGuess AgencyOfSiteOwner(const PageNameEvidence& page);

// A directory's link text as a body's name, completed with the parent's
// place when it starts with the parent's level word: (市教育局, 邯郸市人民政府)
// -> 邯郸市教育局, (市政府办, 邯郸市) -> 邯郸市政府办. Kept as written, with
// the reason in `why`, when it starts with a word that begins with the level
// character (市场监督管理局: 市场, not 市), names a place itself (邯郸仲裁委,
// 国家税务总局邯郸市税务局), starts with another level word (县教育局 under a
// 市) or has none (教育局). "" for a text that does not read as a body's name
// (统计数据, 更多, 宜春公路信息网).
AgencyGuess AgencyFromDirectoryText(std::string_view text, std::string_view parent_name);

// True for a short text that ends as a body's name: a government (人民政府),
// an office or department word (局 委员会 委 办公室 办 中心 管委会 厅 办事处),
// a public organisation's (联合社 联合会 协会 总队 支队 大队 馆 院),
// or a level word (镇 乡 街道 县 区 市 旗); and that is no column, platform
// or directory name (乡镇街道, 政府信息公开) and no year.
bool ReadsAsBodyName(std::string_view text);

struct LevelGuess {
  // A config level (docs/config.md): "province" | "city" | "county" |
  // "district" | "department" | "township"; "" when the name does not decide.
  std::string level;
  std::string why;
};

// The level from the name's last level word: 镇 乡 街道 (街道办事处, 地区办事处)
// -> township; 局 委员会 委 办公室 办 中心 管委会 厅 and the organisation words
// above -> department; 区 ->
// district; 县 旗 -> county; 州 盟 地区 -> city (prefecture level); 省 自治区
// and the four municipalities -> province. A 市 is a prefecture-level city or
// a county-level city (县级市): "city" when `parent_level` is "province",
// "county" when it is "city", "" when no parent level is given. Development
// zones (开发区, 新区, 园区) and a bare 办事处 give "".
LevelGuess AgencyLevel(std::string_view name, std::string_view parent_level = "");

}  // namespace govharvest

#endif  // GOVHARVEST_CRAWLER_DISCOVERY_NAMES_H_
