#include "crawler/pager.h"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <regex>

#include "crawler/ascii.h"
#include "crawler/bounded_regex.h"
#include "crawler/url.h"
#include "store/numbers.h"

namespace govharvest {

namespace {

using ascii::Lower;

using ascii::Contains;
using ascii::IsDigit;

int ToInt(std::string_view s, int max) { return static_cast<int>(LeadingInt(s, 0, max, 0)); }

// Text without tags, scripts and styles (for 共N页 and 1/N页).
std::string VisibleText(std::string_view html) {
  std::string out;
  out.reserve(html.size() / 2);
  size_t i = 0;
  const std::string lower = Lower(html.substr(0, std::min<size_t>(html.size(), 1 << 20)));
  while (i < lower.size()) {
    if (lower[i] != '<') {
      out.push_back(html[i++]);
      continue;
    }
    for (std::string_view skip : {"script", "style"}) {
      if (lower.compare(i + 1, skip.size(), skip) == 0) {
        size_t end = lower.find("</" + std::string(skip), i);
        i = end == std::string::npos ? lower.size() : end;
        break;
      }
    }
    size_t close = lower.find('>', i);
    i = close == std::string::npos ? lower.size() : close + 1;
  }
  return out;
}

// The first integer captured by `re` in `text`, 0 if none.
int FirstMatch(const std::string& text, const std::regex& re, int max) {
  std::cmatch m;
  if (!FirstBoundedMatch(text, re, &m)) return 0;
  return ToInt(m.str(1), max);
}

const std::regex& CountRe() {
  static const std::regex re(
      R"re((?:count_?page|page_?count|total_?pages?|page_?total|max_?page|all_?pages?|page_?sum|pagecnt|pages_?count)["']?\s*[:=]\s*(?:parseInt\(\s*)?["']?(\d{1,5}))re",
      std::regex::icase | std::regex::optimize);
  return re;
}
const std::regex& CurrentRe() {
  static const std::regex re(
      R"re((?:curr?ent_?page|curr?_?page|page_?index|page_?no|page_?num|now_?page)["']?\s*[:=]\s*(?:parseInt\(\s*)?["']?(\d{1,5}))re",
      std::regex::icase | std::regex::optimize);
  return re;
}
const std::regex& RecordsRe() {
  static const std::regex re(
      R"re((?:total_?records?|total_?count|record_?count|total_?num|total_?size|totalrecord)["']?\s*[:=]\s*["']?(\d{1,7}))re",
      std::regex::icase | std::regex::optimize);
  return re;
}
const std::regex& PageSizeRe() {
  static const std::regex re(R"re((?:page_?size|per_?page|page_?rows)["']?\s*[:=]\s*["']?(\d{1,4}))re",
                             std::regex::icase | std::regex::optimize);
  return re;
}

std::string Directory(std::string_view url) {
  std::string_view u = url.substr(0, url.find_first_of("?#"));
  return std::string(u.substr(0, u.rfind('/') + 1));
}

std::string StripFragment(std::string_view url) { return std::string(url.substr(0, url.find('#'))); }

