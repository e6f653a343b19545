// Column probe: what the walker sees on one column page, for `govharvest
// columns`. The page is read from a file or fetched once (robots.txt obeyed,
// up to 5 redirects, nothing archived) and walked as a crawl would walk it,
// with the site's cms, hints and years when a site is given. With `render`,
// the URL is also rendered in headless Chromium (render/page_renderer.h),
// every request of the browser through the crawler's rules
// (crawler/browser_fetch.h, nothing archived), its pager clicked, and every
// rendered state walked too.
#ifndef GOVHARVEST_CRAWLER_COLUMN_PROBE_H_
#define GOVHARVEST_CRAWLER_COLUMN_PROBE_H_

#include <string>

#include "config/config.h"
#include "crawler/browser_fetch.h"
#include "crawler/column_walker.h"
#include "store/status.h"

namespace govharvest {

struct ColumnProbeOptions {
  std::string target;    // http(s) URL, or a file path
  std::string base_url;  // a file's URL (links resolve against it); default file://<absolute path>
  const Config* config = nullptr;     // user agent, proxy, timeouts
  const SiteConfig* site = nullptr;   // cms, hints; null = cms auto, no hints
  ColumnWalkSettings settings;        // years
  bool render = false;                // also render the URL (not a file) in Chromium
  ChromiumOptions chromium;
};

struct ColumnProbe {
  std::string url;             // the page's URL (final, after redirects)
  int http_status = 0;         // 0 for a file
  std::string problem;         // "" or why the page is no list: challenge, soft 404, login wall, empty
  ListOutcome outcome;         // the walker's reading (with `render`: of the page and of every rendered state)
  // With `render`: the rendered states and every request the browser made.
  bool rendered = false;
  RenderResult render;
  std::vector<BrowserFetchRules::Logged> browser_requests;
};

// Fails with NotFound / IoError naming the file or URL, InvalidArgument for
// a target that is neither, Unsupported when robots.txt disallows it.
Status ProbeColumn(const ColumnProbeOptions& options, ColumnProbe* out);

}  // namespace govharvest

#endif  // GOVHARVEST_CRAWLER_COLUMN_PROBE_H_
