#include "app/export_commands.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <string_view>

#include "app/exit_codes.h"
#include "export/file_digest.h"
#include "export/snapshot.h"
#include "export/snapshot_writers.h"
#include "export/warc.h"
#include "export/warc_import.h"
#include "store/archive.h"

namespace govharvest {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;


// Formats `export` writes; texts only when asked for (--texts or --format texts).
const std::vector<std::string> kAvailableFormats = {"jsonl", "csv", "sqlite", "texts", "summary", "warc"};

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

// A one-line progress bar on stderr, drawn only on a terminal and only when
// the shown figure changes.
class ProgressBar {
 public:
  ProgressBar(std::string label, int64_t total)
      : label_(std::move(label)), total_(total), enabled_(::isatty(STDERR_FILENO) == 1) {}
  ~ProgressBar() {
    if (drawn_) std::fprintf(stderr, "\n");
  }
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  void Update(int64_t done) {
    if (!enabled_ || total_ <= 0) return;
    const int permille = static_cast<int>(done * 1000 / total_);
    if (drawn_ && permille == last_permille_) return;
    last_permille_ = permille;
    drawn_ = true;
    constexpr int kWidth = 30;
    const int filled = permille * kWidth / 1000;
    std::fprintf(stderr, "\r%s [%s%s] %lld/%lld", label_.c_str(), std::string(filled, '#').c_str(),
                 std::string(kWidth - filled, ' ').c_str(), static_cast<long long>(done),
                 static_cast<long long>(total_));
    std::fflush(stderr);
  }

 private:
  std::string label_;
  int64_t total_;
  bool enabled_;
  bool drawn_ = false;
  int last_permille_ = -1;
};

// Removes `.NAME<kind><pid>` siblings of `out` (kind ".tmp-" or ".old-")
// left by exports that were killed (their pid no longer runs); a running
// export's directories are kept.
void RemoveStaleTemporaries(const fs::path& out, const std::string& kind) {
  const std::string prefix = "." + out.filename().string() + kind;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(out.parent_path(), ec)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with(prefix)) continue;
    const std::string pid_text = name.substr(prefix.size());
    // Only a name an export could have made (a pid that fits pid_t) is ours.
    pid_t pid = 0;
    const auto [end, parse_error] = std::from_chars(pid_text.data(), pid_text.data() + pid_text.size(), pid);
    if (parse_error != std::errc() || end != pid_text.data() + pid_text.size()) continue;
    if (pid > 0 && ::kill(pid, 0) != 0 && errno == ESRCH) {
      std::error_code ignored;
      fs::remove_all(entry.path(), ignored);
    }
  }
}

bool Has(const std::vector<std::string>& formats, std::string_view f) {
  return std::find(formats.begin(), formats.end(), f) != formats.end();
}

std::string FiltersText(const ExportArgs& args) {
  std::string out;
  auto add = [&](const std::string& part) { out += (out.empty() ? "" : "; ") + part; };
  if (!args.years.empty()) add("years " + args.years);
  if (!args.sites.empty()) add("site " + Join(args.sites));
  if (!args.job.empty()) add("job " + args.job);
  if (!args.since.empty()) add("since " + args.since);
  return out.empty() ? "none" : out;
}

