#include "crawler/column.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "crawler/ascii.h"
#include "crawler/discovery_links.h"
#include "crawler/links.h"
#include "crawler/pager.h"
#include "crawler/script_api.h"
#include "crawler/url.h"
#include "store/numbers.h"

namespace govharvest {

namespace {

using ascii::Contains;
using ascii::IsDigit;
using ascii::Lower;
constexpr auto ReadInt = ascii::ReadDigits;

// The first date in `s`: YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD or YYYY年M月D日,
// as "YYYY-MM-DD"; "" when there is none.
std::string FindDate(std::string_view s) {
  for (size_t i = 0; i + 8 <= s.size(); ++i) {
    if (!IsDigit(s[i]) || (i > 0 && IsDigit(s[i - 1]))) continue;
    int year = ReadInt(s, i, 4);
    if (year < 1990 || year > 2100) continue;
    size_t j = i + 4;
    std::string_view sep;
    if (s.substr(j, 3) == "年") {
      sep = "年";
    } else if (j < s.size() && (s[j] == '-' || s[j] == '/' || s[j] == '.')) {
      sep = s.substr(j, 1);
    } else {
      continue;
    }
    j += sep.size();
    size_t mlen = (j + 1 < s.size() && IsDigit(s[j + 1])) ? 2 : 1;
    int month = ReadInt(s, j, mlen);
    if (month < 1 || month > 12) continue;
    j += mlen;
    std::string_view sep2 = sep == "年" ? std::string_view("月") : sep;
    if (s.substr(j, sep2.size()) != sep2) continue;
    j += sep2.size();
    size_t dlen = (j + 1 < s.size() && IsDigit(s[j + 1])) ? 2 : 1;
    int day = ReadInt(s, j, dlen);
    if (day < 1 || day > 31) continue;
    char buf[16];
    std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", year, month, day);
    return buf;
  }
  return "";
}

bool IsNumber(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), IsDigit); }


// The value written after `key` in a script or URL: key: 'v', key="v", key=v.
std::string ScriptValue(std::string_view html, std::string_view key) {
  size_t from = 0;
  while ((from = html.find(key, from)) != std::string_view::npos) {
    size_t i = from + key.size();
    from = i;
    if (from > key.size() && std::isalnum(static_cast<unsigned char>(html[from - key.size() - 1]))) continue;
    while (i < html.size() && (html[i] == ' ' || html[i] == '"' || html[i] == '\'')) ++i;
    if (i >= html.size() || (html[i] != ':' && html[i] != '=')) continue;
    ++i;
    while (i < html.size() && (html[i] == ' ' || html[i] == '"' || html[i] == '\'')) ++i;
    size_t j = i;
    while (j < html.size() && html[j] != '"' && html[j] != '\'' && html[j] != ',' && html[j] != '&' &&
           html[j] != '}' && html[j] != ';' && html[j] != ')' && !std::isspace(static_cast<unsigned char>(html[j]))) {
      ++j;
    }
    if (j > i) return std::string(html.substr(i, j - i));
  }
  return "";
}

std::string TagValue(std::string_view xml, std::string_view tag) {
  const std::string lower = Lower(xml.substr(0, std::min<size_t>(xml.size(), 1 << 20)));
  const std::string open = "<" + Lower(tag) + ">";
  size_t at = lower.find(open);
  if (at == std::string::npos) return "";
  size_t end = lower.find('<', at + open.size());
  return std::string(xml.substr(at + open.size(), end - at - open.size()));
}

// Column and list pages: a path ending in '/' or a last segment named
// index.* / default.*, unless the folder it is in is a document's id (five
// digits or more: /2024n/572867/index.html). Portals link their own column
// by its name (政府信息公开年报), which reads like a report title but is not one.
bool IsColumnUrl(std::string_view url) {
  std::string_view path = url.substr(0, url.find_first_of("?#"));
  const size_t scheme = path.find("://");
  if (scheme != std::string_view::npos) {
    const size_t slash = path.find('/', scheme + 3);
    path = slash == std::string_view::npos ? std::string_view("/") : path.substr(slash);
  }
  if (path.empty() || path.back() == '/') return true;
  const size_t slash = path.rfind('/');
  std::string_view last = path.substr(slash + 1);
  if (!(last == "index" || last.starts_with("index.") || last.starts_with("index_") || last.starts_with("default."))) {
    return false;
  }
  // A document published as a folder named by its id (大兴: /2024n/572867/index.html).
  std::string_view parent = path.substr(0, slash);
  parent = parent.substr(parent.rfind('/') + 1);
  const bool document_id = parent.size() >= 5 && std::all_of(parent.begin(), parent.end(), [](char c) {
    return c >= '0' && c <= '9';
  });
  return !document_id;
}

