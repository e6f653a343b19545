#include "app/clean_commands.h"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <numeric>
#include <optional>
#include <set>
#include <spdlog/spdlog.h>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "app/across_years.h"
#include "app/document_merge.h"
#include "app/exit_codes.h"
#include "app/saved_file.h"
#include "crawler/url.h"
#include "extract/attachment.h"
#include "extract/clean.h"
#include "extract/report.h"
#include "store/document_parts.h"

namespace govharvest {

namespace {

using nlohmann::json;

// Payloads per atomic batch in `extract`.
constexpr size_t kPayloadsPerBatch = 64;
// Results waiting for the writer before workers pause.
constexpr size_t kMaxQueuedResults = 256;


// Errors about what was asked to be cleaned: one line, exit 1.
int FailInput(const std::string& message) {
  std::string line = message;
  std::replace(line.begin(), line.end(), '\n', ' ');
  std::fprintf(stderr, "govharvest: error: %s\n", line.c_str());
  return kExitFailure;
}

CleanOptions OptionsFromConfig(const GlobalOptions& g) {
  CleanOptions options;
  if (g.config != nullptr) options.allowed_hosts = g.config->allowed_hosts;
  return options;
}

std::string CaptureUrl(const CaptureRecord& c) { return c.final_url.empty() ? c.requested_url : c.final_url; }

// "gov", "allowed", "mirror" or "unknown" (no http host), as CleanPage::host_class.
std::string HostClassOf(const CaptureRecord& c, const CleanOptions& options) {
  UrlParts parts;
  if (!SplitUrl(CaptureUrl(c), &parts).ok() || parts.host.empty()) return "unknown";
  if (IsAuthoritativeHost(parts.host, options.allowed_hosts)) {
    return parts.host == "gov.cn" || parts.host.ends_with(".gov.cn") ? "gov" : "allowed";
  }
  return "mirror";
}

bool IsPageContentType(std::string_view type) {
  return type.empty() || type == "text/html" || type == "application/xhtml+xml" || type == "text/plain";
}

// A document file (PDF, DOCX, DOC, WPS) by content type or URL extension.
bool IsAttachmentFile(const CaptureRecord& c) { return IsAttachmentCandidate(c.content_type, CaptureUrl(c)); }

// A capture `extract` cleans: an ok capture with a payload that is (or may be)
// a page, and not a column list page or robots.txt; or a report listed in a
// column as a document file (read with ReadAttachment).
bool IsPageCapture(const CaptureRecord& c) {
  if (c.outcome != "ok" || c.payload_digest.empty() || c.role == "list" || c.role == "robots") return false;
  return IsPageContentType(c.content_type) || (c.role == "report" && IsAttachmentFile(c));
}

// An archived document file linked from a page (`via`): where a report page's
// tables may be.
bool IsLinkedAttachment(const CaptureRecord& c) {
  return c.outcome == "ok" && !c.payload_digest.empty() && !c.via.empty() && c.role != "report" &&
         IsAttachmentFile(c);
}

// Latest capture of each attachment URL, by the URL of the page linking it.
using AttachmentsByPage = std::map<std::string, std::map<std::string, CaptureRecord>>;

json CaptureEntry(const CaptureRecord& c, const std::string& host_class) {
  return {{"url", CaptureUrl(c)},
          {"fetched_at", FormatTimestamp(c.fetched_at)},
          {"fetched_at_us", c.fetched_at},
          {"payload_digest", c.payload_digest},
          {"site", c.site},
          {"role", c.role},
          {"listed_year", c.listed_year},
          {"host_class", host_class}};
}

std::string HtmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out.push_back(ch);
    }
  }
  return out;
}

