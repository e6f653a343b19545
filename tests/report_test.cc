// Report extraction (extract/report.h): the five seeds with values read by
// hand from the seed text, the simulator pages that render the same seeds as
// HTML, synthetic HTML for spans, split tables, blanks and money, and the
// number and date parsers.
#include "extract/report.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "tests/extract_test_util.h"
#include "tests/test_util.h"

namespace govharvest {
namespace {

const std::string kFixtures = std::string(GOVHARVEST_SOURCE_DIR) + "/tests/fixtures";

ReportRecord ExtractFile(const std::string& relative_path, const std::string& url = "") {
  const std::string bytes = testing::ReadFile(kFixtures + "/" + relative_path);
  CaptureRecord capture;
  capture.requested_url = url;
  capture.final_url = url;
  capture.content_type = relative_path.ends_with(".txt") ? "text/plain" : "text/html";
  CleanPage page;
  const Status cleaned = CleanCapture(bytes, capture, CleanOptions(), &page);
  EXPECT_TRUE(cleaned.ok()) << relative_path << ": " << cleaned.ToString();
  ReportRecord record;
  const Status s = ExtractReport(page, &record);
  EXPECT_TRUE(s.ok()) << relative_path << ": " << s.ToString();
  return record;
}

ReportRecord ExtractHtml(const std::string& body) { return testing::ExtractHtmlBody(body); }

// value of a reported/derived cell, -1 when absent or blank (no seed value is negative).
double V(const ReportRecord& r, const std::string& field) { return r.Value(field).value_or(-1); }

std::string StatusOf(const ReportRecord& r, const std::string& field) {
  const ReportCell* c = r.Cell(field);
  return c == nullptr ? "absent" : c->status;
}

std::map<std::string, int> CountOutcomes(const std::vector<ReportCheck>& checks, const std::string& rule) {
  std::map<std::string, int> out;
  for (const auto& c : checks) {
    if (c.rule == rule) ++out[c.outcome];
  }
  return out;
}

const ReportCheck* FindCheck(const std::vector<ReportCheck>& checks, const std::string& rule, const std::string& scope) {
  for (const auto& c : checks) {
    if (c.rule == rule && c.scope == scope) return &c;
  }
  return nullptr;
}

const NarrativeFact* FindFact(const ReportRecord& r, const std::string& key) {
  for (const auto& f : r.narrative_facts) {
    if (f.key == key) return &f;
  }
  return nullptr;
}

// Every cell that is not derived, as field -> (status, value) for comparing renderings.
std::map<std::string, std::pair<std::string, double>> SourceCells(const ReportRecord& r) {
  std::map<std::string, std::pair<std::string, double>> out;
  for (const auto& [field, cell] : r.cells) {
    if (cell.status != "derived") out[field] = {cell.status, cell.value.value_or(-1)};
  }
  return out;
}

// ------------------------------------------------------------------ seeds

TEST(ReportSeedTest, Seed000ImageTablesAndNarrativeFacts) {
  const ReportRecord r = ExtractFile("seeds/000_9de06cae2ece0565.txt");
  EXPECT_EQ(r.agency_name, "开封市祥符区人民政府");
  EXPECT_EQ(r.report_year, 2019);
  EXPECT_EQ(r.admin_level, "county");
  // Six-section report of 2019 whose tables are the images 11.png, 22.jpg, 33.png.
  EXPECT_EQ(r.template_version, "v2019");
  EXPECT_EQ(r.template_basis, "headings_and_year");
  EXPECT_EQ(r.tables_status, "image_only");
  EXPECT_EQ(r.table_images, (std::vector<std::string>{"11.png", "22.jpg", "33.png"}));
  EXPECT_TRUE(r.cells.empty()) << "no table value may be invented from images";
  EXPECT_EQ(r.section_headings.size(), 6u);
  EXPECT_TRUE(r.sections.at("s5_problems").find("专业技术人才缺乏") != std::string::npos);
  // 全区各级各部门主动公开政府信息3355条; 共收到依申请公开40件; 行政复议案件7件; 行政诉讼案件8件.
  ASSERT_NE(FindFact(r, "narrative.active_items"), nullptr);
  EXPECT_EQ(FindFact(r, "narrative.active_items")->value, 3355);
  EXPECT_EQ(FindFact(r, "narrative.active_items")->unit, "条");
  ASSERT_NE(FindFact(r, "narrative.apply_received"), nullptr);
  EXPECT_EQ(FindFact(r, "narrative.apply_received")->value, 40);
  ASSERT_NE(FindFact(r, "narrative.review_cases"), nullptr);
  EXPECT_EQ(FindFact(r, "narrative.review_cases")->value, 7);
  ASSERT_NE(FindFact(r, "narrative.suit_cases"), nullptr);
  EXPECT_EQ(FindFact(r, "narrative.suit_cases")->value, 8);
  // The span points at the sentence in body_text.
  const NarrativeFact* f = FindFact(r, "narrative.active_items");
  EXPECT_EQ(r.body_text.substr(f->begin, f->end - f->begin), f->text);
  EXPECT_EQ(f->text, "主动公开政府信息3355条");
  // The page date 2019-02-07 precedes the end of the report year: S5 warns.
  EXPECT_EQ(r.published_date, "2019-02-07");
  EXPECT_EQ(r.published_date_source, "page");
  const ReportCheck* s5 = FindCheck(r.soft_checks, "S5", "published_date");
  ASSERT_NE(s5, nullptr);
  EXPECT_EQ(s5->outcome, "warn");
  EXPECT_TRUE(r.HasFlag("date_anomaly"));
  EXPECT_TRUE(r.HasFlag("image_tables"));
  EXPECT_TRUE(r.hard_checks.empty());
  // Narrative vs tables cannot be checked without tables.
  const ReportCheck* s4 = FindCheck(r.soft_checks, "S4", "narrative.apply_received");
  ASSERT_NE(s4, nullptr);
  EXPECT_EQ(s4->outcome, "no_data");
}

TEST(ReportSeedTest, Seed001LegacyTableWithBlanksAsBlanks) {
  const ReportRecord r = ExtractFile("seeds/001_ae51e28a24af67cf.txt");
  EXPECT_EQ(r.agency_name, "华容县北景港镇人民政府");
  EXPECT_EQ(r.report_year, 2018);
  EXPECT_EQ(r.agency_key, "index_no:00638229X4");
  EXPECT_EQ(r.agency_type, "township");
  EXPECT_EQ(r.template_version, "legacy2016");
  EXPECT_EQ(r.published_date, "2019-03-12");
  EXPECT_EQ(r.published_date_source, "meta");
  EXPECT_EQ(r.signature_date, "2019-03-11");  // 二O一九年三月十一日, Latin O
  EXPECT_EQ(r.signature_date_raw, "二O一九年三月十一日");
  // Values read from the 统计表 (value on the line after the unit).
  EXPECT_EQ(V(r, "legacy.active.items"), 147);
  EXPECT_EQ(V(r, "legacy.active.normative_published"), 97);
  EXPECT_EQ(V(r, "legacy.active.normative_issued"), 85);
  EXPECT_EQ(r.Cell("legacy.active.normative_issued")->unit, "件");
  EXPECT_EQ(V(r, "legacy.active.via.weixin"), 124);
  EXPECT_EQ(V(r, "legacy.active.via.other"), 23);
  EXPECT_EQ(V(r, "legacy.response.hot_topics"), 92);
  EXPECT_EQ(V(r, "legacy.response.policy_readings"), 3);
  EXPECT_EQ(V(r, "legacy.response.other"), 89);
  EXPECT_EQ(V(r, "legacy.org.units"), 1);
  EXPECT_EQ(V(r, "legacy.org.reading_points"), 8);
  EXPECT_EQ(V(r, "legacy.org.staff"), 3);
  EXPECT_EQ(V(r, "legacy.org.staff_full_time"), 1);
  EXPECT_EQ(V(r, "legacy.org.staff_part_time"), 2);
  EXPECT_EQ(V(r, "legacy.org.budget_wan"), 1);
  EXPECT_EQ(r.Cell("legacy.org.budget_wan")->unit, "万元");
  EXPECT_EQ(V(r, "legacy.training.meetings"), 1);
  EXPECT_EQ(V(r, "legacy.training.classes"), 1);
  EXPECT_EQ(V(r, "legacy.training.trainees"), 34);
  // Empty rows are blank, never 0.
  for (const char* blank : {"legacy.active.via.gazette", "legacy.active.via.website", "legacy.active.via.weibo",
                            "legacy.apply.received", "legacy.apply.answer.denied.state_secret", "legacy.review.total",
                            "legacy.suit.total", "legacy.complaints", "legacy.fees_wan",
                            "legacy.apply.answer.denied.not_gov_info"}) {
    EXPECT_EQ(StatusOf(r, blank), "blank") << blank;
    EXPECT_FALSE(r.Value(blank).has_value()) << blank;
  }
  // The stray "1" beside the group heading 九 is not read as a field.
  EXPECT_TRUE(r.HasFlag("legacy_stray_value"));
  ASSERT_EQ(r.unmapped_rows.size(), 1u);
  EXPECT_NE(r.unmapped_rows[0].find("九、政府信息公开会议和培训情况"), std::string::npos);
  // Mapping to canonical ids with its quality; blanks stay blank.
  ASSERT_EQ(r.legacy_mapped.count("active.normative.issued"), 1u);
  EXPECT_EQ(r.legacy_mapped.at("active.normative.issued").value.value_or(-1), 85);
  EXPECT_EQ(r.legacy_mapped.at("active.normative.issued").map_quality, "approx");
  ASSERT_EQ(r.legacy_mapped.count("apply.partial.total"), 1u);
  EXPECT_EQ(r.legacy_mapped.at("apply.partial.total").map_quality, "exact");
  EXPECT_EQ(r.legacy_mapped.at("apply.partial.total").status, "blank");
  EXPECT_EQ(r.legacy_mapped.at("apply.unable.unclear.total").map_quality, "weak");
  // 人员 3 = 专职 1 + 兼职 2; the narrative 147 条 matches the table.
  const ReportCheck* staff = FindCheck(r.soft_checks, "L1", "legacy.org.staff");
  ASSERT_NE(staff, nullptr);
  EXPECT_EQ(staff->outcome, "ok");
  EXPECT_EQ(FindCheck(r.soft_checks, "L1", "legacy.apply.received")->outcome, "no_data");
  const ReportCheck* s4 = FindCheck(r.soft_checks, "S4", "narrative.active_items");
  ASSERT_NE(s4, nullptr);
  EXPECT_EQ(s4->outcome, "ok");
  EXPECT_EQ(FindCheck(r.soft_checks, "S6", "template")->outcome, "ok");
  EXPECT_EQ(FindCheck(r.soft_checks, "S5", "published_date")->outcome, "ok");
  EXPECT_EQ(r.section_headings.at("s1_overview"), "一、概述");
  EXPECT_EQ(r.section_headings.at("s5_problems"), "三、存在问题");
  EXPECT_EQ(r.unmatched_headings, (std::vector<std::string>{"二、主要做法", "四、下步措施"}));
}

void ExpectSeed002Cells(const ReportRecord& r) {
  // 表二 (one cell per line in the seed).
  EXPECT_EQ(V(r, "active.regulation.issued"), 0);
  EXPECT_EQ(StatusOf(r, "active.regulation.issued"), "reported");
  EXPECT_EQ(V(r, "active.normative.issued"), 4);
  EXPECT_EQ(V(r, "active.normative.repealed"), 1);
  EXPECT_EQ(V(r, "active.normative.in_force"), 5);
  EXPECT_EQ(V(r, "active.licensing.decisions"), 32455);
  EXPECT_EQ(V(r, "active.penalty.decisions"), 5149);
  EXPECT_EQ(V(r, "active.coercion.decisions"), 128);
  EXPECT_DOUBLE_EQ(V(r, "active.admin_fee.amount_wan"), 736.5);
  EXPECT_EQ(r.Cell("active.admin_fee.amount_wan")->unit, "万元");
  // 表三.
  EXPECT_EQ(V(r, "apply.new.natural_person"), 117);
  EXPECT_EQ(V(r, "apply.new.legal_commercial"), 8);
  EXPECT_EQ(V(r, "apply.new.legal_research"), 0);
  EXPECT_EQ(V(r, "apply.new.total"), 125);
  EXPECT_EQ(V(r, "apply.carried_over.total"), 0);
  EXPECT_EQ(V(r, "apply.granted.natural_person"), 15);
  EXPECT_EQ(V(r, "apply.granted.total"), 16);
  EXPECT_EQ(V(r, "apply.partial.natural_person"), 17);
  EXPECT_EQ(V(r, "apply.partial.total"), 18);
  EXPECT_EQ(V(r, "apply.denied.internal.natural_person"), 5);
  EXPECT_EQ(V(r, "apply.denied.internal.legal_commercial"), 2);
  EXPECT_EQ(V(r, "apply.denied.internal.total"), 7);
  EXPECT_EQ(V(r, "apply.unable.not_held.natural_person"), 68);
  EXPECT_EQ(V(r, "apply.unable.not_held.total"), 72);
  EXPECT_EQ(V(r, "apply.unable.need_create.total"), 1);
  EXPECT_EQ(V(r, "apply.unable.unclear.total"), 2);
  EXPECT_EQ(V(r, "apply.unprocessed.duplicate.total"), 2);
  EXPECT_EQ(V(r, "apply.unprocessed.publication.total"), 0);
  EXPECT_EQ(V(r, "apply.other.no_correction.total"), 2);
  EXPECT_EQ(V(r, "apply.other.no_fee.total"), 0);
  EXPECT_EQ(V(r, "apply.other.other.natural_person"), 5);
  EXPECT_EQ(V(r, "apply.result_total.natural_person"), 117);
  EXPECT_EQ(V(r, "apply.result_total.total"), 125);
  EXPECT_EQ(V(r, "apply.carry_forward.total"), 0);
  // Derived in v2021: (六)其他处理 = 2 + 0 + 5; 不予公开 subtotal 7.
  EXPECT_EQ(V(r, "apply.other.total.total"), 7);
  EXPECT_EQ(StatusOf(r, "apply.other.total.total"), "derived");
  EXPECT_EQ(V(r, "apply.denied.total.total"), 7);
  EXPECT_EQ(V(r, "apply.new.legal_subtotal"), 8);
  // 表四 by position (header truncated): 3 2 0 0 5 | 3 0 0 0 3 | 8 0 0 0 8.
  EXPECT_EQ(V(r, "appeal.review.upheld"), 3);
  EXPECT_EQ(V(r, "appeal.review.corrected"), 2);
  EXPECT_EQ(V(r, "appeal.review.total"), 5);
  EXPECT_EQ(V(r, "appeal.suit_direct.upheld"), 3);
  EXPECT_EQ(V(r, "appeal.suit_direct.total"), 3);
  EXPECT_EQ(V(r, "appeal.suit_after_review.upheld"), 8);
  EXPECT_EQ(V(r, "appeal.suit_after_review.total"), 8);
  EXPECT_EQ(V(r, "appeal.suit_all.total"), 11);
}

TEST(ReportSeedTest, Seed002AllHardIdentitiesPassStrictly) {
  const ReportRecord r = ExtractFile("seeds/002_49ee148252c18417.txt");
  // No title line: agency and year come from 现公布花溪区2021年政府信息公开工作年度报告.
  EXPECT_EQ(r.agency_name, "花溪区人民政府");
  EXPECT_EQ(r.agency_name_source, "text");
  EXPECT_EQ(r.report_year, 2021);
  EXPECT_EQ(r.template_version, "v2021");
  EXPECT_EQ(r.template_basis, "tables");
  EXPECT_EQ(r.tables_status, "html");
  ExpectSeed002Cells(r);
  EXPECT_TRUE(r.HasFlag("appeal_header_garbled"));
  EXPECT_TRUE(r.active_extra.empty());
  EXPECT_TRUE(r.unmapped_rows.empty());
  // 25 rows x 7 columns of 表三 read.
  int apply_cells = 0;
  for (const auto& [field, cell] : r.cells) apply_cells += field.starts_with("apply.") && cell.status == "reported";
  EXPECT_EQ(apply_cells, 175);
  // Every hard identity passes with all operands reported (worked check of
  // report-format.md §2: 自然人 15+17+5+71+2+7 = 117).
  EXPECT_EQ(CountOutcomes(r.hard_checks, "H1"), (std::map<std::string, int>{{"strict", 7}}));
  EXPECT_EQ(CountOutcomes(r.hard_checks, "H2"), (std::map<std::string, int>{{"strict", 7}}));
  EXPECT_EQ(CountOutcomes(r.hard_checks, "H3"), (std::map<std::string, int>{{"strict", 25}}));
  EXPECT_EQ(CountOutcomes(r.hard_checks, "H4"), (std::map<std::string, int>{{"strict", 3}}));
  EXPECT_EQ(CountOutcomes(r.hard_checks, "H5"), (std::map<std::string, int>{{"strict", 1}}));
  const ReportCheck* h2 = FindCheck(r.hard_checks, "H2", "natural_person");
  ASSERT_NE(h2, nullptr);
  EXPECT_EQ(h2->lhs.value_or(-1), 117);
  EXPECT_EQ(h2->rhs.value_or(-1), 117);
  EXPECT_FALSE(r.HasFlag("hard_identity_failed"));
  // S4: 收到申请125件 = apply.new.total; 复议5件 = 5; 诉讼11件 = 3 + 8.
  for (const char* fact : {"narrative.apply_received", "narrative.review_cases", "narrative.suit_cases",
                           "narrative.apply_natural_person", "narrative.apply_legal_person"}) {
    const ReportCheck* c = FindCheck(r.soft_checks, "S4", fact);
    ASSERT_NE(c, nullptr) << fact;
    EXPECT_EQ(c->outcome, "ok") << fact;
  }
  EXPECT_EQ(FindCheck(r.soft_checks, "S4", "narrative.suit_cases")->rhs.value_or(-1), 11);
  EXPECT_EQ(FindFact(r, "narrative.active_items")->value, 15445);
  EXPECT_EQ(FindCheck(r.soft_checks, "S6", "template")->outcome, "ok");
  EXPECT_EQ(FindCheck(r.soft_checks, "S5", "published_date")->outcome, "no_data");  // the dump has no date
}

TEST(ReportSeedTest, Seed003Template2019In2022WithLocalRows) {
  const ReportRecord r = ExtractFile("seeds/003_b0c83f9a26583a92.txt");
  EXPECT_EQ(r.agency_name, "莲花街道办事处");
  EXPECT_EQ(r.agency_type, "street");
  EXPECT_EQ(r.report_year, 2022);  // "202 2" in the text, "2022" in the title
  EXPECT_EQ(r.template_version, "v2019");
  EXPECT_TRUE(r.HasFlag("template_mismatch"));
  EXPECT_EQ(FindCheck(r.soft_checks, "S6", "template")->outcome, "warn");
  // Section 四 is 政策解读: no 表四, tables partial.
  EXPECT_EQ(r.tables_status, "partial");
  EXPECT_EQ(r.unmatched_headings, (std::vector<std::string>{"四、政策解读"}));
  EXPECT_EQ(r.section_headings.count("s4_appeals"), 0u);
  EXPECT_EQ(r.Cell("appeal.review.total"), nullptr);
  // 0s are reported zeros.
  EXPECT_EQ(StatusOf(r, "active.regulation.new_made"), "reported");
  EXPECT_EQ(V(r, "active.regulation.new_made"), 0);
  EXPECT_EQ(V(r, "active.normative.total_published"), 0);
  EXPECT_EQ(StatusOf(r, "apply.new.total"), "reported");
  EXPECT_EQ(V(r, "apply.new.total"), 0);
  // "3、需要提供公开出版物" (typo for 要求) and the single-row (六)其他处理.
  EXPECT_EQ(StatusOf(r, "apply.unprocessed.publication.total"), "reported");
  EXPECT_EQ(StatusOf(r, "apply.other.total.natural_person"), "reported");
  EXPECT_EQ(StatusOf(r, "apply.result_total.total"), "reported");
  EXPECT_EQ(StatusOf(r, "apply.denied.three_safety.total"), "reported");  // 危及“三安全 一 稳定”
  // Rows outside the template keep their labels: 政府集中采购, 疫情防控, and
  // 行政许可 under columns the template does not give it.
  ASSERT_EQ(r.active_extra.count("政府集中采购"), 1u);
  EXPECT_EQ(r.active_extra.at("政府集中采购").count("本年新制作数量"), 1u);
  EXPECT_EQ(r.active_extra.count("疫情防控"), 1u);
  EXPECT_EQ(r.active_extra.count("行政许可"), 1u);
  EXPECT_EQ(r.active_extra.count("基层政务公开标准指引落实"), 1u);
  // "行政事业性收费 | 0 | 0 | | |": two values, the third column blank (trimmed).
  ASSERT_EQ(r.active_extra.count("行政事业性收费"), 1u);
  EXPECT_EQ(r.active_extra.at("行政事业性收费").size(), 2u);
  // Signature "2023 年1月12日".
  EXPECT_EQ(r.signature_date, "2023-01-12");
  EXPECT_EQ(r.published_date_source, "signature");
  // All-zero tables pass every identity.
  for (const auto& c : r.hard_checks) EXPECT_EQ(c.outcome, "strict") << c.rule << " " << c.scope;
  EXPECT_EQ(CountOutcomes(r.hard_checks, "H3")["strict"], 23);  // the 23 data rows of the v2019 表三
}

TEST(ReportSeedTest, Seed004IdentityInferredAndNarrativeBreakdownInconsistent) {
  const ReportRecord r = ExtractFile("seeds/004_36e6be138d2a2c92.txt");
  EXPECT_EQ(r.agency_name, "温州市人民政府");
  EXPECT_EQ(r.agency_name_source, "inferred");
  EXPECT_FALSE(r.identity_evidence.empty());
  EXPECT_TRUE(r.HasFlag("identity_inferred"));
  EXPECT_TRUE(r.HasFlag("spam_injected"));
  EXPECT_EQ(r.report_year, 2019);
  EXPECT_EQ(r.admin_level, "prefecture");
  EXPECT_EQ(r.tables_status, "missing");
  EXPECT_TRUE(r.HasFlag("tables_missing"));
  EXPECT_TRUE(r.cells.empty());
  EXPECT_EQ(r.section_headings.size(), 6u);  // inline headings in one paragraph
  EXPECT_EQ(r.signature_date, "2020-03-05");
  EXPECT_EQ(FindFact(r, "narrative.apply_received")->value, 5756);
  EXPECT_EQ(FindFact(r, "narrative.active_items")->value, 331282);
  EXPECT_EQ(FindFact(r, "narrative.apply_granted")->value, 2603);
  EXPECT_EQ(FindFact(r, "narrative.apply_partial")->value, 1063);
  // 2603 + 1063 + 267 + 1497 + 105 + 97 = 5632, not the 5756 stated: a real inconsistency.
  const ReportCheck* c = FindCheck(r.soft_checks, "S4", "narrative.apply_outcomes");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->lhs.value_or(-1), 5632);
  EXPECT_EQ(c->rhs.value_or(-1), 5756);
  EXPECT_EQ(c->outcome, "warn");
  // The percentage 70.19% is no count.
  for (const auto& f : r.narrative_facts) EXPECT_NE(f.value, 70.19);
}

// The simulator renders seeds 002 and 003 as HTML (years shifted): same cells.
TEST(ReportSeedTest, SimulatorPagesGiveTheSeedCells) {
  const ReportRecord seed002 = ExtractFile("seeds/002_49ee148252c18417.txt");
  for (const char* file : {"portal-pages/trs-2021.html", "portal-pages/gkmlpt-2021.html", "portal-pages/mirror-2021.html"}) {
    SCOPED_TRACE(file);
    const ReportRecord page = ExtractFile(file, "http://www.example.gov.cn/a.html");
    ExpectSeed002Cells(page);
    EXPECT_EQ(SourceCells(page), SourceCells(seed002));
    EXPECT_EQ(CountOutcomes(page.hard_checks, "H1")["strict"], 7);
  }
  const ReportRecord seed003 = ExtractFile("seeds/003_b0c83f9a26583a92.txt");
  for (const char* file : {"portal-pages/hanweb-2021.html", "portal-pages/generic-2021.htm"}) {
    SCOPED_TRACE(file);
    const ReportRecord page = ExtractFile(file, "http://www.example.gov.cn/a.html");
    EXPECT_FALSE(page.cells.empty());
    EXPECT_EQ(SourceCells(page), SourceCells(seed003));
    std::vector<std::string> labels, seed_labels;
    for (const auto& [label, cols] : page.active_extra) labels.push_back(label + ":" + std::to_string(cols.size()));
    for (const auto& [label, cols] : seed003.active_extra) seed_labels.push_back(label + ":" + std::to_string(cols.size()));
    EXPECT_EQ(labels, seed_labels);
  }
  const ReportRecord trs = ExtractFile("portal-pages/trs-2021.html", "http://www.hongze.gov.cn/a.html");
  EXPECT_EQ(trs.agency_name, "淮安市洪泽区人民政府");
  EXPECT_EQ(trs.agency_key, "index_no:014128963");
  EXPECT_EQ(trs.division_code, "320813");  // SiteIDCode 3208130001
}

// ------------------------------------------------------------------ synthetic HTML

// 表三 with rowspan group labels and blank 总计 cells (Shanghai style).
TEST(ReportTableTest, RowspanGroupsAndBlankTotalsAreNotZero) {
  const std::string td = "<td>%s</td>";
  auto row = [](const std::string& label_cells, const std::vector<std::string>& values) {
    std::string s = "<tr>" + label_cells;
    for (const auto& v : values) s += "<td>" + v + "</td>";
    return s + "</tr>";
  };
  std::string t = "<p>三、收到和处理政府信息公开申请情况</p><table>";
  t += "<tr><td rowspan=\"3\" colspan=\"3\">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>"
       "<td colspan=\"7\">申请人情况</td></tr>";
  t += "<tr><td rowspan=\"2\">自然人</td><td colspan=\"5\">法人或其他组织</td><td rowspan=\"2\">总计</td></tr>";
  t += "<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>";
  t += row("<td colspan=\"3\">一、本年新收政府信息公开申请数量</td>", {"821", "10", "&nbsp;", "", "—", "5", "&nbsp;"});
  t += row("<td colspan=\"3\">二、上年结转政府信息公开申请数量</td>", {"18", "0", "0", "0", "0", "0", ""});
  t += row("<td rowspan=\"4\">三、本年度办理结果</td><td colspan=\"2\">（一）予以公开</td>", {"258", "1", "", "", "", "", ""});
  t += row("<td rowspan=\"2\">（三）不予公开</td><td>1．属于国家秘密</td>", {"3", "0", "0", "0", "0", "0", ""});
  t += row("<td>2．其他法律行政法规禁止公开</td>", {"32", "0", "0", "0", "0", "0", ""});
  t += row("<td colspan=\"2\">（七）总计</td>", {"767", "11", "0", "0", "0", "5", ""});
  t += row("<td colspan=\"3\">四、结转下年度继续办理</td>", {"72", "0", "0", "0", "0", "0", ""});
  t += "</table>";
  const ReportRecord r = ExtractHtml(t);
  EXPECT_EQ(V(r, "apply.new.natural_person"), 821);
  EXPECT_EQ(V(r, "apply.new.legal_commercial"), 10);
  EXPECT_EQ(V(r, "apply.new.legal_other"), 5);
  for (const char* blank : {"apply.new.legal_research", "apply.new.legal_social", "apply.new.legal_lawfirm",
                            "apply.new.total", "apply.granted.legal_research"}) {
    EXPECT_EQ(StatusOf(r, blank), "blank") << blank;
    EXPECT_FALSE(r.Value(blank).has_value()) << blank;
  }
  EXPECT_EQ(V(r, "apply.granted.natural_person"), 258);
  EXPECT_EQ(V(r, "apply.denied.state_secret.natural_person"), 3);  // group label from the rowspan
  EXPECT_EQ(V(r, "apply.denied.law_forbidden.natural_person"), 32);
  EXPECT_EQ(V(r, "apply.result_total.natural_person"), 767);
  EXPECT_EQ(V(r, "apply.carry_forward.natural_person"), 72);
  // H1 自然人: 821 + 18 = 767 + 72, all reported.
  EXPECT_EQ(FindCheck(r.hard_checks, "H1", "natural_person")->outcome, "strict");
  // H1 商业企业: 10 + 0 = 11 + 0 fails.
  EXPECT_EQ(FindCheck(r.hard_checks, "H1", "legal_commercial")->outcome, "fail");
  EXPECT_TRUE(r.HasFlag("hard_identity_failed"));
  // H1 科研机构: 新收 blank, others 0: equal only with blanks as 0.
  const ReportCheck* research = FindCheck(r.hard_checks, "H1", "legal_research");
  EXPECT_EQ(research->outcome, "lenient");
  EXPECT_EQ(research->blank_operands, 1);
  // H3 on a row whose 总计 is blank: nothing to compare.
  EXPECT_EQ(FindCheck(r.hard_checks, "H3", "new")->outcome, "no_data");
}

TEST(ReportTableTest, SplitTablesAreJoinedAndMoneyNormalized) {
  std::string t = "<p>二、主动公开政府信息情况</p><table>"
                  "<tr><td colspan=\"3\">第二十条第（一）项</td></tr>"
                  "<tr><td>信息内容</td><td>本年新制作数量</td><td>本年新公开数量</td><td>对外公开总数量</td></tr>"
                  "<tr><td>规章</td><td>２</td><td>２</td><td>１５</td></tr></table>"
                  "<table><tr><td>规范性文件</td><td>3</td><td>3</td><td>40</td></tr>"
                  "<tr><td colspan=\"3\">第二十条第（五）项</td></tr>"
                  "<tr><td>信息内容</td><td>上一年项目数量</td><td>本年增/减</td><td>处理决定数量</td></tr>"
                  "<tr><td>行政许可</td><td>120</td><td>+1036</td><td>1.2万</td></tr>"
                  "<tr><td>行政处罚</td><td>5</td><td>-2</td><td>/</td></tr>"
                  "<tr><td colspan=\"3\">第二十条第（九）项</td></tr>"
                  "<tr><td>信息内容</td><td>采购项目数量</td><td>采购总金额</td></tr>"
                  "<tr><td>政府集中采购</td><td>7</td><td>251000元</td></tr></table>";
  const ReportRecord r = ExtractHtml(t);
  EXPECT_EQ(V(r, "active.regulation.new_made"), 2);  // full-width digits
  EXPECT_EQ(V(r, "active.regulation.total_published"), 15);
  EXPECT_EQ(V(r, "active.normative.total_published"), 40);  // second <table>
  EXPECT_EQ(V(r, "active.licensing.delta"), 1036);
  EXPECT_EQ(V(r, "active.licensing.decisions"), 12000);
  EXPECT_EQ(r.Value("active.penalty.delta").value_or(0), -2);  // signed delta
  EXPECT_EQ(StatusOf(r, "active.penalty.decisions"), "blank");
  EXPECT_DOUBLE_EQ(V(r, "active.procurement.amount"), 25.1);
  EXPECT_EQ(r.Cell("active.procurement.amount")->unit, "万元");
  EXPECT_EQ(r.Cell("active.procurement.amount")->source_unit, "元");
  EXPECT_EQ(r.Cell("active.procurement.amount")->raw, "251000元");
  EXPECT_EQ(r.template_version, "v2019");
  // A negative delta is no H5 failure; S3 new_published <= total_published.
  EXPECT_EQ(CountOutcomes(r.hard_checks, "H5"), (std::map<std::string, int>{{"strict", 1}}));
  EXPECT_EQ(FindCheck(r.soft_checks, "S3", "regulation")->outcome, "ok");
}

TEST(ReportTableTest, PercentInCountFieldIsInvalidNotACount) {
  std::string t = "<p>四、政府信息公开行政复议、行政诉讼情况</p><table>"
                  "<tr><td colspan=\"5\">行政复议</td><td colspan=\"10\">行政诉讼</td></tr><tr>";
  for (const char* v : {"1", "0", "0", "0", "1", "50%", "0", "0", "0", "1", "0", "0", "0", "0", "0"}) {
    t += std::string("<td>") + v + "</td>";
  }
  t += "</tr></table>";
  const ReportRecord r = ExtractHtml(t);
  EXPECT_EQ(V(r, "appeal.review.total"), 1);
  EXPECT_EQ(StatusOf(r, "appeal.suit_direct.upheld"), "invalid");
  EXPECT_FALSE(r.Value("appeal.suit_direct.upheld").has_value());
  EXPECT_EQ(FindCheck(r.hard_checks, "H5", "appeal.suit_direct.upheld")->outcome, "fail");
  EXPECT_EQ(FindCheck(r.hard_checks, "H4", "review")->outcome, "strict");
}

TEST(ReportTableTest, JsonIsDeterministicAndKeepsBlanksNull) {
  const ReportRecord a = ExtractFile("seeds/001_ae51e28a24af67cf.txt");
  const ReportRecord b = ExtractFile("seeds/001_ae51e28a24af67cf.txt");
  EXPECT_EQ(a.ToJson(), b.ToJson());
  const nlohmann::json j = nlohmann::json::parse(a.ToJson());
  EXPECT_TRUE(j["tables"]["legacy"]["legacy.apply.received"].is_null());
  EXPECT_EQ(j["tables"]["legacy"]["legacy.active.items"], 147);
  EXPECT_EQ(j["identity"]["report_year"], 2018);
  EXPECT_EQ(j["template"]["version"], "legacy2016");
  const nlohmann::ordered_json o = nlohmann::ordered_json::parse(a.ToJson());
  std::vector<std::string> keys;
  for (const auto& [k, v] : o.items()) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"identity", "template", "sections", "tables", "narrative_facts", "validation"}));
}

