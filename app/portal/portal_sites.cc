#include "app/portal/portal_sites.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <stdexcept>

#include "app/portal/portal_content.h"
#include "store/html_escape.h"

namespace govharvest::portal {

namespace {

using json = nlohmann::json;
using Ctx = std::map<std::string, std::string>;
using Profile = std::map<std::string, std::string>;

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}
bool Contains(std::string_view s, std::string_view p) { return s.find(p) != std::string_view::npos; }


// The rules the crawler uses to recognise an annual-report title
// (crawler/column.cc IsAnnualReportTitle), restated so that no non-report
// item can look like one.
bool LooksLikeReport(std::string_view t) {
  return Contains(t, "年度报告") || Contains(t, "年报") ||
         (Contains(t, "信息公开") && (Contains(t, "工作报告") || Contains(t, "年度工作")));
}

// At most `max_chars` characters of UTF-8 `s`, with "..." when cut.
std::string Truncate(const std::string& s, size_t max_chars) {
  size_t chars = 0, i = 0;
  while (i < s.size() && chars < max_chars) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    i += c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
    ++chars;
  }
  return i >= s.size() ? s : s.substr(0, i) + "...";
}

std::string Render(const std::string& tpl, const Ctx& ctx) {
  std::string out;
  out.reserve(tpl.size() * 2);
  size_t at = 0;
  while (true) {
    size_t open = tpl.find("{{", at);
    if (open == std::string::npos) break;
    size_t close = tpl.find("}}", open + 2);
    if (close == std::string::npos) break;
    out.append(tpl, at, open - at);
    auto it = ctx.find(tpl.substr(open + 2, close - open - 2));
    if (it != ctx.end()) out += it->second;
    at = close + 2;
  }
  out.append(tpl, at, std::string::npos);
  return out;
}

// Replaces {key} with profile values; unknown keys stay as written.
std::string Fill(std::string text, const Profile& values) {
  for (const auto& [k, v] : values) text = ReplaceAll(std::move(text), "{" + k + "}", v);
  return text;
}

// A non-negative number of at most six digits; -1 for anything else.
int SmallInt(const std::string& s) {
  if (s.empty() || s.size() > 6 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) return -1;
  return std::atoi(s.c_str());
}

std::string Ym(const std::string& date) { return date.substr(0, 4) + date.substr(5, 2); }
std::string Ymd(const std::string& date) { return Ym(date) + date.substr(8, 2); }
int YearOf(const std::string& date) { return std::atoi(date.substr(0, 4).c_str()); }

std::string AddDays(const std::string& date, int days) {
  int y = 0, m = 0, d = 0;
  ParseDate(date, &y, &m, &d);
  return CivilFromDays(DaysFromCivil(y, m, d) + days);
}

std::string RandomDate(Rng& rng, int year, int month_lo, int month_hi) {
  const int64_t lo = DaysFromCivil(year, month_lo, 1);
  const int64_t hi = month_hi == 12 ? DaysFromCivil(year, 12, 31) : DaysFromCivil(year, month_hi + 1, 1) - 1;
  return CivilFromDays(lo + rng.Range(0, static_cast<int>(hi - lo)));
}

std::string Hex32(Rng& rng) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  for (int i = 0; i < 32; ++i) s.push_back(kHex[rng.Next() % 16]);
  return s;
}

std::string Digits(Rng& rng, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s.push_back(static_cast<char>('0' + rng.Next() % 10));
  return s;
}

struct Source {
  std::string name;
  std::string file;
  int year = 0;
  bool markdown = false;
  std::vector<std::pair<std::string, std::string>> names;  // text -> "{key}"
  std::vector<std::string> lines;                          // without the skipped head and tail
};

enum class Kind { kReport, kNotice, kAlias };

struct Attachment {
  std::string link;        // as written in the page: absolute path (and query)
  std::string serve_path;  // where the bytes are
  std::string name;        // link text
  std::string content_type;
  std::shared_ptr<const std::string> bytes;
};

struct Item {
  Kind kind = Kind::kNotice;
  int uid = 0;
  std::string title;
  std::string date;  // YYYY-MM-DD
  int year = 0;      // report year
  std::string publisher;
  std::string tables;  // html | attachment | image_only | missing
  std::string source;  // provenance
  std::string subcolumn;
  int64_t id = 0;
  std::string path;
  std::string column_prefix;  // for reposts and the robots-disallowed item: their own folder
  std::vector<std::string> also_at;
  std::vector<Attachment> attachments;
  std::vector<Block> blocks;
  TableMode mode = TableMode::kHtml;
  std::string body_html;  // when set, used instead of rendering blocks
  std::string attachment_kind;  // "", "pdf", "docx"
  std::shared_ptr<const std::string> pdf;
  std::string pdf_name;
  bool disallowed = false;
  std::string access;  // "", or for a report that cannot be fetched: "robots_disallowed" | "challenge"
  int alias_of = -1;  // uid of the report a repost repeats
  std::string mirror_of;
};

struct Resource {
  int status = 200;
  std::string content_type;
  std::string body;
};

struct Stats {
  int64_t requests = 0, not_found = 0, disallowed_hits = 0, challenge_hits = 0, injected_503 = 0, injected_resets = 0;
};

struct Site {
  json spec;
  size_t index = 0;
  std::string name, cms, address;
  std::vector<std::string> templates;
  Profile profile;
  bool gbk = false;
  int per_page = 10, delay_ms = 0, flaky_percent = 0;
  std::string column, column_name, entry, xxgk_url;
  std::vector<std::string> subcolumns;  // jsshell, oldest first
  std::vector<Item> items;              // newest first
  std::map<std::string, Resource> resources;
  std::map<std::string, std::string> downfile;  // filename -> /attach/0/filename
  std::vector<std::string> robots_disallow;     // path prefixes
  std::vector<std::string> disallowed_links;    // linked paths inside robots_disallow
  std::set<std::string> stubs;                  // navigation columns served as empty pages
  std::set<std::string> challenged;             // item paths answered with the challenge page
  std::map<std::string, int> fail_streak;
  int host_streak = 0;
  Stats stats;
  Rng rng{0};
  int64_t next_id = 0;
  int next_uid = 0;
  int added = 0;
};

}  // namespace

struct Portal::Impl {
  std::filesystem::path root;
  std::filesystem::path site_dir;
  uint64_t seed = 1;
  int port = 0;
  json spec;
  std::map<std::string, Source> sources;
  std::map<std::string, Profile> profiles;
  std::vector<std::string> notice_titles;
  std::vector<std::string> departments;
  std::vector<Site> sites;
  std::map<std::string, std::string> templates;  // resolved, by "<dir>/<name>"
  std::map<std::string, std::shared_ptr<const std::string>> files;
  mutable std::mutex mu;
  Rng flaky_rng{0};

  // ---- loading ----------------------------------------------------------

  std::shared_ptr<const std::string> File(const std::string& rel) {
    auto& f = files[rel];
    if (!f) f = std::make_shared<const std::string>(ReadFileOrThrow(root / rel));
    return f;
  }

  const std::string& Template(const Site& site, const std::string& name) {
    const std::string key = site.name + "/" + name;
    auto it = templates.find(key);
    if (it == templates.end()) it = templates.emplace(key, LoadTemplate(site_dir, site.templates, name)).first;
    return it->second;
  }

