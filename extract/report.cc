// ExtractReport: identity, template, sections, tables, narrative facts and
// validation of one report page (report-format.md §1-3, 6, 7; docs/schema.md).
#include "extract/report.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "extract/agency_identity.h"
#include "extract/fields.h"
#include "extract/report_internal.h"
#include "extract/text.h"

namespace govharvest {
namespace {

using report_internal::TableKind;

bool Has(std::string_view haystack, std::string_view needle) { return haystack.find(needle) != std::string_view::npos; }

// UTF-8 text as code points with the byte offset of each (and of the end).
struct U32Text {
  std::u32string s;
  std::vector<size_t> byte;
  explicit U32Text(std::string_view utf8) {
    s = text::Decode(utf8);
    byte.reserve(s.size() + 1);
    size_t b = 0;
    std::string tmp;
    for (char32_t cp : s) {
      byte.push_back(b);
      tmp.clear();
      text::AppendUtf8(cp, &tmp);
      b += tmp.size();
    }
    byte.push_back(b);
  }
};

bool IsCnNumeral(char32_t c) {
  return c == U'一' || c == U'二' || c == U'三' || c == U'四' || c == U'五' || c == U'六' || c == U'七' ||
         c == U'八' || c == U'九' || c == U'十';
}

bool IsBreakPunct(char32_t c) {
  return c == U'。' || c == U'；' || c == U';' || c == U'，' || c == U',' || c == U'！' || c == U'？' || c == U'：' ||
         c == U':' || c == U'\n';
}

// ------------------------------------------------------------------ sections

struct SectionKeyword {
  const char* id;
  std::vector<const char*> keywords;
};
// Checked in this order: "被申请行政复议" must not read as 申请, "其他需要报告" not as 主动公开.
const std::vector<SectionKeyword>& SectionKeywords() {
  static const std::vector<SectionKeyword> kKeywords = {
      {"s4_appeals", {"复议", "诉讼"}},        {"s5_problems", {"问题"}},
      {"s6_other", {"其他需要", "其他事项"}},  {"s2_active", {"主动公开"}},
      {"s3_requests", {"申请"}},               {"s1_overview", {"总体", "概述", "概况"}},
  };
  return kKeywords;
}

std::string SectionIdOf(const std::string& heading) {
  const std::string folded = FoldReportLabel(heading);
  for (const auto& k : SectionKeywords()) {
    for (const char* w : k.keywords) {
      if (Has(folded, w)) return k.id;
    }
  }
  return "";
}

struct Heading {
  size_t begin = 0;  // byte offsets in body_text
  size_t end = 0;
  int number = 0;
  std::string text;
  std::string id;
};

// "一、…" headings of the body in increasing number; inline headings (seed
// 004 has the whole report in one paragraph) must name a section keyword.
std::vector<Heading> FindHeadings(const std::string& body, const std::vector<size_t>& block_starts) {
  const U32Text u(body);
  std::set<size_t> starts(block_starts.begin(), block_starts.end());
  std::vector<Heading> out;
  int last = 0;
  for (size_t i = 0; i + 1 < u.s.size(); ++i) {
    if (!IsCnNumeral(u.s[i])) continue;
    size_t j = i;
    while (j < u.s.size() && IsCnNumeral(u.s[j])) ++j;
    size_t k = j;
    while (k < u.s.size() && text::IsSpaceLike(u.s[k]) && u.s[k] != U'\n') ++k;
    if (k >= u.s.size() || u.s[k] != U'、') continue;
    const bool at_block_start = starts.count(u.byte[i]) > 0;
    if (!at_block_start) {
      const char32_t prev = i > 0 ? u.s[i - 1] : U'\n';
      if (!(text::IsSpaceLike(prev) || prev == U'。' || prev == U'|' || prev == U'；')) continue;
    }
    const int number = report_internal::ChineseNumeralValue(u.s.substr(i, j - i));
    if (number <= last || number > 10) continue;
    // The heading runs to the end of its line, or (inline) to the first space
    // or sentence break after its first characters.
    size_t e = k + 1;
    while (e < u.s.size() && text::IsSpaceLike(u.s[e]) && u.s[e] != U'\n') ++e;
    const size_t text_start = e;
    while (e < u.s.size() && u.s[e] != U'\n' && !IsBreakPunct(u.s[e]) &&
           !(text::IsSpaceLike(u.s[e]) && e > text_start + 1) && e - text_start < 40) {
      ++e;
    }
    // A short line is a heading to its end; a heading opening a long line
    // (seed 004) is read like an inline one.
    bool heading_line = false;
    if (at_block_start) {
      size_t line_end = k + 1;
      while (line_end < u.s.size() && u.s[line_end] != U'\n') ++line_end;
      if (line_end - text_start <= 40) {
        e = line_end;
        heading_line = true;
      }
    }
    Heading h;
    h.begin = u.byte[i];
    h.end = u.byte[e];
    h.number = number;
    h.text = text::CollapseWhitespace(body.substr(h.begin, h.end - h.begin));
    h.id = SectionIdOf(h.text);
    if (!heading_line && h.id.empty()) continue;
    if (!heading_line && text::Length(h.text) > 30) continue;
    out.push_back(h);
    last = number;
  }
  return out;
}

// ------------------------------------------------------------------ identity

std::string InstitutionName(std::string name, const std::string& body) {
  static const char* kSuffixes[] = {"人民政府", "政府", "办事处", "局", "委员会", "委", "办公室", "厅", "院",
                                    "中心", "部", "署", "处", "所", "站", "队", "馆", "会"};
  for (const char* s : kSuffixes) {
    if (name.ends_with(s)) return name;
  }
  if (!name.empty() && Has(body, name + "人民政府")) return name + "人民政府";
  return name;
}

struct TitleParts {
  std::string agency;
  int year = 0;
};

// The agency and year of "<agency><year>年(度)" ending `prefix`.
TitleParts ParseTitleBefore(const std::string& prefix);
// The agency and year of "<year>年(度)<agency>" ending `prefix` (a title that
// opens with the year: "2024年上海市科委政府信息公开工作年度报告").
TitleParts ParseTitleAfterYear(const std::string& prefix);

// "<agency><year>年(度)政府信息公开工作年度报告" in `s` (spaces removed first).
TitleParts ParseTitle(const std::string& raw) {
  TitleParts out;
  const std::string s = text::RemoveSpaces(raw);
  for (const char* marker : {"政府信息公开工作年度报告", "政府信息公开年度报告", "政务公开工作年度报告",
                             "信息公开工作年度报告", "政府信息公开工作报告", "年度报告"}) {
    // The first occurrence preceded by a year ("关于政府信息公开工作年度报告有关事项" is not a title).
    for (size_t pos = s.find(marker); pos != std::string::npos; pos = s.find(marker, pos + 1)) {
      out = ParseTitleBefore(s.substr(0, pos));
      if (out.year > 0) return out;
      out = ParseTitleAfterYear(s.substr(0, pos));
      if (out.year > 0) return out;
    }
  }
  return out;
}

TitleParts ParseTitleBefore(const std::string& prefix) {
  TitleParts out;
  U32Text u(prefix);
  size_t e = u.s.size();
  if (e > 0 && u.s[e - 1] == U'度') --e;
  if (e == 0 || u.s[e - 1] != U'年') return out;
  size_t y = e - 1;
  int year = 0, digits = 0;
  while (y > 0 && digits < 4 && report_internal::IsAsciiDigit(report_internal::FoldChar(u.s[y - 1]))) {
    --y;
    ++digits;
  }
  if (digits != 4) return out;
  for (size_t k = y; k < y + 4; ++k) year = year * 10 + static_cast<int>(report_internal::FoldChar(u.s[k]) - U'0');
  out.year = year;
  // The agency: back to the nearest verb or punctuation.
  std::u32string agency = u.s.substr(0, y);
  for (std::u32string_view cut : {U"现公布", U"公布", U"发布", U"印发", U"关于", U"。", U"，", U",", U"：", U":",
                                  U"（", U"(", U"《", U"“", U"|", U"、", U"年报", U"报告"}) {
    const size_t at = agency.rfind(cut);
    if (at != std::u32string::npos) agency = agency.substr(at + cut.size());
  }
  out.agency = text::Encode(agency);
  return out;
}

TitleParts ParseTitleAfterYear(const std::string& prefix) {
  TitleParts out;
  const std::u32string u = text::Decode(prefix);
  // The agency is the whole text between the year and the marker: at most 30
  // characters, no punctuation or digit, ending in an institution word (so a
  // sentence such as "…2024年度本机关编制的" is never an agency).
  size_t begin = u.size();
  while (begin > 0 && u.size() - begin <= 30) {
    const char32_t c = report_internal::FoldChar(u[begin - 1]);
    if (c == U'年' || c == U'度' || report_internal::IsAsciiDigit(c) || !text::IsWordChar(c)) break;
    --begin;
  }
  size_t y = begin;
  if (y > 0 && u[y - 1] == U'度') --y;
  if (y == 0 || u[y - 1] != U'年') return out;
  --y;
  if (y < 4) return out;
  int year = 0;
  for (size_t k = y - 4; k < y; ++k) {
    const char32_t c = report_internal::FoldChar(u[k]);
    if (!report_internal::IsAsciiDigit(c)) return out;
    year = year * 10 + static_cast<int>(c - U'0');
  }
  if (y > 4 && report_internal::IsAsciiDigit(report_internal::FoldChar(u[y - 5]))) return out;
  const std::string agency = text::Encode(u.substr(begin));
  if (text::Length(agency) < 2) return out;
  static const char* kEnds[] = {"人民政府", "政府", "办事处", "局", "委员会", "委", "办公室", "办公厅", "厅", "室",
                                "院", "中心", "部", "署", "处", "所", "站", "队", "馆", "会", "办", "园区", "乡", "镇", "街道"};
  if (std::none_of(std::begin(kEnds), std::end(kEnds), [&](const char* e) { return agency.ends_with(e); })) {
    return out;
  }
  out.year = year;
  out.agency = agency;
  return out;
}

std::string AdminLevelOf(const std::string& name) {
  const U32Text u(name);
  for (size_t i = u.s.size(); i > 0; --i) {
    const char32_t c = u.s[i - 1];
    if (c == U'镇' || c == U'乡') return "township";
    if (c == U'街' && i < u.s.size() && u.s[i] == U'道') return "township";
    if (c == U'区' || c == U'县' || c == U'旗') {
      if (i >= 3 && u.s[i - 2] == U'治' && u.s[i - 3] == U'自' && name.find("省") == std::string::npos) {
        return "province";  // 自治区
      }
      return "county";
    }
    if (c == U'市') return "prefecture";
    if (c == U'省') return "province";
  }
  return "";
}

std::string AgencyTypeOf(const std::string& name) {
  if (Has(name, "街道") || name.ends_with("办事处")) return "street";
  if (name.ends_with("镇人民政府") || name.ends_with("乡人民政府") || name.ends_with("镇") || name.ends_with("乡")) {
    return "township";
  }
  if (name.ends_with("人民政府") || name.ends_with("政府")) return "government";
  for (const char* s : {"局", "委员会", "委", "办公室", "厅", "中心", "署", "办"}) {
    if (name.ends_with(s)) return "department";
  }
  return name.empty() ? "" : "other";
}

// ------------------------------------------------------------------ narrative

struct FactSpec {
  const char* key;
  std::vector<const char*> anchors;
  const char* unit;
  int max_gap;  // code points allowed between anchor and number
};

const std::vector<FactSpec>& FactSpecs() {
  static const std::vector<FactSpec> kSpecs = {
      {"narrative.active_items", {"主动公开政府信息", "主动发布政府信息"}, "条", 6},
      {"narrative.apply_received",
       {"收到政府信息公开申请", "收到依申请公开", "收到申请", "依申请公开", "政府信息公开申请"},
       "件",
       4},
      {"narrative.apply_natural_person", {"自然人申请件为", "自然人申请"}, "件", 3},
      {"narrative.apply_legal_person", {"法人或其他组织申请件为", "法人或其他组织申请"}, "件", 3},
      {"narrative.apply_granted", {"予以公开的"}, "件", 3},
      {"narrative.apply_partial", {"部分公开的"}, "件", 3},
      {"narrative.apply_denied", {"不予公开的"}, "件", 3},
      {"narrative.apply_unable", {"无法公开的", "无法提供的"}, "件", 3},
      {"narrative.apply_unprocessed", {"不予处理的"}, "件", 3},
      {"narrative.apply_other_channel", {"其他途径办理的"}, "件", 3},
      {"narrative.review_cases", {"行政复议案件", "行政复议"}, "件", 3},
      {"narrative.suit_cases", {"行政诉讼案件", "行政诉讼"}, "件", 3},
  };
  return kSpecs;
}

// The first number after an anchor (within max_gap code points, no sentence
// break crossed) that is followed by the unit.
void FindFacts(const std::string& body, std::vector<NarrativeFact>* out) {
  const U32Text u(body);
  for (const FactSpec& spec : FactSpecs()) {
    const std::u32string unit = text::Decode(spec.unit);
    bool found = false;
    for (const char* anchor_utf8 : spec.anchors) {
      if (found) break;
      const std::u32string anchor = text::Decode(anchor_utf8);
      for (size_t at = u.s.find(anchor); at != std::u32string::npos && !found; at = u.s.find(anchor, at + 1)) {
        size_t i = at + anchor.size();
        int gap = 0;
        while (i < u.s.size() && gap <= spec.max_gap && !report_internal::IsAsciiDigit(report_internal::FoldChar(u.s[i])) &&
               !IsBreakPunct(u.s[i])) {
          ++i;
          ++gap;
        }
        if (i >= u.s.size() || gap > spec.max_gap || IsBreakPunct(u.s[i])) continue;
        const size_t number_start = i;
        while (i < u.s.size() && (report_internal::IsAsciiDigit(report_internal::FoldChar(u.s[i])) ||
                                  u.s[i] == U'.' || (text::IsSpaceLike(u.s[i]) && u.s[i] != U'\n'))) {
          ++i;
        }
        // 余/多/万 and spaces before the unit.
        size_t j = i;
        while (j < u.s.size() && (u.s[j] == U'余' || u.s[j] == U'多' || u.s[j] == U'万' ||
                                  (text::IsSpaceLike(u.s[j]) && u.s[j] != U'\n'))) {
          ++j;
        }
        if (u.s.compare(j, unit.size(), unit) != 0) continue;
        j += unit.size();
        const std::string number_text = body.substr(u.byte[number_start], u.byte[j] - u.byte[number_start]);
        const ParsedNumber n = ParseReportNumber(number_text);
        if (n.kind != ParsedNumber::Kind::kNumber) continue;
        NarrativeFact f;
        f.key = spec.key;
        f.value = n.value;
        f.unit = spec.unit;
        f.approx = n.approx;
        f.begin = static_cast<int>(u.byte[at]);
        f.end = static_cast<int>(u.byte[j]);
        f.text = body.substr(u.byte[at], u.byte[j] - u.byte[at]);
        out->push_back(std::move(f));
        found = true;
      }
    }
  }
}

// ------------------------------------------------------------------ checks

constexpr const char* kApplyColumns[] = {"natural_person", "legal_commercial", "legal_research", "legal_social",
                                         "legal_lawfirm",  "legal_other",      "total"};
constexpr const char* kDenied[] = {"state_secret", "law_forbidden", "three_safety", "third_party",
                                   "internal",     "process",       "enforcement_file", "admin_query"};
constexpr const char* kUnable[] = {"not_held", "need_create", "unclear"};
constexpr const char* kUnprocessed[] = {"petition", "duplicate", "publication", "mass_repeat", "confirm_reissue"};
constexpr const char* kOther[] = {"no_correction", "no_fee", "other"};

// The rule `key` of extract/fields.h; an unknown key is a programming error.
const RuleInfo& RuleOf(std::string_view key) {
  const RuleInfo* rule = FindRule(key);
  if (rule == nullptr) std::abort();
  return *rule;
}

// A number as a check's detail writes it: integers without a decimal point,
// other values in the shortest form that reads back exactly.
std::string NumberText(double v) {
  if (std::fabs(v - std::round(v)) < 1e-9 && std::fabs(v) < 1e15) return std::to_string(std::llround(v));
  char buf[64];
  const auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
  return std::string(buf, end);
}

// One side of a check: its operands as read.
struct Operands {
  double sum = 0;
  int reported = 0;
  int blank = 0;
  std::vector<std::string> terms;         // each operand's value, "0" for one not reported
  std::vector<std::string> not_reported;  // operands read as 0: blank, invalid or absent cells
};

Operands Sum(const ReportRecord& r, const std::vector<std::string>& fields) {
  Operands o;
  for (const auto& f : fields) {
    const std::optional<double> v = r.Value(f);
    if (v.has_value()) {
      o.sum += *v;
      ++o.reported;
      o.terms.push_back(NumberText(*v));
    } else {
      ++o.blank;
      o.terms.push_back("0");
      o.not_reported.push_back(f);
    }
  }
  return o;
}

// "12 + 3 (= 15)": the terms, with their sum when there are several.
std::string SideText(const Operands& o) {
  std::string text;
  for (size_t i = 0; i < o.terms.size(); ++i) text += (i > 0 ? " + " : "") + o.terms[i];
  if (o.terms.size() > 1) text += " (= " + NumberText(o.sum) + ")";
  return text;
}

// A check's numbers: "H1: 12 + 3 (= 15) != 16; not reported, read as 0:
// apply.carry_forward.total".
std::string NumbersDetail(const std::string& rule, const Operands& lhs, const std::string& relation,
                          const Operands& rhs) {
  std::string detail = rule + ": " + SideText(lhs) + " " + relation + " " + SideText(rhs);
  std::vector<std::string> zeros = lhs.not_reported;
  zeros.insert(zeros.end(), rhs.not_reported.begin(), rhs.not_reported.end());
  for (size_t i = 0; i < zeros.size(); ++i) detail += (i == 0 ? "; not reported, read as 0: " : ", ") + zeros[i];
  return detail;
}

bool Equal(double a, double b) { return std::fabs(a - b) < 1e-6; }

// A hard identity: the sums of `lhs` and `rhs` are equal. A failed check, and
// one that holds only with blanks read as 0, says its numbers in `detail`.
ReportCheck HardCheck(const ReportRecord& r, const std::string& rule, const std::string& scope,
                      const std::vector<std::string>& lhs, const std::vector<std::string>& rhs) {
  const Operands l = Sum(r, lhs), h = Sum(r, rhs);
  ReportCheck c;
  c.rule = rule;
  c.scope = scope;
  // An operand in a row whose values could not be placed is unknown, not blank.
  for (const AmbiguousRow& a : r.ambiguous_rows) {
    for (const std::string& f : a.fields) {
      if (std::find(lhs.begin(), lhs.end(), f) != lhs.end() || std::find(rhs.begin(), rhs.end(), f) != rhs.end()) {
        c.outcome = "no_data";
        c.detail = "operand in an ambiguous row: " + f;
        return c;
      }
    }
  }
  c.blank_operands = l.blank + h.blank;
  if (l.reported == 0 || h.reported == 0) {
    // One side not reported at all (Shanghai leaves 总计 blank): nothing to compare.
    c.outcome = "no_data";
    c.detail = l.reported == 0 ? "left side not reported" : "right side not reported";
    return c;
  }
  c.lhs = l.sum;
  c.rhs = h.sum;
  if (!Equal(l.sum, h.sum)) {
    c.outcome = "fail";
    c.detail = NumbersDetail(rule, l, "!=", h);
  } else {
    c.outcome = c.blank_operands == 0 ? "strict" : "lenient";
    if (c.outcome == "lenient") c.detail = NumbersDetail(rule, l, "=", h);
  }
  return c;
}

// The check of sum rule `key` (extract/fields.h) for one scope value.
ReportCheck RuleCheck(const ReportRecord& r, std::string_view key, const std::string& scope_value) {
  const RuleInfo& rule = RuleOf(key);
  return HardCheck(r, rule.rule, scope_value, ExpandOperands(rule.lhs, scope_value),
                   ExpandOperands(rule.rhs, scope_value));
}

// A soft comparison `lhs relation rhs` ("=" or "<="); `what` says what is
// compared. When both sides are known the detail gives the numbers first:
// "S4: 125 != 120 (narrative.apply_received = apply.new.total)".
ReportCheck SoftCompare(const std::string& rule, const std::string& scope, std::optional<double> lhs,
                        std::optional<double> rhs, const std::string& what, const std::string& relation = "=",
                        const std::string& lhs_text = "", const std::string& rhs_text = "") {
  ReportCheck c;
  c.rule = rule;
  c.scope = scope;
  c.lhs = lhs;
  c.rhs = rhs;
  c.detail = what;
  if (!lhs.has_value() || !rhs.has_value()) {
    c.outcome = "no_data";
    c.blank_operands = (lhs ? 0 : 1) + (rhs ? 0 : 1);
    return c;
  }
  const bool ok = relation == "<=" ? *lhs <= *rhs + 1e-9 : Equal(*lhs, *rhs);
  c.outcome = ok ? "ok" : "warn";
  const std::string shown = ok ? relation : relation == "<=" ? ">" : "!=";
  c.detail = rule + ": " + (lhs_text.empty() ? NumberText(*lhs) : lhs_text) + " " + shown + " " +
             (rhs_text.empty() ? NumberText(*rhs) : rhs_text) + " (" + what + ")";
  return c;
}

std::vector<std::string> Fields(const std::string& prefix, const char* const* names, size_t n, const std::string& suffix) {
  std::vector<std::string> out;
  for (size_t i = 0; i < n; ++i) out.push_back(prefix + names[i] + suffix);
  return out;
}

void PutDerived(ReportRecord* r, const std::string& field, const std::vector<std::string>& operands) {
  if (r->cells.count(field) > 0) return;
  const Operands o = Sum(*r, operands);
  if (o.blank > 0 || o.reported == 0) return;
  ReportCell c;
  c.field = field;
  c.status = "derived";
  c.value = o.sum;
  c.unit = "件";
  for (const auto& f : operands) c.source += (c.source.empty() ? "" : " + ") + f;
  r->cells.emplace(field, std::move(c));
}

bool HasPrefix(const ReportRecord& r, std::string_view prefix) {
  auto it = r.cells.lower_bound(std::string(prefix));
  return it != r.cells.end() && it->first.starts_with(prefix);
}

void Derive(ReportRecord* r) {
  const bool v2021 = r->template_version == "v2021";
  for (const char* col : kApplyColumns) {
    const std::string suffix = std::string(".") + col;
    if (HasPrefix(*r, "apply.denied.")) PutDerived(r, "apply.denied.total" + suffix, Fields("apply.denied.", kDenied, 8, suffix));
    if (HasPrefix(*r, "apply.unable.")) PutDerived(r, "apply.unable.total" + suffix, Fields("apply.unable.", kUnable, 3, suffix));
    if (HasPrefix(*r, "apply.unprocessed.")) {
      PutDerived(r, "apply.unprocessed.total" + suffix, Fields("apply.unprocessed.", kUnprocessed, 5, suffix));
    }
    if (v2021 && HasPrefix(*r, "apply.other.")) {
      PutDerived(r, "apply.other.total" + suffix, Fields("apply.other.", kOther, 3, suffix));
    }
  }
  // legal_subtotal per 表三 row, the derived subtotal rows included.
  std::set<std::string> rows;
  for (const auto& [field, cell] : r->cells) {
    if (field.starts_with("apply.") && field.ends_with(".natural_person")) {
      rows.insert(field.substr(6, field.size() - 6 - std::string_view(".natural_person").size()));
    }
  }
  for (const auto& row : rows) {
    PutDerived(r, "apply." + row + ".legal_subtotal",
               Fields("apply." + row + ".", kApplyColumns + 1, 5, ""));
  }
  if (HasPrefix(*r, "appeal.suit_direct.")) {
    for (const char* res : {"upheld", "corrected", "other", "pending", "total"}) {
      PutDerived(r, std::string("appeal.suit_all.") + res,
                 {std::string("appeal.suit_direct.") + res, std::string("appeal.suit_after_review.") + res});
    }
  }
}

bool IsMoneyUnit(const std::string& unit) { return unit == "元" || unit == "万元" || unit == "亿元"; }

// Units from the field dictionary (extract/fields.h): a cell's unit is its
// field's, whatever the source wrote (that stays in source_unit). A money
// value whose source states no unit keeps unit "" (the value is as written,
// in a unit nobody stated) and flags money_unit_unknown; a unit written in
// the source that is money where the field counts, or the reverse, flags
// unit_mismatch.
void ApplyUnits(ReportRecord* r) {
  auto apply = [&](ReportCell& cell) {
    const FieldInfo* f = FindField(cell.field);
    if (f == nullptr) return;  // every id the mappers write has an entry (tests/fields_test.cc)
    const bool money = f->unit == "万元";
    if (!cell.source_unit.empty() && IsMoneyUnit(cell.source_unit) != money) r->flags.push_back("unit_mismatch");
    if (money && cell.status == "reported" && cell.source_unit.empty()) {
      cell.unit.clear();
      r->flags.push_back("money_unit_unknown");
      return;
    }
    cell.unit = f->unit;
  };
  for (auto& [field, cell] : r->cells) apply(cell);
  for (auto& [field, cell] : r->legacy_mapped) apply(cell);
}

void HardChecks(ReportRecord* r) {
  const bool v2021 = r->template_version == "v2021";
  if (HasPrefix(*r, "apply.")) {
    // v2021 with the three rows of (六)其他处理, else that heading as one row.
    const char* h2 = v2021 && HasPrefix(*r, "apply.other.no_correction") ? "H2.v2021" : "H2";
    for (const char* col : kApplyColumns) {
      r->hard_checks.push_back(RuleCheck(*r, "H1", col));
      r->hard_checks.push_back(RuleCheck(*r, h2, col));
    }
    std::vector<std::string> rows;
    for (const auto& [field, cell] : r->cells) {
      // Rows whose 总计 was read (derived subtotal rows are not table rows).
      if (field.starts_with("apply.") && field.ends_with(".total") && cell.status != "derived") {
        rows.push_back(field.substr(6, field.size() - 6 - 6));
      }
    }
    for (const auto& row : rows) r->hard_checks.push_back(RuleCheck(*r, "H3", row));
  }
  if (HasPrefix(*r, "appeal.review.")) {
    for (const char* g : {"review", "suit_direct", "suit_after_review"}) r->hard_checks.push_back(RuleCheck(*r, "H4", g));
  }
  // H5: counts are integers >= 0, amounts >= 0, deltas may be negative.
  int bad = 0, checked = 0;
  for (const auto& [field, cell] : r->cells) {
    if (cell.status == "derived") continue;
    if (cell.status == "invalid") {
      ++bad;
      ReportCheck c;
      c.rule = "H5";
      c.scope = field;
      c.outcome = "fail";
      c.detail = "H5: " + field + " reads \"" + cell.raw + "\": not a number";
      r->hard_checks.push_back(c);
      continue;
    }
    if (!cell.value.has_value()) continue;
    ++checked;
    const double v = *cell.value;
    const bool money = IsMoneyField(field);
    const bool delta = field.ends_with(".delta");
    std::string problem;
    if (!delta && v < 0) problem = " < 0";
    if (!money && std::fabs(v - std::round(v)) > 1e-9) problem = " is not an integer";
    if (!problem.empty()) {
      ++bad;
      ReportCheck c;
      c.rule = "H5";
      c.scope = field;
      c.lhs = v;
      c.outcome = "fail";
      c.detail = "H5: " + field + " = " + NumberText(v) + problem;
      r->hard_checks.push_back(c);
    }
  }
  if (checked + bad > 0) {
    ReportCheck c;
    c.rule = "H5";
    c.scope = "all reported cells";
    c.lhs = bad;
    c.rhs = 0;
    c.outcome = bad == 0 ? "strict" : "fail";
    c.detail = "H5: " + std::to_string(bad) + " failing cells " + (bad == 0 ? "=" : "!=") + " 0; " +
               std::to_string(checked) + " numeric cells checked";
    r->hard_checks.push_back(c);
  }
}

std::optional<double> FactValue(const ReportRecord& r, std::string_view key) {
  for (const auto& f : r.narrative_facts) {
    if (f.key == key) return f.value;
  }
  return std::nullopt;
}

void SoftChecks(ReportRecord* r) {
  const bool legacy = r->template_version == "legacy2016";
  // S3 (v2019): new_published <= total_published.
  for (const char* row : {"regulation", "normative"}) {
    const RuleInfo& s3 = RuleOf("S3");
    const std::string lhs = ExpandOperands(s3.lhs, row)[0], rhs = ExpandOperands(s3.rhs, row)[0];
    const auto a = r->Value(lhs), b = r->Value(rhs);
    if (!a && !b) continue;
    r->soft_checks.push_back(SoftCompare("S3", row, a, b, lhs + " " + s3.relation + " " + rhs, s3.relation));
  }
  // S4: narrative numbers against the tables (the S4 rules of the record's template class).
  for (const RuleInfo& rule : ValidationRules()) {
    if (rule.rule != "S4" || rule.key == "S4.apply_outcomes") continue;
    if ((rule.templates == "legacy2016") != legacy) continue;
    const auto f = FactValue(*r, rule.lhs[0]);
    if (!f) continue;
    const Operands table = Sum(*r, rule.rhs);
    const std::optional<double> t = table.reported == static_cast<int>(rule.rhs.size()) ? std::optional(table.sum)
                                                                                         : std::nullopt;
    r->soft_checks.push_back(SoftCompare("S4", rule.lhs[0], f, t, rule.formula));
  }
  {
    // A breakdown of the applications in the text (seed 004) against the total stated there.
    const RuleInfo& rule = RuleOf("S4.apply_outcomes");
    Operands stated;
    std::vector<std::string> parts;
    for (const std::string& p : rule.lhs) {
      if (const auto v = FactValue(*r, p)) {
        stated.sum += *v;
        ++stated.reported;
        stated.terms.push_back(NumberText(*v));
        parts.push_back(p);
      }
    }
    if (stated.reported >= 3) {
      r->soft_checks.push_back(SoftCompare("S4", "narrative.apply_outcomes", stated.sum,
                                           FactValue(*r, rule.rhs[0]),
                                           [&] {
                                             std::string what;
                                             for (const auto& p : parts) what += (what.empty() ? "" : " + ") + p;
                                             return what + " = " + rule.rhs[0];
                                           }(),
                                           "=", SideText(stated)));
    }
  }
  // S5: published in [Jan 1 of year+1, deadline].
  if (r->report_year > 0) {
    ReportCheck c;
    c.rule = "S5";
    c.scope = "published_date";
    if (r->published_date.empty()) {
      c.outcome = "no_data";
      c.detail = "no publication date";
    } else {
      const std::string start = std::to_string(r->report_year + 1) + "-01-01";
      const bool department = r->agency_type == "department" && r->report_year >= 2019;
      const std::string deadline = std::to_string(r->report_year + 1) + (department ? "-01-31" : "-03-31");
      if (r->published_date < start) {
        c.outcome = "warn";
        c.detail = "published " + r->published_date + " (" + r->published_date_source +
                   ") precedes the end of report year " + std::to_string(r->report_year);
        r->flags.push_back("date_anomaly");
      } else if (r->published_date > deadline) {
        c.outcome = "warn";
        c.detail = "published " + r->published_date + " after the deadline " + deadline;
        r->flags.push_back("late_publication");
      } else {
        c.outcome = "ok";
        c.detail = "published " + r->published_date + " (" + r->published_date_source + "), deadline " + deadline;
      }
    }
    r->soft_checks.push_back(c);
  }
  // S6: template expected for the year.
  if (r->report_year > 0 && r->template_basis == "tables") {
    const std::string expected = r->report_year >= 2021 ? "v2021" : r->report_year >= 2019 ? "v2019" : "legacy2016";
    ReportCheck c;
    c.rule = "S6";
    c.scope = "template";
    c.outcome = expected == r->template_version ? "ok" : "warn";
    c.detail = "tables follow " + r->template_version + ", year " + std::to_string(r->report_year) + " expects " +
               expected;
    if (c.outcome == "warn") r->flags.push_back("template_mismatch");
    r->soft_checks.push_back(c);
  }
  // L1: parent = sum of children in the pre-2019 统计表 (soft).
  if (legacy) {
    for (const RuleInfo& rule : ValidationRules()) {
      if (rule.rule != "L1") continue;
      ReportCheck c = HardCheck(*r, "L1", rule.lhs[0], rule.lhs, rule.rhs);
      c.outcome = c.outcome == "fail" ? "warn" : c.outcome == "no_data" ? "no_data" : "ok";
      r->soft_checks.push_back(c);
    }
  }
}

// ------------------------------------------------------------------ JSON

nlohmann::ordered_json Number(double v) {
  if (std::fabs(v - std::round(v)) < 1e-9 && std::fabs(v) < 1e15) return static_cast<int64_t>(std::llround(v));
  return v;
}

nlohmann::ordered_json Optional(const std::optional<double>& v) { return v ? Number(*v) : nlohmann::ordered_json(); }

nlohmann::ordered_json CellJson(const ReportCell& c) {
  nlohmann::ordered_json j;
  j["field"] = c.field;
  j["value"] = Optional(c.value);
  j["raw"] = c.raw;
  j["unit"] = c.unit;
  j["source_unit"] = c.source_unit;
  j["approx"] = c.approx;
  j["status"] = c.status;
  if (!c.map_quality.empty()) j["map_quality"] = c.map_quality;
  j["source"] = c.source;
  if (!c.placed_by.empty()) j["placed_by"] = c.placed_by;
  return j;
}

nlohmann::ordered_json CheckJson(const ReportCheck& c) {
  nlohmann::ordered_json j;
  j["rule"] = c.rule;
  j["scope"] = c.scope;
  j["lhs"] = Optional(c.lhs);
  j["rhs"] = Optional(c.rhs);
  j["blank_operands"] = c.blank_operands;
  j["outcome"] = c.outcome;
  j["detail"] = c.detail;
  return j;
}

}  // namespace

// ------------------------------------------------------------------ ReportRecord

const ReportCell* ReportRecord::Cell(std::string_view field) const {
  const auto it = cells.find(std::string(field));
  return it == cells.end() ? nullptr : &it->second;
}

std::optional<double> ReportRecord::Value(std::string_view field) const {
  const ReportCell* c = Cell(field);
  if (c == nullptr) return std::nullopt;
  return c->value;
}

bool ReportRecord::HasFlag(std::string_view flag) const {
  return std::find(flags.begin(), flags.end(), flag) != flags.end();
}

std::string ReportRecord::ToJson() const {
  nlohmann::ordered_json j;
  nlohmann::ordered_json id;
  id["title"] = title;
  id["agency_name"] = agency_name;
  id["agency_name_source"] = agency_name_source;
  id["agency_key"] = agency_key;
  id["agency_id"] = agency_id;
  id["agency_id_evidence"] = agency_id_evidence;
  id["agency_level"] = agency_level;
  id["agency_type"] = agency_type;
  id["admin_level"] = admin_level;
  id["division_code"] = division_code;
  id["report_year"] = report_year == 0 ? nlohmann::ordered_json() : nlohmann::ordered_json(report_year);
  id["report_year_source"] = report_year_source;
  id["published_date"] = published_date;
  id["published_date_source"] = published_date_source;
  id["signature_date"] = signature_date;
  id["signature_date_raw"] = signature_date_raw;
  nlohmann::ordered_json evidence = nlohmann::ordered_json::array();
  for (const auto& e : identity_evidence) {
    evidence.push_back({{"kind", e.kind}, {"value", e.value}, {"place", e.place}});
  }
  id["identity_inferred_from"] = evidence;
  j["identity"] = id;
  j["template"] = {{"version", template_version},
                   {"basis", template_basis},
                   {"tables_status", tables_status},
                   {"table_images", table_images},
                   {"attachments", attachment_urls}};
  if (!tables_source.empty()) j["template"]["tables_source"] = tables_source;
  nlohmann::ordered_json s;
  for (const char* k : {"preamble", "s1_overview", "s2_active", "s3_requests", "s4_appeals", "s5_problems", "s6_other"}) {
    const auto it = sections.find(k);
    s[k] = it == sections.end() ? nlohmann::ordered_json() : nlohmann::ordered_json(it->second);
  }
  nlohmann::ordered_json headings;
  for (const auto& [k, v] : section_headings) headings[k] = v;
  s["headings"] = headings;
  s["unmatched_headings"] = unmatched_headings;
  j["sections"] = s;
  nlohmann::ordered_json tables;
  for (const char* group : {"active", "apply", "appeal", "legacy", "legacy_cumulative"}) {
    nlohmann::ordered_json g = nlohmann::ordered_json::object();
    const std::string prefix = std::string(group) + ".";
    for (const auto& [field, cell] : cells) {
      if (field.starts_with(prefix)) g[field] = Optional(cell.value);
    }
    tables[group] = g;
  }
  nlohmann::ordered_json extra = nlohmann::ordered_json::object();
  for (const auto& [label, columns] : active_extra) {
    nlohmann::ordered_json row = nlohmann::ordered_json::object();
    for (const auto& [column, cell] : columns) row[column] = CellJson(cell);
    extra[label] = row;
  }
  tables["active_extra"] = extra;
  nlohmann::ordered_json mapped = nlohmann::ordered_json::array();
  for (const auto& [field, cell] : legacy_mapped) mapped.push_back(CellJson(cell));
  tables["legacy_mapped"] = mapped;
  nlohmann::ordered_json all = nlohmann::ordered_json::array();
  for (const auto& [field, cell] : cells) all.push_back(CellJson(cell));
  tables["cells"] = all;
  tables["unmapped_rows"] = unmapped_rows;
  nlohmann::ordered_json ambiguous = nlohmann::ordered_json::array();
  for (const AmbiguousRow& a : ambiguous_rows) {
    ambiguous.push_back({{"table", a.table},
                         {"row", a.row},
                         {"values", a.values},
                         {"fields", a.fields},
                         {"placements", a.placements},
                         {"reason", a.reason}});
  }
  tables["ambiguous_rows"] = ambiguous;
  j["tables"] = tables;
  nlohmann::ordered_json facts = nlohmann::ordered_json::array();
  for (const auto& f : narrative_facts) {
    facts.push_back({{"key", f.key},
                     {"value", Number(f.value)},
                     {"unit", f.unit},
                     {"approx", f.approx},
                     {"text", f.text},
                     {"span", {f.begin, f.end}}});
  }
  j["narrative_facts"] = facts;
  nlohmann::ordered_json v;
  nlohmann::ordered_json hard = nlohmann::ordered_json::array(), soft = nlohmann::ordered_json::array();
  int hard_ok = 0, hard_fail = 0, null_cells = 0;
  for (const auto& c : hard_checks) {
    hard.push_back(CheckJson(c));
    hard_ok += (c.outcome == "strict" || c.outcome == "lenient") ? 1 : 0;
    hard_fail += c.outcome == "fail" ? 1 : 0;
  }
  for (const auto& c : soft_checks) soft.push_back(CheckJson(c));
  for (const auto& [field, cell] : cells) null_cells += cell.status == "blank" ? 1 : 0;
  v["hard"] = hard;
  v["soft"] = soft;
  v["score"] = {{"hard_ok", hard_ok}, {"hard_fail", hard_fail}, {"null_cells", null_cells}};
  v["flags"] = flags;
  j["validation"] = v;
  return j.dump();
}

// ------------------------------------------------------------------ ExtractReport

// The text of a table that is one cell of running prose (a DOCX or layout
// table framing the closing narrative, seed 004), or "" for any other table.
// Such a table is read as a paragraph: the HTML cleaner already reads a
// one-cell table so, and its numbers are no table cells.
std::string ProseCellText(const ContentBlock& b) {
  if (b.kind != ContentBlock::Kind::kTable) return "";
  const CleanTable::Cell* only = nullptr;
  for (const auto& row : b.table.rows) {
    for (const auto& cell : row) {
      if (cell.covered || text::CollapseWhitespace(cell.text).empty()) continue;
      if (only != nullptr) return "";
      only = &cell;
    }
  }
  if (only == nullptr || b.table.row_count() * b.table.column_count() > 4) return "";
  // Running prose: sentences, not a label or a number.
  const std::string t = text::CollapseWhitespace(only->text);
  if (text::CountWordChars(t) < 20 || !(Has(t, "。") || Has(t, "，") || Has(t, "；"))) return "";
  return t;
}

// The most numbers in one row of `table`, and the numbers in all of it.
int MaxNumbersInARow(const CleanTable& table) {
  int most = 0;
  for (const auto& row : table.rows) {
    int n = 0;
    for (const auto& cell : row) {
      if (!cell.covered && ParseReportNumber(cell.text).kind == ParsedNumber::Kind::kNumber) ++n;
    }
    most = std::max(most, n);
  }
  return most;
}

int CountNumbers(const CleanTable& table) {
  int n = 0;
  for (const auto& row : table.rows) {
    for (const auto& cell : row) {
      if (!cell.covered && ParseReportNumber(cell.text).kind == ParsedNumber::Kind::kNumber) ++n;
    }
  }
  return n;
}

// Whether the text blocks between two parts of one table may be a row label
// wrapped out of it (report_internal::TablePart::lead): a few short lines,
// no sentence.
bool IsLeadText(const std::vector<const ContentBlock*>& between) {
  if (between.empty() || between.size() > 4) return false;
  for (const ContentBlock* b : between) {
    if (b->kind != ContentBlock::Kind::kParagraph && b->kind != ContentBlock::Kind::kHeading) return false;
    if (text::Length(b->text) > 60 || Has(b->text, "。")) return false;
  }
  return true;
}

namespace {

// Where the blocks of a page stand in the report's body text.
struct BodyLayout {
  std::vector<size_t> block_start;        // body offset of each block
  std::vector<size_t> text_block_starts;  // body offsets of the blocks that gave text
  std::vector<bool> prose_table;          // blocks that are one-cell prose tables
  bool has_table = false;                 // a table that is not prose
};

// Body text: every non-table block on its own line; tables keep their
// position. A one-cell prose table counts as a paragraph.
BodyLayout LayOutBody(const CleanPage& page, std::string* body_text) {
  BodyLayout layout;
  std::vector<size_t>& block_start = layout.block_start;
  std::vector<size_t>& text_block_starts = layout.text_block_starts;
  std::vector<bool>& prose_table = layout.prose_table;
  block_start.assign(page.blocks.size(), 0);
  prose_table.assign(page.blocks.size(), false);
  for (size_t i = 0; i < page.blocks.size(); ++i) {
    const ContentBlock& b = page.blocks[i];
    block_start[i] = body_text->size();
    std::string_view t = b.text;
    std::string prose;
    if (b.kind == ContentBlock::Kind::kTable) {
      prose = ProseCellText(b);
      if (prose.empty()) continue;
      prose_table[i] = true;
      t = prose;
    }
    if (b.kind == ContentBlock::Kind::kImage) {
      continue;
    }
    if (t.empty()) continue;
    text_block_starts.push_back(body_text->size());
    *body_text += t;
    *body_text += "\n";
  }
  bool& has_table = layout.has_table;
  for (size_t i = 0; i < page.blocks.size(); ++i) {
    has_table = has_table || (page.blocks[i].kind == ContentBlock::Kind::kTable && !prose_table[i]);
  }
  return layout;
}

// The section in force from each body offset on, in body order.
using SectionStarts = std::vector<std::pair<size_t, std::string>>;

// Sections: the text under each heading recognized, the headings matched and
// unmatched; returns where each section starts.
SectionStarts ReadSections(const std::vector<size_t>& text_block_starts, ReportRecord* record) {
  ReportRecord& r = *record;
  const std::vector<Heading> headings = FindHeadings(r.body_text, text_block_starts);
  std::set<std::string> seen_ids;
  size_t previous_end = 0;
  std::string previous_id = "preamble";
  std::vector<std::pair<size_t, std::string>> section_at;  // body offset -> section id in force
  section_at.push_back({0, "preamble"});
  auto close_section = [&](size_t until) {
    if (previous_id.empty()) return;
    const std::string t = text::CollapseWhitespace(r.body_text.substr(previous_end, until - previous_end));
    if (!t.empty() || previous_id != "preamble") r.sections[previous_id] = t;
  };
  for (const Heading& h : headings) {
    close_section(h.begin);
    std::string id = h.id;
    if (!id.empty() && seen_ids.count(id) > 0) id.clear();
    if (id.empty()) {
      r.unmatched_headings.push_back(h.text);
    } else {
      seen_ids.insert(id);
      r.section_headings[id] = h.text;
    }
    previous_id = id;  // text under an unmatched heading belongs to no section
    previous_end = h.end;
    section_at.push_back({h.begin, id.empty() ? "unmatched" : id});
  }
  close_section(r.body_text.size());
  return section_at;
}

// The section of the block starting at body `offset`. A block right before a
// heading starts where the heading starts: it belongs to the section before
// (strictly earlier headings only).
std::string SectionOfOffset(const SectionStarts& section_at, size_t offset) {
  std::string id = "preamble";
  for (const auto& [at, sid] : section_at) {
    if (at < offset || at == 0) id = sid;
  }
  return id;
}

using TableParts = std::map<TableKind, std::vector<report_internal::TablePart>>;

// Tables, images and attachments. The text blocks between two parts of one
// table, in one section, go with the later part as its lead.
TableParts CollectTables(const CleanPage& page, const BodyLayout& layout, const SectionStarts& section_at,
                         ReportRecord* record) {
  ReportRecord& r = *record;
  const std::vector<size_t>& block_start = layout.block_start;
  const std::vector<bool>& prose_table = layout.prose_table;
  TableParts tables;
  TableKind previous_kind = TableKind::kNone;
  std::string previous_section;
  std::vector<const ContentBlock*> between;  // blocks since the previous table
  for (size_t i = 0; i < page.blocks.size(); ++i) {
    const ContentBlock& b = page.blocks[i];
    const std::string section = SectionOfOffset(section_at, block_start[i]);
    if (b.kind != ContentBlock::Kind::kTable || prose_table[i]) {
      between.push_back(&b);
    }
    if (b.kind == ContentBlock::Kind::kImage) {
      if (section == "s2_active" || section == "s3_requests" || section == "s4_appeals") {
        r.table_images.push_back(b.url.empty() ? b.text : b.url);
      }
      continue;
    }
    if (b.kind == ContentBlock::Kind::kAttachment) {
      r.attachment_urls.push_back(b.url);
      continue;
    }
    if (b.kind != ContentBlock::Kind::kTable || prose_table[i]) continue;
    TableKind kind = report_internal::ClassifyTable(b.table);
    const bool by_content = kind != TableKind::kNone;
    if (kind == TableKind::kNone) {
      // A continuation part (its header stood in an earlier part): the
      // section it sits in tells what it is, when that table has begun.
      // A table of its own that no label names stays unread.
      TableKind by_section = TableKind::kNone;
      if (section == "s2_active") by_section = TableKind::kActive;
      if (section == "s3_requests") by_section = TableKind::kApply;
      if (section == "s4_appeals") by_section = TableKind::kAppeal;
      if (by_section != TableKind::kNone && tables.count(by_section) > 0) kind = by_section;
    }
    if (!by_content) {
      const int numbers = MaxNumbersInARow(b.table);
      // A fragment of 表三 that the layout split off, where section
      // detection lost the thread (a report with two numbered series of
      // headings): right after a 表三 part, its widest row has the 7 numbers
      // of an 表三 row, which no row of 表二 or 表四 has.
      if (previous_kind == TableKind::kApply && numbers == 7) kind = TableKind::kApply;
      // 表四 without its group labels (行政复议 / 行政诉讼 stand in the text
      // above it): one row of the 15 numbers, under text naming both.
      if (kind != TableKind::kApply && numbers == 15 && CountNumbers(b.table) == 15 &&
          tables.count(TableKind::kAppeal) == 0) {
        bool named = false;
        for (const ContentBlock* t : between) named = named || (Has(t->text, "复议") && Has(t->text, "诉讼"));
        if (named) kind = TableKind::kAppeal;
      }
    }
    if (kind != TableKind::kNone) {
      report_internal::TablePart part;
      part.table = &b.table;
      if (kind == previous_kind && section == previous_section && IsLeadText(between)) {
        for (const ContentBlock* t : between) part.lead.push_back(t->text);
      }
      tables[kind].push_back(std::move(part));
    }
    previous_kind = kind;
    previous_section = section;
    between.clear();
  }
  return tables;
}

// Plain-text dumps name the table images as lines ("11.png") in sections 二-四.
void NoteTableImageLines(ReportRecord* record) {
  ReportRecord& r = *record;
  for (const char* sid : {"s2_active", "s3_requests", "s4_appeals"}) {
    const auto it = r.sections.find(sid);
    if (it == r.sections.end()) continue;
    const std::string t = text::AsciiLower(it->second);
    for (const char* ext : {".png", ".jpg", ".jpeg", ".gif", ".bmp"}) {
      if (Has(t, ext) && text::Length(it->second) < 80) r.table_images.push_back(text::CollapseWhitespace(it->second));
    }
  }
}

// 表二 rows written as text lines: each run of text blocks is read; their
// cells only fill fields that no table gave.
void MapActiveTextLines(const CleanPage& page, ReportRecord* record) {
  ReportRecord& r = *record;
  std::vector<CleanTable> text_tables;
  std::vector<std::string> run;
  auto flush = [&] {
    for (CleanTable& t : report_internal::ActiveTablesFromText(run)) text_tables.push_back(std::move(t));
    run.clear();
  };
  for (size_t i = 0; i < page.blocks.size(); ++i) {
    const ContentBlock& b = page.blocks[i];
    const bool text_block = b.kind == ContentBlock::Kind::kParagraph || b.kind == ContentBlock::Kind::kHeading;
    if (text_block) run.push_back(b.text);
    if (!text_block || i + 1 == page.blocks.size()) flush();
  }
  if (!text_tables.empty()) {
    std::vector<report_internal::TablePart> parts;
    for (const CleanTable& t : text_tables) parts.push_back({&t, {}});
    ReportRecord from_text;
    report_internal::MapActiveTable(parts, &from_text);
    for (auto& [field, cell] : from_text.cells) {
      if (r.cells.count(field) == 0) r.cells.emplace(field, std::move(cell));
    }
  }
}

// Each table found, read into cells by field id.
void MapTables(const CleanPage& page, const TableParts& tables, ReportRecord* record) {
  ReportRecord& r = *record;
  if (tables.count(TableKind::kLegacy)) report_internal::MapLegacyTable(tables.at(TableKind::kLegacy), &r);
  if (tables.count(TableKind::kActive)) report_internal::MapActiveTable(tables.at(TableKind::kActive), &r);
  MapActiveTextLines(page, &r);
  if (tables.count(TableKind::kApply)) report_internal::MapApplyTable(tables.at(TableKind::kApply), &r);
  if (tables.count(TableKind::kAppeal)) report_internal::MapAppealTable(tables.at(TableKind::kAppeal), &r);
}

// Identity: title, agency, year, keys.
void ReadIdentity(const CleanPage& page, ReportRecord* record) {
  ReportRecord& r = *record;
  std::string title = page.title.empty() ? page.heading : page.title;
  TitleParts tp = ParseTitle(title);
  r.title = title;
  r.agency_name_source = "title";
  if (tp.year == 0 || tp.agency.empty()) {
    const TitleParts from_text = ParseTitle(r.body_text.substr(0, std::min<size_t>(r.body_text.size(), 3000)));
    if (from_text.year > 0) {
      tp = from_text;
      r.agency_name_source = "text";
    }
  }
  r.agency_name = InstitutionName(tp.agency, r.body_text);
  if (page.HasFlag("name_replaced") && !page.identity.name.empty()) {
    r.agency_name_source = "inferred";
    r.identity_evidence = page.identity.evidence;
    if (!Has(r.agency_name, page.identity.name)) r.agency_name = page.identity.name + "人民政府";
    r.flags.push_back("identity_inferred");
  }
  if (r.agency_name.empty()) r.agency_name_source.clear();
  r.report_year = tp.year;
  r.report_year_source = tp.year > 0 ? (r.agency_name_source == "text" ? "text" : "title") : "";
  if (r.report_year == 0) {
    // "统计时限为2018年1月1日至…" or "(2018年度)".
    for (const auto& d : report_internal::FindAllDates(r.body_text)) {
      if (d.iso.ends_with("-01-01")) {
        r.report_year = std::stoi(d.iso.substr(0, 4));
        r.report_year_source = "text";
        break;
      }
    }
  }
  if (const auto it = page.metadata.find("index_no"); it != page.metadata.end() && Has(it->second, "/")) {
    r.agency_key = "index_no:" + it->second.substr(0, it->second.find('/'));
  } else if (const auto st = page.meta_tags.find("SiteIDCode"); st != page.meta_tags.end() && !st->second.empty()) {
    r.agency_key = "site_id:" + st->second;
  } else if (!r.agency_name.empty()) {
    r.agency_key = "name:" + FoldReportLabel(r.agency_name);
  }
  if (const auto st = page.meta_tags.find("SiteIDCode"); st != page.meta_tags.end()) {
    const std::string& code = st->second;
    if (code.size() >= 6 && std::all_of(code.begin(), code.begin() + 6, [](char c) { return c >= '0' && c <= '9'; })) {
      r.division_code = code.substr(0, 6);
    }
  }
  r.agency_type = AgencyTypeOf(r.agency_name);
  r.admin_level = AdminLevelOf(r.agency_name);
  // The page's own evidence; the extract pass adds the crawl site's division code.
  AssignAgencyIdentity(page, "", &r);
}

// Signature date: a date closing one of the last text blocks.
void ReadSignatureDate(const CleanPage& page, const std::vector<bool>& prose_table, ReportRecord* record) {
  ReportRecord& r = *record;
  int blocks_seen = 0;
  for (size_t i = page.blocks.size(); i > 0 && r.signature_date.empty() && blocks_seen < 8; --i) {
    const ContentBlock& b = page.blocks[i - 1];
    if (b.kind != ContentBlock::Kind::kParagraph && b.kind != ContentBlock::Kind::kHeading && !prose_table[i - 1]) {
      continue;
    }
    ++blocks_seen;
    const std::string block_text = prose_table[i - 1] ? ProseCellText(b) : b.text;
    const std::vector<report_internal::DateSpan> dates = report_internal::FindAllDates(block_text);
    for (auto d = dates.rbegin(); d != dates.rend(); ++d) {
      const std::string before = block_text.substr(d->begin >= 18 ? d->begin - 18 : 0, d->begin >= 18 ? 18 : d->begin);
      const std::string after = text::RemoveSpaces(block_text.substr(d->end));
      if (Has(before, "日期") || Has(before, "填报") || Has(before, "至") || Has(before, "截至") ||
          text::Length(after) > 6) {
        continue;
      }
      r.signature_date = d->iso;
      r.signature_date_raw = text::CollapseWhitespace(block_text.substr(d->begin, d->end - d->begin));
      break;
    }
  }
}

// Publication date: from the page's metadata, else the signature date.
void ReadPublishedDate(const CleanPage& page, ReportRecord* record) {
  ReportRecord& r = *record;
  if (const auto it = page.metadata.find("published_date"); it != page.metadata.end() && !ParseReportDate(it->second).empty()) {
    r.published_date = ParseReportDate(it->second);
    r.published_date_source = "meta";
  } else if (const auto pt = page.meta_tags.find("PubDate"); pt != page.meta_tags.end() && !ParseReportDate(pt->second).empty()) {
    r.published_date = ParseReportDate(pt->second);
    r.published_date_source = "meta_tag";
  } else if (const auto ct = page.metadata.find("created_date"); ct != page.metadata.end() && !ParseReportDate(ct->second).empty()) {
    r.published_date = ParseReportDate(ct->second);
    r.published_date_source = "meta_created";
  } else if (const auto pd = page.metadata.find("page_date"); pd != page.metadata.end() && !ParseReportDate(pd->second).empty()) {
    // The page-info line the cleaner found near the top ("时间:2019-02-07").
    r.published_date = ParseReportDate(pd->second);
    r.published_date_source = "page";
  } else {
    if (r.published_date.empty() && !r.signature_date.empty()) {
      r.published_date = r.signature_date;
      r.published_date_source = "signature";
    }
  }
}

// Template and tables status, and the flags they raise.
void ChooseTemplate(const CleanPage& page, const TableParts& tables, bool has_table, ReportRecord* record) {
  ReportRecord& r = *record;
  const bool has_legacy = tables.count(TableKind::kLegacy) > 0;
  const bool has_active = tables.count(TableKind::kActive) > 0;
  const bool has_apply = tables.count(TableKind::kApply) > 0;
  const bool has_appeal = tables.count(TableKind::kAppeal) > 0;
  bool v2021_evidence = false, v2019_evidence = false, other_total_row = false;
  for (const auto& [field, cell] : r.cells) {
    if (field.ends_with(".issued") || field.ends_with(".in_force") || field.ends_with(".repealed") ||
        field.ends_with(".amount_wan") || field.starts_with("apply.other.no_correction") ||
        field.starts_with("apply.other.no_fee") || field.starts_with("apply.other.other")) {
      v2021_evidence = true;
    }
    if (field.ends_with(".new_made") || field.ends_with(".new_published") || field.ends_with(".total_published") ||
        field.ends_with(".prev_items") || field.ends_with(".delta")) {
      v2019_evidence = true;
    }
    // (六)其他处理 as one row is v2019's layout, but v2021 reports (洪泽区 2024)
    // often keep it: it tells the version only when 表二 does not.
    if (field.starts_with("apply.other.total.")) other_total_row = true;
  }
  if (other_total_row && !v2021_evidence) v2019_evidence = true;
  for (const auto& [label, cols] : r.active_extra) {
    for (const auto& [col, cell] : cols) {
      if (Has(col, "新制作") || Has(col, "新公开")) v2019_evidence = true;
    }
  }
  const int six_sections = static_cast<int>(r.section_headings.size());
  if (has_legacy) {
    r.template_version = "legacy2016";
    r.template_basis = "tables";
  } else if (v2021_evidence && !v2019_evidence) {
    r.template_version = "v2021";
    r.template_basis = "tables";
  } else if (v2019_evidence) {
    r.template_version = "v2019";
    r.template_basis = "tables";
    if (v2021_evidence) r.flags.push_back("mixed_template");
  } else if ((has_apply || has_appeal || six_sections >= 4) && r.report_year >= 2019) {
    r.template_version = r.report_year >= 2021 ? "v2021" : "v2019";
    r.template_basis = "headings_and_year";
  } else if (r.report_year > 0 && r.report_year <= 2018 && has_table) {
    r.template_version = "legacy_other";
    r.template_basis = "tables";
  } else {
    r.template_version = "narrative_only";
    r.template_basis = "none";
  }
  const bool any_mapped = has_legacy || has_active || has_apply || has_appeal;
  if (any_mapped) {
    const bool new_format = r.template_version == "v2019" || r.template_version == "v2021";
    r.tables_status = new_format && !(has_active && has_apply && has_appeal) ? "partial" : "html";
  } else if (!r.table_images.empty() || page.HasFlag("image_tables")) {
    r.tables_status = "image_only";
    r.flags.push_back("image_tables");
  } else if (!r.attachment_urls.empty()) {
    r.tables_status = "attachment";
  } else {
    r.tables_status = "missing";
    if (r.template_version != "narrative_only") r.flags.push_back("tables_missing");
  }
  if (r.template_version == "v2019" || r.template_version == "v2021") {
    if (has_apply && !has_appeal && r.section_headings.count("s4_appeals") == 0) r.flags.push_back("no_appeal_section");
  }
  for (const char* f : {"mirror_host", "spam_injected", "name_replaced"}) {
    if (page.HasFlag(f)) r.flags.push_back(f);
  }
  if (!r.unmapped_rows.empty()) r.flags.push_back("unmapped_rows");
  if (!r.ambiguous_rows.empty()) r.flags.push_back("ambiguous_rows");
  if (r.report_year == 0) r.flags.push_back("no_year");
}

// Derived cells, legacy mapping, narrative facts, checks; flags sorted.
void DeriveAndCheck(bool has_legacy, ReportRecord* record) {
  ReportRecord& r = *record;
  Derive(&r);
  if (has_legacy) report_internal::MapLegacyToCanonical(&r);
  ApplyUnits(&r);
  FindFacts(r.body_text, &r.narrative_facts);
  std::sort(r.narrative_facts.begin(), r.narrative_facts.end(),
            [](const NarrativeFact& a, const NarrativeFact& b) { return a.begin < b.begin || (a.begin == b.begin && a.key < b.key); });
  HardChecks(&r);
  SoftChecks(&r);
  for (const auto& c : r.hard_checks) {
    if (c.outcome == "fail") {
      r.flags.push_back("hard_identity_failed");
      break;
    }
  }
  std::sort(r.flags.begin(), r.flags.end());
  r.flags.erase(std::unique(r.flags.begin(), r.flags.end()), r.flags.end());
}

}  // namespace

Status ExtractReport(const CleanPage& page, ReportRecord* out) {
  ReportRecord r;
  const BodyLayout layout = LayOutBody(page, &r.body_text);
  if (text::CollapseWhitespace(r.body_text).empty() && !layout.has_table) {
    return Status::InvalidArgument("report page has no text: " + page.url);
  }
  const SectionStarts sections = ReadSections(layout.text_block_starts, &r);
  const TableParts tables = CollectTables(page, layout, sections, &r);
  NoteTableImageLines(&r);
  MapTables(page, tables, &r);
  ReadIdentity(page, &r);
  ReadSignatureDate(page, layout.prose_table, &r);
  ReadPublishedDate(page, &r);
  ChooseTemplate(page, tables, layout.has_table, &r);
  DeriveAndCheck(tables.count(TableKind::kLegacy) > 0, &r);
  *out = std::move(r);
  return Status::Ok();
}

void CheckAcrossYears(const ReportRecord& previous, ReportRecord* current) {
  if (previous.report_year + 1 != current->report_year) return;
  const std::string year = std::to_string(current->report_year), previous_year = std::to_string(previous.report_year);
  for (const char* col : kApplyColumns) {
    const std::string c = std::string(".") + col;
    current->soft_checks.push_back(SoftCompare("S1", col, current->Value("apply.carried_over" + c),
                                               previous.Value("apply.carry_forward" + c),
                                               "apply.carried_over" + c + " in " + year + " vs apply.carry_forward" +
                                                   c + " in " + previous_year));
  }
  for (const char* row : {"regulation", "normative"}) {
    const std::string p = std::string("active.") + row + ".";
    const auto prev = previous.Value(p + "in_force");
    const auto issued = current->Value(p + "issued");
    const auto repealed = current->Value(p + "repealed");
    std::optional<double> expected;
    std::string expected_text;
    if (prev && issued && repealed) {
      expected = *prev + *issued - *repealed;
      expected_text = NumberText(*prev) + " + " + NumberText(*issued) + " - " + NumberText(*repealed) + " (= " +
                      NumberText(*expected) + ")";
    }
    current->soft_checks.push_back(SoftCompare("S2", row, current->Value(p + "in_force"), expected,
                                               "in_force(N) vs in_force(N-1) + issued(N) - repealed(N)", "=", "",
                                               expected_text));
  }
}

}  // namespace govharvest
