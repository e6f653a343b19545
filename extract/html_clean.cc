// HTML pages: Gumbo DOM -> chrome removed -> main content node -> blocks.
#include <gumbo.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <memory>
#include <string_view>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "crawler/url.h"
#include "extract/internal.h"
#include "extract/text.h"
#include "store/numbers.h"

namespace govharvest::clean_internal {
namespace {

using Node = GumboNode;

struct GumboOutputDeleter {
  void operator()(GumboOutput* output) const { gumbo_destroy_output(&kGumboDefaultOptions, output); }
};
using GumboOutputPtr = std::unique_ptr<GumboOutput, GumboOutputDeleter>;

bool IsElement(const Node* n) { return n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE; }
GumboTag TagOf(const Node* n) { return IsElement(n) ? n->v.element.tag : GUMBO_TAG_UNKNOWN; }

std::string Attr(const Node* n, const char* name) {
  if (!IsElement(n)) return "";
  const GumboAttribute* a = gumbo_get_attribute(&n->v.element.attributes, name);
  return a ? std::string(a->value) : std::string();
}
bool HasAttr(const Node* n, const char* name) {
  return IsElement(n) && gumbo_get_attribute(&n->v.element.attributes, name) != nullptr;
}

std::vector<const Node*> Children(const Node* n) {
  std::vector<const Node*> out;
  if (!IsElement(n) && n->type != GUMBO_NODE_DOCUMENT) return out;
  const GumboVector& v = n->type == GUMBO_NODE_DOCUMENT ? n->v.document.children : n->v.element.children;
  out.reserve(v.length);
  for (unsigned i = 0; i < v.length; ++i) out.push_back(static_cast<const Node*>(v.data[i]));
  return out;
}

// Depth of the element tree under `root`, walked with an explicit stack;
// stops counting past `limit`.
int TreeDepth(const Node* root, int limit) {
  int deepest = 0;
  std::vector<std::pair<const Node*, int>> stack{{root, 1}};
  while (!stack.empty()) {
    const auto [n, depth] = stack.back();
    stack.pop_back();
    deepest = std::max(deepest, depth);
    if (deepest > limit) break;
    for (const Node* c : Children(n)) {
      if (IsElement(c)) stack.emplace_back(c, depth + 1);
    }
  }
  return deepest;
}

// An estimate of how deep the HTML parser will nest `html`, from the tags
// alone, before parsing it: the nesting of the block elements whose start
// tag makes the parser search its stack of open elements (div, table, ul,
// section, ...). Elements with optional end tags, void and inline elements
// are not counted (they close themselves or cost the parser nothing);
// comments, scripts and styles are skipped. Stops past `limit`.
int EstimatedNestingDepth(std::string_view html, int limit) {
  static constexpr std::string_view kCounted[] = {
      "address", "article", "aside",  "blockquote", "center", "details", "dialog", "dir",   "div",
      "dl",      "fieldset", "figcaption", "figure", "footer", "form",   "h1",     "h2",    "h3",
      "h4",      "h5",      "h6",     "header",     "hgroup", "listing", "main",   "menu",  "nav",
      "ol",      "pre",     "section", "summary",   "table",  "ul"};
  static constexpr std::string_view kRawText[] = {"script", "style", "textarea", "title", "xmp", "noembed",
                                                  "noframes", "iframe", "plaintext"};
  auto lower_name = [&](size_t at, size_t* end) {
    std::string name;
    size_t i = at;
    while (i < html.size() && name.size() < 16 && (std::isalnum(static_cast<unsigned char>(html[i])) != 0)) {
      name.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(html[i]))));
      ++i;
    }
    *end = i;
    return name;
  };
  auto is_one_of = [](std::string_view name, const auto& list) {
    return std::find(std::begin(list), std::end(list), name) != std::end(list);
  };
  int depth = 0, deepest = 0;
  size_t i = 0;
  while (deepest <= limit) {
    i = html.find('<', i);
    if (i == std::string_view::npos || i + 1 >= html.size()) break;
    if (html.substr(i, 4) == "<!--") {
      const size_t end = html.find("-->", i + 4);
      if (end == std::string_view::npos) break;
      i = end + 3;
      continue;
    }
    const bool closing = html[i + 1] == '/';
    size_t name_end = 0;
    const std::string name = lower_name(i + (closing ? 2 : 1), &name_end);
    const size_t tag_end = html.find('>', name_end);
    if (name.empty() || tag_end == std::string_view::npos) {
      i += 1;
      continue;
    }
    i = tag_end + 1;
    if (closing) {
      if (is_one_of(name, kCounted) && depth > 0) --depth;
    } else if (is_one_of(name, kRawText)) {
      // Up to the matching end tag, whatever it holds.
      size_t end = i;
      for (;;) {
        end = html.find("</", end);
        if (end == std::string_view::npos) return deepest;
        size_t close_end = 0;
        if (lower_name(end + 2, &close_end) == name) break;
        end += 2;
      }
      i = end;
    } else if (is_one_of(name, kCounted)) {  // "<div/>" opens a div too
      deepest = std::max(deepest, ++depth);
    }
  }
  return deepest;
}

