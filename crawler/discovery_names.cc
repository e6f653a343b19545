// Discovery names: whose pages these are and at what level
// (docs/discovery-evidence.md, 5.1-5.5 and M5).

#include "crawler/discovery_names.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <utility>

#include "crawler/ascii.h"
#include "crawler/discovery_links.h"
#include "crawler/links.h"
#include "crawler/report_title.h"
#include "crawler/utf8.h"

namespace govharvest {

namespace {

using ascii::Contains;
using ascii::Lower;

// Words a body's name ends with, longest first where one ends another.
constexpr std::string_view kBodyEndings[] = {
    "人民政府", "政府", "街道办事处", "地区办事处", "办事处", "管理委员会", "委员会", "管委会", "办公室", "办公厅",
    "局", "委", "办", "中心", "厅", "联合社", "联合会", "协会", "总队", "支队", "大队", "馆", "院",
    "街道", "镇", "乡", "县", "区", "市", "旗", "州", "盟"};

// Single characters that are level words when they open an abbreviated name
// (市教育局), and words that merely begin with one (市场监督管理局).
constexpr std::string_view kLevelChars[] = {"市", "县", "区", "镇", "乡", "州", "旗", "盟"};
constexpr std::string_view kLevelCharWords[] = {"市场", "市政", "市容", "市民", "市级", "区域", "区级",
                                                "县域", "县级", "乡村", "镇级"};

std::string StripSuffix(std::string s, std::string_view suffix) {
  if (s.size() > suffix.size() && s.ends_with(suffix)) s.resize(s.size() - suffix.size());
  return s;
}

// The place of a government's name: 邯郸市人民政府 -> 邯郸市.
std::string PlaceOf(std::string_view name) {
  std::string n = NormalizeLinkText(name);
  n = StripSuffix(std::move(n), "人民政府");
  return StripSuffix(std::move(n), "政府");
}

std::string_view LevelCharAtStart(std::string_view s) {
  for (std::string_view c : kLevelChars) {
    if (s.starts_with(c)) return c;
  }
  return {};
}

std::string_view LevelWordAtStart(std::string_view s) {
  for (std::string_view w : kLevelCharWords) {
    if (s.starts_with(w)) return w;
  }
  return {};
}

// Full-width digits as ASCII (titles mix them: ２０２３年).
std::string FoldDigits(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    const size_t start = i;
    const char32_t cp = utf8::Next(s, &i);
    if (cp >= 0xFF10 && cp <= 0xFF19) {
      out.push_back(static_cast<char>('0' + (cp - 0xFF10)));
    } else {
      out.append(s.substr(start, i - start));
    }
  }
  return out;
}

// The length in bytes of a year written at the start of `s` (2023, 2023年,
// 2023年度, 二〇二三年度); 0 when there is none.
size_t YearAtStart(std::string_view s) {
  size_t i = 0;
  if (s.size() >= 4 && ascii::ReadDigits(s, 0, 4) >= 2000 && ascii::ReadDigits(s, 0, 4) <= 2100 &&
      (s.size() == 4 || !ascii::IsDigit(s[4]))) {
    i = 4;
  } else {
    static constexpr std::string_view kNumerals[] = {"〇", "○", "零", "Ｏ", "O", "o", "一", "二", "三",
                                                     "四", "五", "六", "七", "八", "九"};
    size_t digits = 0;
    while (digits < 4) {
      bool matched = false;
      for (std::string_view n : kNumerals) {
        if (s.substr(i).starts_with(n)) {
          i += n.size();
          matched = true;
          break;
        }
      }
      if (!matched) break;
      ++digits;
    }
    if (digits != 4 || !s.substr(i).starts_with("年")) return 0;
  }
  if (s.substr(i).starts_with("年度")) return i + 6;
  if (s.substr(i).starts_with("年")) return i + 3;
  return i;
}

// The length in bytes of a year written at the end of `s`; 0 when none.
size_t YearAtEnd(std::string_view s) {
  // Years are short: try each start among the last 30 bytes.
  for (size_t from = s.size() > 30 ? s.size() - 30 : 0; from < s.size(); ++from) {
    if (const size_t n = YearAtStart(s.substr(from)); n > 0 && from + n == s.size()) {
      // An arabic year must not be the tail of a longer number.
      if (from > 0 && ascii::IsDigit(s[from - 1])) continue;
      return n;
    }
  }
  return 0;
}

// Text of html[begin, end) with tags dropped and character references decoded.
std::string TextOf(std::string_view html) {
  std::string raw;
  for (size_t i = 0; i < html.size();) {
    const size_t lt = html.find('<', i);
    raw.append(html.substr(i, lt == std::string_view::npos ? std::string_view::npos : lt - i));
    if (lt == std::string_view::npos) break;
    const size_t gt = html.find('>', lt);
    if (gt == std::string_view::npos) break;
    i = gt + 1;
  }
  return NormalizeLinkText(DecodeCharacterReferences(raw));
}

// The text of the first <name>...</name> element, "" when absent.
std::string ElementText(std::string_view html, const std::string& lower, std::string_view name) {
  const std::string open = "<" + std::string(name);
  for (size_t at = lower.find(open); at != std::string::npos; at = lower.find(open, at + 1)) {
    const size_t after = at + open.size();
    if (after < lower.size() && lower[after] != '>' && !ascii::IsSpace(lower[after])) continue;  // <h10>, <titlebar>
    const size_t gt = lower.find('>', after);
    if (gt == std::string::npos) return "";
    const size_t close = lower.find("</" + std::string(name), gt);
    return TextOf(html.substr(gt + 1, (close == std::string::npos ? lower.size() : close) - gt - 1));
  }
  return "";
}

std::string MetaContent(std::string_view html, const std::string& lower, std::string_view meta_name) {
  for (size_t at = lower.find("<meta"); at != std::string::npos; at = lower.find("<meta", at + 5)) {
    const size_t gt = lower.find('>', at);
    if (gt == std::string::npos) break;
    const std::string_view tag = html.substr(at, gt - at + 1);
    const std::optional<std::string> name = StartTagAttribute(tag, "name");
    if (name && Lower(*name) == meta_name) return NormalizeLinkText(StartTagAttribute(tag, "content").value_or(""));
  }
  return "";
}

// Separators between crumbs, as text (after references are decoded).
constexpr std::string_view kCrumbSeparators[] = {">", "＞", "›", "»", "→", "/", "|", "｜", "&raquo;", "&rsaquo;"};

void AddCrumbs(std::string_view piece, std::vector<std::string>* crumbs) {
  std::string text = DecodeCharacterReferences(piece);
  // Split at each separator.
  std::vector<std::string> parts{""};
  for (size_t i = 0; i < text.size();) {
    bool separator = false;
    for (std::string_view sep : kCrumbSeparators) {
      if (std::string_view(text).substr(i).starts_with(sep)) {
        parts.emplace_back();
        i += sep.size();
        separator = true;
        break;
      }
    }
    if (!separator) parts.back().push_back(text[i++]);
  }
  for (std::string& part : parts) {
    std::string crumb = NormalizeLinkText(part);
    while (crumb.starts_with("：") || crumb.starts_with(":")) crumb.erase(0, crumb.starts_with(":") ? 1 : 3);
    if (!crumb.empty()) crumbs->push_back(std::move(crumb));
  }
}

// The crumbs after the first breadcrumb label, up to the end of the block
// that holds it, or of its parent when the label is alone in its block (each
// text between tags is a piece; separators split pieces). At most 16 crumbs
// from the 4000 bytes after the label.
std::vector<std::string> ReadBreadcrumb(std::string_view html, const std::string& lower) {
  static constexpr std::string_view kLabels[] = {"您现在的位置", "您的位置", "当前位置", "所在位置", "当前的位置"};
  static constexpr std::string_view kBlocks[] = {"div", "p",  "td", "tr", "ul", "ol", "table", "section",
                                                 "nav", "h1", "h2", "h3", "h4", "dl", "header", "body"};
  std::vector<std::string> crumbs;
  size_t pos = std::string_view::npos;
  size_t label_size = 0;
  for (std::string_view label : kLabels) {
    const size_t at = html.find(label);
    if (at < pos) {
      pos = at;
      label_size = label.size();
    }
  }
  if (pos == std::string_view::npos) return crumbs;
  const size_t limit = std::min(html.size(), pos + 4000);
  int depth = 0;
  size_t i = pos + label_size;
  while (i < limit && crumbs.size() < 16) {
    const size_t lt = html.find('<', i);
    const size_t text_end = lt == std::string_view::npos ? limit : std::min(lt, limit);
    AddCrumbs(html.substr(i, text_end - i), &crumbs);
    if (lt == std::string_view::npos || lt >= limit) break;
    const size_t gt = html.find('>', lt);
    if (gt == std::string_view::npos) break;
    const bool end_tag = lt + 1 < html.size() && html[lt + 1] == '/';
    size_t name_end = lt + (end_tag ? 2 : 1);
    while (name_end < gt && std::isalnum(static_cast<unsigned char>(html[name_end]))) ++name_end;
    const std::string name = lower.substr(lt + (end_tag ? 2 : 1), name_end - lt - (end_tag ? 2 : 1));
    i = gt + 1;
    if (name == "script" || name == "style") {
      const size_t close = lower.find("</" + name, i);
      if (close == std::string::npos) break;
      i = close;
      continue;
    }
    if (std::find(std::begin(kBlocks), std::end(kBlocks), name) == std::end(kBlocks)) continue;
    if (!end_tag) {
      ++depth;
    } else if (depth-- == 0) {
      // The block that holds the label ends. A label alone in its cell
      // (<td>当前位置：</td><td>crumbs</td>) reads on in the parent block.
      if (!crumbs.empty()) break;
      depth = 0;
    }
  }
  return crumbs;
}

// The name after the first 主办 / 主办单位 label: the run of Han characters
// after the colon, spaces, references and tags.
std::string ReadSponsor(std::string_view html) {
  for (size_t at = html.find("主办"); at != std::string_view::npos; at = html.find("主办", at + 1)) {
    size_t i = at + std::string_view("主办").size();
    if (html.substr(i).starts_with("单位")) i += std::string_view("单位").size();
    bool colon = false;
    while (i < html.size()) {
      const std::string_view rest = html.substr(i);
      if (ascii::IsSpace(html[i])) {
        ++i;
      } else if (rest.starts_with("：") || rest.starts_with("\xC2\xA0") || rest.starts_with("\xE3\x80\x80")) {
        colon = colon || rest.starts_with("：");
        i += rest.starts_with("\xC2\xA0") ? 2 : 3;
      } else if (html[i] == ':') {
        colon = true;
        ++i;
      } else if (html[i] == '&') {
        const size_t semi = html.find(';', i);
        if (semi == std::string_view::npos || semi - i > 8) break;
        i = semi + 1;
      } else if (html[i] == '<') {
        const size_t gt = html.find('>', i);
        if (gt == std::string_view::npos) break;
        i = gt + 1;
      } else {
        break;
      }
    }
    if (!colon) continue;  // 主办方, 主办的: not a label
    size_t end = i;
    while (end < html.size()) {
      size_t next = end;
      if (!utf8::IsHan(utf8::Next(html, &next))) break;
      end = next;
    }
    std::string name(html.substr(i, end - i));
    if (ReadsAsBodyName(name)) return name;
  }
  return "";
}

// A title's part without the site words after the name (靖安县人民政府网站).
std::string WithoutSiteWords(std::string part) {
  for (std::string_view suffix : {"门户网站", "网站", "门户网"}) {
    if (part.size() > suffix.size() && part.ends_with(suffix)) {
      part.resize(part.size() - suffix.size());
      break;
    }
  }
  return part;
}

std::vector<std::string> TitleParts(std::string_view title) {
  std::vector<std::string> parts{""};
  for (size_t i = 0; i < title.size();) {
    const size_t start = i;
    const char32_t cp = utf8::Next(title, &i);
    if (cp == '-' || cp == '_' || cp == '|' || cp == 0xFF5C || cp == 0x2014 || cp == 0x2013) {
      parts.emplace_back();
    } else {
      parts.back().append(title.substr(start, i - start));
    }
  }
  for (std::string& p : parts) p = WithoutSiteWords(std::move(p));
  std::erase_if(parts, [](const std::string& p) { return p.empty(); });
  return parts;
}

// True when the footer's sponsor is `name` or one of its offices
// (邯郸市人民政府办公室 for 邯郸市人民政府).
bool SponsorAgrees(std::string_view sponsor, std::string_view name) {
  return !sponsor.empty() && !name.empty() && sponsor.starts_with(name);
}

AgencyGuess NoName(std::string why) { return {"", "", std::move(why)}; }

}  // namespace