// JS call arguments, unquoted and trimmed.
std::vector<std::string> CallArguments(std::string_view s, size_t open) {
  std::vector<std::string> args;
  size_t close = s.find(')', open);
  if (close == std::string_view::npos) return args;
  std::string_view inner = s.substr(open + 1, close - open - 1);
  size_t start = 0;
  while (start <= inner.size()) {
    size_t comma = inner.find(',', start);
    std::string_view a = ascii::Trim(inner.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    if (a.size() >= 2 && (a.front() == '"' || a.front() == '\'') && a.back() == a.front()) a = a.substr(1, a.size() - 2);
    args.emplace_back(a);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return args;
}

bool IsNumber(std::string_view s) { return !s.empty() && s.size() <= 9 && std::all_of(s.begin(), s.end(), IsDigit); }

// TRS static paging: createPageHTML(count, current, "index", "html"[, ..., records]),
// createPageHTML('container', count, current, 'index', 'shtml', records), pageControl(...).
bool ReadTrsCall(std::string_view html, std::string_view page_url, PagerReading* out) {
  for (std::string_view call : {"createPageHTML(", "pageControl("}) {
    size_t at = html.find(call);
    if (at == std::string_view::npos) continue;
    std::vector<std::string> a = CallArguments(html, at + call.size() - 1);
    size_t k = (!a.empty() && !IsNumber(a[0])) ? 1 : 0;  // a container id comes first
    if (a.size() < k + 4 || !IsNumber(a[k]) || !IsNumber(a[k + 1])) continue;
    int records = 0;
    if (a.size() >= k + 5 && IsNumber(a[k + 2])) {
      records = ToInt(a[k], INT32_MAX);  // the three-number form: records, pages, current
      ++k;
    }
    const int count = ToInt(a[k], 1000000);
    const int current = ToInt(a[k + 1], 1000000);
    const std::string& prefix = a[k + 2];
    const std::string& ext = a[k + 3];
    if (count <= 0 || count > 100000 || prefix.empty() || ext.empty()) continue;
    out->total_pages = count;
    out->current_page = current + 1;
    if (records > 0) {
      out->total_records = records;
    } else if (a.size() > k + 4 && IsNumber(a.back())) {
      out->total_records = ToInt(a.back(), INT32_MAX);
    }
    out->evidence = std::string(call.substr(0, call.size() - 1)) + "(" + std::to_string(count) + " pages)";
    const std::string dir = Directory(page_url);
    auto page_file = [&](int slot) {
      std::string url;
      return CanonicalizeUrl(dir + prefix + "_" + std::to_string(slot) + "." + ext, &url).ok() ? url : "";
    };
    // The page's own number in its file name fixes the numbering; only the
    // pages after this one are listed (the walk came through the others).
    const std::string own = StripFragment(page_url);
    const std::string stem = dir + prefix + "_";
    if (own.starts_with(stem) && own.ends_with("." + ext)) {
      const std::string_view digits = std::string_view(own).substr(stem.size(), own.size() - stem.size() - ext.size() - 1);
      if (IsNumber(digits)) {
        const int offset = ToInt(digits, 1000000) - current;
        for (int i = current + 1; i < count; ++i) {
          if (std::string url = page_file(i + offset); !url.empty()) out->next.push_back({url, ""});
        }
        return true;
      }
    }
    // The first page: sites number the second one either _1 or _2. _1 is
    // tried first and _2 only when _1 does not exist (step_commit.h); the
    // pages after come from that page's own paging call.
    if (current == 0 && count > 1) {
      for (int slot : {1, 2}) {
        if (std::string url = page_file(slot); !url.empty()) out->next.push_back({url, "", true});
      }
      out->evidence += "; page 2 is " + prefix + "_1 or else " + prefix + "_2." + ext;
    }
    return true;
  }
  return false;
}

// A URL scheme: `text` with the digit run at [at, at+len) as the page slot,
// slot value = page number + offset.
struct Scheme {
  std::string text;
  size_t at = 0, len = 0;
  int offset = 0;
  bool offset_known = true;
  std::string Page(int page) const {
    return text.substr(0, at) + std::to_string(page + offset) + text.substr(at + len);
  }
  std::string Slot(int value) const { return text.substr(0, at) + std::to_string(value) + text.substr(at + len); }
};

// The digit run of `url` that stands for page `page` (value page or page-1),
// preferring the last one (query and file name come last).
std::optional<Scheme> SchemeFromLink(const std::string& url, int page) {
  std::optional<Scheme> found;
  for (size_t i = 0; i < url.size();) {
    if (!IsDigit(url[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < url.size() && IsDigit(url[j])) ++j;
    if (j - i <= 5) {
      const int v = ToInt(std::string_view(url).substr(i, j - i), 99999);
      if (v == page || v == page - 1) found = Scheme{url, i, j - i, v - page, true};
    }
    i = j;
  }
  return found;
}

// Page-number parameter names, lower-case.
bool IsPageParameter(std::string_view name) {
  const std::string n = Lower(name);
  return n == "page" || n == "pageno" || n == "pageindex" || n == "currpage" || n == "curpage" || n == "pagenum" ||
         n == "p" || n == "pn" || n == "currentpage" || n == "page_no" || n == "pagenumber" || n == "cp" ||
         n == "nowpage" || n == "pageidx";
}

// The slot of a page parameter in `text` (query, form body, or an
// URL-encoded JSON value), if any.
std::optional<Scheme> ParameterScheme(const std::string& text) {
  static const std::regex re(R"re((?:^|[?&{,;]|%7B|%2C|%22|")([A-Za-z_]+)(?:=|%22%3A|"\s*:\s*|%3A)(\d{1,5}))re",
                             std::regex::icase);
  std::optional<Scheme> found;
  ForEachBoundedMatch(text, re, [&](size_t position, const std::cmatch& m) {
    if (IsPageParameter(m.str(1))) {
      const size_t at = position + static_cast<size_t>(m.position(2) - m.position(0));  // group 2, absolute
      found = Scheme{text, at, static_cast<size_t>(m.length(2)), 0, true};
    }
    return true;
  });
  return found;
}

// A guessed page's own URL moved on by one: a page parameter, or the number
// after '_' in the file name (index_3.shtml -> index_4.shtml).
std::optional<std::string> OwnNext(const std::string& url) {
  if (auto s = ParameterScheme(url)) {
    return s->Slot(ToInt(std::string_view(url).substr(s->at, s->len), 99999) + 1);
  }
  const size_t slash = url.rfind('/');
  static const std::regex re(R"re(_(\d{1,5})\.[A-Za-z]+$)re");
  std::smatch m;
  const std::string file = url.substr(slash + 1, url.find('?') == std::string::npos ? std::string::npos : url.find('?') - slash - 1);
  if (std::regex_search(file, m, re)) {
    Scheme s{url, slash + 1 + static_cast<size_t>(m.position(1)), static_cast<size_t>(m.length(1)), 0, true};
    return s.Slot(ToInt(m.str(1), 99999) + 1);
  }
  return std::nullopt;
}

// Schemes written in scripts: "index_" + i + ".shtml", '?page=' + n.
std::optional<Scheme> ScriptScheme(const std::vector<std::string_view>& scripts, std::string_view page_url) {
  static const std::regex re(
      R"re((["'])([^"'\s+]*?(?:_|=|/|-))\1\s*\+\s*\(?\s*[A-Za-z_$][\w$]*(?:\s*[-+]\s*\d)?\s*\)?\s*\+\s*(["'])(\.[A-Za-z]{2,6}[^"'\s\\]*)(?:\3|\\))re");
  static const std::regex query_re(R"re((["'])([^"'\s+]*[?&](?:page|pageNo|pageIndex|currPage|curPage|pageNum|p)=)\1\s*\+)re",
                                   std::regex::icase);
  for (std::string_view s : scripts) {
    std::cmatch m;
    std::string stem, tail;
    if (FirstBoundedMatch(s, re, &m)) {
      stem = m.str(2);
      tail = m.str(4);
    } else if (FirstBoundedMatch(s, query_re, &m)) {
      stem = m.str(2);
    } else {
      continue;
    }
    std::string resolved;
    if (!ResolveUrl(page_url, stem + "9999" + tail, &resolved).ok()) continue;
    const size_t at = resolved.rfind("9999");
    if (at == std::string::npos) continue;
    return Scheme{resolved, at, 4, 0, false};
  }
  return std::nullopt;
}

// The list URL itself as a scheme when nothing else gives one: a page
// parameter, or index.<ext> / a directory -> index_<n>.<ext>.
std::optional<Scheme> UrlScheme(std::string_view page_url) {
  const std::string url = StripFragment(page_url);
  if (auto s = ParameterScheme(url)) return s;
  const std::string path = url.substr(0, url.find('?'));
  const std::string file = path.substr(path.rfind('/') + 1);
  std::string ext = "html";
  std::string stem = "index";
  if (!file.empty()) {
    const size_t dot = file.rfind('.');
    if (dot == std::string::npos) return std::nullopt;
    stem = file.substr(0, dot);
    ext = file.substr(dot + 1);
    if (stem != "index" && stem != "default" && stem != "list") return std::nullopt;
    if (ext != "html" && ext != "htm" && ext != "shtml") return std::nullopt;
  }
  const std::string guess = path.substr(0, path.rfind('/') + 1) + stem + "_9999." + ext;
  return Scheme{guess, guess.rfind("9999"), 4, 0, false};
}

// Form replay: the inputs of the page's first form (name=value, URL-encoded),
// with `set` fields given new values; the action resolved against the page.
struct PageForm {
  std::string action;
  bool post = false;
  std::vector<std::pair<std::string, std::string>> fields;
};

std::string AttributeOf(const std::string& tag, std::string_view name) {
  const std::regex re("\\b" + std::string(name) + R"re(\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))re", std::regex::icase);
  std::cmatch m;
  if (!FirstBoundedMatch(tag, re, &m)) return "";
  return m[1].matched ? m.str(1) : m[2].matched ? m.str(2) : m.str(3);
}

// Every form of the page, in order, with its action resolved.
std::vector<PageForm> Forms(std::string_view html, std::string_view page_url) {
  std::vector<PageForm> forms;
  const std::string lower = Lower(html.substr(0, std::min<size_t>(html.size(), 1 << 20)));
  for (size_t at = lower.find("<form"); at != std::string::npos; at = lower.find("<form", at + 5)) {
    size_t end = lower.find("</form", at);
    if (end == std::string::npos) end = lower.size();
    const size_t tag_end = lower.find('>', at);
    if (tag_end == std::string::npos) break;
    const std::string form_tag(html.substr(at, tag_end - at + 1));
    PageForm form;
    form.post = Lower(AttributeOf(form_tag, "method")) == "post";
    std::string action = AttributeOf(form_tag, "action");
    if (!ResolveUrl(page_url, action.empty() ? std::string(page_url) : action, &form.action).ok()) continue;
    for (size_t i = lower.find("<input", at); i != std::string::npos && i < end; i = lower.find("<input", i + 6)) {
      const std::string tag(html.substr(i, lower.find('>', i) - i + 1));
      const std::string type = Lower(AttributeOf(tag, "type"));
      const std::string name = AttributeOf(tag, "name");
      if (name.empty() || type == "submit" || type == "button" || type == "image" || type == "reset" ||
          ((type == "checkbox" || type == "radio") && !Contains(Lower(tag), "checked"))) {
        continue;
      }
      form.fields.emplace_back(name, AttributeOf(tag, "value"));
    }
    forms.push_back(std::move(form));
  }
  return forms;
}

bool HasField(const PageForm& form, const std::function<bool(std::string_view)>& want) {
  return std::any_of(form.fields.begin(), form.fields.end(), [&](const auto& f) { return want(f.first); });
}

ListRequest FormRequest(const PageForm& form, const std::vector<std::pair<std::string, std::string>>& set) {
  std::string body;
  std::vector<std::pair<std::string, std::string>> fields = form.fields;
  for (const auto& field : set) {
    auto it = std::find_if(fields.begin(), fields.end(), [&](const auto& f) { return f.first == field.first; });
    if (it == fields.end()) {
      fields.push_back(field);
    } else {
      it->second = field.second;
    }
  }
  for (const auto& [name, value] : fields) {
    body += (body.empty() ? "" : "&") + ascii::FormEncode(name) + "=" + ascii::FormEncode(value);
  }
  if (form.post) return {form.action, body};
  return {form.action.substr(0, form.action.find('?')) + "?" + body, ""};
}

// A pager link made of script: __doPostBack('target','arg') replays the
// form that carries ASP.NET's state (__VIEWSTATE / __EVENTTARGET); fn(N)
// replays the form that has a page field, with it set to N.
std::optional<ListRequest> ScriptedPagerRequest(const PageLink& link, int page, std::string_view html,
                                                std::string_view page_url) {
  const std::string& js = link.script;
  const std::vector<PageForm> forms = Forms(html, page_url);
  if (size_t at = js.find("__doPostBack("); at != std::string::npos) {
    std::vector<std::string> a = CallArguments(js, at + 12);
    if (a.size() < 2) return std::nullopt;
    for (const PageForm& form : forms) {
      if (HasField(form, [](std::string_view n) { return n == "__VIEWSTATE" || n == "__EVENTTARGET"; })) {
        return FormRequest(form, {{"__EVENTTARGET", a[0]}, {"__EVENTARGUMENT", a[1]}});
      }
    }
    return std::nullopt;
  }
  // goPage(3): a page function with the page number; a form has a page field.
  static const std::regex call_re(R"re(^\s*[A-Za-z_$][\w$.]*\(\s*["']?(\d{1,5})["']?\s*\))re");
  std::cmatch m;
  if (!FirstBoundedMatch(std::string_view(js).substr(0, 256), call_re, &m) || page <= 0) return std::nullopt;
  for (const PageForm& form : forms) {
    for (const auto& [name, value] : form.fields) {
      if (IsPageParameter(name)) return FormRequest(form, {{name, m.str(1)}});
    }
  }
  return std::nullopt;
}

}  // namespace