void RenderTable(const CleanTable& table, std::string* out) {
  *out += "<table>\n";
  if (!table.caption.empty()) *out += "<caption>" + HtmlEscape(table.caption) + "</caption>\n";
  const int rows = table.row_count();
  const int cols = table.column_count();
  for (int r = 0; r < rows; ++r) {
    *out += "<tr>";
    for (int c = 0; c < cols; ++c) {
      const CleanTable::Cell& cell = table.rows[r][c];
      if (cell.covered) continue;
      // The span of an origin cell: the covered slots pointing back at it.
      auto covers = [&](int rr, int cc) {
        const CleanTable::Cell& other = table.rows[rr][cc];
        return other.covered && other.origin_row == r && other.origin_col == c;
      };
      int colspan = 1;
      while (c + colspan < cols && covers(r, c + colspan)) ++colspan;
      int rowspan = 1;
      while (r + rowspan < rows && covers(r + rowspan, c)) ++rowspan;
      const char* tag = cell.header ? "th" : "td";
      *out += std::string("<") + tag;
      if (colspan > 1) *out += " colspan=\"" + std::to_string(colspan) + "\"";
      if (rowspan > 1) *out += " rowspan=\"" + std::to_string(rowspan) + "\"";
      *out += ">" + HtmlEscape(cell.text) + "</" + tag + ">";
    }
    *out += "</tr>\n";
  }
  *out += "</table>\n";
}

// A small self-contained HTML page: title, metadata, the content blocks with
// the tables (spans restored), attachments, flags and provenance.
std::string RenderHtml(const CleanPage& page) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
      HtmlEscape(page.title) +
      "</title>\n<style>\n"
      "body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em;line-height:1.6}\n"
      "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #888;padding:.2em .5em}\n"
      "th{background:#eee}dl.meta{display:grid;grid-template-columns:max-content auto;gap:.1em 1em;"
      "background:#f6f6f6;padding:.5em}dt{font-weight:bold}.prov{color:#666;font-size:.85em}\n"
      "</style>\n</head>\n<body>\n";
  out += "<h1>" + HtmlEscape(page.title) + "</h1>\n";
  if (!page.metadata.empty()) {
    out += "<dl class=\"meta\">\n";
    for (const auto& [key, value] : page.metadata) {
      out += "<dt>" + HtmlEscape(key) + "</dt><dd>" + HtmlEscape(value) + "</dd>\n";
    }
    out += "</dl>\n";
  }
  for (const ContentBlock& b : page.blocks) {
    switch (b.kind) {
      case ContentBlock::Kind::kHeading: {
        const int level = std::clamp(b.level + 1, 2, 6);
        out += "<h" + std::to_string(level) + ">" + HtmlEscape(b.text) + "</h" + std::to_string(level) + ">\n";
        break;
      }
      case ContentBlock::Kind::kParagraph: out += "<p>" + HtmlEscape(b.text) + "</p>\n"; break;
      case ContentBlock::Kind::kTable: RenderTable(b.table, &out); break;
      case ContentBlock::Kind::kImage:
        out += "<p><img src=\"" + HtmlEscape(b.url) + "\" alt=\"" + HtmlEscape(b.text) + "\"></p>\n";
        break;
      case ContentBlock::Kind::kAttachment:
        out += "<p class=\"attachment\">附件: <a href=\"" + HtmlEscape(b.url) + "\">" +
               HtmlEscape(b.text.empty() ? b.url : b.text) + "</a></p>\n";
        break;
    }
  }
  out += "<hr>\n<p class=\"prov\">" + HtmlEscape(page.url) + " &middot; " + HtmlEscape(page.host_class) +
         " &middot; " + HtmlEscape(page.document_digest);
  if (!page.flags.empty()) {
    out += " &middot; flags:";
    for (const auto& f : page.flags) out += " " + HtmlEscape(f);
  }
  if (!page.identity.name.empty()) {
    out += " &middot; inferred identity: " + HtmlEscape(page.identity.name) + " (replaced " +
           HtmlEscape(page.identity.replaced_string) + ")";
  }
  out += "</p>\n</body>\n</html>\n";
  return out;
}