bool ReadsAsBodyName(std::string_view text) {
  const std::string t = NormalizeLinkText(text);
  const size_t length = utf8::Length(t);
  if (length < 2 || length > 30 || !utf8::AllHan(t)) return false;
  if (t.starts_with("我") || t.starts_with("本") || t == "首页" || t == "网站首页") return false;
  if (TitleYear(t) > 0) return false;
  bool ends_as_body = false;
  for (std::string_view end : kBodyEndings) {
    if (t.size() > end.size() && t.ends_with(end)) {
      ends_as_body = true;
      break;
    }
  }
  if (!ends_as_body) return false;
  for (const RoleScore& role : ScoreLink(t, "")) {
    if (role.score > 0) return false;  // a column, platform or directory name
  }
  return true;
}

AgencyGuess AgencyFromReportTitle(std::string_view raw_title) {
  const std::string title = FoldDigits(NormalizeLinkText(raw_title));
  const TitleClass c = ClassifyReportTitle(title);
  if (c.verdict != TitleVerdict::kReport) return NoName("not a report title (" + c.reason + ")");
  static constexpr std::string_view kReportNames[] = {
      "政府信息公开工作年度报告", "政府信息公开年度报告", "政府信息公开工作年报", "政府信息公开工作报告",
      "政府信息公开年报", "政务公开工作年度报告", "政务公开年度报告", "政务公开年报", "信息公开工作年度报告",
      "信息公开年度报告", "信息公开工作报告", "信息公开年报"};
  size_t cut = std::string::npos;
  std::string_view report_name;
  for (std::string_view name : kReportNames) {
    if (const size_t at = title.find(name); at < cut) {
      cut = at;
      report_name = name;
    }
  }
  if (cut == std::string::npos) return NoName("no report name in the title to cut at");
  std::string prefix = title.substr(0, cut);
  // Words before a quote, a colon or a bracket are not the name.
  for (std::string_view mark : {"《", "“", "：", ":", "】", "]", "）", ")"}) {
    if (const size_t at = prefix.rfind(mark); at != std::string::npos) prefix.erase(0, at + mark.size());
  }
  if (const size_t n = YearAtEnd(prefix); n > 0) {
    prefix.resize(prefix.size() - n);
  } else if (const size_t m = YearAtStart(prefix); m > 0) {
    prefix.erase(0, m);
  }
  // 下各镇人民政府信息公开…: the report's 政府 is the name's too.
  if (report_name.starts_with("政府") && prefix.ends_with("人民")) prefix += "政府";
  if (prefix.empty()) return NoName("the title names no body before its report name " + std::string(report_name));
  if (!ReadsAsBodyName(prefix)) {
    return NoName("the words before the report name (" + prefix + ") do not read as a body's name");
  }
  return {prefix, "report_title", "report title " + title};
}

