#include "app/export_commands.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/exit_codes.h"
#include "export/warc_import.h"
#include "pipeline/snapshot_driver.h"
#include "store/archive.h"
#include "store/progress.h"

namespace govharvest {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Formats `export` writes; texts only when asked for (--texts or --format texts).
const std::vector<std::string>& kAvailableFormats = kSnapshotFormats;

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

bool Has(const std::vector<std::string>& formats, std::string_view f) {
  return std::find(formats.begin(), formats.end(), f) != formats.end();
}

// The formats asked for, sorted and distinct: --format (and texts with
// --texts), else every available one (texts only with --texts).
std::vector<std::string> FormatsAsked(const ExportArgs& args) {
  std::vector<std::string> formats = args.formats;
  if (formats.empty()) {
    for (const auto& f : kAvailableFormats) {
      if (f != "texts" || args.texts) formats.push_back(f);
    }
  } else if (args.texts) {
    formats.push_back("texts");
  }
  std::sort(formats.begin(), formats.end());
  formats.erase(std::unique(formats.begin(), formats.end()), formats.end());
  return formats;
}

// The snapshot directory --out names, absolute. InvalidArgument when it exists
// and is not a directory, or is not empty and --force is not given.
Status SnapshotDir(const ExportArgs& args, fs::path* dir) {
  std::error_code ec;
  fs::path out = fs::absolute(args.out, ec).lexically_normal();
  if (!out.has_filename()) out = out.parent_path();  // "dir/" -> "dir"
  const bool out_exists = fs::exists(out, ec);
  if (out_exists) {
    if (!fs::is_directory(out, ec)) {
      return Status::InvalidArgument("--out '" + out.string() + "' exists and is not a directory");
    }
    if (!fs::is_empty(out, ec) && !args.force) {
      return Status::InvalidArgument("--out '" + out.string() + "' exists and is not empty; use --force to replace it");
    }
  }
  *dir = std::move(out);
  return Status::Ok();
}

// The export's progress bar: "export [####      ] done/total", filled by permille.
std::string ProgressBarLine(int64_t done, int64_t total) {
  constexpr int64_t kWidth = 30;
  const int64_t filled = done * 1000 / total * kWidth / 1000;
  return "export [" + std::string(filled, '#') + std::string(kWidth - filled, ' ') + "] " + std::to_string(done) + "/" +
         std::to_string(total);
}

}  // namespace

int RunExport(const GlobalOptions& g, const ExportArgs& args) {
  const std::vector<std::string> formats = FormatsAsked(args);
  for (const auto& f : formats) {
    if (Has(kAvailableFormats, f)) continue;
    std::fprintf(stderr, "govharvest: error: unknown --format '%s'; available: %s\n", f.c_str(),
                 Join(kAvailableFormats).c_str());
    return kExitUsage;
  }
  int year_min = 0, year_max = 0;
  if (!args.years.empty()) {
    if (Status s = ParseYearRange(args.years, &year_min, &year_max); !s.ok()) return Fail(s);
  }
  if (args.warc_file_bytes <= 0) return Fail(Status::InvalidArgument("--warc-file-size must be positive"));
  TimestampUs since = 0;
  if (!args.since.empty()) {
    Status s = ParseTimestamp(args.since, &since);
    if (!s.ok()) return Fail(Status::InvalidArgument("--since: " + s.message()));
  }

  fs::path out;
  if (Status s = SnapshotDir(args, &out); !s.ok()) return Fail(s);

  std::unique_ptr<Archive> archive;
  ArchiveOptions options;
  options.read_only = true;
  Status s = Archive::Open(g.archive_dir, options, &archive);
  if (!s.ok()) return Fail(s);

  SnapshotDriverOptions snapshot;
  snapshot.out = out;
  snapshot.formats = formats;
  snapshot.years_text = args.years;
  snapshot.year_min = year_min;
  snapshot.year_max = year_max;
  snapshot.sites = args.sites;
  snapshot.job = args.job;
  snapshot.since_text = args.since;
  snapshot.since = since;
  snapshot.excel = args.excel;
  snapshot.warc_file_bytes = args.warc_file_bytes;
  if (g.config != nullptr) {
    for (const SiteConfig& site : g.config->sites) {
      snapshot.site_info[site.name] = {site.agency, site.level, site.division_code};
    }
  }
  snapshot.archive_name = g.archive_dir;
  // A bar on a terminal, nothing otherwise.
  ProgressReporter::Options bar;
  bar.terminal = ProgressReporter::StderrIsTerminal();
  bar.interval_us = 100'000;
  std::optional<ProgressReporter> progress(std::in_place, std::move(bar));
  snapshot.progress = [&](int64_t done, int64_t total) {
    if (total > 0) progress->Update(ProgressBarLine(done, total), done >= total);
  };
  snapshot.log = [&](const std::string& message) { g.logger->info("{}", message); };
  SnapshotDriverResult result;
  s = WriteSnapshot(*archive, snapshot, &result);
  progress.reset();  // ends the bar's line
  if (!s.ok()) return Fail(s);
  for (const auto& line : result.damaged_captures) {
    std::fprintf(stderr, "govharvest: damaged capture left out of the WARC: %s\n", line.c_str());
  }

  json summary = {{"out", out.string()}, {"snapshot_id", result.snapshot_id}, {"formats", formats},
                  {"files", result.files.size()}};
  summary.update(result.counts);
  if (Has(formats, "warc")) summary["warc_files"] = result.warc_files;
  std::cout << summary.dump() << "\n";
  if (!result.damaged_captures.empty()) {
    std::fprintf(stderr,
                 "govharvest: error: %zu capture(s) left out of the export because their blob is damaged; "
                 "run `govharvest archive verify`\n",
                 result.damaged_captures.size());
    return kExitFailure;
  }
  return 0;
}