std::string RenderText(const CleanPage& page) {
  std::string out = page.title + "\n";
  for (const auto& [key, value] : page.metadata) out += key + ": " + value + "\n";
  out += "\n" + page.clean_text;
  bool first = true;
  for (const ContentBlock& b : page.blocks) {
    if (b.kind != ContentBlock::Kind::kAttachment) continue;
    if (first) out += "\n";
    first = false;
    out += "附件: " + (b.text.empty() ? b.url : b.text) + " <" + b.url + ">\n";
  }
  return out;
}

// The capture to clean a payload from: an authoritative host first, then the latest.
const CaptureRecord& Representative(const std::vector<CaptureRecord>& captures,
                                    const std::vector<std::string>& host_classes) {
  size_t best = 0;
  auto rank = [&](size_t i) { return host_classes[i] == "mirror" ? 0 : 1; };
  for (size_t i = 1; i < captures.size(); ++i) {
    if (rank(i) > rank(best) || (rank(i) == rank(best) && captures[i].fetched_at > captures[best].fetched_at)) {
      best = i;
    }
  }
  return captures[best];
}

// Union-find over document indexes.
class DisjointSets {
 public:
  explicit DisjointSets(size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), size_t{0}); }
  size_t Find(size_t i) {
    while (parent_[i] != i) {
      parent_[i] = parent_[parent_[i]];
      i = parent_[i];
    }
    return i;
  }
  void Join(size_t a, size_t b) { parent_[Find(a)] = Find(b); }

 private:
  std::vector<size_t> parent_;
};

}  // namespace

Status CountDocuments(const Archive& archive, int threads, DocumentCounts* out) {
  DocumentCounts counts;
  std::set<std::string> payloads;
  Status s = archive.ForEachCapture([&](const CaptureRecord& c) {
    if (IsPageCapture(c)) payloads.insert(c.payload_digest);
    return true;
  });
  if (!s.ok()) return s;
  std::set<std::string> documents;
  for (const std::string& payload : payloads) {
    std::string marker_text;
    s = archive.GetDoc(CleaningMarkerKey(payload), &marker_text);
    if (s.IsNotFound()) continue;
    if (!s.ok()) return s;
    const json marker = json::parse(marker_text, nullptr, /*allow_exceptions=*/false);
    ++counts.payloads_cleaned;
    if (marker.is_object() && marker.contains("document_digest")) {
      documents.insert(marker["document_digest"].get<std::string>());
    } else {
      ++counts.payloads_failed;
    }
  }
  std::vector<uint64_t> simhashes;
  const std::vector<std::string> document_list(documents.begin(), documents.end());
  auto count = [&](const std::string&, json& doc) {
    if (!doc.contains("captures") || doc["captures"].empty()) return Status::Ok();
    ++counts.documents;
    const int64_t n = static_cast<int64_t>(doc["captures"].size());
    counts.captures += n;
    if (n > 1) ++counts.duplicate_groups;
    const json& clean = doc["clean"];
    const std::string simhash = clean.is_object() ? clean.value("simhash", "") : "";
    uint64_t value = 0;  // a missing or malformed hash reads as 0
    std::from_chars(simhash.data(), simhash.data() + simhash.size(), value, 16);
    simhashes.push_back(value);
    return Status::Ok();
  };
  s = ForEachDocumentParts(archive, document_list, {"captures", "clean.simhash"}, threads, count);
  if (!s.ok()) return s;
  // Near duplicates: within distance 3 of 64 bits, two hashes agree on at
  // least one of four 16-bit blocks, so only hashes sharing a block are compared.
  DisjointSets groups(simhashes.size());
  for (int block = 0; block < 4; ++block) {
    std::unordered_map<uint16_t, std::vector<size_t>> buckets;
    for (size_t i = 0; i < simhashes.size(); ++i) {
      buckets[static_cast<uint16_t>(simhashes[i] >> (16 * block))].push_back(i);
    }
    for (const auto& [key, members] : buckets) {
      for (size_t a = 0; a < members.size(); ++a) {
        for (size_t b = a + 1; b < members.size(); ++b) {
          if (IsNearDuplicate(simhashes[members[a]], simhashes[members[b]])) groups.Join(members[a], members[b]);
        }
      }
    }
  }
  std::map<size_t, int64_t> group_sizes;
  for (size_t i = 0; i < simhashes.size(); ++i) ++group_sizes[groups.Find(i)];
  for (const auto& [root, size] : group_sizes) {
    if (size < 2) continue;
    ++counts.near_duplicate_groups;
    counts.documents_in_near_duplicate_groups += size;
  }
  *out = counts;
  return Status::Ok();
}