  void LoadSpec() {
    site_dir = root / "app/portal/site";
    spec = json::parse(ReadFileOrThrow(site_dir / "sites.json"));
    for (const auto& [name, s] : spec.at("sources").items()) {
      Source src;
      src.name = name;
      src.file = s.at("file").get<std::string>();
      src.year = s.at("year").get<int>();
      src.markdown = s.value("markdown", false);
      for (const auto& pair : s.at("names")) src.names.emplace_back(pair.at(0).get<std::string>(), pair.at(1).get<std::string>());
      std::vector<std::string> all = SplitLines(*File(src.file));
      std::vector<std::string> kept;
      for (auto& l : all) {
        if (!Trim(l).empty()) kept.push_back(std::move(l));
      }
      const size_t head = s.value("skip_head", 0), tail = s.value("skip_tail", 0);
      if (head + tail >= kept.size()) throw std::runtime_error("source " + name + " is too short");
      src.lines.assign(kept.begin() + static_cast<std::ptrdiff_t>(head), kept.end() - static_cast<std::ptrdiff_t>(tail));
      sources.emplace(name, std::move(src));
    }
    for (const auto& [name, p] : spec.at("profiles").items()) profiles[name] = p.get<Profile>();
    for (const auto& d : spec.at("departments")) departments.push_back(d.get<std::string>());
    for (const auto& line : SplitLines(ReadFileOrThrow(site_dir / "notices.txt"))) {
      std::string t = Trim(line);
      if (t.empty() || t[0] == '#') continue;
      if (LooksLikeReport(t)) throw std::runtime_error("notices.txt: title looks like an annual report: " + t);
      notice_titles.push_back(t);
    }
  }

  const Source& SourceOf(const std::string& name) {
    auto it = sources.find(name);
    if (it == sources.end()) throw std::runtime_error("unknown source " + name);
    return it->second;
  }

  const Profile& ProfileOf(const std::string& name) {
    auto it = profiles.find(name);
    if (it == profiles.end()) throw std::runtime_error("unknown profile " + name);
    return it->second;
  }

  // The text of `src` as a report of `year` by the agency of `profile`.
  std::vector<Block> ReportBlocks(const Source& src, int year, const Profile& profile) {
    std::string text;
    for (const auto& l : src.lines) text += l + "\n";
    text = ShiftYears(text, year - src.year);
    // Two passes so that a replacement is never replaced again.
    std::vector<std::string> values;
    for (size_t i = 0; i < src.names.size(); ++i) {
      const auto& [from, placeholder] = src.names[i];
      text = ReplaceAll(std::move(text), from, "\x01" + std::to_string(i) + "\x02");
      std::string value = placeholder;
      bool known = true;
      for (size_t open = value.find('{'); open != std::string::npos; open = value.find('{', open + 1)) {
        size_t close = value.find('}', open);
        if (close == std::string::npos) break;
        known = known && profile.count(value.substr(open + 1, close - open - 1)) > 0;
      }
      values.push_back(known ? Fill(value, profile) : from);
    }
    for (size_t i = 0; i < values.size(); ++i) {
      text = ReplaceAll(std::move(text), "\x01" + std::to_string(i) + "\x02", values[i]);
    }
    return ParseText(SplitLines(text), src.markdown);
  }

  std::vector<Block> NoticeBlocks(Site& site, const std::string& title, const Profile& profile,
                                  const std::string& date) {
    static constexpr std::string_view kSentences[] = {
        "为认真贯彻落实上级有关工作部署，进一步提升工作质效，结合{name}实际，现将有关事项通知如下。",
        "各单位要高度重视，明确责任分工，细化工作措施，确保各项任务按时保质完成。",
        "会议听取了有关单位的工作汇报，分析了当前面临的形势，对下一阶段工作作出具体安排。",
        "会议强调，要坚持问题导向，压实工作责任，以钉钉子精神推动各项工作落地见效。",
        "请各乡镇（街道）、各有关部门于规定时间内将有关材料报送至{name}人民政府办公室。",
        "如有疑问，请在工作时间内与承办科室联系。",
        "活动现场发放宣传资料2000余份，解答群众咨询300余人次，取得了良好的社会效果。",
    };
    std::vector<Block> blocks;
    blocks.push_back({Block::Kind::kParagraph, title + "。", {}});
    const int n = site.rng.Range(2, 4);
    for (int i = 0; i < n; ++i) {
      const auto s = kSentences[site.rng.Next() % std::size(kSentences)];
      blocks.push_back({Block::Kind::kParagraph, Fill(std::string(s), profile), {}});
    }
    int y = 0, m = 0, d = 0;
    ParseDate(date, &y, &m, &d);
    blocks.push_back({Block::Kind::kParagraph,
                      profile.at("agency") + "　" + std::to_string(y) + "年" + std::to_string(m) + "月" +
                          std::to_string(d) + "日",
                      {}});
    return blocks;
  }

  Item MakeNotice(Site& site, const Profile& profile, int year_lo, int year_hi) {
    Item it;
    it.kind = Kind::kNotice;
    it.uid = site.next_uid++;
    const int year = site.rng.Range(year_lo, year_hi);
    it.date = RandomDate(site.rng, year, 1, year == year_hi ? 6 : 12);
    std::string tpl = notice_titles[site.rng.Next() % notice_titles.size()];
    it.title = Fill(tpl, {{"name", profile.at("name")}, {"year", std::to_string(year)}});
    it.publisher = profile.at("agency");
    it.blocks = NoticeBlocks(site, it.title, profile, it.date);
    return it;
  }

  Item MakeReport(Site& site, const json& r) {
    Item it;
    it.kind = Kind::kReport;
    it.uid = site.next_uid++;
    it.year = r.at("year").get<int>();
    const Profile& profile = r.contains("profile") ? ProfileOf(r["profile"].get<std::string>()) : site.profile;
    Profile values = profile;
    values["year"] = std::to_string(it.year);
    it.title = r.contains("keep_title") ? r["keep_title"].get<std::string>()
                                        : Fill(r.value("title", std::string("{agency}{year}年政府信息公开工作年度报告")), values);
    if (!LooksLikeReport(it.title)) throw std::runtime_error(site.name + ": report title not recognisable: " + it.title);
    it.publisher = profile.at("agency");
    it.date = r.contains("published") ? r["published"].get<std::string>() : RandomDate(site.rng, it.year + 1, 1, 3);
    it.tables = r.value("tables", std::string("html"));
    it.access = r.value("access", std::string(""));
    if (it.access == "robots_disallowed") {
      if (!site.spec.contains("disallowed_item")) throw std::runtime_error(site.name + ": access robots_disallowed needs disallowed_item");
      it.disallowed = true;
      it.column_prefix = site.spec["disallowed_item"].get<std::string>();
    } else if (it.access == "challenge") {
      if (!site.spec.contains("challenge")) throw std::runtime_error(site.name + ": access challenge needs a challenge path");
    } else if (!it.access.empty()) {
      throw std::runtime_error(site.name + ": unknown report access " + it.access);
    }
    if (r.contains("pdf")) {
      const std::string file = r["pdf"].get<std::string>();
      it.pdf = File(file);
      it.attachment_kind = "pdf";
      it.tables = "attachment";
      it.source = file;
      it.blocks = {{Block::Kind::kParagraph,
                    "根据《中华人民共和国政府信息公开条例》规定，现将《" + it.title + "》予以公布，全文及统计表详见附件。", {}},
                   {Block::Kind::kParagraph,
                    "如对本报告有疑问，请与" + profile.at("agency") + "办公室联系（电话：" +
                        (profile.count("phone") ? profile.at("phone") : std::string("")) + "）。", {}}};
      it.pdf_name = it.title + ".pdf";
    } else {
      const Source& src = SourceOf(r.at("source").get<std::string>());
      it.blocks = ReportBlocks(src, it.year, profile);
      it.source = src.file + (it.year != src.year ? " (years shifted " + std::to_string(src.year) + "→" +
                                                        std::to_string(it.year) + ")" : "");
      if (r.value("docx", false)) {
        it.attachment_kind = "docx";
        it.tables = "attachment";
      }
    }
    it.mode = it.tables == "image_only" ? TableMode::kImages : it.tables == "html" ? TableMode::kHtml : TableMode::kOmit;
    return it;
  }

