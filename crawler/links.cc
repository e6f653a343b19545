// Link extraction: one pass of a streaming HTML tag scanner (no DOM: this
// runs on every crawled page, and a full parse costs ten times more), then
// resolution of every reference against <base href> or the page URL.

#include "crawler/links.h"

#include "crawler/encoding.h"

#include <cstddef>
#include <cstdint>
#include <cctype>
#include <cstring>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "crawler/ascii.h"
#include "crawler/url.h"

namespace govharvest {

namespace {

using ascii::Lower;
using ascii::StartsWithNoCase;

// A reference as written in the page, before resolution.
struct RawLink {
  std::string ref;
  std::string text;
  const char* kind;
  std::string title;
  size_t end_offset = 0;
  size_t start_offset = 0;
  std::string call;  // onclick JavaScript whose URL is still to be found (candidate scan)
};

bool IsIdentChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '_' || c == '$';
}

// Collapses runs of whitespace (ASCII, U+00A0 and U+3000) in UTF-8 `s`
// into one space and trims both ends.
std::string CollapseWhitespace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  size_t i = 0;
  while (i < s.size()) {
    size_t width = 0;
    if (ascii::IsSpace(s[i]) || s[i] == '\v') {
      width = 1;
    } else if (s.substr(i, 2) == "\xC2\xA0") {
      width = 2;  // U+00A0 NO-BREAK SPACE
    } else if (s.substr(i, 3) == "\xE3\x80\x80") {
      width = 3;  // U+3000 IDEOGRAPHIC SPACE
    }
    if (width > 0) {
      pending_space = true;
      i += width;
      continue;
    }
    if (pending_space && !out.empty()) out.push_back(' ');
    pending_space = false;
    out.push_back(s[i]);
    ++i;
  }
  return out;
}

// The URL of a <meta http-equiv=refresh> content value ("5; url='x'"), or
// "" when it names none (the WHATWG declarative refresh steps, simplified).
std::string RefreshUrl(std::string_view content) {
  size_t i = 0;
  while (i < content.size() && ascii::IsSpace(content[i])) ++i;
  while (i < content.size() && ((content[i] >= '0' && content[i] <= '9') || content[i] == '.')) ++i;
  while (i < content.size() && ascii::IsSpace(content[i])) ++i;
  if (i < content.size() && (content[i] == ';' || content[i] == ',')) ++i;
  while (i < content.size() && ascii::IsSpace(content[i])) ++i;
  std::string_view rest = content.substr(i);
  if (StartsWithNoCase(rest, "url")) {
    size_t j = 3;
    while (j < rest.size() && ascii::IsSpace(rest[j])) ++j;
    if (j < rest.size() && rest[j] == '=') {
      ++j;
      while (j < rest.size() && ascii::IsSpace(rest[j])) ++j;
      rest = rest.substr(j);
    }
  }
  if (!rest.empty() && (rest[0] == '\'' || rest[0] == '"')) {
    char quote = rest[0];
    rest.remove_prefix(1);
    size_t end = rest.find(quote);
    if (end != std::string_view::npos) rest = rest.substr(0, end);
  }
  return std::string(ascii::Trim(rest));
}

// Reads the JavaScript string literal at `*pos` ('...' or "...") into
// `*value` and advances past it. Only the escapes \' \" \\ \/ are accepted:
// anything else is not a plain literal URL.
bool ReadStringLiteral(std::string_view s, size_t* pos, std::string* value) {
  size_t i = *pos;
  if (i >= s.size() || (s[i] != '\'' && s[i] != '"')) return false;
  char quote = s[i++];
  value->clear();
  while (i < s.size()) {
    char c = s[i];
    if (c == quote) {
      *pos = i + 1;
      return true;
    }
    if (c == '\n' || c == '\r') return false;
    if (c == '\\') {
      if (i + 1 >= s.size()) return false;
      char e = s[i + 1];
      if (e != '\'' && e != '"' && e != '\\' && e != '/') return false;
      value->push_back(e);
      i += 2;
      continue;
    }
    value->push_back(c);
    ++i;
  }
  return false;
}