// The title without a date written after it ("…2026-03-26", "标题 [2023-01-05]"):
// an element read whole (a row with onclick or data-href) holds both.
std::string WithoutTrailingDate(std::string title) {
  static const std::regex re(
      // Full-width brackets are alternatives, not class members: a class
      // matches one byte of their three.
      R"re(\s*(?:[\[\(]|（|【)?\s*\d{4}(?:[-/.]\d{1,2}[-/.]\d{1,2}|年\d{1,2}月\d{1,2}日)(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*(?:[\]\)]|）|】)?\s*$)re");
  // The date is at the end: only the tail is searched (std::regex recurses per
  // character, and a whole row's text can be long).
  const size_t from = title.size() > 96 ? title.size() - 96 : 0;
  std::smatch m;
  const std::string tail = title.substr(from);
  if (std::regex_search(tail, m, re) && from + static_cast<size_t>(m.position(0)) > 0) {
    title.resize(from + static_cast<size_t>(m.position(0)));
  }
  return title;
}

void AddItem(ColumnPage* page, std::string url, std::string title, std::string date, std::string found_in) {
  for (const ListItem& have : page->items) {
    if (have.url == url) return;  // one item per URL, the first one listed
  }
  title = WithoutTrailingDate(std::move(title));
  ListItem item;
  item.url = std::move(url);
  item.title = std::move(title);
  item.date = std::move(date);
  item.found_in = std::move(found_in);
  if (IsColumnUrl(item.url)) {
    item.verdict = TitleVerdict::kNotReport;
    item.why = "a column page, not a document";
  } else {
    TitleClass c = ClassifyReportTitle(item.title);
    item.verdict = c.verdict;
    item.why = std::move(c.reason);
  }
  item.is_report = item.verdict == TitleVerdict::kReport;
  item.year = ReportYear(item.title, item.date);
  page->items.push_back(std::move(item));
}

// "2023", "2023年", "2023年度", "2023年度报告" as a whole link text: a year label.
int YearLabel(std::string_view text) {
  std::string t;
  for (char c : text) {
    if (c != ' ') t.push_back(c);
  }
  if (t.size() < 4 || ReadInt(t, 0, 4) < 2000 || ReadInt(t, 0, 4) > 2100) return 0;
  std::string_view rest = std::string_view(t).substr(4);
  for (std::string_view tail : {"", "年", "年度", "年度报告", "年报", "年年报"}) {
    if (rest == tail) return ReadInt(t, 0, 4);
  }
  return 0;
}

// A year folder: a column-like URL whose last directory names a year
// (2023/, gknb2023/, 2023n/, 2023nb/, nb_2022n/).
bool IsYearFolder(std::string_view url) {
  if (!IsColumnUrl(url)) return false;
  std::string_view path = url.substr(0, url.find_first_of("?#"));
  if (const size_t scheme = path.find("://"); scheme != std::string_view::npos) path = path.substr(path.find('/', scheme + 3) == std::string_view::npos ? path.size() : path.find('/', scheme + 3));
  path = path.substr(0, path.rfind('/'));
  std::string_view dir = path.substr(path.rfind('/') + 1);
  for (size_t p = 0; p + 4 <= dir.size(); ++p) {
    if ((p == 0 || !IsDigit(dir[p - 1])) && ReadInt(dir, p, 4) >= 2000 && ReadInt(dir, p, 4) <= 2100 &&
        (p + 4 == dir.size() || !IsDigit(dir[p + 4]))) {
      return true;
    }
  }
  return false;
}