TEST(ReportTableTest, CrossYearChecks) {
  ReportRecord previous = ExtractFile("seeds/002_49ee148252c18417.txt");
  ReportRecord current = previous;
  current.report_year = previous.report_year + 1;
  current.soft_checks.clear();
  CheckAcrossYears(previous, &current);
  // carried over 0 = carried forward 0; in force 5 != 5 + 4 - 1.
  EXPECT_EQ(FindCheck(current.soft_checks, "S1", "total")->outcome, "ok");
  const ReportCheck* s2 = FindCheck(current.soft_checks, "S2", "normative");
  ASSERT_NE(s2, nullptr);
  EXPECT_EQ(s2->lhs.value_or(-1), 5);
  EXPECT_EQ(s2->rhs.value_or(-1), 8);
  EXPECT_EQ(s2->outcome, "warn");
}

// ------------------------------------------------------------------ wrapped 表三 labels (issue 6)

// A 表三 row of seven values as <td>s.
std::string ApplyTds(const std::vector<std::string>& values) {
  std::string s;
  for (const auto& v : values) s += "<td>" + v + "</td>";
  return s;
}

const std::string kApplyHead =
    "<p>三、收到和处理政府信息公开申请情况</p><table>"
    "<tr><td>自然人</td><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td>"
    "<td>总计</td></tr>";