int PagerLinkTarget(std::string_view raw) {
  std::string t;
  for (size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '[' || c == ']') continue;
    if (raw.substr(i, 3) == "【" || raw.substr(i, 3) == "】") {
      i += 2;
      continue;
    }
    t.push_back(c);
  }
  const std::string lower = Lower(t);
  if (Contains(t, "下一页") || Contains(t, "下页") || Contains(t, "后页") || Contains(t, "下一頁") || lower == "next" ||
      lower.starts_with("next") || t == ">" || t == ">>" || t == "»" || t == "›" || t == "→" || t == "&gt;") {
    return kNextPage;
  }
  if (Contains(t, "尾页") || Contains(t, "末页") || Contains(t, "最后一页") || lower == "last" || t == ">|" ||
      t == ">>|") {
    return kLastPage;
  }
  if (IsNumber(t) && t.size() <= 4) {
    const int n = ToInt(t, 9999);
    if (n >= 1990 && n <= 2100) return 0;  // a year (a year column's link), not a page
    return n;
  }
  return 0;
}

bool NextPageParameter(std::string_view text, std::string* next) {
  auto s = ParameterScheme(std::string(text));
  if (!s) return false;
  *next = s->Slot(ToInt(std::string_view(s->text).substr(s->at, s->len), 99999) + 1);
  return true;
}

