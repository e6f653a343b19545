// Tables 二/三/四 and the pre-2019 统计表 to field ids (report-format.md §1.2-1.5, §3).
//
// Every table (HTML grid, `|`-flattened rows, or one cell per line) is read
// as one stream of tokens in reading order: labels, values and unit words.
// Rows are rebuilt from the stream (a label starts a row, values attach to
// it), so the three layouts give the same rows; within a grid row an empty
// cell between values is kept as a blank value so that positions hold.
#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "extract/cell_placement.h"
#include "extract/fields.h"
#include "extract/report.h"
#include "extract/report_internal.h"
#include "extract/text.h"

namespace govharvest::report_internal {
namespace {

bool Has(std::string_view haystack, std::string_view needle) { return haystack.find(needle) != std::string_view::npos; }

struct Token {
  // kLead: the text between two parts of a split table (TablePart::lead),
  // a possible row label; only 表三 asks for these tokens.
  enum class Kind { kLabel, kValue, kUnit, kLead };
  Kind kind = Kind::kLabel;
  std::string raw;
  std::string folded;  // labels and units: FoldReportLabel(raw)
  ParsedNumber number;  // values
  // Columns of the grid the token comes from (0 for a lead). Every row of one
  // CleanTable has the same width, so a narrower part of a split table holds
  // rows with cells missing.
  int grid_width = 0;
  bool row_start = false;  // the first token kept from its grid row
  int grid_row = -1;       // the grid row it comes from, numbered across the parts (-1 for a lead)
  // The cells of its grid row right of it (not covered, not missing): the
  // columns a label's values can stand in when they share its grid row.
  int slots_right = 0;
  int row_slots = 0;  // the cells of its grid row (not covered, not missing)
  // A kValue standing for blank cells that a text dump dropped, how many
  // unknown (CleanTable::Cell::lost_blanks); never a value of its own.
  bool lost_blanks = false;
  // kLead: the lead holds two or more row labels ("5.属于三类内部事务信息" /
  // "1.本机关不掌握相关政府信息", several rows torn out of the table): which
  // one goes with the numbers after it is unknown, so it labels nothing.
  bool ambiguous = false;
};

bool IsUnitWord(const std::string& folded) {
  for (const char* u : {"条", "件", "篇", "次", "个", "人", "人次", "万元", "元", "项", "家", "场", "户"}) {
    if (folded == u) return true;
  }
  return false;
}

int LabelLevel(std::string_view folded);

// The label a part's lead may hold: from its last paragraph that opens a
// numbered label ("1、申请人无正当理由逾期不补" after "具已获取信息", the tail
// of the row before) to its end; all of it when none is numbered.
std::string LeadLabel(const std::vector<std::string>& lead) {
  size_t from = 0;
  for (size_t i = 0; i < lead.size(); ++i) {
    if (LabelLevel(FoldReportLabel(lead[i])) > 0) from = i;
  }
  std::string raw;
  for (size_t i = from; i < lead.size(); ++i) raw += text::CollapseWhitespace(lead[i]);
  return raw;
}

// The tokens of the parts in reading order; covered slots (spans) are read
// once. With `with_leads`, a part's lead comes first as one kLead token.
std::vector<Token> Tokenize(const std::vector<TablePart>& parts, bool with_leads = false) {
  std::vector<Token> tokens;
  int grid_row = -1;
  for (const TablePart& part : parts) {
    if (with_leads && !part.lead.empty()) {
      Token t;
      t.kind = Token::Kind::kLead;
      t.raw = LeadLabel(part.lead);
      t.folded = FoldReportLabel(t.raw);
      int labels = 0;
      for (const std::string& p : part.lead) {
        const std::string folded = FoldReportLabel(p);
        // A bare group heading ("（三）不予公开") is context, not a row.
        const bool group_heading = LabelLevel(folded) == 2 && text::Length(folded) <= 8 &&
                                   (Has(folded, "不予公开") || Has(folded, "无法提供") || Has(folded, "不予处理") ||
                                    Has(folded, "其他处理"));
        if (LabelLevel(folded) > 0 && !group_heading) ++labels;
      }
      t.ambiguous = labels >= 2;
      if (!t.folded.empty()) tokens.push_back(std::move(t));
    }
    // Columns holding a row label in a row that also has a number right of
    // it. An empty cell of such a column left of a row's first value is an
    // unused label slot (a row without a （三）… group in an unmerged copy of
    // 表三: "一、本年新收… | | | 168"), not a blank value.
    const CleanTable& grid = *part.table;
    std::vector<bool> label_column(static_cast<size_t>(grid.column_count()), false);
    for (const auto& row : grid.rows) {
      int last_number = -1;
      for (size_t c = 0; c < row.size(); ++c) {
        if (!row[c].covered && ParseReportNumber(row[c].text).kind == ParsedNumber::Kind::kNumber) {
          last_number = static_cast<int>(c);
        }
      }
      for (size_t c = 0; c < row.size() && static_cast<int>(c) < last_number; ++c) {
        if (row[c].covered || text::CollapseWhitespace(row[c].text).empty()) continue;
        if (ParseReportNumber(row[c].text).kind == ParsedNumber::Kind::kText) label_column[c] = true;
      }
    }
    for (const auto& row : part.table->rows) {
      std::vector<Token> row_tokens;
      std::vector<bool> empty;
      bool seen_value = false;
      ++grid_row;
      int slots = 0;
      for (const auto& cell : row) slots += cell.covered || cell.missing ? 0 : 1;
      const int row_slots = slots;
      for (size_t c = 0; c < row.size(); ++c) {
        const auto& cell = row[c];
        if (cell.covered || cell.missing) continue;
        --slots;
        if (cell.lost_blanks) {
          Token t;
          t.kind = Token::Kind::kValue;
          t.lost_blanks = true;
          t.grid_width = part.table->column_count();
          t.grid_row = grid_row;
          t.row_slots = row_slots;
          row_tokens.push_back(std::move(t));
          empty.push_back(false);
          continue;
        }
        const bool blank_cell = text::CollapseWhitespace(cell.text).empty();
        if (blank_cell && !seen_value && c < label_column.size() && label_column[c]) continue;
        if (!blank_cell && ParseReportNumber(cell.text).kind != ParsedNumber::Kind::kText) seen_value = true;
        Token t;
        t.raw = cell.text;
        t.grid_width = part.table->column_count();
        t.grid_row = grid_row;
        t.slots_right = slots;
        t.row_slots = row_slots;
        const ParsedNumber n = ParseReportNumber(cell.text);
        if (text::CollapseWhitespace(cell.text).empty()) {
          t.kind = Token::Kind::kValue;
          t.number = n;  // kBlank
          empty.push_back(true);
        } else if (n.kind == ParsedNumber::Kind::kText) {
          t.folded = FoldReportLabel(cell.text);
          t.kind = IsUnitWord(t.folded) ? Token::Kind::kUnit : Token::Kind::kLabel;
          empty.push_back(false);
        } else {
          t.kind = Token::Kind::kValue;
          t.number = n;
          empty.push_back(false);
        }
        row_tokens.push_back(std::move(t));
      }
      // Drop leading and trailing empty cells, and empty cells followed by a
      // label (grid padding between header cells).
      size_t first = 0;
      while (first < row_tokens.size() && empty[first]) ++first;
      size_t last = row_tokens.size();
      while (last > first && empty[last - 1]) --last;
      bool row_start = true;
      for (size_t i = first; i < last; ++i) {
        if (empty[i]) {
          size_t j = i;
          while (j < last && empty[j]) ++j;
          if (j < last && row_tokens[j].kind != Token::Kind::kValue) continue;
        }
        row_tokens[i].row_start = row_start;
        row_start = false;
        tokens.push_back(std::move(row_tokens[i]));
      }
    }
  }
  return tokens;
}

// 1 for "一、…", 2 for "(一)…", 3 for "1.…"/"1、…", 0 otherwise.
int LabelLevel(std::string_view folded) {
  const std::u32string s = text::Decode(folded);
  if (s.empty()) return 0;
  size_t i = 0;
  auto is_cn = [](char32_t c) { return (DigitValue(c) > 0 && !IsAsciiDigit(c) && c != U'O' && c != U'o') || c == U'十'; };
  if (is_cn(s[0])) {
    while (i < s.size() && is_cn(s[i])) ++i;
    if (i < s.size() && (s[i] == U'、' || s[i] == U'.' || s[i] == U',')) return 1;
    return 0;
  }
  if (s[0] == U'(' || s[0] == U'（') {
    i = 1;
    while (i < s.size() && is_cn(s[i])) ++i;
    if (i > 1 && i < s.size() && (s[i] == U')' || s[i] == U'）')) return 2;
    return 0;
  }
  if (IsAsciiDigit(s[0])) {
    while (i < s.size() && IsAsciiDigit(s[i])) ++i;
    if (i < s.size() && (s[i] == U'.' || s[i] == U'、' || s[i] == U',' || s[i] == U'．')) return 3;
  }
  return 0;
}

// The label without its numbering ("3.其他" -> "其他").
std::string StripNumbering(const std::string& folded) {
  const int level = LabelLevel(folded);
  if (level == 0) return folded;
  const std::u32string s = text::Decode(folded);
  size_t i = 0;
  if (level == 2) {
    while (i < s.size() && s[i] != U')' && s[i] != U'）') ++i;
  } else {
    while (i < s.size() && s[i] != U'、' && s[i] != U'.' && s[i] != U',' && s[i] != U'．') ++i;
  }
  return text::Encode(s.substr(std::min(i + 1, s.size())));
}

struct Row {
  std::string context[4];  // [1..3]: the numbered group labels in force (folded)
  std::string leaf;        // folded label of the row ("" for a row of values only)
  std::string leaf_raw;
  int level = 0;
  std::string unit;
  std::vector<const Token*> values;
  // Rows whose label comes from a part's lead (kLead token):
  //  - from_lead: the whole label is the lead; the row's values opened the
  //    part with no label of their own.
  //  - own_leaf/own_leaf_raw/own_level: set when the lead was prefixed to the
  //    part's first label, a fragment without numbering ("正、行政机关不再处理
  //    其政府信" after "1、申请人无正当理由逾期不补"); the label as the part
  //    has it, for the mapper to fall back on.
  bool from_lead = false;
  std::string own_leaf, own_leaf_raw;
  int own_level = 0;
  const Token* label = nullptr;     // the label token (nullptr: values only, or a lead)
  std::vector<const Token*> items;  // values and lost_blanks markers in reading order
};

// With `full_row` > 0, a grid row of values only that comes after a row
// already holding `full_row` values is a row of its own (a label-less row of
// numbers), not more values of that row.
std::vector<Row> RowsOf(const std::vector<Token>& tokens, size_t full_row = 0) {
  std::vector<Row> rows;
  std::string context[4];
  bool open = false;
  const Token* lead = nullptr;  // a lead not yet given to a row
  auto set_context = [&](int level, const std::string& folded) {
    if (level <= 0) return;
    context[level] = folded;
    for (int k = level + 1; k < 4; ++k) context[k].clear();
  };
  for (const Token& t : tokens) {
    if (t.kind == Token::Kind::kLead) {
      lead = &t;
      continue;
    }
    // A lead labels the values that open its part, or is the head of the
    // part's first label when that label has no numbering; else it only
    // sets the group context it names ("（三）不予公开").
    const Token* pending = lead != nullptr && !lead->ambiguous ? lead : nullptr;
    lead = nullptr;
    if (pending != nullptr) {
      const int lead_level = LabelLevel(pending->folded);
      if (t.kind == Token::Kind::kValue) {
        Row r;
        r.level = lead_level;
        set_context(r.level, pending->folded);
        for (int k = 1; k < 4; ++k) r.context[k] = context[k];
        r.leaf = pending->folded;
        r.leaf_raw = text::CollapseWhitespace(pending->raw);
        r.from_lead = true;
        rows.push_back(std::move(r));
        open = true;
      } else if (t.kind == Token::Kind::kLabel && LabelLevel(t.folded) == 0) {
        Row r;
        r.leaf = pending->folded + t.folded;
        r.leaf_raw = text::CollapseWhitespace(pending->raw) + text::CollapseWhitespace(t.raw);
        r.level = lead_level;
        r.own_leaf = t.folded;
        r.own_leaf_raw = text::CollapseWhitespace(t.raw);
        r.label = &t;
        set_context(r.level, r.leaf);
        for (int k = 1; k < 4; ++k) r.context[k] = context[k];
        rows.push_back(std::move(r));
        open = true;
        continue;
      } else {
        set_context(lead_level, pending->folded);
      }
    }
    if (t.kind == Token::Kind::kLabel) {
      Row r;
      r.level = LabelLevel(t.folded);
      set_context(r.level, t.folded);
      for (int k = 1; k < 4; ++k) r.context[k] = context[k];
      r.leaf = t.folded;
      r.leaf_raw = text::CollapseWhitespace(t.raw);
      r.label = &t;
      rows.push_back(std::move(r));
      open = true;
    } else if (t.kind == Token::Kind::kUnit) {
      if (open) rows.back().unit = t.folded;
    } else if (t.lost_blanks) {
      // Marks blank cells of the open row; it never opens a row.
      if (open) rows.back().items.push_back(&t);
    } else {
      if (open && full_row > 0 && t.row_start && t.grid_width > 1 && rows.back().values.size() >= full_row) {
        open = false;
      }
      if (!open) {
        rows.emplace_back();
        for (int k = 1; k < 4; ++k) rows.back().context[k] = context[k];
        open = true;
      }
      rows.back().values.push_back(&t);
      rows.back().items.push_back(&t);
    }
  }
  return rows;
}

// True when row i's label shares its grid row with the next row's label.
bool IsHeaderCell(const std::vector<Row>& rows, size_t i) {
  return rows[i].label != nullptr && i + 1 < rows.size() && rows[i + 1].label != nullptr &&
         rows[i + 1].label->grid_row == rows[i].label->grid_row;
}

// Value and lost-blank tokens as the placement unit reads them.
std::vector<RowItem> ItemsOf(const std::vector<const Token*>& tokens) {
  std::vector<RowItem> items;
  for (const Token* t : tokens) {
    items.push_back({t->lost_blanks ? RowItem::Kind::kLostBlanks : RowItem::Kind::kValue});
  }
  return items;
}

// How `row`'s values stand in `slots` columns: in its grid row when they all
// share the label's grid row and that row has the cells for them; else as
// the table's dump allows (`marked`: the dump marks dropped blank cells).
RowLayout LayoutOf(const Row& row, size_t slots, bool marked) {
  bool aligned = row.label != nullptr && !row.from_lead && row.label->slots_right >= static_cast<int>(slots);
  for (const Token* t : row.items) aligned = aligned && !t->lost_blanks && t->grid_row == row.label->grid_row;
  if (aligned) return RowLayout::kAligned;
  return marked ? RowLayout::kMarked : RowLayout::kLoose;
}

bool HasLostBlanks(const std::vector<Token>& tokens) {
  return std::any_of(tokens.begin(), tokens.end(), [](const Token& t) { return t.lost_blanks; });
}

// The provenance word of a placement (ReportCell::placed_by).
const char* PlacedBy(RowLayout layout, size_t candidates, bool full_row) {
  if (candidates > 1) return "identities";
  if (layout == RowLayout::kAligned) return "grid";
  if (full_row) return "full_row";
  return "marks";
}

std::vector<std::string> RawValues(const Row& row) {
  std::vector<std::string> raws;
  for (const Token* t : row.values) raws.push_back(text::CollapseWhitespace(t->raw));
  return raws;
}

void AddFlag(ReportRecord* record, const std::string& flag) { record->flags.push_back(flag); }

// A cell from a value token. `money` normalizes to 万元 (`column_unit` is the
// unit stated in the column header, used when the cell states none).
ReportCell MakeCell(const std::string& field, const Token* token, const std::string& source, bool money,
                    const std::string& column_unit) {
  ReportCell c;
  c.field = field;
  c.source = source;
  if (token == nullptr) {
    c.status = "blank";
    return c;
  }
  c.raw = text::CollapseWhitespace(token->raw);
  const ParsedNumber& n = token->number;
  switch (n.kind) {
    case ParsedNumber::Kind::kBlank:
      c.status = "blank";
      return c;
    case ParsedNumber::Kind::kPercent:
    case ParsedNumber::Kind::kText:
      c.status = "invalid";
      return c;
    case ParsedNumber::Kind::kNumber:
      break;
  }
  c.status = "reported";
  c.approx = n.approx;
  c.source_unit = n.unit.empty() ? column_unit : n.unit;
  double v = n.value;
  if (money) {
    if (c.source_unit == "元") v /= 1e4;
    if (c.source_unit == "亿元") v *= 1e4;
    c.unit = c.source_unit.empty() ? "" : "万元";
  } else {
    c.unit = c.source_unit;
  }
  c.value = v;
  return c;
}

void PutCell(ReportRecord* record, ReportCell cell) {
  if (record->cells.count(cell.field) > 0) {
    AddFlag(record, "duplicate_field");
    return;
  }
  const std::string field = cell.field;
  record->cells.emplace(field, std::move(cell));
}

// "(单位:万元)" or "(万元)" in a header -> "万元".
std::string UnitInHeader(const std::string& folded) {
  for (const char* u : {"万元", "亿元", "元"}) {
    if (Has(folded, std::string("单位:") + u) || Has(folded, std::string("(") + u + ")")) return u;
  }
  return "";
}

// ---------------------------------------------------------------- 表二

struct KeywordId {
  const char* keyword;
  const char* id;
};

constexpr KeywordId kActiveColumns[] = {
    {"新制作", "new_made"},     {"新公开", "new_published"}, {"公开总数", "total_published"},
    {"上一年项目", "prev_items"}, {"增/减", "delta"},          {"增减", "delta"},
    {"处理决定", "decisions"},  {"采购项目", "items"},       {"采购总金额", "amount"},
    {"制发", "issued"},         {"废止", "repealed"},        {"现行有效", "in_force"},
    {"收费金额", "amount_wan"},
};
constexpr KeywordId kActiveRows[] = {
    {"规范性文件", "normative"},   {"规章", "regulation"},     {"行政许可", "licensing"},
    {"其他对外管理服务", "other_service"}, {"行政处罚", "penalty"}, {"行政强制", "coercion"},
    {"行政事业性收费", "admin_fee"}, {"政府集中采购", "procurement"},
};
// The canonical 表二 fields of both templates (v2019 ∪ v2021).
constexpr const char* kActiveFields[] = {
    "regulation.new_made",      "regulation.new_published", "regulation.total_published",
    "normative.new_made",       "normative.new_published",  "normative.total_published",
    "licensing.prev_items",     "licensing.delta",          "licensing.decisions",
    "other_service.prev_items", "other_service.delta",      "other_service.decisions",
    "penalty.prev_items",       "penalty.delta",            "penalty.decisions",
    "coercion.prev_items",      "coercion.delta",           "coercion.decisions",
    "admin_fee.prev_items",     "admin_fee.delta",          "procurement.items",
    "procurement.amount",       "regulation.issued",        "regulation.repealed",
    "regulation.in_force",      "normative.issued",         "normative.repealed",
    "normative.in_force",       "admin_fee.amount_wan",
};

const char* Lookup(const KeywordId* table, size_t n, const std::string& folded) {
  for (size_t i = 0; i < n; ++i) {
    if (Has(folded, table[i].keyword)) return table[i].id;
  }
  return nullptr;
}

// How many distinct 表二 column ids a header label names.
int CountActiveColumnIds(const std::string& folded) {
  std::vector<std::string> ids;
  for (const KeywordId& k : kActiveColumns) {
    if (Has(folded, k.keyword) && std::find(ids.begin(), ids.end(), k.id) == ids.end()) ids.push_back(k.id);
  }
  return static_cast<int>(ids.size());
}

bool IsActiveColumnLabel(const std::string& folded) {
  if (folded == "信息内容") return true;
  if (Lookup(kActiveColumns, std::size(kActiveColumns), folded) != nullptr) return true;
  return folded.ends_with("数量") || folded.ends_with("件数") || Has(folded, "金额");
}

bool IsCanonicalActiveField(const std::string& field) {
  for (const char* f : kActiveFields) {
    if (field == f) return true;
  }
  return false;
}

// The most cells holding a number (or a percentage) in one row of `table`.
int WidestValueRow(const CleanTable& table) {
  int widest = 0;
  for (const auto& row : table.rows) {
    int n = 0;
    for (const auto& cell : row) {
      if (cell.covered) continue;
      const ParsedNumber::Kind kind = ParseReportNumber(cell.text).kind;
      n += kind == ParsedNumber::Kind::kNumber || kind == ParsedNumber::Kind::kPercent ? 1 : 0;
    }
    widest = std::max(widest, n);
  }
  return widest;
}

}  // namespace

TableKind ClassifyTable(const CleanTable& table) {
  std::string all;
  for (const auto& row : table.rows) {
    for (const auto& cell : row) {
      if (!cell.covered) all += FoldReportLabel(cell.text) + "|";
    }
  }
  // The 统计表 forms before 2019, national (统计指标 | 单位 | 统计数) and
  // regional (指标名称 | 计量单位 | 本年 | 历年累计, with or without 代码),
  // by their header; the national one also by its rows.
  const bool legacy_header = Has(all, "统计指标") || Has(all, "指标名称") || Has(all, "历年累计") ||
                             (Has(all, "计量单位") && (Has(all, "本年") || Has(all, "累计") || Has(all, "统计数")));
  if (legacy_header || (Has(all, "主动公开政府信息数") && Has(all, "回应")) || Has(all, "回应解读情况")) {
    return TableKind::kLegacy;
  }
  if (Has(all, "本年新收") || Has(all, "申请人情况") || Has(all, "上年结转") || Has(all, "本年度办理结果") ||
      Has(all, "不予公开|") || Has(all, "结转下年")) {
    return TableKind::kApply;
  }
  // 表四 by its own column labels, or by 行政复议 and 行政诉讼 over a row of
  // its 15 values; not by naming 复议 and 诉讼 alone (other tables do too).
  if (Has(all, "复议后起诉") || Has(all, "未经复议") ||
      (Has(all, "尚未审结") && (Has(all, "结果维持") || Has(all, "结果纠正"))) ||
      (Has(all, "行政复议") && Has(all, "行政诉讼") &&
       (Has(all, "尚未审结") || Has(all, "结果维持") || Has(all, "结果纠正") || WidestValueRow(table) == 15))) {
    return TableKind::kAppeal;
  }
  if (Has(all, "信息内容") || Has(all, "第二十条") || Has(all, "制发件数") || Has(all, "新制作数量") ||
      Has(all, "处理决定数量") || Has(all, "行政许可|")) {
    return TableKind::kActive;
  }
  return TableKind::kNone;
}

void MapActiveTable(const std::vector<TablePart>& parts, ReportRecord* record) {
  const std::vector<Token> tokens = Tokenize(parts);
  const std::vector<Row> rows = RowsOf(tokens);
  struct Column {
    std::string id;  // "" when unknown
    std::string raw;
    std::string unit;
  };
  std::vector<Column> columns;
  bool in_header = false;
  const bool marked = HasLostBlanks(tokens);
  for (const Row& row : rows) {
    if (!row.leaf.empty() && IsActiveColumnLabel(row.leaf) && row.values.empty()) {
      if (!in_header) columns.clear();
      in_header = true;
      if (row.leaf == "信息内容") continue;
      const char* id = Lookup(kActiveColumns, std::size(kActiveColumns), row.leaf);
      // A header cell naming two columns ("本年废止件数 现行有效件数", two
      // cells the layout merged) stands for an unknown number of value
      // columns: what is under it is not placed.
      if (id != nullptr && CountActiveColumnIds(row.leaf) > 1) {
        AddFlag(record, "active_header_merged");
        id = nullptr;
      }
      columns.push_back({id ? id : "", row.leaf_raw, UnitInHeader(row.leaf)});
      continue;
    }
    in_header = false;
    if (row.values.empty()) continue;  // group headings (第二十条第(一)项, 重点领域公开)
    const char* row_id = Lookup(kActiveRows, std::size(kActiveRows), row.leaf);
    const std::string label = row.leaf_raw.empty() ? "(无标签)" : row.leaf_raw;
    if (columns.empty()) {
      // No header read: the values have no column, and no field.
      AddFlag(record, "active_values_without_column");
      record->unmapped_rows.push_back("表二: " + label);
      continue;
    }
    // Where the values stand: in the row's own grid row, or all columns
    // present, or as the dump's marks allow one way only. A row from a
    // narrower grid than its header ("规章 | 22 | 235" under 信息内容 | 制发 |
    // 废止 | 现行有效) lost a cell, and which one is unknown: not placed.
    const RowLayout layout = LayoutOf(row, columns.size(), marked);
    const std::vector<Placement> placements = PossiblePlacements(ItemsOf(row.items), columns.size(), layout);
    if (placements.size() != 1) {
      std::vector<std::string> fields;
      for (const Column& c : columns) {
        if (row_id != nullptr && !c.id.empty()) fields.push_back(std::string("active.") + row_id + "." + c.id);
      }
      record->ambiguous_rows.push_back({"表二", label, RawValues(row), std::move(fields), placements.size(),
                                        placements.empty() ? "more values than the header has columns"
                                                           : "a cell is missing and which one is unknown"});
      continue;
    }
    const char* placed_by = PlacedBy(layout, 1, row.values.size() == columns.size());
    for (size_t k = 0; k < columns.size(); ++k) {
      const int v = placements.front()[k];
      if (v == kBlankSlot && layout == RowLayout::kAligned && k >= row.values.size()) continue;
      const Token* value = v == kBlankSlot ? nullptr : row.values[static_cast<size_t>(v)];
      const Column& column = columns[k];
      const bool money = column.id == "amount_wan" || column.id == "amount" || !column.unit.empty();
      const std::string source = row.leaf_raw + " | " + column.raw;
      const std::string field = row_id != nullptr && !column.id.empty()
                                    ? std::string("active.") + row_id + "." + column.id
                                    : std::string();
      ReportCell cell;
      if (!field.empty() && IsCanonicalActiveField(field.substr(7))) {
        cell = MakeCell(field, value, source, money, column.id == "amount_wan" && column.unit.empty() ? "万元" : column.unit);
        cell.placed_by = placed_by;
        PutCell(record, std::move(cell));
      } else {
        cell = MakeCell("", value, source, money, column.unit);
        cell.placed_by = placed_by;
        record->active_extra[label].emplace(column.raw, std::move(cell));
      }
    }
  }
}

namespace {

// The row labels a 表二 text line may carry, and the single-value columns.
constexpr std::u32string_view kActiveTextRows[] = {U"其他对外管理服务", U"行政事业性收费", U"行政许可", U"行政处罚",
                                                   U"行政强制"};

bool At(const std::u32string& s, size_t i, std::u32string_view w) {
  return s.size() >= i + w.size() && std::u32string_view(s).substr(i, w.size()) == w;
}

// Parses the items from `pos`; see ActiveTablesFromText. `starts` are the
// offsets where blocks begin.
std::vector<CleanTable> ParseActiveText(const std::u32string& s, size_t pos, const std::vector<size_t>& starts) {
  std::vector<CleanTable> tables;
  bool ok = false;
  auto cell = [](std::u32string_view t) {
    CleanTable::Cell c;
    c.text = text::Encode(t);
    return c;
  };
  while (true) {
    if (pos >= s.size()) {
      ok = true;
      break;
    }
    if (At(s, pos, U"第二十条第")) {
      const size_t end = s.find(U'项', pos);
      if (end == std::u32string::npos || end - pos > 9) break;
      pos = end + 1;
      continue;
    }
    if (At(s, pos, U"信息内容")) {
      size_t end = pos + 4;
      while (end < s.size() && std::none_of(std::begin(kActiveTextRows), std::end(kActiveTextRows),
                                            [&](std::u32string_view r) { return At(s, end, r); })) {
        ++end;
      }
      const std::u32string header = s.substr(pos + 4, end - pos - 4);
      const std::string folded = text::Encode(header);
      const char* id = Lookup(kActiveColumns, std::size(kActiveColumns), folded);
      if (id == nullptr || CountActiveColumnIds(folded) != 1 ||
          (std::string_view(id) != "decisions" && std::string_view(id) != "amount_wan")) {
        break;
      }
      CleanTable t;
      t.rows.push_back({cell(U"信息内容"), cell(header)});
      tables.push_back(std::move(t));
      pos = end;
      continue;
    }
    size_t label = 0;
    for (std::u32string_view r : kActiveTextRows) {
      if (At(s, pos, r)) label = r.size();
    }
    if (label == 0 || tables.empty()) break;
    size_t end = pos + label;
    const size_t digits_from = end;
    while (end < s.size() && (IsAsciiDigit(s[end]) || ((s[end] == U'.' || s[end] == U',') && end > digits_from &&
                                                       end + 1 < s.size() && IsAsciiDigit(s[end + 1])))) {
      ++end;
    }
    if (end == digits_from) break;
    tables.back().rows.push_back({cell(s.substr(pos, label)), cell(s.substr(digits_from, end - digits_from))});
    pos = end;
  }
  if (!ok) {
    // Stopped: fine at a block boundary, or before a page number that ends its block.
    const bool boundary = std::find(starts.begin(), starts.end(), pos) != starts.end();
    size_t end = pos;
    while (end < s.size() && std::find(starts.begin(), starts.end(), end) == starts.end() &&
           (IsAsciiDigit(s[end]) || s[end] == U'—' || s[end] == U'-' || s[end] == U'–')) {
      ++end;
    }
    const bool page_number = end > pos && (end == s.size() || std::find(starts.begin(), starts.end(), end) != starts.end());
    if (!boundary && !page_number) tables.clear();
  }
  std::erase_if(tables, [](const CleanTable& t) { return t.rows.size() < 2; });
  return tables;
}

}  // namespace

std::vector<CleanTable> ActiveTablesFromText(const std::vector<std::string>& blocks) {
  std::u32string s;
  std::vector<size_t> starts;
  for (const std::string& b : blocks) {
    starts.push_back(s.size());
    s += FoldCompact(b);
  }
  for (size_t at = s.find(U"第二十条第"); at != std::u32string::npos; at = s.find(U"第二十条第", at + 1)) {
    std::vector<CleanTable> tables = ParseActiveText(s, at, starts);
    if (!tables.empty()) return tables;
  }
  return {};
}

// ---------------------------------------------------------------- 表三

namespace {

constexpr const char* kApplyColumns[] = {"natural_person", "legal_commercial", "legal_research", "legal_social",
                                         "legal_lawfirm",  "legal_other",      "total"};
constexpr const char* kApplyColumnLabels[] = {"自然人", "商业企业", "科研机构", "社会公益组织",
                                              "法律服务机构", "其他", "总计"};

// The row id of a 表三 row, "" when it is a group heading or unknown.
std::string ApplyRowId(const Row& row) {
  const std::string& l = row.leaf;
  const std::string core = StripNumbering(l);
  if (Has(l, "本年新收")) return "new";
  if (Has(l, "上年结转")) return "carried_over";
  if (Has(l, "结转下年")) return "carry_forward";
  if (Has(core, "总计") && row.level != 0) return "result_total";
  if (Has(l, "予以公开")) return "granted";
  if (Has(l, "部分公开")) return "partial";
  if (Has(l, "国家秘密")) return "denied.state_secret";
  // "其他法律行政止公开": 洪泽区 2024 PDF lost 法规禁 from the label.
  if (Has(l, "禁止公开") || Has(l, "其他法律行政")) return "denied.law_forbidden";
  if (Has(l, "三安全") || Has(l, "一稳定")) return "denied.three_safety";
  if (Has(l, "第三方")) return "denied.third_party";
  if (Has(l, "内部事务")) return "denied.internal";
  if (Has(l, "过程性")) return "denied.process";
  if (Has(l, "执法案卷")) return "denied.enforcement_file";
  if (Has(l, "行政查询")) return "denied.admin_query";
  if (Has(l, "不掌握")) return "unable.not_held";
  if (Has(l, "另行制作")) return "unable.need_create";
  if (Has(l, "不明确")) return "unable.unclear";
  if (Has(l, "信访") || Has(l, "举报投诉")) return "unprocessed.petition";
  if (Has(l, "重复申请")) return "unprocessed.duplicate";
  if (Has(l, "出版物")) return "unprocessed.publication";
  if (Has(l, "大量反复")) return "unprocessed.mass_repeat";
  // "确认或重新出" when 具 wrapped to the next line (淮安市 2024).
  if (Has(l, "重新出具") || Has(l, "行政机关确认")) return "unprocessed.confirm_reissue";
  if (Has(l, "不补正")) return "other.no_correction";
  if (Has(l, "缴纳费用") || Has(l, "收费通知")) return "other.no_fee";
  if (Has(l, "其他处理")) {
    // One cell holding the group and its item ("（六）其他处理3.其他", a
    // v2021 table whose label columns were merged): the item is the row.
    const std::string rest = l.substr(l.find("其他处理") + std::string_view("其他处理").size());
    if (LabelLevel(rest) == 3 && StripNumbering(rest) == "其他") return "other.other";
    return "other.total";
  }
  if (core == "其他" && Has(row.context[2], "其他处理")) return "other.other";
  return "";
}

// True when `folded` opens a bracket it does not close: the label goes on
// ("（二）部分公开（区分处理的，只计这一情形，不" / "计其他情形）").
bool HasOpenBracket(const std::string& folded) {
  int depth = 0;
  for (char32_t c : text::Decode(folded)) {
    if (c == U'(' || c == U'（') ++depth;
    if ((c == U')' || c == U'）') && depth > 0) --depth;
  }
  return depth > 0;
}

// True when `folded` stops after a clause ("缴纳费用、"): the label goes on.
bool EndsInAClause(const std::string& folded) {
  return folded.ends_with("、") || folded.ends_with("，") || folded.ends_with(",");
}

bool AllNumbers(const std::vector<const Token*>& values) {
  return std::all_of(values.begin(), values.end(),
                     [](const Token* t) { return t->number.kind == ParsedNumber::Kind::kNumber; });
}

// Resolves the rows a wrapped label made, so that each values row carries its
// whole label. A values row is only ever given a label that maps to a 表三 row
// id by itself; when in doubt the row stays as it was (unmapped, never a
// wrong cell):
//  - A row labelled from a part's lead alone (from_lead) keeps it only with a
//    full row of 7 numbers and a label that maps; else it is an unmapped row.
//  - A lead joined to a part's first label is kept only when the label alone
//    maps to nothing and the joined one does.
//  - Inside a table, a label row without values followed by an unnumbered
//    label that has the values ("…只计这一情形，不" / "计其他情形）" + values)
//    become one row, when the first is a leaf row (a numbered 1./2. row, or
//    one with a bracket still open or ending in a clause "缴纳费用、") whose
//    id the joined label keeps, and the
//    second maps to nothing alone.
std::vector<Row> JoinWrappedApplyLabels(std::vector<Row> rows) {
  std::vector<Row> out;
  for (size_t i = 0; i < rows.size(); ++i) {
    Row& row = rows[i];
    if (row.from_lead && (row.values.size() != std::size(kApplyColumns) || !AllNumbers(row.values) ||
                          ApplyRowId(row).empty())) {
      row.leaf.clear();  // leaf_raw stays for unmapped_rows
    }
    if (!row.own_leaf.empty()) {
      Row own = row;
      own.leaf = row.own_leaf;
      own.leaf_raw = row.own_leaf_raw;
      own.level = row.own_level;
      if (!ApplyRowId(own).empty() || ApplyRowId(row).empty()) row = std::move(own);
    }
    if (i + 1 < rows.size() && row.values.empty() && !row.leaf.empty()) {
      const Row& next = rows[i + 1];
      const std::string id = ApplyRowId(row);
      if (!next.values.empty() && next.level == 0 && !next.leaf.empty() && next.own_leaf.empty() &&
          !next.from_lead && ApplyRowId(next).empty() && !id.empty() &&
          (row.level == 3 || HasOpenBracket(row.leaf) || EndsInAClause(row.leaf))) {
        Row joined = next;
        joined.leaf = row.leaf + next.leaf;
        joined.leaf_raw = row.leaf_raw + next.leaf_raw;
        joined.level = row.level;
        for (int k = 1; k < 4; ++k) joined.context[k] = row.context[k];
        if (ApplyRowId(joined) == id) {
          out.push_back(std::move(joined));
          ++i;
          continue;
        }
      }
    }
    out.push_back(std::move(row));
  }
  return out;
}

// The 表三 rows with values in the order of the template (report-format.md
// §1.4) with their printed labels; v2019 has the leaf （六）其他处理
// (other.total) where v2021 has the three other.* rows.
struct TemplateRow {
  const char* id;
  const char* label;
};
constexpr TemplateRow kApplyOrder2021[] = {
    {"new", "一、本年新收政府信息公开申请数量"},
    {"carried_over", "二、上年结转政府信息公开申请数量"},
    {"granted", "（一）予以公开"},
    {"partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"},
    {"denied.state_secret", "1.属于国家秘密"},
    {"denied.law_forbidden", "2.其他法律行政法规禁止公开"},
    {"denied.three_safety", "3.危及“三安全一稳定”"},
    {"denied.third_party", "4.保护第三方合法权益"},
    {"denied.internal", "5.属于三类内部事务信息"},
    {"denied.process", "6.属于四类过程性信息"},
    {"denied.enforcement_file", "7.属于行政执法案卷"},
    {"denied.admin_query", "8.属于行政查询事项"},
    {"unable.not_held", "1.本机关不掌握相关政府信息"},
    {"unable.need_create", "2.没有现成信息需要另行制作"},
    {"unable.unclear", "3.补正后申请内容仍不明确"},
    {"unprocessed.petition", "1.信访举报投诉类申请"},
    {"unprocessed.duplicate", "2.重复申请"},
    {"unprocessed.publication", "3.要求提供公开出版物"},
    {"unprocessed.mass_repeat", "4.无正当理由大量反复申请"},
    {"unprocessed.confirm_reissue", "5.要求行政机关确认或重新出具已获取信息"},
    {"other.no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"},
    {"other.no_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"},
    {"other.other", "3.其他"},
    {"result_total", "（七）总计"},
    {"carry_forward", "四、结转下年度继续办理"},
};

std::vector<TemplateRow> ApplyOrder(bool v2019) {
  std::vector<TemplateRow> order;
  for (const TemplateRow& t : kApplyOrder2021) {
    const std::string_view id = t.id;
    if (v2019 && id.starts_with("other.")) {
      if (id == "other.no_correction") order.push_back({"other.total", "（六）其他处理"});
      continue;
    }
    order.push_back(t);
  }
  return order;
}

// Rows of numbers whose label the layout tore away or cut to a fragment (a
// PDF-to-Markdown tool that leaves labels as text lines elsewhere), placed by
// the template order. Between two rows whose ids are known (anchors, in
// template order), the rows with values take the ids the template has
// between the anchors, only when:
//  - every one of them is a full row of 7 numbers whose label, if any, maps
//    to no id and is a piece of the printed label of the id it takes
//    ("行政机关不再处理其政府信息公" for other.no_correction);
//  - there are exactly as many as the template has ids between the anchors,
//    and none of those ids is read anywhere else;
//  - the template is known (a row of the table shows v2021's other.* or
//    v2019's valued other.total), or the gap gives the same ids in both, or
//    only one of them fits.
// Else the rows stay unmapped. Returns true when some row was placed.
bool FillRowsByTemplateOrder(const std::vector<Row>& rows, size_t start, std::vector<std::string>* ids) {
  bool v2021 = false, v2019 = false;
  for (size_t i = start; i < rows.size(); ++i) {
    const std::string& id = (*ids)[i];
    v2021 = v2021 || (id.starts_with("other.") && id != "other.total");
    v2019 = v2019 || (id == "other.total" && !rows[i].values.empty());
  }
  if (v2019 && v2021) return false;
  std::vector<std::vector<TemplateRow>> orders;
  if (!v2019) orders.push_back(ApplyOrder(false));
  if (!v2021) orders.push_back(ApplyOrder(true));
  auto position = [](const std::vector<TemplateRow>& order, const std::string& id) -> int {
    for (size_t k = 0; k < order.size(); ++k) {
      if (id == order[k].id) return static_cast<int>(k);
    }
    return -1;
  };
  std::set<std::string> read;
  for (size_t i = start; i < rows.size(); ++i) {
    if (!(*ids)[i].empty() && !rows[i].values.empty()) read.insert((*ids)[i]);
  }
  // The ids the template `order` gives the rows `loose` between the anchors
  // `from` and `to`, or none.
  auto fit = [&](const std::vector<TemplateRow>& order, const std::string& from, const std::string& to,
                 const std::vector<size_t>& loose) -> std::vector<std::string> {
    const int a = position(order, from), b = position(order, to);
    if (a < 0 || b < 0 || b - a - 1 != static_cast<int>(loose.size())) return {};
    std::vector<std::string> out;
    for (int k = a + 1; k < b; ++k) {
      const TemplateRow& t = order[static_cast<size_t>(k)];
      if (read.count(t.id) > 0) return {};
      const std::string& leaf = rows[loose[out.size()]].leaf;
      if (!leaf.empty() && (text::Length(leaf) < 2 || !Has(FoldReportLabel(t.label), leaf))) return {};
      out.push_back(t.id);
    }
    return out;
  };
  bool placed = false;
  std::string anchor;
  std::vector<size_t> loose;  // rows since the anchor that may be placed
  bool broken = false;        // a row since the anchor that cannot be
  for (size_t i = start; i < rows.size(); ++i) {
    const Row& row = rows[i];
    if (row.values.empty()) continue;
    const std::string& id = (*ids)[i];
    if (id.empty()) {
      if (row.values.size() == std::size(kApplyColumns) && AllNumbers(row.values)) {
        loose.push_back(i);
      } else {
        broken = true;
      }
      continue;
    }
    if (!anchor.empty() && !loose.empty() && !broken) {
      std::vector<std::vector<std::string>> fits;
      for (const auto& order : orders) {
        std::vector<std::string> f = fit(order, anchor, id, loose);
        if (!f.empty() && std::find(fits.begin(), fits.end(), f) == fits.end()) fits.push_back(std::move(f));
      }
      if (fits.size() == 1) {
        for (size_t k = 0; k < loose.size(); ++k) {
          (*ids)[loose[k]] = fits[0][k];
          read.insert(fits[0][k]);
        }
        placed = true;
      }
    }
    anchor = id;
    loose.clear();
    broken = false;
  }
  return placed;
}

// A 表三 row with a field id and the placements its layout allows.
struct ApplyRow {
  const Row* row = nullptr;
  std::string id;
  RowLayout layout = RowLayout::kAligned;
  std::vector<Placement> candidates;
  size_t layout_candidates = 0;  // before the identities
};

// The value in column `column` of `row` under `placement` (nullopt: blank).
std::optional<double> PlacedValue(const ApplyRow& row, const Placement& placement, size_t column) {
  const int v = placement[column];
  if (v == kBlankSlot) return std::nullopt;
  const Token* t = row.row->values[static_cast<size_t>(v)];
  if (t->number.kind != ParsedNumber::Kind::kNumber) return std::nullopt;
  return t->number.value;
}

// An identity lhs = rhs over sums of cells; blanks read as 0, and no verdict
// (true) when one side has no value at all, as the lenient pass reads it.
bool SumsAgree(const std::vector<std::optional<double>>& lhs, const std::vector<std::optional<double>>& rhs) {
  double l = 0, r = 0;
  bool l_data = false, r_data = false;
  for (const auto& v : lhs) {
    l += v.value_or(0);
    l_data = l_data || v.has_value();
  }
  for (const auto& v : rhs) {
    r += v.value_or(0);
    r_data = r_data || v.has_value();
  }
  return !l_data || !r_data || std::fabs(l - r) < 1e-6;
}

// A field's value under a candidate assignment, and whether it stands in a
// row whose placement is in doubt.
struct PlacedField {
  std::optional<double> value;
  bool open = false;
};

// Whether sum rule `key` (extract/fields.h: the rules the validation checks)
// holds for scope value `scope` on the placed values, read as the lenient
// pass reads it (SumsAgree). With `only_open`, a rule none of whose operands
// is in doubt holds: the printed report's own errors are the validation's
// business, not a reason to refuse a placement.
bool RuleHolds(std::string_view key, std::string_view scope, const std::function<PlacedField(const std::string&)>& at,
               bool only_open) {
  const RuleInfo* rule = FindRule(key);
  if (rule == nullptr) return true;
  std::vector<std::optional<double>> lhs, rhs;
  bool open = false;
  for (const auto& [operands, side] : {std::pair(&rule->lhs, &lhs), std::pair(&rule->rhs, &rhs)}) {
    for (const std::string& f : ExpandOperands(*operands, scope)) {
      const PlacedField v = at(f);
      side->push_back(v.value);
      open = open || v.open;
    }
  }
  return (only_open && !open) || SumsAgree(lhs, rhs);
}

// The index of `name` in `names`, or -1.
template <size_t N>
int IndexOf(const char* const (&names)[N], std::string_view name) {
  for (size_t i = 0; i < N; ++i) {
    if (name == names[i]) return static_cast<int>(i);
  }
  return -1;
}

// Chooses each row's placement (index into its candidates, -1: ambiguous).
// A row whose layout allows one placement keeps it. Rows whose layout allows
// several are narrowed by H3 on the row, then by H1 and H2 on every column,
// over all the uncertain rows at once: a row is placed only when every
// consistent assignment places it the same way. The rules are the
// validation's own (extract/fields.h), checked only where an operand is in
// doubt.
std::vector<int> PlaceApplyRows(std::vector<ApplyRow>* rows) {
  std::map<std::string, std::pair<size_t, size_t>> where;  // field -> (row, column)
  bool other_rows = false;  // v2021's three rows of (六)其他处理
  for (size_t i = 0; i < rows->size(); ++i) {
    const std::string& id = (*rows)[i].id;
    for (size_t k = 0; k < std::size(kApplyColumns); ++k) where["apply." + id + "." + kApplyColumns[k]] = {i, k};
    other_rows = other_rows || (id.starts_with("other.") && id != "other.total");
  }
  for (ApplyRow& r : *rows) {
    if (r.candidates.size() < 2) continue;
    std::erase_if(r.candidates, [&](const Placement& p) {
      auto at = [&](const std::string& field) {
        const int k = IndexOf(kApplyColumns, std::string_view(field).substr(field.rfind('.') + 1));
        return PlacedField{k < 0 ? std::nullopt : PlacedValue(r, p, static_cast<size_t>(k)), true};
      };
      return !RuleHolds("H3", r.id, at, /*only_open=*/false);
    });
  }
  std::vector<std::vector<Placement>> candidates;
  for (const ApplyRow& r : *rows) candidates.push_back(r.candidates);
  const char* h2 = other_rows ? "H2.v2021" : "H2";
  auto column_sums_agree = [&](const std::vector<size_t>& choice) {
    auto at = [&](const std::string& field) {
      const auto it = where.find(field);
      if (it == where.end()) return PlacedField{};
      const auto [i, k] = it->second;
      const ApplyRow& r = (*rows)[i];
      if (r.candidates.empty()) return PlacedField{};
      return PlacedField{PlacedValue(r, r.candidates[choice[i]], k), r.layout_candidates > 1};
    };
    for (const char* column : kApplyColumns) {
      if (!RuleHolds("H1", column, at, true) || !RuleHolds(h2, column, at, true)) return false;
    }
    return true;
  };
  return AgreedPlacements(candidates, column_sums_agree);
}

}  // namespace

void MapApplyTable(const std::vector<TablePart>& parts, ReportRecord* record) {
  std::vector<Token> tokens = Tokenize(parts, /*with_leads=*/true);
  // Leads before the first 本年新收 row are header text, not row labels.
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].kind == Token::Kind::kLabel && Has(tokens[i].folded, "本年新收")) {
      for (size_t k = 0; k < i; ++k) {
        if (tokens[k].kind == Token::Kind::kLead) tokens[k].folded.clear();
      }
      break;
    }
  }
  tokens.erase(std::remove_if(tokens.begin(), tokens.end(),
                              [](const Token& t) { return t.kind == Token::Kind::kLead && t.folded.empty(); }),
               tokens.end());
  const std::vector<Row> rows = JoinWrappedApplyLabels(RowsOf(tokens, std::size(kApplyColumns)));
  size_t start = 0;
  while (start < rows.size() && !Has(rows[start].leaf, "本年新收")) ++start;
  if (start == rows.size()) start = 0;  // a continuation part without the header
  std::string header;
  for (size_t i = 0; i < start; ++i) header += rows[i].leaf + "|";
  if (start > 0) {
    for (const char* k : {"自然人", "商业企业", "科研机构", "社会公益", "法律服务", "总计"}) {
      if (!Has(header, k)) {
        AddFlag(record, "apply_header_unrecognized");
        break;
      }
    }
  }
  std::vector<std::string> ids(rows.size());
  std::string previous_id;
  for (size_t i = start; i < rows.size(); ++i) {
    const Row& row = rows[i];
    std::string id = ApplyRowId(row);
    // "3、其他" right after the other.* leaves is other.other even where the
    // (六)其他处理 heading was garbled by the layout (淮安市 2024).
    if (id.empty() && StripNumbering(row.leaf) == "其他" && previous_id.starts_with("other.")) id = "other.other";
    if (!id.empty()) previous_id = id;
    ids[i] = id;
  }
  if (FillRowsByTemplateOrder(rows, start, &ids)) AddFlag(record, "apply_rows_by_template_order");
  std::vector<ApplyRow> placed;
  for (size_t i = start; i < rows.size(); ++i) {
    const Row& row = rows[i];
    const std::string& id = ids[i];
    if (id.empty()) {
      if (!row.values.empty()) {
        record->unmapped_rows.push_back("表三: " + (row.leaf_raw.empty() ? std::string("(无标签)") : row.leaf_raw));
      }
      continue;
    }
    // A group heading that carries no values ((六)其他处理 in v2021) is not a row.
    if (row.values.empty() && id == "other.total") continue;
    // A label with no values followed by another label in its own grid row is
    // a header (类别 | 数据1 … | 总计 under "二、上年结转…", or a made-up header
    // naming 结转下年度): its cells are labels, not blanks.
    if (row.items.empty() && IsHeaderCell(rows, i)) continue;
    if (row.values.size() > std::size(kApplyColumns)) AddFlag(record, "apply_extra_values");
    ApplyRow a;
    a.row = &row;
    a.id = id;
    a.layout = LayoutOf(row, std::size(kApplyColumns), HasLostBlanks(tokens));
    a.candidates = PossiblePlacements(ItemsOf(row.items), std::size(kApplyColumns), a.layout);
    a.layout_candidates = a.candidates.size();
    placed.push_back(std::move(a));
  }
  const std::vector<int> chosen = PlaceApplyRows(&placed);
  for (size_t p = 0; p < placed.size(); ++p) {
    const ApplyRow& a = placed[p];
    const Row& row = *a.row;
    if (chosen[p] < 0) {
      std::vector<std::string> fields;
      for (const char* c : kApplyColumns) fields.push_back("apply." + a.id + "." + c);
      record->ambiguous_rows.push_back(
          {"表三", row.leaf_raw, RawValues(row), std::move(fields), a.layout_candidates,
           a.layout_candidates == 0   ? "more values than columns, or blanks marked where none is left"
           : a.candidates.empty()     ? "no placement satisfies H3 (总计 = the six applicant columns)"
                                      : "several placements fit the identities H1-H3"});
      continue;
    }
    const Placement& placement = a.candidates[static_cast<size_t>(chosen[p])];
    const bool full_row = row.values.size() == std::size(kApplyColumns);
    for (size_t k = 0; k < std::size(kApplyColumns); ++k) {
      const Token* value = placement[k] == kBlankSlot ? nullptr : row.values[static_cast<size_t>(placement[k])];
      const std::string field = "apply." + a.id + "." + kApplyColumns[k];
      ReportCell cell = MakeCell(field, value, row.leaf_raw + " | " + kApplyColumnLabels[k], false, "");
      cell.placed_by = PlacedBy(a.layout, a.layout_candidates, full_row);
      PutCell(record, std::move(cell));
    }
  }
}

