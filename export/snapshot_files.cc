// reports.jsonl, stats_long.csv, stats_wide.csv and texts/ (docs/export.md).
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>

#include "export/snapshot_agencies.h"
#include "export/snapshot_writers.h"
#include "extract/fields.h"

namespace govharvest {

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

std::string StringAt(const Json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

StatCell StatCellOf(const Json& c) {
  StatCell cell;
  cell.field_id = StringAt(c, "field");
  const auto value = c.find("value");
  if (value != c.end() && value->is_number()) cell.value = value->get<double>();
  cell.raw = StringAt(c, "raw");
  cell.unit = StringAt(c, "unit");
  cell.source_unit = StringAt(c, "source_unit");
  cell.status = StringAt(c, "status");
  const auto approx = c.find("approx");
  cell.approx = approx != c.end() && approx->is_boolean() && approx->get<bool>();
  cell.map_quality = StringAt(c, "map_quality");
  cell.source = StringAt(c, "source");
  return cell;
}

// An output file whose write errors are reported on Close.
class OutputFile {
 public:
  explicit OutputFile(fs::path path) : path_(std::move(path)), out_(path_, std::ios::binary | std::ios::trunc) {}
  std::ofstream& stream() { return out_; }
  Status Close() {
    out_.close();
    if (out_.fail()) return Status::IoError("cannot write '" + path_.string() + "'");
    return Status::Ok();
  }

 private:
  fs::path path_;
  std::ofstream out_;
};

// RFC 4180: a field is quoted when it holds a comma, quote, CR or LF.
std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char ch : text) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

// Every cell, header included, goes through SpreadsheetSafeCell: no text
// read from a page or a URL reaches a spreadsheet as a formula.
void WriteCsvRow(std::ostream& out, const std::vector<std::string>& fields) { out << CsvLine(fields); }

constexpr char kUtf8Bom[] = "\xEF\xBB\xBF";

std::string YearText(int year) { return year == 0 ? std::string() : std::to_string(year); }

// --------------------------------------------------------------- reports.jsonl

class JsonlWriter : public SnapshotWriter {
 public:
  explicit JsonlWriter(const SnapshotRun& run) : file_(fs::path(run.dir) / "reports.jsonl") {}

  Status AddDocument(const SnapshotDocument& d) override {
    if (!d.is_report()) return Status::Ok();
    const ReportContext& c = d.context;
    Json line;
    line["report_id"] = d.report_id;
    line["schema_version"] = kSnapshotSchemaVersion;
    line["document_digest"] = d.document_digest;
    line["agency"] = c.agency;
    line["agency_key"] = c.agency_key;
    line["agency_id"] = c.agency_id;
    line["division_code"] = c.division_code;
    line["admin_level"] = c.admin_level;
    line["province"] = ProvinceOfDivisionCode(c.division_code);
    line["year"] = c.year == 0 ? Json() : Json(c.year);
    line["template"] = c.template_version;
    line["site"] = c.site;
    line["site_agency"] = c.site_agency;
    line["site_level"] = c.site_level;
    line["url"] = c.url;
    line["title"] = c.title;
    line["first_fetched_at"] = c.first_fetched_at;
    const std::optional<bool> pass = IdentitiesPass(d.report);
    line["identities_pass"] = pass ? Json(*pass) : Json();
    Json captures = Json::array();
    for (const SnapshotCapture& sc : d.captures) {
      captures.push_back({{"url", sc.url},
                          {"fetched_at", sc.fetched_at},
                          {"payload_digest", sc.payload_digest},
                          {"site", sc.site},
                          {"role", sc.role},
                          {"listed_year", sc.listed_year},
                          {"host_class", sc.host_class}});
    }
    line["captures"] = captures;
    line["report"] = d.report;
    file_.stream() << line.dump() << '\n';
    return Status::Ok();
  }

  Status Finish(std::vector<std::string>* files) override {
    Status s = file_.Close();
    if (s.ok()) files->push_back("reports.jsonl");
    return s;
  }

 private:
  OutputFile file_;
};

// --------------------------------------------------------------- CSVs

const std::vector<std::string> kLongColumns = {"report_id", "agency", "agency_key", "agency_id", "division_code",
                                               "admin_level", "year", "template", "field_id", "value", "unit", "status", "approx",
                                               "map_quality"};
const std::vector<std::string> kWideIdentityColumns = {"report_id", "agency",   "agency_key", "agency_id",
                                                       "division_code", "admin_level", "year", "template",
                                                       "site",      "url",         "identities_pass"};

class CsvWriter : public SnapshotWriter {
 public:
  CsvWriter(const SnapshotRun& run, bool excel_bom)
      : dir_(run.dir), excel_bom_(excel_bom), long_(fs::path(run.dir) / "stats_long.csv") {
    if (excel_bom_) long_.stream() << kUtf8Bom;
    WriteCsvRow(long_.stream(), kLongColumns);
  }