// The date of the item whose link spans [start, end): the first date after
// it (up to the next link), else in its own text, else just before it.
std::string DateNear(std::string_view html, size_t prev_end, size_t start, size_t end, size_t next_start,
                     std::string_view text) {
  end = std::min(end, html.size());
  next_start = std::max(end, std::min(next_start, html.size()));
  std::string_view after = html.substr(end, std::min<size_t>(400, next_start - end));
  // A date past the end of the item's row belongs to the next row (lists
  // that put the date before the link).
  const std::string lower_after = Lower(after);
  for (std::string_view row_end : {"</li", "</tr", "</dd"}) {
    if (const size_t at = lower_after.find(row_end); at != std::string::npos) after = after.substr(0, at);
  }
  std::string date = FindDate(after);
  if (date.empty()) date = FindDate(text);
  if (date.empty() && start > prev_end && start <= html.size()) {
    const size_t from = std::max(prev_end, start > 300 ? start - 300 : 0);
    date = FindDate(html.substr(from, start - from));
  }
  return date;
}

// Lists written by scripts: HTML inside string literals (document.write,
// innerHTML) and object literals holding a URL and a title.
void ReadScriptLists(const std::vector<std::string_view>& scripts, std::string_view page_url, ColumnPage* page);

// True for a list below `page_url`'s folder that reads as a directory of
// bodies (大兴's year folders link 街乡镇 xzjd9/ and 区政府部门 bm22/, lists of
// those bodies' reports of that year): a part of this column.
bool IsDirectoryBelow(const PageLink& l, std::string_view page_url) {
  if (l.kind != "a" || !IsColumnUrl(l.url)) return false;
  std::string_view folder = page_url.substr(0, page_url.find_first_of("?#"));
  folder = folder.substr(0, folder.rfind('/') + 1);
  if (l.url.size() <= folder.size() || l.url.compare(0, folder.size(), folder) != 0) return false;
  return ScoreLink(NormalizeLinkText(l.text), l.url)[static_cast<size_t>(DiscoveryRole::kDirectory)].score > 0;
}

// Items, sub-columns and scripted redirects from the candidate links.
void ReadCandidates(std::string_view html, std::string_view page_url, const std::vector<PageLink>& links,
                    ColumnPage* page) {
  for (size_t n = 0; n < links.size(); ++n) {
    const PageLink& l = links[n];
    if (l.url.empty()) continue;  // a scripted pager link: pager.h reads it
    if (l.kind == "script_location" || l.kind == "meta_refresh" || l.kind == "iframe" || l.kind == "frame") {
      page->subcolumns.push_back(l.url);
      continue;
    }
    if (l.kind != "a" && l.kind != "onclick" && l.kind != "option" && l.kind != "data" && l.kind != "area") continue;
    const std::string& title = !l.title.empty() ? l.title : l.text;
    const int year_label = YearLabel(title);
    if (IsYearFolder(l.url) || (year_label > 0 && IsColumnUrl(l.url)) || IsDirectoryBelow(l, page_url)) {
      page->subcolumns.push_back(l.url);
      continue;
    }
    if (PagerLinkTarget(l.text) != 0) continue;
    if (title.size() < 12 && year_label == 0) continue;  // navigation, not an item
    const size_t prev_end = n > 0 ? links[n - 1].end_offset : 0;
    const size_t next_start = n + 1 < links.size() ? links[n + 1].start_offset : html.size();
    AddItem(page, l.url, title, DateNear(html, prev_end, l.start_offset, l.end_offset, next_start, l.text), l.kind);
  }
  std::sort(page->subcolumns.begin(), page->subcolumns.end());
  page->subcolumns.erase(std::unique(page->subcolumns.begin(), page->subcolumns.end()), page->subcolumns.end());
}

// Reads an HTML list: candidates, script-written lists and the pager.
void ReadHtmlList(std::string_view html, std::string_view page_url, const ListRequest& request, ColumnPage* page,
                  bool pager) {
  std::vector<std::string_view> scripts;
  std::vector<PageLink> links = ExtractCandidateLinks(html, page_url, &scripts);
  ReadCandidates(html, page_url, links, page);
  ReadScriptLists(scripts, page_url, page);
  for (ListRequest& r : ScriptApiRequests(html, page_url, scripts)) page->list_requests.push_back(std::move(r));
  if (!pager) return;
  PagerReading reading = ReadPager(html, page_url, links, scripts, request);
  for (ListRequest& r : reading.next) {
    if (std::find(page->next_pages.begin(), page->next_pages.end(), r) == page->next_pages.end()) {
      page->next_pages.push_back(std::move(r));
    }
  }
  if (page->total_pages == 0) page->total_pages = reading.total_pages;
  if (page->total_records == 0) page->total_records = reading.total_records;
  page->pager_evidence = reading.evidence;
}