TEST(ReportTableTest, LabelWrappedOutOfTheTableLabelsTheNumbersThatOpenTheNextPart) {
  // As make_forms.py cuts 洪泽区 2023: the label of （二）部分公开 and of 5.要求…
  // 重新出具 wrap in the PDF, so each is a paragraph that splits the table and
  // its numbers open the next part with no label.
  std::string t = kApplyHead;
  t += "<tr><td>一、本年新收政府信息公开申请数量</td>" + ApplyTds({"21", "0", "0", "0", "0", "0", "21"}) + "</tr>";
  t += "<tr><td>（一）予以公开</td>" + ApplyTds({"3", "0", "0", "0", "0", "0", "3"}) + "</tr></table>";
  t += "<p>（二）部分公开（区分处理的，只计这一情 形，不计其他情形）</p><table>";
  t += "<tr>" + ApplyTds({"4", "0", "0", "0", "0", "0", "4"}) + "</tr>";
  t += "<tr><td>1.属于国家秘密</td>" + ApplyTds({"1", "0", "0", "0", "0", "0", "1"}) + "</tr></table>";
  t += "<p>5.要求行政机关确认或重 新出具已获取信息</p><table>";
  t += "<tr>" + ApplyTds({"2", "0", "0", "0", "0", "0", "2"}) + "</tr>";
  t += "<tr><td>（七）总计</td>" + ApplyTds({"10", "0", "0", "0", "0", "0", "10"}) + "</tr></table>";
  const ReportRecord r = ExtractHtml(t);
  EXPECT_EQ(V(r, "apply.partial.natural_person"), 4);
  EXPECT_EQ(V(r, "apply.partial.total"), 4);
  EXPECT_EQ(V(r, "apply.unprocessed.confirm_reissue.natural_person"), 2);
  EXPECT_EQ(V(r, "apply.unprocessed.confirm_reissue.total"), 2);
  // The rows above keep their own values, and get no more.
  EXPECT_EQ(V(r, "apply.granted.total"), 3);
  EXPECT_EQ(V(r, "apply.denied.state_secret.total"), 1);
  EXPECT_FALSE(r.HasFlag("apply_extra_values"));
  EXPECT_FALSE(r.HasFlag("duplicate_field"));
  EXPECT_TRUE(r.unmapped_rows.empty());
}