// ---------------------------------------------------------------- 表四

namespace {

// The 15 columns of 表四 in their fixed order: group x result.
constexpr const char* kGroups[] = {"review", "suit_direct", "suit_after_review"};
constexpr const char* kResults[] = {"upheld", "corrected", "other", "pending", "total"};
constexpr const char* kGroupLabels[] = {"行政复议", "未经复议直接起诉", "复议后起诉"};
constexpr const char* kResultLabels[] = {"结果维持", "结果纠正", "其他结果", "尚未审结", "总计"};

constexpr size_t kAppealColumns = 15;

// Where the 15 values of 表四 stand. In one grid row, each value's column is
// counted from the row's right end (the 15 value columns close the row; a
// blank first cell is dropped by Tokenize, so counting from the left would
// shift). Elsewhere: all 15 present, or the placements the dump allows that
// satisfy H4 in each of the three groups.
struct AppealPlacement {
  std::vector<Placement> candidates;
  size_t layout_candidates = 0;
  const char* placed_by = "";
};

AppealPlacement PlaceAppealValues(const std::vector<const Token*>& items, const std::vector<const Token*>& values,
                                  bool marked) {
  AppealPlacement out;
  bool one_grid_row = !values.empty();
  for (const Token* t : items) {
    one_grid_row = one_grid_row && !t->lost_blanks && t->grid_row == values.front()->grid_row &&
                   t->row_slots >= static_cast<int>(kAppealColumns) && t->slots_right < static_cast<int>(kAppealColumns);
  }
  if (one_grid_row) {
    Placement p(kAppealColumns, kBlankSlot);
    for (size_t v = 0; v < values.size(); ++v) {
      p[kAppealColumns - 1 - static_cast<size_t>(values[v]->slots_right)] = static_cast<int>(v);
    }
    out.candidates = {p};
    out.layout_candidates = 1;
    out.placed_by = "grid";
    return out;
  }
  out.candidates =
      PossiblePlacements(ItemsOf(items), kAppealColumns, marked ? RowLayout::kMarked : RowLayout::kLoose);
  out.layout_candidates = out.candidates.size();
  out.placed_by = values.size() == kAppealColumns ? "full_row" : out.layout_candidates == 1 ? "marks" : "identities";
  if (out.candidates.size() > 1) {
    std::erase_if(out.candidates, [&](const Placement& p) {
      auto at = [&](const std::string& field) {  // appeal.<group>.<result>
        const size_t dot = field.find('.', 7);
        const int g = IndexOf(kGroups, std::string_view(field).substr(7, dot - 7));
        const int r = IndexOf(kResults, std::string_view(field).substr(dot + 1));
        if (g < 0 || r < 0) return PlacedField{};
        const int v = p[static_cast<size_t>(g * 5 + r)];
        if (v == kBlankSlot || values[static_cast<size_t>(v)]->number.kind != ParsedNumber::Kind::kNumber) {
          return PlacedField{std::nullopt, true};
        }
        return PlacedField{values[static_cast<size_t>(v)]->number.value, true};
      };
      for (const char* g : kGroups) {
        if (!RuleHolds("H4", g, at, /*only_open=*/false)) return true;
      }
      return false;
    });
  }
  return out;
}

}  // namespace

