// Rendering one column page in headless Chromium (issue 17): the page is
// loaded in a fresh tab whose every request is intercepted (the DevTools
// Fetch domain) and handed to the caller's BrowserFetch, which applies the
// crawler's rules (robots.txt, scope, per-host politeness), fetches it
// itself, archives it, and answers; the browser never reaches the network on
// its own. Once the page has settled (loaded, and no request for quiet_ms),
// its DOM is read; then its pager is clicked (下一页 / 下页 / 后一页 / › /
// next, a link, a button or a hash route), and each settled state read
// again, until no pager is left, the page stops changing, the caller says
// stop (dates before the years asked for) or max_clicks is reached.
//
// Invariants: every request of the page reaches BrowserFetch exactly once
// per time the browser asks, in the order asked; images, fonts, media and
// stylesheets are refused without a fetch (a list needs none); a page whose
// load or click exceeds page_timeout_ms ends the render with what was read.
// A PageRenderer is one browser; up to `max_tabs` renders run at once, each
// in its own tab (further calls wait for a tab). Thread-safe.
#ifndef GOVHARVEST_RENDER_PAGE_RENDERER_H_
#define GOVHARVEST_RENDER_PAGE_RENDERER_H_

#include <condition_variable>
#include <functional>
#include <mutex>
#include <memory>
#include <string>
#include <vector>

#include "render/chromium_process.h"
#include "store/records.h"
#include "store/status.h"

namespace govharvest {

struct BrowserRequest {
  std::string url;
  std::string method;
  std::string post_data;  // "" for none
  std::vector<HttpHeader> headers;
  std::string resource_type;  // the protocol's: "Document", "Script", "XHR", "Fetch", ...
};

struct BrowserResponse {
  bool refused = false;  // not fetched: the browser sees a failed request
  std::string refusal;   // why (robots.txt, out of scope, ...)
  int status = 0;
  std::vector<HttpHeader> headers;
  std::string body;      // decoded (no Content-Encoding)
};

using BrowserFetch = std::function<BrowserResponse(const BrowserRequest&)>;

struct PageRenderOptions {
  int page_timeout_ms = 30000;  // one load or one click, until settled
  int quiet_ms = 500;           // settled: loaded and no request for this long
  int max_clicks = 20;          // pager clicks after the load
  // Called with each state's DOM; false stops the paging (the list's dates
  // fell before the years asked for). Null: page until the end.
  std::function<bool(const std::string& dom)> keep_paging;
};

struct RenderedState {
  std::string url;     // location.href (with its fragment)
  std::string dom;     // document.documentElement.outerHTML
  std::string action;  // "load", or what was clicked ("button 下一页", "link #/list/2")
};

struct RenderResult {
  std::vector<RenderedState> states;  // the load, then one per click that changed the page
  int requests = 0;                   // requests the browser made (fetched or refused)
  int refused = 0;
  std::vector<std::string> refusals;  // "URL: why", in order
  std::string stopped_because;        // why the paging ended
};

class PageRenderer {
 public:
  explicit PageRenderer(ChromiumOptions options, int max_tabs = 2);
  ~PageRenderer();
  PageRenderer(const PageRenderer&) = delete;
  PageRenderer& operator=(const PageRenderer&) = delete;

  // Renders `url`. NotFound when Chromium is not installed; IoError when the
  // browser fails to start or its connection breaks (a crashed browser is
  // started again by the next Render; renders in its other tabs then fail).
  Status Render(const std::string& url, const PageRenderOptions& options, const BrowserFetch& fetch,
                RenderResult* result);

  // The browser's pid, -1 when it does not run (for RSS figures).
  int browser_pid() const;

 private:
  // The connection to a running browser, started (or started again) as needed.
  Status Browser(bool restart, std::shared_ptr<class CdpConnection>* cdp);

  const int max_tabs_;
  std::mutex mu_;  // guards everything below
  std::condition_variable tab_freed_;
  int tabs_open_ = 0;
  ChromiumProcess chromium_;
  std::shared_ptr<class CdpConnection> cdp_;
};

}  // namespace govharvest

#endif  // GOVHARVEST_RENDER_PAGE_RENDERER_H_