bool IsTextNode(const Node* n) {
  return n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE || n->type == GUMBO_NODE_CDATA;
}

bool IsBlockTag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_LI: case GUMBO_TAG_UL: case GUMBO_TAG_OL:
    case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_DD: case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE: case GUMBO_TAG_CENTER:
    case GUMBO_TAG_TABLE: case GUMBO_TAG_TR: case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_TBODY:
    case GUMBO_TAG_THEAD: case GUMBO_TAG_TFOOT: case GUMBO_TAG_CAPTION: case GUMBO_TAG_H1: case GUMBO_TAG_H2:
    case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_HR:
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_FIGURE: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_BODY:
    case GUMBO_TAG_FORM: case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER: case GUMBO_TAG_NAV: case GUMBO_TAG_ASIDE:
      return true;
    default:
      return false;
  }
}

int HeadingLevel(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_H1: return 1;
    case GUMBO_TAG_H2: return 2;
    case GUMBO_TAG_H3: return 3;
    case GUMBO_TAG_H4: return 4;
    case GUMBO_TAG_H5: return 5;
    case GUMBO_TAG_H6: return 6;
    default: return 0;
  }
}

// Tags whose content is never page text.
bool IsNeverContentTag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_SELECT: case GUMBO_TAG_BUTTON: case GUMBO_TAG_INPUT: case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED: case GUMBO_TAG_SVG: case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_HEAD: case GUMBO_TAG_TITLE: case GUMBO_TAG_META: case GUMBO_TAG_LINK:
      return true;
    default:
      return false;
  }
}
// Chrome tags: dropped unless they hold the content container.
bool IsChromeTag(GumboTag t) {
  return t == GUMBO_TAG_NAV || t == GUMBO_TAG_HEADER || t == GUMBO_TAG_FOOTER || t == GUMBO_TAG_ASIDE ||
         t == GUMBO_TAG_FORM;
}

std::vector<std::string> ClassIdTokens(const Node* n) {
  const std::string s = text::AsciiLower(Attr(n, "class") + " " + Attr(n, "id"));
  std::vector<std::string> tokens;
  std::string cur;
  for (char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      cur.push_back(c);
    } else if (!cur.empty()) {
      tokens.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) tokens.push_back(std::move(cur));
  return tokens;
}

bool IsChromeClassToken(const std::string& t) {
  static constexpr const char* kExact[] = {
      "nav", "navbar", "navigation", "menu", "menus", "submenu", "breadcrumb", "breadcrumbs", "crumb", "crumbs",
      "bread", "position", "location", "dqwz", "share", "bdshare", "sharebox", "print", "printer", "footer",
      "foot", "copyright", "related", "relate", "xgwz", "xglj", "sidebar", "topbar", "toolbar", "ewm",
      "qrcode", "erweima", "search", "login", "friendlink", "yqlj", "pagination", "pager", "comment",
      "comments", "advert", "ads", "banner", "logo", "skip", "fenxiang", "bshare", "jiathis", "sitemap"};
  for (const char* e : kExact) {
    if (t == e) return true;
  }
  for (const char* prefix : {"nav", "menu", "breadcrumb", "crumb", "share", "footer", "bdshare", "qrcode"}) {
    if (t.starts_with(prefix)) return true;
  }
  return false;
}

// CMS content containers (report-format.md §4, extraction-anchors.md).
bool IsContentHint(const Node* n) {
  const std::string cls = text::AsciiLower(Attr(n, "class"));
  const std::string id = text::AsciiLower(Attr(n, "id"));
  for (const char* hint : {"trs_editor", "trs_ueditor", "article-content", "article_content", "articlecontent",
                           "pages_content", "vsb_content", "custom_unionstyle", "bt_content", "news_content"}) {
    if (text::Contains(cls, hint) || text::Contains(id, hint)) return true;
  }
  return id == "zoom" || id == "fontzoom" || id == "content_body" || cls == "zoom";
}