  void InitSite(Site& site, const json& s, size_t index) {
    site.spec = s;
    site.index = index;
    site.name = s.at("name").get<std::string>();
    site.cms = s.at("cms").get<std::string>();
    site.address = "127.0.0." + std::to_string(11 + index);
    for (const auto& t : s.at("templates")) site.templates.push_back(t.get<std::string>());
    site.profile = ProfileOf(s.at("profile").get<std::string>());
    site.gbk = s.value("encoding", std::string("utf-8")) == "gbk";
    site.per_page = s.value("per_page", 10);
    site.delay_ms = s.value("delay_ms", 0);
    site.flaky_percent = s.value("flaky_percent", 0);
    site.column_name = s.value("column_name", std::string("政府信息公开年报"));
    site.rng = Rng(seed * 1000003ull + index * 7919ull + 17);
    site.next_id = 1000000 + site.rng.Range(0, 899999);
    for (const auto& line : s.at("robots")) {
      const std::string l = line.get<std::string>();
      if (StartsWith(l, "Disallow: ")) site.robots_disallow.push_back(l.substr(10));
    }
    const std::string search = s.at("search_url").get<std::string>();
    site.disallowed_links.push_back(search);
    if (site.cms == "trs" || site.cms == "mirror") {
      site.column = s.at("column").get<std::string>();
      site.entry = site.column + "index.html";
      site.xxgk_url = "/xxgk/";
    } else if (site.cms == "hanweb") {
      site.column = "/col/col" + s.at("colid").get<std::string>() + "/";
      site.entry = site.column + "index.html";
      site.xxgk_url = "/col/col1229420/index.html";
      site.stubs.insert({"/col/col1629308/index.html", "/col/col1629309/index.html", "/col/col1629310/index.html",
                         "/col/col1629311/index.html"});
    } else if (site.cms == "gkmlpt") {
      site.column = "/gkmlpt/";
      site.entry = "/gkmlpt/index";
      site.xxgk_url = "/gkmlpt/guide";
      site.stubs.insert({"/gkmlpt/policy"});
    } else if (site.cms == "generic") {
      site.column = s.at("column").get<std::string>();
      site.entry = site.column;
      site.xxgk_url = "/zfxxgk/";
    } else if (site.cms == "jsshell") {
      site.column = s.at("column").get<std::string>();
      site.entry = site.column + "index.html";
      site.xxgk_url = "/zwgk/zfxxgk/";
      for (const auto& [sub, n] : s.at("subcolumns").items()) site.subcolumns.push_back(sub);
      std::sort(site.subcolumns.begin(), site.subcolumns.end());
    } else {
      throw std::runtime_error("unknown cms " + site.cms);
    }
    site.stubs.insert({site.xxgk_url, "/wzdt/", "/lxwm/", "/wzsm/", "/wza/", "/index.html"});
  }

  // Adds the items of a site (not the mirror), sorted newest first, with ids and paths.
  void BuildItems(Site& site) {
    const json& s = site.spec;
    for (const auto& r : s.at("reports")) {
      Item report = MakeReport(site, r);
      const int uid = report.uid;
      const std::string date = report.date;
      std::vector<Block> blocks = report.blocks;
      std::string title = report.title;
      site.items.push_back(std::move(report));
      if (r.contains("also_at")) {
        Item repost;
        repost.kind = Kind::kAlias;
        repost.uid = site.next_uid++;
        repost.alias_of = uid;
        repost.title = title;
        repost.date = AddDays(date, 3);
        repost.publisher = site.profile.at("agency");
        repost.blocks = std::move(blocks);
        repost.column_prefix = r["also_at"].get<std::string>();
        site.items.push_back(std::move(repost));
      }
    }
    if (site.cms == "jsshell") {
      for (const auto& [sub, n] : s.at("subcolumns").items()) {
        const int year = std::atoi(sub.substr(3, 4).c_str());
        for (int i = 0; i < n.get<int>(); ++i) {
          Item it = MakeNotice(site, site.profile, year, year);
          it.date = RandomDate(site.rng, year, 1, 12);
          it.subcolumn = sub;
          site.items.push_back(std::move(it));
        }
      }
      for (auto& it : site.items) {
        if (it.subcolumn.empty()) it.subcolumn = "nb_" + std::to_string(YearOf(it.date)) + "n";
        if (std::find(site.subcolumns.begin(), site.subcolumns.end(), it.subcolumn) == site.subcolumns.end()) {
          throw std::runtime_error("jsshell: no sub-column " + it.subcolumn + " for " + it.title);
        }
      }
    } else {
      const int lo = s.at("notice_years").at(0).get<int>(), hi = s.at("notice_years").at(1).get<int>();
      for (int i = 0; i < s.value("notices", 0); ++i) site.items.push_back(MakeNotice(site, site.profile, lo, hi));
    }
    if (s.contains("disallowed_item")) {
      Item it = MakeNotice(site, site.profile, s.at("notice_years").at(0).get<int>(), s.at("notice_years").at(1).get<int>());
      it.title = site.profile.at("name") + "关于报送" + std::to_string(YearOf(it.date)) + "年度政务公开工作台账的通知（内部）";
      it.blocks = NoticeBlocks(site, it.title, site.profile, it.date);
      it.disallowed = true;
      it.column_prefix = s["disallowed_item"].get<std::string>();
      site.items.push_back(std::move(it));
    }
    SortAndNumber(site);
  }

  void SortAndNumber(Site& site) {
    std::stable_sort(site.items.begin(), site.items.end(),
                     [](const Item& a, const Item& b) { return a.date > b.date; });
    for (auto it = site.items.rbegin(); it != site.items.rend(); ++it) {
      it->id = site.next_id;
      site.next_id += site.rng.Range(3, 60);
      AssignPath(site, *it);
    }
    for (auto& it : site.items) {
      if (it.kind != Kind::kAlias) continue;
      for (auto& r : site.items) {
        if (r.uid == it.alias_of) r.also_at.push_back(it.path);
      }
    }
  }

  void AssignPath(Site& site, Item& it) {
    const std::string id = std::to_string(it.id);
    const std::string trs_name = Ym(it.date) + "/t" + Ymd(it.date) + "_" + id + ".html";
    if (site.cms == "trs" || site.cms == "mirror") {
      it.path = (it.column_prefix.empty() ? site.column : it.column_prefix) + trs_name;
    } else if (site.cms == "jsshell") {
      it.path = site.column + it.subcolumn + "/" + trs_name;
    } else if (site.cms == "hanweb") {
      int y = 0, m = 0, d = 0;
      ParseDate(it.date, &y, &m, &d);
      it.path = "/art/" + std::to_string(y) + "/" + std::to_string(m) + "/" + std::to_string(d) + "/art_" +
                site.spec.at("colid").get<std::string>() + "_" + id + ".html";
    } else if (site.cms == "gkmlpt") {
      it.path = "/content/post_" + id + ".html";
    } else {  // generic
      it.path = (it.column_prefix.empty() ? std::string("/info/1021/") : it.column_prefix) + id.substr(id.size() - 5) + ".htm";
    }
    if (it.disallowed) site.disallowed_links.push_back(it.path);
    if (it.access == "challenge") site.challenged.insert(it.path);
  }

  // ---- rendering --------------------------------------------------------

  std::string Url(const Site& site, const std::string& path) const {
    return "http://" + site.address + ":" + std::to_string(port) + path;
  }