TEST(ReportTableTest, WrappedLabelNeverGivesNumbersToAWrongRow) {
  // Text between the parts that is no row label, or a label whose numbers are
  // not a full row: the text labels nothing, and no row gains the numbers. (A
  // full row of numbers between two known rows where the template has exactly
  // one row is placed by the template order, whatever the text says.)
  std::string t = kApplyHead;
  t += "<tr><td>一、本年新收政府信息公开申请数量</td>" + ApplyTds({"21", "0", "0", "0", "0", "0", "21"}) + "</tr>";
  t += "<tr><td>（一）予以公开</td>" + ApplyTds({"3", "0", "0", "0", "0", "0", "3"}) + "</tr></table>";
  t += "<p>单位：件</p><table>";
  t += "<tr>" + ApplyTds({"4", "0", "0", "0", "0", "0", "4"}) + "</tr>";
  t += "<tr><td>1.属于国家秘密</td>" + ApplyTds({"1", "0", "0", "0", "0", "0", "1"}) + "</tr></table>";
  t += "<p>（二）部分公开</p><table>";
  t += "<tr>" + ApplyTds({"4", "0", "0", "4"}) + "</tr>";  // four numbers, not the seven of a row
  t += "<tr><td>（七）总计</td>" + ApplyTds({"10", "0", "0", "0", "0", "0", "10"}) + "</tr></table>";
  // A sentence is no label: its numbers are a row of their own, unmapped
  // (the template has no row between 总计 and 结转下年度).
  t += "<p>注：本年度有一件申请经补正后部分公开。</p><table>";
  t += "<tr>" + ApplyTds({"1", "0", "0", "0", "0", "0", "1"}) + "</tr>";
  t += "<tr><td>四、结转下年度继续办理</td>" + ApplyTds({"0", "0", "0", "0", "0", "0", "0"}) + "</tr></table>";
  const ReportRecord r = ExtractHtml(t);
  EXPECT_EQ(V(r, "apply.partial.total"), 4);  // by the template order, not from 单位：件
  EXPECT_TRUE(r.HasFlag("apply_rows_by_template_order"));
  EXPECT_EQ(V(r, "apply.granted.total"), 3);
  EXPECT_EQ(V(r, "apply.denied.state_secret.total"), 1);
  EXPECT_EQ(V(r, "apply.result_total.total"), 10);
  EXPECT_EQ(V(r, "apply.carry_forward.total"), 0);
  EXPECT_FALSE(r.HasFlag("apply_extra_values"));
  EXPECT_EQ(r.unmapped_rows, (std::vector<std::string>{"表三: （二）部分公开", "表三: (无标签)"}));
}