bool IsHidden(const Node* n) {
  if (HasAttr(n, "hidden")) return true;
  if (text::AsciiLower(Attr(n, "aria-hidden")) == "true" && TagOf(n) != GUMBO_TAG_I) return false;
  std::string style = text::AsciiLower(Attr(n, "style"));
  style.erase(std::remove_if(style.begin(), style.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n'; }),
              style.end());
  if (!style.empty()) {
    for (const char* s : {"display:none", "visibility:hidden", "font-size:0", "font-size:1px", "font-size:2px",
                          "text-indent:-9", "width:0;", "height:0;", "width:0px", "height:0px", "max-height:0"}) {
      if (text::Contains(style, s)) return true;
    }
    if (text::Contains(style, "width:1px") && text::Contains(style, "height:1px")) return true;
    if (text::Contains(style, "position:absolute") &&
        (text::Contains(style, "top:-") || text::Contains(style, "left:-"))) {
      return true;
    }
  }
  for (const auto& t : ClassIdTokens(n)) {
    if (t == "hide" || t == "hidden" || t == "sr" || t == "invisible") return true;
  }
  return false;
}

const char* const kAttachmentExtensions[] = {".pdf", ".doc", ".docx", ".xls", ".xlsx", ".wps", ".et",
                                             ".zip", ".rar", ".ofd", ".ppt", ".pptx", ".7z", ".txt"};

bool IsAttachmentHref(std::string_view href) {
  std::string h = text::AsciiLower(href);
  if (text::Contains(h, "downfile.jsp") || text::Contains(h, "download.jsp")) return true;
  const size_t q = h.find_first_of("?#");
  const std::string path = h.substr(0, q);
  for (const char* ext : kAttachmentExtensions) {
    if (path.ends_with(ext)) return true;
  }
  if (q != std::string::npos) {  // ?filename=x.pdf, ?file=x.pdf
    for (const char* ext : kAttachmentExtensions) {
      const std::string query = h.substr(q);
      if (text::Contains(query, std::string(ext) + "&") || query.ends_with(ext)) return true;
    }
  }
  return false;
}

struct Mass {
  int words = 0;       // Han and ASCII alphanumerics
  int link_words = 0;  // of which inside <a>
  int punct = 0;       // Chinese punctuation outside links
  double Value() const { return (words - link_words) + 2.0 * punct; }
};

struct PendingBlock {
  ContentBlock block;
  double link_ratio = 0;
};

class HtmlCleaner {
 public:
  HtmlCleaner(const GumboOutput& output, std::string_view url, CleanPage* page, std::vector<std::string>* hidden)
      : root_(output.root), url_(url), page_(page), hidden_spam_sources_(hidden) {}

  void Run() {
    ReadHeadAndMeta(root_);
    FindHints(root_);
    MarkDropped(root_);
    ReadMetadataBlock();
    ComputeMass(root_, false);
    const Node* content = ChooseContent();
    if (content != nullptr) {
      Walk(content, false);
      Flush();
    }
    CollectOutsideAttachments(root_);
    FinishBlocks();
    ChooseHeading(content);
  }

 private:
  // --- head ---
  void ReadHeadAndMeta(const Node* n) {
    if (!IsElement(n)) return;
    const GumboTag t = TagOf(n);
    if (t == GUMBO_TAG_TITLE && page_->raw_title.empty()) {
      page_->raw_title = text::CollapseWhitespace(RawText(n));
    } else if (t == GUMBO_TAG_META) {
      const std::string name = text::AsciiLower(Attr(n, "name"));
      static constexpr std::pair<const char*, const char*> kMetaNames[] = {
          {"sitename", "SiteName"},       {"siteidcode", "SiteIDCode"},   {"columnname", "ColumnName"},
          {"articletitle", "ArticleTitle"}, {"pubdate", "PubDate"},       {"contentsource", "ContentSource"},
          {"sitedomain", "SiteDomain"},   {"keywords", "Keywords"},       {"description", "Description"},
          {"columntype", "ColumnType"},   {"columndescription", "ColumnDescription"}};
      for (const auto& [lower, canonical] : kMetaNames) {
        if (name == lower) {
          const std::string value = text::CollapseWhitespace(Attr(n, "content"));
          if (!value.empty() && !page_->meta_tags.count(canonical)) page_->meta_tags[canonical] = value;
        }
      }
    }
    for (const Node* c : Children(n)) ReadHeadAndMeta(c);
  }

  static std::string RawText(const Node* n) {
    std::string out;
    AppendRawText(n, &out);
    return out;
  }
  static void AppendRawText(const Node* n, std::string* out) {
    if (IsTextNode(n)) {
      out->append(n->v.text.text);
    } else if (IsElement(n)) {
      for (const Node* c : Children(n)) AppendRawText(c, out);
    }
  }

  // --- chrome ---
  bool FindHints(const Node* n) {
    if (!IsElement(n)) return false;
    bool inside = IsContentHint(n);
    if (inside) hints_.push_back(n);
    for (const Node* c : Children(n)) inside = FindHints(c) || inside;
    if (inside) hint_or_ancestor_.insert(n);
    return inside;
  }

  void MarkDropped(const Node* n) {
    if (!IsElement(n)) return;
    const GumboTag t = TagOf(n);
    const bool keeps_content = hint_or_ancestor_.count(n) > 0;
    if (IsNeverContentTag(t)) {
      dropped_.insert(n);
      return;
    }
    if (t != GUMBO_TAG_BODY && t != GUMBO_TAG_HTML && IsHidden(n) && !keeps_content) {
      dropped_.insert(n);
      hidden_spam_sources_->push_back(text::CollapseWhitespace(RawText(n)));
      return;
    }
    if (!keeps_content && t != GUMBO_TAG_BODY && t != GUMBO_TAG_HTML) {
      bool chrome = IsChromeTag(t);
      if (t == GUMBO_TAG_FORM) chrome = text::CountWordChars(RawText(n)) < 300;  // ASP.NET forms wrap pages
      if (!chrome) {
        for (const auto& token : ClassIdTokens(n)) chrome = chrome || IsChromeClassToken(token);
      }
      if (chrome) {
        dropped_.insert(n);
        return;
      }
    }
    for (const Node* c : Children(n)) MarkDropped(c);
  }

  // --- metadata block: label/value segments anywhere on the page ---
  void ReadMetadataBlock() {
    std::vector<std::string> segments;
    CollectSegments(root_, &segments);
    for (size_t i = 0; i < segments.size(); ++i) {
      const std::string& seg = segments[i];
      if (text::Length(seg) > 120) continue;
      const std::string id = MetadataIdForLabel(seg);
      if (!id.empty()) {
        if (i + 1 < segments.size() && MetadataIdForLabel(segments[i + 1]).empty() &&
            text::Length(segments[i + 1]) <= 120) {
          std::map<std::string, std::string> inline_pairs;
          if (ParseMetadataLine(segments[i + 1], &inline_pairs) == 0 && !page_->metadata.count(id)) {
            page_->metadata[id] = segments[i + 1];
          }
        }
        continue;
      }
      const std::u32string u = text::Decode(seg);
      size_t colon = 0;
      while (colon < u.size() && u[colon] != U':' && u[colon] != U'：') ++colon;
      if (colon < u.size() && !MetadataIdForLabel(text::Encode(u.substr(0, colon))).empty()) {
        ParseMetadataLine(seg, &page_->metadata);
      }
    }
  }

  void CollectSegments(const Node* n, std::vector<std::string>* out) {
    if (!IsElement(n)) return;
    const GumboTag t = TagOf(n);
    if (IsNeverContentTag(t)) return;
    bool has_block_child = false;
    for (const Node* c : Children(n)) {
      const GumboTag ct = TagOf(c);
      if (ct == GUMBO_TAG_TD || ct == GUMBO_TAG_TH || ct == GUMBO_TAG_LI || ct == GUMBO_TAG_P ||
          ct == GUMBO_TAG_DT || ct == GUMBO_TAG_DD || ct == GUMBO_TAG_DIV || ct == GUMBO_TAG_TABLE ||
          ct == GUMBO_TAG_UL || ct == GUMBO_TAG_OL || ct == GUMBO_TAG_DL || ct == GUMBO_TAG_TR ||
          ct == GUMBO_TAG_TBODY) {
        has_block_child = true;
      }
    }
    if (!has_block_child && t != GUMBO_TAG_BODY && t != GUMBO_TAG_HTML) {
      const std::string s = text::CollapseWhitespace(RawText(n));
      if (!s.empty() && text::Length(s) <= 200) out->push_back(s);
    }
    for (const Node* c : Children(n)) CollectSegments(c, out);
  }

  // --- main content ---
  Mass ComputeMass(const Node* n, bool in_link) {
    Mass m;
    if (IsTextNode(n)) {
      const std::string_view s = n->v.text.text;
      m.words = text::CountWordChars(s);
      if (in_link) {
        m.link_words = m.words;
      } else {
        m.punct = text::CountChinesePunct(s);
      }
      return m;
    }
    if (!IsElement(n) || dropped_.count(n)) return m;
    const bool link = in_link || TagOf(n) == GUMBO_TAG_A;
    for (const Node* c : Children(n)) {
      const Mass cm = ComputeMass(c, link);
      m.words += cm.words;
      m.link_words += cm.link_words;
      m.punct += cm.punct;
    }
    mass_[n] = m;
    return m;
  }

  double MassOf(const Node* n) const {
    auto it = mass_.find(n);
    return it == mass_.end() ? 0 : it->second.Value();
  }

  const Node* FindBody(const Node* n) const {
    if (TagOf(n) == GUMBO_TAG_BODY) return n;
    for (const Node* c : Children(n)) {
      if (const Node* b = FindBody(c)) return b;
    }
    return nullptr;
  }

  const Node* ChooseContent() const {
    const Node* body = FindBody(root_);
    if (body == nullptr) body = root_;
    // A CMS content container with text is a strong hint: the largest one.
    const Node* best_hint = nullptr;
    for (const Node* h : hints_) {
      if (dropped_.count(h)) continue;
      if (best_hint == nullptr || MassOf(h) > MassOf(best_hint)) best_hint = h;
    }
    // Descend from <body> while one child holds nearly all the content mass
    // (text outside links, Chinese punctuation counted twice): the deepest
    // node that still holds every paragraph and table of the article.
    const Node* node = body;
    while (true) {
      const double total = MassOf(node);
      const Node* heaviest = nullptr;
      for (const Node* c : Children(node)) {
        if (!IsElement(c) || dropped_.count(c)) continue;
        if (heaviest == nullptr || MassOf(c) > MassOf(heaviest)) heaviest = c;
      }
      if (heaviest == nullptr || total <= 0 || MassOf(heaviest) < 0.85 * total) break;
      node = heaviest;
    }
    if (best_hint != nullptr && MassOf(best_hint) >= 10) {
      // The hint unless the density choice holds much more text beside it.
      if (!IsAncestor(best_hint, node) || MassOf(best_hint) >= 0.6 * MassOf(node)) return best_hint;
    }
    return node;
  }

  static bool IsAncestor(const Node* ancestor, const Node* n) {
    for (const Node* p = n; p != nullptr; p = p->parent) {
      if (p == ancestor) return true;
    }
    return false;
  }

  // --- blocks ---
  void Walk(const Node* n, bool in_link) {
    if (IsTextNode(n)) {
      buffer_.append(n->v.text.text);
      if (in_link) buffer_link_words_ += text::CountWordChars(n->v.text.text);
      return;
    }
    if (!IsElement(n) || dropped_.count(n)) return;
    const GumboTag t = TagOf(n);
    if (t == GUMBO_TAG_BR) {
      Flush();
      return;
    }
    if (t == GUMBO_TAG_TABLE) {
      Flush();
      PendingBlock b;
      if (IsDataTable(n) && BuildTable(n, &b.block.table)) {
        b.block.kind = ContentBlock::Kind::kTable;
        pending_.push_back(std::move(b));
        return;
      }
      // A layout table, or one whose grid would pass kMaxTableSlots: its
      // cells are read as paragraphs, so no text is lost.
      for (const Node* c : Children(n)) Walk(c, in_link);
      Flush();
      return;
    }
    if (t == GUMBO_TAG_IMG) {
      const std::string src = Attr(n, "src");
      if (src.empty() || src.starts_with("data:")) return;
      Flush();
      PendingBlock b;
      b.block.kind = ContentBlock::Kind::kImage;
      b.block.url = Resolve(src);
      b.block.text = text::CollapseWhitespace(Attr(n, "alt"));
      pending_.push_back(std::move(b));
      return;
    }
    if (t == GUMBO_TAG_A) {
      const std::string href = Attr(n, "href");
      if (!href.empty() && IsAttachmentHref(href)) {
        Flush();
        AddAttachment(n, href);
        return;
      }
      for (const Node* c : Children(n)) Walk(c, true);
      return;
    }
    if (const int level = HeadingLevel(t); level > 0) {
      Flush();
      for (const Node* c : Children(n)) Walk(c, in_link);
      Flush(level);
      return;
    }
    const bool block = IsBlockTag(t);
    if (block) Flush();
    for (const Node* c : Children(n)) Walk(c, in_link);
    if (block) Flush();
  }

  void Flush(int heading_level = 0) {
    std::string s = text::CollapseWhitespace(buffer_);
    const int link_words = buffer_link_words_;
    buffer_.clear();
    buffer_link_words_ = 0;
    if (s.empty()) return;
    PendingBlock b;
    b.block.kind = heading_level > 0 ? ContentBlock::Kind::kHeading : ContentBlock::Kind::kParagraph;
    b.block.level = heading_level;
    b.block.text = std::move(s);
    const int words = text::CountWordChars(b.block.text);
    b.link_ratio = words > 0 ? static_cast<double>(link_words) / words : 0;
    pending_.push_back(std::move(b));
  }

  void AddAttachment(const Node* a, const std::string& href) {
    const std::string url = Resolve(href);
    if (!attachment_urls_.insert(url).second) return;
    PendingBlock b;
    b.block.kind = ContentBlock::Kind::kAttachment;
    b.block.url = url;
    b.block.text = text::CollapseWhitespace(RawText(a));
    pending_.push_back(std::move(b));
  }

  // Attachment links of the page outside the chosen content (TRS lists them
  // after the editor div), except those in navigation and hidden blocks.
  void CollectOutsideAttachments(const Node* n) {
    if (!IsElement(n)) return;
    if (dropped_.count(n) && !IsChromeTag(TagOf(n))) {
      // Class-dropped blocks (e.g. "bottom") may still list attachments; hidden ones may not.
      if (IsHidden(n) || IsNeverContentTag(TagOf(n))) return;
      for (const auto& token : ClassIdTokens(n)) {
        if (token.starts_with("nav") || token.starts_with("menu") || token == "footer" || token == "foot") return;
      }
    } else if (dropped_.count(n)) {
      return;
    }
    if (TagOf(n) == GUMBO_TAG_A) {
      const std::string href = Attr(n, "href");
      if (!href.empty() && IsAttachmentHref(href) && !attachment_urls_.count(Resolve(href))) {
        outside_.push_back(n);
      }
      return;
    }
    for (const Node* c : Children(n)) CollectOutsideAttachments(c);
  }

  std::string Resolve(const std::string& ref) const {
    std::string out;
    if (!url_.empty() && ResolveUrl(url_, ref, &out).ok()) return out;
    return ref;
  }

  // --- tables ---
  static void CollectRows(const Node* n, std::vector<const Node*>* rows) {
    for (const Node* c : Children(n)) {
      const GumboTag t = TagOf(c);
      if (t == GUMBO_TAG_TR) {
        rows->push_back(c);
      } else if (t == GUMBO_TAG_THEAD || t == GUMBO_TAG_TBODY || t == GUMBO_TAG_TFOOT) {
        CollectRows(c, rows);
      }
    }
  }

  static bool HasNestedTable(const Node* n) {
    for (const Node* c : Children(n)) {
      if (TagOf(c) == GUMBO_TAG_TABLE || HasNestedTable(c)) return true;
    }
    return false;
  }

  bool IsDataTable(const Node* table) const {
    if (text::AsciiLower(Attr(table, "role")) == "presentation") return false;
    if (HasNestedTable(table)) return false;
    std::vector<const Node*> rows;
    CollectRows(table, &rows);
    size_t max_cells = 0;
    for (const Node* r : rows) {
      size_t cells = 0;
      for (const Node* c : Children(r)) {
        const GumboTag t = TagOf(c);
        if (t != GUMBO_TAG_TD && t != GUMBO_TAG_TH) continue;
        ++cells;
        if (text::CountWordChars(RawText(c)) > 400) return false;  // a layout cell holding prose
      }
      max_cells = std::max(max_cells, cells);
    }
    return !rows.empty() && rows.size() * max_cells >= 2 && rows.size() * max_cells <= kMaxTableSlots;
  }

  // Bound on a table's grid (rows x columns, spans resolved). Report tables
  // have well under a thousand slots; hostile spans (rowspan=65535
  // colspan=1000 on many cells) or one very long row over many short ones
  // would otherwise make the grid quadratic in the page size.
  static constexpr size_t kMaxTableSlots = size_t{1} << 17;

  std::string CellText(const Node* cell) const {
    std::string out;
    AppendCellText(cell, &out);
    return text::CollapseWhitespace(out);
  }
  void AppendCellText(const Node* n, std::string* out) const {
    if (IsTextNode(n)) {
      out->append(n->v.text.text);
      return;
    }
    if (!IsElement(n) || (dropped_.count(n) && IsHidden(n)) || IsNeverContentTag(TagOf(n))) return;
    const bool block = IsBlockTag(TagOf(n)) || TagOf(n) == GUMBO_TAG_BR;
    if (block) out->push_back(' ');
    for (const Node* c : Children(n)) AppendCellText(c, out);
    if (block) out->push_back(' ');
  }

  // The table as a grid; false (and `*result` untouched) when the grid would
  // pass kMaxTableSlots.
  bool BuildTable(const Node* table, CleanTable* result) const {
    CleanTable out;
    for (const Node* c : Children(table)) {
      if (TagOf(c) == GUMBO_TAG_CAPTION) out.caption = CellText(c);
    }
    std::vector<const Node*> rows;
    CollectRows(table, &rows);
    std::vector<std::vector<CleanTable::Cell>> grid;
    std::vector<std::vector<bool>> filled;
    size_t slots = 0;
    auto ensure = [&](size_t r, size_t c) {
      if (grid.size() <= r) {
        grid.resize(r + 1);
        filled.resize(r + 1);
      }
      if (grid[r].size() <= c) {
        slots += c + 1 - grid[r].size();
        if (slots > kMaxTableSlots) return false;
        grid[r].resize(c + 1);
        filled[r].resize(c + 1, false);
      }
      return true;
    };
    auto span = [&](const Node* cell, const char* name, int max) {
      const int64_t v = LeadingInt(Attr(cell, name), 0, max, 1);
      return static_cast<int>(v <= 0 ? 1 : v);
    };
    for (size_t r = 0; r < rows.size(); ++r) {
      if (grid.size() <= r) {
        grid.resize(r + 1);
        filled.resize(r + 1);
      }
      size_t c = 0;
      for (const Node* cell : Children(rows[r])) {
        const GumboTag t = TagOf(cell);
        if (t != GUMBO_TAG_TD && t != GUMBO_TAG_TH) continue;
        while (c < filled[r].size() && filled[r][c]) ++c;
        const int rowspan = std::min(span(cell, "rowspan", 500), static_cast<int>(rows.size() - r));
        const int colspan = span(cell, "colspan", 200);
        const std::string cell_text = CellText(cell);
        for (int dr = 0; dr < rowspan; ++dr) {
          for (int dc = 0; dc < colspan; ++dc) {
            if (!ensure(r + dr, c + dc)) return false;
            CleanTable::Cell& slot = grid[r + dr][c + dc];
            slot.header = t == GUMBO_TAG_TH;
            slot.origin_row = static_cast<int>(r);
            slot.origin_col = static_cast<int>(c);
            slot.covered = dr != 0 || dc != 0;
            slot.text = slot.covered ? "" : cell_text;
            filled[r + dr][c + dc] = true;
          }
        }
        c += colspan;
      }
    }
    size_t cols = 0;
    for (const auto& row : grid) cols = std::max(cols, row.size());
    if (cols * grid.size() > kMaxTableSlots) return false;
    for (size_t r = 0; r < grid.size(); ++r) {
      for (size_t c = 0; c < grid[r].size(); ++c) {
        if (!filled[r][c]) {
          grid[r][c].origin_row = static_cast<int>(r);
          grid[r][c].origin_col = static_cast<int>(c);
        }
      }
      const size_t old = grid[r].size();
      grid[r].resize(cols);
      for (size_t c = old; c < cols; ++c) {
        grid[r][c].origin_row = static_cast<int>(r);
        grid[r][c].origin_col = static_cast<int>(c);
      }
    }
    out.rows = std::move(grid);
    *result = std::move(out);
    return true;
  }

  // --- tails, headings ---
  void FinishBlocks() {
    for (const Node* a : outside_) AddAttachment(a, Attr(a, "href"));
    std::vector<ContentBlock> kept;
    bool in_related = false;
    for (auto& p : pending_) {
      ContentBlock& b = p.block;
      if (b.kind == ContentBlock::Kind::kParagraph || b.kind == ContentBlock::Kind::kHeading) {
        if (in_related) {
          if (p.link_ratio >= 0.5) continue;
          in_related = false;
        }
        if (IsRelatedLinksHeading(b.text)) {
          in_related = true;
          continue;
        }
        if (IsNavigationLine(b.text)) continue;
        b.text = StripWidgets(b.text);
        if (b.text.empty()) continue;
        if (b.kind == ContentBlock::Kind::kParagraph && LooksLikeSectionHeading(b.text)) {
          b.kind = ContentBlock::Kind::kHeading;
          b.level = 2;
        }
      } else {
        in_related = false;
      }
      kept.push_back(std::move(b));
    }
    page_->blocks = std::move(kept);
  }

  void ChooseHeading(const Node* content) {
    std::vector<std::string> candidates;
    CollectHeadingCandidates(root_, &candidates);
    const std::string title = text::RemoveSpaces(page_->raw_title);
    size_t best_score = 0;
    std::string best;
    for (const auto& c : candidates) {
      const std::string compact = text::RemoveSpaces(c);
      size_t score = 0;
      if (!title.empty() && text::Contains(title, compact)) {
        score = 1000 + text::Length(compact);
      } else {
        const std::u32string a = text::Decode(compact), b = text::Decode(title);
        while (score < a.size() && score < b.size() && a[score] == b[score]) ++score;
      }
      if (score > best_score) {
        best_score = score;
        best = c;
      }
    }
    if (best_score >= 4) {
      page_->heading = best;
      return;
    }
    (void)content;
    for (const auto& b : page_->blocks) {
      if (b.kind == ContentBlock::Kind::kHeading && b.level == 1) {
        page_->heading = b.text;
        return;
      }
    }
  }

  void CollectHeadingCandidates(const Node* n, std::vector<std::string>* out) const {
    if (!IsElement(n) || IsNeverContentTag(TagOf(n)) || IsHidden(n)) return;
    bool candidate = HeadingLevel(TagOf(n)) > 0 && HeadingLevel(TagOf(n)) <= 3;
    if (!candidate && (TagOf(n) == GUMBO_TAG_DIV || TagOf(n) == GUMBO_TAG_P || TagOf(n) == GUMBO_TAG_TD ||
                       TagOf(n) == GUMBO_TAG_SPAN)) {
      for (const auto& t : ClassIdTokens(n)) candidate = candidate || t == "title" || t.ends_with("title");
    }
    if (candidate) {
      const std::string s = text::CollapseWhitespace(RawText(n));
      if (text::Length(s) >= 4 && text::Length(s) <= 120) out->push_back(s);
    }
    for (const Node* c : Children(n)) CollectHeadingCandidates(c, out);
  }

  const Node* root_;
  std::string url_;
  CleanPage* page_;
  std::vector<std::string>* hidden_spam_sources_;
  std::vector<const Node*> hints_;
  std::unordered_set<const Node*> hint_or_ancestor_;
  std::unordered_set<const Node*> dropped_;
  std::unordered_map<const Node*, Mass> mass_;
  std::string buffer_;
  int buffer_link_words_ = 0;
  std::vector<PendingBlock> pending_;
  std::unordered_set<std::string> attachment_urls_;
  std::vector<const Node*> outside_;
};

}  // namespace