int RunImportWarc(const GlobalOptions& g, const ImportWarcArgs& args) {
  for (const auto& f : args.files) {
    std::error_code ec;
    if (!fs::is_regular_file(f, ec)) {
      return Fail(Status::InvalidArgument("'" + f + "' is not a readable WARC file"));
    }
  }
  // The archive takes from a WARC no payload the crawler would not take from
  // the network.
  const int64_t max_body_bytes = args.max_body_bytes > 0 ? args.max_body_bytes : g.config->limits.max_body_bytes;
  std::unique_ptr<Archive> archive;
  ArchiveOptions options;
  options.create_if_missing = true;
  Status s = Archive::Open(g.archive_dir, options, &archive);
  if (!s.ok()) return Fail(s);

  JobRecord job;
  job.started_at = NowUs();
  job.id = "import-warc-" + FormatTimestamp(job.started_at);
  job.kind = "import";
  job.options_json = json{{"warc_files", args.files}, {"max_body_bytes", max_body_bytes}}.dump();
  {
    ArchiveBatch batch;
    batch.PutJob(job);
    s = archive->Write(std::move(batch));
    if (!s.ok()) return Fail(s);
  }

  WarcImportOptions import_options;
  import_options.max_body_bytes = max_body_bytes;
  WarcImporter importer(archive.get(), job.id, import_options);
  for (const auto& f : args.files) {
    g.logger->info("importing {}", f);
    s = importer.AddFile(f);
    if (!s.ok()) break;
  }
  if (s.ok()) s = importer.Finish();
  for (const auto& p : importer.problems()) {
    std::fprintf(stderr, "govharvest: warning: %s: offset %lld: %s\n", p.file.c_str(),
                 static_cast<long long>(p.offset), p.message.c_str());
  }
  const WarcImportCounts& c = importer.counts();
  job.ended_at = NowUs();
  job.counters = {{"files", c.files},
                  {"records", c.records},
                  {"captures", c.captures_imported},
                  {"revisits_resolved", c.revisits_resolved},
                  {"already_archived", c.already_archived},
                  {"unresolved_revisits", c.unresolved_revisits},
                  {"malformed", c.malformed},
                  {"too_large", c.too_large}};
  ArchiveBatch batch;
  batch.PutJob(job);
  Status job_status = archive->Write(std::move(batch));
  if (!s.ok()) return Fail(s);
  if (!job_status.ok()) return Fail(job_status);

  json summary = {{"job", job.id},
                  {"files", c.files},
                  {"records", c.records},
                  {"captures_imported", c.captures_imported},
                  {"revisits_resolved", c.revisits_resolved},
                  {"already_archived", c.already_archived},
                  {"unresolved_revisits", c.unresolved_revisits},
                  {"malformed", c.malformed},
                  {"too_large", c.too_large},
                  {"problems", importer.problems().size()},
                  {"skipped", c.skipped}};
  std::cout << summary.dump() << "\n";
  return importer.problems().empty() ? 0 : kExitFailure;
}

}  // namespace govharvest
