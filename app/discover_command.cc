#include "app/discover_command.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/exit_codes.h"
#include "config/discovered_sites.h"
#include "discover/discover.h"
#include "store/archive.h"

namespace govharvest {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string Today() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[16];
  std::strftime(buf, sizeof(buf), "%Y-%m-%d", &tm);
  return buf;
}

json Notes(const std::vector<DiscoveryNote>& notes) {
  json out = json::array();
  for (const DiscoveryNote& n : notes) {
    out.push_back({{"kind", n.kind}, {"url", n.url}, {"body", n.body}, {"detail", n.detail}});
  }
  return out;
}

json Changes(const std::vector<SiteChange>& changes) {
  json out = json::array();
  for (const SiteChange& c : changes) out.push_back(c.name);
  return out;
}

// Writes `text` to `path` through a temporary file beside it, renamed over
// it: a reader sees the old file or the new one, never a part.
Status WriteAtomically(const std::string& path, const std::string& text) {
  const fs::path dest(path);
  const fs::path tmp = dest.parent_path() / ("." + dest.filename().string() + ".tmp-" + std::to_string(::getpid()));
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) {
      std::error_code ignored;
      fs::remove(tmp, ignored);
      return Status::IoError("cannot write '" + tmp.string() + "'");
    }
  }
  std::error_code ec;
  fs::rename(tmp, dest, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return Status::IoError("cannot replace '" + path + "': " + ec.message());
  }
  return Status::Ok();
}

}  // namespace

int RunDiscover(const GlobalOptions& g, const DiscoverArgs& args) {
  DiscoverOptions options;
  options.start_urls = args.urls;
  options.scope = args.scope == "host" ? ScopeMode::kHost : ScopeMode::kDomain;
  options.max_pages = args.max_pages;
  options.config = *g.config;
  if (args.min_delay_ms >= 0) {
    options.config.politeness.min_delay_ms = args.min_delay_ms;
    options.config.politeness.max_delay_ms = std::max(options.config.politeness.max_delay_ms, args.min_delay_ms);
  }
  // The existing file first: a malformed one is a usage error before any fetch.
  std::string existing;
  const bool merge = fs::exists(args.out);
  if (merge) {
    std::ifstream in(args.out, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) return Fail(Status::InvalidArgument("cannot read '" + args.out + "'"));
    existing = text.str();
    Config parsed;
    if (Status s = ParseConfig(existing, args.out, &parsed); !s.ok()) return Fail(Status::InvalidArgument(s.message()));
  }

  ArchiveOptions archive_options;
  archive_options.create_if_missing = true;
  std::unique_ptr<Archive> archive;
  if (Status s = Archive::Open(g.archive_dir, archive_options, &archive); !s.ok()) return Fail(s);
  DiscoverRun run;
  if (Status s = RunDiscovery(*archive, options, g.logger, &run); !s.ok()) return Fail(s);
  const DiscoveryResult& r = run.result;

  RenderOptions render;
  render.date = Today();
  render.start_urls = args.urls;
  render.existing_file = args.out;
  std::string text;
  DiscoveryChanges changes;
  if (merge) {
    if (Status s = MergeDiscoveredConfig(existing, r.bodies, render, &text, &changes); !s.ok()) return Fail(s);
  } else {
    if (Status s = CheckDiscoveredBodies(r.bodies); !s.ok()) return Fail(s);
    text = RenderDiscoveredConfig(r.bodies, render);
    for (const DiscoveredBody& b : r.bodies) changes.appeared.push_back(SiteChange{b.name, b.agency});
  }
  // An interrupted walk found less than there is: it never turns sites into vanished ones.
  const bool write = !r.bodies.empty() && (run.complete || !merge);
  if (write) {
    if (Status s = WriteAtomically(args.out, text); !s.ok()) return Fail(s);
  }

  json summary{{"out", write ? args.out : ""},
               {"columns", r.bodies.size()},
               {"bodies_found", r.bodies_found},
               {"no_column", r.no_column.size()},
               {"candidates_rejected", r.candidates_rejected.size()},
               {"failed_pages", r.failed_pages.size()},
               {"empty_directories", r.empty_directories.size()},
               {"other_gov_sites", r.other_gov_sites.size()},
               {"pages", run.pages},
               {"rounds", run.rounds},
               {"elapsed_s", run.elapsed_ms / 1000.0},
               {"complete", run.complete},
               {"stopped_because", run.stopped_because},
               {"appeared", Changes(changes.appeared)},
               {"vanished", Changes(changes.vanished)},
               {"updated", Changes(changes.updated)},
               {"kept_pinned", Changes(changes.kept_pinned)}};
  std::cout << summary.dump() << "\n";
  std::cout.flush();
  if (!args.report_json.empty()) {
    json report = summary;
    json bodies = json::array();
    for (const DiscoveredBody& b : r.bodies) {
      json entries = json::array();
      for (const DiscoveredEntry& e : b.entries) entries.push_back({{"url", e.url}, {"evidence", e.evidence}});
      bodies.push_back({{"name", b.name},
                        {"agency", b.agency},
                        {"agency_evidence", b.agency_evidence},
                        {"level", b.level},
                        {"division_code", b.division_code},
                        {"division_code_evidence", b.division_code_evidence},
                        {"cms", b.cms},
                        {"entries", entries}});
    }
    report["bodies"] = bodies;
    report["no_column"] = Notes(r.no_column);
    report["candidates_rejected"] = Notes(r.candidates_rejected);
    report["failed_pages"] = Notes(r.failed_pages);
    report["empty_directories"] = Notes(r.empty_directories);
    report["other_gov_sites"] = r.other_gov_sites;
    report["requests_by_role"] = r.requests_by_role;
    report["job_ids"] = run.job_ids;
    if (Status s = WriteAtomically(args.report_json, report.dump(2) + "\n"); !s.ok()) return Fail(s);
  }
  // What was not found, said where a reader of the log sees it.
  for (const DiscoveryNote& n : r.no_column) g.logger->warn("no column: {} {}: {}", n.body, n.url, n.detail);
  for (const DiscoveryNote& n : r.empty_directories) g.logger->warn("empty directory {}: {}", n.url, n.detail);
  for (const DiscoveryNote& n : r.failed_pages) g.logger->warn("page failed: {}: {}", n.url, n.detail);
  for (const DiscoveryNote& n : r.candidates_rejected) {
    g.logger->info("column candidate {} ({}): {} {}", n.url, n.body, n.kind, n.detail);
  }
  if (!run.complete) g.logger->warn("discovery stopped: {}", run.stopped_because);
  if (r.bodies.empty()) {
    g.logger->error("no annual-report column found from {} start URL(s); {} not written", args.urls.size(), args.out);
    return kExitFailure;
  }
  if (!write) {
    g.logger->error("{} not updated: a walk cut short never changes an existing file; run it again without the "
                    "limit or the signal",
                    args.out);
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace govharvest