  Status AddDocument(const SnapshotDocument& d) override {
    if (!d.is_report()) return Status::Ok();
    const ReportContext& c = d.context;
    WideRow row;
    const std::optional<bool> pass = IdentitiesPass(d.report);
    row.identity = {d.report_id, c.agency, c.agency_key, c.agency_id, c.division_code, c.admin_level, YearText(c.year),
                    c.template_version, c.site, c.url, pass ? (*pass ? "1" : "0") : ""};
    for (const StatCell& cell : StatCellsOf(d.report)) {
      const std::string value = cell.value ? FormatStatValue(*cell.value) : std::string();
      WriteCsvRow(long_.stream(), {d.report_id, c.agency, c.agency_key, c.agency_id, c.division_code, c.admin_level,
                                   YearText(c.year), c.template_version, cell.field_id, value, cell.unit,
                                   cell.status, cell.approx ? "1" : "0", cell.map_quality});
      if (cell.value && IsCanonicalPrefix(cell.field_id)) row.values[cell.field_id] = value;
    }
    rows_.push_back(std::move(row));
    agencies_.Add(d);
    return Status::Ok();
  }

  Status Finish(std::vector<std::string>* files) override {
    Status s = long_.Close();
    if (!s.ok()) return s;
    files->push_back("stats_long.csv");
    s = WriteAgencies();
    if (!s.ok()) return s;
    files->push_back("agencies.csv");
    // Canonical columns first; any other canonical-looking id a report
    // carries is appended (sorted) rather than dropped.
    std::vector<std::string> columns = CanonicalReportFields();
    const std::set<std::string> known(columns.begin(), columns.end());
    std::set<std::string> extra;
    for (const WideRow& row : rows_) {
      for (const auto& [field, value] : row.values) {
        if (!known.count(field)) extra.insert(field);
      }
    }
    columns.insert(columns.end(), extra.begin(), extra.end());
    OutputFile wide(fs::path(dir_) / "stats_wide.csv");
    if (excel_bom_) wide.stream() << kUtf8Bom;
    std::vector<std::string> header = kWideIdentityColumns;
    header.insert(header.end(), columns.begin(), columns.end());
    WriteCsvRow(wide.stream(), header);
    for (const WideRow& row : rows_) {
      std::vector<std::string> fields = row.identity;
      for (const std::string& column : columns) {
        const auto it = row.values.find(column);
        fields.push_back(it == row.values.end() ? std::string() : it->second);
      }
      WriteCsvRow(wide.stream(), fields);
    }
    s = wide.Close();
    if (s.ok()) files->push_back("stats_wide.csv");
    return s;
  }

 private:
  struct WideRow {
    std::vector<std::string> identity;
    std::map<std::string, std::string> values;  // reported or derived canonical cells
  };
  static bool IsCanonicalPrefix(const std::string& field) {
    return field.starts_with("active.") || field.starts_with("apply.") || field.starts_with("appeal.");
  }

  // agencies.csv: one row per agency_id (export/snapshot_agencies.h).
  Status WriteAgencies() {
    OutputFile out(fs::path(dir_) / "agencies.csv");
    if (excel_bom_) out.stream() << kUtf8Bom;
    WriteCsvRow(out.stream(), AgencyCollector::Columns());
    for (const auto& [id, row] : agencies_.rows()) WriteCsvRow(out.stream(), AgencyCollector::Cells(row));
    return out.Close();
  }

  std::string dir_;
  bool excel_bom_;
  OutputFile long_;
  std::vector<WideRow> rows_;
  AgencyCollector agencies_;
};

// --------------------------------------------------------------- texts/

class TextsWriter : public SnapshotWriter {
 public:
  explicit TextsWriter(const SnapshotRun& run) : dir_(fs::path(run.dir) / "texts") {}

