#include "app/portal/portal_columns.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <tuple>
#include <cctype>

#include "app/portal/portal_content.h"
#include "store/html_escape.h"

namespace govharvest::portal {

namespace {

using json = nlohmann::json;
using Ctx = std::map<std::string, std::string>;

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}


std::string Render(const std::string& tpl, const Ctx& ctx) { return RenderTemplate(tpl, ctx); }

// At most `max_chars` characters of UTF-8 `s`; `ellipsis` appended when cut.
std::string Cut(const std::string& s, size_t max_chars, const std::string& ellipsis) {
  size_t chars = 0, i = 0;
  while (i < s.size() && chars < max_chars) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    i += c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
    ++chars;
  }
  return i >= s.size() ? s : s.substr(0, i) + ellipsis;
}

std::string PercentEncode(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// A non-negative number of at most seven digits; -1 for anything else.
int SmallInt(std::string_view s) {
  if (s.empty() || s.size() > 7) return -1;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

std::string Two(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }

struct Date {
  int y = 0, m = 0, d = 0;
  std::string Iso() const { return std::to_string(y) + "-" + Two(m) + "-" + Two(d); }
  bool operator<(const Date& o) const { return std::tie(y, m, d) < std::tie(o.y, o.m, o.d); }
};

Date RandomDate(Rng& rng, int year, int month_lo, int month_hi) {
  Date d{year, rng.Range(month_lo, month_hi), 0};
  d.d = rng.Range(1, 28);
  return d;
}

std::string FormatDate(const Date& d, const std::string& format) {
  if (format == "cn") return std::to_string(d.y) + "年" + Two(d.m) + "月" + Two(d.d) + "日";
  if (format == "dot") return std::to_string(d.y) + "." + Two(d.m) + "." + Two(d.d);
  if (format == "slash") return std::to_string(d.y) + "/" + Two(d.m) + "/" + Two(d.d);
  if (format == "mmdd") return Two(d.m) + "-" + Two(d.d);
  return d.Iso();
}

std::string Hex(Rng& rng, int n) {
  static const char* hex = "0123456789abcdef";
  std::string s;
  for (int i = 0; i < n; ++i) s += hex[rng.Next() & 15];
  return s;
}

std::string Guid(Rng& rng) { return Hex(rng, 8) + "-" + Hex(rng, 4) + "-" + Hex(rng, 4) + "-" + Hex(rng, 4) + "-" + Hex(rng, 12); }

// A GUID without its dashes (32 hex digits, the id form of flk.npc.gov.cn).
std::string Uuid32(const std::string& guid) {
  std::string out;
  for (char c : guid) {
    if (c != '-') out += c;
  }
  return out;
}

std::string DirOf(const std::string& path) { return path.substr(0, path.rfind('/') + 1); }

// How a page links another page of the same site: relative to the page's
// folder when the target is inside it, else the absolute path.
std::string LinkFrom(const std::string& from_path, const std::string& to_path) {
  const std::string dir = DirOf(from_path.substr(0, from_path.find('?')));
  const std::string to_plain = to_path.substr(0, to_path.find('?'));
  if (StartsWith(to_plain, dir) && to_plain.size() > dir.size()) return to_path.substr(dir.size());
  return to_path;
}

// One column entry: a report or a look-alike.
struct CItem {
  std::string path;
  std::string title;
  Date date;
  int year = 0;            // report year; for decoys the year in the title
  bool report = false;
  std::string kind;        // "report", or the decoy kind
  std::string id;          // document id
  std::string guid;
  int folder = 0;          // year sub-column (years mode)
  int group = -1;          // years mode: the year_groups entry it is listed in (-1: the year's own list)
  std::string who;         // reports: the body the title names
};

// One list: the items of the column, or of one year sub-column.
struct ListSpec {
  std::string dir;                 // folder the page templates are relative to
  std::vector<size_t> items;       // indexes into Variant::items, newest first
  int year = 0;                    // years mode: the sub-column's year
  int group = -1;                  // years mode: a year_groups sub-list of that year (-1: the year's own list)
};

struct Variant {
  json spec;
  std::string id, address, base, mode, entry, fragment, agency, out_of_range, date_format;
  int per_page = 10;
  std::vector<std::string> template_dirs;
  Ctx vars;
  std::vector<CItem> items;
  std::vector<ListSpec> lists;     // one, or one per year (years mode)
  std::map<std::string, size_t> by_path;
  int64_t requests = 0, not_found = 0, posts = 0;
};

// One request served, for /__admin/requests.
struct LoggedRequest {
  std::string host, target, method;
  int64_t time_us = 0;  // since the portal started
  int status = 0;
};

// The sample `timestamp` (ms) of the API requests the manifest lists; the
// page's script sends the browser's clock.
constexpr int64_t kSampleTimestampMs = 1764892800000;

// The request log keeps at most this many entries (then counts the others).
constexpr size_t kMaxLoggedRequests = 200000;

}  // namespace

struct ColumnPortal::Impl {
  std::filesystem::path root, dir;
  uint64_t seed = 1;
  int port = 0;
  json spec;
  std::vector<Variant> variants;
  std::map<std::string, std::string> templates;
  const std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  std::vector<LoggedRequest> request_log;  // in the order they came in
  int64_t requests_not_logged = 0;
  mutable std::mutex mu;

  // ---- loading -----------------------------------------------------------

  const std::string& Template(const Variant& v, const std::string& name) {
    const std::string key = v.id + "/" + name;
    auto it = templates.find(key);
    if (it == templates.end()) it = templates.emplace(key, LoadTemplate(dir, v.template_dirs, name)).first;
    return it->second;
  }

  // A spec string of the variant, else of "defaults".
  std::string S(const Variant& v, const std::string& key, const std::string& fallback = "") const {
    if (v.spec.contains(key)) return v.spec[key].get<std::string>();
    if (spec.contains("defaults") && spec["defaults"].contains(key)) return spec["defaults"][key].get<std::string>();
    return fallback;
  }

  std::string Pick(Rng& rng, const json& pool) {
    return pool.at(static_cast<size_t>(rng.Range(0, static_cast<int>(pool.size()) - 1))).get<std::string>();
  }

  std::string FillNames(std::string text, const Ctx& values) {
    for (const auto& [k, val] : values) text = ReplaceAll(std::move(text), "{" + k + "}", val);
    return text;
  }

  void BuildItems(Variant& v, Rng& rng) {
    const json& s = v.spec;
    const json& pools = spec.at("pools");
    std::vector<int> years;
    for (const auto& y : s.at("report_years")) years.push_back(y.get<int>());
    const int depts = s.value("department_reports", 0);
    const json& forms = s.contains("report_titles") ? s["report_titles"] : pools.at("report_titles");
    // Reports: the agency's own for every year, and `depts` of its departments.
    std::vector<CItem> items;
    std::set<std::string> titles;
    auto add_report = [&](const std::string& who, int year, const json& title_forms, const std::string& name, int group) {
      CItem it;
      it.report = true;
      it.kind = "report";
      it.year = year;
      it.group = group;
      it.who = who;
      for (int attempt = 0; attempt < 20; ++attempt) {
        it.title = FillNames(Pick(rng, title_forms), {{"agency", who}, {"name", name}, {"year", std::to_string(year)}});
        if (titles.insert(it.title).second) break;
      }
      it.date = RandomDate(rng, year + 1, 1, 3);
      items.push_back(it);
    };
    for (int y : years) add_report(v.agency, y, forms, v.agency, -1);
    std::set<std::pair<std::string, int>> taken;
    for (int i = 0; i < depts; ++i) {
      // One report per department and year.
      for (int attempt = 0; attempt < 50; ++attempt) {
        const std::string dept = v.vars.at("city_short") + Pick(rng, pools.at("departments"));
        const int year = years.at(static_cast<size_t>(rng.Range(0, static_cast<int>(years.size()) - 1)));
        if (!taken.insert({dept, year}).second) continue;
        add_report(dept, year, forms, dept, -1);
        break;
      }
    }
    // Years mode: sub-lists of each year folder holding other bodies' reports
    // (a district's 街乡镇 and 部门 folders), one report per body and year
    // within the body's `from`..`to` years.
    const json& groups = s.contains("year_groups") ? s["year_groups"] : json::array();
    for (size_t g = 0; g < groups.size(); ++g) {
      const json& group_forms = groups[g].contains("report_titles") ? groups[g]["report_titles"] : forms;
      for (int y : years) {
        for (const auto& b : groups[g].at("bodies")) {
          if (y < b.value("from", 0) || y > b.value("to", 9999)) continue;
          const std::string who = b.at("agency").get<std::string>();
          add_report(who, y, group_forms, b.value("name", who), static_cast<int>(g));
        }
      }
    }
    // Look-alikes and notices.
    const json& decoy_titles = spec.at("decoys");
    for (const auto& k : s.at("decoys")) {
      const std::string kind = k.get<std::string>();
      if (!decoy_titles.contains(kind)) throw std::runtime_error(v.id + ": unknown decoy kind " + kind);
      CItem it;
      it.kind = kind;
      it.year = rng.Range(years.front() < years.back() ? years.front() : years.back(),
                          years.front() < years.back() ? years.back() : years.front());
      it.title = FillNames(Pick(rng, decoy_titles[kind]),
                           {{"agency", v.agency}, {"city", v.vars.at("city")}, {"year", std::to_string(it.year)},
                            {"next", std::to_string(it.year + 1)}});
      // A notice about compiling the report comes before it; the others in the year after.
      // (No date after 2026-10: the columns look the same whenever they are served.)
      it.date = kind == "compile" ? RandomDate(rng, it.year + 1, 1, 1) : RandomDate(rng, it.year + 1, 1, it.year + 1 >= 2026 ? 10 : 12);
      items.push_back(it);
    }
    std::stable_sort(items.begin(), items.end(), [](const CItem& a, const CItem& b) { return b.date < a.date; });
    // Ids grow with the date.
    int64_t id = rng.Range(100000, 900000);
    for (auto it = items.rbegin(); it != items.rend(); ++it) {
      id += rng.Range(3, 400);
      it->id = std::to_string(id);
      it->guid = Guid(rng);
      it->folder = it->year;
    }
    for (auto& it : items) {
      Ctx c = v.vars;
      c["y"] = std::to_string(it.date.y);
      c["m"] = std::to_string(it.date.m);
      c["d"] = std::to_string(it.date.d);
      c["mm"] = Two(it.date.m);
      c["dd"] = Two(it.date.d);
      c["ym"] = std::to_string(it.date.y) + Two(it.date.m);
      c["ymd"] = c["ym"] + Two(it.date.d);
      c["id"] = it.id;
      c["guid"] = it.guid;
      c["uuid32"] = Uuid32(it.guid);
      c["folder"] = FolderDir(v, it.folder) + GroupDir(v, it.group, it.folder);
      c["id_2"] = it.id.substr(0, 2);
      c["id_5"] = it.id.substr(0, 5);
      c["snow"] = "1906985" + std::string(12 - std::min<size_t>(12, it.id.size()), '0') + it.id;
      it.path = Render(S(v, "detail"), c);
      if (v.by_path.count(it.path)) throw std::runtime_error(v.id + ": two items at " + it.path);
      v.by_path[it.path] = static_cast<size_t>(&it - items.data());
    }
    v.items = std::move(items);
  }

  std::string FolderDir(const Variant& v, int year) const {
    if (v.mode != "years") return "";
    return Render(v.spec.at("year_dir").get<std::string>(), {{"year", std::to_string(year)}});
  }

  // The folder of year_groups entry `group` inside year folder `year` ("" for
  // -1): its "dir" with {{year}} and {{num}}, a channel-like number fixed by
  // year and group (real sites number these folders: xzjd13/, xzjd49/).
  std::string GroupDir(const Variant& v, int group, int year) const {
    if (group < 0) return "";
    const json& g = v.spec.at("year_groups").at(static_cast<size_t>(group));
    const int num = (year * 37 + group * 13) % 60 + 1;
    return Render(g.at("dir").get<std::string>(), {{"year", std::to_string(year)}, {"num", std::to_string(num)}});
  }

  void BuildLists(Variant& v) {
    if (v.mode == "years") {
      std::set<int, std::greater<int>> folders;
      for (const auto& it : v.items) folders.insert(it.folder);
      const size_t groups = v.spec.contains("year_groups") ? v.spec["year_groups"].size() : 0;
      for (int y : folders) {
        // The year's own list, then its group sub-lists (those with reports).
        for (int g = -1; g < static_cast<int>(groups); ++g) {
          ListSpec l;
          l.year = y;
          l.group = g;
          l.dir = FolderDir(v, y) + GroupDir(v, g, y);
          for (size_t i = 0; i < v.items.size(); ++i) {
            if (v.items[i].folder == y && v.items[i].group == g) l.items.push_back(i);
          }
          if (g < 0 || !l.items.empty()) v.lists.push_back(l);
        }
      }
    } else {
      ListSpec l;
      l.dir = DirOf(v.entry);
      for (size_t i = 0; i < v.items.size(); ++i) l.items.push_back(i);
      v.lists.push_back(l);
    }
  }

  void Load(const std::vector<ColumnInstance>* instances) {
    dir = root / "app/portal/columns";
    spec = json::parse(ReadFileOrThrow(dir / "variants.json"));
    json list = spec.at("variants");
    std::vector<std::string> bases(list.size());
    if (instances != nullptr) {
      std::map<std::string, json> by_id;
      for (const auto& v : list) by_id[v.at("id").get<std::string>()] = v;
      list = json::array();
      bases.clear();
      for (const ColumnInstance& in : *instances) {
        if (!by_id.count(in.variant)) throw std::runtime_error(in.id + ": no column variant " + in.variant);
        json v = by_id[in.variant];
        v.merge_patch(in.patch);
        v["id"] = in.id;
        list.push_back(v);
        bases.push_back(in.base);
      }
    }
    std::set<std::string> ids;
    for (size_t i = 0; i < list.size(); ++i) {
      Variant v;
      v.spec = list[i];
      v.id = v.spec.at("id").get<std::string>();
      if (!ids.insert(v.id).second) throw std::runtime_error("variant " + v.id + " twice");
      v.address = "127.0.0." + std::to_string(101 + i);
      v.base = bases[i];
      v.mode = v.spec.at("mode").get<std::string>();
      static const std::set<std::string> modes = {"inline", "iframe", "years", "jpaas", "postapi", "gkmlpt", "aspnet", "jspform", "jsapi", "spa"};
      if (!modes.count(v.mode)) throw std::runtime_error(v.id + ": unknown mode " + v.mode);
      const std::string entry = v.spec.at("entry").get<std::string>();
      v.entry = entry.substr(0, entry.find('#'));
      if (entry.find('#') != std::string::npos) v.fragment = entry.substr(entry.find('#'));
      v.per_page = v.spec.at("per_page").get<int>();
      v.out_of_range = S(v, "out_of_range", "404");
      v.date_format = S(v, "date", "iso");
      for (const auto& t : v.spec.at("templates")) v.template_dirs.push_back(t.get<std::string>());
      v.template_dirs.push_back("common");
      Rng rng(seed * 0x9E3779B97F4A7C15ULL + std::hash<std::string>{}(v.id));
      const json& agencies = spec.at("pools").at("agencies");
      const json& a = v.spec.at("agency").is_object() ? v.spec.at("agency") : agencies.at(v.spec.at("agency").get<size_t>());
      v.agency = a.at("agency").get<std::string>();
      v.vars = {{"agency", v.agency}, {"city", a.at("city").get<std::string>()},
                {"city_short", a.at("short").get<std::string>()}, {"column_name", S(v, "column_name", "政府信息公开年报")},
                {"entry", v.entry}, {"site_code", std::to_string(rng.Range(1000000000, 2000000000))},
                {"icp", a.value("icp", "ICP备") + std::to_string(rng.Range(10000000, 99999999)) + "号"},
                {"index_prefix", std::to_string(rng.Range(10000000, 99999999)) + "X"}};
      if (v.spec.contains("vars")) {
        for (const auto& [k, val] : v.spec["vars"].items()) v.vars[k] = val.get<std::string>();
      }
      BuildItems(v, rng);
      BuildLists(v);
      variants.push_back(std::move(v));
    }
  }

  // ---- URLs ----------------------------------------------------------------

  std::string Base(const Variant& v) const {
    return v.base.empty() ? "http://" + v.address + ":" + std::to_string(port) : v.base;
  }
  std::string Url(const Variant& v, const std::string& path) const { return Base(v) + path; }

  int PageCount(const Variant& v, const ListSpec& l) const {
    return std::max(1, static_cast<int>((l.items.size() + static_cast<size_t>(v.per_page) - 1) / static_cast<size_t>(v.per_page)));
  }

  // The number a page carries in its URL or request (page p counts from 0).
  int PageNumber(const Variant& v, int p) const { return p + v.spec.value("number_offset", 0); }

  // Path of static page p of list l (inline, iframe and years modes, and the
  // GET pages of the POST modes).
  std::string PagePath(const Variant& v, const ListSpec& l, int p) const {
    std::string tpl = p == 0 ? v.spec.at("pages").at("first").get<std::string>() : v.spec.at("pages").at("nth").get<std::string>();
    tpl = Render(tpl, {{"n", std::to_string(PageNumber(v, p))}});
    return tpl[0] == '/' ? tpl : l.dir + tpl;
  }

  // Which list and page a GET path+query asks for; false when none. `page`
  // may be out of range.
  bool MatchPage(const Variant& v, const std::string& target, size_t* list, int* page) const {
    for (size_t li = 0; li < v.lists.size(); ++li) {
      const ListSpec& l = v.lists[li];
      if (target == PagePath(v, l, 0) || (PagePath(v, l, 0).ends_with("/index.html") && target == l.dir &&
                                          v.mode != "iframe")) {
        *list = li;
        *page = 0;
        return true;
      }
      std::string nth = v.spec.at("pages").at("nth").get<std::string>();
      if (nth[0] != '/') nth = l.dir + nth;
      const size_t at = nth.find("{{n}}");
      if (at == std::string::npos) continue;
      const std::string prefix = nth.substr(0, at), suffix = nth.substr(at + 5);
      if (target.size() > prefix.size() + suffix.size() && StartsWith(target, prefix) && EndsWith(target, suffix)) {
        const int n = SmallInt(std::string_view(target).substr(prefix.size(), target.size() - prefix.size() - suffix.size()));
        if (n < 0) continue;
        *list = li;
        *page = n - v.spec.value("number_offset", 0);
        // The numbered form of the first page exists only where the CMS says so.
        if (*page == 0 && !v.spec.value("nth_covers_first", false)) *page = -1;
        return true;
      }
    }
    return false;
  }

  // ---- rendering -------------------------------------------------------------

  Ctx ItemCtx(const Variant& v, const CItem& it, const std::string& page_path) const {
    Ctx c = v.vars;
    c["path"] = it.path;
    c["url"] = Url(v, it.path);
    const std::string href = S(v, "href", "abs");
    const std::string d = DirOf(page_path.substr(0, page_path.find('?')));
    const std::string parent = d.size() > 1 ? DirOf(d.substr(0, d.size() - 1)) : d;
    if (href == "rel") {
      c["href"] = StartsWith(it.path, d) ? "./" + it.path.substr(d.size()) : it.path;
    } else if (href == "parent") {
      c["href"] = StartsWith(it.path, d) ? "./" + it.path.substr(d.size())
                  : StartsWith(it.path, parent) ? "../" + it.path.substr(parent.size()) : it.path;
    } else if (href == "proto") {
      c["href"] = "//" + Base(v).substr(7) + it.path;
    } else {
      c["href"] = href == "full" ? Url(v, it.path) : it.path;
    }
    c["title"] = it.title;
    const int chars = v.spec.value("short_chars", 0);
    c["short"] = chars > 0 ? Cut(it.title, static_cast<size_t>(chars), S(v, "ellipsis", "...")) : it.title;
    c["date"] = FormatDate(it.date, v.date_format);
    c["iso"] = it.date.Iso();
    c["date_cn"] = FormatDate(it.date, "cn");
    c["date_dot"] = FormatDate(it.date, "dot");
    c["mmdd"] = FormatDate(it.date, "mmdd");
    c["year"] = std::to_string(it.year);
    c["id"] = it.id;
    c["guid"] = it.guid;
    return c;
  }

  // The items and pager of page p of list l, as the page at `page_path` shows them.
  Ctx PageCtx(const Variant& v, const ListSpec& l, int p, bool empty, const std::string& page_path) {
    const int count = PageCount(v, l);
    Ctx c = v.vars;
    std::string items;
    if (!empty) {
      const std::string sep = S(v, "item_sep", "\n");
      const std::string& tpl = v.spec.contains("item_html") ? v.spec["item_html"].get_ref<const std::string&>()
                                                            : Template(v, S(v, "item", "item.html"));
      for (size_t i = static_cast<size_t>(p * v.per_page);
           i < l.items.size() && i < static_cast<size_t>((p + 1) * v.per_page); ++i) {
        if (!items.empty()) items += sep;
        std::string one = Render(tpl, ItemCtx(v, v.items[l.items[i]], page_path));
        while (!one.empty() && one.back() == '\n') one.pop_back();
        items += one;
      }
    }
    c["items"] = items;
    c["count"] = std::to_string(count);
    c["index0"] = std::to_string(p);
    c["page"] = std::to_string(p + 1);
    c["number"] = std::to_string(PageNumber(v, p));
    c["total"] = std::to_string(l.items.size());
    c["per_page"] = std::to_string(v.per_page);
    c["year"] = std::to_string(l.year);
    const bool static_pages = v.mode == "inline" || v.mode == "iframe" || v.mode == "years";
    auto link = [&](int q) { return static_pages ? LinkFrom(page_path, PagePath(v, l, q)) : std::to_string(PageNumber(v, q)); };
    c["first"] = link(0);
    c["last"] = link(count - 1);
    c["next"] = p + 1 < count ? link(p + 1) : "";
    c["next_number"] = p + 1 < count ? std::to_string(PageNumber(v, p + 1)) : "";
    c["prev"] = p > 0 ? link(p - 1) : "";
    c["last_number"] = std::to_string(PageNumber(v, count - 1));
    std::string numbers;
    if (v.spec.contains("pager_number")) {
      for (int q = 0; q < count; ++q) {
        Ctx n = c;
        n["n"] = std::to_string(q + 1);
        n["href"] = link(q);
        n["number"] = std::to_string(PageNumber(v, q));
        numbers += Render(S(v, q == p ? "pager_current" : "pager_number"), n);
      }
    }
    c["numbers"] = numbers;
    c["pager"] = v.spec.contains("pager") ? Render(S(v, "pager"), c) : "";
    // Years mode: the year's own list links its group sub-lists.
    std::string group_links;
    for (const ListSpec& sub : v.lists) {
      if (l.group >= 0 || sub.group < 0 || sub.year != l.year || v.mode != "years") continue;
      Ctx g = v.vars;
      g["href"] = LinkFrom(page_path, sub.dir);
      g["name"] = v.spec.at("year_groups").at(static_cast<size_t>(sub.group)).at("name").get<std::string>();
      group_links += Render(S(v, "group_item", "<li><a href=\"{{href}}\">{{name}}</a></li>\n"), g);
    }
    c["groups"] = group_links;
    c["viewstate"] = Viewstate(v, p);
    return c;
  }

  // ASP.NET page state: a deterministic stand-in for __VIEWSTATE, one per page.
  static std::string Viewstate(const Variant& v, int p) { return "/wEPDwUKMTk" + PercentSafeBase(v.id + ":" + std::to_string(p)); }

  static std::string PercentSafeBase(const std::string& s) {
    static const char* b = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    std::string out;
    uint64_t h = 1469598103934665603ULL;
    for (unsigned char ch : s) {
      h = (h ^ ch) * 1099511628211ULL;
      out += b[h % 62];
      out += b[(h >> 20) % 62];
    }
    return out;
  }

  std::string ListHtml(Variant& v, const ListSpec& l, int p, bool empty, const std::string& page_path) {
    Ctx c = PageCtx(v, l, p, empty, page_path);
    return Render(Template(v, S(v, "list", "list.html")), c);
  }

  std::string DetailHtml(Variant& v, const CItem& it) {
    Rng rng(seed ^ std::hash<std::string>{}(v.id + it.id));
    Ctx c = ItemCtx(v, it, it.path);
    c["y"] = std::to_string(it.date.y);
    c["body"] = it.report ? ReportBody(v, it, rng) : NoticeBody(v, it);
    c["date"] = FormatDate(it.date, "cn");
    return Render(Template(v, S(v, "detail_template", "detail.html")), c);
  }

  static std::string P(const std::string& s) { return "<p>" + HtmlEscape(s) + "</p>\n"; }

  std::string ReportBody(const Variant& v, const CItem& it, Rng& rng) {
    const std::string who = it.title.substr(0, it.title.find(std::to_string(it.year)));
    const std::string y = std::to_string(it.year);
    std::string b;
    b += P("本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和国务院办公厅政府信息与政务公开办公室有关要求编制。"
           "报告所列数据的统计期限自" + y + "年1月1日起至" + y + "年12月31日止。");
    b += "<p><strong>一、总体情况</strong></p>\n";
    b += P(y + "年，" + who + "深入贯彻落实《条例》，围绕中心工作，持续推进决策、执行、管理、服务、结果公开，全年主动公开政府信息" +
           std::to_string(rng.Range(120, 3800)) + "条。");
    b += "<p><strong>二、主动公开政府信息情况</strong></p>\n<table border=\"1\" cellspacing=\"0\">\n"
         "<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>\n";
    for (const char* row : {"规章", "行政规范性文件"}) {
      b += "<tr><td>" + std::string(row) + "</td><td>" + std::to_string(rng.Range(0, 30)) + "</td><td>" +
           std::to_string(rng.Range(0, 9)) + "</td><td>" + std::to_string(rng.Range(10, 200)) + "</td></tr>\n";
    }
    b += "</table>\n<p><strong>三、收到和处理政府信息公开申请情况</strong></p>\n";
    b += P("本年新收政府信息公开申请" + std::to_string(rng.Range(3, 400)) + "件，上年结转" + std::to_string(rng.Range(0, 12)) + "件。");
    b += "<p><strong>四、政府信息公开行政复议、行政诉讼情况</strong></p>\n";
    b += P("因政府信息公开工作被申请行政复议" + std::to_string(rng.Range(0, 9)) + "件，提起行政诉讼" + std::to_string(rng.Range(0, 5)) + "件。");
    b += "<p><strong>五、存在的主要问题及改进情况</strong></p>\n";
    b += P("主动公开的及时性和解读质量仍需提升。下一步将加强培训，完善信息发布审核机制。");
    b += "<p><strong>六、其他需要报告的事项</strong></p>\n";
    b += P("本年度未收取信息处理费。" + v.vars.at("city") + "政务公开工作要点落实情况已在门户网站专栏公开。");
    return b;
  }

  std::string NoticeBody(const Variant& v, const CItem& it) {
    std::string b = P("各有关单位：");
    if (it.kind == "compile" || it.kind == "publish") {
      b += P("为做好" + std::to_string(it.year) + "年度政府信息公开工作年度报告编制和发布工作，现将有关事项通知如下。"
             "各单位应于1月31日前在本单位门户网站公布年度报告，并报送" + v.agency + "办公室。");
    } else {
      b += P("现将有关事项通知（公告）如下。请各单位认真组织实施，确保各项工作落到实处。");
    }
    b += P(v.agency + "办公室");
    return b;
  }

  // ---- serving ---------------------------------------------------------------

  static HttpResponse Html(std::string body) { return TextResponse(200, "text/html; charset=utf-8", std::move(body)); }

  HttpResponse NotFound(Variant& v) {
    ++v.not_found;
    return TextResponse(404, "text/html; charset=utf-8", Template(v, "404.html"));
  }

  // Page p of list l, with the variant's out-of-range rule.
  HttpResponse ServePage(Variant& v, size_t li, int p, const std::string& page_path,
                         const std::function<HttpResponse(const ListSpec&, int, bool)>& render) {
    const ListSpec& l = v.lists[li];
    const int count = PageCount(v, l);
    if (p < 0) return NotFound(v);
    if (p >= count) {
      if (v.out_of_range == "last") return render(l, count - 1, false);
      if (v.out_of_range == "empty") return render(l, p, true);
      return NotFound(v);
    }
    (void)page_path;
    return render(l, p, false);
  }

  HttpResponse StaticList(Variant& v, size_t li, int p, const std::string& page_path) {
    return ServePage(v, li, p, page_path, [&](const ListSpec& l, int q, bool empty) {
      return Html(ListHtml(v, l, q, empty, page_path));
    });
  }

  // The JSON list APIs and POST pagers.
  HttpResponse Jpaas(Variant& v, const std::string& query) {
    if (QueryValue(query, "pageId") != v.vars.at("colid") || QueryValue(query, "webId") != v.vars.at("webid")) {
      return TextResponse(200, "application/json;charset=UTF-8", R"({"success":false,"data":null,"message":"栏目不存在"})");
    }
    // The page number: `pageNo` in the query, or in the paramJson argument.
    const json param = json::parse(QueryValue(query, "paramJson"), nullptr, false);
    int n = QueryValue(query, "pageNo").empty() ? 1 : SmallInt(QueryValue(query, "pageNo"));
    if (param.is_object() && param.contains("pageNo")) {
      n = param["pageNo"].is_number() ? param["pageNo"].get<int>() : SmallInt(param["pageNo"].get<std::string>());
    }
    return ServePage(v, 0, n - v.spec.value("number_offset", 0), "", [&](const ListSpec& l, int q, bool empty) {
      Ctx c = PageCtx(v, l, q, empty, v.entry);
      json out = {{"success", true}, {"message", "操作成功"},
                  {"data", {{"html", Render(Template(v, "unit.html"), c)}, {"total", l.items.size()}}}};
      return TextResponse(200, "application/json;charset=UTF-8", out.dump());
    });
  }

  // gkmlpt articles ({id,title,url,create_time,publisher}) or the rows of the
  // POST search API ({title,writeTimeString,url}).
  json ApiArticles(const Variant& v, const ListSpec& l, int q, bool empty, bool search_rows) const {
    json a = json::array();
    for (size_t i = static_cast<size_t>(q * v.per_page); !empty && i < l.items.size() && i < static_cast<size_t>((q + 1) * v.per_page); ++i) {
      const CItem& it = v.items[l.items[i]];
      if (search_rows) {
        a.push_back({{"id", std::stoll(it.id)}, {"title", it.title}, {"writeTimeString", it.date.Iso() + " 09:30:00"},
                     {"url", it.path}, {"channelId", v.vars.at("channel")}});
      } else {
        // 10:00 China time is 02:00 UTC of the same day.
        a.push_back({{"id", std::stoll(it.id)}, {"title", it.title}, {"url", Url(v, it.path)},
                     {"create_time", DaysFromCivil(it.date.y, it.date.m, it.date.d) * 86400 + 2 * 3600},
                     {"publisher", v.agency}});
      }
    }
    return a;
  }

  // A POST search API behind an empty column shell: form fields pageIndex
  // (from 1), pageSize, siteId, channelIds.
  HttpResponse PostApi(Variant& v, const HttpRequest& req) {
    ++v.posts;
    if (req.method != "POST") return TextResponse(405, "application/json;charset=UTF-8", R"({"code":405,"msg":"Request method 'GET' not supported"})");
    const std::string& b = req.body;
    const bool ours = QueryValue(b, "siteId") == v.vars.at("siteid") && QueryValue(b, "channelIds") == v.vars.at("channel");
    int size = SmallInt(QueryValue(b, "pageSize"));
    if (size <= 0) size = v.per_page;
    if (!ours || size != v.per_page) {
      json out = {{"code", 200}, {"data", {{"totalElements", 0}, {"totalPages", 0}, {"data", json::array()}}}};
      return TextResponse(200, "application/json;charset=UTF-8", out.dump());
    }
    int n = SmallInt(QueryValue(b, "pageIndex"));
    if (n < 0) n = 1;
    return ServePage(v, 0, n - v.spec.value("number_offset", 0), "", [&](const ListSpec& l, int q, bool empty) {
      json out = {{"code", 200},
                  {"data", {{"totalElements", l.items.size()}, {"totalPages", PageCount(v, l)}, {"number", q + 1},
                            {"data", ApiArticles(v, l, q, empty, true)}}}};
      return TextResponse(200, "application/json;charset=UTF-8", out.dump());
    });
  }

  HttpResponse Gkmlpt(Variant& v, const std::string& path, const std::string& query) {
    const std::string prefix = "/gkmlpt/api/all/";
    const std::string cat = path.substr(prefix.size());
    if (QueryValue(query, "sid") != v.vars.at("sid")) {
      return TextResponse(400, "application/json;charset=UTF-8", R"({"code":400,"msg":"invalid sid"})");
    }
    const bool ours = cat == v.vars.at("cat");
    int n = SmallInt(QueryValue(query, "page"));
    if (n < 1) n = 1;
    if (!ours) {
      json out = {{"total", 0}, {"page", n}, {"size", v.per_page}, {"articles", json::array()}};
      return TextResponse(200, "application/json;charset=UTF-8", out.dump());
    }
    return ServePage(v, 0, n - 1, "", [&](const ListSpec& l, int q, bool empty) {
      json out = {{"total", l.items.size()}, {"page", q + 1}, {"size", v.per_page}, {"articles", ApiArticles(v, l, q, empty, false)}};
      return TextResponse(200, "application/json;charset=UTF-8", out.dump());
    });
  }

  // How the column page at `entry` links `path`: "./…" inside its folder
  // (the form of flk.npc.gov.cn's "./detail2.html?…" rows), else the path.
  static std::string DotRelative(const std::string& entry, const std::string& path) {
    const std::string dir = DirOf(entry);
    return StartsWith(path, dir) ? "./" + path.substr(dir.size()) : path;
  }

  // The custom list API of a script-built column (mode jsapi): POST with a
  // JSON body {channelId, pageNo (from 1), pageSize, timestamp, nonce}; the
  // answer {"code":200,"msg":"success","result":{"data":[…],"page","size",
  // "totalSizes"}}. Without a numeric timestamp and a nonce string the call
  // is refused (400), as the page's script always sends both; another
  // channel or page size gets an empty result.
  HttpResponse JsApi(Variant& v, const HttpRequest& req) {
    static const std::string type = "application/json;charset=UTF-8";
    if (req.method != "POST") {
      return TextResponse(405, type, json({{"code", 405}, {"msg", "Request method '" + req.method + "' not supported"}}).dump());
    }
    ++v.posts;
    const json body = json::parse(req.body, nullptr, false);
    if (!body.is_object() || !body.contains("timestamp") || !body["timestamp"].is_number() || !body.contains("nonce") ||
        !body["nonce"].is_string() || body["nonce"].get<std::string>().empty()) {
      return TextResponse(400, type, R"({"code":400,"msg":"请求参数错误","result":null})");
    }
    const bool ours = body.contains("channelId") && body["channelId"] == v.vars.at("channel") && body.contains("pageSize") &&
                      body["pageSize"].is_number_integer() && body["pageSize"].get<int>() == v.per_page;
    int n = body.contains("pageNo") && body["pageNo"].is_number_integer() ? body["pageNo"].get<int>() : 1;
    if (n < 1) n = 1;
    if (!ours) {
      json out = {{"code", 200}, {"msg", "success"},
                  {"result", {{"data", json::array()}, {"page", n}, {"size", v.per_page}, {"totalSizes", 0}}}};
      return TextResponse(200, type, out.dump());
    }
    return ServePage(v, 0, n - 1, "", [&](const ListSpec& l, int q, bool empty) {
      json rows = json::array();
      for (size_t i = static_cast<size_t>(q * v.per_page); !empty && i < l.items.size() && i < static_cast<size_t>((q + 1) * v.per_page); ++i) {
        const CItem& it = v.items[l.items[i]];
        rows.push_back({{"id", Uuid32(it.guid)}, {"title", it.title}, {"url", DotRelative(v.entry, it.path)},
                        {"publish", it.date.Iso() + " 00:00:00"}, {"office", it.who.empty() ? v.agency : it.who}});
      }
      json out = {{"code", 200}, {"msg", "success"},
                  {"result", {{"data", rows}, {"page", q + 1}, {"size", v.per_page}, {"totalSizes", l.items.size()}}}};
      return TextResponse(200, type, out.dump());
    });
  }

  // The list API of the hash-routed single-page app (mode spa): GET
  // ?catalogId=…&current=N&size=S, answered as a MyBatis-Plus page
  // {"code":0,"msg":"ok","data":{"records":[…],"total","size","current","pages"}};
  // another catalog or size, or a page past the last: no records.
  HttpResponse SpaApi(Variant& v, const HttpRequest& req, const std::string& query) {
    static const std::string type = "application/json;charset=UTF-8";
    if (req.method != "GET" && req.method != "HEAD") return TextResponse(405, type, R"({"code":405,"msg":"method not allowed"})");
    int n = SmallInt(QueryValue(query, "current"));
    if (n < 1) n = 1;
    const int size = SmallInt(QueryValue(query, "size"));
    if (QueryValue(query, "catalogId") != v.vars.at("catalog") || size != v.per_page) {
      json out = {{"code", 0}, {"msg", "ok"},
                  {"data", {{"records", json::array()}, {"total", 0}, {"size", std::max(size, 0)}, {"current", n}, {"pages", 0}}}};
      return TextResponse(200, type, out.dump());
    }
    return ServePage(v, 0, n - 1, "", [&](const ListSpec& l, int q, bool empty) {
      json rows = json::array();
      for (size_t i = static_cast<size_t>(q * v.per_page); !empty && i < l.items.size() && i < static_cast<size_t>((q + 1) * v.per_page); ++i) {
        const CItem& it = v.items[l.items[i]];
        rows.push_back({{"id", it.id}, {"title", it.title}, {"publishDate", it.date.Iso()}, {"linkUrl", it.path}});
      }
      json out = {{"code", 0}, {"msg", "ok"},
                  {"data", {{"records", rows}, {"total", l.items.size()}, {"size", v.per_page}, {"current", q + 1},
                            {"pages", PageCount(v, l)}}}};
      return TextResponse(200, type, out.dump());
    });
  }

  // The configuration the single-page app loads before its first route.
  json SpaConfig(const Variant& v) const {
    return {{"siteName", v.agency}, {"columnName", v.vars.at("column_name")}, {"catalogId", v.vars.at("catalog")},
            {"pageSize", v.per_page}, {"api", v.vars.at("api")}};
  }

  // ASP.NET WebForms: a POST with __EVENTTARGET = the pager and __EVENTARGUMENT
  // = the page; without __VIEWSTATE the page starts afresh (page 1).
  HttpResponse AspNet(Variant& v, const HttpRequest& req, const std::string& path) {
    ++v.posts;
    const std::string target = QueryValue(req.body, "__EVENTTARGET");
    int n = PageNumber(v, 0);
    if (target == v.vars.at("pager_id") && !QueryValue(req.body, "__VIEWSTATE").empty()) {
      n = SmallInt(QueryValue(req.body, "__EVENTARGUMENT"));
    }
    return StaticList(v, 0, n - v.spec.value("number_offset", 0), path);
  }

  // A JSP list behind a form: POST pageNo (GET always shows page 1).
  HttpResponse JspForm(Variant& v, const HttpRequest& req, const std::string& path) {
    ++v.posts;
    const std::string field = v.vars.at("page_field");
    int n = SmallInt(QueryValue(req.body, field));
    if (QueryValue(req.body, v.vars.at("channel_field")) != v.vars.at("channel")) n = PageNumber(v, 0);
    if (n < 0) n = PageNumber(v, 0);
    return StaticList(v, 0, n - v.spec.value("number_offset", 0), path);
  }

  HttpResponse Route(Variant& v, const HttpRequest& req, const std::string& path, const std::string& query) {
    const std::string target = query.empty() ? path : path + "?" + query;
    if (path == "/robots.txt") return TextResponse(200, "text/plain", "User-agent: *\nDisallow:\n");
    if (path == "/" || path == "/index.html") return Html(Render(Template(v, "home.html"), v.vars));
    auto item = v.by_path.find(target);
    if (item != v.by_path.end()) return Html(DetailHtml(v, v.items[item->second]));
    const std::string api = v.vars.count("api") ? v.vars.at("api") : "";
    if (v.mode == "jpaas" && path == api) return Jpaas(v, query);
    if (v.mode == "postapi" && path == api) return PostApi(v, req);
    if (v.mode == "gkmlpt" && StartsWith(path, "/gkmlpt/api/all/")) return Gkmlpt(v, path, query);
    if (v.mode == "jsapi" || v.mode == "spa") {
      // Script-built columns: the page (an empty list container or an empty
      // app shell), its script, and the JSON the script asks for.
      const bool page = target == v.entry || (EndsWith(v.entry, "/index.html") && target == DirOf(v.entry));
      if (page && v.mode == "jsapi") return Html(Render(Template(v, "column.html"), PageCtx(v, v.lists[0], 0, true, v.entry)));
      if (page && v.mode == "spa") return Html(Render(Template(v, "index.html"), v.vars));
      if (path == v.vars.at("script")) {
        return TextResponse(200, "application/javascript; charset=utf-8", Render(Template(v, v.mode == "jsapi" ? "list.js" : "app.js"), v.vars));
      }
      if (v.mode == "jsapi" && path == api) return JsApi(v, req);
      if (v.mode == "spa" && path == api) return SpaApi(v, req, query);
      if (v.mode == "spa" && path == v.vars.at("config")) return TextResponse(200, "application/json;charset=UTF-8", SpaConfig(v).dump());
      return NotFound(v);
    }
    if ((v.mode == "jpaas" || v.mode == "postapi" || v.mode == "gkmlpt") && (target == v.entry)) {
      // The column page: empty (its scripts call the API), or with the first
      // page inline where the CMS renders it (`inline_first`).
      Ctx c = PageCtx(v, v.lists[0], 0, !v.spec.value("inline_first", false), v.entry);
      return Html(Render(Template(v, S(v, "list", "column.html")), c));
    }
    if (v.mode == "iframe" && (target == v.entry || (EndsWith(v.entry, "/index.html") && target == DirOf(v.entry)))) {
      Ctx c = v.vars;
      c["iframe_src"] = LinkFrom(v.entry, PagePath(v, v.lists[0], 0));
      return Html(Render(Template(v, "column.html"), c));
    }
    if (v.mode == "years" && (target == v.entry || (EndsWith(v.entry, "/index.html") && target == DirOf(v.entry)))) {
      std::string years;
      for (const ListSpec& l : v.lists) {
        if (l.group >= 0) continue;  // group sub-lists are linked from their year's list
        Ctx c = v.vars;
        c["year"] = std::to_string(l.year);
        c["href"] = LinkFrom(v.entry, l.dir);
        c["href_index"] = LinkFrom(v.entry, PagePath(v, l, 0));
        years += Render(S(v, "year_item"), c);
      }
      Ctx c = v.vars;
      c["years"] = years;
      return Html(Render(Template(v, "years.html"), c));
    }
    const bool form_mode = v.mode == "aspnet" || v.mode == "jspform";
    const std::string first = form_mode ? PagePath(v, v.lists[0], 0) : "";
    if (v.mode == "aspnet" && req.method == "POST" && target == first) return AspNet(v, req, target);
    if (v.mode == "jspform" && req.method == "POST" && path == first.substr(0, first.find('?'))) return JspForm(v, req, first);
    size_t li = 0;
    int page = 0;
    if (form_mode) {
      if (target == first && !v.spec.value("get_query", false)) return StaticList(v, 0, 0, first);
      if (v.mode == "jspform" && path == first.substr(0, first.find('?'))) {
        // Some JSP lists read the same fields from a GET query; others ignore it.
        if (!v.spec.value("get_query", false)) return StaticList(v, 0, 0, first);
        HttpRequest as_post = req;
        as_post.body = query;
        return JspForm(v, as_post, first);
      }
      return NotFound(v);
    }
    if (v.mode == "inline" || v.mode == "iframe" || v.mode == "years") {
      if (MatchPage(v, target, &li, &page)) return StaticList(v, li, page, target);
    }
    return NotFound(v);
  }

  HttpResponse Handle(size_t index, const HttpRequest& req) {
    std::lock_guard<std::mutex> lock(mu);
    const int64_t time_us =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count();
    Variant& v = variants.at(index);
    ++v.requests;
    const size_t q = req.target.find('?');
    const std::string path = req.target.substr(0, q);
    const std::string query = q == std::string::npos ? "" : req.target.substr(q + 1);
    if (path == "/__manifest.json") return TextResponse(200, "application/json", ManifestLocked().dump(1) + "\n");
    if (path == "/__admin/stats") {
      json s = json::object();
      for (const auto& o : variants) s[o.id] = {{"requests", o.requests}, {"not_found", o.not_found}, {"posts", o.posts}};
      return TextResponse(200, "application/json", s.dump(1) + "\n");
    }
    if (path == "/__admin/requests") return TextResponse(200, "application/json", RequestLogJson().dump(1) + "\n");
    HttpResponse r = req.method != "GET" && req.method != "HEAD" && req.method != "POST"
                         ? TextResponse(405, "text/plain", "method not allowed\n")
                         : Route(v, req, path, query);
    if (request_log.size() < kMaxLoggedRequests) {
      request_log.push_back({req.host.empty() ? v.address + ":" + std::to_string(port) : req.host, req.target, req.method, time_us, r.status});
    } else {
      ++requests_not_logged;
    }
    return r;
  }

  // Every request served (the /__manifest.json and /__admin/ addresses left
  // out), in the order they came in: {"requests":[{"host","path","method",
  // "time_us","status"}],"not_logged":N}. `path` carries the query; time_us
  // counts from the portal's start, when the request came in.
  json RequestLogJson() const {
    json out = json::array();
    for (const LoggedRequest& r : request_log) {
      out.push_back({{"host", r.host}, {"path", r.target}, {"method", r.method}, {"time_us", r.time_us}, {"status", r.status}});
    }
    return {{"requests", out}, {"not_logged", requests_not_logged}};
  }

  // ---- manifest, config --------------------------------------------------------

  // The request for page p (from 0) of list l: {"url","method"[,"body"]}, as
  // the CMS's own pager or scripts would send it. p may be out of range.
  json PageRequest(const Variant& v, const ListSpec& l, int p) const {
    auto get = [&](const std::string& path) { return json{{"url", Url(v, path)}, {"method", "GET"}}; };
    auto post = [&](const std::string& path, const std::string& body) {
      return json{{"url", Url(v, path)}, {"method", "POST"}, {"body", body}};
    };
    const int n = PageNumber(v, p);
    if (v.mode == "jpaas") {
      const json param = {{"pageNo", n}, {"pageSize", std::to_string(v.per_page)}};
      Ctx c = v.vars;
      c["n"] = std::to_string(n);
      c["per_page"] = std::to_string(v.per_page);
      c["paramjson"] = PercentEncode(param.dump());
      return get(Render(v.vars.at("api_page"), c));
    }
    if (v.mode == "postapi") {
      return post(v.vars.at("api"), "pageIndex=" + std::to_string(n) + "&pageSize=" + std::to_string(v.per_page) + "&siteId=" +
                                        v.vars.at("siteid") + "&channelIds=" + v.vars.at("channel") + "&searchType=&order=openTime");
    }
    if (v.mode == "gkmlpt") return get("/gkmlpt/api/all/" + v.vars.at("cat") + "?page=" + std::to_string(p + 1) + "&sid=" + v.vars.at("sid"));
    if (v.mode == "jsapi") {
      // The script's body; timestamp and nonce are the browser's own at run
      // time (any number and any non-empty string are accepted): a fixed
      // sample here.
      const json body = {{"channelId", v.vars.at("channel")}, {"pageNo", p + 1}, {"pageSize", v.per_page},
                         {"timestamp", kSampleTimestampMs}, {"nonce", "5f3a9c1e"}};
      json r = post(v.vars.at("api"), body.dump());
      r["content_type"] = "application/json;charset=UTF-8";
      r["volatile"] = {"timestamp", "nonce"};
      return r;
    }
    if (v.mode == "spa") {
      return get(v.vars.at("api") + "?catalogId=" + v.vars.at("catalog") + "&current=" + std::to_string(p + 1) + "&size=" +
                 std::to_string(v.per_page));
    }
    if (v.mode == "aspnet" && p > 0) {
      // The form of page p-1, posted by its pager link to page p.
      return post(PagePath(v, l, 0), "__EVENTTARGET=" + PercentEncode(v.vars.at("pager_id")) + "&__EVENTARGUMENT=" + std::to_string(n) +
                                         "&__VIEWSTATE=" + PercentEncode(Viewstate(v, p - 1)) + "&__VIEWSTATEGENERATOR=" +
                                         v.vars.at("generator"));
    }
    if (v.mode == "jspform" && p > 0) {
      const std::string first = PagePath(v, l, 0);
      return post(first.substr(0, first.find('?')), v.vars.at("channel_field") + "=" + v.vars.at("channel") +
                                                        (v.vars.count("form_extra") ? v.vars.at("form_extra") : "") + "&" +
                                                        v.vars.at("page_field") + "=" + std::to_string(n));
    }
    return get(PagePath(v, l, p));
  }

  json ListPages(const Variant& v) const {
    json pages = json::array();
    if (v.mode == "iframe" || v.mode == "years" || v.mode == "jpaas" || v.mode == "postapi" || v.mode == "gkmlpt" ||
        v.mode == "jsapi" || v.mode == "spa") {
      pages.push_back({{"url", Url(v, v.entry)}, {"method", "GET"}});
    }
    for (const ListSpec& l : v.lists) {
      for (int p = 0; p < PageCount(v, l); ++p) {
        // Where the column page holds page 1, the API serves the pages after it.
        if ((v.mode == "jpaas" || v.mode == "postapi") && p == 0 && v.spec.value("inline_first", false)) continue;
        pages.push_back(PageRequest(v, l, p));
      }
    }
    return pages;
  }

  // Script-built columns: every request a browser makes to show the list,
  // in order, each with the list page (from 1) whose showing makes it:
  // page 1 loads the column page, its script (and the app's config), then
  // the API; each later page is one more API call (a click on 下一页, or the
  // route #/list/N). `volatile` names the arguments the script computes at
  // run time (the URL or body given holds a sample). Not listed: what a
  // browser asks for besides, the page's stylesheet and logo and
  // /favicon.ico (404s here).
  json ApiRequests(const Variant& v) const {
    json out = json::array();
    auto add = [&](json r, int page) {
      r["for_page"] = page;
      out.push_back(std::move(r));
    };
    add({{"url", Url(v, v.entry)}, {"method", "GET"}}, 1);
    add({{"url", Url(v, v.vars.at("script"))}, {"method", "GET"}}, 1);
    if (v.mode == "spa") {
      add({{"url", Url(v, v.vars.at("config") + "?_t=" + std::to_string(kSampleTimestampMs))}, {"method", "GET"}, {"volatile", {"_t"}}}, 1);
    }
    for (int p = 0; p < PageCount(v, v.lists[0]); ++p) add(PageRequest(v, v.lists[0], p), p + 1);
    return out;
  }

  // Script-built columns: how a browser shows each list page (from 1): the
  // column URL and the clicks on the 下一页 button after it loaded, or the
  // hash route.
  json ListViews(const Variant& v) const {
    json out = json::array();
    for (int p = 0; p < PageCount(v, v.lists[0]); ++p) {
      if (v.mode == "jsapi") {
        out.push_back({{"page", p + 1}, {"url", Url(v, v.entry)}, {"clicks", p}, {"click", "#listPager button.btn-next"}});
      } else {
        out.push_back({{"page", p + 1}, {"url", Url(v, v.entry) + "#/list/" + std::to_string(p + 1)}});
      }
    }
    return out;
  }

  json ManifestLocked() const {
    json out = {{"generator", "govharvest-portal --columns"}, {"seed", seed}, {"variants", json::object()}};
    for (const Variant& v : variants) {
      json reports = json::array(), decoys = json::array();
      std::map<std::string, int> by_year;
      for (const CItem& it : v.items) {
        if (it.report) {
          reports.push_back({{"url", Url(v, it.path)}, {"year", it.year}, {"title", it.title}, {"published", it.date.Iso()},
                             {"agency", it.who}});
          ++by_year[std::to_string(it.year)];
        } else {
          decoys.push_back({{"url", Url(v, it.path)}, {"title", it.title}, {"kind", it.kind}, {"published", it.date.Iso()}});
        }
      }
      json pages = ListPages(v);
      json mech = v.spec.value("mechanisms", json::array());
      out["variants"][v.id] = {
          {"title", v.spec.at("title")},
          {"family", v.spec.at("family")},
          {"source", v.spec.at("source")},
          {"mode", v.mode},
          {"mechanisms", mech},
          {"base", Url(v, "/")},
          {"entry", Url(v, v.entry) + v.fragment},
          {"agency", v.agency},
          {"out_of_range", v.out_of_range},
          {"robots", Url(v, "/robots.txt")},
          {"reports", reports},
          {"decoys", decoys},
          {"list_pages", pages},
          {"out_of_range_request", PageRequest(v, v.lists.front(), PageCount(v, v.lists.front()))},
          {"expected", {{"reports", reports.size()}, {"decoys", decoys.size()}, {"list_pages", pages.size()}, {"reports_by_year", by_year}}}};
      const bool scripted = v.mode == "jsapi" || v.mode == "spa";
      out["variants"][v.id]["needs_rendering"] = scripted;
      if (scripted) {
        out["variants"][v.id]["api_requests"] = ApiRequests(v);
        out["variants"][v.id]["list_views"] = ListViews(v);
        out["variants"][v.id]["report_pages"] =
            v.mode == "jsapi" ? "real URLs, given relative (./content.html?id=…) in the API's rows; served without scripts"
                              : "real URLs (not hash routes) linked by the rendered list; served without scripts";
      }
    }
    return out;
  }
};

ColumnPortal::ColumnPortal(const std::string& root, uint64_t seed) : ColumnPortal(root, seed, nullptr) {}

ColumnPortal::ColumnPortal(const std::string& root, uint64_t seed, const std::vector<ColumnInstance>& instances)
    : ColumnPortal(root, seed, &instances) {}

ColumnPortal::ColumnPortal(const std::string& root, uint64_t seed, const std::vector<ColumnInstance>* instances)
    : impl_(std::make_unique<Impl>()) {
  impl_->root = root;
  impl_->seed = seed;
  impl_->Load(instances);
  // Render every page once so that a template error shows at start-up.
  for (Variant& v : impl_->variants) {
    for (const CItem& it : v.items) impl_->DetailHtml(v, it);
    const bool api = v.mode == "jpaas" || v.mode == "postapi" || v.mode == "gkmlpt";
    const bool scripted = v.mode == "jsapi" || v.mode == "spa";  // no server-rendered list pages
    for (const ListSpec& l : v.lists) {
      for (int p = 0; !api && !scripted && p < impl_->PageCount(v, l); ++p) impl_->ListHtml(v, l, p, false, impl_->PagePath(v, l, p));
    }
    if (api) Render(impl_->Template(v, impl_->S(v, "list", "column.html")), impl_->PageCtx(v, v.lists[0], 0, v.mode != "jpaas", v.entry));
    if (v.mode == "jpaas") Render(impl_->Template(v, "unit.html"), impl_->PageCtx(v, v.lists[0], 0, false, v.entry));
    if (v.mode == "jsapi") {
      Render(impl_->Template(v, "column.html"), impl_->PageCtx(v, v.lists[0], 0, true, v.entry));
      Render(impl_->Template(v, "list.js"), v.vars);
    }
    if (v.mode == "spa") {
      Render(impl_->Template(v, "index.html"), v.vars);
      Render(impl_->Template(v, "app.js"), v.vars);
    }
  }
}

ColumnPortal::~ColumnPortal() = default;

std::vector<std::string> ColumnPortal::Addresses() const {
  std::vector<std::string> out;
  for (const auto& v : impl_->variants) out.push_back(v.address);
  return out;
}

void ColumnPortal::SetPort(int port) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->port = port;
}