  Ctx SiteCtx(const Site& site) {
    Ctx c = site.profile;
    c["site_name"] = site.profile.at("agency");
    c["site_id_code"] = site.spec.value("site_id_code", std::string(""));
    c["icp"] = site.spec.value("icp", std::string(""));
    c["column_name"] = site.column_name;
    c["column_url"] = site.entry;
    c["xxgk_url"] = site.xxgk_url;
    c["search_url"] = HtmlEscape(site.spec.at("search_url").get<std::string>());
    c["address"] = site.profile.count("street") ? site.profile.at("street") : "";
    c["nav"] = "<li><a href=\"/\">首页</a></li>\n<li><a href=\"" + site.xxgk_url + "\">政务公开</a></li>\n<li><a href=\"" +
               site.entry + "\">" + site.column_name + "</a></li>\n<li><a href=\"/lxwm/\">互动交流</a></li>\n";
    if (site.cms == "hanweb") {
      c["colid"] = site.spec.at("colid").get<std::string>();
      c["unitid"] = site.spec.at("unitid").get<std::string>();
      c["webid"] = site.spec.at("webid").get<std::string>();
      c["challenge_url"] = HtmlEscape(site.spec.at("challenge").get<std::string>());
    }
    if (site.cms == "gkmlpt") {
      c["sid"] = site.spec.at("sid").get<std::string>();
      c["cat"] = site.spec.at("cat").get<std::string>();
      c["per_page"] = std::to_string(site.per_page);
    }
    c["charset_meta"] = site.gbk ? "<meta charset=\"gb2312\">" : "<meta charset=\"utf-8\">";
    if (site.spec.contains("spam_links")) {
      std::string links;
      for (const auto& l : site.spec["spam_links"]) {
        links += "<a href=\"" + l.at(0).get<std::string>() + "\" target=\"_blank\">" + l.at(1).get<std::string>() + "</a>\n";
      }
      c["spam_links"] = links;
    }
    return c;
  }

  std::string IndexNo(const Site& site, const Item& it) const {
    std::string seq = std::to_string(it.id % 100000);
    seq.insert(0, 5 - std::min<size_t>(5, seq.size()), '0');
    return site.spec.value("org_code", std::string("000000000")) + "/" + it.date.substr(0, 4) + "-" + seq;
  }

  Resource HtmlResource(const Site& site, const std::string& html, bool detail) const {
    Resource r;
    r.body = site.gbk ? ToGbk(html) : html;
    // The generic site declares gb2312 in the page but sends a UTF-8 header on
    // list pages and no charset at all on detail pages.
    r.content_type = site.gbk ? (detail ? "text/html" : "text/html; charset=utf-8") : "text/html; charset=utf-8";
    return r;
  }

  void AddAttachments(Site& site, Item& it) {
    if (it.attachment_kind.empty()) return;
    Attachment a;
    const bool pdf = it.attachment_kind == "pdf";
    const std::string ext = pdf ? ".pdf" : ".docx";
    a.content_type = pdf ? "application/pdf" : "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    a.bytes = pdf ? it.pdf : std::make_shared<const std::string>(BlocksToDocx(it.title, it.blocks));
    a.name = it.title + ext;
    if (site.cms == "trs" || site.cms == "mirror" || site.cms == "jsshell") {
      const std::string dir = it.path.substr(0, it.path.rfind('/') + 1);
      a.serve_path = dir + "P0" + Ymd(it.date) + Digits(site.rng, 12) + ext;
      a.link = a.serve_path;
    } else if (site.cms == "hanweb") {
      const std::string file = Hex32(site.rng) + ext;
      a.serve_path = "/attach/0/" + file;
      a.link = "/module/download/downfile.jsp?classid=0&filename=" + file;
      site.downfile[file] = a.serve_path;
    } else {
      a.serve_path = "/upload/file/" + Ym(it.date) + "/" + Hex32(site.rng) + ext;
      a.link = a.serve_path;
    }
    site.resources[a.serve_path] = {200, a.content_type, *a.bytes};
    it.attachments.push_back(std::move(a));
  }

  std::string AttachmentsHtml(const Site& site, const Item& it) const {
    if (it.attachments.empty()) return "";
    std::string html = "<div class=\"fujian\"><p>附件：</p>\n";
    for (const auto& a : it.attachments) {
      std::string href = a.link;
      const std::string dir = it.path.substr(0, it.path.rfind('/') + 1);
      if (site.cms != "hanweb" && StartsWith(href, dir)) href = "./" + href.substr(dir.size());
      html += "<p><a href=\"" + HtmlEscape(href) + "\" target=\"_blank\">" + HtmlEscape(a.name) + "</a></p>\n";
    }
    return html + "</div>\n";
  }

  void RenderDetail(Site& site, Item& it) {
    std::string body = it.body_html;
    if (body.empty()) {
      std::vector<std::string> images;
      const std::string prefix = "/upload/image/" + Ym(it.date) + "/" + std::to_string(it.id) + "_";
      body = BlocksToHtml(it.blocks, it.mode, prefix, &images);
      int variant = 0;
      for (const auto& name : images) site.resources[prefix + name] = {200, "image/png", MakeTablePng(240, 80, variant++)};
      it.body_html = body;
    }
    Ctx c = SiteCtx(site);
    c["title"] = HtmlEscape(it.title);
    c["page_title"] = HtmlEscape(it.title) + (site.cms == "mirror" ? "" : " - " + c["site_name"] + "门户网站");
    c["date"] = it.date;
    c["datetime"] = it.date + " " + (it.kind == Kind::kReport ? "10:00" : "09:30");
    c["publisher"] = HtmlEscape(it.publisher);
    c["index_no"] = IndexNo(site, it);
    c["topic"] = it.kind == Kind::kNotice ? "综合政务/通知公告" : "综合政务/政府信息公开年报";
    c["doc_no"] = "";
    c["keywords"] = it.kind == Kind::kNotice ? "通知" : "政府信息公开";
    c["id"] = std::to_string(it.id);
    if (site.gbk) c["charset_meta"] = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">";
    c["body"] = body;
    c["attachments"] = AttachmentsHtml(site, it);
    c["page_meta"] = "<meta name=\"ArticleTitle\" content=\"" + HtmlEscape(it.title) + "\">\n<meta name=\"PubDate\" content=\"" +
                     c["datetime"] + "\">\n<meta name=\"ContentSource\" content=\"" + HtmlEscape(it.publisher) + "\">\n";
    if (it.kind == Kind::kAlias) {
      c["breadcrumb_name"] = "通知公告";
      c["breadcrumb_url"] = it.column_prefix;
      site.stubs.insert(it.column_prefix);
    } else if (site.cms == "jsshell") {
      c["breadcrumb_name"] = site.column_name;
      c["breadcrumb_url"] = site.column + it.subcolumn + "/index.html";
    } else {
      c["breadcrumb_name"] = site.column_name;
      c["breadcrumb_url"] = site.entry;
    }
    site.resources[it.path] = HtmlResource(site, Render(Template(site, "detail.html"), c), true);
  }

  void RenderAll(Site& site) {
    for (auto& it : site.items) {
      if (it.kind == Kind::kAlias) continue;
      AddAttachments(site, it);
      RenderDetail(site, it);
    }
    for (auto& it : site.items) {
      if (it.kind != Kind::kAlias) continue;
      for (const auto& r : site.items) {
        if (r.uid == it.alias_of) it.body_html = r.body_html + AttachmentsHtml(site, r);
      }
      RenderDetail(site, it);
    }
  }

  // The mirror copies the HTML reports of the site it mirrors, with the
  // agency's names replaced by gambling-spam strings.
  void BuildMirror(Site& site, const Site& of) {
    const Profile& from = of.profile;
    const Profile& to = site.profile;
    auto spam = [&](std::string s) {
      for (const char* key : {"agency", "city", "name"}) s = ReplaceAll(std::move(s), from.at(key), to.at(key));
      return s;
    };
    for (const auto& r : of.items) {
      if (r.kind != Kind::kReport || r.tables != "html" || !r.access.empty()) continue;
      Item it;
      it.kind = Kind::kReport;
      it.uid = site.next_uid++;
      it.year = r.year;
      it.title = spam(r.title);
      it.date = AddDays(r.date, site.rng.Range(20, 200));
      it.publisher = to.at("agency");
      it.tables = r.tables;
      it.source = "mirror of " + of.name + ": " + r.source;
      it.body_html = spam(r.body_html);
      it.mirror_of = Url(of, r.path);
      site.items.push_back(std::move(it));
    }
    for (const auto& r : site.spec.at("reports")) {
      Item it = MakeReport(site, r);
      it.tables = r.value("tables", std::string("missing"));
      site.items.push_back(std::move(it));
    }
    const int lo = site.spec.at("notice_years").at(0).get<int>(), hi = site.spec.at("notice_years").at(1).get<int>();
    for (int i = 0; i < site.spec.value("notices", 0); ++i) site.items.push_back(MakeNotice(site, to, lo, hi));
    SortAndNumber(site);
  }

