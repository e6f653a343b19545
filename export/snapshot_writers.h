// The report formats of a snapshot: reports.jsonl, stats_long.csv and
// stats_wide.csv, texts/, govharvest.sqlite, summary.html, and the field
// dictionary fields.csv and rules.csv (columns and tables in docs/export.md).
//
// Every writer is fed the same stream: captures in archive key order, then
// the reports in report order (SnapshotIndex::reports), then the other
// documents by digest; Finish closes its files and names them. Writers hold
// no clock and no randomness: the same stream gives the same bytes.
#ifndef GOVHARVEST_EXPORT_SNAPSHOT_WRITERS_H_
#define GOVHARVEST_EXPORT_SNAPSHOT_WRITERS_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "export/snapshot.h"
#include "store/records.h"
#include "store/status.h"

namespace govharvest {

class SnapshotWriter {
 public:
  virtual ~SnapshotWriter() = default;
  // A capture in scope; `document_digest` is "" when it is not in a document.
  virtual Status AddCapture(const CaptureRecord& capture, const std::string& document_digest) {
    (void)capture;
    (void)document_digest;
    return Status::Ok();
  }
  virtual Status AddDocument(const SnapshotDocument& document) = 0;
  // Closes the files; appends their paths relative to the snapshot directory.
  virtual Status Finish(std::vector<std::string>* files) = 0;
};

// One statistics value of a report: a row of stats_long.csv and of the
// SQLite `cells` table. tables.cells first, then the legacy_mapped cells
// whose canonical id the report does not already have.
struct StatCell {
  std::string field_id;
  std::optional<double> value;
  std::string raw;
  std::string unit;
  std::string source_unit;
  std::string status;
  bool approx = false;
  std::string map_quality;
  std::string source;
};
std::vector<StatCell> StatCellsOf(const nlohmann::ordered_json& report);

// Columns of stats_wide.csv after the identity columns: every canonical
// field id of 表二/表三/表四 (v2019 ∪ v2021, derived included), in template order.
const std::vector<std::string>& CanonicalReportFields();

// A value as written in the CSVs: integers without a decimal point, other
// numbers in the shortest form that reads back exactly.
std::string FormatStatValue(double value);

// A text as written into a CSV cell (stats_long.csv, stats_wide.csv).
// Spreadsheet tools run a cell as a formula when it begins with `=`, `+`,
// `-`, `@`, tab or CR; such a cell gets a leading apostrophe (OWASP's "CSV
// injection" advice), unless the whole text is a plain number (`-3`, `-1.5`,
// `+2`, `1e-05`), which stays a number. A text that already begins with an
// apostrophe gets one more, so the rule is undone exactly by removing one
// leading apostrophe from every cell that has one. Only the CSVs are
// neutralized: reports.jsonl and govharvest.sqlite keep the exact text.
std::string SpreadsheetSafeCell(const std::string& text);

// One CSV line of `fields` (RFC 4180: comma, `"` quoting, CRLF), each field
// through SpreadsheetSafeCell.
std::string CsvLine(const std::vector<std::string>& fields);

// Whether a report's hard identities hold, as every format writes it
// (`identities_pass`): true when no hard check failed and at least one had
// data (outcome strict or lenient), false when one failed, nullopt when none
// had data: a report with no table cells (or only blank ones) is not passing.
std::optional<bool> IdentitiesPass(const nlohmann::ordered_json& report);

struct SnapshotRun {
  std::string dir;         // the snapshot directory being built
  const SnapshotIndex* index = nullptr;
  std::vector<JobRecord> jobs;  // the jobs covered, sorted by id
  std::string filters_text;     // human-readable filters, for the summary page
};

std::unique_ptr<SnapshotWriter> MakeJsonlWriter(const SnapshotRun& run);
std::unique_ptr<SnapshotWriter> MakeCsvWriter(const SnapshotRun& run, bool excel_bom);
std::unique_ptr<SnapshotWriter> MakeTextsWriter(const SnapshotRun& run);
// Fails (on Finish or earlier) with the SQLite error message.
std::unique_ptr<SnapshotWriter> MakeSqliteWriter(const SnapshotRun& run, Status* open_status);
std::unique_ptr<SnapshotWriter> MakeSummaryWriter(const SnapshotRun& run);
// fields.csv and rules.csv: the field dictionary and the validation rules
// (extract/fields.h), the same in every snapshot of one tool version.
std::unique_ptr<SnapshotWriter> MakeDictionaryWriter(const SnapshotRun& run, bool excel_bom);

}  // namespace govharvest

#endif  // GOVHARVEST_EXPORT_SNAPSHOT_WRITERS_H_