PageNameEvidence ReadPageNameEvidence(std::string_view html) {
  const std::string lower = Lower(html);
  PageNameEvidence e;
  e.title = ElementText(html, lower, "title");
  e.heading = ElementText(html, lower, "h1");
  if (e.heading.empty()) e.heading = ElementText(html, lower, "h2");
  e.site_name = MetaContent(html, lower, "sitename");
  e.sponsor = ReadSponsor(html);
  e.breadcrumb = ReadBreadcrumb(html, lower);
  return e;
}

AgencyGuess AgencyFromPage(const PageNameEvidence& page) {
  for (size_t k = page.breadcrumb.size(); k > 0; --k) {
    const std::string& crumb = page.breadcrumb[k - 1];
    if (!ReadsAsBodyName(crumb)) continue;
    std::string why = "breadcrumb crumb " + std::to_string(k) + " of " + std::to_string(page.breadcrumb.size()) +
                      ": " + crumb;
    if (std::string_view level = LevelCharAtStart(crumb); !level.empty() && LevelWordAtStart(crumb).empty()) {
      why += " (abbreviated: starts with " + std::string(level) + ", complete it with the parent's place)";
    }
    return {crumb, "breadcrumb", std::move(why)};
  }
  if (ReadsAsBodyName(page.heading)) return {page.heading, "heading", "page heading " + page.heading};
  std::string seen;
  for (const std::string& crumb : page.breadcrumb) seen += (seen.empty() ? "" : " > ") + crumb;
  return NoName("no crumb or heading reads as a body's name (breadcrumb: " + (seen.empty() ? "none" : seen) +
                "; heading: " + (page.heading.empty() ? "none" : page.heading) + ")");
}

