// The field dictionary and the rules (extract/fields.h): one entry for every
// field id the mappers can write and for every id extracted from the
// fixtures; tables built from the dictionary's own labels read back into
// their field ids with the dictionary's units; the checks say their numbers;
// docs/schema.md holds the dictionary's rules and units as generated here.
#include "extract/fields.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "export/snapshot_writers.h"
#include "extract/attachment.h"
#include "extract/clean.h"
#include "extract/report.h"
#include "extract/report_internal.h"
#include "tests/extract_test_util.h"
#include "tests/test_util.h"

namespace govharvest {
namespace {

namespace fs = std::filesystem;
const std::string kSource = GOVHARVEST_SOURCE_DIR;

std::string Join(const std::vector<std::string>& parts, const std::string& separator) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i > 0 ? separator : "") + parts[i];
  return out;
}

bool Has(const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); }

// Every report fixture (seeds, variants, attachments, real pages), extracted
// the way `govharvest extract` does: text and HTML cleaned, PDF and DOCX read.
const std::vector<std::pair<std::string, ReportRecord>>& FixtureRecords() {
  static const std::vector<std::pair<std::string, ReportRecord>> kRecords = [] {
    std::vector<std::pair<std::string, ReportRecord>> out;
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(kSource + "/tests/fixtures")) {
      const std::string ext = e.path().extension().string();
      if (e.is_regular_file() && (ext == ".txt" || ext == ".html" || ext == ".pdf" || ext == ".docx")) {
        files.push_back(e.path());
      }
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& path : files) {
      const std::string bytes = testing::ReadFile(path.string());
      const std::string ext = path.extension().string();
      CaptureRecord capture;
      capture.requested_url = "http://www.example.gov.cn/" + path.filename().string();
      capture.final_url = capture.requested_url;
      CleanPage page;
      Status s;
      if (ext == ".pdf" || ext == ".docx") {
        capture.content_type = ext == ".pdf" ? "application/pdf"
                                             : "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        s = ReadAttachment(bytes, capture, CleanOptions(), &page);
      } else {
        capture.content_type = ext == ".txt" ? "text/plain" : "text/html";
        s = CleanCapture(bytes, capture, CleanOptions(), &page);
      }
      if (!s.ok()) continue;  // a fixture that is no page (a damaged-file test input)
      ReportRecord record;
      if (!ExtractReport(page, &record).ok()) continue;
      out.emplace_back(fs::relative(path, kSource).string(), std::move(record));
    }
    return out;
  }();
  return kRecords;
}

TEST(FieldDictionaryTest, EveryEntryIsCompleteAndIdsAreUnique) {
  std::set<std::string> ids;
  for (const FieldInfo& f : FieldDictionary()) {
    EXPECT_TRUE(ids.insert(f.id).second) << "duplicate " << f.id;
    EXPECT_TRUE(f.table == "表二" || f.table == "表三" || f.table == "表四" || f.table == "统计表") << f.id;
    EXPECT_FALSE(f.row_label.empty()) << f.id;
    EXPECT_FALSE(f.column_label.empty()) << f.id;
    EXPECT_FALSE(f.unit.empty()) << f.id;
    EXPECT_TRUE(f.unit_basis == "template" || f.unit_basis == "implied" || f.unit_basis == "normalized") << f.id;
    EXPECT_FALSE(f.templates.empty()) << f.id;
    for (const std::string& t : f.templates) EXPECT_TRUE(t == "v2019" || t == "v2021" || t == "legacy2016") << f.id;
    EXPECT_TRUE(f.kind == "reported" || f.kind == "derived") << f.id;
    if (f.kind == "derived") {
      EXPECT_FALSE(f.derivation.empty()) << f.id;
    }
    // Money is 万元 and normalized or printed; nothing else is money.
    EXPECT_EQ(f.unit == "万元", f.id.ends_with(".amount") || f.id.ends_with("amount_wan") || f.id.ends_with("_wan"))
        << f.id;
    EXPECT_EQ(FindField(f.id), &f);
  }
  EXPECT_EQ(FindField("apply.nothing.total"), nullptr);
  // 表二 29 + 表三 29 rows x 8 columns + 表四 20 + 统计表 59 rows x (统计数, 历年累计).
  EXPECT_EQ(FieldDictionary().size(), 29u + 29u * 8u + 20u + 59u * 2u);
}