// Widget and tail strings, longest first within a family.
constexpr const char* kWidgetStrings[] = {
    "扫一扫在手机打开当前页面", "扫一扫在手机打开当前页", "扫一扫在手机上查看当前页面", "【打印本页】", "打印本页",
    "【打印此页】", "【打印】", "[打印]", "【关闭窗口】", "[关闭窗口]", "关闭窗口", "【关闭】", "[关闭]",
    "【字体：大中小】", "【字体:大中小】", "字体：大中小", "字体:大中小", "【字号：大中小】", "字号：大中小",
    "【返回顶部】", "返回顶部", "【收藏】", "【我要纠错】", "我要纠错", "分享到：", "分享到:", "分享到",
    "【大】", "【中】", "【小】", "[大]", "[中]", "[小]", "字体：", "字号：", "字体:", "放大", "正常", "缩小",
    "默认", "打印", "关闭", "收藏本页", "加入收藏", "浏览次数：", "浏览次数:", "浏览次数", "访问量：", "阅读次数：",
    "浏览：", "浏览:", "【", "】", "[", "]", "|", "：", ":", "大", "中", "小", "次"};

std::string StripWidgets(std::string_view paragraph) {
  const std::string compact = text::RemoveSpaces(paragraph);
  bool has_marker = false;
  for (const char* m : {"扫一扫", "打印", "关闭窗口", "字体", "字号", "分享到", "浏览次数", "返回顶部", "纠错",
                        "收藏", "浏览：", "浏览:", "访问量", "阅读次数"}) {
    has_marker = has_marker || text::Contains(compact, m);
  }
  if (!has_marker || text::Length(compact) > 80) return std::string(paragraph);
  // A widget line: what remains once the widget words are gone must be more
  // than counters and punctuation to be kept.
  std::string rest = compact;
  for (const char* w : kWidgetStrings) rest = text::ReplaceAll(rest, w, "");
  for (const char* w : {"扫一扫", "打印", "关闭", "字体", "分享", "浏览"}) rest = text::ReplaceAll(rest, w, "");
  std::string digits_removed;
  for (char c : rest) {
    if (!(c >= '0' && c <= '9')) digits_removed.push_back(c);
  }
  if (text::CountWordChars(digits_removed) <= 3) return "";
  // A line that carries information besides widgets (时间：… 来源：… 打印):
  // drop only the widget words.
  std::string out(paragraph);
  for (const char* w : {"扫一扫在手机打开当前页面", "扫一扫在手机打开当前页", "【打印本页】", "打印本页", "【打印】",
                        "【关闭窗口】", "关闭窗口", "【关闭】", "【字体：大 中 小】", "【字体：大中小】", "分享到：",
                        "分享到"}) {
    out = text::ReplaceAll(out, w, "");
  }
  return text::CollapseWhitespace(out);
}

