// fields.csv and rules.csv: the field dictionary and the validation rules of
// extract/fields.h (columns in docs/export.md). They depend on the tool
// version only, never on the archive: every snapshot with report formats
// carries them, so that its numbers explain themselves.
#include <filesystem>
#include <fstream>

#include "export/snapshot_writers.h"
#include "extract/fields.h"

namespace govharvest {

namespace {

namespace fs = std::filesystem;

std::string Joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : " ") + p;
  return out;
}

Status WriteCsv(const fs::path& path, bool excel_bom, const std::vector<std::vector<std::string>>& rows) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (excel_bom) out << "\xEF\xBB\xBF";
  for (const auto& row : rows) out << CsvLine(row);
  out.close();
  if (out.fail()) return Status::IoError("cannot write '" + path.string() + "'");
  return Status::Ok();
}

class DictionaryWriter : public SnapshotWriter {
 public:
  DictionaryWriter(const SnapshotRun& run, bool excel_bom) : dir_(run.dir), excel_bom_(excel_bom) {}

  Status AddDocument(const SnapshotDocument& document) override {
    (void)document;
    return Status::Ok();
  }

  Status Finish(std::vector<std::string>* files) override {
    std::vector<std::vector<std::string>> fields = {{"field_id", "table_name", "group_label", "row_label",
                                                     "column_label", "unit", "unit_basis", "templates", "kind",
                                                     "derivation"}};
    for (const FieldInfo& f : FieldDictionary()) {
      fields.push_back({f.id, f.table, f.group, f.row_label, f.column_label, f.unit, f.unit_basis,
                        Joined(f.templates), f.kind, f.derivation});
    }
    Status s = WriteCsv(fs::path(dir_) / "fields.csv", excel_bom_, fields);
    if (!s.ok()) return s;
    files->push_back("fields.csv");
    std::vector<std::vector<std::string>> rules = {{"rule_key", "rule", "kind", "scope", "formula", "description"}};
    for (const RuleInfo& r : ValidationRules()) rules.push_back({r.key, r.rule, r.kind, r.scope, r.formula, r.description});
    s = WriteCsv(fs::path(dir_) / "rules.csv", excel_bom_, rules);
    if (s.ok()) files->push_back("rules.csv");
    return s;
  }

 private:
  std::string dir_;
  bool excel_bom_;
};

}  // namespace

std::unique_ptr<SnapshotWriter> MakeDictionaryWriter(const SnapshotRun& run, bool excel_bom) {
  return std::make_unique<DictionaryWriter>(run, excel_bom);
}

}  // namespace govharvest