bool HasCjk(std::string_view s, int at_least) {
  int n = 0;
  for (size_t i = 0; i + 2 < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0xE4 && c <= 0xE9) {
      ++n;
      i += 2;
    }
  }
  return n >= at_least;
}

void ReadScriptLists(const std::vector<std::string_view>& scripts, std::string_view page_url, ColumnPage* page) {
  for (std::string_view script : scripts) {
    // HTML in literals: document.write("<li><a href='...'>...</a></li>").
    std::string written;
    for (std::string& lit : JsStringLiterals(script)) {
      if (lit.find('<') != std::string::npos || !written.empty()) written += lit;
    }
    if (written.find("<a") != std::string::npos || written.find("<A") != std::string::npos) {
      std::vector<PageLink> inner = ExtractCandidateLinks(written, page_url, nullptr);
      ReadCandidates(written, page_url, inner, page);
    }
    // Object literals: {title: "...", url: "...", date: "..."}.
    for (size_t open = script.find('{'); open != std::string_view::npos; open = script.find('{', open + 1)) {
      const size_t close = script.find_first_of("{}", open + 1);
      if (close == std::string_view::npos || script[close] != '}') continue;
      std::string_view object = script.substr(open, close - open + 1);
      std::string url, title;
      for (std::string& lit : JsStringLiterals(object)) {
        if (url.empty() && IsUrlLike(lit) && !HasCjk(lit, 1)) {
          url = lit;
        } else if (HasCjk(lit, 4) && lit.size() > title.size() && lit.find('<') == std::string::npos) {
          title = lit;
        }
      }
      std::string resolved;
      if (url.empty() || title.empty() || !ResolveUrl(page_url, url, &resolved).ok()) continue;
      AddItem(page, resolved, title, FindDate(object), "script");
    }
  }
}

// Hanweb <datastore>: items from every <record><![CDATA[...]]></record>.
int ReadDatastore(std::string_view xml, std::string_view page_url, ColumnPage* page) {
  int records = 0;
  size_t from = 0;
  while ((from = xml.find("<record>", from)) != std::string_view::npos) {
    size_t end = xml.find("</record>", from);
    if (end == std::string_view::npos) break;
    std::string_view rec = xml.substr(from + 8, end - from - 8);
    if (size_t c = rec.find("<![CDATA["); c != std::string_view::npos) {
      rec.remove_prefix(c + 9);
      rec = rec.substr(0, rec.rfind("]]>"));
    }
    ++records;
    for (const PageLink& l : ExtractCandidateLinks(rec, page_url, nullptr)) {
      if (l.url.empty() || (l.kind != "a" && l.kind != "onclick" && l.kind != "data")) continue;
      const std::string& title = !l.title.empty() ? l.title : l.text;
      if (title.size() < 12) continue;  // an image link before the title link
      AddItem(page, l.url, title, FindDate(rec), "datastore");
      break;
    }
    from = end + 9;
  }
  return records;
}

}  // namespace

std::string_view CmsFamilyName(CmsFamily family) {
  switch (family) {
    case CmsFamily::kTrs: return "trs";
    case CmsFamily::kHanweb: return "hanweb";
    case CmsFamily::kGkmlpt: return "gkmlpt";
    case CmsFamily::kGeneric: return "generic";
    case CmsFamily::kUnknown: break;
  }
  return "auto";
}

CmsFamily CmsFamilyFromName(std::string_view name) {
  if (name == "trs") return CmsFamily::kTrs;
  if (name == "hanweb") return CmsFamily::kHanweb;
  if (name == "gkmlpt") return CmsFamily::kGkmlpt;
  if (name == "generic") return CmsFamily::kGeneric;
  return CmsFamily::kUnknown;
}