bool IsNavigationLine(std::string_view paragraph) {
  const std::string compact = text::RemoveSpaces(paragraph);
  if (text::Length(compact) > 120) return false;
  for (const char* m : {"当前位置", "您现在的位置", "您的位置", "你的位置", "现在的位置", "所在位置"}) {
    if (compact.starts_with(m)) return true;
  }
  // Breadcrumbs: "首页 > 政府信息公开 > …", "首页 政府信息公开 标题".
  if (compact == "首页" || compact == "返回首页") return true;
  const std::string collapsed = text::CollapseWhitespace(paragraph);
  if ((collapsed.starts_with("首页 ") || collapsed.starts_with("首页>") || collapsed.starts_with("首页 >") ||
       collapsed.starts_with("首页»") || collapsed.starts_with("首页 »")) && text::Length(compact) <= 80) {
    return true;
  }
  for (const char* m : {"（责任编辑", "(责任编辑", "责任编辑：", "责任编辑:", "【责任编辑"}) {
    if (compact.starts_with(m) && text::Length(compact) <= 40) return true;
  }
  for (const char* m : {"上一篇", "下一篇", "上一条", "下一条"}) {
    if (compact.starts_with(m)) return true;
  }
  return false;
}

bool IsRelatedLinksHeading(std::string_view paragraph) {
  const std::string compact = text::RemoveSpaces(paragraph);
  if (text::Length(compact) > 12) return false;
  for (const char* m : {"相关文章", "相关链接", "相关阅读", "相关新闻", "相关信息", "相关文件", "推荐阅读"}) {
    if (text::Contains(compact, m)) return true;
  }
  return false;
}

