#include "pipeline/snapshot_driver.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <fstream>
#include <memory>
#include <set>
#include <string_view>
#include <utility>

#include "export/file_digest.h"
#include "export/snapshot_writers.h"
#include "export/warc.h"
#include "store/records.h"

namespace govharvest {

const std::vector<std::string> kSnapshotFormats = {"jsonl", "csv", "sqlite", "texts", "summary", "warc"};

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

bool Has(const std::vector<std::string>& formats, std::string_view f) {
  return std::find(formats.begin(), formats.end(), f) != formats.end();
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

std::string FiltersText(const SnapshotDriverOptions& options) {
  std::string out;
  auto add = [&](const std::string& part) { out += (out.empty() ? "" : "; ") + part; };
  if (!options.years_text.empty()) add("years " + options.years_text);
  if (!options.sites.empty()) add("site " + Join(options.sites));
  if (!options.job.empty()) add("job " + options.job);
  if (!options.since_text.empty()) add("since " + options.since_text);
  return out.empty() ? "none" : out;
}

void Log(const SnapshotDriverOptions& options, const std::string& message) {
  if (options.log) options.log(message);
}

// Writes the report formats into `dir`: one pass over the captures in scope,
// then the reports in report order, then the other documents.
Status WriteReportFormats(const Archive& archive, const SnapshotScope& scope, const SnapshotIndex& index,
                          const SnapshotDriverOptions& options, const fs::path& dir, std::vector<std::string>* files,
                          json* counts) {
  SnapshotRun run;
  run.dir = dir.string();
  run.index = &index;
  run.filters_text = FiltersText(options);
  std::vector<JobRecord> jobs;
  Status s = archive.ListJobs(&jobs);
  if (!s.ok()) return s;
  const std::set<std::string> covered(index.job_ids.begin(), index.job_ids.end());
  for (JobRecord& job : jobs) {
    if (covered.count(job.id)) run.jobs.push_back(std::move(job));
  }
  std::sort(run.jobs.begin(), run.jobs.end(), [](const JobRecord& a, const JobRecord& b) { return a.id < b.id; });

  const std::vector<std::string>& formats = options.formats;
  std::vector<std::unique_ptr<SnapshotWriter>> writers;
  if (Has(formats, "jsonl")) writers.push_back(MakeJsonlWriter(run));
  if (Has(formats, "csv")) writers.push_back(MakeCsvWriter(run, options.excel));
  if (Has(formats, "texts")) writers.push_back(MakeTextsWriter(run));
  if (Has(formats, "sqlite")) {
    Status open_status;
    writers.push_back(MakeSqliteWriter(run, &open_status));
    if (!open_status.ok()) return open_status;
  }
  if (Has(formats, "summary")) writers.push_back(MakeSummaryWriter(run));
  writers.push_back(MakeDictionaryWriter(run, options.excel));  // fields.csv, rules.csv: with every report format

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
  const int64_t total = static_cast<int64_t>(order.size());
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
    if (options.progress) options.progress(++done, total);
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

// Writes everything but the manifest into `tmp`.
Status WriteFiles(const Archive& archive, const SnapshotDriverOptions& options, const fs::path& tmp,
                  SnapshotDriverResult* result, std::vector<std::string>* job_ids) {
  const std::vector<std::string>& formats = options.formats;
  const std::set<std::string> sites(options.sites.begin(), options.sites.end());
  auto include = [&](const CaptureRecord& c) {
    return (sites.empty() || sites.count(c.site)) && (options.job.empty() || c.job_id == options.job) &&
           c.fetched_at >= options.since;
  };
  json& counts = result->counts;
  const bool reports_wanted =
      std::any_of(formats.begin(), formats.end(), [](const std::string& f) { return f != "warc"; });
  const bool year_filter = options.year_min != 0;
  std::set<std::string> report_payloads;  // with years: payloads of the documents of reports in scope
  if (reports_wanted || (year_filter && Has(formats, "warc"))) {
    SnapshotScope scope;
    scope.include_capture = include;
    scope.year_min = options.year_min;
    scope.year_max = options.year_max;
    scope.sites = options.site_info;
    Log(options, "indexing the documents of " + options.archive_name);
    SnapshotIndex index;
    Status s = IndexSnapshot(archive, scope, &index);
    if (!s.ok()) return s;
    *job_ids = index.job_ids;
    counts["captures"] = index.captures;
    if (year_filter) {
      std::set<std::string> report_documents;
      for (size_t i : index.reports) report_documents.insert(index.documents[i].document_digest);
      for (const auto& [payload, document] : index.document_of_payload) {
        if (report_documents.count(document)) report_payloads.insert(payload);
      }
    }
    if (reports_wanted) {
      Log(options, "writing " + std::to_string(index.reports.size()) + " reports and " +
                       std::to_string(index.documents.size()) + " documents into " + options.out.string());
      s = WriteReportFormats(archive, scope, index, options, tmp, &result->files, &counts);
      if (!s.ok()) return s;
    }
  }
  if (!Has(formats, "warc")) return Status::Ok();
  WarcExportOptions warc;
  warc.dir = (tmp / "warc").string();
  warc.max_file_bytes = options.warc_file_bytes;
  warc.software = std::string("govharvest ") + GOVHARVEST_VERSION;
  warc.include = include;
  std::set<std::string> report_urls;  // URLs of the captures of those reports, for their attachments
  if (year_filter) {
    Status s = archive.ForEachCapture([&](const CaptureRecord& c) {
      if (report_payloads.count(c.payload_digest)) {
        report_urls.insert(c.requested_url);
        report_urls.insert(c.final_url);
      }
      return true;
    });
    if (!s.ok()) return s;
    // The WARC year rule (see the header).
    warc.include = [&](const CaptureRecord& c) {
      if (!include(c)) return false;
      if (report_payloads.count(c.payload_digest)) return true;
      if (c.role == "attachment" && report_urls.count(c.via)) return true;
      return c.role == "report" && c.listed_year >= options.year_min && c.listed_year <= options.year_max;
    };
  }
  Log(options, "exporting WARC from " + options.archive_name + " into " + options.out.string());
  WarcExportResult warc_result;
  Status s = WriteWarcExport(archive, warc, &warc_result);
  if (!s.ok()) return s;
  for (const auto& name : warc_result.files) result->files.push_back("warc/" + name);
  *job_ids = warc_result.job_ids;
  counts["captures"] = warc_result.captures;
  counts["warc_records"] = warc_result.records;
  counts["captures_without_payload"] = warc_result.without_payload;
  counts["unresolved_not_modified"] = warc_result.unresolved_not_modified;
  counts["cdxj_lines"] = warc_result.cdxj_lines;
  // Left out of the WARC, listed in the manifest and the summary.
  counts["damaged_captures"] = warc_result.damaged_captures;
  result->damaged_captures = warc_result.damaged_captures;
  result->warc_files = static_cast<int64_t>(warc_result.files.size()) - 1;
  return Status::Ok();
}

}  // namespace

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

Status WriteSnapshot(const Archive& archive, const SnapshotDriverOptions& options, SnapshotDriverResult* out) {
  const fs::path& dest = options.out;
  std::error_code ec;
  const bool dest_exists = fs::exists(dest, ec);

  // Written beside `dest` and renamed at the end: a failed or killed export
  // never leaves a half snapshot under `dest`.
  const std::string pid = std::to_string(::getpid());
  const fs::path tmp = dest.parent_path() / ("." + dest.filename().string() + ".tmp-" + pid);
  RemoveStaleTemporaries(dest, ".tmp-");
  fs::remove_all(tmp, ec);
  fs::create_directories(tmp, ec);
  if (ec) return Status::IoError("cannot create '" + tmp.string() + "': " + ec.message());
  TempDirGuard guard(tmp);

  SnapshotDriverResult result;
  std::vector<std::string> job_ids;
  Status s = WriteFiles(archive, options, tmp, &result, &job_ids);
  if (!s.ok()) return s;
  std::sort(result.files.begin(), result.files.end());

  json files = json::array();
  std::string snapshot_seed;
  for (const auto& rel : result.files) {
    std::string hex;
    int64_t bytes = 0;
    s = Sha256OfFile((tmp / rel).string(), &hex, &bytes);
    if (!s.ok()) return s;
    files.push_back({{"path", rel}, {"bytes", bytes}, {"sha256", hex}});
    snapshot_seed += rel + " " + hex + "\n";
  }
  result.snapshot_id = std::string(std::string_view(PayloadDigest(snapshot_seed)).substr(7, 16));
  json manifest = {
      {"snapshot_id", result.snapshot_id},
      {"created_at", FormatTimestamp(NowUs())},
      {"tool", "govharvest"},
      {"tool_version", GOVHARVEST_VERSION},
      {"archive_schema_version", kArchiveSchemaVersion},
      {"formats", options.formats},
      {"snapshot_schema_version", kSnapshotSchemaVersion},
      {"filters",
       {{"years", options.years_text}, {"site", options.sites}, {"job", options.job}, {"since", options.since_text}}},
      {"excel_bom", options.excel},
      {"jobs", job_ids},
      {"counts", result.counts},
      {"files", files}};
  s = WriteTextFile(tmp / "manifest.json", manifest.dump(2) + "\n");
  if (!s.ok()) return s;

  // Swap in: the old snapshot is moved aside first, so that `dest` always
  // holds a complete snapshot or nothing.
  const fs::path old = dest.parent_path() / ("." + dest.filename().string() + ".old-" + pid);
  if (dest_exists) {
    fs::rename(dest, old, ec);
    if (ec) return Status::IoError("cannot move '" + dest.string() + "' aside: " + ec.message());
  }
  fs::rename(tmp, dest, ec);
  if (ec) {
    std::error_code ignored;
    if (dest_exists) fs::rename(old, dest, ignored);
    return Status::IoError("cannot rename '" + tmp.string() + "' to '" + dest.string() + "': " + ec.message());
  }
  guard.Release();
  if (dest_exists) fs::remove_all(old, ec);
  RemoveStaleTemporaries(dest, ".old-");  // a killed export's previous snapshot, now replaced
  *out = std::move(result);
  return Status::Ok();
}

}  // namespace govharvest