TEST(FieldDictionaryTest, EveryIdTheMappersCanWriteHasAnEntry) {
  using namespace report_internal;
  std::vector<std::string> ids;
  for (const std::string& pair : ActiveCanonicalFields()) ids.push_back("active." + pair);
  for (bool v2019 : {true, false}) {
    for (const IdLabel& row : ApplyTemplateRows(v2019)) {
      for (const IdLabel& column : ApplyColumns()) ids.push_back("apply." + row.id + "." + column.id);
    }
  }
  for (const IdLabel& g : AppealGroups()) {
    for (const IdLabel& r : AppealResults()) ids.push_back("appeal." + g.id + "." + r.id);
  }
  for (const std::string& id : LegacyFieldIds()) {
    ids.push_back(id);
    ids.push_back("legacy_cumulative." + id.substr(std::string("legacy.").size()));  // a 历年累计 column
  }
  for (const std::string& id : ids) {
    const FieldInfo* f = FindField(id);
    ASSERT_NE(f, nullptr) << id;
    EXPECT_EQ(f->kind, "reported") << id;  // read from a table cell
  }
  for (const LegacyMapping& m : LegacyMappings()) {
    EXPECT_NE(FindField(m.canonical), nullptr) << m.canonical;
    for (const char* l : m.legacy) EXPECT_NE(FindField(l), nullptr) << l;
  }
  // The mapped canonical fields say where they come from.
  for (const LegacyMapping& m : LegacyMappings()) {
    const FieldInfo* f = FindField(m.canonical);
    EXPECT_TRUE(Has(f->templates, "legacy2016")) << m.canonical;
    std::vector<std::string> legacy(m.legacy.begin(), m.legacy.end());
    EXPECT_TRUE(testing::Contains(f->derivation, "legacy2016: " + Join(legacy, " + ") + " (" + m.quality + ")"))
        << m.canonical << ": " << f->derivation;
  }
  // The printed labels are the mappers' own.
  EXPECT_EQ(FindField("apply.partial.total")->row_label, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）");
  EXPECT_EQ(FindField("apply.other.total.total")->row_label, "（六）其他处理");
  EXPECT_EQ(FindField("appeal.suit_direct.pending")->row_label, "行政诉讼 › 未经复议直接起诉");
  EXPECT_EQ(FindField("appeal.suit_direct.pending")->column_label, "尚未审结");
}

TEST(FieldDictionaryTest, EveryIdExtractedFromTheFixturesHasAnEntryAndItsUnit) {
  const auto& records = FixtureRecords();
  ASSERT_GE(records.size(), 80u);
  size_t cells = 0, derived = 0;
  for (const auto& [name, r] : records) {
    for (const auto* map : {&r.cells, &r.legacy_mapped}) {
      for (const auto& [id, cell] : *map) {
        ++cells;
        const FieldInfo* f = FindField(id);
        ASSERT_NE(f, nullptr) << name << ": " << id;
        // The unit is the dictionary's, whatever the source wrote; a money
        // value in a unit nobody stated has none (and the record says so).
        if (f->unit == "万元" && cell.status == "reported" && cell.source_unit.empty()) {
          EXPECT_EQ(cell.unit, "") << name << ": " << id;
          EXPECT_TRUE(r.HasFlag("money_unit_unknown")) << name << ": " << id;
        } else {
          EXPECT_EQ(cell.unit, f->unit) << name << ": " << id;
        }
        // A derived cell is the sum the dictionary describes.
        if (cell.status == "derived" && map == &r.cells) {
          ++derived;
          EXPECT_EQ(f->kind == "derived" || !f->derivation.empty(), true) << id;
          EXPECT_TRUE(testing::Contains(f->derivation, cell.source)) << name << ": " << id << " = " << cell.source
                                                                     << " vs " << f->derivation;
        }
      }
    }
    for (const auto* checks : {&r.hard_checks, &r.soft_checks}) {
      for (const ReportCheck& c : *checks) {
        bool known = false;
        for (const RuleInfo& rule : ValidationRules()) known = known || rule.rule == c.rule;
        EXPECT_TRUE(known) << name << ": " << c.rule;
      }
    }
  }
  EXPECT_GT(cells, 5000u);
  EXPECT_GT(derived, 500u);
}

TEST(FieldDictionaryTest, WideCsvColumnsAreTheDictionarysTableFieldsInOrder) {
  std::vector<std::string> expected;
  for (const FieldInfo& f : FieldDictionary()) {
    if (f.table != "统计表") expected.push_back(f.id);
  }
  EXPECT_EQ(CanonicalReportFields(), expected);
  EXPECT_EQ(expected.size(), 281u);  // docs/export.md
}

// ------------------------------------------------------------ tables built from the dictionary

// The label of `label` in `tmpl`: "a（v2021：b）" is a in v2019 and b in v2021.
std::string LabelIn(const std::string& label, const std::string& tmpl) {
  const std::string marker = "（v2021：";
  const size_t at = label.find(marker);
  if (at == std::string::npos) return label;
  if (tmpl == "v2019") return label.substr(0, at);
  const std::string rest = label.substr(at + marker.size());
  return rest.substr(0, rest.size() - std::string("）").size());
}

std::string Td(const std::string& text, int colspan = 1) {
  return colspan > 1 ? "<td colspan=\"" + std::to_string(colspan) + "\">" + text + "</td>" : "<td>" + text + "</td>";
}

// A value for each field that no other field of the page has.
double ValueOf(const std::string& id) {
  const auto& fields = FieldDictionary();
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].id == id) return static_cast<double>(i + 3);
  }
  return -1;
}