  // ---- list pages -------------------------------------------------------

  std::vector<const Item*> ListItems(const Site& site, const std::string& subcolumn) const {
    std::vector<const Item*> out;
    for (const auto& it : site.items) {
      if (subcolumn.empty() || it.subcolumn == subcolumn) out.push_back(&it);
    }
    return out;
  }

  int PageCount(const Site& site, size_t n) const {
    return std::max(1, static_cast<int>((n + static_cast<size_t>(site.per_page) - 1) / static_cast<size_t>(site.per_page)));
  }

  static std::string Href(const std::string& list_dir, const std::string& path) {
    return StartsWith(path, list_dir) ? "./" + path.substr(list_dir.size()) : path;
  }

  std::string ListLi(const Item& it, const std::string& href, bool span_date) const {
    return "<li><a href=\"" + HtmlEscape(href) + "\" target=\"_blank\" title=\"" + HtmlEscape(it.title) + "\">" +
           HtmlEscape(Truncate(it.title, 26)) + "</a>" + (span_date ? "<span class=\"date\">" + it.date + "</span>" : "") +
           "</li>\n";
  }

  Ctx ListCtx(Site& site) {
    Ctx c = SiteCtx(site);
    c["page_title"] = site.column_name + " - " + c["site_name"] + "门户网站";
    return c;
  }

  // TRS / mirror / jsshell sub-column list page `page` (0-based); "" when out of range.
  std::string TrsList(Site& site, const std::string& list_dir, const std::string& subcolumn, int page) {
    const auto items = ListItems(site, subcolumn);
    const int pages = PageCount(site, items.size());
    if (page < 0 || page >= pages) return "";
    Ctx c = ListCtx(site);
    std::string lis;
    for (size_t i = static_cast<size_t>(page * site.per_page);
         i < items.size() && i < static_cast<size_t>((page + 1) * site.per_page); ++i) {
      lis += "                " + ListLi(*items[i], Href(list_dir, items[i]->path), true);
    }
    c["items"] = lis;
    c["page_count"] = std::to_string(pages);
    c["page_index"] = std::to_string(page);
    if (!subcolumn.empty()) {
      std::string tabs;
      for (auto s = site.subcolumns.rbegin(); s != site.subcolumns.rend(); ++s) {
        const std::string label = s->substr(3, 4) + "年";
        tabs += *s == subcolumn ? "    <span class=\"on\">" + label + "</span>\n"
                                : "    <a href=\"../" + *s + "/\">" + label + "</a>\n";
      }
      c["year_tabs"] = tabs;
      c["subcolumn_name"] = subcolumn.substr(3, 4) + "年";
    }
    return Render(Template(site, "list.html"), c);
  }

  std::string HanwebRecord(const Item& it) const {
    return "<record><![CDATA[\n<li><a href=\"" + it.path + "\" target=\"_blank\" title=\"" + HtmlEscape(it.title) + "\">" +
           HtmlEscape(Truncate(it.title, 30)) + "</a><span>" + it.date + "</span></li>\n]]></record>\n";
  }

  std::string HanwebNextgroup(const Site& site) const {
    std::string webname;
    for (unsigned char ch : site.profile.at("agency")) {
      char buf[4];
      std::snprintf(buf, sizeof(buf), "%%%02X", ch);
      webname += buf;
    }
    return "<nextgroup><![CDATA[<a href=\"/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=" +
           site.spec.at("webid").get<std::string>() + "&path=/&columnid=" + site.spec.at("colid").get<std::string>() +
           "&unitid=" + site.spec.at("unitid").get<std::string>() + "&webname=" + webname +
           "&permissiontype=0\"></a>]]></nextgroup>\n";
  }

  std::string HanwebList(Site& site) {
    const auto items = ListItems(site, "");
    Ctx c = ListCtx(site);
    std::string ds = "<script type=\"text/xml\"><datastore>\n" + HanwebNextgroup(site) + "<recordset>\n";
    for (size_t i = 0; i < items.size() && i < static_cast<size_t>(site.per_page); ++i) ds += HanwebRecord(*items[i]);
    ds += "</recordset>\n</datastore></script>";
    c["datastore"] = ds;
    c["jpage"] =
        "<script type=\"text/javascript\" src=\"/module/web/jpage/jpage.js\"></script>\n"
        "<script type=\"text/javascript\">\n"
        "$(document).ready(function () {\n"
        "  $('#" + c["unitid"] + "').jpage({\n"
        "    dataStore: $('#" + c["unitid"] + " script[type=\"text/xml\"]'),\n"
        "    proxyUrl: '/module/web/jpage/dataproxy.jsp',\n"
        "    perPage: " + std::to_string(site.per_page) + ",\n"
        "    groupSize: 1,\n"
        "    totalRecord: " + std::to_string(items.size()) + ",\n"
        "    barPosition: 'bottom',\n"
        "    ajaxParam: {col: 1, appid: 1, webid: '" + c["webid"] + "', path: '/', columnid: '" + c["colid"] +
        "', sourceContentType: 1, unitid: '" + c["unitid"] + "', webname: '" + site.profile.at("agency") +
        "', permissiontype: 0}\n"
        "  });\n"
        "});\n"
        "</script>";
    return Render(Template(site, "list.html"), c);
  }

  std::string GenericList(Site& site, int page) {  // page is 1-based
    const auto items = ListItems(site, "");
    const int pages = PageCount(site, items.size());
    if (page < 1 || page > pages) return "";
    Ctx c = ListCtx(site);
    const std::string dir = site.column.substr(0, site.column.rfind('/') + 1);
    const std::string file = site.column.substr(dir.size());
    int depth = static_cast<int>(std::count(dir.begin(), dir.end(), '/')) - 1;
    std::string up;
    for (int i = 0; i < depth; ++i) up += "../";
    std::string rows;
    for (size_t i = static_cast<size_t>((page - 1) * site.per_page);
         i < items.size() && i < static_cast<size_t>(page * site.per_page); ++i) {
      const Item& it = *items[i];
      rows += "        <tr><td class=\"list_title\"><a href=\"" + up + it.path.substr(1) + "\" target=\"_blank\" title=\"" +
              HtmlEscape(it.title) + "\">" + HtmlEscape(Truncate(it.title, 28)) +
              "</a></td><td class=\"list_date\" width=\"90\">" + it.date + "</td></tr>\n";
    }
    c["items"] = rows;
    auto link = [&](int p) { return p == 1 ? file : file + "?page=" + std::to_string(p); };
    std::string pager = "        <span class=\"p_pages\">共" + std::to_string(items.size()) + "条&nbsp;&nbsp;" +
                        std::to_string(page) + "/" + std::to_string(pages) + "&nbsp;</span>\n";
    if (page > 1) {
      pager += "        <span class=\"p_first\"><a href=\"" + link(1) + "\">首页</a></span>\n";
      pager += "        <span class=\"p_prev\"><a href=\"" + link(page - 1) + "\">上一页</a></span>\n";
    }
    for (int p = 1; p <= pages; ++p) {
      pager += p == page ? "        <span class=\"p_no_d\">" + std::to_string(p) + "</span>\n"
                         : "        <span class=\"p_no\"><a href=\"" + link(p) + "\">" + std::to_string(p) + "</a></span>\n";
    }
    if (page < pages) {
      pager += "        <span class=\"p_next\"><a href=\"" + link(page + 1) + "\">下一页</a></span>\n";
      pager += "        <span class=\"p_last\"><a href=\"" + link(pages) + "\">尾页</a></span>\n";
    }
    c["pager"] = pager;
    return Render(Template(site, "list.html"), c);
  }

  std::string GkmlptIndex(Site& site) {
    Ctx c = ListCtx(site);
    return Render(Template(site, "list.html"), c);
  }