AgencyGuess AgencyOfSiteOwner(const PageNameEvidence& page) {
  const std::vector<std::string> parts = TitleParts(page.title);
  const bool placeholder = page.site_name.empty() || Contains(page.site_name, "名称") ||
                           Contains(page.site_name, "网站标识");
  if (!placeholder) {
    const std::string& name = page.site_name;
    if (!ReadsAsBodyName(name)) return NoName("SiteName " + name + " does not read as a body's name");
    const bool in_title = std::find(parts.begin(), parts.end(), name) != parts.end() || Contains(page.title, name);
    if (in_title) return {name, "site_owner", "SiteName " + name + " agrees with the title " + page.title};
    if (SponsorAgrees(page.sponsor, name)) {
      return {name, "site_owner", "SiteName " + name + " agrees with the footer's 主办 " + page.sponsor};
    }
    return NoName("SiteName " + name + " agrees with neither the title (" + page.title + ") nor the footer's 主办 (" +
                  (page.sponsor.empty() ? "none" : page.sponsor) + ")");
  }
  for (const std::string& part : parts) {
    if (!part.ends_with("人民政府") || !ReadsAsBodyName(part)) continue;
    if (SponsorAgrees(page.sponsor, part)) {
      return {part, "site_owner", "title part " + part + " agrees with the footer's 主办 " + page.sponsor};
    }
  }
  return NoName(std::string(page.site_name.empty() ? "no SiteName" : "SiteName is a placeholder (" + page.site_name + ")") +
                ", and no title part ending in 人民政府 agrees with the footer's 主办 (" +
                (page.sponsor.empty() ? "none" : page.sponsor) + ")");
}