bool InTemplate(const FieldInfo& f, const std::string& tmpl) { return Has(f.templates, tmpl); }

// 表二, 表三 and 表四 of `tmpl` (v2019 or v2021), from the dictionary's labels.
std::string TemplatePage(const std::string& tmpl, int year) {
  std::string html = "<h1>某某区人民政府" + std::to_string(year) + "年政府信息公开工作年度报告</h1>";
  html += "<p>二、主动公开政府信息情况</p><table>";
  // 表二: per 第二十条 item, its columns and rows.
  std::vector<std::string> groups;
  for (const FieldInfo& f : FieldDictionary()) {
    if (f.table == "表二" && InTemplate(f, tmpl) && !Has(groups, f.group)) groups.push_back(f.group);
  }
  for (const std::string& group : groups) {
    std::vector<std::string> columns, rows;
    for (const FieldInfo& f : FieldDictionary()) {
      if (f.table != "表二" || f.group != group || !InTemplate(f, tmpl)) continue;
      const std::string column = f.id.substr(f.id.rfind('.') + 1);
      if (!Has(columns, column)) columns.push_back(column);
      const std::string row = f.id.substr(0, f.id.rfind('.'));
      if (!Has(rows, row)) rows.push_back(row);
    }
    html += "<tr>" + Td(group, static_cast<int>(columns.size()) + 1) + "</tr><tr>" + Td("信息内容");
    for (const std::string& c : columns) {
      html += Td(LabelIn(FindField(rows[0] + "." + c)->column_label, tmpl));
    }
    html += "</tr>";
    for (const std::string& row : rows) {
      html += "<tr>" + Td(LabelIn(FindField(row + "." + columns[0])->row_label, tmpl));
      for (const std::string& c : columns) {
        const std::string id = row + "." + c;
        const double v = ValueOf(id);
        // Money as written in yuan (normalized to 万元), a delta with its sign.
        const std::string text = c == "amount" ? std::to_string(static_cast<int64_t>(v * 10000)) + "元"
                                 : c == "delta" ? "-" + std::to_string(static_cast<int64_t>(v))
                                                : std::to_string(static_cast<int64_t>(v));
        html += Td(FindField(id) != nullptr && InTemplate(*FindField(id), tmpl) ? text : "");
      }
      html += "</tr>";
    }
  }
  html += "</table><p>三、收到和处理政府信息公开申请情况</p><table>";
  html += "<tr>" + Td("本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和", 3) + Td("申请人情况", 7) +
          "</tr><tr>" + Td("自然人") + Td("法人或其他组织", 5) + Td("总计") + "</tr><tr>" + Td("商业企业") +
          Td("科研机构") + Td("社会公益组织") + Td("法律服务机构") + Td("其他") + "</tr>";
  std::vector<std::string> columns;
  for (const report_internal::IdLabel& c : report_internal::ApplyColumns()) columns.push_back(c.id);
  std::string last_group;
  for (const FieldInfo& f : FieldDictionary()) {
    if (f.table != "表三" || !f.id.ends_with(".natural_person") || f.kind != "reported") continue;
    const std::string row = f.id.substr(0, f.id.size() - std::string(".natural_person").size());
    const bool v2021_other_total = tmpl == "v2021" && row == "apply.other.total";
    if (!InTemplate(f, tmpl) || v2021_other_total) continue;
    // The group headings above the row, as label rows without values.
    if (f.group != last_group && !f.group.empty()) {
      const std::string heading = f.group.substr(f.group.rfind("› ") == std::string::npos
                                                     ? 0
                                                     : f.group.rfind("› ") + std::string("› ").size());
      html += "<tr>" + Td(heading, 3) + "</tr>";
    }
    last_group = f.group;
    html += "<tr>" + Td(f.row_label, 3);
    for (const std::string& c : columns) html += Td(std::to_string(static_cast<int64_t>(ValueOf(row + "." + c))));
    html += "</tr>";
  }
  html += "</table><p>四、政府信息公开行政复议、行政诉讼情况</p><table><tr>" + Td("行政复议", 5) +
          Td("行政诉讼", 10) + "</tr><tr>";
  std::vector<const FieldInfo*> appeal;
  for (const FieldInfo& f : FieldDictionary()) {
    if (f.table == "表四" && f.kind == "reported") appeal.push_back(&f);
  }
  for (size_t i = 0; i < 5; ++i) html += Td(appeal[i]->column_label);
  html += Td("未经复议直接起诉", 5) + Td("复议后起诉", 5) + "</tr><tr>";
  for (size_t i = 0; i < 10; ++i) html += Td(appeal[i % 5]->column_label);
  html += "</tr><tr>";
  for (const FieldInfo* f : appeal) html += Td(std::to_string(static_cast<int64_t>(ValueOf(f->id))));
  html += "</tr></table>";
  return html;
}