HttpResponse ColumnPortal::Handle(size_t variant, const HttpRequest& request) { return impl_->Handle(variant, request); }

nlohmann::json ColumnPortal::Manifest() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->ManifestLocked();
}

nlohmann::json ColumnPortal::ReadyLine() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  nlohmann::json sites = nlohmann::json::object();
  for (const auto& v : impl_->variants) sites[v.id] = impl_->Url(v, "/");
  return {{"port", impl_->port}, {"mode", "columns"}, {"sites", sites},
          {"manifest", impl_->Url(impl_->variants.at(0), "/__manifest.json")}};
}

std::string ColumnPortal::ConfigToml() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  const auto quote = [](const std::string& s) { return nlohmann::json(s).dump(); };
  std::string hosts;
  for (const auto& v : impl_->variants) hosts += (hosts.empty() ? "" : ", ") + quote(v.address);
  std::string t =
      "# govharvest config for govharvest-portal --columns on port " + std::to_string(impl_->port) +
      " (written by --config-out): one site per column variant, cms = \"auto\".\n\n"
      "[harvest]\n"
      "allowed_hosts = [" + hosts + "]\n\n"
      "[politeness]\n"
      "min_delay_ms = 50\n"
      "max_delay_ms = 200\n"
      "max_concurrent_per_host = 1\n\n"
      "[limits]\n"
      "max_attempts = 3\n"
      "host_failure_threshold = 20\n"
      "connect_timeout_ms = 2000\n"
      "total_timeout_ms = 10000\n";
  for (const auto& v : impl_->variants) {
    t += "\n[[site]]\n";
    t += "# " + v.spec.at("title").get<std::string>() + " (" + v.spec.at("source").get<std::string>() + ")\n";
    t += "name = " + quote(v.id) + "\n";
    t += "agency = " + quote(v.agency) + "\n";
    t += "entries = [" + quote(impl_->Url(v, v.entry) + v.fragment) + "]\n";
    t += "hosts = [" + quote(v.address) + "]\n";
    t += "cms = \"auto\"\n";
  }
  return t;
}

}  // namespace govharvest::portal
