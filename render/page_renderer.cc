// Rendering a column page: one tab, every request intercepted, the pager clicked.

#include "render/page_renderer.h"

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>

#include "render/cdp_connection.h"

namespace govharvest {

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

std::string Base64(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const uint32_t n = (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8) | uint8_t(bytes[i + 2]);
    out += kAlphabet[n >> 18];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  if (i + 1 == bytes.size()) {
    const uint32_t n = uint8_t(bytes[i]) << 16;
    out += kAlphabet[n >> 18];
    out += kAlphabet[(n >> 12) & 63];
    out += "==";
  } else if (i + 2 == bytes.size()) {
    const uint32_t n = (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8);
    out += kAlphabet[n >> 18];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += '=';
  }
  return out;
}

bool Unneeded(const std::string& resource_type, const std::string& url) {
  const std::string path = url.substr(0, url.find_first_of("?#"));
  if (path.size() >= 12 && path.compare(path.size() - 12, 12, "/favicon.ico") == 0) return true;
  return resource_type == "Image" || resource_type == "Media" || resource_type == "Font" ||
         resource_type == "Stylesheet" || resource_type == "Ping" || resource_type == "Manifest" ||
         resource_type == "CSPViolationReport" || resource_type == "TextTrack";
}

// Clicks the page's pager forward: the first visible, enabled element whose
// own text is a next-page word (a link, a button, an input, a list item or a
// span a script listens on). Returns what it clicked, or "".
constexpr const char* kClickNext = R"js((function () {
  var words = ['下一页', '下页', '后一页', '下一页>', '下一页 >', '>', '›', '»', 'next', 'Next', '>>'];
  var nodes = document.querySelectorAll('a, button, input[type=button], input[type=submit], li, span');
  for (var i = 0; i < nodes.length; i++) {
    var n = nodes[i];
    var text = (n.tagName === 'INPUT' ? n.value : n.textContent || '').replace(/\s+/g, ' ').trim();
    if (words.indexOf(text) < 0) continue;
    if (n.closest('[disabled], [aria-disabled=true], .disabled, .is-disabled, .layui-disabled, .no-more')) continue;
    if (n.offsetParent === null && n.tagName !== 'BODY') continue;
    var href = n.getAttribute('href') || '';
    if (href === '' && n.tagName === 'A' && !n.onclick) continue;
    n.click();
    return n.tagName.toLowerCase() + ' ' + text + (href ? ' ' + href : '');
  }
  return '';
})())js";

}  // namespace

PageRenderer::PageRenderer(ChromiumOptions options, int max_tabs)
    : max_tabs_(std::max(1, max_tabs)), chromium_(std::move(options)) {}

PageRenderer::~PageRenderer() {
  std::lock_guard<std::mutex> lock(mu_);
  cdp_.reset();
  chromium_.Stop();
}

int PageRenderer::browser_pid() const { return chromium_.pid(); }

Status PageRenderer::Browser(bool restart, std::shared_ptr<CdpConnection>* cdp) {
  std::lock_guard<std::mutex> lock(mu_);
  if (restart || !chromium_.Running() || !cdp_ || !cdp_->connected()) {
    cdp_.reset();
    chromium_.Stop();
    GOVHARVEST_RETURN_IF_ERROR(chromium_.Start());
    auto fresh = std::make_shared<CdpConnection>();
    GOVHARVEST_RETURN_IF_ERROR(fresh->Connect(chromium_.WebSocketUrl()));
    cdp_ = std::move(fresh);
  }
  *cdp = cdp_;
  return Status::Ok();
}