// The cumulative id of a legacy id (a 历年累计 column).
std::string CumulativeOf(const std::string& id) { return "legacy_cumulative." + id.substr(std::string("legacy.").size()); }

// The 统计表 from the dictionary's labels and units: the national form (统计数),
// or with `cumulative` a regional one (本年 and 历年累计; a cumulative value
// is the year's + 1000).
std::string LegacyPage(bool cumulative) {
  std::string html = "<h1>某某区人民政府2017年政府信息公开工作年度报告</h1><p>附件：政府信息公开情况统计表</p><table>";
  html += "<tr>" + Td("统计指标") + Td("单位") + (cumulative ? Td("本年") + Td("历年累计") : Td("统计数")) + "</tr>";
  std::set<std::string> rows_with_ids, emitted;
  for (const FieldInfo& f : FieldDictionary()) {
    if (f.table == "统计表") rows_with_ids.insert(f.row_label);
  }
  for (const FieldInfo& f : FieldDictionary()) {
    if (f.table != "统计表" || f.column_label != "统计数") continue;
    std::string path = f.group;
    while (!path.empty()) {  // the headings above the row, outermost first
      const size_t cut = path.find(" › ");
      const std::string heading = path.substr(0, cut);
      path = cut == std::string::npos ? "" : path.substr(cut + std::string(" › ").size());
      if (!rows_with_ids.count(heading) && emitted.insert(heading).second) {
        html += "<tr>" + Td(heading) + Td("") + Td("") + (cumulative ? Td("") : "") + "</tr>";
      }
    }
    const auto text = [&](double v) {
      return f.unit == "万元" ? std::to_string(static_cast<int64_t>(v)) + ".5" : std::to_string(static_cast<int64_t>(v));
    };
    const double v = ValueOf(f.id);
    html += "<tr>" + Td(f.row_label) + Td(f.unit) + Td(text(v)) + (cumulative ? Td(text(v + 1000)) : "") + "</tr>";
  }
  return html + "</table>";
}

ReportRecord Extract(const std::string& body) { return testing::ExtractHtmlBody(body); }

