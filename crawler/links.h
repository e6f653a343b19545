// Links found in an HTML page, for the crawler.
#ifndef GOVHARVEST_CRAWLER_LINKS_H_
#define GOVHARVEST_CRAWLER_LINKS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace govharvest {

struct PageLink {
  std::string url;   // absolute, canonical (crawler/url.h)
  std::string text;  // anchor text, whitespace collapsed; "" for non-anchors
  // "a" | "area" | "frame" | "iframe" | "meta_refresh" | "script_location";
  // candidate scans also "onclick" | "option" | "data".
  std::string kind;
  std::string title;  // the element's title attribute (lists put full titles there)
  size_t end_offset = 0;  // byte offset in the page just past the element (past </a> for anchors)
  size_t start_offset = 0;  // byte offset of the element's start tag
  // Candidate scans: the onclick / javascript: code of a scripted link. A
  // scripted link whose URL cannot be read (a postback, goPage(2)) is kept
  // with an empty url, for the pager.
  std::string script;
};

// Scans UTF-8 HTML (a streaming tag scanner, not a DOM) and returns its links in document order,
// resolved against <base href> if present, else `page_url`; duplicates (same
// url and kind) removed, keeping the first. Skips javascript:, mailto:, tel:,
// data: and fragments-only links. Also finds <meta http-equiv=refresh
// content="0;url=...">, and in inline scripts location.href = '...',
// location.replace('...'), window.location = '...' with literal URLs.
std::vector<PageLink> ExtractLinks(std::string_view html, std::string_view page_url);

// ExtractLinks for list pages: also what a reader clicks on that has no plain
// href. onclick handlers give their literal URL (window.open('u'),
// location.href='u', custom('u')) or, for a call of the page's own function
// with literal arguments (openDoc('123')), the URL that function's body
// concatenates from its parameters; <option value="u"> and data-url,
// data-href, data-link, data-path attributes give theirs. The text of such an
// element, up to its end tag, is its text; an <img alt> inside a link adds to
// it. Repeated URLs are kept (a pager links one page as "3" and as 下一页).
// The page's inline scripts are returned in `scripts` when not null.
std::vector<PageLink> ExtractCandidateLinks(std::string_view html, std::string_view page_url,
                                            std::vector<std::string_view>* scripts);

// True for text that reads as a URL or a path: no spaces, and a scheme, a
// leading / ./ ../ ?, a '/' inside or a page or document extension.
bool IsUrlLike(std::string_view text);

// The string literals ('...' or "...", plain escapes only) of a script, in order.
std::vector<std::string> JsStringLiterals(std::string_view js);

// `s` with HTML character references decoded as the link scanner decodes
// anchor text: numeric ones and the named ones that occur in links and
// menus (&amp; &gt; &nbsp; &middot; ...); unknown ones stay as written.
std::string DecodeCharacterReferences(std::string_view s);

// The value of attribute `name` (lower-case) of the start tag `tag`
// ("<img src=a.png alt='x'>"), read as the link scanner reads attributes
// (names case-insensitive, values decoded, the first occurrence wins);
// nullopt when the tag has no such attribute.
std::optional<std::string> StartTagAttribute(std::string_view tag, std::string_view name);

}  // namespace govharvest

#endif  // GOVHARVEST_CRAWLER_LINKS_H_
