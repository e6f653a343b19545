#include "app/clean_commands.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <string>
#include <thread>
#include <vector>

#include "app/exit_codes.h"
#include "app/saved_file.h"
#include "extract/clean.h"
#include "pipeline/extract_pass.h"
#include "pipeline/page_captures.h"
#include "store/html_escape.h"
#include "store/progress.h"
#include "store/records.h"

namespace govharvest {

namespace {

using nlohmann::json;

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

}  // namespace

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

  ExtractPassOptions options;
  options.all = args.all;
  options.threads = args.jobs > 0 ? args.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  options.clean = OptionsFromConfig(g);
  if (g.config != nullptr) {
    for (const SiteConfig& site : g.config->sites) {
      if (!site.division_code.empty()) options.site_division_codes[site.name] = site.division_code;
    }
  }
  // Rewritten in place on a terminal, a line every few seconds otherwise.
  ProgressReporter::Options progress_options;
  progress_options.terminal = ProgressReporter::StderrIsTerminal();
  progress_options.interval_us = progress_options.terminal ? 200'000 : 5'000'000;
  progress_options.log = ProgressReporter::WriteLineToStderr;
  ProgressReporter progress(std::move(progress_options));
  options.phase_done = [&](const char* phase) { clock.Done(phase); };
  options.progress = [&](int64_t done, int64_t failed, int64_t total, bool last) {
    const int percent = total > 0 ? static_cast<int>(100 * done / total) : 100;
    char line[160];
    std::snprintf(line, sizeof line, "extract: %lld/%lld pages cleaned (%d%%), %lld failed", static_cast<long long>(done),
                  static_cast<long long>(total), percent, static_cast<long long>(failed));
    progress.Update(line, last);
  };
  options.on_failure = [&](const std::string& payload, const std::string& reason, const Status& error) {
    if (error.IsLimitExceeded()) {
      // Recorded, and not tried again unless --all (docs/reliability.md).
      g.logger->warn("{} ({}): {}; skipped", payload, reason, error.message());
    } else {
      g.logger->debug("cannot clean {}: {}", payload, error.message());
    }
  };
  ExtractSummary counters;
  s = RunExtractPass(*archive, options, &counters);
  if (!s.ok()) return Fail(s);
  const DocumentWriterCounts& written = counters.written;
  const MirrorMergeCounts& mirror_merge = counters.mirror_merge;
  const AcrossYearsCounts& across_years = counters.across_years;
  const DocumentCounts& totals = counters.totals;
  json summary = {{"archive", g.archive_dir},
                  {"all", args.all},
                  {"pages_to_clean", counters.pages_to_clean},
                  {"pages_cleaned", counters.pages_cleaned},
                  {"pages_failed", counters.pages_failed},
                  {"failures", counters.failures},
                  {"pages_already_cleaned", counters.pages_already_cleaned},
                  {"captures_added", written.captures_added},
                  {"documents_created", written.documents_created},
                  {"documents_updated", written.documents_updated},
                  {"duplicates_merged", written.duplicates_merged},
                  {"spam_pages", counters.spam_pages},
                  {"mirror_pages", written.mirror_pages},
                  {"mirror_copies_merged", mirror_merge.merged},
                  {"mirror_captures_merged", mirror_merge.captures_moved},
                  {"mirror_copies_ambiguous", mirror_merge.ambiguous},
                  {"reports_extracted", counters.reports_extracted},
                  {"report_templates", counters.report_templates},
                  {"reports_failing_identities", counters.reports_failing_identities},
                  {"reports_with_ambiguous_rows", counters.reports_with_ambiguous_rows},
                  {"reports_without_agency_id", counters.reports_without_agency_id},
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
  return counters.unreadable_pages() ? kExitFailure : kExitOk;
}

}  // namespace govharvest
