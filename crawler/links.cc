// Link extraction: a Gumbo parse, one walk in document order, then
// resolution of every reference against <base href> or the page URL.

#include "crawler/links.h"

#include <gumbo.h>

#include <cstddef>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "crawler/url.h"

namespace govharvest {

namespace {

struct GumboOutputDeleter {
  void operator()(GumboOutput* output) const {
    gumbo_destroy_output(&kGumboDefaultOptions, output);
  }
};
using GumboOutputPtr = std::unique_ptr<GumboOutput, GumboOutputDeleter>;

// A reference as written in the page, before resolution.
struct RawLink {
  std::string ref;
  std::string text;
  const char* kind;
};

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}
char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
bool IsIdentChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '_' || c == '$';
}

std::string_view TrimAscii(std::string_view s) {
  while (!s.empty() && IsAsciiSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsAsciiSpace(s.back())) s.remove_suffix(1);
  return s;
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (AsciiLower(s[i]) != AsciiLower(prefix[i])) return false;
  }
  return true;
}

const char* Attr(const GumboElement& element, const char* name) {
  const GumboAttribute* attr = gumbo_get_attribute(&element.attributes, name);
  return attr == nullptr ? nullptr : attr->value;
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
    if (IsAsciiSpace(s[i]) || s[i] == '\v') {
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

// The concatenated text of the descendants of `node`, without the contents
// of <script> and <style>.
std::string TextOf(const GumboNode* node) {
  std::string text;
  std::vector<const GumboNode*> stack = {node};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    switch (n->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_WHITESPACE:
      case GUMBO_NODE_CDATA:
        text += n->v.text.text;
        break;
      case GUMBO_NODE_ELEMENT:
      case GUMBO_NODE_TEMPLATE: {
        if (n->v.element.tag == GUMBO_TAG_SCRIPT || n->v.element.tag == GUMBO_TAG_STYLE) break;
        const GumboVector& children = n->v.element.children;
        for (unsigned i = children.length; i > 0; --i) {
          stack.push_back(static_cast<const GumboNode*>(children.data[i - 1]));
        }
        break;
      }
      default:
        break;
    }
  }
  return CollapseWhitespace(text);
}

// The URL of a <meta http-equiv=refresh> content value ("5; url='x'"), or
// "" when it names none (the WHATWG declarative refresh steps, simplified).
std::string RefreshUrl(std::string_view content) {
  size_t i = 0;
  while (i < content.size() && IsAsciiSpace(content[i])) ++i;
  while (i < content.size() && ((content[i] >= '0' && content[i] <= '9') || content[i] == '.')) ++i;
  while (i < content.size() && IsAsciiSpace(content[i])) ++i;
  if (i < content.size() && (content[i] == ';' || content[i] == ',')) ++i;
  while (i < content.size() && IsAsciiSpace(content[i])) ++i;
  std::string_view rest = content.substr(i);
  if (StartsWithNoCase(rest, "url")) {
    size_t j = 3;
    while (j < rest.size() && IsAsciiSpace(rest[j])) ++j;
    if (j < rest.size() && rest[j] == '=') {
      ++j;
      while (j < rest.size() && IsAsciiSpace(rest[j])) ++j;
      rest = rest.substr(j);
    }
  }
  if (!rest.empty() && (rest[0] == '\'' || rest[0] == '"')) {
    char quote = rest[0];
    rest.remove_prefix(1);
    size_t end = rest.find(quote);
    if (end != std::string_view::npos) rest = rest.substr(0, end);
  }
  return std::string(TrimAscii(rest));
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
  while (i < s.size() && IsAsciiSpace(s[i])) ++i;
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
    if (!TrimAscii(value).empty()) urls->push_back(std::move(value));
  }
}

// Walks the tree in document order, collecting raw links and the first
// <base href>.
void Collect(const GumboNode* root, std::vector<RawLink>* links, std::string* base_href,
             bool* have_base) {
  std::vector<const GumboNode*> stack = {root};
  while (!stack.empty()) {
    const GumboNode* node = stack.back();
    stack.pop_back();
    const GumboVector* children = nullptr;
    if (node->type == GUMBO_NODE_DOCUMENT) {
      children = &node->v.document.children;
    } else if (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE) {
      const GumboElement& e = node->v.element;
      children = &e.children;
      const char* value = nullptr;
      switch (e.tag) {
        case GUMBO_TAG_A:
          if ((value = Attr(e, "href")) != nullptr) links->push_back({value, TextOf(node), "a"});
          break;
        case GUMBO_TAG_AREA:
          if ((value = Attr(e, "href")) != nullptr) links->push_back({value, "", "area"});
          break;
        case GUMBO_TAG_FRAME:
          if ((value = Attr(e, "src")) != nullptr) links->push_back({value, "", "frame"});
          break;
        case GUMBO_TAG_IFRAME:
          if ((value = Attr(e, "src")) != nullptr) links->push_back({value, "", "iframe"});
          break;
        case GUMBO_TAG_BASE:
          if (!*have_base && (value = Attr(e, "href")) != nullptr) {
            *have_base = true;
            *base_href = value;
          }
          break;
        case GUMBO_TAG_META: {
          const char* equiv = Attr(e, "http-equiv");
          const char* content = Attr(e, "content");
          if (equiv != nullptr && content != nullptr &&
              StartsWithNoCase(TrimAscii(equiv), "refresh") && TrimAscii(equiv).size() == 7) {
            std::string url = RefreshUrl(content);
            if (!url.empty()) links->push_back({url, "", "meta_refresh"});
          }
          break;
        }
        case GUMBO_TAG_SCRIPT: {
          if (Attr(e, "src") != nullptr) break;
          std::vector<std::string> urls;
          for (unsigned i = 0; i < e.children.length; ++i) {
            const GumboNode* child = static_cast<const GumboNode*>(e.children.data[i]);
            if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_CDATA ||
                child->type == GUMBO_NODE_WHITESPACE) {
              ScanScript(child->v.text.text, &urls);
            }
          }
          for (std::string& url : urls) links->push_back({std::move(url), "", "script_location"});
          break;
        }
        default:
          break;
      }
    }
    if (children != nullptr) {
      for (unsigned i = children->length; i > 0; --i) {
        stack.push_back(static_cast<const GumboNode*>(children->data[i - 1]));
      }
    }
  }
}

}  // namespace

std::vector<PageLink> ExtractLinks(std::string_view html, std::string_view page_url) {
  GumboOutputPtr output(
      gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size()));
  std::vector<PageLink> result;
  if (!output) return result;

  std::vector<RawLink> raw;
  std::string base_href;
  bool have_base = false;
  Collect(output->document, &raw, &base_href, &have_base);

  // <base href> is resolved against the page URL; a bad one is ignored.
  std::string base(page_url);
  if (have_base) {
    std::string resolved;
    if (ResolveUrl(page_url, base_href, &resolved).ok()) base = std::move(resolved);
  }

  // Invariant: `seen` holds (url, kind) of every link in `result`.
  std::set<std::pair<std::string, std::string>> seen;
  for (RawLink& link : raw) {
    std::string_view ref = TrimAscii(link.ref);
    if (ref.empty() || ref[0] == '#') continue;  // the page itself
    std::string url;
    if (!ResolveUrl(base, ref, &url).ok()) continue;  // javascript:, mailto:, ...
    if (!seen.emplace(url, link.kind).second) continue;
    result.push_back({std::move(url), std::move(link.text), link.kind});
  }
  return result;
}

}  // namespace govharvest