void MapAppealTable(const std::vector<TablePart>& parts, ReportRecord* record) {
  const std::vector<Token> tokens = Tokenize(parts);
  std::vector<const Token*> values, items;
  int upheld = 0, corrected = 0, pending = 0;
  for (const Token& t : tokens) {
    if (t.kind == Token::Kind::kValue) {
      items.push_back(&t);
      if (!t.lost_blanks) values.push_back(&t);
    }
    if (t.kind != Token::Kind::kLabel) continue;
    upheld += t.folded == "结果维持" ? 1 : 0;
    corrected += t.folded == "结果纠正" ? 1 : 0;
    pending += t.folded == "尚未审结" ? 1 : 0;
  }
  // The 15 columns have a fixed order in both templates; garbled headers
  // (seed 002) are only flagged.
  if (upheld < 3 || corrected < 3 || pending < 3) AddFlag(record, "appeal_header_garbled");
  if (values.size() < kAppealColumns) AddFlag(record, "appeal_partial");
  if (values.size() > kAppealColumns) AddFlag(record, "appeal_extra_values");
  const AppealPlacement placement = PlaceAppealValues(items, values, HasLostBlanks(tokens));
  if (placement.candidates.size() != 1) {
    std::vector<std::string> raws;
    for (const Token* t : values) raws.push_back(text::CollapseWhitespace(t->raw));
    std::vector<std::string> fields;
    for (const char* g : kGroups) {
      for (const char* r : kResults) fields.push_back(std::string("appeal.") + g + "." + r);
    }
    record->ambiguous_rows.push_back(
        {"表四", "行政复议、行政诉讼", std::move(raws), std::move(fields), placement.layout_candidates,
         placement.layout_candidates == 0 ? "more values than the 15 columns"
         : placement.candidates.empty()  ? "no placement satisfies H4"
                                         : "several placements satisfy H4"});
    return;
  }
  const Placement& p = placement.candidates.front();
  for (size_t g = 0; g < 3; ++g) {
    for (size_t r = 0; r < 5; ++r) {
      const size_t k = g * 5 + r;
      const std::string field = std::string("appeal.") + kGroups[g] + "." + kResults[r];
      ReportCell cell = MakeCell(field, p[k] == kBlankSlot ? nullptr : values[static_cast<size_t>(p[k])],
                                 std::string(kGroupLabels[g]) + " | " + kResultLabels[r] + " (列" +
                                     std::to_string(k + 1) + ")",
                                 false, "");
      cell.placed_by = placement.placed_by;
      PutCell(record, std::move(cell));
    }
  }
}