TEST(ReportTableTest, LabelFragmentsAcrossPartsAndInsideTheTableAreJoined) {
  // 淮安市 2024 as make_forms.py cuts it: 1、申请人无正当理由逾期不补 | 正、行政机关…
  // (the part's row holds the middle line of a three-line label), and a
  // garbled （六）其他处理 heading before 3、其他.
  std::string t = kApplyHead;
  t += "<tr><td>一、本年新收政府信息公开申请数量</td>" + ApplyTds({"21", "0", "0", "0", "0", "0", "21"}) + "</tr>";
  t += "<tr><td>（一）予以公开</td>" + ApplyTds({"3", "0", "0", "0", "0", "0", "3"}) + "</tr>";
  // Inside one table: a label row without values, and its last line with the values.
  t += "<tr><td>（二）部分公开（区分处理的，只计这一情形，不</td></tr>";
  t += "<tr><td>计其他情形）</td>" + ApplyTds({"4", "0", "0", "0", "0", "0", "4"}) + "</tr></table>";
  t += "<p>具已获取信息</p><p>1、申请人无正当理由逾期不补</p><table>";
  t += "<tr><td>正、行政机关不再处理其政府信</td>" + ApplyTds({"67", "3", "0", "0", "1", "0", "71"}) + "</tr></table>";
  t += "<p>息公开申请</p><p>（六）其2、申请人逾期未按收费通知要他处理</p><table>";
  t += "<tr><td>求缴纳费用、行政机关不再处理</td>" + ApplyTds({"6", "0", "0", "0", "0", "0", "6"}) + "</tr></table>";
  t += "<p>其政府信息公开申请</p><table>";
  t += "<tr><td>3、其他</td>" + ApplyTds({"108", "2", "0", "0", "0", "0", "110"}) + "</tr>";
  t += "<tr><td>（七）总计</td>" + ApplyTds({"10", "0", "0", "0", "0", "0", "10"}) + "</tr></table>";
  const ReportRecord r = ExtractHtml(t);
  EXPECT_EQ(V(r, "apply.partial.total"), 4);
  EXPECT_EQ(V(r, "apply.other.no_correction.natural_person"), 67);
  EXPECT_EQ(V(r, "apply.other.no_correction.total"), 71);
  EXPECT_EQ(V(r, "apply.other.no_fee.total"), 6);
  EXPECT_EQ(V(r, "apply.other.other.total"), 110);
  EXPECT_EQ(StatusOf(r, "apply.other.total.total"), "derived");
  EXPECT_FALSE(r.HasFlag("duplicate_field"));
  EXPECT_TRUE(r.unmapped_rows.empty());

  // A group heading is no wrapped label: （六）其他处理 over an unknown row
  // does not make that row other.total.
  std::string g = kApplyHead;
  g += "<tr><td>一、本年新收政府信息公开申请数量</td>" + ApplyTds({"21", "0", "0", "0", "0", "0", "21"}) + "</tr>";
  g += "<tr><td>（六）其他处理</td></tr>";
  g += "<tr><td>申请人撤回申请</td>" + ApplyTds({"2", "0", "0", "0", "0", "0", "2"}) + "</tr></table>";
  const ReportRecord q = ExtractHtml(g);
  EXPECT_EQ(StatusOf(q, "apply.other.total.total"), "absent");
  EXPECT_EQ(q.unmapped_rows.size(), 1u);
}

TEST(ReportTableTest, ActiveRowShorterThanItsHeaderIsNotFilledLeftToRight) {
  // The Shanghai PDF-to-Markdown form: the header has four cells, the rows
  // three, because a multi-line cell was pulled out of the table. Which cell
  // is missing is unknown, so no value of such a row is placed.
  const std::string head =
      "<p>二、主动公开政府信息情况</p><table><tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td>"
      "<td>现行有效件数</td></tr></table>";
  ReportRecord r = ExtractHtml(head + "<table><tr><td>规章</td><td>22</td><td>235</td></tr></table>" +
                               "<table><tr><td>行政规范性文件</td><td>34</td><td>189</td></tr></table>");
  for (const char* f : {"active.regulation.issued", "active.regulation.repealed", "active.regulation.in_force",
                        "active.normative.issued", "active.normative.repealed", "active.normative.in_force"}) {
    EXPECT_EQ(StatusOf(r, f), "absent") << f;
  }
  EXPECT_TRUE(r.HasFlag("ambiguous_rows"));
  ASSERT_EQ(r.ambiguous_rows.size(), 2u);
  EXPECT_EQ(r.ambiguous_rows[0].table, "表二");
  EXPECT_EQ(r.ambiguous_rows[0].row, "规章");
  EXPECT_EQ(r.ambiguous_rows[0].values, (std::vector<std::string>{"22", "235"}));
  EXPECT_EQ(r.ambiguous_rows[0].placements, 3u);  // the missing cell is any of the three
  EXPECT_EQ(r.ambiguous_rows[1].row, "行政规范性文件");

  // A full row under the same header is read; a blank cell keeps its place.
  r = ExtractHtml(head + "<table><tr><td>规章</td><td>2</td><td></td><td>235</td></tr></table>");
  EXPECT_EQ(V(r, "active.regulation.issued"), 2);
  EXPECT_EQ(StatusOf(r, "active.regulation.repealed"), "blank");
  EXPECT_EQ(V(r, "active.regulation.in_force"), 235);
  EXPECT_FALSE(r.HasFlag("ambiguous_rows"));

  // The PDF form of the same report: two header cells merged into one
  // ("本年废止件数 现行有效件数"). The column before it is read; what stands
  // under the merged cell is not placed.
  r = ExtractHtml(
      "<p>二、主动公开政府信息情况</p><table><tr><td>信息内容</td><td>本年制发件数</td>"
      "<td>本年废止件数 现行有效件数</td></tr><tr><td>规章</td><td>22</td><td>235</td></tr></table>");
  EXPECT_EQ(V(r, "active.regulation.issued"), 22);
  EXPECT_EQ(StatusOf(r, "active.regulation.repealed"), "absent");
  EXPECT_EQ(StatusOf(r, "active.regulation.in_force"), "absent");
  EXPECT_TRUE(r.HasFlag("active_header_merged"));
}

TEST(ReportTableTest, EmptyLabelSlotsOfAnUnmergedTableAreNotBlankValues) {
  // An unmerged copy of 表三 (v09): three label columns, and a row without a
  // group has empty label slots before its first number. They are label
  // slots, not blank values; a blank cell among the values stays a blank.
  std::string t =
      "<p>三、收到和处理政府信息公开申请情况</p><table>"
      "<tr><td></td><td></td><td></td><td>自然人</td><td>商业企业</td><td>科研机构</td><td>社会公益组织</td>"
      "<td>法律服务机构</td><td>其他</td><td>总计</td></tr>";
  auto row = [&](const std::string& a, const std::string& b, const std::string& c,
                 const std::vector<std::string>& v) {
    t += "<tr><td>" + a + "</td><td>" + b + "</td><td>" + c + "</td>" + ApplyTds(v) + "</tr>";
  };
  row("一、本年新收政府信息公开申请数量", "", "", {"168", "18", "0", "0", "8", "0", "194"});
  row("三、本年度办理结果", "（一）予以公开", "", {"59", "4", "0", "0", "2", "0", "65"});
  row("三、本年度办理结果", "（三）不予公开", "1.属于国家秘密", {"1", "", "0", "0", "0", "0", "1"});
  row("四、结转下年度继续办理", "", "", {"9", "1", "0", "0", "1", "0", "11"});
  t += "</table>";
  const ReportRecord r = ExtractHtml(t);
  EXPECT_EQ(V(r, "apply.new.natural_person"), 168);
  EXPECT_EQ(V(r, "apply.new.total"), 194);
  EXPECT_EQ(V(r, "apply.granted.natural_person"), 59);
  EXPECT_EQ(V(r, "apply.granted.total"), 65);
  EXPECT_EQ(V(r, "apply.denied.state_secret.natural_person"), 1);
  EXPECT_EQ(StatusOf(r, "apply.denied.state_secret.legal_commercial"), "blank");
  EXPECT_EQ(V(r, "apply.denied.state_secret.total"), 1);
  EXPECT_EQ(V(r, "apply.carry_forward.natural_person"), 9);
  EXPECT_EQ(V(r, "apply.carry_forward.total"), 11);
  EXPECT_FALSE(r.HasFlag("apply_extra_values"));
}