size_t SkipSpaces(std::string_view s, size_t i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  return i;
}

size_t SkipWhitespace(std::string_view s, size_t i) {
  while (i < s.size() && ascii::IsSpace(s[i])) ++i;
  return i;
}

// True when `s` has the identifier `word` at `i` (not part of a longer one).
bool WordAt(std::string_view s, size_t i, std::string_view word) {
  if (s.substr(i, word.size()) != word) return false;
  size_t end = i + word.size();
  return end >= s.size() || !IsIdentChar(s[end]);
}

// Literal URLs that an inline script navigates to:
//   [window.|document.|top.|...]location[.href] = '<url>'   (whole value)
//   [...]location.replace('<url>') / location.assign('<url>')
// window.open(...) is deliberately not followed. Comments are not skipped.
void ScanScript(std::string_view s, std::vector<std::string>* urls) {
  constexpr std::string_view kLocation = "location";
  size_t from = 0;
  while (true) {
    size_t at = s.find(kLocation, from);
    if (at == std::string_view::npos) return;
    from = at + kLocation.size();
    if (at > 0 && IsIdentChar(s[at - 1])) continue;  // e.g. "myLocation"
    if (!WordAt(s, at, kLocation)) continue;          // e.g. "locationBar"
    size_t i = SkipWhitespace(s, from);
    bool call = false;
    if (i < s.size() && s[i] == '.') {
      size_t member = SkipWhitespace(s, i + 1);
      if (WordAt(s, member, "href")) {
        i = SkipWhitespace(s, member + 4);
      } else if (WordAt(s, member, "replace")) {
        i = SkipWhitespace(s, member + 7);
        call = true;
      } else if (WordAt(s, member, "assign")) {
        i = SkipWhitespace(s, member + 6);
        call = true;
      } else {
        continue;
      }
    }
    std::string value;
    if (call) {
      if (i >= s.size() || s[i] != '(') continue;
      i = SkipWhitespace(s, i + 1);
      if (!ReadStringLiteral(s, &i, &value)) continue;
      i = SkipWhitespace(s, i);
      if (i >= s.size() || s[i] != ')') continue;
    } else {
      if (i >= s.size() || s[i] != '=' || (i + 1 < s.size() && s[i + 1] == '=')) continue;
      i = SkipWhitespace(s, i + 1);
      if (!ReadStringLiteral(s, &i, &value)) continue;
      // The literal must be the whole value, not the start of an expression.
      i = SkipSpaces(s, i);
      if (i < s.size() && s[i] != ';' && s[i] != '\n' && s[i] != '\r' && s[i] != '}' &&
          s[i] != ',') {
        continue;
      }
    }
    from = i;
    if (!ascii::Trim(value).empty()) urls->push_back(std::move(value));
  }
}