  Status AddDocument(const SnapshotDocument& d) override {
    if (!d.is_report()) return Status::Ok();
    std::error_code ec;
    fs::create_directories(dir_, ec);
    if (ec) return Status::IoError("cannot create '" + dir_.string() + "': " + ec.message());
    const std::string name = d.report_id + ".txt";
    OutputFile file(dir_ / name);
    const auto text = d.clean.find("clean_text");
    if (text != d.clean.end() && text->is_string()) file.stream() << text->get<std::string>();
    Status s = file.Close();
    if (!s.ok()) return s;
    names_.push_back("texts/" + name);
    return Status::Ok();
  }

  Status Finish(std::vector<std::string>* files) override {
    files->insert(files->end(), names_.begin(), names_.end());
    return Status::Ok();
  }

 private:
  fs::path dir_;
  std::vector<std::string> names_;
};

}  // namespace

std::string CsvLine(const std::vector<std::string>& fields) {
  std::string line;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) line += ',';
    line += CsvField(SpreadsheetSafeCell(fields[i]));
  }
  return line + "\r\n";
}

std::optional<bool> IdentitiesPass(const nlohmann::ordered_json& report) {
  const auto validation = report.find("validation");
  if (validation == report.end() || !validation->is_object()) return std::nullopt;
  const auto hard = validation->find("hard");
  if (hard == validation->end() || !hard->is_array()) return std::nullopt;
  bool any_data = false;
  for (const Json& check : *hard) {
    const std::string outcome = check.is_object() ? StringAt(check, "outcome") : std::string();
    if (outcome == "fail") return false;
    any_data = any_data || outcome == "strict" || outcome == "lenient";
  }
  if (!any_data) return std::nullopt;
  return true;
}

std::vector<StatCell> StatCellsOf(const nlohmann::ordered_json& report) {
  std::vector<StatCell> out;
  const auto tables = report.find("tables");
  if (tables == report.end() || !tables->is_object()) return out;
  std::set<std::string> fields;
  const auto cells = tables->find("cells");
  if (cells != tables->end() && cells->is_array()) {
    for (const Json& c : *cells) {
      out.push_back(StatCellOf(c));
      fields.insert(out.back().field_id);
    }
  }
  const auto mapped = tables->find("legacy_mapped");
  if (mapped != tables->end() && mapped->is_array()) {
    for (const Json& c : *mapped) {
      StatCell cell = StatCellOf(c);
      if (fields.insert(cell.field_id).second) out.push_back(std::move(cell));
    }
  }
  return out;
}

const std::vector<std::string>& CanonicalReportFields() {
  // The field dictionary's 表二, 表三 and 表四 ids, in its (template) order.
  static const std::vector<std::string> kFields = [] {
    std::vector<std::string> f;
    for (const FieldInfo& field : FieldDictionary()) {
      if (field.table == "表二" || field.table == "表三" || field.table == "表四") f.push_back(field.id);
    }
    return f;
  }();
  return kFields;
}

namespace {

bool IsAsciiDigit(char ch) { return ch >= '0' && ch <= '9'; }

// [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?, the whole text.
bool IsPlainNumber(const std::string& text) {
  size_t i = 0;
  const size_t n = text.size();
  auto digits = [&] {
    const size_t start = i;
    while (i < n && IsAsciiDigit(text[i])) ++i;
    return i - start;
  };
  if (i < n && (text[i] == '+' || text[i] == '-')) ++i;
  size_t mantissa = digits();
  if (i < n && text[i] == '.') {
    ++i;
    mantissa += digits();
  }
  if (mantissa == 0) return false;
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < n && (text[i] == '+' || text[i] == '-')) ++i;
    if (digits() == 0) return false;
  }
  return i == n;
}

}  // namespace

std::string SpreadsheetSafeCell(const std::string& text) {
  if (text.empty()) return text;
  switch (text[0]) {
    case '\'':
      return "'" + text;
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
      return IsPlainNumber(text) ? text : "'" + text;
    default:
      return text;
  }
}

std::string FormatStatValue(double value) {
  if (std::isfinite(value) && value == std::trunc(value) && std::fabs(value) < 1e15) {
    return std::to_string(static_cast<int64_t>(value));
  }
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, value);
  return std::string(buf, r.ptr);
}

std::unique_ptr<SnapshotWriter> MakeJsonlWriter(const SnapshotRun& run) { return std::make_unique<JsonlWriter>(run); }
std::unique_ptr<SnapshotWriter> MakeCsvWriter(const SnapshotRun& run, bool excel_bom) {
  return std::make_unique<CsvWriter>(run, excel_bom);
}
std::unique_ptr<SnapshotWriter> MakeTextsWriter(const SnapshotRun& run) { return std::make_unique<TextsWriter>(run); }

}  // namespace govharvest