// ---------------------------------------------------------------- 统计表 (2016-2018)

namespace {

struct LegacyRule {
  const char* group;    // keyword of the level-1 group label
  const char* keyword;  // keyword of the row label ("" = the group row itself)
  const char* id;
};

// Order matters: the first rule of the row's group whose keyword the label holds wins.
constexpr LegacyRule kLegacyRules[] = {
    {"主动公开", "主动公开规范性文件", "legacy.active.normative_published"},
    {"主动公开", "制发规范性文件", "legacy.active.normative_issued"},
    {"主动公开", "政府公报", "legacy.active.via.gazette"},
    {"主动公开", "政府网站", "legacy.active.via.website"},
    {"主动公开", "微博", "legacy.active.via.weibo"},
    {"主动公开", "微信", "legacy.active.via.weixin"},
    {"主动公开", "其他方式", "legacy.active.via.other"},
    {"主动公开", "主动公开政府信息数", "legacy.active.items"},
    {"回应", "回应公众关注", "legacy.response.hot_topics"},
    {"回应", "通过不同渠道", "legacy.response.channels_total"},
    {"回应", "负责同志参加新闻发布会", "legacy.response.press_conferences_leader"},
    {"回应", "新闻发布会", "legacy.response.press_conferences"},
    {"回应", "负责同志参加政府网站在线访谈", "legacy.response.online_interviews_leader"},
    {"回应", "在线访谈", "legacy.response.online_interviews"},
    {"回应", "政策解读", "legacy.response.policy_readings"},
    {"回应", "微博微信", "legacy.response.weibo_weixin"},
    {"回应", "其他方式", "legacy.response.other"},
    {"依申请", "收到申请", "legacy.apply.received"},
    {"依申请", "当面", "legacy.apply.via.in_person"},
    {"依申请", "传真", "legacy.apply.via.fax"},
    {"依申请", "网络", "legacy.apply.via.online"},
    {"依申请", "信函", "legacy.apply.via.letter"},
    {"依申请", "申请办结", "legacy.apply.closed"},
    {"依申请", "按时办结", "legacy.apply.closed_on_time"},
    {"依申请", "延期办结", "legacy.apply.closed_extended"},
    {"依申请", "申请答复", "legacy.apply.answered"},
    {"依申请", "已主动公开范围", "legacy.apply.answer.already_public"},
    {"依申请", "同意部分公开", "legacy.apply.answer.partial"},
    {"依申请", "不同意公开", "legacy.apply.answer.denied"},
    {"依申请", "同意公开", "legacy.apply.answer.granted"},
    {"依申请", "国家秘密", "legacy.apply.answer.denied.state_secret"},
    {"依申请", "商业秘密", "legacy.apply.answer.denied.commercial_secret"},
    {"依申请", "个人隐私", "legacy.apply.answer.denied.privacy"},
    {"依申请", "危及", "legacy.apply.answer.denied.safety_stability"},
    {"依申请", "所指政府信息", "legacy.apply.answer.denied.not_gov_info"},
    {"依申请", "其他情形", "legacy.apply.answer.denied.other_law"},
    {"依申请", "不属于本行政机关", "legacy.apply.answer.not_this_agency"},
    {"依申请", "信息不存在", "legacy.apply.answer.not_exist"},
    {"依申请", "更改补充", "legacy.apply.answer.correction"},
    {"依申请", "其他途径", "legacy.apply.answer.other_channel"},
    {"行政复议", "", "legacy.review.total"},
    {"行政复议", "维持", "legacy.review.upheld"},
    {"行政复议", "纠错", "legacy.review.corrected"},
    {"行政复议", "其他情形", "legacy.review.other"},
    {"行政诉讼", "", "legacy.suit.total"},
    {"行政诉讼", "维持", "legacy.suit.upheld"},
    {"行政诉讼", "纠错", "legacy.suit.corrected"},
    {"行政诉讼", "其他情形", "legacy.suit.other"},
    {"举报投诉", "", "legacy.complaints"},
    {"费用", "", "legacy.fees_wan"},
    {"机构", "专门机构", "legacy.org.units"},
    {"机构", "查阅点", "legacy.org.reading_points"},
    {"机构", "专职", "legacy.org.staff_full_time"},
    {"机构", "兼职", "legacy.org.staff_part_time"},
    {"机构", "工作人员数", "legacy.org.staff"},
    {"机构", "专项经费", "legacy.org.budget_wan"},
    {"培训", "会议", "legacy.training.meetings"},
    {"培训", "培训班", "legacy.training.classes"},
    {"培训", "接受培训", "legacy.training.trainees"},
};

// Regional forms (定西 2009-2015 and the like) list their rows flat, without
// the national form's numbered groups; these rules read such rows only. A
// rule matches a label that begins with its keyword once 其中: and the
// numbering are taken off (其中:1.当面申请数), so that 其中:全文电子化的
// 主动公开信息数 is not 主动公开信息数.
constexpr LegacyRule kFlatLegacyRules[] = {
    {"", "主动公开信息数", "legacy.active.items"},
    {"", "主动公开政府信息数", "legacy.active.items"},
    {"", "申请总数", "legacy.apply.received"},
    {"", "当面申请", "legacy.apply.via.in_person"},
    {"", "传真申请", "legacy.apply.via.fax"},
    {"", "网上申请", "legacy.apply.via.online"},
    {"", "网络申请", "legacy.apply.via.online"},
    {"", "信函申请", "legacy.apply.via.letter"},
    {"", "对申请的答复", "legacy.apply.answered"},
    {"", "答复总数", "legacy.apply.answered"},
    {"", "同意部分公开", "legacy.apply.answer.partial"},
    {"", "同意公开", "legacy.apply.answer.granted"},
    {"", "否决公开", "legacy.apply.answer.denied"},
    {"", "不同意公开", "legacy.apply.answer.denied"},
    {"", "行政复议数", "legacy.review.total"},
    {"", "行政诉讼数", "legacy.suit.total"},
};

std::string LegacyId(const Row& row) {
  const std::string& group = row.context[1];
  if (group.empty()) {
    std::string core = row.leaf;
    if (core.starts_with("其中")) core = core.substr(std::string_view("其中").size());
    if (core.starts_with(":")) core = core.substr(1);
    core = StripNumbering(core);
    for (const LegacyRule& rule : kFlatLegacyRules) {
      if (core.starts_with(rule.keyword)) return rule.id;
    }
    return "";
  }
  const bool is_group_row = row.level == 1;
  for (const LegacyRule& rule : kLegacyRules) {
    if (!Has(group, rule.group)) continue;
    if (rule.keyword[0] == '\0') {
      if (is_group_row) return rule.id;
      continue;
    }
    if (!is_group_row && Has(row.leaf, rule.keyword)) return rule.id;
  }
  return "";
}

// What a value column of the 统计表 holds, from its header label.
enum class LegacyColumnRole {
  kCurrent,     // the report year's figure: 统计数, 本年, 2015年度数, 本年累计, 数量
  kCumulative,  // since records began: 历年累计, 累计
  kCode,        // the row's code: 代码, 行次
  kOther,       // anything else (本期实际, 区直单位统计数 ...): kept as text, no field
};

struct LegacyColumn {
  LegacyColumnRole role = LegacyColumnRole::kOther;
  std::string label;  // as read
};

// The header row's labels say which columns the values stand in. Returns
// false when `folded` is not a header label. The label column (统计指标,
// 指标名称, 项目) and the unit column (单位, 计量单位) hold no values.
bool ReadLegacyHeaderLabel(const std::string& folded, const std::string& raw, std::vector<LegacyColumn>* columns,
                           bool* unit_column) {
  if (Has(folded, "指标") || folded == "项目" || folded == "内容" || folded == "甲") return true;
  if (Has(folded, "单位") && text::Length(folded) <= 4) {
    *unit_column = true;
    return true;
  }
  LegacyColumn c;
  c.label = raw;
  if (Has(folded, "代码") || Has(folded, "行次") || Has(folded, "编号")) {
    c.role = LegacyColumnRole::kCode;
  } else if (Has(folded, "历年累计") || (Has(folded, "累计数") && !Has(folded, "本年")) || folded == "累计") {
    c.role = LegacyColumnRole::kCumulative;
  } else if (folded == "统计数" || Has(folded, "本年") || Has(folded, "年度数") || folded == "年度" ||
             folded == "数量" || folded == "数值" || folded == "本年度") {
    c.role = LegacyColumnRole::kCurrent;
  } else if (Has(folded, "统计数") || Has(folded, "本期") || Has(folded, "实际")) {
    c.role = LegacyColumnRole::kOther;
  } else {
    return false;
  }
  columns->push_back(std::move(c));
  return true;
}

// A number left of a row label in its own grid row is the row's number (序号),
// never a value: dropped, so that it does not join the row above.
std::vector<Token> WithoutRowNumbers(std::vector<Token> tokens) {
  std::vector<Token> out;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    const bool before_label = i + 1 < tokens.size() && tokens[i + 1].kind == Token::Kind::kLabel &&
                              tokens[i + 1].grid_row == t.grid_row && t.grid_row >= 0 && t.row_start;
    if (t.kind == Token::Kind::kValue && !t.lost_blanks && t.row_slots > 1 && before_label) continue;
    out.push_back(t);
  }
  return out;
}

}  // namespace

