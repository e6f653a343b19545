// govharvest.sqlite: the snapshot as one SQLite database (schema in
// docs/export.md). Everything is written in one transaction, in the order
// the stream gives, so the same stream gives the same file bytes.
#include <sqlite3.h>

#include <filesystem>

#include "export/snapshot_agencies.h"
#include "export/snapshot_writers.h"
#include "extract/fields.h"

namespace govharvest {

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

constexpr char kSchema[] = R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE fields (
  field_id TEXT PRIMARY KEY,
  table_name TEXT NOT NULL,
  group_label TEXT NOT NULL,
  row_label TEXT NOT NULL,
  column_label TEXT NOT NULL,
  unit TEXT NOT NULL,
  unit_basis TEXT NOT NULL,
  templates TEXT NOT NULL,
  kind TEXT NOT NULL,
  derivation TEXT NOT NULL
);
CREATE TABLE rules (
  rule_key TEXT PRIMARY KEY,
  rule TEXT NOT NULL,
  kind TEXT NOT NULL,
  scope TEXT NOT NULL,
  formula TEXT NOT NULL,
  description TEXT NOT NULL
);
CREATE TABLE reports (
  report_id TEXT PRIMARY KEY,
  document_digest TEXT NOT NULL,
  agency TEXT NOT NULL,
  agency_key TEXT NOT NULL,
  agency_id TEXT NOT NULL,
  agency_type TEXT NOT NULL,
  agency_name_source TEXT NOT NULL,
  division_code TEXT NOT NULL,
  admin_level TEXT NOT NULL,
  province TEXT NOT NULL,
  year INTEGER,
  year_source TEXT NOT NULL,
  published_date TEXT NOT NULL,
  template TEXT NOT NULL,
  template_basis TEXT NOT NULL,
  tables_status TEXT NOT NULL,
  site TEXT NOT NULL,
  site_agency TEXT NOT NULL,
  site_level TEXT NOT NULL,
  url TEXT NOT NULL,
  title TEXT NOT NULL,
  first_fetched_at TEXT NOT NULL,
  captures INTEGER NOT NULL,
  hard_ok INTEGER NOT NULL,
  hard_fail INTEGER NOT NULL,
  null_cells INTEGER NOT NULL,
  identities_pass INTEGER,
  flags TEXT NOT NULL,
  record_json TEXT NOT NULL
);
CREATE TABLE cells (
  report_id TEXT NOT NULL REFERENCES reports(report_id),
  field_id TEXT NOT NULL,
  value REAL,
  unit TEXT NOT NULL,
  status TEXT NOT NULL,
  approx INTEGER NOT NULL,
  map_quality TEXT NOT NULL,
  raw TEXT NOT NULL,
  source_unit TEXT NOT NULL,
  source TEXT NOT NULL,
  PRIMARY KEY (report_id, field_id)
);
CREATE TABLE validations (
  report_id TEXT NOT NULL REFERENCES reports(report_id),
  seq INTEGER NOT NULL,
  kind TEXT NOT NULL,
  rule TEXT NOT NULL,
  scope TEXT NOT NULL,
  lhs REAL,
  rhs REAL,
  blank_operands INTEGER NOT NULL,
  outcome TEXT NOT NULL,
  detail TEXT NOT NULL,
  PRIMARY KEY (report_id, seq)
);
CREATE TABLE report_flags (
  report_id TEXT NOT NULL REFERENCES reports(report_id),
  flag TEXT NOT NULL,
  PRIMARY KEY (report_id, flag)
);
CREATE TABLE narrative_facts (
  report_id TEXT NOT NULL REFERENCES reports(report_id),
  seq INTEGER NOT NULL,
  key TEXT NOT NULL,
  value REAL NOT NULL,
  unit TEXT NOT NULL,
  approx INTEGER NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (report_id, seq)
);
CREATE TABLE documents (
  document_digest TEXT PRIMARY KEY,
  report_id TEXT,
  title TEXT NOT NULL,
  url TEXT NOT NULL,
  host_class TEXT NOT NULL,
  captures INTEGER NOT NULL,
  text_chars INTEGER NOT NULL,
  page_flags TEXT NOT NULL,
  simhash TEXT NOT NULL
);
CREATE TABLE captures (
  url TEXT NOT NULL,
  fetched_at TEXT NOT NULL,
  fetched_at_us INTEGER NOT NULL,
  final_url TEXT NOT NULL,
  method TEXT NOT NULL,
  http_status INTEGER NOT NULL,
  outcome TEXT NOT NULL,
  error_detail TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  payload_digest TEXT NOT NULL,
  document_digest TEXT,
  site TEXT NOT NULL,
  role TEXT NOT NULL,
  listed_year INTEGER,
  job_id TEXT NOT NULL
);
CREATE TABLE jobs (
  job_id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  started_at TEXT NOT NULL,
  ended_at TEXT,
  options_json TEXT NOT NULL,
  counters_json TEXT NOT NULL
);
CREATE TABLE agencies (
  agency_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  aliases TEXT NOT NULL,
  level TEXT NOT NULL,
  division_code TEXT NOT NULL,
  province TEXT NOT NULL,
  prefecture TEXT NOT NULL,
  county TEXT NOT NULL,
  sites TEXT NOT NULL,
  reports INTEGER NOT NULL,
  first_year INTEGER,
  last_year INTEGER
);
)sql";