// Appends `s` with character references decoded: numeric ones, and the named
// ones that occur in links and anchor text. Unknown references stay as written.
void AppendDecoded(std::string_view s, std::string* out) {
  static constexpr std::pair<std::string_view, uint32_t> kNamed[] = {
      {"amp", '&'},      {"lt", '<'},       {"gt", '>'},       {"quot", '"'},    {"apos", '\''},
      {"nbsp", 0xA0},    {"ensp", 0x2002},  {"emsp", 0x2003},  {"middot", 0xB7}, {"mdash", 0x2014},
      {"ndash", 0x2013}, {"ldquo", 0x201C}, {"rdquo", 0x201D}, {"hellip", 0x2026}, {"copy", 0xA9}};
  size_t i = 0;
  while (i < s.size()) {
    size_t amp = s.find('&', i);
    if (amp == std::string_view::npos) {
      out->append(s.substr(i));
      return;
    }
    out->append(s.substr(i, amp - i));
    i = amp + 1;
    if (i < s.size() && s[i] == '#') {
      size_t j = i + 1;
      const bool hex = j < s.size() && (s[j] == 'x' || s[j] == 'X');
      if (hex) ++j;
      uint32_t cp = 0;
      size_t digits = 0;
      while (j < s.size() && digits < 8) {
        char c = s[j];
        int v = (c >= '0' && c <= '9')           ? c - '0'
                : hex && (c >= 'a' && c <= 'f') ? c - 'a' + 10
                : hex && (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                                : -1;
        if (v < 0) break;
        cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(v);
        ++j;
        ++digits;
      }
      if (digits > 0) {
        if (j < s.size() && s[j] == ';') ++j;
        AppendUtf8(cp, out);
        i = j;
        continue;
      }
    } else {
      bool matched = false;
      for (const auto& [name, cp] : kNamed) {
        if (s.substr(i, name.size()) == name) {
          size_t j = i + name.size();
          if (j < s.size() && s[j] == ';') ++j;
          AppendUtf8(cp, out);
          i = j;
          matched = true;
          break;
        }
      }
      if (matched) continue;
    }
    out->push_back('&');
  }
}

// One start tag: its lower-case name and attributes (names lower-cased,
// values decoded). The first occurrence of an attribute wins, as in HTML.
struct StartTag {
  std::string name;
  std::vector<std::pair<std::string, std::string>> attrs;
  const std::string* Get(std::string_view attr) const {
    for (const auto& [n, v] : attrs) {
      if (n == attr) return &v;
    }
    return nullptr;
  }
};

// Parses the attributes of the tag whose name ends at `i`; returns the index
// just past its '>' (or the end of input).
size_t ParseAttributes(std::string_view html, size_t i, StartTag* tag) {
  while (i < html.size()) {
    while (i < html.size() && (ascii::IsSpace(html[i]) || html[i] == '/')) ++i;
    if (i >= html.size()) break;
    if (html[i] == '>') return i + 1;
    size_t name_start = i;
    while (i < html.size() && !ascii::IsSpace(html[i]) && html[i] != '=' && html[i] != '>' && html[i] != '/') ++i;
    if (i == name_start) ++i;  // a stray '=': skip it
    std::string name = Lower(html.substr(name_start, i - name_start));
    while (i < html.size() && ascii::IsSpace(html[i])) ++i;
    std::string value;
    if (i < html.size() && html[i] == '=') {
      ++i;
      while (i < html.size() && ascii::IsSpace(html[i])) ++i;
      if (i < html.size() && (html[i] == '"' || html[i] == '\'')) {
        char quote = html[i++];
        size_t end = html.find(quote, i);
        if (end == std::string_view::npos) end = html.size();
        AppendDecoded(html.substr(i, end - i), &value);
        i = end + 1;
      } else {
        size_t start = i;
        while (i < html.size() && !ascii::IsSpace(html[i]) && html[i] != '>') ++i;
        AppendDecoded(html.substr(start, i - start), &value);
      }
    }
    if (!name.empty() && tag->Get(name) == nullptr) tag->attrs.emplace_back(std::move(name), std::move(value));
  }
  return html.size();
}

// Finds the end tag `</name` (case-insensitive) from `i`; npos if absent.
size_t FindEndTag(std::string_view html, size_t i, std::string_view name) {
  while ((i = html.find("</", i)) != std::string_view::npos) {
    if (StartsWithNoCase(html.substr(i + 2), name)) return i;
    i += 2;
  }
  return std::string_view::npos;
}

// True for text that reads as a URL or a path of one: no spaces, and a
// scheme, a leading / ./ ../ ?, a '/' inside, or a page or file extension.
bool LooksLikeUrl(std::string_view s) {
  s = ascii::Trim(s);
  if (s.size() < 2 || s.size() > 2048) return false;
  for (char c : s) {
    if (ascii::IsSpace(c) || c == '<' || c == '>' || c == '{' || c == '}' || c == '(' || c == ')') return false;
  }
  const std::string lower = Lower(s);
  if (lower.starts_with("javascript:") || lower.starts_with("mailto:")) return false;
  if (lower.starts_with("http://") || lower.starts_with("https://") || lower[0] == '/' || lower.starts_with("./") ||
      lower.starts_with("../") || lower[0] == '?') {
    return true;
  }
  const std::string_view path = std::string_view(lower).substr(0, lower.find_first_of("?#"));
  for (std::string_view ext : {".htm", ".html", ".shtml", ".jsp", ".asp", ".aspx", ".php", ".do", ".pdf", ".doc",
                               ".docx", ".xls", ".xlsx", ".wps", ".ofd"}) {
    if (path.ends_with(ext)) return true;
  }
  // A relative path: a file with an extension under a folder, or a folder ("2023nb/").
  return path.find('/') != std::string_view::npos && (path.find('.') != std::string_view::npos || path.ends_with('/'));
}

// Every string literal of a JavaScript snippet, in order.
std::vector<std::string> StringLiterals(std::string_view js) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < js.size()) {
    if (js[i] != '\'' && js[i] != '"') {
      ++i;
      continue;
    }
    std::string value;
    size_t j = i;
    if (ReadStringLiteral(js, &j, &value)) {
      out.push_back(std::move(value));
      i = j;
    } else {
      ++i;
    }
  }
  return out;
}