  std::string StubPage(Site& site, const std::string& heading, const std::string& items_html) {
    Ctx c = SiteCtx(site);
    c["page_title"] = heading + " - " + c["site_name"] + "门户网站";
    c["page_heading"] = heading;
    c["items"] = items_html;
    return Render(Template(site, "home.html"), c);
  }

  // ---- requests ---------------------------------------------------------


  HttpResponse Page(const Site& site, const std::string& html, bool detail) const {
    Resource r = HtmlResource(site, html, detail);
    return TextResponse(200, r.content_type, std::move(r.body));
  }

  HttpResponse NotFound(Site& site) {
    ++site.stats.not_found;
    return TextResponse(404, "text/html; charset=utf-8", ReadFileOrThrow(site_dir / "common/404.html"));
  }

  HttpResponse Challenge(Site& site) {
    ++site.stats.challenge_hits;
    Rng r(seed + static_cast<uint64_t>(site.stats.challenge_hits));
    Ctx c{{"ts_nsd", std::to_string(r.Range(10000, 99999))}, {"ts_cd", Hex32(r) + Hex32(r) + Hex32(r)},
          {"ts_meta", Hex32(r) + Hex32(r)}};
    HttpResponse resp = TextResponse(412, "text/html; charset=utf-8", Render(ReadFileOrThrow(site_dir / "common/challenge.html"), c));
    resp.headers.push_back({"Set-Cookie", "FSSBBIl1UgzbN7N80S=" + Hex32(r) + "; Path=/; HttpOnly"});
    resp.headers.push_back({"Server", "nginx"});
    return resp;
  }

  HttpResponse Dataproxy(Site& site, const HttpRequest& req, const std::string& query) {
    std::string form = req.method == "POST" ? req.body : query;
    const std::string column = QueryValue(form, "columnid").empty() ? QueryValue(query, "columnid") : QueryValue(form, "columnid");
    const std::string unit = QueryValue(form, "unitid").empty() ? QueryValue(query, "unitid") : QueryValue(form, "unitid");
    const auto items = ListItems(site, "");
    const bool ours = column == site.spec.at("colid").get<std::string>() && unit == site.spec.at("unitid").get<std::string>();
    const int total = ours ? static_cast<int>(items.size()) : 0;
    int perpage = SmallInt(QueryValue(query, "perpage"));
    if (perpage <= 0) perpage = site.per_page;
    int start = SmallInt(QueryValue(query, "startrecord"));
    int end = SmallInt(QueryValue(query, "endrecord"));
    if (start <= 0) start = 1;
    if (end <= 0) end = start + perpage * 3 - 1;
    std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<datastore>\n<totalrecord>" + std::to_string(total) +
                      "</totalrecord>\n" + HanwebNextgroup(site) + "<recordset>\n";
    for (int i = start; ours && i <= end && i <= total; ++i) xml += HanwebRecord(*items[static_cast<size_t>(i - 1)]);
    xml += "</recordset>\n</datastore>\n";
    return TextResponse(200, "text/xml;charset=UTF-8", std::move(xml));
  }

  HttpResponse GkmlptApi(Site& site, const std::string& path, const std::string& query) {
    const std::string cat = path.substr(std::string("/gkmlpt/api/all/").size());
    if (QueryValue(query, "sid") != site.spec.at("sid").get<std::string>()) {
      return TextResponse(400, "application/json;charset=UTF-8", R"({"code":400,"msg":"invalid sid"})");
    }
    const auto items = ListItems(site, "");
    const bool ours = cat == site.spec.at("cat").get<std::string>();
    int page = SmallInt(QueryValue(query, "page"));
    if (page < 1) page = 1;
    json articles = json::array();
    for (size_t i = static_cast<size_t>((page - 1) * site.per_page);
         ours && i < items.size() && i < static_cast<size_t>(page * site.per_page); ++i) {
      const Item& it = *items[i];
      int y = 0, m = 0, d = 0;
      ParseDate(it.date, &y, &m, &d);
      // 10:00 China time is 02:00 UTC of the same day.
      const int64_t t = DaysFromCivil(y, m, d) * 86400 + 2 * 3600;
      articles.push_back({{"id", it.id},
                          {"title", it.title},
                          {"url", Url(site, it.path)},
                          {"create_time", t},
                          {"publisher", it.publisher},
                          {"identifier", IndexNo(site, it)}});
    }
    json out = {{"total", ours ? items.size() : 0}, {"page", page}, {"size", site.per_page}, {"articles", articles}};
    return TextResponse(200, "application/json;charset=UTF-8", out.dump());
  }

  HttpResponse ShellPage(const std::string& html) { return TextResponse(200, "text/html; charset=utf-8", html); }

  HttpResponse JsShell(Site& site, const std::string& rest) {
    const std::string meta_sub = site.spec.value("meta_shell_subcolumn", std::string(""));
    if (rest.empty()) {  // the column folder itself: a meta-refresh shell
      return ShellPage("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">"
                       "<meta http-equiv=\"refresh\" content=\"0;url=" +
                       site.spec.at("dir_shell_target").get<std::string>() + "\"></head><body></body></html>\n");
    }
    if (rest == "index.html" || rest == "index.htm") {  // a location.replace shell
      return ShellPage("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">\n"
                       "<script>location.replace(\"" + site.spec.at("shell_target").get<std::string>() +
                       "\")</script></head><body></body></html>\n");
    }
    const size_t slash = rest.find('/');
    if (slash == std::string::npos) return NotFound(site);
    const std::string sub = rest.substr(0, slash), file = rest.substr(slash + 1);
    if (std::find(site.subcolumns.begin(), site.subcolumns.end(), sub) == site.subcolumns.end()) return NotFound(site);
    if (file.empty() && sub == meta_sub) {
      return ShellPage("<html><head><meta http-equiv=\"refresh\" content=\"0; url=index.html\"></head><body></body></html>\n");
    }
    int page = -1;
    if (file.empty() || file == "index.html") {
      page = 0;
    } else if (StartsWith(file, "index_") && EndsWith(file, ".html")) {
      const std::string n = file.substr(6, file.size() - 11);
      page = SmallInt(n);
    }
    if (page < 0) return NotFound(site);
    const std::string html = TrsList(site, site.column + sub + "/", sub, page);
    return html.empty() ? NotFound(site) : Page(site, html, false);
  }

  HttpResponse Robots(const Site& site) {
    std::string text = "# robots.txt for " + site.profile.at("domain") + "\nUser-agent: *\n";
    for (const auto& l : site.spec.at("robots")) text += l.get<std::string>() + "\n";
    return TextResponse(200, "text/plain", text);
  }