int RunClean(const GlobalOptions& g, const CleanArgs& args) {
  const CleanOptions options = OptionsFromConfig(g);
  CaptureRecord capture;
  std::string bytes;
  std::error_code ec;
  std::string target = args.target;
  if (std::filesystem::exists(target, ec)) {
    SavedFileOptions file_options;
    file_options.url = args.url;
    if (std::string ignored; !args.url.empty()) {
      if (Status s = CheckRecordedUrl(args.url, &ignored); !s.ok()) return Fail(s);
    }
    Status s = ReadSavedFile(target, file_options, &capture, &bytes);
    if (!s.ok()) return FailInput(s.message());
  } else {
    if (!args.url.empty()) return FailInput("--url applies to a FILE, but '" + target + "' is not a file");
    if (target.size() == 64 && target.find_first_not_of("0123456789abcdef") == std::string::npos) {
      target = "sha256:" + target;
    }
    const bool is_digest = IsPayloadDigest(target);
    if (!is_digest && target.find("://") == std::string::npos) {
      return FailInput("'" + target + "' is neither a file, a URL nor a sha256: payload digest");
    }
    ArchiveOptions archive_options;
    archive_options.read_only = true;
    std::unique_ptr<Archive> archive;
    Status s = Archive::Open(g.archive_dir, archive_options, &archive);
    if (!s.ok()) return Fail(s);
    if (is_digest) {
      std::vector<CaptureRecord> captures;
      s = archive->GetCapturesByDigest(target, &captures);
      if (!s.ok()) return FailInput(s.message());
      if (captures.empty()) return FailInput("no capture of payload " + target + " in " + g.archive_dir);
      std::vector<std::string> classes;
      for (const auto& c : captures) classes.push_back(HostClassOf(c, options));
      capture = Representative(captures, classes);
    } else {
      s = archive->GetLatestCapture(target, &capture);
      if (!s.ok()) return FailInput(s.message());
      if (capture.payload_digest.empty()) {
        return FailInput("latest capture of " + target + " (" + capture.outcome + ") has no payload");
      }
    }
    s = archive->GetBlob(capture.payload_digest, &bytes);
    if (!s.ok()) return FailInput(s.message());
  }

  CleanPage page;
  Status s = CleanCapture(bytes, capture, options, &page);
  if (!s.ok()) return FailInput("cannot clean " + args.target + ": " + s.message());
  if (args.format == "json") {
    std::cout << json::parse(page.ToJson()).dump(2) << "\n";
  } else if (args.format == "html") {
    std::cout << RenderHtml(page);
  } else {
    std::cout << RenderText(page);
  }
  std::cout.flush();
  return std::cout ? 0 : kExitFailure;
}

namespace {

// One payload to clean, with every page capture that carries it.
struct PayloadWork {
  std::string payload_digest;
  std::vector<CaptureRecord> captures;
  std::vector<std::string> host_classes;  // per capture
  std::string previous_document;          // from an earlier marker ("" when none)
};

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
            const AttachmentsByPage& attachments, int threads)
      : archive_(archive), work_(work), options_(options), attachments_(attachments) {
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
  std::atomic<size_t> next_{0};
  std::mutex mu_;
  std::condition_variable ready_;
  std::condition_variable space_;
  std::deque<CleanResult> results_;
  size_t taken_ = 0;
  bool stopping_ = false;
  std::vector<std::jthread> workers_;  // last: joined first on destruction
};