CmsFamily DetectCms(std::string_view html, std::string_view page_url) {
  if (Contains(page_url, "/gkmlpt/") || Contains(html, "gkmlpt")) return CmsFamily::kGkmlpt;
  if (Contains(html, "<datastore>") || Contains(html, "jpage/dataproxy.jsp") || Contains(page_url, "/col/col")) {
    return CmsFamily::kHanweb;
  }
  if (Contains(html, "createPageHTML(") || Contains(html, "pageControl(") || Contains(html, "TRS_Editor") ||
      Contains(html, "TRS_UEDITOR")) {
    return CmsFamily::kTrs;
  }
  return CmsFamily::kGeneric;
}

ColumnPage ParseColumnPage(std::string_view html, std::string_view page_url, CmsFamily family,
                           const ListRequest* request) {
  const ListRequest entry{std::string(page_url), "", false};
  const ListRequest& req = request != nullptr ? *request : entry;
  ColumnPage page;
  page.family = family == CmsFamily::kUnknown ? DetectCms(html, page_url) : family;
  switch (page.family) {
    case CmsFamily::kHanweb: {
      const int inline_records = ReadDatastore(html, page_url, &page);
      const std::string total = TagValue(html, "totalrecord");
      std::string total_text = !total.empty() ? total : ScriptValue(html, "totalRecord");
      page.total_records = IsNumber(total_text) ? static_cast<int>(LeadingInt(total_text, 0, INT32_MAX, 0)) : 0;
      const std::string column = ScriptValue(html, "columnid");
      if (!column.empty()) {
        const std::string perpage_text = ScriptValue(html, "perpage");
        const int perpage = IsNumber(perpage_text) ? static_cast<int>(LeadingInt(perpage_text, 1, 10000, 15)) : 15;
        const int group = inline_records > 0 ? inline_records : perpage * 3;
        const std::string proxy =
            Contains(html, "/module/jpage/dataproxy.jsp") ? "/module/jpage/dataproxy.jsp" : "/module/web/jpage/dataproxy.jsp";
        UrlParts parts;
        std::string base;
        if (SplitUrl(page_url, &parts).ok()) base = OriginOf(parts);
        const std::string form = "col=1&appid=1&webid=" + ScriptValue(html, "webid") + "&path=/&columnid=" + column +
                                 "&sourceContentType=1&unitid=" + ScriptValue(html, "unitid") +
                                 "&webname=" + ScriptValue(html, "webname") + "&permissiontype=0";
        const int total_n = page.total_records > 0 ? page.total_records : inline_records + group;
        for (int start = inline_records + 1; start <= total_n && !base.empty(); start += group) {
          const int end = std::min(start + group - 1, total_n);
          page.next_pages.push_back({base + proxy + "?startrecord=" + std::to_string(start) +
                                         "&endrecord=" + std::to_string(end) + "&perpage=" + std::to_string(perpage),
                                     form});
          if (page.total_records == 0) break;  // unknown total: one group at a time
        }
        page.pager_evidence = "Hanweb dataproxy.jsp groups of column " + column;
      }
      ReadHtmlList(html, page_url, req, &page, /*pager=*/page.next_pages.empty());
      break;
    }
    case CmsFamily::kGkmlpt: {
      std::string sid = ScriptValue(html, "SID");
      if (sid.empty()) sid = ScriptValue(html, "sid");
      std::string cat;
      if (size_t at = html.find("/gkmlpt/api/all/"); at != std::string_view::npos) {
        size_t j = at + 16;
        while (j < html.size() && IsDigit(html[j])) cat.push_back(html[j++]);
      }
      if (cat.empty()) cat = ScriptValue(html, "CATEGORY");
      if (const size_t hash = page_url.find('#'); cat.empty() && hash != std::string_view::npos) {
        // The category id only in the fragment: /gkmlpt/index#2390.
        for (size_t j = hash + 1; j < page_url.size() && IsDigit(page_url[j]); ++j) cat.push_back(page_url[j]);
      }
      UrlParts parts;
      if (!sid.empty() && !cat.empty() && SplitUrl(page_url, &parts).ok()) {
        page.next_pages.push_back({OriginOf(parts) + "/gkmlpt/api/all/" + cat + "?page=1&sid=" + sid, ""});
        page.pager_evidence = "gkmlpt API of category " + cat;
      }
      ReadHtmlList(html, page_url, req, &page, /*pager=*/false);
      break;
    }
    case CmsFamily::kTrs:
    case CmsFamily::kGeneric:
    case CmsFamily::kUnknown:
      ReadHtmlList(html, page_url, req, &page, /*pager=*/true);
      break;
  }
  return page;
}