// Writes the report formats into `dir`: one pass over the captures in scope,
// then the reports in report order, then the other documents.
Status WriteReportFormats(const Archive& archive, const SnapshotScope& scope, const SnapshotIndex& index,
                          const ExportArgs& args, const std::vector<std::string>& formats, const fs::path& dir,
                          std::vector<std::string>* files, json* counts) {
  SnapshotRun run;
  run.dir = dir.string();
  run.index = &index;
  run.filters_text = FiltersText(args);
  std::vector<JobRecord> jobs;
  Status s = archive.ListJobs(&jobs);
  if (!s.ok()) return s;
  const std::set<std::string> covered(index.job_ids.begin(), index.job_ids.end());
  for (JobRecord& job : jobs) {
    if (covered.count(job.id)) run.jobs.push_back(std::move(job));
  }
  std::sort(run.jobs.begin(), run.jobs.end(), [](const JobRecord& a, const JobRecord& b) { return a.id < b.id; });

  std::vector<std::unique_ptr<SnapshotWriter>> writers;
  if (Has(formats, "jsonl")) writers.push_back(MakeJsonlWriter(run));
  if (Has(formats, "csv")) writers.push_back(MakeCsvWriter(run, args.excel));
  if (Has(formats, "texts")) writers.push_back(MakeTextsWriter(run));
  if (Has(formats, "sqlite")) {
    Status open_status;
    writers.push_back(MakeSqliteWriter(run, &open_status));
    if (!open_status.ok()) return open_status;
  }
  if (Has(formats, "summary")) writers.push_back(MakeSummaryWriter(run));

  Status write_status;
  const std::string no_document;
  s = archive.ForEachCapture([&](const CaptureRecord& c) {
    if (scope.include_capture && !scope.include_capture(c)) return true;
    const auto doc = index.document_of_payload.find(c.payload_digest);
    const std::string& digest = doc == index.document_of_payload.end() ? no_document : doc->second;
    for (auto& w : writers) {
      write_status = w->AddCapture(c, digest);
      if (!write_status.ok()) return false;
    }
    return true;
  });
  if (!s.ok()) return s;
  if (!write_status.ok()) return write_status;

  std::vector<size_t> order = index.reports;
  for (size_t i = 0; i < index.documents.size(); ++i) {
    if (index.documents[i].report_id.empty()) order.push_back(i);
  }
  ProgressBar progress("export", static_cast<int64_t>(order.size()));
  int64_t cells = 0;
  int64_t done = 0;
  for (size_t i : order) {
    SnapshotDocument document;
    s = LoadSnapshotDocument(archive, scope, index, index.documents[i], &document);
    if (!s.ok()) return s;
    if (document.is_report()) cells += static_cast<int64_t>(StatCellsOf(document.report).size());
    for (auto& w : writers) {
      s = w->AddDocument(document);
      if (!s.ok()) return s;
    }
    progress.Update(++done);
  }
  for (auto& w : writers) {
    s = w->Finish(files);
    if (!s.ok()) return s;
  }
  (*counts)["reports"] = index.reports.size();
  (*counts)["documents"] = index.documents.size();
  (*counts)["stat_cells"] = cells;
  return Status::Ok();
}

}  // namespace