TEST(ReportTableTest, GroupAndItemInOneCellIsTheItem) {
  // "（六）其他处理3.其他" in one cell of a v2021 table is 3.其他
  // (other.other); （六）其他处理 itself is only the sum of its items.
  std::string t = kApplyHead;
  t += "<tr><td>一、本年新收政府信息公开申请数量</td>" + ApplyTds({"21", "0", "0", "0", "0", "0", "21"}) + "</tr>";
  t += "<tr><td>（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请</td>" +
       ApplyTds({"2", "0", "0", "0", "0", "0", "2"}) + "</tr>";
  t += "<tr><td>（六）其他处理3.其他</td>" + ApplyTds({"5", "0", "0", "0", "0", "0", "5"}) + "</tr></table>";
  const ReportRecord r = ExtractHtml(t);
  EXPECT_EQ(V(r, "apply.other.no_correction.total"), 2);
  EXPECT_EQ(V(r, "apply.other.other.total"), 5);
  EXPECT_EQ(V(r, "apply.other.other.natural_person"), 5);
  EXPECT_NE(StatusOf(r, "apply.other.total.total"), "reported");
  EXPECT_FALSE(r.HasFlag("duplicate_field"));
}

TEST(ReportSeedTest, TitleThatOpensWithTheYearGivesTheAgency) {
  CleanPage page;
  page.url = "http://stcsm.sh.gov.cn/a.html";
  page.title = "2024 年上海市科委政府信息公开工作年度报告";
  ContentBlock p;
  p.kind = ContentBlock::Kind::kParagraph;
  p.text = "本年度报告根据《中华人民共和国政府信息公开条例》编制。";
  page.blocks.push_back(p);
  ReportRecord r;
  ASSERT_TRUE(ExtractReport(page, &r).ok());
  EXPECT_EQ(r.agency_name, "上海市科委");
  EXPECT_EQ(r.report_year, 2024);
  EXPECT_EQ(r.agency_name_source, "title");

  // A sentence before the marker is no agency.
  page.title = "关于2024年度我们编制的政府信息公开工作年度报告";
  ASSERT_TRUE(ExtractReport(page, &r).ok());
  EXPECT_NE(r.agency_name, "我们编制的");
}

TEST(ReportTableTest, TornTablesOfAReportWithTwoHeadingSeriesAreRead) {
  // As the Shanghai reports come out of a PDF-to-Markdown tool: the prose part
  // takes the section numbers, so the table part's headings match nothing;
  // 表二 （五）-（八） are text lines; 表三 is cut into fragments between
  // detached labels, with rows of numbers that lost their label; 表四 is a
  // header and a row of 15 numbers under a heading naming 复议 and 诉讼.
  std::string t =
      "<p>2024年上海市某某委员会政府信息公开工作年度报告</p><p>一、总体情况</p><p>本机关认真贯彻条例。</p>"
      "<p>二、主动公开政府信息情况</p><p>全年主动公开信息。</p>"
      "<p>三、收到和处理政府信息公开申请情况</p><p>全年收到申请。</p>"
      "<p>四、政府信息公开行政复议、行政诉讼情况</p><p>全年无复议。</p>"
      "<p>一、主动公开政府信息情况</p>"
      "<p>第二十条第（五）项</p><p>信息内容本年处理决定数量</p><p>行政许可 97</p>"
      "<p>第二十条第（六）项</p><p>信息内容本年处理决定数量</p><p>行政处罚 3</p><p>行政强制 0</p>"
      "<p>第二十条第（八）项</p><p>信息内容本年收费金额（单位：万元）</p><p>行政事业性收费 1.5</p>"
      "<p>二、收到和处理政府信息公开申请情况</p><table>"
      "<tr><td>自然人</td><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td>"
      "<td>总计</td></tr>";
  t += "<tr><td>一、本年新收政府信息公开申请数量</td>" + ApplyTds({"21", "0", "0", "0", "0", "0", "21"}) + "</tr>";
  t += "<tr><td>（一）予以公开</td>" + ApplyTds({"3", "0", "0", "0", "0", "0", "3"}) + "</tr>";
  t += "<tr>" + ApplyTds({"4", "0", "0", "0", "0", "0", "4"}) + "</tr></table>";  // （二）部分公开
  // Two labels torn out together: which one the next numbers belong to is
  // unknown from the text (here not the last one); the template order tells.
  t += "<p>（三）不</p><p>1.属于国家秘密</p><p>2.其他法律行政法规禁止公开</p><table>";
  t += "<tr>" + ApplyTds({"1", "0", "0", "0", "0", "0", "1"}) + "</tr>";  // 1.属于国家秘密
  t += "<tr>" + ApplyTds({"0", "0", "0", "0", "0", "0", "0"}) + "</tr>";  // 2.其他法律行政法规禁止公开
  t += "<tr><td>3.危及“三安全一稳定”</td>" + ApplyTds({"2", "0", "0", "0", "0", "0", "2"}) + "</tr>";
  t += "<tr><td>4.保护第三方合法权益</td>" + ApplyTds({"0", "0", "0", "0", "0", "0", "0"}) + "</tr>";
  t += "<tr>" + ApplyTds({"1", "0", "0", "0", "0", "0", "1"}) + "</tr>";  // 5.属于三类内部事务信息
  t += "<tr><td>6.属于四类过程性信息</td>" + ApplyTds({"2", "0", "0", "0", "0", "0", "2"}) + "</tr></table>";
  // A label cut after a clause, the rest in the next cell with the values.
  t += "<table><tr><td>1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请</td>" +
       ApplyTds({"5", "0", "0", "0", "0", "0", "5"}) + "</tr>";
  t += "<tr><td>缴纳费用、</td><td>行政机关不再处理其政</td>" + ApplyTds({"6", "0", "0", "0", "0", "0", "6"}) + "</tr>";
  t += "<tr><td>3.其他</td>" + ApplyTds({"7", "0", "0", "0", "0", "0", "7"}) + "</tr></table>";
  t += "<p>三、政府信息公开行政复议、行政诉讼情况</p><p>行政复议行政诉讼</p><table>"
       "<tr><td>维持</td><td>纠正</td><td>结果</td><td>审结</td></tr><tr>";
  for (int k = 0; k < 15; ++k) t += "<td>" + std::to_string(k % 5 == 4 ? 1 : k % 5 == 0 ? 1 : 0) + "</td>";
  t += "</tr></table>";
  const ReportRecord r = ExtractHtml(t);
  EXPECT_EQ(V(r, "active.licensing.decisions"), 97);
  EXPECT_EQ(V(r, "active.penalty.decisions"), 3);
  EXPECT_EQ(V(r, "active.coercion.decisions"), 0);
  EXPECT_EQ(V(r, "active.admin_fee.amount_wan"), 1.5);
  EXPECT_EQ(V(r, "apply.granted.total"), 3);
  EXPECT_EQ(V(r, "apply.partial.total"), 4);
  EXPECT_EQ(V(r, "apply.denied.state_secret.total"), 1);
  EXPECT_EQ(V(r, "apply.denied.law_forbidden.total"), 0);
  EXPECT_EQ(V(r, "apply.denied.three_safety.total"), 2);
  EXPECT_EQ(V(r, "apply.denied.third_party.total"), 0);
  EXPECT_EQ(V(r, "apply.denied.internal.total"), 1);
  EXPECT_EQ(V(r, "apply.denied.process.total"), 2);
  EXPECT_EQ(V(r, "apply.other.no_correction.total"), 5);
  EXPECT_EQ(V(r, "apply.other.no_fee.total"), 6);
  EXPECT_EQ(V(r, "apply.other.other.total"), 7);
  EXPECT_TRUE(r.HasFlag("apply_rows_by_template_order"));
  EXPECT_EQ(V(r, "appeal.review.upheld"), 1);
  EXPECT_EQ(V(r, "appeal.review.total"), 1);
  EXPECT_EQ(V(r, "appeal.suit_after_review.total"), 1);
}

TEST(ReportTableTest, RowsByTemplateOrderOnlyWhenTheCountFits) {
  // Two label-less rows where the template has one row between the anchors:
  // neither is placed. A label-less row after the last anchor: not placed.
  std::string t = kApplyHead;
  t += "<tr><td>一、本年新收政府信息公开申请数量</td>" + ApplyTds({"21", "0", "0", "0", "0", "0", "21"}) + "</tr>";
  t += "<tr><td>（一）予以公开</td>" + ApplyTds({"3", "0", "0", "0", "0", "0", "3"}) + "</tr></table><table>";
  t += "<tr>" + ApplyTds({"4", "0", "0", "0", "0", "0", "4"}) + "</tr>";
  t += "<tr>" + ApplyTds({"5", "0", "0", "0", "0", "0", "5"}) + "</tr>";
  t += "<tr><td>1.属于国家秘密</td>" + ApplyTds({"1", "0", "0", "0", "0", "0", "1"}) + "</tr>";
  t += "<tr>" + ApplyTds({"6", "0", "0", "0", "0", "0", "6"}) + "</tr></table>";
  const ReportRecord r = ExtractHtml(t);
  EXPECT_EQ(StatusOf(r, "apply.partial.total"), "absent");
  EXPECT_EQ(StatusOf(r, "apply.denied.law_forbidden.total"), "absent");
  EXPECT_EQ(V(r, "apply.denied.state_secret.total"), 1);
  EXPECT_FALSE(r.HasFlag("apply_rows_by_template_order"));
  // A label that is no piece of the template's label for that place is not
  // given it either.
  std::string u = kApplyHead;
  u += "<tr><td>（一）予以公开</td>" + ApplyTds({"3", "0", "0", "0", "0", "0", "3"}) + "</tr>";
  u += "<tr><td>其中：网上申请</td>" + ApplyTds({"2", "0", "0", "0", "0", "0", "2"}) + "</tr>";
  u += "<tr><td>1.属于国家秘密</td>" + ApplyTds({"1", "0", "0", "0", "0", "0", "1"}) + "</tr></table>";
  const ReportRecord q = ExtractHtml(u);
  EXPECT_EQ(StatusOf(q, "apply.partial.total"), "absent");
}

