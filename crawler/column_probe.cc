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

namespace govharvest {

namespace {

HttpResponse FetchOnce(const Config* config, const std::string& url) {
  boost::asio::io_context io;
  HttpFetcher fetcher(io);
  HttpRequest request;
  request.url = url;
  if (config != nullptr) {
    request.user_agent = config->user_agent;
    request.proxy = config->proxy;
    request.connect_timeout_ms = config->limits.connect_timeout_ms;
    request.total_timeout_ms = config->limits.total_timeout_ms;
  }
  HttpResponse response;
  fetcher.Fetch(std::move(request), [&](HttpResponse r) { response = std::move(r); });
  io.run();
  return response;
}

std::string HeaderOf(const HttpResponse& r, std::string_view name) {
  for (const auto& h : r.headers) {
    if (ascii::EqualsNoCase(h.name, name)) return h.value;
  }
  return "";
}

}  // namespace

Status ProbeColumn(const ColumnProbeOptions& options, ColumnProbe* out) {
  *out = ColumnProbe{};
  std::string text;
  const std::string& target = options.target;
  if (target.rfind("http://", 0) == 0 || target.rfind("https://", 0) == 0) {
    std::string url;
    GOVHARVEST_RETURN_IF_ERROR(CanonicalizeUrl(target, &url));
    UrlParts parts;
    GOVHARVEST_RETURN_IF_ERROR(SplitUrl(url, &parts));
    const std::string agent = options.config ? options.config->user_agent : "govharvest";
    std::string robots_origin;
    RobotsRules rules = RobotsRules::AllowAll();
    HttpResponse page;
    for (int hop = 0; hop <= 5; ++hop) {
      if (OriginOf(parts) != robots_origin) {  // robots.txt of each origin the redirects reach
        robots_origin = OriginOf(parts);
        HttpResponse robots = FetchOnce(options.config, robots_origin + "/robots.txt");
        rules = robots.error_kind.empty() ? RobotsRules::ForFetch(robots.status, robots.body, agent)
                                          : RobotsRules::AllowAll();
      }
      if (!rules.IsAllowed(parts.path_and_query)) {
        return Status::Unsupported("robots.txt of " + robots_origin + " disallows " + url);
      }
      page = FetchOnce(options.config, url);
      if (!page.error_kind.empty()) return Status::IoError(url + ": " + page.error_kind + " " + page.error_detail);
      const std::string location = HeaderOf(page, "Location");
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
    text = DecodePage(page.body, HeaderOf(page, "Content-Type")).text;
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
  return Status::Ok();
}

}  // namespace govharvest