void MapLegacyTable(const std::vector<TablePart>& parts, ReportRecord* record) {
  const std::vector<Token> tokens = WithoutRowNumbers(Tokenize(parts));
  const std::vector<Row> rows = RowsOf(tokens);
  const bool marked = HasLostBlanks(tokens);
  // The header: the label-only rows before the first data row.
  std::vector<LegacyColumn> columns;
  bool unit_column = false;
  size_t first = 0;
  for (; first < rows.size(); ++first) {
    const Row& row = rows[first];
    if (!row.values.empty() || row.level > 0) break;
    std::vector<LegacyColumn> more;
    if (!ReadLegacyHeaderLabel(row.leaf, row.leaf_raw, &more, &unit_column)) {
      if (!columns.empty()) break;
      continue;  // a title or 填报单位 line above the header
    }
    for (LegacyColumn& c : more) columns.push_back(std::move(c));
  }
  if (columns.empty()) {
    // No header read (a part whose header the layout lost): the national form,
    // whose one value column is the year's, when no row has more than one value.
    bool one_value = true;
    for (const Row& row : rows) one_value = one_value && row.values.size() <= 1;
    if (!one_value) {
      AddFlag(record, "legacy_header_unrecognized");
      for (const Row& row : rows) {
        if (!row.values.empty()) record->unmapped_rows.push_back("统计表: " + row.leaf_raw);
      }
      return;
    }
    columns.push_back({LegacyColumnRole::kCurrent, "统计数"});
    first = 0;
  }
  for (size_t i = first; i < rows.size(); ++i) {
    const Row& row = rows[i];
    if (row.leaf.empty() && row.values.empty()) continue;
    const std::string id = LegacyId(row);
    if (id.empty()) {
      if (!row.values.empty()) {
        // A value beside a group heading (seed 001: "九、…会议和培训情况 | 1").
        std::string note = "统计表: " + (row.leaf_raw.empty() ? std::string("(无标签)") : row.leaf_raw) + " =";
        for (const Token* v : row.values) note += " " + text::CollapseWhitespace(v->raw);
        record->unmapped_rows.push_back(note);
        AddFlag(record, row.level == 1 ? "legacy_stray_value" : "unmapped_rows");
      }
      continue;
    }
    // The unit cell stands between the label and the values in a grid row.
    const size_t slots = columns.size();
    RowLayout layout = LayoutOf(row, slots + (unit_column && !row.unit.empty() ? 1 : 0), marked);
    const std::vector<Placement> placements = PossiblePlacements(ItemsOf(row.items), slots, layout);
    if (placements.size() != 1) {
      std::vector<std::string> fields;
      for (const LegacyColumn& c : columns) {
        if (c.role == LegacyColumnRole::kCurrent) fields.push_back(id);
        if (c.role == LegacyColumnRole::kCumulative) fields.push_back("legacy_cumulative." + id.substr(7));
      }
      record->ambiguous_rows.push_back({"统计表", row.leaf_raw, RawValues(row), std::move(fields), placements.size(),
                                        placements.empty() ? "more values than the header has columns"
                                                           : "a cell is missing and which one is unknown"});
      continue;
    }
    const char* placed_by = PlacedBy(layout, 1, row.values.size() == slots);
    const bool money = row.unit == "万元" || id.ends_with("_wan");
    for (size_t k = 0; k < slots; ++k) {
      const int v = placements.front()[k];
      const Token* value = v == kBlankSlot ? nullptr : row.values[static_cast<size_t>(v)];
      const LegacyColumn& column = columns[k];
      if (column.role == LegacyColumnRole::kCode) continue;
      if (column.role == LegacyColumnRole::kOther) {
        if (value != nullptr) {
          record->unmapped_rows.push_back("统计表: " + row.leaf_raw + " [" + column.label + "] = " +
                                          text::CollapseWhitespace(value->raw));
        }
        continue;
      }
      const std::string field =
          column.role == LegacyColumnRole::kCurrent ? id : "legacy_cumulative." + id.substr(7);
      if (record->cells.count(field) > 0 && value == nullptr) continue;  // a second blank reading adds nothing
      if (row.values.size() > slots) AddFlag(record, "legacy_extra_values");
      ReportCell cell = MakeCell(field, value, row.leaf_raw + " | " + column.label, money,
                                 money && row.unit.empty() ? "万元" : row.unit);
      // Counts keep the unit word of the row.
      if (!money && cell.unit.empty()) cell.unit = row.unit;
      cell.placed_by = placed_by;
      PutCell(record, std::move(cell));
    }
  }
}