  HttpResponse Route(Site& site, const HttpRequest& req, const std::string& path, const std::string& query) {
    if (path == "/" || (path == "/index.html" && site.cms != "jsshell")) {
      std::string links = "<li><a href=\"" + site.entry + "\">" + site.column_name + "</a></li>\n";
      return Page(site, StubPage(site, "首页", links), false);
    }
    if (path == "/common/js/page.js" && site.templates.size() > 1) {
      return TextResponse(200, "application/javascript", ReadFileOrThrow(site_dir / "common/page.js"));
    }
    if (site.cms == "trs" || site.cms == "mirror") {
      if (path == site.column || path == site.column + "index.html") return Page(site, TrsList(site, site.column, "", 0), false);
      if (StartsWith(path, site.column + "index_") && EndsWith(path, ".html")) {
        const std::string n = path.substr(site.column.size() + 6, path.size() - site.column.size() - 11);
        if (SmallInt(n) >= 0) {
          const std::string html = TrsList(site, site.column, "", SmallInt(n));
          return html.empty() ? NotFound(site) : Page(site, html, false);
        }
      }
    } else if (site.cms == "hanweb") {
      if (path == site.column || path == site.column + "index.html") return Page(site, HanwebList(site), false);
      if (path == "/module/web/jpage/dataproxy.jsp" || path == "/module/jpage/dataproxy.jsp") {
        return Dataproxy(site, req, query);
      }
      if (path == "/module/download/downfile.jsp") {
        auto it = site.downfile.find(QueryValue(query, "filename"));
        if (it == site.downfile.end()) return NotFound(site);
        HttpResponse r = TextResponse(302, "text/html; charset=utf-8", "");
        r.headers.push_back({"Location", Url(site, it->second)});
        return r;
      }
      const std::string challenge = site.spec.at("challenge").get<std::string>();
      if (path == challenge.substr(0, challenge.find('?'))) return Challenge(site);
    } else if (site.cms == "gkmlpt") {
      if (path == "/gkmlpt/index" || path == "/gkmlpt/" || path == "/gkmlpt") return Page(site, GkmlptIndex(site), false);
      if (StartsWith(path, "/gkmlpt/api/all/")) return GkmlptApi(site, path, query);
    } else if (site.cms == "generic") {
      if (path == site.column) {
        const std::string p = QueryValue(query, "page");
        const std::string html = GenericList(site, p.empty() ? 1 : SmallInt(p));
        return html.empty() ? NotFound(site) : Page(site, html, false);
      }
    } else if (site.cms == "jsshell") {
      if (StartsWith(path, site.column)) {
        const std::string rest = path.substr(site.column.size());
        if (!Contains(rest, "/20") && !Contains(rest, ".pdf")) return JsShell(site, rest);
      }
    }
    if (site.challenged.count(path)) return Challenge(site);
    if (auto it = site.resources.find(path); it != site.resources.end()) {
      return TextResponse(it->second.status, it->second.content_type, it->second.body);
    }
    if (site.stubs.count(path)) return Page(site, StubPage(site, "栏目", ""), false);
    return NotFound(site);
  }

  // Seeded failures of the flaky site: 503s and connection resets on about
  // flaky_percent of requests, never more than twice in a row for one URL and
  // never more than three times in a row for the host, so a client that
  // retries gets everything.
  bool InjectFailure(Site& site, const HttpRequest& req, HttpResponse* out) {
    if (site.flaky_percent <= 0) return false;
    const std::string key = req.method + " " + req.target;
    int& streak = site.fail_streak[key];
    const bool fail = streak < 2 && site.host_streak < 3 &&
                      flaky_rng.Range(0, 99) < site.flaky_percent;
    if (!fail) {
      streak = 0;
      site.host_streak = 0;
      return false;
    }
    ++streak;
    ++site.host_streak;
    if (flaky_rng.Next() % 2 == 0) {
      ++site.stats.injected_503;
      *out = TextResponse(503, "text/html; charset=utf-8",
                  "<html><head><title>503 Service Temporarily Unavailable</title></head><body><center><h1>503 Service "
                  "Temporarily Unavailable</h1></center><hr><center>nginx</center></body></html>\n");
    } else {
      ++site.stats.injected_resets;
      *out = HttpResponse{};
      out->reset = true;
    }
    return true;
  }

  HttpResponse AddReport(const std::string& name, const std::string& year_text) {
    auto site_it = std::find_if(sites.begin(), sites.end(), [&](const Site& s) { return s.name == name; });
    const int year = SmallInt(year_text);
    if (site_it == sites.end() || year < 2000 || year > 2100) {
      return TextResponse(400, "application/json", json({{"error", "usage: POST /__admin/add-report?site=<name>&year=<YYYY>"}}).dump());
    }
    Site& site = *site_it;
    Profile profile = site.profile;
    const std::string dept = departments[static_cast<size_t>(site.added) % departments.size()];
    profile["agency"] = profile.at("name") + dept;
    profile["name"] = profile.at("name") + dept;
    ++site.added;
    json spec = {{"year", year}, {"source", "seed003"}, {"title", "{agency}{year}年度政府信息公开工作报告"}};
    Item it = MakeReport(site, spec);
    it.publisher = profile.at("agency");
    it.blocks = ReportBlocks(SourceOf("seed003"), year, profile);
    Profile values = profile;
    values["year"] = std::to_string(year);
    it.title = Fill("{agency}{year}年度政府信息公开工作报告", values);
    if (site.cms == "jsshell") {
      std::string sub = "nb_" + std::to_string(year + 1) + "n";
      if (std::find(site.subcolumns.begin(), site.subcolumns.end(), sub) == site.subcolumns.end()) sub = site.subcolumns.back();
      it.subcolumn = sub;
    }
    std::string newest = "2000-01-01";
    for (const auto& other : site.items) {
      if (it.subcolumn.empty() || other.subcolumn == it.subcolumn) newest = std::max(newest, other.date);
    }
    it.date = AddDays(newest, 1);
    it.id = site.next_id;
    site.next_id += site.rng.Range(3, 60);
    AssignPath(site, it);
    RenderDetail(site, it);
    site.items.insert(site.items.begin(), it);
    return TextResponse(200, "application/json",
                json({{"site", site.name}, {"url", Url(site, it.path)}, {"title", it.title}, {"year", year},
                      {"published", it.date}})
                        .dump() + "\n");
  }

  HttpResponse Handle(size_t index, const HttpRequest& req) {
    std::lock_guard<std::mutex> lock(mu);
    Site& site = sites.at(index);
    ++site.stats.requests;
    const size_t q = req.target.find('?');
    const std::string path = req.target.substr(0, q);
    const std::string query = q == std::string::npos ? "" : req.target.substr(q + 1);
    if (path == "/__manifest.json") return TextResponse(200, "application/json", ManifestLocked().dump(1) + "\n");
    if (path == "/__admin/add-report") {
      if (req.method != "POST") return TextResponse(405, "application/json", R"({"error":"use POST"})");
      return AddReport(QueryValue(query, "site"), QueryValue(query, "year"));
    }
    if (path == "/__admin/stats") return TextResponse(200, "application/json", StatsLocked().dump(1) + "\n");
    HttpResponse resp;
    if (path == "/robots.txt") {
      resp = Robots(site);
    } else if (!InjectFailure(site, req, &resp)) {
      for (const auto& prefix : site.robots_disallow) {
        if (StartsWith(req.target, prefix)) ++site.stats.disallowed_hits;
      }
      resp = Route(site, req, path, query);
    }
    resp.delay_ms = site.delay_ms;
    if (site.cms == "hanweb") resp.headers.push_back({"Server", "Apache-Coyote/1.1"});
    return resp;
  }

  // ---- manifest, config -------------------------------------------------

  json ListPages(const Site& site) const {
    json pages = json::array();
    const auto items = ListItems(site, "");
    if (site.cms == "trs" || site.cms == "mirror") {
      for (int p = 0; p < PageCount(site, items.size()); ++p) {
        pages.push_back(Url(site, site.column + (p == 0 ? "index.html" : "index_" + std::to_string(p) + ".html")));
      }
    } else if (site.cms == "hanweb") {
      pages.push_back(Url(site, site.entry));
      for (size_t start = static_cast<size_t>(site.per_page) + 1; start <= items.size(); start += static_cast<size_t>(site.per_page)) {
        pages.push_back(Url(site, "/module/web/jpage/dataproxy.jsp?startrecord=" + std::to_string(start) + "&endrecord=" +
                                      std::to_string(std::min(items.size(), start + static_cast<size_t>(site.per_page) - 1)) +
                                      "&perpage=" + std::to_string(site.per_page)));
      }
    } else if (site.cms == "gkmlpt") {
      pages.push_back(Url(site, site.entry));
      for (int p = 1; p <= PageCount(site, items.size()); ++p) {
        pages.push_back(Url(site, "/gkmlpt/api/all/" + site.spec.at("cat").get<std::string>() + "?page=" + std::to_string(p) +
                                      "&sid=" + site.spec.at("sid").get<std::string>()));
      }
    } else if (site.cms == "generic") {
      for (int p = 1; p <= PageCount(site, items.size()); ++p) {
        pages.push_back(Url(site, site.column + (p == 1 ? "" : "?page=" + std::to_string(p))));
      }
    } else if (site.cms == "jsshell") {
      for (const auto& sub : site.subcolumns) {
        const int n = PageCount(site, ListItems(site, sub).size());
        for (int p = 0; p < n; ++p) {
          pages.push_back(Url(site, site.column + sub + "/" + (p == 0 ? "index.html" : "index_" + std::to_string(p) + ".html")));
        }
      }
    }
    return pages;
  }