struct ExtractCounters {
  int64_t pages_to_clean = 0;
  int64_t pages_cleaned = 0;
  int64_t pages_failed = 0;
  int64_t pages_already_cleaned = 0;
  int64_t captures_added = 0;
  int64_t documents_created = 0;
  int64_t documents_updated = 0;
  int64_t duplicates_merged = 0;
  int64_t spam_pages = 0;
  int64_t mirror_pages = 0;
  int64_t reports_extracted = 0;
  int64_t reports_failing_identities = 0;  // some hard identity (H1-H5) failed
  int64_t reports_tables_from_attachments = 0;
  std::map<std::string, int64_t> report_templates;
  std::map<std::string, int64_t> failures;
};

// Document entries and markers of one atomic batch; documents are read from
// the archive once and then changed in memory until the batch is written.
class DocumentWriter {
 public:
  DocumentWriter(Archive& archive, bool redo_all, ExtractCounters& counters)
      : archive_(archive), redo_all_(redo_all), counters_(counters) {}

  // Adds the captures of `w` to the document `page` belongs to, and marks the
  // payload. The document's "report" is the record extracted from its stored
  // "clean" page.
  Status AddCleaned(const PayloadWork& w, const CleanPage& page, json clean_json, json report_json) {
    json* doc = nullptr;
    Status s = Load(page.document_digest, &doc);
    if (!s.ok()) return s;
    const bool created = doc->is_null();
    if (created) {
      *doc = {{"schema", kDocumentSchema}, {"document_digest", page.document_digest}, {"captures", json::array()}};
    }
    // The stored cleaning comes from an authoritative host when there is one;
    // with --all it is refreshed (the cleaner may have changed).
    const bool has_clean = doc->contains("clean");
    const bool existing_is_mirror = has_clean && (*doc)["clean"].value("host_class", "") == "mirror";
    const bool new_is_mirror = page.host_class == "mirror";
    if (!has_clean || (existing_is_mirror && !new_is_mirror) ||
        (redo_all_ && (existing_is_mirror || !new_is_mirror))) {
      (*doc)["clean"] = std::move(clean_json);
      if (!report_json.is_null()) {
        (*doc)["report"] = std::move(report_json);
      } else {
        doc->erase("report");
      }
    }
    const int64_t added = AddCaptures(w, doc);
    if (created) {
      ++counters_.documents_created;
    } else if (added > 0) {
      ++counters_.documents_updated;
    }
    if (!w.previous_document.empty() && w.previous_document != page.document_digest) {
      // --all after the cleaner changed: the payload's captures move to the new document.
      json* old_doc = nullptr;
      s = Load(w.previous_document, &old_doc);
      if (!s.ok()) return s;
      if (old_doc->is_object()) {
        json& list = (*old_doc)["captures"];
        for (auto it = list.begin(); it != list.end();) {
          it = it->value("payload_digest", "") == w.payload_digest ? list.erase(it) : it + 1;
        }
      }
    }
    markers_[w.payload_digest] = json{{"schema", kDocumentSchema}, {"document_digest", page.document_digest}}.dump();
    return Status::Ok();
  }