// The URL an onclick handler opens when it holds it as a literal
// (window.open('u'), location.href='u', download('u', ...)); "" otherwise.
std::string LiteralUrlOf(std::string_view js) {
  for (std::string& lit : StringLiterals(js)) {
    if (LooksLikeUrl(lit)) return std::string(ascii::Trim(lit));
  }
  return "";
}

// The URL a call like `openDoc('123', 'x')` opens, read from the page's own
// definition of the function: `function openDoc(id, t) { window.open('/doc/'
// + id + '.html') }` gives "/doc/123.html". The first concatenation of
// literals and parameters in the body that reads as a URL wins; "" if none.
std::string UrlFromCall(std::string_view call, const std::vector<std::string_view>& scripts) {
  size_t i = SkipWhitespace(call, 0);
  size_t name_start = i;
  while (i < call.size() && (IsIdentChar(call[i]) || call[i] == '.')) ++i;
  std::string_view name = call.substr(name_start, i - name_start);
  if (const size_t dot = name.rfind('.'); dot != std::string_view::npos) name = name.substr(dot + 1);
  i = SkipWhitespace(call, i);
  if (name.empty() || i >= call.size() || call[i] != '(') return "";
  std::vector<std::string> args;
  for (++i; i < call.size() && call[i] != ')';) {
    i = SkipWhitespace(call, i);
    std::string value;
    if (ReadStringLiteral(call, &i, &value)) {
      args.push_back(std::move(value));
    } else {
      size_t start = i;
      while (i < call.size() && call[i] != ',' && call[i] != ')') ++i;
      args.emplace_back(ascii::Trim(call.substr(start, i - start)));
    }
    i = SkipWhitespace(call, i);
    if (i < call.size() && call[i] == ',') ++i;
  }
  for (std::string_view script : scripts) {
    for (size_t at = script.find(name); at != std::string_view::npos; at = script.find(name, at + 1)) {
      if (at > 0 && IsIdentChar(script[at - 1])) continue;
      if (!WordAt(script, at, name)) continue;
      // "function name(" or "name = function(" or "name: function(".
      size_t p = SkipWhitespace(script, at + name.size());
      const bool declared = at >= 9 && script.substr(at - 9, 9) == "function ";
      if (!declared) {
        if (p >= script.size() || (script[p] != '=' && script[p] != ':')) continue;
        p = SkipWhitespace(script, p + 1);
        if (!WordAt(script, p, "function")) continue;
        p = SkipWhitespace(script, p + 8);
      }
      if (p >= script.size() || script[p] != '(') continue;
      const size_t close = script.find(')', p);
      const size_t open_body = close == std::string_view::npos ? close : script.find('{', close);
      if (open_body == std::string_view::npos) continue;
      std::vector<std::string> params;
      std::string_view plist = script.substr(p + 1, close - p - 1);
      for (size_t q = 0; q <= plist.size();) {
        size_t comma = plist.find(',', q);
        if (comma == std::string_view::npos) comma = plist.size();
        params.emplace_back(ascii::Trim(plist.substr(q, comma - q)));
        q = comma + 1;
      }
      std::string_view body = script.substr(open_body + 1, 2000);
      // Concatenations: LIT|PARAM (+ LIT|PARAM)*.
      for (size_t b = 0; b < body.size(); ++b) {
        if (body[b] != '\'' && body[b] != '"') continue;
        std::string url;
        size_t k = b;
        bool used_param = false, ok = true;
        while (ok) {
          k = SkipWhitespace(body, k);
          std::string lit;
          if (ReadStringLiteral(body, &k, &lit)) {
            url += lit;
          } else {
            size_t id = k;
            while (k < body.size() && IsIdentChar(body[k])) ++k;
            std::string_view ident = body.substr(id, k - id);
            size_t n = 0;
            while (n < params.size() && params[n] != ident) ++n;
            if (ident.empty() || n >= params.size() || n >= args.size()) {
              ok = false;
              break;
            }
            url += args[n];
            used_param = true;
          }
          k = SkipWhitespace(body, k);
          if (k >= body.size() || body[k] != '+') break;
          ++k;
        }
        if (ok && used_param && LooksLikeUrl(url)) return url;
        if (k > b) b = k - 1;
      }
    }
  }
  return "";
}