  json ManifestLocked() const {
    json out = {{"generator", "govharvest-portal"}, {"seed", seed}, {"sites", json::object()}};
    for (const Site& site : sites) {
      json reports = json::array(), non_reports = json::array();
      for (const Item& it : site.items) {
        if (it.kind == Kind::kNotice) {
          non_reports.push_back(Url(site, it.path));
        } else if (it.kind == Kind::kReport) {
          json r = {{"year", it.year},        {"title", it.title},     {"url", Url(site, it.path)},
                    {"also_at", json::array()}, {"attachments", json::array()}, {"tables", it.tables},
                    {"published", it.date},   {"agency", it.publisher}, {"source", it.source}};
          for (const auto& a : it.also_at) r["also_at"].push_back(Url(site, a));
          for (const auto& a : it.attachments) r["attachments"].push_back(Url(site, a.link));
          if (!it.mirror_of.empty()) r["mirror_of"] = it.mirror_of;
          if (!it.access.empty()) r["access"] = it.access;
          if (site.cms == "jsshell") r["subcolumn"] = it.subcolumn;
          reports.push_back(std::move(r));
        }
      }
      json disallowed = json::array(), challenge = json::array();
      for (const auto& p : site.disallowed_links) disallowed.push_back(Url(site, p));
      if (site.spec.contains("challenge")) challenge.push_back(Url(site, site.spec["challenge"].get<std::string>()));
      for (const auto& p : site.challenged) challenge.push_back(Url(site, p));
      json s = {{"base", Url(site, "/")},
                {"cms", site.cms},
                {"agency", site.profile.at("agency")},
                {"entries", json::array({Url(site, site.entry)})},
                {"encoding", site.gbk ? "gbk" : "utf-8"},
                {"reports", reports},
                {"non_reports", non_reports},
                {"robots_disallowed", disallowed},
                {"challenge", challenge},
                {"list_pages", ListPages(site)},
                {"robots", Url(site, "/robots.txt")},
                {"delay_ms", site.delay_ms},
                {"flaky_percent", site.flaky_percent}};
      if (site.cms == "hanweb") {
        s["list_form"] = "col=1&appid=1&webid=" + site.spec.at("webid").get<std::string>() +
                         "&path=/&columnid=" + site.spec.at("colid").get<std::string>() +
                         "&sourceContentType=1&unitid=" + site.spec.at("unitid").get<std::string>() +
                         "&webname=" + site.profile.at("agency") + "&permissiontype=0";
      }
      if (site.spec.contains("mirror_of")) s["mirror_of"] = site.spec["mirror_of"];
      out["sites"][site.name] = std::move(s);
    }
    return out;
  }

  json StatsLocked() const {
    json out = json::object();
    for (const Site& s : sites) {
      out[s.name] = {{"requests", s.stats.requests},           {"not_found", s.stats.not_found},
                     {"disallowed_hits", s.stats.disallowed_hits}, {"challenge_hits", s.stats.challenge_hits},
                     {"injected_503", s.stats.injected_503},   {"injected_resets", s.stats.injected_resets}};
    }
    return out;
  }
};

Portal::Portal(const std::string& root, uint64_t seed) : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.root = root;
  m.seed = seed;
  m.flaky_rng = Rng(seed * 31337ull + 5);
  m.LoadSpec();
  const json& list = m.spec.at("sites");
  m.sites.resize(list.size());
  for (size_t i = 0; i < list.size(); ++i) m.InitSite(m.sites[i], list[i], i);
  // Mirrors last: they copy rendered pages of the site they mirror.
  for (Site& site : m.sites) {
    if (site.spec.contains("mirror_of")) continue;
    m.BuildItems(site);
    m.RenderAll(site);
  }
  for (Site& site : m.sites) {
    if (!site.spec.contains("mirror_of")) continue;
    const std::string of = site.spec["mirror_of"].get<std::string>();
    auto it = std::find_if(m.sites.begin(), m.sites.end(), [&](const Site& s) { return s.name == of; });
    if (it == m.sites.end()) throw std::runtime_error(site.name + ": mirror_of unknown site " + of);
    m.BuildMirror(site, *it);
    m.RenderAll(site);
  }
}

Portal::~Portal() = default;

std::vector<std::string> Portal::Addresses() const {
  std::vector<std::string> out;
  for (const auto& s : impl_->sites) out.push_back(s.address);
  return out;
}

void Portal::SetPort(int port) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->port = port;
  // The mirror and the gkmlpt API carry absolute URLs: rebuild what depends on the port.
  for (Site& site : impl_->sites) {
    for (Item& it : site.items) {
      if (it.mirror_of.empty()) continue;
      const size_t path_at = it.mirror_of.find('/', 7);
      const std::string path = it.mirror_of.substr(path_at);
      const std::string of = site.spec["mirror_of"].get<std::string>();
      for (const Site& o : impl_->sites) {
        if (o.name == of) it.mirror_of = impl_->Url(o, path);
      }
    }
  }
}

HttpResponse Portal::Handle(size_t site, const HttpRequest& request) { return impl_->Handle(site, request); }

nlohmann::json Portal::Manifest() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->ManifestLocked();
}

nlohmann::json Portal::ReadyLine() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  nlohmann::json sites = nlohmann::json::object();
  for (const auto& s : impl_->sites) sites[s.name] = impl_->Url(s, "/");
  return {{"port", impl_->port}, {"sites", sites}, {"manifest", impl_->Url(impl_->sites.at(0), "/__manifest.json")}};
}

std::string Portal::ConfigToml() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  const auto quote = [](const std::string& s) { return nlohmann::json(s).dump(); };  // a JSON string is a TOML basic string
  std::string genuine;
  for (const Site& site : impl_->sites) {
    if (site.cms != "mirror") genuine += (genuine.empty() ? "" : ", ") + quote(site.address);
  }
  std::string t =
      "# govharvest config for the govharvest-portal simulator on port " + std::to_string(impl_->port) +
      " (written by govharvest-portal --config-out).\n\n"
      "[harvest]\n"
      "# The simulated agencies' own hosts: genuine although outside *.gov.cn (the mirror is not).\n"
      "allowed_hosts = [" + genuine + "]\n\n"
      "[politeness]\n"
      "min_delay_ms = 50\n"
      "max_delay_ms = 500\n"
      "max_concurrent_per_host = 2\n\n"
      "[limits]\n"
      "max_attempts = 6\n"
      "host_failure_threshold = 20\n"
      "connect_timeout_ms = 2000\n"
      "total_timeout_ms = 10000\n";
  for (const Site& site : impl_->sites) {
    // The config knows the CMS families the walker reads; the JS-shell site
    // is detected, and the mirror is a TRS copy.
    const std::string cms = site.cms == "jsshell" ? "auto" : site.cms == "mirror" ? "trs" : site.cms;
    t += "\n[[site]]\n";
    t += "name = " + quote(site.name) + "\n";
    t += "agency = " + quote(site.profile.at("agency")) + "\n";
    if (site.spec.contains("level")) t += "level = " + quote(site.spec["level"].get<std::string>()) + "\n";
    if (site.spec.contains("division_code")) t += "division_code = " + quote(site.spec["division_code"].get<std::string>()) + "\n";
    t += "entries = [" + quote(impl_->Url(site, site.entry)) + "]\n";
    t += "hosts = [" + quote(site.address) + "]\n";
    t += "cms = " + quote(cms) + "\n";
  }
  return t;
}

}  // namespace govharvest::portal
