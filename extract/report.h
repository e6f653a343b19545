// Report extraction: from a CleanPage holding a 政府信息公开工作年度报告 to a
// ReportRecord in one canonical schema for all years and templates
// (docs/schema.md; field ids of ../shared/docs/report-format.md §1-3, 7).
//
// Invariants:
//  - A blank source cell (empty, —, /, 无) is status "blank" with no value;
//    it is never output as 0. Only the lenient validation pass reads blanks
//    as 0, and it says so in its outcome.
//  - Every reported cell keeps the text it was read from (`raw`) and the
//    labels of its row and column as found (`source`).
//  - Derived cells in `cells` (status "derived") are sums of reported cells
//    only; a derived cell is absent when one of its operands is blank.
//    (`legacy_mapped` cells sum the reported operands and name the blank ones.)
//  - ExtractReport is a pure function of the page: the same CleanPage gives
//    the same record, byte for byte in ToJson (keys in a fixed order).
#ifndef GOVHARVEST_EXTRACT_REPORT_H_
#define GOVHARVEST_EXTRACT_REPORT_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "extract/clean.h"
#include "store/status.h"

namespace govharvest {

// One table value, e.g. field "apply.new.total".
struct ReportCell {
  std::string field;
  std::string raw;               // the cell text as in the source ("" for blanks and derived cells)
  std::optional<double> value;   // set iff status is "reported" or "derived"
  // The field's unit from the field dictionary (extract/fields.h: "件",
  // "万元", ...), whatever the source wrote; money is always in 万元, and a
  // money value written with no unit at all has "" (flag money_unit_unknown).
  std::string unit;
  std::string source_unit;       // unit as written in the source ("元", "万元", ...)
  bool approx = false;           // 余/多/约/以上/+
  std::string status;            // "reported" | "blank" | "derived" | "invalid"
  std::string map_quality;       // legacy mapping: "exact" | "approx" | "weak"; "" otherwise
  std::string source;            // "row label | column label" as found, or the operands of a derived cell
  // Table cells: how the cell's column was known (docs/schema.md "Placement"):
  //   "grid"       the value stands in its column of the row's own grid row
  //   "full_row"   the row holds as many values as the table has columns
  //   "marks"      the dump marked where blank cells were dropped, and only one
  //                placement fits the marks
  //   "identities" several placements fit the layout; the table's identities
  //                (H1-H4) leave one
  std::string placed_by;
};

// A table row whose values could not be placed in columns with certainty:
// output with no values at all (docs/schema.md "Placement").
struct AmbiguousRow {
  std::string table;                // "表二" | "表三" | "表四" | "统计表"
  std::string row;                  // the row label as read
  std::vector<std::string> values;  // the values as read, in order
  std::vector<std::string> fields;  // the field ids the row stands for (identities on them have no data)
  size_t placements = 0;            // placements the layout allows (0: none fits)
  std::string reason;               // why none could be chosen
};

// A number stated in the report's text, e.g. 主动公开政府信息3355条.
struct NarrativeFact {
  std::string key;     // "narrative.active_items", "narrative.apply_received", ...
  double value = 0;
  std::string unit;
  bool approx = false;
  std::string text;    // the matched span
  int begin = 0;       // byte offsets of `text` in ReportRecord::body_text
  int end = 0;
};

// One identity or soft check with the numbers it compared.
struct ReportCheck {
  std::string rule;    // "H1".."H5", "S1".."S6", "L1" (legacy parent = sum of children); RuleInfo::rule
  std::string scope;   // the column, row or item checked
  std::optional<double> lhs;
  std::optional<double> rhs;
  int blank_operands = 0;  // operands that were blank (read as 0 in the lenient pass)
  // Hard: "strict" (all operands reported and equal), "lenient" (equal only
  // with blanks as 0), "fail", "no_data" (one side has no reported operand).
  // Soft: "ok", "warn", "no_data".
  std::string outcome;
  // A failed (or warning) check, and a hard one that holds only with blanks
  // read as 0, says its numbers: "H1: 12 + 3 (= 15) != 10 + 6 (= 16)", the
  // operands not reported shown as 0 and named; soft checks add what they
  // compare. The formulas: extract/fields.h, ValidationRules().
  std::string detail;
};

struct ReportRecord {
  // --- identity ---
  std::string title;
  std::string agency_name;
  std::string agency_name_source;  // "title" | "text" | "inferred" (spam page, see identity_evidence)
  // Evidence of the site the report came from, NOT a key for the body: a
  // 索引号 prefix or SiteIDCode is shared by a county government, its
  // townships and bureaus. Kept for older consumers; join on agency_id.
  std::string agency_key;          // "index_no:<prefix>" | "site_id:<code>" | "name:<normalized name>"
  // The body, stable across years: "<GB/T 2260 code>:<normalized name>"
  // (extract/agency_identity.h); "" when the division is undecided.
  std::string agency_id;
  std::string agency_id_evidence;  // what decided the division ("name", "site_id_code", ...) or "undecided: <why>"
  std::string agency_level;        // province|prefecture|county|township|street|department|other; "" without id
  std::string agency_type;         // "government" | "department" | "township" | "street" | "other"
  std::string admin_level;         // "province" | "prefecture" | "county" | "township" | "" (unknown)
  std::string division_code;       // from SiteIDCode when present
  int report_year = 0;             // 0 when unknown
  std::string report_year_source;  // "title" | "text" | "table"
  std::string published_date;      // YYYY-MM-DD
  std::string published_date_source;  // "meta" | "meta_tag" | "meta_created" | "page" (metadata page_date) | "signature"
  std::string signature_date;      // YYYY-MM-DD, the date under the signature
  std::string signature_date_raw;  // as written (二O一九年三月十一日)
  std::vector<IdentityEvidence> identity_evidence;

