#include "app/export_commands.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>

#include "export/file_digest.h"
#include "export/warc.h"
#include "export/warc_import.h"
#include "store/archive.h"

namespace govharvest {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

// Formats `export` writes today, and those issue 7 plans once reports are
// extracted (issue 6).
const std::vector<std::string> kAvailableFormats = {"warc"};
const std::set<std::string> kPlannedFormats = {"jsonl", "csv", "sqlite", "texts", "summary"};

int Fail(const Status& s) {
  std::fprintf(stderr, "govharvest: error: %s\n", s.message().c_str());
  return s.IsInvalidArgument() ? kExitUsage : kExitFailure;
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

// A directory removed with its contents unless released.
class TempDirGuard {
 public:
  explicit TempDirGuard(fs::path dir) : dir_(std::move(dir)) {}
  ~TempDirGuard() {
    if (!dir_.empty()) {
      std::error_code ec;
      fs::remove_all(dir_, ec);
    }
  }
  TempDirGuard(const TempDirGuard&) = delete;
  TempDirGuard& operator=(const TempDirGuard&) = delete;
  void Release() { dir_.clear(); }

 private:
  fs::path dir_;
};

Status WriteTextFile(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (out.fail()) return Status::IoError("cannot write '" + path.string() + "'");
  return Status::Ok();
}

}  // namespace

int RunExport(const GlobalOptions& g, const ExportArgs& args) {
  std::vector<std::string> formats = args.formats.empty() ? kAvailableFormats : args.formats;
  std::sort(formats.begin(), formats.end());
  formats.erase(std::unique(formats.begin(), formats.end()), formats.end());
  for (const auto& f : formats) {
    if (std::find(kAvailableFormats.begin(), kAvailableFormats.end(), f) != kAvailableFormats.end()) continue;
    if (kPlannedFormats.count(f)) {
      std::fprintf(stderr,
                   "govharvest: error: --format %s is not available yet (it needs report extraction, issue 6); "
                   "available: %s\n",
                   f.c_str(), Join(kAvailableFormats).c_str());
    } else {
      std::fprintf(stderr, "govharvest: error: unknown --format '%s'; available: %s\n", f.c_str(),
                   Join(kAvailableFormats).c_str());
    }
    return kExitUsage;
  }
  if (args.warc_file_bytes <= 0) return Fail(Status::InvalidArgument("--warc-file-size must be positive"));
  TimestampUs since = 0;
  if (!args.since.empty()) {
    Status s = ParseTimestamp(args.since, &since);
    if (!s.ok()) return Fail(Status::InvalidArgument("--since: " + s.message()));
  }

  std::error_code ec;
  fs::path out = fs::absolute(args.out, ec).lexically_normal();
  if (!out.has_filename()) out = out.parent_path();  // "dir/" -> "dir"
  const bool out_exists = fs::exists(out, ec);
  if (out_exists) {
    if (!fs::is_directory(out, ec)) {
      return Fail(Status::InvalidArgument("--out '" + out.string() + "' exists and is not a directory"));
    }
    if (!fs::is_empty(out, ec) && !args.force) {
      return Fail(Status::InvalidArgument("--out '" + out.string() +
                                          "' exists and is not empty; use --force to replace it"));
    }
  }

  std::unique_ptr<Archive> archive;
  ArchiveOptions options;
  options.read_only = true;
  Status s = Archive::Open(g.archive_dir, options, &archive);
  if (!s.ok()) return Fail(s);

  // Written beside `out` and renamed at the end: a failed or killed export
  // never leaves a half snapshot under `out`.
  const std::string pid = std::to_string(::getpid());
  const fs::path tmp = out.parent_path() / ("." + out.filename().string() + ".tmp-" + pid);
  fs::remove_all(tmp, ec);
  fs::create_directories(tmp, ec);
  if (ec) return Fail(Status::IoError("cannot create '" + tmp.string() + "': " + ec.message()));
  TempDirGuard guard(tmp);

  const std::set<std::string> sites(args.sites.begin(), args.sites.end());
  WarcExportOptions warc;
  warc.dir = (tmp / "warc").string();
  warc.max_file_bytes = args.warc_file_bytes;
  warc.software = std::string("govharvest ") + GOVHARVEST_VERSION;
  warc.include = [&](const CaptureRecord& c) {
    return (sites.empty() || sites.count(c.site)) && (args.job.empty() || c.job_id == args.job) &&
           c.fetched_at >= since;
  };
  WarcExportResult result;
  g.logger->info("exporting WARC from {} into {}", g.archive_dir, out.string());
  s = WriteWarcExport(*archive, warc, &result);
  if (!s.ok()) return Fail(s);

  json files = json::array();
  std::string snapshot_seed;
  for (const auto& name : result.files) {
    const std::string rel = "warc/" + name;
    std::string hex;
    int64_t bytes = 0;
    s = Sha256OfFile((tmp / rel).string(), &hex, &bytes);
    if (!s.ok()) return Fail(s);
    files.push_back({{"path", rel}, {"bytes", bytes}, {"sha256", hex}});
    snapshot_seed += rel + " " + hex + "\n";
  }
  json manifest = {
      {"snapshot_id", std::string_view(PayloadDigest(snapshot_seed)).substr(7, 16)},
      {"created_at", FormatTimestamp(NowUs())},
      {"tool", "govharvest"},
      {"tool_version", GOVHARVEST_VERSION},
      {"archive_schema_version", kArchiveSchemaVersion},
      {"formats", formats},
      {"filters", {{"site", args.sites}, {"job", args.job}, {"since", args.since}}},
      {"jobs", result.job_ids},
      {"counts",
       {{"captures", result.captures},
        {"warc_records", result.records},
        {"captures_without_payload", result.without_payload},
        {"unresolved_not_modified", result.unresolved_not_modified},
        {"cdxj_lines", result.cdxj_lines}}},
      {"files", files}};
  s = WriteTextFile(tmp / "manifest.json", manifest.dump(2) + "\n");
  if (!s.ok()) return Fail(s);

  // Swap in: the old snapshot (with --force) is moved aside first, so that
  // `out` always holds a complete snapshot or nothing.
  const fs::path old = out.parent_path() / ("." + out.filename().string() + ".old-" + pid);
  if (out_exists) {
    fs::rename(out, old, ec);
    if (ec) return Fail(Status::IoError("cannot move '" + out.string() + "' aside: " + ec.message()));
  }
  fs::rename(tmp, out, ec);
  if (ec) {
    std::error_code ignored;
    if (out_exists) fs::rename(old, out, ignored);
    return Fail(Status::IoError("cannot rename '" + tmp.string() + "' to '" + out.string() + "': " + ec.message()));
  }
  guard.Release();
  if (out_exists) fs::remove_all(old, ec);

  json summary = {{"out", out.string()},
                  {"snapshot_id", manifest["snapshot_id"]},
                  {"captures", result.captures},
                  {"warc_files", static_cast<int64_t>(result.files.size()) - 1},
                  {"warc_records", result.records},
                  {"captures_without_payload", result.without_payload},
                  {"cdxj_lines", result.cdxj_lines}};
  std::cout << summary.dump() << "\n";
  return 0;
}

int RunImportWarc(const GlobalOptions& g, const ImportWarcArgs& args) {
  for (const auto& f : args.files) {
    std::error_code ec;
    if (!fs::is_regular_file(f, ec)) {
      return Fail(Status::InvalidArgument("'" + f + "' is not a readable WARC file"));
    }
  }
  std::unique_ptr<Archive> archive;
  ArchiveOptions options;
  options.create_if_missing = true;
  Status s = Archive::Open(g.archive_dir, options, &archive);
  if (!s.ok()) return Fail(s);

  JobRecord job;
  job.started_at = NowUs();
  job.id = "import-warc-" + FormatTimestamp(job.started_at);
  job.kind = "import";
  job.options_json = json{{"warc_files", args.files}}.dump();
  {
    ArchiveBatch batch;
    batch.PutJob(job);
    s = archive->Write(std::move(batch));
    if (!s.ok()) return Fail(s);
  }

  WarcImporter importer(archive.get(), job.id);
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
                  {"malformed", c.malformed}};
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
                  {"problems", importer.problems().size()},
                  {"skipped", c.skipped}};
  std::cout << summary.dump() << "\n";
  return importer.problems().empty() ? 0 : kExitFailure;
}

}  // namespace govharvest
