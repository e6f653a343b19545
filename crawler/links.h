// Links found in an HTML page, for the crawler.
#ifndef GOVHARVEST_CRAWLER_LINKS_H_
#define GOVHARVEST_CRAWLER_LINKS_H_

#include <string>
#include <string_view>
#include <vector>

namespace govharvest {

struct PageLink {
  std::string url;   // absolute, canonical (crawler/url.h)
  std::string text;  // anchor text, whitespace collapsed; "" for non-anchors
  std::string kind;  // "a" | "area" | "frame" | "iframe" | "meta_refresh" | "script_location"
  std::string title;  // the element's title attribute (lists put full titles there)
  size_t end_offset = 0;  // byte offset in the page just past the element (past </a> for anchors)
};

// Scans UTF-8 HTML (a streaming tag scanner, not a DOM) and returns its links in document order,
// resolved against <base href> if present, else `page_url`; duplicates (same
// url and kind) removed, keeping the first. Skips javascript:, mailto:, tel:,
// data: and fragments-only links. Also finds <meta http-equiv=refresh
// content="0;url=...">, and in inline scripts location.href = '...',
// location.replace('...'), window.location = '...' with literal URLs.
std::vector<PageLink> ExtractLinks(std::string_view html, std::string_view page_url);

}  // namespace govharvest

#endif  // GOVHARVEST_CRAWLER_LINKS_H_