TEST(FieldDictionaryTest, TablesPrintedWithTheDictionarysLabelsReadBackIntoItsIdsAndUnits) {
  for (const auto& [tmpl, year] : std::vector<std::pair<std::string, int>>{{"v2019", 2019}, {"v2021", 2022}}) {
    SCOPED_TRACE(tmpl);
    const ReportRecord r = Extract(TemplatePage(tmpl, year));
    EXPECT_EQ(r.template_version, tmpl);
    EXPECT_TRUE(r.unmapped_rows.empty()) << Join(r.unmapped_rows, "; ");
    int checked = 0;
    for (const FieldInfo& f : FieldDictionary()) {
      if (f.table == "统计表" || !InTemplate(f, tmpl) || f.kind != "reported") continue;
      if (tmpl == "v2021" && f.id.starts_with("apply.other.total.")) continue;  // derived in v2021
      const ReportCell* cell = r.Cell(f.id);
      ASSERT_NE(cell, nullptr) << f.id;
      const double want = f.id.ends_with(".delta") ? -ValueOf(f.id) : ValueOf(f.id);
      EXPECT_EQ(cell->status, "reported") << f.id;
      EXPECT_DOUBLE_EQ(cell->value.value_or(-1e9), want) << f.id;
      EXPECT_EQ(cell->unit, f.unit) << f.id;
      if (f.id.ends_with(".amount")) {
        EXPECT_EQ(cell->source_unit, "元") << f.id;
      }
      ++checked;
    }
    EXPECT_EQ(checked, tmpl == "v2019" ? 22 + 23 * 7 + 15 : 10 + 25 * 7 + 15);
    // Every cell written is one of the template's (none of the other template).
    for (const auto& [id, cell] : r.cells) EXPECT_TRUE(InTemplate(*FindField(id), tmpl)) << id;
  }
  for (bool cumulative : {false, true}) {
    SCOPED_TRACE(cumulative ? "本年 | 历年累计" : "统计数");
    const ReportRecord legacy = Extract(LegacyPage(cumulative));
    EXPECT_EQ(legacy.template_version, "legacy2016");
    EXPECT_TRUE(legacy.ambiguous_rows.empty());
    int checked = 0;
    for (const FieldInfo& f : FieldDictionary()) {
      if (f.table != "统计表" || f.column_label != "统计数") continue;
      const double want = ValueOf(f.id) + (f.unit == "万元" ? 0.5 : 0);
      for (const std::string& id : cumulative ? std::vector<std::string>{f.id, CumulativeOf(f.id)}
                                              : std::vector<std::string>{f.id}) {
        const ReportCell* cell = legacy.Cell(id);
        ASSERT_NE(cell, nullptr) << id;
        EXPECT_DOUBLE_EQ(cell->value.value_or(-1), want + (id == f.id ? 0 : 1000)) << id;
        EXPECT_EQ(cell->unit, FindField(id)->unit) << id;
        EXPECT_EQ(cell->unit, f.unit) << id;
        EXPECT_EQ(cell->source_unit, f.unit) << id;
        ++checked;
      }
    }
    EXPECT_EQ(checked, cumulative ? 2 * 59 : 59);
    for (const auto& [id, cell] : legacy.legacy_mapped) EXPECT_EQ(cell.unit, FindField(id)->unit) << id;
  }
}

TEST(FieldDictionaryTest, MoneyWithoutAStatedUnitHasNoUnitAndAMoneyUnitOnACountIsFlagged) {
  const ReportRecord r = Extract(
      "<p>二、主动公开政府信息情况</p><table><tr><td>第二十条第（九）项</td></tr>"
      "<tr><td>信息内容</td><td>采购项目数量</td><td>采购总金额</td></tr>"
      "<tr><td>政府集中采购</td><td>7万元</td><td>25.1</td></tr></table>");
  ASSERT_NE(r.Cell("active.procurement.amount"), nullptr);
  EXPECT_DOUBLE_EQ(r.Value("active.procurement.amount").value_or(-1), 25.1);  // as written
  EXPECT_EQ(r.Cell("active.procurement.amount")->unit, "");
  EXPECT_TRUE(r.HasFlag("money_unit_unknown"));
  EXPECT_EQ(r.Cell("active.procurement.items")->unit, "项");
  EXPECT_EQ(r.Cell("active.procurement.items")->source_unit, "万元");
  EXPECT_TRUE(r.HasFlag("unit_mismatch"));
}

// ------------------------------------------------------------ rules and details