Status PageRenderer::Render(const std::string& url, const PageRenderOptions& options, const BrowserFetch& fetch,
                            RenderResult* result) {
  *result = RenderResult();
  // A tab of the pool, held until this render ends.
  {
    std::unique_lock<std::mutex> lock(mu_);
    tab_freed_.wait(lock, [&] { return tabs_open_ < max_tabs_; });
    ++tabs_open_;
  }
  struct ReleaseTab {
    PageRenderer* renderer;
    ~ReleaseTab() {
      {
        std::lock_guard<std::mutex> lock(renderer->mu_);
        --renderer->tabs_open_;
      }
      renderer->tab_freed_.notify_one();
    }
  } release_tab{this};
  std::shared_ptr<CdpConnection> connection;
  GOVHARVEST_RETURN_IF_ERROR(Browser(false, &connection));
  json answer;
  if (Status s = connection->Call("Target.createTarget", {{"url", "about:blank"}}, "", &answer); !s.ok()) {
    // A browser that died since the last render (its death not yet seen):
    // started again, once.
    if (connection->connected()) return s;
    GOVHARVEST_RETURN_IF_ERROR(Browser(true, &connection));
    GOVHARVEST_RETURN_IF_ERROR(connection->Call("Target.createTarget", {{"url", "about:blank"}}, "", &answer));
  }
  CdpConnection& cdp = *connection;
  const std::string target = answer.value("targetId", "");
  GOVHARVEST_RETURN_IF_ERROR(cdp.Call("Target.attachToTarget", {{"targetId", target}, {"flatten", true}}, "", &answer));
  const std::string session = answer.value("sessionId", "");
  struct CloseTab {
    CdpConnection& cdp;
    std::string target, session;
    ~CloseTab() {
      // A failed close only means the browser is gone; the next Render starts another.
      if (cdp.connected()) static_cast<void>(cdp.Send("Target.closeTarget", {{"targetId", target}}, ""));
      cdp.DropSession(session);
    }
  } close_tab{cdp, target, session};
  GOVHARVEST_RETURN_IF_ERROR(cdp.Call(
      "Fetch.enable", {{"patterns", json::array({{{"urlPattern", "*"}, {"requestStage", "Request"}}})}}, session, nullptr));
  GOVHARVEST_RETURN_IF_ERROR(cdp.Call("Page.enable", json::object(), session, nullptr));

  // Answers intercepted requests until the page has settled: `loaded` (or
  // no load event expected) and no request for quiet_ms. False on timeout.
  auto settle = [&](bool expect_load) -> Status {
    bool loaded = !expect_load;
    const auto deadline = Clock::now() + std::chrono::milliseconds(options.page_timeout_ms);
    auto last_activity = Clock::now();
    while (Clock::now() < deadline) {
      std::optional<json> event = cdp.NextEvent(session, std::chrono::milliseconds(50));
      if (!cdp.connected()) return Status::IoError("the browser's DevTools connection broke while rendering " + url);
      if (!event) {
        if (loaded && Clock::now() - last_activity >= std::chrono::milliseconds(options.quiet_ms)) return Status::Ok();
        continue;
      }
      const std::string method = event->value("method", "");
      if (method == "Page.loadEventFired") {
        loaded = true;
        last_activity = Clock::now();
      } else if (method == "Fetch.requestPaused") {
        const json& p = (*event)["params"];
        const json& r = p["request"];
        BrowserRequest request;
        request.url = r.value("url", "");
        request.method = r.value("method", "GET");
        request.post_data = r.value("postData", "");
        request.resource_type = p.value("resourceType", "");
        if (r.contains("headers") && r["headers"].is_object()) {
          for (const auto& [name, value] : r["headers"].items()) {
            if (value.is_string()) request.headers.push_back(HttpHeader{name, value.get<std::string>()});
          }
        }
        result->requests += 1;
        BrowserResponse response;
        if (Unneeded(request.resource_type, request.url)) {
          response.refused = true;
          response.refusal = "a " + request.resource_type + " is not needed to read a list";
        } else {
          response = fetch(request);
        }
        const std::string id = p.value("requestId", "");
        if (response.refused) {
          result->refused += 1;
          result->refusals.push_back(request.url + ": " + response.refusal);
          GOVHARVEST_RETURN_IF_ERROR(
              cdp.Send("Fetch.failRequest", {{"requestId", id}, {"errorReason", "BlockedByClient"}}, session));
        } else {
          json headers = json::array();
          for (const HttpHeader& h : response.headers) {
            std::string lower = h.name;
            for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            // The body is handed over decoded and whole.
            if (lower == "content-encoding" || lower == "content-length" || lower == "transfer-encoding") continue;
            headers.push_back({{"name", h.name}, {"value", h.value}});
          }
          GOVHARVEST_RETURN_IF_ERROR(cdp.Send("Fetch.fulfillRequest",
                                              {{"requestId", id},
                                               {"responseCode", response.status > 0 ? response.status : 200},
                                               {"responseHeaders", headers},
                                               {"body", Base64(response.body)}},
                                              session));
        }
        last_activity = Clock::now();
      }
    }
    return Status::IoError("the page did not settle within " + std::to_string(options.page_timeout_ms) + " ms");
  };
  auto read_state = [&](const std::string& action) -> Status {
    json evaluated;
    GOVHARVEST_RETURN_IF_ERROR(cdp.Call(
        "Runtime.evaluate",
        {{"expression", "JSON.stringify([location.href, document.documentElement.outerHTML])"}, {"returnByValue", true}},
        session, &evaluated));
    const json pair = json::parse(evaluated["result"].value("value", std::string("[]")), nullptr, false);
    if (!pair.is_array() || pair.size() != 2) return Status::IoError("could not read the DOM of " + url);
    result->states.push_back(RenderedState{pair[0].get<std::string>(), pair[1].get<std::string>(), action});
    return Status::Ok();
  };

  // Sent, not called: the navigation answers only once its document
  // request, paused for interception, has been answered by settle().
  GOVHARVEST_RETURN_IF_ERROR(cdp.Send("Page.navigate", {{"url", url}}, session));
  if (Status s = settle(true); !s.ok()) {
    result->stopped_because = s.message();
    if (!cdp.connected()) return s;
  }
  GOVHARVEST_RETURN_IF_ERROR(read_state("load"));
  for (int click = 0; click < options.max_clicks; ++click) {
    if (options.keep_paging && !options.keep_paging(result->states.back().dom)) {
      result->stopped_because = "the list's dates fall before the years asked for";
      return Status::Ok();
    }
    json clicked;
    GOVHARVEST_RETURN_IF_ERROR(
        cdp.Call("Runtime.evaluate", {{"expression", kClickNext}, {"returnByValue", true}}, session, &clicked));
    const std::string action = clicked["result"].value("value", std::string());
    if (action.empty()) {
      result->stopped_because = "no pager left to click";
      return Status::Ok();
    }
    if (Status s = settle(false); !s.ok()) {
      result->stopped_because = s.message();
      return cdp.connected() ? Status::Ok() : s;
    }
    const std::string before = result->states.back().dom;
    GOVHARVEST_RETURN_IF_ERROR(read_state(action));
    if (result->states.back().dom == before) {
      result->states.pop_back();
      result->stopped_because = "the page did not change after " + action;
      return Status::Ok();
    }
  }
  result->stopped_because = "max_clicks " + std::to_string(options.max_clicks) + " reached";
  return Status::Ok();
}

}  // namespace govharvest