// Attributes that hold an item's URL on elements that are not links.
constexpr std::string_view kDataUrlAttributes[] = {"data-url", "data-href", "data-link", "data-path"};

// Scans the page in document order, collecting raw links and the first
// <base href>. Text inside an open <a> becomes its anchor text; the contents
// of <script>, <style>, <title> and <textarea> never do. With `candidates`
// (list pages) it also takes what a reader would click on without a plain
// href: onclick handlers (literal URLs, or the page's own function called
// with literal arguments), <option value>, data-url/data-href attributes; the
// text of such an element (up to its end tag) is its anchor text, and inline
// scripts are kept in `scripts`.
void Collect(std::string_view html, bool candidates, std::vector<RawLink>* links, std::string* base_href,
             bool* have_base, std::vector<std::string_view>* scripts) {
  std::string anchor_text;
  long open_anchor = -1;  // index in *links of the element being read, or -1
  std::string open_name;  // its tag name
  int open_depth = 0;     // nesting of open_name inside it
  size_t i = 0;
  auto close_anchor = [&] {
    if (open_anchor >= 0) {
      RawLink& link = (*links)[static_cast<size_t>(open_anchor)];
      link.text = CollapseWhitespace(anchor_text);
      link.end_offset = i;
    }
    open_anchor = -1;
    open_name.clear();
    open_depth = 0;
    anchor_text.clear();
  };
  auto open = [&](RawLink link, const std::string& name) {
    close_anchor();
    links->push_back(std::move(link));
    open_anchor = static_cast<long>(links->size()) - 1;
    open_name = name;
  };
  while (i < html.size()) {
    size_t lt = html.find('<', i);
    if (lt == std::string_view::npos) lt = html.size();
    if (open_anchor >= 0) AppendDecoded(html.substr(i, lt - i), &anchor_text);
    if (lt >= html.size()) break;
    i = lt;
    if (html.substr(i, 4) == "<!--") {
      size_t end = html.find("-->", i + 4);
      i = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    if (i + 1 < html.size() && (html[i + 1] == '!' || html[i + 1] == '?')) {
      size_t end = html.find('>', i);
      i = end == std::string_view::npos ? html.size() : end + 1;
      continue;
    }
    const bool end_tag = i + 1 < html.size() && html[i + 1] == '/';
    size_t name_start = i + (end_tag ? 2 : 1);
    size_t j = name_start;
    while (j < html.size() && (std::isalnum(static_cast<unsigned char>(html[j])))) ++j;
    if (j == name_start) {  // not a tag: "<" as text
      if (open_anchor >= 0) anchor_text.push_back('<');
      i = lt + 1;
      continue;
    }
    StartTag tag;
    tag.name = Lower(html.substr(name_start, j - name_start));
    const size_t tag_start = lt;
    if (end_tag) {
      size_t end = html.find('>', j);
      i = end == std::string_view::npos ? html.size() : end + 1;
      if (tag.name == open_name && open_depth-- == 0) close_anchor();
      continue;
    }
    i = ParseAttributes(html, j, &tag);
    const std::string& n = tag.name;
    if (n == open_name) ++open_depth;
    const std::string* onclick = candidates ? tag.Get("onclick") : nullptr;
    std::string data_url;
    for (std::string_view attr : kDataUrlAttributes) {
      if (const std::string* v = candidates ? tag.Get(attr) : nullptr; v != nullptr && LooksLikeUrl(*v)) {
        data_url = *v;
        break;
      }
    }
    const std::string* title = tag.Get("title");
    const std::string title_text = title ? CollapseWhitespace(*title) : "";
    if (n == "a") {
      const std::string* href = tag.Get("href");
      const std::string plain = href ? std::string(ascii::Trim(*href)) : "";
      const bool scripted = plain.empty() || plain[0] == '#' || StartsWithNoCase(plain, "javascript:");
      if (href != nullptr && !(candidates && scripted)) {
        open({*href, "", "a", title_text, i, tag_start, ""}, n);
      } else if (candidates && (onclick != nullptr || !data_url.empty() || scripted)) {
        // <a href="javascript:..." onclick="...">: the script is the link.
        std::string js = onclick ? *onclick : "";
        if (js.empty() && StartsWithNoCase(plain, "javascript:")) js = plain.substr(11);
        if (!data_url.empty()) {
          open({data_url, "", "data", title_text, i, tag_start, ""}, n);
        } else if (!js.empty()) {
          open({LiteralUrlOf(js), "", "onclick", title_text, i, tag_start, js}, n);
        } else {
          close_anchor();  // an <a> inside an open <a> closes it, as HTML parsers do
        }
      } else {
        close_anchor();
      }
    } else if (n == "area" || n == "frame" || n == "iframe") {
      if (const std::string* v = tag.Get(n == "area" ? "href" : "src")) {
        links->push_back({*v, "", n == "area" ? "area" : n == "frame" ? "frame" : "iframe", "", i, tag_start, ""});
      }
    } else if (n == "base") {
      const std::string* href = tag.Get("href");
      if (!*have_base && href != nullptr) {
        *have_base = true;
        *base_href = *href;
      }
    } else if (n == "meta") {
      const std::string* equiv = tag.Get("http-equiv");
      const std::string* content = tag.Get("content");
      if (equiv != nullptr && content != nullptr && StartsWithNoCase(ascii::Trim(*equiv), "refresh") &&
          ascii::Trim(*equiv).size() == 7) {
        std::string url = RefreshUrl(*content);
        if (!url.empty()) links->push_back({url, "", "meta_refresh", "", i, tag_start, ""});
      }
    } else if (n == "img") {
      // A next-page arrow drawn as an image: its alt text is the anchor text.
      if (const std::string* alt = tag.Get("alt"); alt != nullptr && open_anchor >= 0) anchor_text += *alt;
    } else if (n == "script" || n == "style" || n == "title" || n == "textarea" || n == "xmp" ||
               n == "noscript") {
      size_t end = FindEndTag(html, i, n);
      std::string_view body = html.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i);
      if (n == "script" && tag.Get("src") == nullptr) {
        std::vector<std::string> urls;
        ScanScript(body, &urls);
        for (std::string& url : urls) links->push_back({std::move(url), "", "script_location", "", i, tag_start, ""});
        if (scripts != nullptr) scripts->push_back(body);
      }
      if (end == std::string_view::npos) break;
      size_t close = html.find('>', end);
      i = close == std::string_view::npos ? html.size() : close + 1;
    } else if (candidates && n == "option") {
      if (const std::string* v = tag.Get("value"); v != nullptr && LooksLikeUrl(*v)) {
        open({*v, "", "option", title_text, i, tag_start, ""}, n);
      }
    } else if (candidates && (onclick != nullptr || !data_url.empty()) && open_anchor < 0) {
      // <li onclick="window.open('...')">, <tr data-url="...">: the element is the item.
      if (!data_url.empty()) {
        open({data_url, "", "data", title_text, i, tag_start, ""}, n);
      } else {
        open({LiteralUrlOf(*onclick), "", "onclick", title_text, i, tag_start, *onclick}, n);
      }
    }
  }
  close_anchor();
}