TEST(ValidationRulesTest, KeysAreUniqueAndSumFormulasAreTheirOperands) {
  std::set<std::string> keys;
  for (const RuleInfo& r : ValidationRules()) {
    EXPECT_TRUE(keys.insert(r.key).second) << r.key;
    EXPECT_TRUE(r.kind == "hard" || r.kind == "soft") << r.key;
    EXPECT_EQ(r.kind == "hard", r.rule.starts_with("H")) << r.key;
    EXPECT_FALSE(r.scope.empty()) << r.key;
    EXPECT_FALSE(r.formula.empty()) << r.key;
    EXPECT_FALSE(r.description.empty()) << r.key;
    EXPECT_EQ(FindRule(r.key), &r);
    if (r.lhs.empty()) continue;
    EXPECT_EQ(r.formula, Join(r.lhs, " + ") + " " + r.relation + " " + Join(r.rhs, " + ")) << r.key;
    // Every operand that is a field has an entry, whatever the scope value.
    for (const auto* side : {&r.lhs, &r.rhs}) {
      for (const std::string& op : *side) {
        if (op.starts_with("narrative.")) continue;
        const std::string probe = r.rule == "H3"   ? "new"
                                  : r.rule == "H4" ? "review"
                                  : r.rule == "S3" ? "regulation"
                                                   : "total";
        EXPECT_NE(FindField(ExpandOperands({op}, probe)[0]), nullptr) << r.key << ": " << op;
      }
    }
  }
  EXPECT_EQ(FindRule("H1")->formula,
            "apply.new.{c} + apply.carried_over.{c} = apply.result_total.{c} + apply.carry_forward.{c}");
  EXPECT_EQ(FindRule("H2")->rhs.back(), "apply.other.total.{c}");
  EXPECT_EQ(FindRule("H2")->rhs.size(), 19u);
  EXPECT_EQ(FindRule("H2.v2021")->rhs.size(), 21u);
  EXPECT_EQ(FindRule("H4")->formula,
            "appeal.{g}.total = appeal.{g}.upheld + appeal.{g}.corrected + appeal.{g}.other + appeal.{g}.pending");
  EXPECT_EQ(ExpandOperands({"apply.{r}.total", "x.{c}.{c}"}, "new"),
            (std::vector<std::string>{"apply.new.total", "x.new.new"}));
}

const ReportCheck* FindCheck(const std::vector<ReportCheck>& checks, const std::string& rule, const std::string& scope) {
  for (const auto& c : checks) {
    if (c.rule == rule && c.scope == scope) return &c;
  }
  return nullptr;
}

std::string ApplyRow(const std::string& label, const std::vector<std::string>& values) {
  std::string row = "<tr><td>" + label + "</td>";
  for (const std::string& v : values) row += "<td>" + v + "</td>";
  return row + "</tr>";
}

TEST(ValidationRulesTest, FailedChecksSayTheirNumbersWithBlanksShownAsZero) {
  const std::string t =
      "<p>三、收到和处理政府信息公开申请情况</p><table>"
      "<tr><td>申请人情况</td><td>自然人</td><td>商业企业</td><td>科研机构</td><td>社会公益组织</td>"
      "<td>法律服务机构</td><td>其他</td><td>总计</td></tr>" +
      ApplyRow("一、本年新收政府信息公开申请数量", {"12", "0", "0", "0", "0", "0", "12"}) +
      ApplyRow("二、上年结转政府信息公开申请数量", {"", "0", "0", "0", "0", "0", "3"}) +
      ApplyRow("（一）予以公开", {"10", "0", "0", "0", "0", "0", "9"}) +
      ApplyRow("（七）总计", {"10", "0", "0", "0", "0", "0", "10"}) +
      ApplyRow("四、结转下年度继续办理", {"2", "0", "0", "0", "0", "0", "6"}) + "</table>";
  const ReportRecord r = Extract(t);
  // H1 on 总计: 12 + 3 = 15 against 10 + 6 = 16.
  const ReportCheck* h1 = FindCheck(r.hard_checks, "H1", "total");
  ASSERT_NE(h1, nullptr);
  EXPECT_EQ(h1->outcome, "fail");
  EXPECT_EQ(h1->detail, "H1: 12 + 3 (= 15) != 10 + 6 (= 16)");
  // H1 on 自然人 holds only with the blank read as 0: the detail says which.
  const ReportCheck* h1n = FindCheck(r.hard_checks, "H1", "natural_person");
  ASSERT_NE(h1n, nullptr);
  EXPECT_EQ(h1n->outcome, "lenient");
  EXPECT_EQ(h1n->detail,
            "H1: 12 + 0 (= 12) = 10 + 2 (= 12); not reported, read as 0: apply.carried_over.natural_person");
  // H3 on （一）予以公开: 9 against 10.
  const ReportCheck* h3 = FindCheck(r.hard_checks, "H3", "granted");
  ASSERT_NE(h3, nullptr);
  EXPECT_EQ(h3->outcome, "fail");
  EXPECT_EQ(h3->detail, "H3: 9 != 10 + 0 + 0 + 0 + 0 + 0 (= 10)");
  // H2 sums 19 operands, most of them absent: named, read as 0.
  const ReportCheck* h2 = FindCheck(r.hard_checks, "H2", "total");
  ASSERT_NE(h2, nullptr);
  EXPECT_EQ(h2->outcome, "fail");
  EXPECT_TRUE(testing::Contains(h2->detail, "H2: 10 != 9 + 0 + ")) << h2->detail;
  EXPECT_TRUE(testing::Contains(h2->detail, " (= 9); not reported, read as 0: apply.partial.total, ")) << h2->detail;
  // A strict pass has nothing to explain.
  const ReportCheck* h3new = FindCheck(r.hard_checks, "H3", "new");
  ASSERT_NE(h3new, nullptr);
  EXPECT_EQ(h3new->outcome, "strict");
  EXPECT_EQ(h3new->detail, "");
}