AgencyGuess AgencyFromDirectoryText(std::string_view raw_text, std::string_view parent_name) {
  const std::string text = NormalizeLinkText(raw_text);
  if (!ReadsAsBodyName(text)) return NoName("directory text " + text + " does not read as a body's name");
  const std::string place = PlaceOf(parent_name);
  auto kept = [&text](std::string why) { return AgencyGuess{text, "directory_text", std::move(why)}; };
  if (place.empty()) return kept("kept as written: no parent place given");
  std::string_view parent_level;
  for (std::string_view c : kLevelChars) {
    if (place.ends_with(c) && place.size() > c.size()) parent_level = c;
  }
  if (Contains(text, place)) return kept("kept as written: names its place " + place);
  if (!parent_level.empty()) {
    const std::string stem = place.substr(0, place.size() - parent_level.size());
    if (text.starts_with(stem)) return kept("kept as written: names its place (" + stem + ") itself");
  }
  const std::string_view level = LevelCharAtStart(text);
  if (level.empty()) return kept("kept as written: no level word to complete");
  // 市政府办 is 市 + 政府办; 市场监督管理局 is not 市 + 场监督管理局.
  const bool government_office = text.substr(level.size()).starts_with("政府");
  if (std::string_view word = LevelWordAtStart(text); !word.empty() && !government_office) {
    return kept("kept as written: starts with " + std::string(word) + ", not the level word " + std::string(level) +
                " (only another page can give the full name)");
  }
  if (parent_level.empty()) return kept("kept as written: the parent place " + place + " has no level word");
  if (level != parent_level) {
    return kept("kept as written: starts with " + std::string(level) + " but the parent " + place + " is a " +
                std::string(parent_level));
  }
  std::string name = place + text.substr(level.size());
  return {name, "directory_text",
          "completed: " + text + " starts with " + std::string(level) + ", the level word of the parent " + place};
}