int RunExport(const GlobalOptions& g, const ExportArgs& args) {
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
  RemoveStaleTemporaries(out, ".tmp-");
  fs::remove_all(tmp, ec);
  fs::create_directories(tmp, ec);
  if (ec) return Fail(Status::IoError("cannot create '" + tmp.string() + "': " + ec.message()));
  TempDirGuard guard(tmp);

  const std::set<std::string> sites(args.sites.begin(), args.sites.end());
  auto include = [&](const CaptureRecord& c) {
    return (sites.empty() || sites.count(c.site)) && (args.job.empty() || c.job_id == args.job) &&
           c.fetched_at >= since;
  };
  std::vector<std::string> written;  // paths relative to the snapshot
  json counts = json::object();
  std::vector<std::string> job_ids;
  const bool reports_wanted = std::any_of(formats.begin(), formats.end(), [](const std::string& f) { return f != "warc"; });
  const bool year_filter = year_min != 0;
  std::set<std::string> report_payloads;  // with --years: payloads of the documents of reports in scope
  if (reports_wanted || (year_filter && Has(formats, "warc"))) {
    SnapshotScope scope;
    scope.include_capture = include;
    scope.year_min = year_min;
    scope.year_max = year_max;
    if (g.config != nullptr) {
      for (const SiteConfig& site : g.config->sites) {
        scope.sites[site.name] = {site.agency, site.level, site.division_code};
      }
    }
    g.logger->info("indexing the documents of {}", g.archive_dir);
    SnapshotIndex index;
    s = IndexSnapshot(*archive, scope, &index);
    if (!s.ok()) return Fail(s);
    job_ids = index.job_ids;
    counts["captures"] = index.captures;
    if (year_filter) {
      std::set<std::string> report_documents;
      for (size_t i : index.reports) report_documents.insert(index.documents[i].document_digest);
      for (const auto& [payload, document] : index.document_of_payload) {
        if (report_documents.count(document)) report_payloads.insert(payload);
      }
    }
    if (reports_wanted) {
      g.logger->info("writing {} reports and {} documents into {}", index.reports.size(), index.documents.size(),
                     out.string());
      s = WriteReportFormats(*archive, scope, index, args, formats, tmp, &written, &counts);
      if (!s.ok()) return Fail(s);
    }
  }
  WarcExportResult result;
  if (Has(formats, "warc")) {
    WarcExportOptions warc;
    warc.dir = (tmp / "warc").string();
    warc.max_file_bytes = args.warc_file_bytes;
    warc.software = std::string("govharvest ") + GOVHARVEST_VERSION;
    warc.include = include;
    std::set<std::string> report_urls;  // URLs of the captures of those reports, for their attachments
    if (year_filter) {
      s = archive->ForEachCapture([&](const CaptureRecord& c) {
        if (report_payloads.count(c.payload_digest)) {
          report_urls.insert(c.requested_url);
          report_urls.insert(c.final_url);
        }
        return true;
      });
      if (!s.ok()) return Fail(s);
      // With --years the WARC holds the evidence of the reports of those years:
      // their captures, the attachments fetched from them, and every attempt
      // at a report page listed under those years (blocked or failed ones too).
      warc.include = [&](const CaptureRecord& c) {
        if (!include(c)) return false;
        if (report_payloads.count(c.payload_digest)) return true;
        if (c.role == "attachment" && report_urls.count(c.via)) return true;
        return c.role == "report" && c.listed_year >= year_min && c.listed_year <= year_max;
      };
    }
    g.logger->info("exporting WARC from {} into {}", g.archive_dir, out.string());
    s = WriteWarcExport(*archive, warc, &result);
    if (!s.ok()) return Fail(s);
    for (const auto& name : result.files) written.push_back("warc/" + name);
    job_ids = result.job_ids;
    counts["captures"] = result.captures;
    counts["warc_records"] = result.records;
    counts["captures_without_payload"] = result.without_payload;
    counts["unresolved_not_modified"] = result.unresolved_not_modified;
    counts["cdxj_lines"] = result.cdxj_lines;
    // Left out of the WARC, listed here, in the manifest and the summary; exit 1.
    counts["damaged_captures"] = result.damaged_captures;
    for (const auto& line : result.damaged_captures) {
      std::fprintf(stderr, "govharvest: damaged capture left out of the WARC: %s\n", line.c_str());
    }
  }
  std::sort(written.begin(), written.end());

  json files = json::array();
  std::string snapshot_seed;
  for (const auto& rel : written) {
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
      {"snapshot_schema_version", kSnapshotSchemaVersion},
      {"filters", {{"years", args.years}, {"site", args.sites}, {"job", args.job}, {"since", args.since}}},
      {"excel_bom", args.excel},
      {"jobs", job_ids},
      {"counts", counts},
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
  RemoveStaleTemporaries(out, ".old-");  // a killed export's previous snapshot, now replaced

  json summary = {{"out", out.string()}, {"snapshot_id", manifest["snapshot_id"]}, {"formats", formats},
                  {"files", written.size()}};
  summary.update(counts);
  if (Has(formats, "warc")) summary["warc_files"] = static_cast<int64_t>(result.files.size()) - 1;
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
