#include "pipeline/extract_pass.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <iterator>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <thread>
#include <utility>
#include <vector>

#include "extract/agency_identity.h"
#include "extract/attachment.h"
#include "extract/report.h"
#include "pipeline/page_captures.h"
#include "store/documents.h"

namespace govharvest {

namespace {

using nlohmann::json;

// Payloads per atomic batch.
constexpr size_t kPayloadsPerBatch = 64;
// Results waiting for the writer before workers pause.
constexpr size_t kMaxQueuedResults = 256;

struct CleanResult {
  size_t work_index = 0;
  Status status;
  std::string failure_reason;  // when !status.ok()
  CleanPage page;
  // The ReportRecord of a page that is a report: found as one in a column
  // (role "report") or recognisable by its structure (any template but
  // narrative_only). Absent otherwise.
  std::optional<ReportRecord> report;
  // Their JSON forms, made on the worker thread (the writer thread only moves
  // them into documents); report_json is null without a report.
  json clean_json;
  json report_json;
};

bool ListedAsReport(const PayloadWork& w) {
  return std::any_of(w.captures.begin(), w.captures.end(), [](const CaptureRecord& c) { return c.role == "report"; });
}

// Cleans work items on a pool of threads and hands results to one consumer.
class CleanPool {
 public:
  CleanPool(const Archive& archive, const std::vector<PayloadWork>& work, const CleanOptions& options,
            const AttachmentsByPage& attachments, const std::map<std::string, std::string>& site_division_codes,
            int threads)
      : archive_(archive),
        work_(work),
        options_(options),
        attachments_(attachments),
        site_division_codes_(site_division_codes) {
    for (int i = 0; i < threads; ++i) workers_.emplace_back([this] { Work(); });
  }
  ~CleanPool() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    space_.notify_all();
    workers_.clear();  // joins
  }
  CleanPool(const CleanPool&) = delete;
  CleanPool& operator=(const CleanPool&) = delete;

  // Waits for at least one result (unless all were taken) and returns those ready.
  std::vector<CleanResult> Take() {
    std::unique_lock lock(mu_);
    ready_.wait(lock, [this] { return !results_.empty() || taken_ == work_.size(); });
    std::vector<CleanResult> out(std::make_move_iterator(results_.begin()), std::make_move_iterator(results_.end()));
    results_.clear();
    taken_ += out.size();
    space_.notify_all();
    return out;
  }

 private:
  void Work() {
    for (;;) {
      const size_t i = next_.fetch_add(1);
      if (i >= work_.size()) return;
      CleanResult result;
      result.work_index = i;
      const PayloadWork& w = work_[i];
      std::string bytes;
      result.status = archive_.GetBlob(w.payload_digest, &bytes);
      if (!result.status.ok()) {
        result.failure_reason = "blob_unreadable";
      } else {
        const CaptureRecord& capture = Representative(w.captures, w.host_classes);
        // A document file (by type or extension) is read as one; what turns out
        // to be no document (an HTML page at a .pdf URL) is cleaned as a page.
        result.status = IsAttachmentFile(capture) ? ReadAttachment(bytes, capture, options_, &result.page)
                                                  : Status::InvalidArgument("");
        if (result.status.IsInvalidArgument() && IsPageContentType(capture.content_type)) {
          result.status = CleanCapture(bytes, capture, options_, &result.page);
        }
        if (result.status.IsLimitExceeded()) {
          result.failure_reason = "error:" + result.status.limit();  // error:too_deep, error:too_large, error:timeout
        } else if (!result.status.ok()) {
          result.failure_reason = result.status.IsInvalidArgument() ? "not_a_page" : "error";
        }
        ReportRecord report;
        if (result.status.ok() && ExtractReport(result.page, &report).ok() &&
            (ListedAsReport(w) || report.template_version != "narrative_only")) {
          if (result.page.HasFlag("attachment_unparsed")) report.flags.push_back("attachment_unparsed");
          if (report.tables_status == "attachment" || report.tables_status == "missing") {
            TablesFromAttachments(w, &report);
          }
          // The agency id again, with the crawl site's configured division as the last evidence
          // (and the page's own evidence for a record rebuilt from an attachment).
          const auto site = site_division_codes_.find(capture.site);
          AssignAgencyIdentity(result.page, site == site_division_codes_.end() ? "" : site->second, &report);
          result.report = std::move(report);
        }
        if (result.status.ok()) {
          result.clean_json = json::parse(result.page.ToJson());
          if (result.report) result.report_json = json::parse(result.report->ToJson());
        }
      }
      std::unique_lock lock(mu_);
      space_.wait(lock, [this] { return results_.size() < kMaxQueuedResults || stopping_; });
      if (stopping_) return;
      results_.push_back(std::move(result));
      ready_.notify_one();
    }
  }