const std::vector<LegacyMapping>& LegacyMappings() {
  static const std::vector<LegacyMapping> kMappings = {
      {"apply.new.total", {"legacy.apply.received"}, "approx"},
      {"apply.partial.total", {"legacy.apply.answer.partial"}, "exact"},
      {"apply.granted.total", {"legacy.apply.answer.granted", "legacy.apply.answer.already_public"}, "approx"},
      {"apply.denied.state_secret.total", {"legacy.apply.answer.denied.state_secret"}, "exact"},
      {"apply.denied.three_safety.total", {"legacy.apply.answer.denied.safety_stability"}, "exact"},
      {"apply.denied.third_party.total",
       {"legacy.apply.answer.denied.commercial_secret", "legacy.apply.answer.denied.privacy"},
       "approx"},
      {"apply.denied.law_forbidden.total", {"legacy.apply.answer.denied.other_law"}, "approx"},
      {"apply.unable.not_held.total", {"legacy.apply.answer.not_this_agency", "legacy.apply.answer.not_exist"},
       "approx"},
      {"apply.unable.unclear.total", {"legacy.apply.answer.correction"}, "weak"},
      {"apply.other.total.total", {"legacy.apply.answer.denied.not_gov_info", "legacy.apply.answer.other_channel"},
       "weak"},
      {"appeal.review.upheld", {"legacy.review.upheld"}, "exact"},
      {"appeal.review.corrected", {"legacy.review.corrected"}, "exact"},
      {"appeal.review.other", {"legacy.review.other"}, "exact"},
      {"appeal.review.total", {"legacy.review.total"}, "approx"},  // no 尚未审结 before 2019
      {"appeal.suit_all.upheld", {"legacy.suit.upheld"}, "approx"},
      {"appeal.suit_all.corrected", {"legacy.suit.corrected"}, "approx"},
      {"appeal.suit_all.other", {"legacy.suit.other"}, "approx"},
      {"appeal.suit_all.total", {"legacy.suit.total"}, "approx"},
      {"active.normative.issued", {"legacy.active.normative_issued"}, "approx"},
  };
  return kMappings;
}

