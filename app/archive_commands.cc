#include "app/archive_commands.h"

#include <unistd.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "app/exit_codes.h"
#include "app/saved_file.h"
#include "pipeline/document_counts.h"
#include "store/archive.h"

namespace govharvest {

namespace {

using nlohmann::json;

Status OpenArchive(const GlobalOptions& g, bool writable, std::unique_ptr<Archive>* out) {
  ArchiveOptions options;
  options.create_if_missing = writable;
  options.read_only = !writable;
  return Archive::Open(g.archive_dir, options, out);
}

std::string HumanBytes(int64_t n) {
  static constexpr const char* kUnits[] = {"B", "KB", "MB", "GB", "TB"};
  double v = static_cast<double>(n);
  int u = 0;
  while (v >= 1024 && u < 4) {
    v /= 1024;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof(buf), u == 0 ? "%.0f %s" : "%.1f %s", v, kUnits[u]);
  return buf;
}

bool WriteAll(std::string_view bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(STDOUT_FILENO, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    done += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

int RunImport(const GlobalOptions& g, const ImportArgs& args) {
  if (!args.url.empty() && args.files.size() != 1) {
    std::fprintf(stderr, "govharvest: error: --url applies to one file, but %zu were given\n",
                 args.files.size());
    return kExitUsage;
  }
  SavedFileOptions file_options;
  file_options.url = args.url;
  if (std::string ignored; !args.url.empty()) {
    if (Status s = CheckRecordedUrl(args.url, &ignored); !s.ok()) return Fail(s);
  }
  if (!args.fetched_at.empty()) {
    TimestampUs t;
    Status s = ParseTimestamp(args.fetched_at, &t);
    if (!s.ok()) {
      return Fail(Status::InvalidArgument("--fetched-at: " + s.message()));
    }
    file_options.fetched_at = t;
  }

  std::unique_ptr<Archive> archive;
  Status s = OpenArchive(g, /*writable=*/true, &archive);
  if (!s.ok()) return Fail(s);

  JobRecord job;
  job.started_at = NowUs();
  job.id = "import-" + FormatTimestamp(job.started_at);
  job.kind = "import";
  job.options_json = json{{"files", args.files}, {"url", args.url}, {"fetched_at", args.fetched_at}}.dump();
  file_options.job_id = job.id;
  {
    ArchiveBatch batch;
    batch.PutJob(job);
    s = archive->Write(std::move(batch));
    if (!s.ok()) return Fail(s);
  }

  // Each file is its own atomic capture: a bad file stops the run, and every
  // file imported before it stays archived.
  int exit_code = 0;
  for (const std::string& path : args.files) {
    CaptureRecord record;
    std::string payload;
    s = ReadSavedFile(path, file_options, &record, &payload);
    if (s.ok()) {
      const size_t bytes = payload.size();
      s = archive->PutCapture(record, std::move(payload));
      if (s.ok()) {
        // PutCapture fills the digest; read back what was stored.
        s = archive->GetLatestCapture(record.requested_url, &record);
      }
      if (s.ok()) {
        job.counters["files"] += 1;
        job.counters["bytes"] += static_cast<int64_t>(bytes);
        std::cout << record.ToJson() << "\n";
        g.logger->debug("imported {} as {}", path, record.requested_url);
      }
    }
    if (!s.ok()) {
      job.counters["errors"] += 1;
      exit_code = Fail(s);
      break;
    }
  }
  std::cout.flush();
  job.ended_at = NowUs();
  ArchiveBatch batch;
  batch.PutJob(job);
  s = archive->Write(std::move(batch));
  if (!s.ok()) return Fail(s);
  g.logger->info("job {}: imported {} file(s), {} into {}", job.id, job.counters["files"],
                 HumanBytes(job.counters["bytes"]), g.archive_dir);
  return exit_code;
}

int RunStats(const GlobalOptions& g, const StatsArgs& args) {
  std::unique_ptr<Archive> archive;
  Status s = OpenArchive(g, /*writable=*/false, &archive);
  if (!s.ok()) return Fail(s);
  ArchiveStats st;
  s = archive->Stats(&st);
  if (!s.ok()) return Fail(s);

  // Documents come from `govharvest extract` (doc keyspace); counted by
  // pipeline/ so that store/ does not depend on extract/.
  DocumentCounts docs;
  s = CountDocuments(*archive, static_cast<int>(std::max(1u, std::thread::hardware_concurrency())), &docs);
  if (!s.ok()) return Fail(s);
  const int64_t blobs = st.keyspaces["blob"].keys;
  const double capture_ratio =
      blobs > 0 ? static_cast<double>(st.captures_with_payload) / static_cast<double>(blobs) : 0.0;
  const double byte_ratio = st.blob_bytes_stored > 0 ? static_cast<double>(st.payload_bytes_referenced) /
                                                           static_cast<double>(st.blob_bytes_stored)
                                                     : 0.0;
  if (args.json) {
    json j;
    j["archive"] = g.archive_dir;
    j["schema_version"] = st.schema_version;
    for (const auto& [name, ks] : st.keyspaces) j["keyspaces"][name] = {{"keys", ks.keys}, {"bytes", ks.bytes}};
    j["captures_by_outcome"] = st.captures_by_outcome;
    j["dedup"] = {{"captures_with_payload", st.captures_with_payload},
                  {"blobs", blobs},
                  {"capture_ratio", capture_ratio},
                  {"bytes_referenced", st.payload_bytes_referenced},
                  {"bytes_stored", st.blob_bytes_stored},
                  {"byte_ratio", byte_ratio}};
    j["documents"] = {{"documents", docs.documents},
                      {"captures", docs.captures},
                      {"duplicate_groups", docs.duplicate_groups},
                      {"near_duplicate_groups", docs.near_duplicate_groups},
                      {"documents_in_near_duplicate_groups", docs.documents_in_near_duplicate_groups},
                      {"payloads_cleaned", docs.payloads_cleaned},
                      {"payloads_failed", docs.payloads_failed}};
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  std::printf("archive %s (schema %d)\n\n", g.archive_dir.c_str(), st.schema_version);
  std::printf("%-10s %10s %12s\n", "keyspace", "keys", "bytes");
  for (const auto& [name, ks] : st.keyspaces) {
    std::printf("%-10s %10" PRId64 " %12s\n", name.c_str(), ks.keys, HumanBytes(ks.bytes).c_str());
  }
  std::printf("\ncaptures by outcome:");
  if (st.captures_by_outcome.empty()) std::printf(" none");
  for (const auto& [outcome, n] : st.captures_by_outcome) std::printf(" %s=%" PRId64, outcome.c_str(), n);
  std::printf("\ndedup: %" PRId64 " captures with payload share %" PRId64
              " blobs (%.2f captures per blob); %s referenced, %s stored (%.2fx)\n",
              st.captures_with_payload, blobs, capture_ratio, HumanBytes(st.payload_bytes_referenced).c_str(),
              HumanBytes(st.blob_bytes_stored).c_str(), byte_ratio);
  std::printf("documents: %" PRId64 " (%" PRId64 " captures); %" PRId64 " duplicate groups, %" PRId64
              " near-duplicate groups (%" PRId64 " documents); %" PRId64 " payloads cleaned, %" PRId64
              " not cleanable\n",
              docs.documents, docs.captures, docs.duplicate_groups, docs.near_duplicate_groups,
              docs.documents_in_near_duplicate_groups, docs.payloads_cleaned, docs.payloads_failed);
  return 0;
}

int RunGet(const GlobalOptions& g, const GetArgs& args) {
  std::unique_ptr<Archive> archive;
  Status s = OpenArchive(g, /*writable=*/false, &archive);
  if (!s.ok()) return Fail(s);

  std::string target = args.target;
  if (target.size() == 64 && target.find_first_not_of("0123456789abcdef") == std::string::npos) {
    target = "sha256:" + target;
  }
  std::vector<CaptureRecord> captures;
  if (IsPayloadDigest(target)) {
    if (args.raw) {
      std::string bytes;
      s = archive->GetBlob(target, &bytes);
      if (!s.ok()) return Fail(s);
      return WriteAll(bytes) ? 0 : kExitFailure;
    }
    s = archive->GetCapturesByDigest(target, &captures);
  } else if (args.all) {
    s = archive->GetCaptures(target, &captures);
  } else {
    captures.emplace_back();
    s = archive->GetLatestCapture(target, &captures.back());
  }
  if (!s.ok()) return Fail(s);
  if (args.raw) {
    const CaptureRecord& latest = captures.back();
    if (latest.payload_digest.empty()) {
      return Fail(Status::NotFound("latest capture of " + target + " (" + latest.outcome +
                                   ") has no payload"));
    }
    std::string bytes;
    s = archive->GetBlob(latest.payload_digest, &bytes);
    if (!s.ok()) return Fail(s);
    return WriteAll(bytes) ? 0 : kExitFailure;
  }
  if (!args.all && captures.size() > 1) captures.erase(captures.begin(), captures.end() - 1);
  for (const auto& c : captures) std::cout << c.ToJson() << "\n";
  return 0;
}

int RunList(const GlobalOptions& g, const ListArgs& args) {
  std::unique_ptr<Archive> archive;
  Status s = OpenArchive(g, /*writable=*/false, &archive);
  if (!s.ok()) return Fail(s);
  auto outcome_matches = [&](const std::string& outcome) {
    if (args.outcome.empty()) return true;
    if (args.outcome.back() == ':') return outcome.compare(0, args.outcome.size(), args.outcome) == 0;
    return outcome == args.outcome;
  };
  s = archive->ForEachCapture([&](const CaptureRecord& c) {
    if ((args.job.empty() || c.job_id == args.job) && (args.site.empty() || c.site == args.site) &&
        (args.role.empty() || c.role == args.role) && outcome_matches(c.outcome)) {
      std::cout << c.ToJson() << "\n";
    }
    return static_cast<bool>(std::cout);
  });
  if (!s.ok()) return Fail(s);
  return 0;
}

namespace {

json VerifyJson(const std::string& archive, const VerifyReport& report) {
  return {{"archive", archive},
          {"ok", report.ok()},
          {"blobs_checked", report.blobs_checked},
          {"captures_checked", report.captures_checked},
          {"references_checked", report.references_checked},
          {"url_states_checked", report.url_states_checked},
          {"jobs_checked", report.jobs_checked},
          {"orphan_blobs", report.orphan_blobs},
          {"damaged_blobs", report.damaged_blobs},
          {"captures_missing_blob", report.captures_missing_blob},
          {"dangling_references", report.dangling_references},
          {"unreadable_ranges", report.unreadable_ranges},
          {"problem_count", report.problems.size()},
          {"problems", report.problems}};
}

// One "DAMAGE ..." line per problem, then the summary line.
void PrintVerify(const VerifyReport& report) {
  for (const auto& p : report.problems) std::printf("DAMAGE %s\n", p.c_str());
  std::printf("%s: %" PRId64 " blobs re-hashed, %" PRId64 " captures, %" PRId64 " references, %" PRId64
              " url states, %" PRId64 " jobs checked; %zu problem(s) (%zu unreadable range(s), %" PRId64
              " damaged blob(s), %" PRId64 " capture(s) without blob, %" PRId64 " dangling reference(s)), %" PRId64
              " orphan blob(s)\n",
              report.ok() ? "ok" : "DAMAGED", report.blobs_checked, report.captures_checked,
              report.references_checked, report.url_states_checked, report.jobs_checked, report.problems.size(),
              report.unreadable_ranges.size(), report.damaged_blobs, report.captures_missing_blob,
              report.dangling_references, report.orphan_blobs);
}

}  // namespace

int RunVerify(const GlobalOptions& g, const VerifyArgs& args) {
  std::unique_ptr<Archive> archive;
  Status s = OpenArchive(g, /*writable=*/false, &archive);
  if (!s.ok()) return Fail(s);
  VerifyReport report;
  s = archive->Verify(&report);
  if (!s.ok()) return Fail(s);
  if (args.json) {
    std::cout << VerifyJson(g.archive_dir, report).dump(2) << "\n";
  } else {
    PrintVerify(report);
  }
  return report.ok() ? 0 : kExitFailure;
}

// Prints what the repair did and lost, then the verify of the result; exit 1
// while damage remains (lost blobs stay lost), 0 when the archive is clean.
int RunRepair(const GlobalOptions& g) {
  RepairReport report;
  Status s = Archive::Repair(g.archive_dir, &report);
  if (!s.ok()) {
    // The rebuild may have run before the failure: say where LevelDB put what it set aside.
    if (!report.set_aside.empty()) {
      std::fprintf(stderr, "govharvest: repair set aside %zu file(s) in %s/lost\n", report.set_aside.size(),
                   g.archive_dir.c_str());
    }
    return Fail(s);
  }
  std::printf("repair: rebuilt %s with LevelDB repair\n", g.archive_dir.c_str());
  std::map<std::string, int64_t> names;
  for (const auto& [name, n] : report.keys_before) names[name];
  for (const auto& [name, n] : report.keys_after) names[name];
  if (report.keys_before.empty()) {
    std::printf("repair: keys before: unknown (%s)\n", report.before_error.c_str());
  } else if (!report.before_error.empty()) {
    std::printf("repair: keys before: %s\n", report.before_error.c_str());
  }
  int64_t lost_keys = 0;
  for (const auto& [name, unused] : names) {
    const auto b = report.keys_before.find(name);
    const auto a = report.keys_after.find(name);
    const int64_t after = a == report.keys_after.end() ? 0 : a->second;
    if (b == report.keys_before.end() && !report.keys_before.empty()) {
      std::printf("repair: %-9s 0 -> %" PRId64 "\n", name.c_str(), after);
    } else if (b == report.keys_before.end()) {
      std::printf("repair: %-9s ? -> %" PRId64 "\n", name.c_str(), after);
    } else {
      const int64_t lost = b->second - after;
      if (lost > 0) lost_keys += lost;
      std::printf("repair: %-9s %" PRId64 " -> %" PRId64 "%s\n", name.c_str(), b->second, after,
                  lost > 0 ? (" (lost " + std::to_string(lost) + ")").c_str() : "");
    }
  }
  for (const auto& line : report.unreadable_before) std::printf("repair: unreadable before: %s\n", line.c_str());
  for (const auto& line : report.leveldb_notes) std::printf("repair: LevelDB: %s\n", line.c_str());
  if (report.schema_version_restored) {
    std::printf("repair: the schema version key was lost; restored (version %d)\n", kArchiveSchemaVersion);
  }
  if (!report.set_aside.empty()) {
    std::string files;
    for (const auto& f : report.set_aside) files += " " + g.archive_dir + "/" + f;
    std::printf("repair: originals set aside (kept until you delete them):%s\n", files.c_str());
  }
  std::printf("repair: %" PRId64 " key(s) lost; %" PRId64 " capture(s) whose blob is gone, %" PRId64
              " dangling reference(s); verifying\n",
              lost_keys, report.verify.captures_missing_blob, report.verify.dangling_references);
  PrintVerify(report.verify);
  g.logger->info("repaired {}: {}", g.archive_dir, report.verify.ok() ? "clean" : "damage remains");
  return report.verify.ok() ? 0 : kExitFailure;
}

}  // namespace govharvest