namespace {

bool IsTitleKey(std::string_view key) {
  const std::string k = Lower(key);
  return k.find("title") != std::string::npos || k == "name" || k == "bt" || k == "subject" || k == "wjbt" ||
         k == "infotitle" || k == "doctitle";
}

// Every object of `j` with a URL-like string member and a title: an item.
void ReadJsonItems(const nlohmann::json& j, const std::string& base, ColumnPage* page, int depth) {
  if (depth > 12) return;
  if (j.is_array()) {
    for (const auto& v : j) ReadJsonItems(v, base, page, depth + 1);
    return;
  }
  if (j.is_string()) {
    const std::string& s = j.get_ref<const std::string&>();
    if (s.find("<a") != std::string::npos || s.find("<A") != std::string::npos) {
      ReadHtmlList(s, base, ListRequest{base, "", false}, page, /*pager=*/false);  // HTML in JSON (Hanweb build/unit)
    }
    return;
  }
  if (!j.is_object()) return;
  std::string url, title, date;
  for (const auto& [key, v] : j.items()) {
    if (v.is_string()) {
      const std::string& s = v.get_ref<const std::string&>();
      const std::string k = Lower(key);
      if (url.empty() && IsUrlLike(s) && (k.find("url") != std::string::npos || k.find("link") != std::string::npos ||
                                          k.find("href") != std::string::npos || k.find("path") != std::string::npos)) {
        url = s;
      } else if (IsTitleKey(key) && s.size() > title.size()) {
        title = s;
      } else if (date.empty() && (k.find("date") != std::string::npos || k.find("time") != std::string::npos)) {
        date = FindDate(s);
      } else {
        ReadJsonItems(v, base, page, depth + 1);  // a list written as HTML ({"data": {"html": "<li>…"}})
      }
    } else if (v.is_number_integer() && date.empty() && (Lower(key).find("time") != std::string::npos ||
                                                         Lower(key).find("date") != std::string::npos)) {
      int64_t t = v.get<int64_t>();
      if (t > 100000000000) t /= 1000;  // milliseconds
      if (t > 946684800 && t < 4102444800) {
        time_t secs = static_cast<time_t>(t);
        std::tm tm{};
        gmtime_r(&secs, &tm);
        char buf[16];
        std::strftime(buf, sizeof(buf), "%Y-%m-%d", &tm);
        date = buf;
      }
    } else {
      ReadJsonItems(v, base, page, depth + 1);
    }
  }
  std::string resolved;
  if (!url.empty() && !title.empty() && ResolveUrl(base, url, &resolved).ok()) AddItem(page, resolved, title, date, "json");
}

int JsonCount(const nlohmann::json& j, std::initializer_list<std::string_view> keys, int depth = 0) {
  if (depth > 6) return 0;
  if (j.is_object()) {
    for (const auto& [key, v] : j.items()) {
      const std::string k = Lower(key);
      for (std::string_view want : keys) {
        if (k == want) {
          if (v.is_number_integer()) return static_cast<int>(std::clamp<int64_t>(v.get<int64_t>(), 0, INT32_MAX));
          if (v.is_string() && IsNumber(v.get<std::string>())) return static_cast<int>(LeadingInt(v.get<std::string>(), 0, INT32_MAX, 0));
        }
      }
    }
    for (const auto& [key, v] : j.items()) {
      if (int n = JsonCount(v, keys, depth + 1); n > 0) return n;
    }
  }
  return 0;
}

}  // namespace