void MapLegacyToCanonical(ReportRecord* record) {
  for (const LegacyMapping& m : LegacyMappings()) {
    ReportCell out;
    out.field = m.canonical;
    out.map_quality = m.quality;
    bool any_cell = false;
    double sum = 0;
    int reported = 0;
    std::string source;
    for (const char* legacy : m.legacy) {
      const auto it = record->cells.find(legacy);
      if (it == record->cells.end()) continue;
      any_cell = true;
      source += (source.empty() ? "" : " + ") + std::string(legacy);
      if (it->second.value.has_value()) {
        sum += *it->second.value;
        ++reported;
        out.unit = it->second.unit;
        out.approx = out.approx || it->second.approx;
      } else {
        source += " (blank)";
      }
    }
    if (!any_cell) continue;
    out.source = source;
    if (reported > 0) {
      out.status = "derived";
      out.value = sum;
    } else {
      out.status = "blank";
    }
    record->legacy_mapped.emplace(out.field, std::move(out));
  }
}

// ---------------------------------------------------------------- the tables above, for extract/fields.cc

std::vector<std::string> ActiveCanonicalFields() { return {std::begin(kActiveFields), std::end(kActiveFields)}; }

std::vector<IdLabel> ApplyColumns() {
  std::vector<IdLabel> out;
  for (size_t c = 0; c < std::size(kApplyColumns); ++c) out.push_back({kApplyColumns[c], kApplyColumnLabels[c]});
  return out;
}

std::vector<IdLabel> ApplyTemplateRows(bool v2019) {
  std::vector<IdLabel> out;
  for (const TemplateRow& t : ApplyOrder(v2019)) out.push_back({t.id, t.label});
  return out;
}

std::vector<IdLabel> AppealGroups() {
  std::vector<IdLabel> out;
  for (size_t g = 0; g < std::size(kGroups); ++g) out.push_back({kGroups[g], kGroupLabels[g]});
  return out;
}

std::vector<IdLabel> AppealResults() {
  std::vector<IdLabel> out;
  for (size_t r = 0; r < std::size(kResults); ++r) out.push_back({kResults[r], kResultLabels[r]});
  return out;
}

std::vector<std::string> LegacyFieldIds() {
  std::vector<std::string> out;
  auto add = [&](const LegacyRule& rule) {
    if (std::find(out.begin(), out.end(), rule.id) == out.end()) out.push_back(rule.id);
  };
  for (const LegacyRule& rule : kLegacyRules) add(rule);
  for (const LegacyRule& rule : kFlatLegacyRules) add(rule);
  return out;
}

}  // namespace govharvest::report_internal
