#include "crawler/column.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <set>

#include "crawler/ascii.h"
#include "crawler/links.h"
#include "crawler/url.h"
#include "store/numbers.h"

namespace govharvest {

namespace {

using ascii::Lower;

bool Contains(std::string_view s, std::string_view part) { return s.find(part) != std::string_view::npos; }

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int ReadInt(std::string_view s, size_t i, size_t n) {
  int v = 0;
  for (size_t k = 0; k < n; ++k) {
    if (i + k >= s.size() || !IsDigit(s[i + k])) return -1;
    v = v * 10 + (s[i + k] - '0');
  }
  return v;
}

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

// Splits the argument list of a JS call starting at `open` (the '(') into
// trimmed, unquoted arguments.
std::vector<std::string> CallArguments(std::string_view s, size_t open) {
  std::vector<std::string> args;
  size_t close = s.find(')', open);
  if (close == std::string_view::npos) return args;
  std::string_view inner = s.substr(open + 1, close - open - 1);
  size_t start = 0;
  while (start <= inner.size()) {
    size_t comma = inner.find(',', start);
    std::string_view a = inner.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    while (!a.empty() && std::isspace(static_cast<unsigned char>(a.front()))) a.remove_prefix(1);
    while (!a.empty() && std::isspace(static_cast<unsigned char>(a.back()))) a.remove_suffix(1);
    if (a.size() >= 2 && (a.front() == '"' || a.front() == '\'') && a.back() == a.front()) {
      a = a.substr(1, a.size() - 2);
    }
    args.emplace_back(a);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return args;
}

bool IsNumber(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), IsDigit); }

std::string Directory(std::string_view url) {
  std::string_view u = url.substr(0, url.find_first_of("?#"));
  return std::string(u.substr(0, u.rfind('/') + 1));
}

// TRS static paging: createPageHTML(count, current, "index", "html"[, ..., records]),
// createPageHTML('container', count, current, 'index', 'shtml', records) and
// pageControl(count, current, "index", "shtml", ...).
void ReadTrsPaging(std::string_view html, std::string_view page_url, ColumnPage* page) {
  for (std::string_view call : {"createPageHTML(", "pageControl("}) {
    size_t at = html.find(call);
    if (at == std::string_view::npos) continue;
    std::vector<std::string> a = CallArguments(html, at + call.size() - 1);
    size_t k = (!a.empty() && !IsNumber(a[0])) ? 1 : 0;  // a container id comes first
    if (a.size() < k + 4 || !IsNumber(a[k]) || !IsNumber(a[k + 1])) continue;
    const int count = static_cast<int>(LeadingInt(a[k], 0, 1000000, 0));
    const int current = static_cast<int>(LeadingInt(a[k + 1], 0, 1000000, 0));
    const std::string& prefix = a[k + 2];
    const std::string& ext = a[k + 3];
    if (count <= 0 || count > 100000 || prefix.empty() || ext.empty()) continue;
    page->total_pages = count;
    if (a.size() > k + 4 && IsNumber(a.back())) page->total_records = static_cast<int>(LeadingInt(a.back(), 0, INT32_MAX, 0));
    const std::string dir = Directory(page_url);
    for (int i = 0; i < count; ++i) {
      if (i == current) continue;
      std::string url;
      const std::string name = prefix + (i == 0 ? "" : "_" + std::to_string(i)) + "." + ext;
      if (CanonicalizeUrl(dir + name, &url).ok()) page->next_pages.push_back({url, ""});
    }
    return;
  }
}

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
// index.* / default.*. Portals link their own column by its name
// (政府信息公开年报), which reads like a report title but is not one.
bool IsColumnUrl(std::string_view url) {
  std::string_view path = url.substr(0, url.find_first_of("?#"));
  const size_t scheme = path.find("://");
  if (scheme != std::string_view::npos) {
    const size_t slash = path.find('/', scheme + 3);
    path = slash == std::string_view::npos ? std::string_view("/") : path.substr(slash);
  }
  if (path.empty() || path.back() == '/') return true;
  std::string_view last = path.substr(path.rfind('/') + 1);
  return last == "index" || last.starts_with("index.") || last.starts_with("index_") || last.starts_with("default.");
}

void AddItem(ColumnPage* page, std::string url, std::string title, std::string date) {
  ListItem item;
  item.url = std::move(url);
  item.title = std::move(title);
  item.date = std::move(date);
  item.is_report = IsAnnualReportTitle(item.title) && !IsColumnUrl(item.url);
  item.year = ReportYear(item.title, item.date);
  page->items.push_back(std::move(item));
}

bool IsPagerText(std::string_view t) {
  static constexpr std::string_view kWords[] = {"下一页", "下页", "尾页", "末页", "后页", "上一页", "上页",
                                                 "首页",   ">",    ">>",   "»",    "next",  "last"};
  for (auto w : kWords) {
    if (t == w) return true;
  }
  return IsNumber(t) && t.size() <= 4;
}

bool IsNextText(std::string_view t) {
  return t == "下一页" || t == "下页" || t == "尾页" || t == "末页" || t == "后页" || t == ">" || t == ">>" ||
         t == "»" || t == "next" || t == "last" || (IsNumber(t) && t.size() <= 4);
}

// Items (links with a title, and a date next to them) and pager links.
void ReadLinks(std::string_view html, std::string_view page_url, ColumnPage* page, bool pager) {
  std::vector<PageLink> links = ExtractLinks(html, page_url);
  std::set<std::string> seen;
  for (size_t n = 0; n < links.size(); ++n) {
    PageLink& l = links[n];
    if (l.kind == "script_location" || l.kind == "meta_refresh") {
      page->subcolumns.push_back(l.url);
      continue;
    }
    if (l.kind != "a") continue;
    std::string_view path = std::string_view(l.url).substr(0, l.url.find('?'));
    // Year sub-columns: nb_2022n/, 2021n1/ ...
    for (size_t p = path.find("20"); p != std::string_view::npos; p = path.find("20", p + 1)) {
      if (p > 0 && path[p - 1] != '/' && path[p - 1] != '_') continue;
      if (ReadInt(path, p, 4) >= 2000 && p + 4 < path.size() && path[p + 4] == 'n' &&
          path.find('/', p) != std::string_view::npos && path.back() == '/') {
        page->subcolumns.push_back(l.url);
        break;
      }
    }
    if (!page->subcolumns.empty() && page->subcolumns.back() == l.url) continue;
    if (pager && IsPagerText(l.text)) {
      if (IsNextText(l.text) && l.url != page_url) page->next_pages.push_back({l.url, ""});
      continue;
    }
    std::string title = !l.title.empty() ? l.title : l.text;
    if (title.size() < 12 || !seen.insert(l.url).second) continue;  // navigation, not an item
    size_t next_anchor = n + 1 < links.size() ? links[n + 1].end_offset : html.size();
    std::string_view after = html.substr(std::min(l.end_offset, html.size()),
                                         std::min<size_t>(400, next_anchor > l.end_offset ? next_anchor - l.end_offset : 0));
    AddItem(page, l.url, std::move(title), FindDate(after));
  }
  std::sort(page->subcolumns.begin(), page->subcolumns.end());
  page->subcolumns.erase(std::unique(page->subcolumns.begin(), page->subcolumns.end()), page->subcolumns.end());
  std::vector<ListRequest> unique;
  for (auto& r : page->next_pages) {
    if (std::find(unique.begin(), unique.end(), r) == unique.end()) unique.push_back(std::move(r));
  }
  page->next_pages = std::move(unique);
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
    for (const PageLink& l : ExtractLinks(rec, page_url)) {
      if (l.kind != "a") continue;
      AddItem(page, l.url, !l.title.empty() ? l.title : l.text, FindDate(rec));
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

ColumnPage ParseColumnPage(std::string_view html, std::string_view page_url, CmsFamily family) {
  ColumnPage page;
  page.family = family == CmsFamily::kUnknown ? DetectCms(html, page_url) : family;
  switch (page.family) {
    case CmsFamily::kTrs:
      ReadTrsPaging(html, page_url, &page);
      ReadLinks(html, page_url, &page, /*pager=*/page.next_pages.empty());
      break;
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
      }
      if (page.items.empty()) ReadLinks(html, page_url, &page, /*pager=*/true);
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
      UrlParts parts;
      if (!sid.empty() && !cat.empty() && SplitUrl(page_url, &parts).ok()) {
        page.next_pages.push_back({OriginOf(parts) + "/gkmlpt/api/all/" + cat + "?page=1&sid=" + sid, ""});
      }
      ReadLinks(html, page_url, &page, /*pager=*/false);
      break;
    }
    case CmsFamily::kGeneric:
    case CmsFamily::kUnknown:
      ReadLinks(html, page_url, &page, /*pager=*/true);
      break;
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
    AddItem(&page, url, a.value("title", ""), date);
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

bool IsAnnualReportTitle(std::string_view t) {
  if (Contains(t, "年度报告") && !Contains(t, "统计年度报告")) return true;
  if (Contains(t, "年报")) {
    for (std::string_view not_gip : {"统计年报", "财务年报", "决算年报", "企业年报", "年报公示"}) {
      if (Contains(t, not_gip)) return false;
    }
    return true;
  }
  return Contains(t, "信息公开") && (Contains(t, "工作报告") || Contains(t, "年度工作"));
}

int ReportYear(std::string_view title, std::string_view date) {
  // Arabic digits followed by 年.
  for (size_t i = 0; i + 7 <= title.size(); ++i) {
    if ((i == 0 || !IsDigit(title[i - 1])) && title.substr(i + 4, 3) == "年") {
      int y = ReadInt(title, i, 4);
      if (y >= 2000 && y <= 2100) return y;
    }
  }
  // Chinese numerals: 二〇二一年, 二O二一年, 二零二一年.
  static constexpr std::pair<std::string_view, int> kDigits[] = {
      {"〇", 0}, {"○", 0}, {"零", 0}, {"Ｏ", 0}, {"O", 0}, {"o", 0}, {"一", 1}, {"二", 2}, {"三", 3},
      {"四", 4}, {"五", 5}, {"六", 6}, {"七", 7}, {"八", 8}, {"九", 9}};
  for (size_t i = 0; i < title.size(); ++i) {
    int value = 0, digits = 0;
    size_t j = i;
    while (digits < 4 && j < title.size()) {
      bool matched = false;
      for (const auto& [text, d] : kDigits) {
        if (title.substr(j, text.size()) == text) {
          value = value * 10 + d;
          j += text.size();
          matched = true;
          break;
        }
      }
      if (!matched) break;
      ++digits;
    }
    if (digits == 4 && title.substr(j, 3) == "年" && value >= 2000 && value <= 2100) return value;
  }
  const int y = ReadInt(date, 0, 4);
  return y > 2000 ? y - 1 : 0;
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