  // Lists captures of an already cleaned payload that its document lacks.
  // Re-runs mostly bring none, so a document not loaded yet is first read for
  // its capture list alone.
  Status AddNewCaptures(const PayloadWork& w) {
    if (docs_.count(w.previous_document) == 0) {
      json listed;
      Status s = ReadDocumentParts(archive_, w.previous_document, {"captures"}, &listed);
      if (s.IsNotFound()) return Status::Ok();  // marker without document: left for --all
      if (!s.ok()) return s;
      bool all_listed = true;
      for (size_t i = 0; i < w.captures.size() && all_listed; ++i) {
        all_listed = ListsCapture(listed["captures"], CaptureEntry(w.captures[i], w.host_classes[i]));
      }
      if (all_listed) return Status::Ok();
    }
    json* doc = nullptr;
    Status s = Load(w.previous_document, &doc);
    if (!s.ok()) return s;
    if (doc->is_null()) return Status::Ok();  // marker without document: left for --all
    if (AddCaptures(w, doc) > 0) ++counters_.documents_updated;
    return Status::Ok();
  }

  void AddFailure(const PayloadWork& w, const std::string& reason, const std::string& detail) {
    markers_[w.payload_digest] = json{{"schema", kDocumentSchema}, {"failure", reason}, {"detail", detail}}.dump();
  }

  bool empty() const { return docs_.empty() && markers_.empty(); }
  // Document entries and markers waiting for Flush.
  size_t pending() const { return docs_.size() + markers_.size(); }

  Status Flush() {
    if (empty()) return Status::Ok();
    ArchiveBatch batch;
    for (auto& [digest, doc] : docs_) {
      if (doc.is_object()) batch.PutDoc(digest, doc.dump());
    }
    for (auto& [payload, marker] : markers_) batch.PutDoc(CleaningMarkerKey(payload), std::move(marker));
    docs_.clear();
    markers_.clear();
    return archive_.Write(std::move(batch));
  }

 private:
  Status Load(const std::string& digest, json** out) {
    auto it = docs_.find(digest);
    if (it == docs_.end()) {
      std::string text;
      Status s = archive_.GetDoc(digest, &text);
      json doc;  // null: no entry yet
      if (s.ok()) {
        doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
        if (!doc.is_object()) return Status::Corruption("document " + digest + " is not a JSON object");
      } else if (!s.IsNotFound()) {
        return s;
      }
      it = docs_.emplace(digest, std::move(doc)).first;
    }
    *out = &it->second;
    return Status::Ok();
  }

  int64_t AddCaptures(const PayloadWork& w, json* doc) {
    json& list = (*doc)["captures"];
    int64_t added = 0;
    for (size_t i = 0; i < w.captures.size(); ++i) {
      json entry = CaptureEntry(w.captures[i], w.host_classes[i]);
      if (ListsCapture(list, entry)) continue;
      if (!list.empty()) ++counters_.duplicates_merged;
      if (w.host_classes[i] == "mirror") ++counters_.mirror_pages;
      list.push_back(std::move(entry));
      ++added;
    }
    counters_.captures_added += added;
    return added;
  }

  Archive& archive_;
  const bool redo_all_;
  ExtractCounters& counters_;
  std::map<std::string, json> docs_;
  std::map<std::string, std::string> markers_;
};

// Progress on stderr: rewritten in place on a terminal, a line every few seconds otherwise.
class ProgressLine {
 public:
  explicit ProgressLine(int64_t total) : total_(total), tty_(::isatty(STDERR_FILENO) != 0) {}
  void Update(int64_t done, int64_t failed, bool last = false) {
    const auto now = std::chrono::steady_clock::now();
    const auto interval = tty_ ? std::chrono::milliseconds(200) : std::chrono::milliseconds(5000);
    if (!last && now - last_ < interval) return;
    last_ = now;
    const int percent = total_ > 0 ? static_cast<int>(100 * done / total_) : 100;
    std::fprintf(stderr, "%sextract: %lld/%lld pages cleaned (%d%%), %lld failed%s", tty_ ? "\r" : "",
                 static_cast<long long>(done), static_cast<long long>(total_), percent,
                 static_cast<long long>(failed), tty_ && !last ? "" : "\n");
    std::fflush(stderr);
  }

 private:
  const int64_t total_;
  const bool tty_;
  std::chrono::steady_clock::time_point last_{};
};

