#include "crawler/column_probe.h"

#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "crawler/ascii.h"
#include "crawler/crawler.h"
#include "crawler/encoding.h"
#include "crawler/http_fetcher.h"
#include "crawler/robots.h"
#include "crawler/url.h"
#include "render/page_renderer.h"

namespace govharvest {

Status ProbeColumn(const ColumnProbeOptions& options, ColumnProbe* out) {
  *out = ColumnProbe{};
  std::string text;
  const std::string& target = options.target;
  if (target.rfind("http://", 0) == 0 || target.rfind("https://", 0) == 0) {
    std::string url;
    GOVHARVEST_RETURN_IF_ERROR(CanonicalizeUrl(target, &url));
    UrlParts parts;
    GOVHARVEST_RETURN_IF_ERROR(SplitUrl(url, &parts));
    const Config config = options.config != nullptr ? *options.config : DefaultConfig();
    const std::string& agent = config.user_agent;
    std::string robots_origin;
    RobotsRules rules = RobotsRules::AllowAll();
    HttpResponse page;
    for (int hop = 0; hop <= 5; ++hop) {
      if (OriginOf(parts) != robots_origin) {  // robots.txt of each origin the redirects reach
        robots_origin = OriginOf(parts);
        HttpResponse robots = FetchBlocking(ConfiguredRequest(config, robots_origin + "/robots.txt"));
        rules = robots.error_kind.empty() ? RobotsRules::ForFetch(robots.status, robots.body, agent)
                                          : RobotsRules::AllowAll();
      }
      if (!rules.IsAllowed(parts.path_and_query)) {
        return Status::Unsupported("robots.txt of " + robots_origin + " disallows " + url);
      }
      page = FetchBlocking(ConfiguredRequest(config, url));
      if (!page.error_kind.empty()) return Status::IoError(url + ": " + page.error_kind + " " + page.error_detail);
      const std::string location = FindHeader(page.headers, "Location");
      if (page.status < 300 || page.status >= 400 || location.empty()) break;
      std::string next;
      GOVHARVEST_RETURN_IF_ERROR(ResolveUrl(url, location, &next));
      url = next;
      GOVHARVEST_RETURN_IF_ERROR(SplitUrl(url, &parts));
    }
    out->url = url;
    out->http_status = page.status;
    if (std::string vendor = DetectChallenge(page.status, page.body); !vendor.empty()) {
      out->problem = "anti-bot challenge page (" + vendor + ")";
    } else if (page.status >= 400) {
      out->problem = "HTTP " + std::to_string(page.status);
    }
    text = DecodePage(page.body, FindHeader(page.headers, "Content-Type")).text;
  } else {
    std::ifstream in(target, std::ios::binary);
    if (!in) return Status::NotFound("cannot read '" + target + "'");
    std::stringstream bytes;
    bytes << in.rdbuf();
    text = DecodePage(bytes.str(), "").text;
    std::string url = options.base_url;
    if (url.empty()) url = "file://" + std::filesystem::absolute(target).lexically_normal().string();
    out->url = url;
  }
  if (out->problem.empty()) out->problem = ListPageProblem(text);

  FetchedListPage page;
  page.url = out->url;
  page.text = text;
  SiteHints hints;
  if (options.site != nullptr) {
    page.family_hint = CmsFamilyFromName(options.site->cms);
    if (!options.site->list_pattern.empty()) hints.list.emplace(options.site->list_pattern);
    if (!options.site->detail_pattern.empty()) hints.detail.emplace(options.site->detail_pattern);
    if (!options.site->next_pattern.empty()) hints.next.emplace(options.site->next_pattern);
    page.hints = &hints;
  }
  ColumnWalkContext context;
  context.in_scope = [](const std::string&) { return true; };
  context.url_state = [](const std::string&, UrlState*) { return false; };
  out->outcome = WalkListPage(page, options.settings, context);
  if (!options.render) return Status::Ok();
  if (options.config == nullptr || out->url.rfind("http", 0) != 0) {
    return Status::InvalidArgument("--render needs an http(s) URL, not a file");
  }
  // The browser stays in the page's registrable domain, like `crawl --scope domain`.
  UrlParts page_parts;
  GOVHARVEST_RETURN_IF_ERROR(SplitUrl(out->url, &page_parts));
  const std::string domain = RegistrableDomain(page_parts.host);
  BrowserFetchSettings fetch_settings;
  fetch_settings.config = options.config;
  fetch_settings.in_scope = [domain](const std::string& url) {
    UrlParts p;
    return SplitUrl(url, &p).ok() && RegistrableDomain(p.host) == domain;
  };
  BrowserFetchRules rules(std::move(fetch_settings));
  PageRenderOptions render_options;
  render_options.keep_paging = [&](const std::string& dom) {
    return KeepPagingRendered(out->url, dom, options.settings);
  };
  PageRenderer renderer(options.chromium);
  GOVHARVEST_RETURN_IF_ERROR(
      renderer.Render(out->url, render_options, [&rules](const BrowserRequest& r) { return rules(r); }, &out->render));
  out->rendered = true;
  out->browser_requests = rules.log();
  // Every rendered state is a list page of the column.
  WalkRenderedStates(out->render.states, page, options.settings, context, &out->outcome);
  return Status::Ok();
}

}  // namespace govharvest