TEST(ValidationRulesTest, CellChecksAndSoftChecksSayTheirNumbers) {
  const std::string t =
      "<p>本年度，共收到政府信息公开申请125件。</p>"
      "<p>三、收到和处理政府信息公开申请情况</p><table>"
      "<tr><td>申请人情况</td><td>自然人</td><td>商业企业</td><td>科研机构</td><td>社会公益组织</td>"
      "<td>法律服务机构</td><td>其他</td><td>总计</td></tr>" +
      ApplyRow("一、本年新收政府信息公开申请数量", {"120", "0", "0", "0", "0", "-1", "2.5%"}) + "</table>";
  const ReportRecord r = Extract(t);
  const ReportCheck* negative = FindCheck(r.hard_checks, "H5", "apply.new.legal_other");
  ASSERT_NE(negative, nullptr);
  EXPECT_EQ(negative->detail, "H5: apply.new.legal_other = -1 < 0");
  const ReportCheck* invalid = FindCheck(r.hard_checks, "H5", "apply.new.total");
  ASSERT_NE(invalid, nullptr);
  EXPECT_EQ(invalid->detail, "H5: apply.new.total reads \"2.5%\": not a number");
  const ReportCheck* summary = FindCheck(r.hard_checks, "H5", "all reported cells");
  ASSERT_NE(summary, nullptr);
  EXPECT_EQ(summary->detail, "H5: 2 failing cells != 0; 6 numeric cells checked");
  const ReportCheck* s4 = FindCheck(r.soft_checks, "S4", "narrative.apply_received");
  ASSERT_NE(s4, nullptr);
  EXPECT_EQ(s4->outcome, "no_data");  // 总计 is invalid: nothing to compare
  EXPECT_EQ(s4->detail, "narrative.apply_received = apply.new.total");
}

TEST(ValidationRulesTest, SoftWarningsSayTheirNumbers) {
  const std::string t =
      "<p>本年度，共收到政府信息公开申请125件。</p>"
      "<p>三、收到和处理政府信息公开申请情况</p><table>"
      "<tr><td>申请人情况</td><td>自然人</td><td>商业企业</td><td>科研机构</td><td>社会公益组织</td>"
      "<td>法律服务机构</td><td>其他</td><td>总计</td></tr>" +
      ApplyRow("一、本年新收政府信息公开申请数量", {"120", "0", "0", "0", "0", "0", "120"}) + "</table>";
  const ReportRecord r = Extract(t);
  const ReportCheck* s4 = FindCheck(r.soft_checks, "S4", "narrative.apply_received");
  ASSERT_NE(s4, nullptr);
  EXPECT_EQ(s4->outcome, "warn");
  EXPECT_EQ(s4->detail, "S4: 125 != 120 (narrative.apply_received = apply.new.total)");
}

// ------------------------------------------------------------ docs

