// What the numbers of a report record mean: the field dictionary (every
// field id with its table, its row and column as printed in the template,
// its unit and the templates it belongs to) and the validation rules (every
// hard identity and soft check with its formula). docs/schema.md, "Field
// dictionary and rules", is written from these; the snapshot exports them
// as fields.csv and the SQLite tables `fields` and `rules` (docs/export.md).
//
// Invariants:
//  - Every field id that ExtractReport can write into ReportRecord::cells or
//    ReportRecord::legacy_mapped has exactly one entry (tests/fields_test.cc
//    extracts every fixture and checks).
//  - A field's `unit` is the unit of its value whatever the source wrote:
//    money fields are in 万元; a count is in the unit of what it counts.
//  - The sum rules (H1-H4, S3, S4, L1) are data: extract/report.cc checks
//    exactly the operands listed here, and `formula` is written from them.
//  - Both tables are built once and never change.
#ifndef GOVHARVEST_EXTRACT_FIELDS_H_
#define GOVHARVEST_EXTRACT_FIELDS_H_

#include <string>
#include <string_view>
#include <vector>

namespace govharvest {

struct FieldInfo {
  std::string id;            // "apply.new.total"
  std::string table;         // "表二" | "表三" | "表四" | "统计表"
  std::string group;         // headings the row stands under, "a › b" ("" when none)
  std::string row_label;     // as printed ("一、本年新收政府信息公开申请数量")
  std::string column_label;  // as printed ("总计"; "统计数" for the 统计表)
  std::string unit;          // 件, 项, 条, 次, 篇, 个, 人, 人次, 万元
  // "template": the form prints the unit (the 统计表's 计量单位 column, v2021's
  // 件数 and （单位：万元）); "implied": the form prints none and the value
  // counts applications, cases, documents (件) or items (项); "normalized":
  // money converted to 万元 from the unit written in the report.
  std::string unit_basis;
  std::vector<std::string> templates;  // of "v2019", "v2021", "legacy2016", in that order
  std::string kind;                    // "reported" (read from a cell) | "derived" (always a sum)
  // How the value is computed where it is not read from a cell: the sum of
  // field ids ("a + b"), per template when it differs ("v2021: a + b;
  // legacy2016: x (approx)"); "" for a field only ever read.
  std::string derivation;
};

// Every field id, by table (表二, 表三, 表四, 统计表) in template order.
const std::vector<FieldInfo>& FieldDictionary();
// The entry of `id`, nullptr when there is none.
const FieldInfo* FindField(std::string_view id);
// True when the field's unit is 万元.
bool IsMoneyField(std::string_view id);

struct RuleInfo {
  std::string key;   // unique: "H1", "H2.v2021", "S4.apply_received", "L1.org.staff"
  std::string rule;  // ReportCheck::rule: "H1".."H5", "S1".."S6", "L1"
  std::string kind;  // "hard" | "soft"
  // What one check covers; "{c}", "{r}", "{g}" or "{f}" name the scope value
  // that ReportCheck::scope holds (a column, row, group or field id).
  std::string scope;
  std::string formula;      // for sum rules: lhs joined by " + ", relation, rhs
  std::string description;  // what the rule is for
  // Sum rules: the operand field ids, with the scope placeholder; empty for
  // the other rules (H5, S1, S2, S5, S6).
  std::vector<std::string> lhs, rhs;
  std::string relation;   // "=" or "<=" for sum rules
  std::string templates;  // "" = any template; "legacy2016" = pre-2019 records only
};

// Every rule: hard ones (H1-H5) first, then soft ones, in check order.
const std::vector<RuleInfo>& ValidationRules();
// The rule with `key`; nullptr when there is none.
const RuleInfo* FindRule(std::string_view key);
// `operands` with every placeholder ("{c}", "{r}", "{g}", "{f}") replaced by `value`.
std::vector<std::string> ExpandOperands(const std::vector<std::string>& operands, std::string_view value);

}  // namespace govharvest

#endif  // GOVHARVEST_EXTRACT_FIELDS_H_