TEST(ReportTableTest, OneCellProseTableIsReadAsAParagraph) {
  // A DOCX frames the closing narrative in a one-cell table (seed 004): it is
  // text, as the HTML cleaner reads it, not a table of numbers.
  CleanPage page;
  page.url = "http://www.example.gov.cn/a.docx";
  page.title = "某县2019年政府信息公开工作年度报告";
  ContentBlock p;
  p.text = "一、总体情况";
  p.kind = ContentBlock::Kind::kHeading;
  page.blocks.push_back(p);
  ContentBlock table;
  table.kind = ContentBlock::Kind::kTable;
  CleanTable::Cell cell;
  cell.text = "全年共受理行政复议案件3件，行政诉讼案件2件，均已办结。二〇二〇年一月二十日";
  table.table.rows = {{cell}};
  page.blocks.push_back(table);
  ReportRecord r;
  ASSERT_TRUE(ExtractReport(page, &r).ok());
  EXPECT_TRUE(r.cells.empty());
  EXPECT_EQ(r.tables_status, "missing");
  EXPECT_TRUE(r.hard_checks.empty() || CountOutcomes(r.hard_checks, "H4").empty());
  const NarrativeFact* review = FindFact(r, "narrative.review_cases");
  ASSERT_NE(review, nullptr);
  EXPECT_EQ(review->value, 3);
  EXPECT_NE(r.body_text.find("行政诉讼案件2件"), std::string::npos);
  EXPECT_EQ(r.signature_date, "2020-01-20");

  // A one-cell table holding a label or a number is still a table block.
  table.table.rows[0][0].text = "单位：件";
  page.blocks[1] = table;
  ASSERT_TRUE(ExtractReport(page, &r).ok());
  EXPECT_EQ(r.body_text.find("单位"), std::string::npos);
}

TEST(ReportSeedTest, PageDateComesFromTheCleanersMetadata) {
  // The cleaner hands seed 000's page-info line (时间:2019-02-07) over as
  // metadata["page_date"] and drops the line; ExtractReport reads the date there.
  const std::string bytes = testing::ReadFile(kFixtures + "/seeds/000_9de06cae2ece0565.txt");
  CaptureRecord capture;
  capture.content_type = "text/plain";
  CleanPage page;
  ASSERT_TRUE(CleanCapture(bytes, capture, CleanOptions(), &page).ok());
  ASSERT_EQ(page.metadata.count("page_date"), 1u);
  EXPECT_EQ(page.metadata.at("page_date"), "2019-02-07");
  EXPECT_EQ(page.metadata.count("published_date"), 0u);
  EXPECT_EQ(page.clean_text.find("浏览:0"), std::string::npos) << "the page-info line is chrome";
  EXPECT_NE(page.clean_text.find("一、总体情况"), std::string::npos);

  CleanPage built;
  built.title = "某县2019年政府信息公开工作年度报告";
  ContentBlock p;
  p.text = "时间:2020-03-01 一、总体情况和主要做法";
  built.blocks.push_back(p);
  built.clean_text = p.text + "\n";
  ReportRecord r;
  ASSERT_TRUE(ExtractReport(built, &r).ok());
  EXPECT_EQ(r.published_date_source, "") << "a date in clean_text alone is not read";
  built.metadata["page_date"] = "2020年2月7日";
  ASSERT_TRUE(ExtractReport(built, &r).ok());
  EXPECT_EQ(r.published_date, "2020-02-07");
  EXPECT_EQ(r.published_date_source, "page");
  built.metadata["published_date"] = "2020-02-10";  // the 信息公开 block wins
  ASSERT_TRUE(ExtractReport(built, &r).ok());
  EXPECT_EQ(r.published_date, "2020-02-10");
  EXPECT_EQ(r.published_date_source, "meta");
}

// ------------------------------------------------------------------ parsers

TEST(ReportNumberTest, CountsBlanksApproxAndUnits) {
  using K = ParsedNumber::Kind;
  EXPECT_EQ(ParseReportNumber("１２５").value, 125);
  EXPECT_EQ(ParseReportNumber("１２５").kind, K::kNumber);
  const ParsedNumber six = ParseReportNumber("6 00 余人次");
  EXPECT_EQ(six.kind, K::kNumber);
  EXPECT_EQ(six.value, 600);
  EXPECT_TRUE(six.approx);
  EXPECT_EQ(six.unit, "人次");
  const ParsedNumber items = ParseReportNumber("200 余 条");
  EXPECT_EQ(items.value, 200);
  EXPECT_TRUE(items.approx);
  EXPECT_EQ(items.unit, "条");
  EXPECT_EQ(ParseReportNumber("14.5万项").value, 145000);
  EXPECT_EQ(ParseReportNumber("14.5万项").unit, "项");
  EXPECT_EQ(ParseReportNumber("3500万+").value, 35000000);
  EXPECT_TRUE(ParseReportNumber("3500万+").approx);
  EXPECT_TRUE(ParseReportNumber("5300多篇").approx);
  EXPECT_TRUE(ParseReportNumber("100多家").approx);
  EXPECT_FALSE(ParseReportNumber("125").approx);
  EXPECT_EQ(ParseReportNumber("1,234").value, 1234);
  EXPECT_EQ(ParseReportNumber("1 2 3").value, 123);
  EXPECT_EQ(ParseReportNumber("70.19%").kind, K::kPercent);
  EXPECT_EQ(ParseReportNumber("４．６４％").kind, K::kPercent);
  for (const char* blank : {"", " ", "\xC2\xA0", "—", "——", "-", "/", "无", "－"}) {
    EXPECT_EQ(ParseReportNumber(blank).kind, K::kBlank) << blank;
  }
  const ParsedNumber delta = ParseReportNumber("+1036");
  EXPECT_TRUE(delta.has_sign);
  EXPECT_EQ(delta.value, 1036);
  EXPECT_EQ(ParseReportNumber("-5").value, -5);
  const ParsedNumber yuan = ParseReportNumber("251000元");
  EXPECT_EQ(yuan.value, 251000);
  EXPECT_EQ(yuan.unit, "元");
  const ParsedNumber wan = ParseReportNumber("736.5万元");
  EXPECT_DOUBLE_EQ(wan.value, 736.5);  // 万 of 万元 is the unit, not a multiplier
  EXPECT_EQ(wan.unit, "万元");
  EXPECT_EQ(ParseReportNumber("自然人").kind, K::kText);
  EXPECT_EQ(ParseReportNumber("5(含撤回)").kind, K::kText);
}

TEST(ReportNumberTest, DatesInDigitsAndChineseNumerals) {
  EXPECT_EQ(ParseReportDate("二O一九年三月十一日"), "2019-03-11");
  EXPECT_EQ(ParseReportDate("二〇二〇年十二月三十一日"), "2020-12-31");
  EXPECT_EQ(ParseReportDate("二○一八年十月二十日"), "2018-10-20");
  EXPECT_EQ(ParseReportDate("二零二一年一月五日"), "2021-01-05");
  EXPECT_EQ(ParseReportDate("二Ｏ一九年二月一日"), "2019-02-01");
  EXPECT_EQ(ParseReportDate("莲花街道办事处 2023 年1月12日"), "2023-01-12");
  EXPECT_EQ(ParseReportDate("至202 2 年1 2 月 30 日止"), "2022-12-30");
  EXPECT_EQ(ParseReportDate("时间:2019-02-07 浏览:0"), "2019-02-07");
  EXPECT_EQ(ParseReportDate("２０２２年１月１１日"), "2022-01-11");
  EXPECT_EQ(ParseReportDate("2018年度"), "");
  EXPECT_EQ(ParseReportDate("电话:0730-4500137"), "");
  EXPECT_EQ(ParseReportDate("二O一九年十三月一日"), "");
  size_t b = 0, e = 0;
  const std::string text = "签发 二O一九年三月十一日";
  EXPECT_EQ(ParseReportDate(text, &b, &e), "2019-03-11");
  EXPECT_EQ(text.substr(b, e - b), "二O一九年三月十一日");
}

TEST(ReportNumberTest, LabelsAreFolded) {
  EXPECT_EQ(FoldReportLabel("（一）予以公开"), "(一)予以公开");
  EXPECT_EQ(FoldReportLabel("本列数据的勾 稽 关系"), "本列数据的勾稽关系");
  EXPECT_EQ(FoldReportLabel("3、需要提供公开出版物"), "3、要求提供公开出版物");
  EXPECT_EQ(FoldReportLabel("商业 企业"), "商业企业");
  EXPECT_EQ(FoldReportLabel("3.危及“三安全一稳定”"), "3.危及三安全一稳定");
}

// ------------------------------------------------------------------ placement (issue 15)

ReportRecord ExtractText(const std::string& text) { return testing::ExtractPlainText(text); }

// "117 |" or "125 | ||": one number cell.
bool IsNumberLine(const std::string& l) {
  const size_t bar = l.find(" |");
  return bar != std::string::npos && bar > 0 &&
         std::all_of(l.begin(), l.begin() + static_cast<std::ptrdiff_t>(bar), [](char c) { return c >= '0' && c <= '9'; });
}

// Seed 002's text dump (one cell per line) with its 表三 damaged: in every
// row the five 法人 cells are blank and 总计 equals 自然人; the blank cells
// vanished, and `marks` says whether a line of bars stands where they were.
std::string Seed002WithCollapsedBlanks(bool marks) {
  const std::string seed = testing::ReadFile(kFixtures + "/seeds/002_49ee148252c18417.txt");
  std::vector<std::string> lines;
  std::stringstream in(seed);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  std::string out;
  bool in_apply = false;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].starts_with("三、收到和处理")) in_apply = true;
    if (lines[i].starts_with("四、政府信息公开行政复议")) in_apply = false;
    if (in_apply && IsNumberLine(lines[i]) && i + 6 < lines.size() && IsNumberLine(lines[i + 6])) {
      const std::string natural = lines[i].substr(0, lines[i].find(' '));
      out += natural + " |\n";
      if (marks) out += "||||||\n";
      out += natural + " | ||\n";
      i += 6;
      continue;
    }
    out += lines[i] + "\n";
  }
  return out;
}