ColumnPage ParseJsonList(std::string_view text, const ListRequest& request) {
  ColumnPage page;
  page.family = CmsFamily::kGeneric;
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) return page;
  ReadJsonItems(j, request.url, &page, 0);
  page.total_records = JsonCount(j, {"total", "totalcount", "totalrecord", "totalrecords", "recordcount", "count", "totalnum"});
  page.total_pages = JsonCount(j, {"pagecount", "totalpage", "totalpages", "pages", "pagetotal", "countpage"});
  // The next page: the request's page parameter moved on, while items come.
  std::string next;
  if (!page.items.empty()) {
    if (!request.form.empty() && NextPageParameter(request.form, &next)) {
      page.next_pages.push_back({request.url, next, true});
      page.pager_evidence = "JSON list: page parameter of the form moved on";
    } else if (NextPageParameter(request.url, &next)) {
      page.next_pages.push_back({next, request.form, true});
      page.pager_evidence = "JSON list: page parameter of the URL moved on";
    }
  }
  return page;
}

ColumnPage ParseHanwebDataproxy(std::string_view xml, std::string_view request_url) {
  ColumnPage page;
  page.family = CmsFamily::kHanweb;
  ReadDatastore(xml, request_url, &page);
  const std::string total = TagValue(xml, "totalrecord");
  page.total_records = IsNumber(total) ? static_cast<int>(LeadingInt(total, 0, INT32_MAX, 0)) : 0;
  return page;
}

ColumnPage ParseGkmlptApi(std::string_view text, std::string_view request_url) {
  ColumnPage page;
  page.family = CmsFamily::kGkmlpt;
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return page;
  const auto& articles = j.value("articles", nlohmann::json::array());
  for (const auto& a : articles) {
    if (!a.is_object()) continue;
    std::string ref = a.contains("url") && a["url"].is_string() ? a["url"].get<std::string>()
                      : a.contains("post_url") && a["post_url"].is_string() ? a["post_url"].get<std::string>()
                                                                            : "";
    std::string url;
    if (ref.empty() || !ResolveUrl(request_url, ref, &url).ok()) continue;
    std::string date;
    if (a.contains("create_time")) {
      const auto& t = a["create_time"];
      if (t.is_string()) {
        date = FindDate(t.get<std::string>());
      } else if (t.is_number_integer()) {
        time_t secs = static_cast<time_t>(t.get<int64_t>());
        std::tm tm{};
        gmtime_r(&secs, &tm);
        char buf[16];
        std::strftime(buf, sizeof(buf), "%Y-%m-%d", &tm);
        date = buf;
      }
    }
    AddItem(&page, url, a.value("title", ""), date, "json");
  }
  page.total_records = j.value("total", 0);
  // Pages after page 1 are all listed from page 1's answer.
  std::string_view u = request_url;
  size_t p = u.find("page=");
  if (p != std::string_view::npos && (p == 0 || u[p - 1] == '?' || u[p - 1] == '&') &&
      ReadInt(u, p + 5, 1) == 1 && (p + 6 >= u.size() || !IsDigit(u[p + 6])) && !articles.empty()) {
    const int per_page = static_cast<int>(articles.size());
    const int pages = (page.total_records + per_page - 1) / per_page;
    page.total_pages = pages;
    for (int n = 2; n <= pages; ++n) {
      std::string next = std::string(u.substr(0, p + 5)) + std::to_string(n) + std::string(u.substr(p + 6));
      page.next_pages.push_back({next, ""});
    }
  }
  return page;
}

std::string ListPageProblem(std::string_view html) {
  const std::string lower = Lower(html.substr(0, std::min<size_t>(html.size(), 1 << 20)));
  std::string title;
  if (size_t at = lower.find("<title"); at != std::string::npos) {
    const size_t open_end = lower.find('>', at);
    const size_t close = lower.find("</title", at);
    if (open_end != std::string::npos && close != std::string::npos && close > open_end) {
      title = lower.substr(open_end + 1, close - open_end - 1);
    }
  }
  std::string h1;
  if (size_t at = lower.find("<h1"); at != std::string::npos) h1 = lower.substr(at, 200);
  for (std::string_view mark : {"404", "页面不存在", "找不到", "not found", "页面已删除", "信息不存在"}) {
    if (Contains(title, mark) || Contains(h1, mark)) return "soft 404 (" + std::string(mark) + " on a 200 page)";
  }
  if (Contains(lower, "type=\"password\"") || Contains(lower, "type='password'") || Contains(lower, "type=password") ||
      Contains(title, "登录") || Contains(title, "login")) {
    return "login wall";
  }
  return "";
}