  // A report page without tables: its record is rebuilt from the first archived
  // attachment (linked from any URL of the page) that has tables; when none
  // could be read, the record is flagged "attachment_unparsed".
  void TablesFromAttachments(const PayloadWork& w, ReportRecord* report) const {
    std::map<std::string, const CaptureRecord*> linked;
    for (const CaptureRecord& c : w.captures) {
      for (const std::string& page_url : {CaptureUrl(c), c.requested_url}) {
        const auto it = attachments_.find(page_url);
        if (it == attachments_.end()) continue;
        for (const auto& [url, capture] : it->second) linked.emplace(url, &capture);
      }
    }
    bool unparsed = false;
    for (const auto& [url, capture] : linked) {
      std::string bytes;
      CleanPage page;
      ReportRecord from_attachment;
      if (!archive_.GetBlob(capture->payload_digest, &bytes).ok() ||
          !ReadAttachment(bytes, *capture, options_, &page).ok() || page.HasFlag("attachment_unparsed")) {
        unparsed = true;
        continue;
      }
      if (!ExtractReport(page, &from_attachment).ok() || from_attachment.cells.empty()) continue;
      *report = ReportWithAttachmentTables(*report, std::move(from_attachment), url);
      return;
    }
    if (unparsed) {
      report->flags.push_back("attachment_unparsed");
      std::sort(report->flags.begin(), report->flags.end());
      report->flags.erase(std::unique(report->flags.begin(), report->flags.end()), report->flags.end());
    }
  }

  const Archive& archive_;
  const std::vector<PayloadWork>& work_;
  const CleanOptions& options_;
  const AttachmentsByPage& attachments_;
  const std::map<std::string, std::string>& site_division_codes_;
  std::atomic<size_t> next_{0};
  std::mutex mu_;
  std::condition_variable ready_;
  std::condition_variable space_;
  std::deque<CleanResult> results_;
  size_t taken_ = 0;
  bool stopping_ = false;
  std::vector<std::jthread> workers_;  // last: joined first on destruction
};

// What the one scan of the captures finds.
struct CaptureScan {
  std::map<std::string, PayloadWork> by_payload;  // page captures, in capture key order
  AttachmentsByPage attachments;
  std::set<std::string> page_payloads;  // for the document counts
  std::set<std::string> ok_payloads;    // for the mirror merge and the cross-year checks
};

Status ScanCaptures(const Archive& archive, const CleanOptions& options, CaptureScan* out) {
  return archive.ForEachCapture([&](const CaptureRecord& c) {
    if (c.outcome == "ok" && !c.payload_digest.empty()) out->ok_payloads.insert(c.payload_digest);
    if (IsLinkedAttachment(c)) {
      CaptureRecord& latest = out->attachments[c.via][CaptureUrl(c)];
      if (latest.payload_digest.empty() || c.fetched_at >= latest.fetched_at) latest = c;
      return true;
    }
    if (!IsPageCapture(c)) return true;
    out->page_payloads.insert(c.payload_digest);
    PayloadWork& w = out->by_payload[c.payload_digest];
    w.payload_digest = c.payload_digest;
    w.host_classes.push_back(HostClassOf(c, options));
    w.captures.push_back(c);
    return true;
  });
}

// The pass proper; `summary` is filled in as it goes.
class ExtractPass {
 public:
  ExtractPass(Archive& archive, const ExtractPassOptions& options, ExtractSummary* summary)
      : archive_(archive), options_(options), summary_(*summary), writer_(archive, options.all) {}

  Status Run() {
    CaptureScan scan;
    Status s = ScanCaptures(archive_, options_.clean, &scan);
    if (s.ok()) s = SortPayloads(&scan);
    if (!s.ok()) return s;
    Phase("reading captures and markers");
    s = CleanAll(scan.attachments);
    if (!s.ok()) return s;
    Phase("cleaning and writing documents");

    // Mirror copies whose names were replaced, merged into their originals.
    MarkedDocuments marked;
    s = ReadMarkers(archive_, scan.ok_payloads, &marked);
    if (s.ok()) s = MergeMirrorCopies(archive_, marked, options_.threads, &summary_.mirror_merge);
    if (!s.ok()) return s;
    Phase("merging mirror copies");

    // S1/S2 between consecutive years of each agency, stored on both records.
    s = ReadMarkers(archive_, scan.ok_payloads, &marked);  // the merge moved some
    if (s.ok()) s = CheckReportsAcrossYears(archive_, marked, options_.threads, &summary_.across_years);
    if (!s.ok()) return s;
    Phase("cross-year checks");

    s = ReadMarkers(archive_, scan.page_payloads, &marked);
    if (s.ok()) s = CountDocuments(archive_, marked, options_.threads, &summary_.totals);
    if (!s.ok()) return s;
    Phase("counting documents");
    return Status::Ok();
  }

