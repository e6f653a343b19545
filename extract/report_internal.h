// Pieces of the report extractor shared between its source files (internal header).
#ifndef GOVHARVEST_EXTRACT_REPORT_INTERNAL_H_
#define GOVHARVEST_EXTRACT_REPORT_INTERNAL_H_

#include <string>
#include <string_view>
#include <vector>

#include "extract/clean.h"
#include "extract/report.h"

namespace govharvest::report_internal {

// --- text (report_text.cc) ---
char32_t FoldChar(char32_t cp);                  // full-width ASCII and U+3000 folded
std::u32string FoldCompact(std::string_view s);  // folded, every space removed
bool IsAsciiDigit(char32_t cp);
int DigitValue(char32_t cp);                          // 0-9 for ASCII/Chinese digits, else -1
int ChineseNumeralValue(std::u32string_view s);       // "十一" -> 11, "2019" -> 2019, -1 if not a number

struct DateSpan {
  std::string iso;  // YYYY-MM-DD
  size_t begin = 0;  // byte span in the searched text
  size_t end = 0;
};
// Every date in `text`, in order of position.
std::vector<DateSpan> FindAllDates(std::string_view text);

// --- tables (report_tables.cc) ---
enum class TableKind { kNone, kActive, kApply, kAppeal, kLegacy };
// What a table is, from its header and row keywords (kNone when unclear).
TableKind ClassifyTable(const CleanTable& table);

// One part of a table that the page splits into several (in order).
struct TablePart {
  const CleanTable* table = nullptr;
  // The short text blocks standing between this part and the previous part of
  // the same table (empty for the first part): a row label that the layout
  // wrapped out of the table ("（二）部分公开（区分处理的，只计这一情" as a
  // paragraph, its numbers opening the next part). Only 表三 reads them.
  std::vector<std::string> lead;
};

// Each Map* reads the parts of one table (split tables in order) into `record`:
// cells, active_extra, unmapped_rows and flags (appended, not yet sorted).
void MapActiveTable(const std::vector<TablePart>& parts, ReportRecord* record);
void MapApplyTable(const std::vector<TablePart>& parts, ReportRecord* record);
void MapAppealTable(const std::vector<TablePart>& parts, ReportRecord* record);
void MapLegacyTable(const std::vector<TablePart>& parts, ReportRecord* record);

// 表二 第（五）/（六）/（八）项 written as text lines instead of table rows
// (a PDF-to-Markdown tool lost those small tables): "第二十条第（五）项" /
// "信息内容本年处理决定数量" / "行政许可 97" / "行政处罚 0". `blocks` are
// consecutive text blocks of the page. Returns one two-column table
// ("信息内容 | <column>" then "<row> | <number>") per 信息内容 line, or none
// at all unless the lines read, from the first 第二十条 line that gives a
// row, as nothing but such items up to the end or to a block boundary (a
// page number "— 4 —" may close a block).
std::vector<CleanTable> ActiveTablesFromText(const std::vector<std::string>& blocks);

// Fills record->legacy_mapped from its legacy.* cells (report-format.md §3).
void MapLegacyToCanonical(ReportRecord* record);

// A canonical cell of a pre-2019 report: the sum of the reported legacy
// cells it maps from, with how well the legacy items match it.
struct LegacyMapping {
  const char* canonical;            // "apply.new.total"
  std::vector<const char*> legacy;  // "legacy.apply.received"
  const char* quality;              // "exact" | "approx" | "weak"
};
// The mappings MapLegacyToCanonical applies, in order.
const std::vector<LegacyMapping>& LegacyMappings();

// --- the mappers' tables, read by the field dictionary (extract/fields.cc) ---
struct IdLabel {
  std::string id;
  std::string label;  // as printed in the template
};
// 表二: the canonical "row.column" pairs of v2019 ∪ v2021 ("regulation.new_made").
std::vector<std::string> ActiveCanonicalFields();
// 表三: the columns in template order with their printed labels
// (natural_person 自然人 .. total 总计; the derived legal_subtotal is not a
// column of the table).
std::vector<IdLabel> ApplyColumns();
// 表三: the rows with values in template order with their printed labels;
// v2019 has the leaf （六）其他处理 (other.total) where v2021 has other.*.
std::vector<IdLabel> ApplyTemplateRows(bool v2019);
// 表四: the groups (review, suit_direct, suit_after_review) and the results
// (upheld .. total), in column order.
std::vector<IdLabel> AppealGroups();
std::vector<IdLabel> AppealResults();
// 统计表: every legacy.* id MapLegacyTable can write for the report year's
// column, in rule order (national form, then the flat rows of regional
// forms); a cumulative column gives legacy_cumulative.* with the same rest.
std::vector<std::string> LegacyFieldIds();

}  // namespace govharvest::report_internal

#endif  // GOVHARVEST_EXTRACT_REPORT_INTERNAL_H_