TEST(ReportPlacementTest, CollapsedBlanksWithMarksArePlacedWhereTheMarksStand) {
  const ReportRecord original = ExtractFile("seeds/002_49ee148252c18417.txt");
  const ReportRecord r = ExtractText(Seed002WithCollapsedBlanks(/*marks=*/true));
  EXPECT_TRUE(r.ambiguous_rows.empty());
  int rows = 0;
  for (const auto& [field, cell] : original.cells) {
    if (!field.starts_with("apply.") || !field.ends_with(".natural_person") || cell.status != "reported") continue;
    const std::string row = field.substr(0, field.size() - std::string_view("natural_person").size());
    ++rows;
    EXPECT_EQ(V(r, row + "natural_person"), *cell.value) << row;
    EXPECT_EQ(V(r, row + "total"), *cell.value) << row;
    for (const char* c : {"legal_commercial", "legal_research", "legal_social", "legal_lawfirm", "legal_other"}) {
      EXPECT_EQ(StatusOf(r, row + c), "blank") << row << c;
    }
    EXPECT_EQ(r.Cell(row + "total")->placed_by, "marks") << row;
  }
  EXPECT_EQ(rows, 25);
}

TEST(ReportPlacementTest, CollapsedBlanksWithoutMarksAreAmbiguousNeverShifted) {
  const ReportRecord r = ExtractText(Seed002WithCollapsedBlanks(/*marks=*/false));
  // Two numbers in seven columns, and every column's identities hold for any
  // column that takes them: no 表三 value is output, every row is reported.
  for (const auto& [field, cell] : r.cells) {
    if (field.starts_with("apply.")) {
      EXPECT_FALSE(cell.value.has_value()) << field;
    }
  }
  EXPECT_EQ(r.ambiguous_rows.size(), 25u);
  EXPECT_TRUE(r.HasFlag("ambiguous_rows"));
  EXPECT_EQ(r.ambiguous_rows[0].table, "表三");
  EXPECT_EQ(r.ambiguous_rows[0].values, (std::vector<std::string>{"117", "117"}));
  EXPECT_EQ(r.ambiguous_rows[0].fields.size(), 7u);
  // The identities over those rows are not checked: no data, never "fail".
  for (const ReportCheck& c : r.hard_checks) {
    if (c.rule == "H1" || c.rule == "H2" || c.rule == "H3") {
      EXPECT_NE(c.outcome, "fail") << c.rule << c.scope;
    }
  }
}

// 表三 as '|' rows; the last row lost five cells and says nothing of where.
std::string ApplyTableText(const std::string& carry_forward_row) {
  std::string t =
      "三、收到和处理政府信息公开申请情况\n"
      "申请人情况 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计\n"
      "一、本年新收政府信息公开申请数量 | 10 | 0 | 0 | 0 | 0 | 0 | 10\n"
      "二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0\n"
      "（一）予以公开 | 7 | 0 | 0 | 0 | 0 | 0 | 7\n"
      "（二）部分公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0\n"
      "（七）总计 | 7 | 0 | 0 | 0 | 0 | 0 | 7\n";
  return t + carry_forward_row + "\n四、政府信息公开行政复议、行政诉讼情况\n";
}

TEST(ReportPlacementTest, IdentitiesChooseTheOnlyConsistentPlacement) {
  // 10 + 0 = 7 + x in every column: the two 3s can only be 自然人 and 总计.
  const ReportRecord r = ExtractText(ApplyTableText("四、结转下年度继续办理 | 3 | 3"));
  EXPECT_EQ(V(r, "apply.carry_forward.natural_person"), 3);
  EXPECT_EQ(V(r, "apply.carry_forward.total"), 3);
  EXPECT_EQ(StatusOf(r, "apply.carry_forward.legal_commercial"), "blank");
  EXPECT_EQ(r.Cell("apply.carry_forward.total")->placed_by, "identities");
  EXPECT_EQ(r.Cell("apply.new.total")->placed_by, "grid");
  EXPECT_TRUE(r.ambiguous_rows.empty());
  // With 总计 10 instead, no placement adds up: the row is ambiguous.
  const ReportRecord bad = ExtractText(ApplyTableText("四、结转下年度继续办理 | 3 | 10"));
  EXPECT_EQ(StatusOf(bad, "apply.carry_forward.natural_person"), "absent");
  ASSERT_EQ(bad.ambiguous_rows.size(), 1u);
  EXPECT_EQ(bad.ambiguous_rows[0].row, "四、结转下年度继续办理");
}

TEST(ReportPlacementTest, AppealValuesShortOfFifteenArePlacedOnlyByTheirGridOrH4) {
  const std::string head =
      "<p>四、政府信息公开行政复议、行政诉讼情况</p><table>"
      "<tr><td colspan=\"5\">行政复议</td><td colspan=\"10\">行政诉讼</td></tr>"
      "<tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td>"
      "<td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td>"
      "<td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td></tr>";
  // A grid row with its first cell blank: the columns hold (counted from the right).
  ReportRecord r = ExtractHtml(head +
                               "<tr><td></td><td>1</td><td>0</td><td>0</td><td>1</td><td>2</td><td>0</td><td>0</td>"
                               "<td>0</td><td>2</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr></table>");
  EXPECT_EQ(StatusOf(r, "appeal.review.upheld"), "blank");
  EXPECT_EQ(V(r, "appeal.review.corrected"), 1);
  EXPECT_EQ(V(r, "appeal.suit_direct.upheld"), 2);
  EXPECT_EQ(r.Cell("appeal.review.total")->placed_by, "grid");
  // Fourteen numbers in a text dump, one cell lost somewhere: H4 leaves
  // several placements (a 0 may be missing from many columns), so none.
  std::string dump = "四、政府信息公开行政复议、行政诉讼情况\n行政复议 |\n行政诉讼 |\n结果维持 |\n结果纠正 |\n其他结果 |\n"
                     "尚未审结 |\n总计 |\n";
  for (const char* v : {"1", "0", "0", "1", "2", "0", "0", "0", "2", "0", "0", "0", "0", "0"}) dump += std::string(v) + " |\n";
  r = ExtractText(dump);
  EXPECT_EQ(StatusOf(r, "appeal.review.corrected"), "absent");
  ASSERT_EQ(r.ambiguous_rows.size(), 1u);
  EXPECT_EQ(r.ambiguous_rows[0].table, "表四");
}

TEST(ReportPlacementTest, RegionalStatisticsTableIsLegacyWithTheYearAndCumulativeKeptApart) {
  // 指标名称 | 计量单位 | 本年 | 历年累计, rows naming 行政复议 and 行政诉讼:
  // never 表四, and the cumulative column never the year's figure.
  const ReportRecord r = ExtractHtml(
      "<p>五、附表</p><table><tr><td>指标名称</td><td>计量单位</td><td>本年</td><td>历年累计</td></tr>"
      "<tr><td>主动公开信息数</td><td>条</td><td>1853</td><td>15210</td></tr>"
      "<tr><td>其中:全文电子化的主动公开信息数</td><td>条</td><td>1853</td><td>15210</td></tr>"
      "<tr><td>申请总数</td><td>条</td><td>12</td><td>96</td></tr>"
      "<tr><td>其中:1.当面申请数</td><td>条</td><td>3</td><td>41</td></tr>"
      "<tr><td>行政复议数</td><td>件</td><td>1</td><td>5</td></tr>"
      "<tr><td>行政诉讼数</td><td>件</td><td></td><td>2</td></tr>"
      "<tr><td>行政申诉数</td><td>件</td><td>0</td><td>1</td></tr></table>");
  for (const auto& [field, cell] : r.cells) {
    EXPECT_FALSE(field.starts_with("appeal.")) << field;
  }
  EXPECT_EQ(V(r, "legacy.active.items"), 1853);
  EXPECT_EQ(V(r, "legacy_cumulative.active.items"), 15210);
  EXPECT_EQ(V(r, "legacy.apply.received"), 12);
  EXPECT_EQ(V(r, "legacy.apply.via.in_person"), 3);
  EXPECT_EQ(V(r, "legacy.review.total"), 1);
  EXPECT_EQ(StatusOf(r, "legacy.suit.total"), "blank");
  EXPECT_EQ(V(r, "legacy_cumulative.suit.total"), 2);
  EXPECT_EQ(r.Cell("legacy.active.items")->unit, "条");
  EXPECT_EQ(r.Cell("legacy.active.items")->placed_by, "grid");
  // The rows with no documented id stay as text, with their values.
  EXPECT_NE(std::find(r.unmapped_rows.begin(), r.unmapped_rows.end(), "统计表: 其中:全文电子化的主动公开信息数 = 1853 15210"),
            r.unmapped_rows.end());
  EXPECT_NE(std::find(r.unmapped_rows.begin(), r.unmapped_rows.end(), "统计表: 行政申诉数 = 0 1"), r.unmapped_rows.end());
}

TEST(ReportPlacementTest, ATableNoLabelNamesGetsNoFieldIds) {
  // Numbers in the 表四 section, in a table whose labels name no template.
  const ReportRecord r = ExtractHtml(
      "<p>四、政府信息公开行政复议、行政诉讼情况</p><table><tr><td>项目</td><td>数量</td></tr>"
      "<tr><td>行政复议</td><td>3</td></tr><tr><td>行政诉讼</td><td>1</td></tr></table>");
  for (const auto& [field, cell] : r.cells) {
    EXPECT_FALSE(field.starts_with("appeal.")) << field;
  }
}

}  // namespace
}  // namespace govharvest