 private:
  void Phase(const char* name) {
    if (options_.phase_done) options_.phase_done(name);
  }

  // Sorts the page payloads into those to clean and those already cleaned,
  // whose new captures are added to their documents now.
  Status SortPayloads(CaptureScan* scan) {
    for (auto& [payload, w] : scan->by_payload) {
      CleaningMarker marker;
      Status s = ReadCleaningMarker(archive_, payload, &marker);
      if (s.ok()) {
        w.previous_document = marker.document_digest;
        if (!options_.all) {
          ++summary_.pages_already_cleaned;
          if (!w.previous_document.empty()) {
            s = writer_.AddNewCaptures(w);
            if (s.ok() && writer_.pending() >= kPayloadsPerBatch) s = writer_.Flush();
            if (!s.ok()) return s;
          }
          continue;
        }
      } else if (s.IsCorruption() && options_.all) {
        // --all cleans the payload again and writes a new marker over the
        // malformed one.
      } else if (!s.IsNotFound()) {
        return s;
      }
      to_clean_.push_back(std::move(w));
    }
    scan->by_payload.clear();
    summary_.pages_to_clean = static_cast<int64_t>(to_clean_.size());
    return writer_.Flush();
  }

  Status CleanAll(const AttachmentsByPage& attachments) {
    {
      CleanPool pool(archive_, to_clean_, options_.clean, attachments, options_.site_division_codes,
                     std::min<int>(options_.threads, std::max<int>(1, to_clean_.size())));
      size_t received = 0;
      size_t in_batch = 0;
      while (received < to_clean_.size()) {
        for (CleanResult& r : pool.Take()) {
          ++received;
          Status s = Write(r);
          if (s.ok() && ++in_batch >= kPayloadsPerBatch) {
            s = writer_.Flush();
            in_batch = 0;
          }
          if (!s.ok()) return s;
        }
        if (received < to_clean_.size()) Progress(false);
      }
      Status s = writer_.Flush();
      if (!s.ok()) return s;
    }
    Progress(true);
    summary_.written = writer_.counts();
    return Status::Ok();
  }

  Status Write(CleanResult& r) {
    const PayloadWork& w = to_clean_[r.work_index];
    if (!r.status.ok()) {
      ++summary_.pages_failed;
      ++summary_.failures[r.failure_reason];
      if (options_.on_failure) options_.on_failure(w.payload_digest, r.failure_reason, r.status);
      writer_.AddFailure(w, r.failure_reason, r.status.message());
      return Status::Ok();
    }
    ++summary_.pages_cleaned;
    if (r.page.HasFlag("spam_injected")) ++summary_.spam_pages;
    if (r.report) {
      ++summary_.reports_extracted;
      ++summary_.report_templates[r.report->template_version];
      bool hard_fail = false;
      for (const ReportCheck& c : r.report->hard_checks) hard_fail = hard_fail || c.outcome == "fail";
      if (hard_fail) ++summary_.reports_failing_identities;
      if (!r.report->ambiguous_rows.empty()) ++summary_.reports_with_ambiguous_rows;
      if (r.report->agency_id.empty()) ++summary_.reports_without_agency_id;
      if (!r.report->tables_source.empty()) ++summary_.reports_tables_from_attachments;
    }
    return writer_.AddCleaned(w, r.page, std::move(r.clean_json), std::move(r.report_json));
  }

  void Progress(bool last) {
    if (options_.progress) {
      options_.progress(summary_.pages_cleaned + summary_.pages_failed, summary_.pages_failed,
                        summary_.pages_to_clean, last);
    }
  }

  Archive& archive_;
  const ExtractPassOptions& options_;
  ExtractSummary& summary_;
  DocumentWriter writer_;
  std::vector<PayloadWork> to_clean_;
};

}  // namespace

bool ExtractSummary::unreadable_pages() const {
  return std::any_of(failures.begin(), failures.end(), [](const auto& f) { return f.first != "not_a_page"; });
}

Status RunExtractPass(Archive& archive, const ExtractPassOptions& options, ExtractSummary* out) {
  ExtractSummary summary;
  ExtractPass pass(archive, options, &summary);
  Status s = pass.Run();
  if (!s.ok()) return s;
  *out = std::move(summary);
  return Status::Ok();
}

}  // namespace govharvest