constexpr char kIndexesAndViews[] = R"sql(
CREATE INDEX reports_by_year ON reports(year);
CREATE INDEX reports_by_agency ON reports(agency_id, year);
CREATE INDEX reports_by_agency_key ON reports(agency_key, year);
CREATE INDEX reports_by_division ON reports(division_code);
CREATE INDEX cells_by_field ON cells(field_id);
CREATE INDEX validations_by_rule ON validations(rule, outcome);
CREATE INDEX documents_by_report ON documents(report_id);
CREATE INDEX captures_by_url ON captures(url);
CREATE INDEX captures_by_site ON captures(site, outcome);
CREATE INDEX captures_by_payload ON captures(payload_digest);
CREATE INDEX captures_by_document ON captures(document_digest);
CREATE VIEW report_totals AS
SELECT r.report_id, r.agency, r.agency_key, r.agency_id, r.division_code, r.admin_level, r.province, r.year, r.template,
  r.identities_pass,
  MAX(CASE WHEN c.field_id = 'active.normative.issued' THEN c.value END) AS normative_issued,
  MAX(CASE WHEN c.field_id = 'apply.new.total' THEN c.value END) AS apply_new,
  MAX(CASE WHEN c.field_id = 'apply.carried_over.total' THEN c.value END) AS apply_carried_over,
  MAX(CASE WHEN c.field_id = 'apply.granted.total' THEN c.value END) AS apply_granted,
  MAX(CASE WHEN c.field_id = 'apply.partial.total' THEN c.value END) AS apply_partial,
  MAX(CASE WHEN c.field_id = 'apply.denied.total.total' THEN c.value END) AS apply_denied,
  MAX(CASE WHEN c.field_id = 'apply.result_total.total' THEN c.value END) AS apply_results,
  MAX(CASE WHEN c.field_id = 'apply.carry_forward.total' THEN c.value END) AS apply_carry_forward,
  MAX(CASE WHEN c.field_id = 'appeal.review.total' THEN c.value END) AS review_total,
  MAX(CASE WHEN c.field_id = 'appeal.suit_all.total' THEN c.value END) AS suit_total
FROM reports r LEFT JOIN cells c ON c.report_id = r.report_id
GROUP BY r.report_id;
)sql";

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct StatementFinalizer {
  void operator()(sqlite3_stmt* st) const { sqlite3_finalize(st); }
};
using Db = std::unique_ptr<sqlite3, DbCloser>;
using Statement = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

// A bound value: NULL, integer, real or text.
struct Value {
  enum class Kind { kNull, kInt, kReal, kText } kind = Kind::kNull;
  int64_t i = 0;
  double r = 0;
  std::string t;
  Value() = default;
  Value(int64_t v) : kind(Kind::kInt), i(v) {}  // NOLINT: implicit on purpose (row literals)
  Value(int v) : kind(Kind::kInt), i(v) {}      // NOLINT
  Value(double v) : kind(Kind::kReal), r(v) {}  // NOLINT
  Value(std::string v) : kind(Kind::kText), t(std::move(v)) {}  // NOLINT
  Value(const char* v) : kind(Kind::kText), t(v) {}             // NOLINT
  static Value Optional(const std::optional<double>& v) { return v ? Value(*v) : Value(); }
  static Value NonZero(int64_t v) { return v == 0 ? Value() : Value(v); }
  static Value Flag(const std::optional<bool>& v) { return v ? Value(*v ? 1 : 0) : Value(); }
};

std::string StringAt(const Json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}
int64_t IntAt(const Json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}
std::optional<double> NumberAt(const Json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_number() ? std::optional<double>(it->get<double>()) : std::nullopt;
}
const Json& Member(const Json& j, const char* key) {
  static const Json kNull;  // immutable
  const auto it = j.find(key);
  return it == j.end() ? kNull : *it;
}

