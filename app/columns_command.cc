#include "app/columns_command.h"

#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/exit_codes.h"
#include "crawler/column_probe.h"
#include "store/timestamp.h"

namespace govharvest {

namespace {

const char* KindName(ListLink::Kind kind) {
  switch (kind) {
    case ListLink::Kind::kReport: return "report";
    case ListLink::Kind::kKnownReport: return "report";
    case ListLink::Kind::kSubcolumn: return "list";
    case ListLink::Kind::kNextPage: return "next";
    case ListLink::Kind::kOutOfScope: return "rejected";
  }
  return "";
}

}  // namespace

int RunColumns(const GlobalOptions& g, const ColumnsArgs& args) {
  ColumnProbeOptions options;
  options.target = args.target;
  options.base_url = args.url;
  options.config = g.config;
  if (!args.site.empty()) {
    options.site = g.config->FindSite(args.site);
    if (options.site == nullptr) {
      std::fprintf(stderr, "govharvest: error: no site '%s' in %s\n", args.site.c_str(),
                   g.config->source.empty() ? "the config" : g.config->source.c_str());
      return kExitUsage;
    }
  }
  if (!args.years.empty()) {
    if (Status s = ParseYearRange(args.years, &options.settings.year_from, &options.settings.year_to); !s.ok()) {
      return Fail(s);
    }
  }
  options.render = args.render;
  ColumnProbe probe;
  if (Status s = ProbeColumn(options, &probe); !s.ok()) return Fail(s);
  const ListOutcome& out = probe.outcome;
  int candidates = 0;
  for (const ListLink& l : out.links) candidates += l.kind == ListLink::Kind::kReport;

  if (args.json) {
    nlohmann::json links = nlohmann::json::array();
    for (const ListLink& l : out.links) {
      nlohmann::json j = {{"kind", KindName(l.kind)}, {"url", l.url}, {"why", l.why}};
      if (!l.title.empty()) j["title"] = l.title;
      if (l.year != 0) j["year"] = l.year;
      if (l.verify) j["verify"] = true;
      if (l.guessed) j["guessed"] = true;
      if (!l.form.empty()) j["post"] = l.form;
      links.push_back(std::move(j));
    }
    nlohmann::json j = {{"url", probe.url},
                        {"cms", std::string(CmsFamilyName(out.family))},
                        {"pager", out.pager_evidence},
                        {"total_pages", out.total_pages},
                        {"stopped", out.stop_reason},
                        {"problem", probe.problem},
                        {"links", std::move(links)}};
    if (probe.http_status != 0) j["http_status"] = probe.http_status;
    if (probe.rendered) {
      nlohmann::json states = nlohmann::json::array(), requests = nlohmann::json::array();
      for (const RenderedState& st : probe.render.states) states.push_back({{"url", st.url}, {"action", st.action}});
      for (const auto& r : probe.browser_requests) {
        requests.push_back({{"method", r.method}, {"url", r.url}, {"status", r.status}, {"outcome", r.outcome}});
      }
      j["render"] = {{"states", states}, {"requests", requests}, {"stopped", probe.render.stopped_because}};
    }
    std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    std::printf("page    %s%s\n", probe.url.c_str(),
                probe.http_status ? (" (HTTP " + std::to_string(probe.http_status) + ")").c_str() : "");
    std::printf("cms     %s\n", std::string(CmsFamilyName(out.family)).c_str());
    if (!probe.problem.empty()) std::printf("problem %s\n", probe.problem.c_str());
    std::printf("pager   %s%s\n", out.pager_evidence.empty() ? "(no further pages found)" : out.pager_evidence.c_str(),
                out.total_pages ? (" — " + std::to_string(out.total_pages) + " pages").c_str() : "");
    if (!out.stop_reason.empty()) std::printf("stop    %s\n", out.stop_reason.c_str());
    for (const ListLink& l : out.links) {
      std::string label = KindName(l.kind);
      if (l.kind == ListLink::Kind::kReport && l.verify) label = "verify";
      if (l.kind == ListLink::Kind::kNextPage && l.guessed) label = "guess";
      std::printf("%-8s %s%s%s\n         %s%s\n", label.c_str(), l.year ? (std::to_string(l.year) + " ").c_str() : "",
                  l.title.empty() ? "" : (l.title + " ").c_str(), l.url.c_str(), l.why.c_str(),
                  l.form.empty() ? "" : (" [POST " + l.form.substr(0, 120) + "]").c_str());
    }
    if (probe.rendered) {
      std::printf("\nrendered in Chromium: %zu state(s), %zu request(s) through the crawler's rules; %s\n",
                  probe.render.states.size(), probe.browser_requests.size(), probe.render.stopped_because.c_str());
      for (const RenderedState& st : probe.render.states) std::printf("state    %s  (%s)\n", st.url.c_str(), st.action.c_str());
      for (const auto& r : probe.browser_requests) {
        std::printf("request  %s %s -> %s%s\n", r.method.c_str(), r.url.c_str(),
                    r.status ? (std::to_string(r.status) + " ").c_str() : "", r.outcome.c_str());
      }
    }
    std::printf("\n%d report(s) to fetch (verify: the page's own title decides)\n", candidates);
  }
  return candidates > 0 && probe.problem.empty() ? 0 : kExitFailure;
}

}  // namespace govharvest