PageTitleVerdict VerifyReportPage(std::string_view html) {
  const std::string lower = Lower(html.substr(0, std::min<size_t>(html.size(), 1 << 20)));
  std::vector<std::string> titles;
  auto element_text = [&](std::string_view tag) {
    size_t at = lower.find("<" + std::string(tag));
    if (at == std::string::npos) return;
    size_t open_end = lower.find('>', at);
    size_t close = lower.find("</" + std::string(tag), open_end);
    if (open_end == std::string::npos || close == std::string::npos) return;
    std::string text;
    bool in_tag = false;
    for (char c : html.substr(open_end + 1, close - open_end - 1)) {
      if (c == '<') in_tag = true;
      if (!in_tag) text.push_back(c);
      if (c == '>') in_tag = false;
    }
    titles.push_back(std::move(text));
  };
  element_text("title");
  if (!titles.empty()) {
    // "Document_Column_Site": the column's name (信息公开年度报告) must not
    // make any document of the column a report.
    std::string& t = titles.back();
    for (std::string_view sep : {"_", " - ", "--", "|", "——", "－"}) {
      if (const size_t at = t.find(sep); at != std::string::npos && at > 0) t.resize(at);
    }
  }
  for (size_t at = lower.find("<meta"); at != std::string::npos; at = lower.find("<meta", at + 5)) {
    const size_t end = lower.find('>', at);
    if (end == std::string::npos) break;
    const std::string_view tag = std::string_view(lower).substr(at, end - at);
    for (std::string_view name : {"articletitle", "\"title\"", "'title'", "description"}) {
      if (tag.find("name=" + std::string(name)) == std::string_view::npos &&
          tag.find("name=\"" + std::string(name) + "\"") == std::string_view::npos) {
        continue;
      }
      const size_t c = tag.find("content=");
      if (c == std::string_view::npos) break;
      const char quote = lower[at + c + 8];
      const size_t from = at + c + 9;
      const size_t to = lower.find(quote, from);
      if (to != std::string::npos) titles.emplace_back(html.substr(from, to - from));
      break;
    }
  }
  for (std::string_view h : {"h1", "h2", "h3"}) element_text(h);
  PageTitleVerdict v;
  for (const std::string& t : titles) {
    TitleClass c = ClassifyReportTitle(t);
    if (c.verdict == TitleVerdict::kReport) {
      v.is_report = true;
      v.year = TitleYear(t);
      v.title = t;
      v.reason = "page title '" + t + "'";
      return v;
    }
    if (v.reason.empty() && !t.empty()) v.reason = "page title '" + t + "': " + c.reason;
  }
  if (v.reason.empty()) v.reason = "the page has no title";
  return v;
}

std::vector<std::string> AttachmentLinks(std::string_view html, std::string_view page_url) {
  static constexpr std::string_view kExtensions[] = {".pdf", ".doc", ".docx", ".xls", ".xlsx", ".wps", ".et"};
  std::vector<std::string> out;
  for (const PageLink& l : ExtractLinks(html, page_url)) {
    if (l.kind != "a" && l.kind != "iframe" && l.kind != "frame") continue;
    std::string url = l.url;
    const std::string lower = Lower(url);
    // pdf.js viewers: .../viewer.html?file=<url-encoded URL>
    if (size_t f = lower.find("file="); f != std::string::npos && Contains(lower, "viewer")) {
      std::string encoded = url.substr(f + 5, url.find('&', f) - f - 5);
      std::string decoded;
      for (size_t i = 0; i < encoded.size(); ++i) {
        if (encoded[i] == '%' && i + 2 < encoded.size()) {
          decoded.push_back(static_cast<char>(std::strtol(encoded.substr(i + 1, 2).c_str(), nullptr, 16)));
          i += 2;
        } else {
          decoded.push_back(encoded[i]);
        }
      }
      std::string resolved;
      if (ResolveUrl(url, decoded, &resolved).ok()) url = resolved;
    } else {
      std::string_view path = std::string_view(lower).substr(0, lower.find('?'));
      bool is_file = Contains(lower, "downfile.jsp");
      for (auto ext : kExtensions) is_file = is_file || path.ends_with(ext);
      if (!is_file) continue;
    }
    if (std::find(out.begin(), out.end(), url) == out.end()) out.push_back(std::move(url));
  }
  return out;
}

}  // namespace govharvest