  // --- template ---
  std::string template_version;  // "v2021" | "v2019" | "legacy2016" | "legacy_other" | "narrative_only"
  std::string template_basis;    // "tables" | "headings_and_year" | "none"
  std::string tables_status;     // "html" | "attachment" | "image_only" | "missing" | "partial"
  std::vector<std::string> table_images;       // image URLs standing for tables
  std::vector<std::string> attachment_urls;
  // URL of the attachment the tables (and the whole record) were read from,
  // "" when they come from the page itself (extract/attachment.h).
  std::string tables_source;

  // --- sections, by id: s1_overview .. s6_other, preamble ---
  std::map<std::string, std::string> sections;
  std::map<std::string, std::string> section_headings;  // id -> heading as found
  std::vector<std::string> unmatched_headings;

  // --- tables ---
  // Canonical (active.*, apply.*, appeal.*) and legacy (legacy.*) cells by field id.
  std::map<std::string, ReportCell> cells;
  // Rows of 表二 outside the template: row label -> column label -> cell.
  std::map<std::string, std::map<std::string, ReportCell>> active_extra;
  // Legacy cells mapped to canonical ids (status "derived", with map_quality).
  std::map<std::string, ReportCell> legacy_mapped;
  // Table rows that carried values but matched no field: "table: label".
  std::vector<std::string> unmapped_rows;
  // Rows of known fields whose values could not be placed (flag "ambiguous_rows").
  std::vector<AmbiguousRow> ambiguous_rows;

  std::vector<NarrativeFact> narrative_facts;
  std::string body_text;  // the text the narrative spans point into (non-table blocks, one per line)

  // --- validation ---
  std::vector<ReportCheck> hard_checks;
  std::vector<ReportCheck> soft_checks;
  std::vector<std::string> flags;  // sorted, unique

  const ReportCell* Cell(std::string_view field) const;
  // The value of a reported or derived cell; nullopt for blank/missing.
  std::optional<double> Value(std::string_view field) const;
  bool HasFlag(std::string_view flag) const;
  // Deterministic JSON (docs/schema.md); body_text is not included.
  std::string ToJson() const;
};

// Builds the record of the report on `page`. Fails with InvalidArgument when
// the page holds no text at all; a page that is not recognisably a report
// still gives a record (template "narrative_only", tables "missing").
Status ExtractReport(const CleanPage& page, ReportRecord* out);

// Cross-year soft checks S1 (carried over in N = carried forward in N-1) and
// S2 (in force in N = in force in N-1 + issued - repealed), appended to
// `current` (the record of year previous.report_year + 1 of the same agency).
void CheckAcrossYears(const ReportRecord& previous, ReportRecord* current);

// --- parsing helpers (exposed for tests and for the attachment readers) ---

// A number as written in a table cell or a sentence.
struct ParsedNumber {
  enum class Kind { kBlank, kNumber, kPercent, kText };
  Kind kind = Kind::kText;
  double value = 0;        // multiplied by 万/亿 (not for money units)
  bool approx = false;     // 余, 多, 约, 近, 以上, trailing +
  bool has_sign = false;   // written with an explicit + or -
  std::string unit;        // unit after the number: 件, 条, 万元, 元, 人次, ... ("" when none)
};
// Full-width digits folded, spaces between digits joined ("6 00" -> 600),
// "1,234" read; blank, —, -, /, 无 give kBlank (never 0).
ParsedNumber ParseReportNumber(std::string_view raw);

// The first date in `text` as "YYYY-MM-DD" ("" when none): 2019-03-12,
// 2019年3月12日, "2023 年1月12日", "1 2 月 30 日", and Chinese numerals
// (二O一九年三月十一日, zero as O, o, Ｏ, 〇, ○ or 零; 十一, 二十, 三十一).
// When `begin`/`end` are given, they receive the byte span of the date.
std::string ParseReportDate(std::string_view text, size_t* begin = nullptr, size_t* end = nullptr);

// A table label folded for matching: full-width ASCII folded, every space
// removed, quotes dropped, known typos fixed (需要提供 -> 要求提供).
std::string FoldReportLabel(std::string_view label);

}  // namespace govharvest

#endif  // GOVHARVEST_EXTRACT_REPORT_H_