LevelGuess AgencyLevel(std::string_view raw_name, std::string_view parent_level) {
  const std::string name = NormalizeLinkText(raw_name);
  if (name.empty()) return {"", "no name"};
  for (std::string_view m : {"北京市", "上海市", "天津市", "重庆市"}) {
    if (name == m || name == std::string(m) + "人民政府") return {"province", std::string(m) + " is a municipality (直辖市)"};
  }
  std::string s = StripSuffix(name, "人民政府");
  s = StripSuffix(std::move(s), "政府");
  auto ends = [&s](std::string_view w) { return s.size() > w.size() && s.ends_with(w); };
  auto level = [](const char* l, std::string_view w) { return LevelGuess{l, "last level word " + std::string(w)}; };
  for (std::string_view w : {"街道办事处", "地区办事处", "街道", "镇", "乡"}) {
    if (ends(w)) return level("township", w);
  }
  if (ends("办事处")) return {"", "a 办事处 that is no 街道 or 地区办事处: level unknown"};
  for (std::string_view w : {"管理委员会", "委员会", "管委会", "办公室", "办公厅", "局", "委", "办", "中心", "厅",
                             "联合社", "联合会", "协会", "总队", "支队", "大队", "馆", "院"}) {
    if (ends(w)) return level("department", w);
  }
  for (std::string_view w : {"开发区", "经开区", "高新区", "新区", "园区", "试验区", "示范区", "保税区", "合作区"}) {
    if (ends(w)) return {"", "a " + std::string(w) + " is no administrative level"};
  }
  if (ends("自治区")) return level("province", "自治区");
  if (ends("地区")) return level("city", "地区");
  if (ends("区")) return level("district", "区");
  for (std::string_view w : {"县", "旗"}) {
    if (ends(w)) return level("county", w);
  }
  for (std::string_view w : {"州", "盟"}) {
    if (ends(w)) return level("city", w);
  }
  if (ends("省")) return level("province", "省");
  if (ends("市")) {
    if (parent_level == "province") return {"city", "last level word 市, under a province"};
    if (parent_level == "city") return {"county", "last level word 市, under a city: a county-level city (县级市)"};
    return {"", "last level word 市: a prefecture-level or a county-level city (县级市); the parent decides"};
  }
  return {"", "no level word at the end of " + name};
}

}  // namespace govharvest