std::vector<PageLink> Resolve(std::string_view page_url, std::vector<RawLink> raw, const std::string& base_href,
                              bool have_base, const std::vector<std::string_view>& scripts, bool keep_repeats) {
  std::vector<PageLink> result;
  // <base href> is resolved against the page URL; a bad one is ignored.
  std::string base(page_url);
  if (have_base) {
    std::string resolved;
    if (ResolveUrl(page_url, base_href, &resolved).ok()) base = std::move(resolved);
  }

  // Invariant: unless keep_repeats, `seen` holds (url, kind) of every link in `result`.
  std::set<std::pair<std::string, std::string>> seen;
  for (RawLink& link : raw) {
    if (link.ref.empty() && !link.call.empty()) link.ref = UrlFromCall(link.call, scripts);
    std::string_view ref = ascii::Trim(link.ref);
    std::string url;
    if (!link.call.empty() && (ref.empty() || !ResolveUrl(base, ref, &url).ok())) {
      // A scripted link with no URL to read: kept for the pager.
      result.push_back({"", std::move(link.text), link.kind, std::move(link.title), link.end_offset,
                        link.start_offset, std::move(link.call)});
      continue;
    }
    if (ref.empty() || ref[0] == '#') continue;  // the page itself
    if (url.empty() && !ResolveUrl(base, ref, &url).ok()) continue;  // javascript:, mailto:, ...
    // Candidate scans keep repeats: a pager links one page as "3" and as 下一页.
    if (!keep_repeats && !seen.emplace(url, link.kind).second) continue;
    result.push_back({std::move(url), std::move(link.text), link.kind, std::move(link.title), link.end_offset,
                      link.start_offset, std::move(link.call)});
  }
  return result;
}

}  // namespace