PagerReading ReadPager(std::string_view html, std::string_view page_url, const std::vector<PageLink>& links,
                       const std::vector<std::string_view>& scripts, const ListRequest& request) {
  PagerReading out;
  const std::string self = StripFragment(page_url);
  // Counts written in scripts or text.
  std::string script_text;
  for (std::string_view s : scripts) script_text.append(s.substr(0, 1 << 18)).push_back('\n');
  const std::string visible = VisibleText(html);
  static const std::regex total_text(R"re(共\s*(\d{1,5})\s*页)re");
  static const std::regex ratio_text(R"re((\d{1,5})\s*/\s*(\d{1,5})\s*页)re");
  int count = FirstMatch(script_text, CountRe(), 99999);
  int current = FirstMatch(script_text, CurrentRe(), 99999);
  std::string count_evidence = count > 0 ? "page count in a script (" + std::to_string(count) + ")" : "";
  if (count == 0) {
    std::cmatch m;
    if (FirstBoundedMatch(visible, total_text, &m)) {
      count = ToInt(m.str(1), 99999);
      count_evidence = "共" + m.str(1) + "页";
    } else if (FirstBoundedMatch(visible, ratio_text, &m)) {
      current = current ? current : ToInt(m.str(1), 99999);
      count = ToInt(m.str(2), 99999);
      count_evidence = m.str(0);
    }
  }
  const int records = FirstMatch(script_text, RecordsRe(), 9999999);
  const int page_size = FirstMatch(script_text, PageSizeRe(), 9999);
  if (count == 0 && records > 0 && page_size > 0) {
    count = (records + page_size - 1) / page_size;
    count_evidence = std::to_string(records) + " records, " + std::to_string(page_size) + " a page";
  }
  out.total_records = records;

  if (ReadTrsCall(html, page_url, &out)) return out;
  out.total_pages = count;

  // Pager links.
  const PageLink* next_link = nullptr;
  const PageLink* last_link = nullptr;
  std::map<int, const PageLink*> numbered;
  for (const PageLink& l : links) {
    const int target = PagerLinkTarget(l.text);
    if (target == 0 || StripFragment(l.url) == self) continue;
    if (l.url.empty() && l.script.empty()) continue;
    if (target == kNextPage) {
      if (next_link == nullptr) next_link = &l;
    } else if (target == kLastPage) {
      if (last_link == nullptr) last_link = &l;
    } else {
      numbered.emplace(target, &l);
    }
  }
  if (current == 0 && !numbered.empty()) {
    // The current page is the first number the pager does not link.
    current = 1;
    while (numbered.count(current)) ++current;
  }
  if (current == 0) current = 1;
  out.current_page = current;
  const PageLink* follow = next_link;
  std::string how = next_link ? "next link '" + next_link->text + "'" : "";
  if (follow == nullptr && numbered.count(current + 1)) {
    follow = numbered[current + 1];
    how = "numbered link " + std::to_string(current + 1);
  }
  if (follow != nullptr) {
    if (!follow->url.empty()) {
      out.next.push_back({follow->url, ""});
      out.evidence = how;
    } else if (auto r = ScriptedPagerRequest(*follow, current + 1, html, page_url)) {
      out.next.push_back(std::move(*r));
      out.evidence = how + " replayed as a form";
    }
    if (!out.next.empty()) {
      if (out.total_pages == 0 && last_link && !last_link->url.empty() && out.next[0].form.empty()) {
        // 尾页 in the next link's scheme gives the count.
        if (auto s = SchemeFromLink(out.next[0].url, current + 1);
            s && last_link->url.compare(0, s->at, s->text, 0, s->at) == 0) {
          size_t end = s->at;
          while (end < last_link->url.size() && IsDigit(last_link->url[end])) ++end;
          if (end > s->at && last_link->url.substr(end) == s->text.substr(s->at + s->len)) {
            out.total_pages = ToInt(std::string_view(last_link->url).substr(s->at, end - s->at), 99999) - s->offset;
          }
        }
      }
      return out;
    }
  }

  // No link to the next page: a count (or a guessed page) and a URL scheme.
  std::optional<Scheme> scheme;
  std::string scheme_evidence;
  for (const auto& [page, link] : numbered) {
    if (link->url.empty()) continue;
    if (auto s = SchemeFromLink(link->url, page)) {
      scheme = s;
      scheme_evidence = "the scheme of pager link " + std::to_string(page);
      break;
    }
  }
  if (!scheme) {
    if ((scheme = ScriptScheme(scripts, page_url))) scheme_evidence = "a URL built in a script";
  }
  if (request.guessed && count == 0) {
    // A guessed page continues its own numbering until a fetch fails, the page
    // repeats one already seen or its dates fall before the years asked.
    if (auto own = OwnNext(StripFragment(request.url))) {
      out.next.push_back({*own, "", true});
      out.evidence = "guessed: the next number after this guessed page";
    }
    return out;
  }
  if (count <= current && !(count == 0 && scheme)) return out;
  if (!scheme) {
    if ((scheme = UrlScheme(page_url))) scheme_evidence = "the list URL's own form";
  }
  if (!scheme) {
    out.evidence = count_evidence + " but no URL scheme for the pages after this one";
    return out;
  }
  out.evidence = (count_evidence.empty() ? "no count" : count_evidence) + "; pages from " + scheme_evidence;
  const int last = count > 0 ? std::min(count, current + 500) : current + 1;
  if (scheme->offset_known) {
    for (int p = current + 1; p <= last; ++p) out.next.push_back({scheme->Page(p), "", count == 0});
  } else {
    // Sites number page 2 either _1 or _2: both are tried once; beyond the
    // first, each numbering continues on its own.
    std::vector<int> slots;
    for (int p = current + 1; p <= last; ++p) {
      slots.push_back(p - 1);
      slots.push_back(p);
    }
    std::sort(slots.begin(), slots.end());
    slots.erase(std::unique(slots.begin(), slots.end()), slots.end());
    for (int v : slots) {
      if (v >= 1) out.next.push_back({scheme->Slot(v), "", true});
    }
  }
  return out;
}

}  // namespace govharvest