// The part of docs/schema.md written from the dictionary.
std::string DictionaryMarkdown() {
  std::string md;
  md += "<!-- fields-dictionary: written from extract/fields.cc; tests/fields_test.cc checks it, "
        "GOVHARVEST_UPDATE_DOCS=1 rewrites it -->\n";
  md += "#### Rules\n\n| key | rule | kind | scope | formula |\n|---|---|---|---|---|\n";
  for (const RuleInfo& r : ValidationRules()) {
    md += "| `" + r.key + "` | " + r.rule + " | " + r.kind + " | " + r.scope + " | `" + r.formula + "` |\n";
  }
  md += "\n#### Units\n\n";
  md += "表二 (`active.*`):\n\n| field id | row | column | unit | unit basis | templates |\n|---|---|---|---|---|---|\n";
  for (const FieldInfo& f : FieldDictionary()) {
    if (f.table != "表二") continue;
    md += "| `" + f.id + "` | " + f.row_label + " | " + f.column_label + " | " + f.unit + " | " + f.unit_basis +
          " | " + Join(f.templates, " ") + " |\n";
  }
  md += "\n表三 (`apply.<row>.<column>`): every field is in 件 (implied: the form counts applications). Columns: ";
  std::vector<std::string> columns;
  for (const FieldInfo& f : FieldDictionary()) {
    if (f.id.starts_with("apply.new.")) {
      columns.push_back("`" + f.id.substr(std::string("apply.new.").size()) + "` " + f.column_label +
                        (f.kind == "derived" ? " (derived)" : ""));
    }
  }
  md += Join(columns, ", ") + ". Rows (`computed`: how the row is computed where it is not read; the pre-2019 "
        "mappings onto `.total` are in the legacy_mapped table above):\n\n"
        "| row id | row | templates | kind | computed |\n|---|---|---|---|---|\n";
  for (const FieldInfo& f : FieldDictionary()) {
    if (f.table != "表三" || !f.id.ends_with(".natural_person")) continue;
    const std::string row = f.id.substr(std::string("apply.").size(),
                                        f.id.size() - std::string("apply.").size() - std::string(".natural_person").size());
    std::string computed = f.derivation;
    for (size_t at = computed.find(".natural_person"); at != std::string::npos;
         at = computed.find(".natural_person", at)) {
      computed.replace(at, std::string(".natural_person").size(), ".{c}");
    }
    md += "| `" + row + "` | " + f.row_label + " | " + Join(f.templates, " ") + " | " + f.kind + " | " +
          (computed.empty() ? "" : "`" + computed + "`") + " |\n";
    EXPECT_EQ(f.unit, "件") << f.id;
  }
  md += "\n表四 (`appeal.<group>.<result>`): every field is in 件 (implied: the form counts cases); results ";
  std::vector<std::string> results;
  for (const FieldInfo& f : FieldDictionary()) {
    if (f.id.starts_with("appeal.review.")) {
      results.push_back("`" + f.id.substr(std::string("appeal.review.").size()) + "` " + f.column_label);
    }
    if (f.table == "表四") {
      EXPECT_EQ(f.unit, "件") << f.id;
    }
  }
  md += Join(results, ", ") + "; groups `review` 行政复议, `suit_direct` 行政诉讼 › 未经复议直接起诉, "
        "`suit_after_review` 行政诉讼 › 复议后起诉, `suit_all` (derived: the two 行政诉讼 groups added).\n\n";
  md += "统计表 (`legacy.*`, legacy2016; the units are the form's 计量单位; a regional form's 历年累计 column gives "
        "`legacy_cumulative.*` with the same rest of the id, row and unit):\n\n"
        "| field id | row | unit |\n|---|---|---|\n";
  for (const FieldInfo& f : FieldDictionary()) {
    if (f.table != "统计表") continue;
    if (f.column_label != "统计数") {
      const std::string rest = f.id.substr(std::string("legacy_cumulative.").size());
      const FieldInfo* year = FindField("legacy." + rest);
      EXPECT_TRUE(year != nullptr && year->row_label == f.row_label && year->unit == f.unit) << f.id;
      continue;
    }
    md += "| `" + f.id + "` | " + (f.group.empty() ? "" : f.group + " › ") + f.row_label + " | " + f.unit + " |\n";
  }
  md += "<!-- /fields-dictionary -->\n";
  return md;
}

TEST(FieldDictionaryDocsTest, SchemaDocHoldsTheRulesAndUnitsAsTheDictionaryHasThem) {
  const std::string path = kSource + "/docs/schema.md";
  std::string doc = testing::ReadFile(path);
  const std::string expected = DictionaryMarkdown();
  const size_t begin = doc.find("<!-- fields-dictionary:");
  const std::string end_marker = "<!-- /fields-dictionary -->\n";
  const size_t end = doc.find(end_marker);
  ASSERT_NE(begin, std::string::npos) << "docs/schema.md has no fields-dictionary block";
  ASSERT_NE(end, std::string::npos);
  const std::string actual = doc.substr(begin, end + end_marker.size() - begin);
  if (actual != expected && std::getenv("GOVHARVEST_UPDATE_DOCS") != nullptr) {
    doc.replace(begin, actual.size(), expected);
    testing::WriteFile(path, doc);
    GTEST_SKIP() << "rewrote the fields-dictionary block of docs/schema.md";
  }
  EXPECT_EQ(actual, expected) << "docs/schema.md is out of date: run the test with GOVHARVEST_UPDATE_DOCS=1";
  // Every rule's formula appears exactly.
  for (const RuleInfo& r : ValidationRules()) EXPECT_TRUE(testing::Contains(doc, "`" + r.formula + "`")) << r.key;
}

}  // namespace
}  // namespace govharvest