bool LooksLikeSectionHeading(std::string_view paragraph) {
  const std::u32string u = text::Decode(text::CollapseWhitespace(paragraph));
  if (u.size() < 3 || u.size() > 40) return false;
  size_t i = 0;
  while (i < u.size() && std::u32string_view(U"一二三四五六七八九十").find(u[i]) != std::u32string_view::npos) ++i;
  if (i == 0 || i > 3 || i >= u.size() || (u[i] != U'、' && u[i] != U'.' && u[i] != U'．')) return false;
  for (char32_t c : u) {
    if (c == U'。' || c == U'；' || c == U'，') return false;
  }
  return true;
}

Status BuildFromHtml(std::string_view html, std::string_view url, int max_depth, CleanPage* page,
                     std::vector<std::string>* hidden_spam_sources) {
  auto too_deep = [&](int depth) {
    return Status::LimitExceeded("too_deep", "page '" + std::string(url) + "' nests elements " +
                                                 std::to_string(depth) + " deep (limit " +
                                                 std::to_string(max_depth) + ")");
  };
  // The parser's time grows with the square of the depth: refuse before it.
  if (const int estimate = EstimatedNestingDepth(html, max_depth); estimate > max_depth) return too_deep(estimate);
  GumboOutputPtr output(gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size()));
  if (!output) return Status::Ok();
  if (const int depth = TreeDepth(output->root, max_depth); depth > max_depth) return too_deep(depth);
  HtmlCleaner cleaner(*output, url, page, hidden_spam_sources);
  cleaner.Run();
  return Status::Ok();
}

std::string HostOfUrl(std::string_view url) {
  UrlParts parts;
  if (!SplitUrl(url, &parts).ok()) return "";
  return parts.host;
}

}  // namespace govharvest::clean_internal