std::vector<PageLink> ExtractLinks(std::string_view html, std::string_view page_url) {
  std::vector<RawLink> raw;
  std::string base_href;
  bool have_base = false;
  Collect(html, /*candidates=*/false, &raw, &base_href, &have_base, nullptr);
  return Resolve(page_url, std::move(raw), base_href, have_base, {}, /*keep_repeats=*/false);
}

std::vector<PageLink> ExtractCandidateLinks(std::string_view html, std::string_view page_url,
                                            std::vector<std::string_view>* scripts) {
  std::vector<RawLink> raw;
  std::string base_href;
  bool have_base = false;
  std::vector<std::string_view> own_scripts;
  Collect(html, /*candidates=*/true, &raw, &base_href, &have_base, &own_scripts);
  std::vector<PageLink> links = Resolve(page_url, std::move(raw), base_href, have_base, own_scripts, /*keep_repeats=*/true);
  if (scripts != nullptr) *scripts = std::move(own_scripts);
  return links;
}

bool IsUrlLike(std::string_view text) { return LooksLikeUrl(text); }

std::vector<std::string> JsStringLiterals(std::string_view js) { return StringLiterals(js); }

std::string DecodeCharacterReferences(std::string_view s) {
  std::string out;
  AppendDecoded(s, &out);
  return out;
}

std::optional<std::string> StartTagAttribute(std::string_view tag, std::string_view name) {
  size_t i = tag.starts_with('<') ? 1 : 0;
  while (i < tag.size() && !ascii::IsSpace(tag[i]) && tag[i] != '>' && tag[i] != '/') ++i;  // the tag's name
  StartTag parsed;
  ParseAttributes(tag, i, &parsed);
  const std::string* value = parsed.Get(name);
  if (value == nullptr) return std::nullopt;
  return *value;
}

}  // namespace govharvest