// Logs (at debug level) how long each phase of a run took.
class PhaseClock {
 public:
  explicit PhaseClock(spdlog::logger& logger) : logger_(logger) {}
  void Done(const char* phase) {
    const auto now = std::chrono::steady_clock::now();
    logger_.debug("extract: {} took {:.2f} s", phase, std::chrono::duration<double>(now - start_).count());
    start_ = now;
  }

 private:
  spdlog::logger& logger_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace

int RunExtract(const GlobalOptions& g, const ExtractArgs& args) {
  PhaseClock clock(*g.logger);
  ArchiveOptions archive_options;
  std::unique_ptr<Archive> archive;
  Status s = Archive::Open(g.archive_dir, archive_options, &archive);
  if (!s.ok()) return Fail(s);
  const CleanOptions options = OptionsFromConfig(g);

  // Page captures by payload, in capture key order.
  std::map<std::string, PayloadWork> by_payload;
  AttachmentsByPage attachments;
  s = archive->ForEachCapture([&](const CaptureRecord& c) {
    if (IsLinkedAttachment(c)) {
      CaptureRecord& latest = attachments[c.via][CaptureUrl(c)];
      if (latest.payload_digest.empty() || c.fetched_at >= latest.fetched_at) latest = c;
      return true;
    }
    if (!IsPageCapture(c)) return true;
    PayloadWork& w = by_payload[c.payload_digest];
    w.payload_digest = c.payload_digest;
    w.host_classes.push_back(HostClassOf(c, options));
    w.captures.push_back(c);
    return true;
  });
  if (!s.ok()) return Fail(s);

  ExtractCounters counters;
  DocumentWriter writer(*archive, args.all, counters);
  std::vector<PayloadWork> to_clean;
  for (auto& [payload, w] : by_payload) {
    std::string marker_text;
    s = archive->GetDoc(CleaningMarkerKey(payload), &marker_text);
    if (s.ok()) {
      const json marker = json::parse(marker_text, nullptr, /*allow_exceptions=*/false);
      if (marker.is_object()) w.previous_document = marker.value("document_digest", "");
      if (!args.all) {
        ++counters.pages_already_cleaned;
        if (!w.previous_document.empty()) {
          s = writer.AddNewCaptures(w);
          if (s.ok() && writer.pending() >= kPayloadsPerBatch) s = writer.Flush();
          if (!s.ok()) return Fail(s);
        }
        continue;
      }
    } else if (!s.IsNotFound()) {
      return Fail(s);
    }
    to_clean.push_back(std::move(w));
  }
  s = writer.Flush();
  if (!s.ok()) return Fail(s);
  by_payload.clear();
  clock.Done("reading captures and markers");
  counters.pages_to_clean = static_cast<int64_t>(to_clean.size());

  const int threads = args.jobs > 0 ? args.jobs : std::max(1u, std::thread::hardware_concurrency());
  ProgressLine progress(counters.pages_to_clean);
  {
    CleanPool pool(*archive, to_clean, options, attachments,
                   std::min<int>(threads, std::max<int>(1, to_clean.size())));
    size_t received = 0;
    size_t in_batch = 0;
    while (received < to_clean.size()) {
      for (CleanResult& r : pool.Take()) {
        ++received;
        const PayloadWork& w = to_clean[r.work_index];
        if (r.status.ok()) {
          ++counters.pages_cleaned;
          if (r.page.HasFlag("spam_injected")) ++counters.spam_pages;
          if (r.report) {
            ++counters.reports_extracted;
            ++counters.report_templates[r.report->template_version];
            bool hard_fail = false;
            for (const ReportCheck& c : r.report->hard_checks) hard_fail = hard_fail || c.outcome == "fail";
            if (hard_fail) ++counters.reports_failing_identities;
            if (!r.report->tables_source.empty()) ++counters.reports_tables_from_attachments;
          }
          s = writer.AddCleaned(w, r.page, std::move(r.clean_json), std::move(r.report_json));
          if (!s.ok()) return Fail(s);
        } else {
          ++counters.pages_failed;
          ++counters.failures[r.failure_reason];
          if (r.status.IsLimitExceeded()) {
            // Recorded, and not tried again unless --all (docs/reliability.md).
            g.logger->warn("{} ({}): {}; skipped", w.payload_digest, r.failure_reason, r.status.message());
          } else {
            g.logger->debug("cannot clean {}: {}", w.payload_digest, r.status.message());
          }
          writer.AddFailure(w, r.failure_reason, r.status.message());
        }
        if (++in_batch >= kPayloadsPerBatch) {
          s = writer.Flush();
          if (!s.ok()) return Fail(s);
          in_batch = 0;
        }
      }
      if (received < to_clean.size()) progress.Update(counters.pages_cleaned + counters.pages_failed, counters.pages_failed);
    }
    s = writer.Flush();
    if (!s.ok()) return Fail(s);
  }
  progress.Update(counters.pages_cleaned + counters.pages_failed, counters.pages_failed, /*final=*/true);
  clock.Done("cleaning and writing documents");

  // Mirror copies whose names were replaced, merged into their originals (app/document_merge.h).
  MirrorMergeCounts mirror_merge;
  s = MergeMirrorCopies(*archive, threads, &mirror_merge);
  if (!s.ok()) return Fail(s);
  clock.Done("merging mirror copies");

  // S1/S2 between consecutive years of each agency, stored on both records.
  AcrossYearsCounts across_years;
  s = CheckReportsAcrossYears(*archive, threads, &across_years);
  if (!s.ok()) return Fail(s);
  clock.Done("cross-year checks");

  DocumentCounts totals;
  s = CountDocuments(*archive, threads, &totals);
  if (!s.ok()) return Fail(s);
  clock.Done("counting documents");
  json summary = {{"archive", g.archive_dir},
                  {"all", args.all},
                  {"pages_to_clean", counters.pages_to_clean},
                  {"pages_cleaned", counters.pages_cleaned},
                  {"pages_failed", counters.pages_failed},
                  {"failures", counters.failures},
                  {"pages_already_cleaned", counters.pages_already_cleaned},
                  {"captures_added", counters.captures_added},
                  {"documents_created", counters.documents_created},
                  {"documents_updated", counters.documents_updated},
                  {"duplicates_merged", counters.duplicates_merged},
                  {"spam_pages", counters.spam_pages},
                  {"mirror_pages", counters.mirror_pages},
                  {"mirror_copies_merged", mirror_merge.merged},
                  {"mirror_captures_merged", mirror_merge.captures_moved},
                  {"mirror_copies_ambiguous", mirror_merge.ambiguous},
                  {"reports_extracted", counters.reports_extracted},
                  {"report_templates", counters.report_templates},
                  {"reports_failing_identities", counters.reports_failing_identities},
                  {"reports_tables_from_attachments", counters.reports_tables_from_attachments},
                  {"across_years_agencies", across_years.agencies},
                  {"across_years_pairs", across_years.pairs},
                  {"across_years_checks", across_years.outcomes},
                  {"across_years_documents_updated", across_years.documents_updated},
                  {"documents", totals.documents},
                  {"duplicate_groups", totals.duplicate_groups},
                  {"near_duplicate_groups", totals.near_duplicate_groups}};
  std::cout << summary.dump(2) << "\n";
  // Pages that could not be read (damaged blobs, limits, reader errors) make
  // the run fail loudly; payloads that are no pages (images, archives) do not.
  const bool unreadable = std::any_of(counters.failures.begin(), counters.failures.end(),
                                      [](const auto& f) { return f.first != "not_a_page"; });
  return unreadable ? kExitFailure : kExitOk;
}

}  // namespace govharvest