class SqliteWriter : public SnapshotWriter {
 public:
  SqliteWriter(const SnapshotRun& run, Status* status) : path_(fs::path(run.dir) / "govharvest.sqlite") {
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(path_.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    db_.reset(raw);
    if (rc != SQLITE_OK) {
      *status = Error("open");
      return;
    }
    // No journal: the file lives in the temporary snapshot directory and is
    // discarded whole if the export fails.
    *status = Exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA foreign_keys=ON; BEGIN;");
    if (status->ok()) *status = Exec(kSchema);
    if (status->ok()) *status = Put("meta", {"schema_version", std::to_string(kSnapshotSchemaVersion)});
    if (status->ok()) *status = Put("meta", {"tool_version", GOVHARVEST_VERSION});
    if (status->ok()) *status = Put("meta", {"filters", run.filters_text});
    if (status->ok()) *status = PutDictionary();
    for (const JobRecord& job : run.jobs) {
      if (!status->ok()) break;
      Json counters = Json::object();
      for (const auto& [k, v] : job.counters) counters[k] = v;
      *status = Put("jobs", {job.id, job.kind, FormatTimestamp(job.started_at),
                             job.ended_at == 0 ? Value() : Value(FormatTimestamp(job.ended_at)), job.options_json,
                             counters.dump()});
    }
  }

  Status AddCapture(const CaptureRecord& c, const std::string& document_digest) override {
    return Put("captures", {c.requested_url, FormatTimestamp(c.fetched_at), static_cast<int64_t>(c.fetched_at), c.final_url, c.method, c.http_status,
                            c.outcome, c.error_detail, c.content_type, c.size, c.payload_digest,
                            document_digest.empty() ? Value() : Value(document_digest), c.site, c.role,
                            Value::NonZero(c.listed_year), c.job_id});
  }

  Status AddDocument(const SnapshotDocument& d) override {
    const auto text = d.clean.find("clean_text");
    int64_t chars = 0;
    if (text != d.clean.end() && text->is_string()) {
      for (unsigned char ch : text->get_ref<const std::string&>()) chars += (ch & 0xC0) != 0x80 ? 1 : 0;
    }
    Status s = Put("documents", {d.document_digest, d.is_report() ? Value(d.report_id) : Value(),
                                 StringAt(d.clean, "title"), d.captures[d.primary].url, d.captures[d.primary].host_class,
                                 static_cast<int64_t>(d.captures.size()), chars, Member(d.clean, "flags").dump(),
                                 StringAt(d.clean, "simhash")});
    if (!s.ok() || !d.is_report()) return s;
    agencies_.Add(d);
    return AddReport(d);
  }

  Status Finish(std::vector<std::string>* files) override {
    Status s = Status::Ok();
    for (const auto& [id, row] : agencies_.rows()) {
      if (!s.ok()) break;
      const std::vector<std::string> cells = AgencyCollector::Cells(row);
      std::vector<Value> values(cells.begin(), cells.end());
      values[9] = Value(row.reports);  // reports, first_year, last_year are integers
      values[10] = Value::NonZero(row.first_year);
      values[11] = Value::NonZero(row.last_year);
      s = Put("agencies", values);
    }
    if (s.ok()) s = Exec(kIndexesAndViews);
    if (s.ok()) s = Exec("COMMIT;");
    statements_.clear();
    db_.reset();
    if (s.ok()) files->push_back("govharvest.sqlite");
    return s;
  }

 private:
  Status AddReport(const SnapshotDocument& d) {
    const Json& report = d.report;
    const Json& identity = Member(report, "identity");
    const Json& tmpl = Member(report, "template");
    const Json& validation = Member(report, "validation");
    const Json& score = Member(validation, "score");
    const ReportContext& c = d.context;
    const int64_t hard_fail = IntAt(score, "hard_fail");
    Status s = Put("reports",
                   {d.report_id, d.document_digest, c.agency, c.agency_key, c.agency_id,
                    StringAt(identity, "agency_type"),
                    StringAt(identity, "agency_name_source"), c.division_code, c.admin_level,
                    ProvinceOfDivisionCode(c.division_code), Value::NonZero(c.year),
                    StringAt(identity, "report_year_source"), StringAt(identity, "published_date"), c.template_version,
                    StringAt(tmpl, "basis"), StringAt(tmpl, "tables_status"), c.site, c.site_agency, c.site_level,
                    c.url, c.title, c.first_fetched_at, static_cast<int64_t>(d.captures.size()),
                    IntAt(score, "hard_ok"), hard_fail, IntAt(score, "null_cells"), Value::Flag(IdentitiesPass(report)),
                    Member(validation, "flags").dump(), report.dump()});
    for (const StatCell& cell : StatCellsOf(report)) {
      if (!s.ok()) return s;
      s = Put("cells", {d.report_id, cell.field_id, Value::Optional(cell.value), cell.unit, cell.status,
                        cell.approx ? 1 : 0, cell.map_quality, cell.raw, cell.source_unit, cell.source});
    }
    int seq = 0;
    for (const char* kind : {"hard", "soft"}) {
      const Json& checks = Member(validation, kind);
      if (!checks.is_array()) continue;
      for (const Json& check : checks) {
        if (!s.ok()) return s;
        s = Put("validations", {d.report_id, seq++, kind, StringAt(check, "rule"), StringAt(check, "scope"),
                                Value::Optional(NumberAt(check, "lhs")), Value::Optional(NumberAt(check, "rhs")),
                                IntAt(check, "blank_operands"), StringAt(check, "outcome"), StringAt(check, "detail")});
      }
    }
    const Json& flags = Member(validation, "flags");
    if (flags.is_array()) {
      for (const Json& flag : flags) {
        if (!s.ok()) return s;
        if (flag.is_string()) s = Put("report_flags", {d.report_id, flag.get<std::string>()});
      }
    }
    const Json& facts = Member(report, "narrative_facts");
    if (facts.is_array()) {
      seq = 0;
      for (const Json& fact : facts) {
        if (!s.ok()) return s;
        const auto approx = fact.find("approx");
        s = Put("narrative_facts", {d.report_id, seq++, StringAt(fact, "key"), NumberAt(fact, "value").value_or(0),
                                    StringAt(fact, "unit"),
                                    approx != fact.end() && approx->is_boolean() && approx->get<bool>() ? 1 : 0,
                                    StringAt(fact, "text")});
      }
    }
    return s;
  }

  // The field dictionary and the rules (extract/fields.h).
  Status PutDictionary() {
    Status s;
    for (const FieldInfo& f : FieldDictionary()) {
      std::string templates;
      for (const std::string& t : f.templates) templates += (templates.empty() ? "" : " ") + t;
      s = Put("fields", {f.id, f.table, f.group, f.row_label, f.column_label, f.unit, f.unit_basis, templates, f.kind,
                         f.derivation});
      if (!s.ok()) return s;
    }
    for (const RuleInfo& r : ValidationRules()) {
      s = Put("rules", {r.key, r.rule, r.kind, r.scope, r.formula, r.description});
      if (!s.ok()) return s;
    }
    return s;
  }

  Status Error(const std::string& what) const {
    return Status::IoError("sqlite " + what + " '" + path_.string() + "': " +
                           (db_ ? sqlite3_errmsg(db_.get()) : "out of memory"));
  }

  Status Exec(const char* sql) {
    char* message = nullptr;
    const int rc = sqlite3_exec(db_.get(), sql, nullptr, nullptr, &message);
    if (rc == SQLITE_OK) return Status::Ok();
    std::string text = message ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    return Status::IoError("sqlite '" + path_.string() + "': " + text);
  }

  // INSERT of one row into `table`; the statement is prepared once per table.
  Status Put(const std::string& table, const std::vector<Value>& row) {
    auto it = statements_.find(table);
    if (it == statements_.end()) {
      std::string sql = "INSERT INTO " + table + " VALUES (";
      for (size_t i = 0; i < row.size(); ++i) sql += i == 0 ? "?" : ",?";
      sql += ")";
      sqlite3_stmt* raw = nullptr;
      if (sqlite3_prepare_v2(db_.get(), sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) return Error("prepare " + table);
      it = statements_.emplace(table, Statement(raw)).first;
    }
    sqlite3_stmt* st = it->second.get();
    sqlite3_reset(st);
    for (size_t i = 0; i < row.size(); ++i) {
      const int col = static_cast<int>(i) + 1;
      const Value& v = row[i];
      switch (v.kind) {
        case Value::Kind::kNull: sqlite3_bind_null(st, col); break;
        case Value::Kind::kInt: sqlite3_bind_int64(st, col, v.i); break;
        case Value::Kind::kReal: sqlite3_bind_double(st, col, v.r); break;
        case Value::Kind::kText:
          sqlite3_bind_text(st, col, v.t.data(), static_cast<int>(v.t.size()), SQLITE_TRANSIENT);
          break;
      }
    }
    if (sqlite3_step(st) != SQLITE_DONE) return Error("insert into " + table);
    return Status::Ok();
  }

  fs::path path_;
  Db db_;
  std::map<std::string, Statement> statements_;  // destroyed before db_ (declared after it)
  AgencyCollector agencies_;
};

}  // namespace

std::unique_ptr<SnapshotWriter> MakeSqliteWriter(const SnapshotRun& run, Status* open_status) {
  return std::make_unique<SqliteWriter>(run, open_status);
}

}  // namespace govharvest
