// PDF layout: placed words -> headings, paragraphs and tables.
//
// Words on one baseline form a line; words closer than 0.6 em form one
// fragment (a cell's text or a paragraph line). A line is a table line when
// it holds two or more fragments, when all of it is set smaller than the body
// text, when a single fragment sits between two table lines (a wrapped
// label), when it holds only labels left of the values of a table line it
// overlaps or almost touches (the other lines of a ruled cell whose values sit
// on its middle line), or when two label-only lines overlap or almost touch
// with no horizontal overlap (cells of one row, set at different heights).
// Runs of table lines are tables, over page breaks too; a table is
// cut where a caption or header line follows data rows (the sub-tables of
// 表二). In a table, value fragments (numbers, —, /) give the columns (their
// x extents) and the rows (their lines); label fragments join the row they
// overlap vertically, or the label stacked right above or below them (a label
// fragment that runs into the first value column is split off its value
// there), but a
// line opening a numbered label (一、 （二） 1、 其中：) never continues the one
// above it; a label and a unit word with no value is a blank row of its own;
// other label lines without values become header rows whose cells stack
// vertically (商业 / 企业 -> 商业企业) and sit over the value column they cover.
// A paragraph's lines join until an indent, a gap, a font change, a heading,
// or a line ending 1.5 em short of the right margin (set by lines ending in a
// word, as punctuation may hang past it).
#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "extract/attachment_internal.h"
#include "extract/internal.h"
#include "extract/report.h"
#include "extract/text.h"

namespace govharvest::attachment_internal {

namespace {

// Global vertical coordinate: pages stacked one after another.
constexpr double kPageStride = 100000.0;

struct Fragment {
  std::string text;
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // y: global
  double font = 0;
  bool value = false;     // a number or a blank mark
  bool vertical = false;
  // Where each joined word starts: (x0, byte offset in `text`), in order. A
  // label set close to the value of its row ("…不再处理其" + "2") joins it
  // into one fragment; the table builder splits it again here.
  std::vector<std::pair<double, size_t>> pieces;
  double height() const { return y1 - y0; }
  double width() const { return x1 - x0; }
  double xc() const { return (x0 + x1) / 2; }
};

struct Line {
  std::vector<Fragment> fragments;  // left to right
  double y0 = 0, y1 = 0;
  double font = 0;  // largest font
  std::string text() const {
    std::string t;
    for (size_t i = 0; i < fragments.size(); ++i) t = JoinPieces(t, fragments[i].text, i > 0);
    return t;
  }
  bool HasValue() const {
    return std::any_of(fragments.begin(), fragments.end(), [](const Fragment& f) { return f.value; });
  }
};

double Overlap(double a0, double a1, double b0, double b1) { return std::min(a1, b1) - std::max(a0, b0); }

bool IsValueText(const std::string& t) {
  const ParsedNumber n = ParseReportNumber(t);
  if (n.kind == ParsedNumber::Kind::kNumber || n.kind == ParsedNumber::Kind::kPercent) return true;
  return n.kind == ParsedNumber::Kind::kBlank && !text::CollapseWhitespace(t).empty();
}

// A unit word of a table's 单位 column ("条", "万元").
bool IsUnitText(const std::string& t) {
  const std::string folded = FoldReportLabel(t);
  for (const char* u : {"条", "件", "篇", "次", "个", "人", "人次", "万元", "元", "项", "家", "场", "户"}) {
    if (folded == u) return true;
  }
  return false;
}

// True when `t` opens a numbered row label ("一、", "（二）", "1、", "2.") or a
// "其中：" row: such a line starts a cell of its own and never continues the
// wrapped label of the cell above.
bool StartsRowLabel(const std::string& t) {
  const std::u32string u = text::Decode(text::RemoveSpaces(t));
  auto is_cn = [](char32_t c) { return std::u32string_view(U"一二三四五六七八九十").find(c) != std::u32string_view::npos; };
  auto is_digit = [](char32_t c) { return (c >= U'0' && c <= U'9') || (c >= U'０' && c <= U'９'); };
  size_t i = 0;
  if (u.starts_with(U"其中")) return true;
  if (!u.empty() && (u[0] == U'(' || u[0] == U'（')) {
    i = 1;
    while (i < u.size() && is_cn(u[i])) ++i;
    return i > 1 && i < u.size() && (u[i] == U')' || u[i] == U'）');
  }
  while (i < u.size() && is_cn(u[i])) ++i;
  if (i == 0) {
    while (i < u.size() && is_digit(u[i])) ++i;
  }
  return i > 0 && i < 4 && i + 1 < u.size() && (u[i] == U'、' || u[i] == U'.' || u[i] == U'．');
}

// "-1-", "- 2 -", "第3页", "3": page numbers are dropped.
bool IsPageNumber(const std::string& t) {
  std::u32string u = text::Decode(text::RemoveSpaces(t));
  std::u32string core;
  for (char32_t c : u) {
    if (c == U'-' || c == U'—' || c == U'–' || c == U'－' || c == U'第' || c == U'页' || c == U'/' || c == U'共') continue;
    core.push_back(c);
  }
  if (core.empty() || core.size() > 4) return false;
  return std::all_of(core.begin(), core.end(), [](char32_t c) { return c >= U'0' && c <= U'9'; });
}

Fragment FragmentOf(const PlacedWord& w) {
  Fragment f;
  f.text = w.text;
  f.x0 = w.x0;
  f.x1 = w.x1;
  f.y0 = w.y0 + w.page * kPageStride;
  f.y1 = w.y1 + w.page * kPageStride;
  f.font = w.font_size > 0 ? w.font_size : (w.y1 - w.y0);
  f.vertical = w.vertical;
  return f;
}

// Vertical words stacked in one column become one fragment.
std::vector<Fragment> VerticalFragments(std::vector<PlacedWord> words) {
  std::sort(words.begin(), words.end(), [](const PlacedWord& a, const PlacedWord& b) {
    if (a.page != b.page) return a.page < b.page;
    if (std::abs(a.x0 - b.x0) > 2) return a.x0 < b.x0;
    return a.y0 < b.y0;
  });
  std::vector<Fragment> out;
  for (const PlacedWord& w : words) {
    Fragment f = FragmentOf(w);
    if (!out.empty()) {
      Fragment& last = out.back();
      if (std::abs(last.x0 - f.x0) <= 2 && f.y0 - last.y1 < f.font && f.y0 >= last.y0) {
        last.text = JoinPieces(last.text, f.text, false);
        last.y1 = std::max(last.y1, f.y1);
        last.x1 = std::max(last.x1, f.x1);
        continue;
      }
    }
    out.push_back(std::move(f));
  }
  return out;
}

std::vector<Line> BuildLines(std::vector<PlacedWord> words) {
  std::sort(words.begin(), words.end(), [](const PlacedWord& a, const PlacedWord& b) {
    if (a.page != b.page) return a.page < b.page;
    if (a.y0 != b.y0) return a.y0 < b.y0;
    return a.x0 < b.x0;
  });
  struct RawLine {
    std::vector<PlacedWord> words;
    double y0 = 0, y1 = 0;
    int page = 0;
  };
  std::vector<RawLine> raw;
  for (PlacedWord& w : words) {
    const double h = w.y1 - w.y0;
    RawLine* best = nullptr;
    double best_ratio = 0.5;
    for (size_t k = raw.size(), seen = 0; k > 0 && seen < 3; --k, ++seen) {
      RawLine& l = raw[k - 1];
      if (l.page != w.page) break;
      // Overlap with the line's own words (not with its union band).
      double ov = 0;
      for (const auto& o : l.words) ov = std::max(ov, Overlap(w.y0, w.y1, o.y0, o.y1) / std::max(1e-6, std::min(h, o.y1 - o.y0)));
      if (ov >= best_ratio) {
        best_ratio = ov;
        best = &l;
      }
    }
    if (best == nullptr) {
      raw.push_back({{}, w.y0, w.y1, w.page});
      best = &raw.back();
    }
    best->y0 = std::min(best->y0, w.y0);
    best->y1 = std::max(best->y1, w.y1);
    best->words.push_back(std::move(w));
  }
  std::vector<Line> lines;
  for (RawLine& r : raw) {
    std::sort(r.words.begin(), r.words.end(), [](const PlacedWord& a, const PlacedWord& b) { return a.x0 < b.x0; });
    Line line;
    bool space_after_previous = false;
    for (const PlacedWord& w : r.words) {
      Fragment f = FragmentOf(w);
      if (!line.fragments.empty()) {
        Fragment& last = line.fragments.back();
        const double em = std::max(last.font, f.font);
        if (f.x0 - last.x1 < 0.6 * em) {
          last.text = JoinPieces(last.text, f.text, space_after_previous);
          last.pieces.emplace_back(f.x0, last.text.size() - f.text.size());
          last.x1 = std::max(last.x1, f.x1);
          last.y0 = std::min(last.y0, f.y0);
          last.y1 = std::max(last.y1, f.y1);
          last.font = std::max(last.font, f.font);
          space_after_previous = w.space_after;
          continue;
        }
      }
      space_after_previous = w.space_after;
      f.pieces.emplace_back(f.x0, 0);
      line.fragments.push_back(std::move(f));
    }
    line.y0 = r.y0 + r.page * kPageStride;
    line.y1 = r.y1 + r.page * kPageStride;
    for (Fragment& f : line.fragments) {
      f.value = IsValueText(f.text);
      line.font = std::max(line.font, f.font);
    }
    if (line.fragments.size() == 1 && IsPageNumber(line.fragments[0].text)) continue;
    lines.push_back(std::move(line));
  }
  std::stable_sort(lines.begin(), lines.end(), [](const Line& a, const Line& b) { return a.y0 < b.y0; });
  return lines;
}

// A table row left blank in a table with a 单位 column: no value, a label
// left of `values_left`, and a unit word last ("1、政府公报公开政府信息数 | 条").
// The unit may sit in a value column (a stray value in the 单位 column of
// seed 001's 统计表 makes one there).
bool IsBlankUnitRow(const Line& l, double values_left) {
  if (l.HasValue() || l.fragments.size() < 2 || !IsUnitText(l.fragments.back().text)) return false;
  return std::all_of(l.fragments.begin(), l.fragments.end() - 1,
                     [&](const Fragment& f) { return f.x1 <= values_left + 1.0; });
}

// The body font: the size most characters are set in.
double BodyFont(const std::vector<Line>& lines) {
  std::map<int, size_t> chars;  // half points -> characters
  for (const Line& l : lines) {
    for (const Fragment& f : l.fragments) chars[static_cast<int>(std::lround(f.font * 2))] += text::Length(f.text);
  }
  int best = 0;
  size_t most = 0;
  for (const auto& [size, n] : chars) {
    if (n > most) {
      most = n;
      best = size;
    }
  }
  return best / 2.0;
}

// A cell under construction: fragments stacked in one column.
struct Stack {
  std::vector<Fragment> parts;  // top to bottom
  double x0 = 0, x1 = 0, y0 = 0, y1 = 0, font = 0;
  void Add(const Fragment& f) {
    if (parts.empty()) {
      x0 = f.x0, x1 = f.x1, y0 = f.y0, y1 = f.y1, font = f.font;
    } else {
      x0 = std::min(x0, f.x0), x1 = std::max(x1, f.x1), y0 = std::min(y0, f.y0), y1 = std::max(y1, f.y1);
      font = std::max(font, f.font);
    }
    parts.push_back(f);
  }
  std::string Text() const {
    std::vector<Fragment> sorted = parts;
    std::stable_sort(sorted.begin(), sorted.end(), [](const Fragment& a, const Fragment& b) {
      if (std::abs(a.y0 - b.y0) > 0.5 * std::min(a.height(), b.height())) return a.y0 < b.y0;
      return a.x0 < b.x0;
    });
    std::string t;
    for (size_t i = 0; i < sorted.size(); ++i) t = JoinPieces(t, sorted[i].text, i > 0);
    return text::CollapseWhitespace(t);
  }
};

// The vertical gap between `f` and a stack it could continue (same column:
// overlapping by half the narrower width), or a negative number when it
// cannot. Lines of one cell are closer than 0.8 em, or 1.6 em when they start
// at the same x (a left-aligned cell whose lines another row's text separates).
// The lower of the two never opens a numbered row label: in a ruled table
// (seed 001's 统计表) the rows are as close as the lines of one cell, and
// "(二)…" / "二、…" under a label is the next row, not its continuation.
double StackGap(const Stack& s, const Fragment& f) {
  if (f.vertical || (!s.parts.empty() && s.parts.front().vertical)) return -1;
  const double ov = Overlap(s.x0, s.x1, f.x0, f.x1);
  if (ov < 0.5 * std::min(s.x1 - s.x0, f.width())) return -1;
  if (!s.parts.empty()) {
    const bool f_below = f.y0 >= s.y0;
    const Fragment& top_of_stack = *std::min_element(
        s.parts.begin(), s.parts.end(), [](const Fragment& a, const Fragment& b) { return a.y0 < b.y0; });
    if (StartsRowLabel(f_below ? f.text : top_of_stack.text)) return -1;
  }
  const double gap = std::max(0.0, std::max(f.y0 - s.y1, s.y0 - f.y1));
  const double em = std::min(s.font, f.font);
  const bool same_start = std::abs(s.x0 - f.x0) <= 1.0;
  return gap < (same_start ? 1.6 : 0.8) * em ? gap : -1;
}

bool Stacks(const Stack& s, const Fragment& f) { return StackGap(s, f) >= 0; }

// Fragments into stacks (vertically adjacent, horizontally overlapping).
std::vector<Stack> StackFragments(std::vector<Fragment> frags) {
  std::sort(frags.begin(), frags.end(), [](const Fragment& a, const Fragment& b) { return a.y0 < b.y0; });
  std::vector<Stack> stacks;
  for (const Fragment& f : frags) {
    Stack* target = nullptr;
    for (Stack& s : stacks) {
      if (Stacks(s, f)) {
        target = &s;
        break;
      }
    }
    if (target == nullptr) {
      stacks.emplace_back();
      target = &stacks.back();
    }
    target->Add(f);
  }
  return stacks;
}

struct Column {
  double x0 = 0, x1 = 0;
  double center() const { return (x0 + x1) / 2; }
};

// Splits a label fragment that runs into the value columns where its last
// word starting right of `values_left` begins, when that word is a value
// ("…行政机关不再处理其2" -> "…行政机关不再处理其" | "2"): the row's value
// is not lost into its label, and the row keeps all its values.
void SplitValueOffLabels(std::vector<Line>* lines, double values_left) {
  for (Line& l : *lines) {
    for (size_t i = 0; i < l.fragments.size(); ++i) {
      Fragment& f = l.fragments[i];
      if (f.value || f.vertical || f.x0 >= values_left - 1.0 || f.x1 <= values_left + 1.0) continue;
      for (size_t p = 1; p < f.pieces.size(); ++p) {
        if (f.pieces[p].first < values_left - 1.0) continue;
        const size_t at = f.pieces[p].second;
        const std::string right = f.text.substr(at);
        if (at == 0 || at >= f.text.size() || !IsValueText(right)) break;
        Fragment v = f;
        v.text = text::CollapseWhitespace(right);
        v.x0 = f.pieces[p].first;
        v.value = true;
        v.pieces = {{v.x0, 0}};
        f.text = text::CollapseWhitespace(f.text.substr(0, at));
        f.x1 = std::max(f.x0, v.x0 - 1.0);
        f.pieces.resize(p);
        l.fragments.insert(l.fragments.begin() + static_cast<std::ptrdiff_t>(i) + 1, std::move(v));
        break;
      }
    }
  }
}

// Value columns from the value fragments' x extents, left to right.
std::vector<Column> ValueColumns(const std::vector<Line>& lines) {
  std::vector<Fragment> values;
  for (const Line& l : lines) {
    for (const Fragment& f : l.fragments) {
      if (f.value) values.push_back(f);
    }
  }
  std::sort(values.begin(), values.end(), [](const Fragment& a, const Fragment& b) { return a.x0 < b.x0; });
  std::vector<Column> columns;
  for (const Fragment& f : values) {
    if (!columns.empty() && f.x0 <= columns.back().x1 + 1.0) {
      columns.back().x1 = std::max(columns.back().x1, f.x1);
    } else {
      columns.push_back({f.x0, f.x1});
    }
  }
  return columns;
}

// The value column of a cell from x0 to x1: the column it overlaps most, else
// the nearest; -1 when there are no columns.
int ColumnOf(const std::vector<Column>& columns, double x0, double x1) {
  int best = -1;
  double best_ov = 0;
  for (size_t c = 0; c < columns.size(); ++c) {
    const double ov = Overlap(x0, x1, columns[c].x0, columns[c].x1);
    if (ov > best_ov) best_ov = ov, best = static_cast<int>(c);
  }
  if (best >= 0) return best;
  double best_d = 1e18;
  const double xc = (x0 + x1) / 2;
  for (size_t c = 0; c < columns.size(); ++c) {
    const double d = std::abs(columns[c].center() - xc);
    if (d < best_d) best_d = d, best = static_cast<int>(c);
  }
  return best;
}

// A row with values (a "band") and the label fragments that belong to it.
struct Band {
  double y0 = 0, y1 = 0;
  std::vector<Fragment> values;
  std::vector<Fragment> labels;
};

// The bands of a table's lines; the labels of lines without values, and the
// vertical fragments, are appended to `loose`.
std::vector<Band> FindBands(const std::vector<Line>& lines, const std::vector<Column>& columns, double values_left,
                            const std::vector<Fragment>& verticals, std::vector<Fragment>* loose_labels) {
  std::vector<Band> bands;
  std::vector<Fragment>& loose = *loose_labels;
  for (const Line& l : lines) {
    // A row left blank in a table with a 单位 column is a row of its own,
    // with no values: its unit would otherwise stack onto the unit above.
    if (!columns.empty() && IsBlankUnitRow(l, values_left)) {
      Band b;
      b.y0 = l.y0, b.y1 = l.y1;
      b.labels = l.fragments;
      bands.push_back(std::move(b));
      continue;
    }
    if (!l.HasValue()) {
      for (const Fragment& f : l.fragments) loose.push_back(f);
      continue;
    }
    Band b;
    b.y0 = 1e18, b.y1 = -1e18;
    for (const Fragment& f : l.fragments) {
      if (f.value && f.x1 > values_left - 0.5) {
        b.values.push_back(f);
        b.y0 = std::min(b.y0, f.y0), b.y1 = std::max(b.y1, f.y1);
      } else {
        b.labels.push_back(f);
      }
    }
    if (b.values.empty()) {
      for (const Fragment& f : b.labels) loose.push_back(f);
      continue;
    }
    bands.push_back(std::move(b));
  }
  for (const Fragment& v : verticals) loose.push_back(v);
  return bands;
}

// Loose labels join the band they overlap most, or a band label they stack on;
// the ones that join none stay in `loose`.
void JoinLooseLabels(std::vector<Band>* band_list, std::vector<Fragment>* loose_labels) {
  std::vector<Band>& bands = *band_list;
  std::vector<Fragment>& loose = *loose_labels;
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t i = 0; i < loose.size(); ++i) {
      const Fragment& f = loose[i];
      int target = -1;
      double best = 0;
      for (size_t b = 0; b < bands.size(); ++b) {
        const double ov = Overlap(f.y0, f.y1, bands[b].y0, bands[b].y1);
        if (ov > best) best = ov, target = static_cast<int>(b);
      }
      if (target < 0 && !f.vertical) {
        // The nearest band label this fragment continues (a wrapped label).
        double nearest = 1e18;
        for (size_t b = 0; b < bands.size(); ++b) {
          for (const Fragment& l : bands[b].labels) {
            Stack s;
            s.Add(l);
            const double gap = StackGap(s, f);
            if (gap >= 0 && gap < nearest) nearest = gap, target = static_cast<int>(b);
          }
        }
      }
      if (target >= 0) {
        bands[target].labels.push_back(f);
        loose.erase(loose.begin() + static_cast<std::ptrdiff_t>(i));
        changed = true;
        break;
      }
    }
  }
}

// A row of the table being built.
struct OutRow {
  double y = 0;
  std::vector<Stack> labels;              // label-area cells, left to right
  std::vector<std::pair<int, Stack>> at;  // (value column, cell)
  bool header = false;
};

// The rows of the bands: the labels of a band one cell per horizontal
// position, its values in their columns.
std::vector<OutRow> BandRows(const std::vector<Band>& bands, const std::vector<Column>& columns, double values_left) {
  std::vector<OutRow> rows;
  for (const Band& b : bands) {
    OutRow r;
    r.y = b.y0;
    std::vector<Stack> label_stacks;
    // Labels of one band: one cell per horizontal position.
    std::vector<Fragment> labels = b.labels;
    std::sort(labels.begin(), labels.end(), [](const Fragment& x, const Fragment& y) { return x.x0 < y.x0; });
    for (const Fragment& f : labels) {
      Stack* target = nullptr;
      for (Stack& s : label_stacks) {
        if (!f.vertical && !s.parts.front().vertical &&
            Overlap(s.x0, s.x1, f.x0, f.x1) >= 0.5 * std::min(s.x1 - s.x0, f.width())) {
          target = &s;
        }
      }
      if (target == nullptr) {
        label_stacks.emplace_back();
        target = &label_stacks.back();
      }
      target->Add(f);
    }
    for (Stack& s : label_stacks) {
      if (s.x1 <= values_left + 1.0 || columns.empty()) {
        r.labels.push_back(std::move(s));
      } else {
        r.at.emplace_back(ColumnOf(columns, s.x0, s.x1), std::move(s));
      }
    }
    for (const Fragment& v : b.values) {
      Stack s;
      s.Add(v);
      r.at.emplace_back(ColumnOf(columns, v.x0, v.x1), std::move(s));
    }
    rows.push_back(std::move(r));
  }
  return rows;
}

// Header rows made of the loose labels, stacked; a header row never reaches
// over a band.
std::vector<OutRow> HeaderRows(const std::vector<Fragment>& loose, const std::vector<Band>& bands,
                               const std::vector<Column>& columns, double values_left) {
  std::vector<Stack> stacks = StackFragments(loose);
  std::sort(stacks.begin(), stacks.end(), [](const Stack& a, const Stack& b) { return a.y0 < b.y0; });
  std::vector<OutRow> header_rows;
  for (Stack& s : stacks) {
    OutRow* target = nullptr;
    for (OutRow& h : header_rows) {
      const bool near_top = std::abs(h.y - s.y0) < 0.8 * s.font;
      if (near_top) target = &h;
    }
    // Rows are not shared across a band: a header row must not skip over values.
    if (target != nullptr) {
      for (const Band& b : bands) {
        if ((b.y0 > target->y && b.y0 < s.y0) || (b.y0 < target->y && b.y0 > s.y0)) target = nullptr;
        if (target == nullptr) break;
      }
    }
    if (target == nullptr) {
      header_rows.emplace_back();
      target = &header_rows.back();
      target->y = s.y0;
      target->header = true;
    }
    if (s.x1 <= values_left + 1.0 || columns.empty()) {
      target->labels.push_back(std::move(s));
    } else {
      target->at.emplace_back(ColumnOf(columns, s.x0, s.x1), std::move(s));
    }
  }
  return header_rows;
}

// Rows in vertical order -> the table's grid of cells.
CleanTable GridOfRows(std::vector<OutRow> rows, const std::vector<Column>& columns) {
  size_t label_slots = 0;
  for (OutRow& r : rows) {
    std::sort(r.labels.begin(), r.labels.end(), [](const Stack& a, const Stack& b) { return a.x0 < b.x0; });
    label_slots = std::max(label_slots, r.labels.size());
  }
  const size_t width = std::max<size_t>(1, label_slots + columns.size());
  CleanTable table;
  for (size_t ri = 0; ri < rows.size(); ++ri) {
    OutRow& r = rows[ri];
    std::vector<CleanTable::Cell> cells(width);
    const int row_index = static_cast<int>(ri);
    for (size_t k = 0; k < r.labels.size(); ++k) {
      cells[k].text = r.labels[k].Text();
      cells[k].header = r.header;
      cells[k].origin_row = row_index;
      cells[k].origin_col = static_cast<int>(k);
    }
    // The last label covers the empty label slots up to the values, so that no
    // empty cell stands between a row's label and its first value.
    if (!r.labels.empty()) {
      for (size_t k = r.labels.size(); k < label_slots; ++k) {
        cells[k].covered = true;
        cells[k].origin_row = row_index;
        cells[k].origin_col = static_cast<int>(r.labels.size() - 1);
      }
    }
    std::vector<bool> filled(columns.size(), false);
    std::sort(r.at.begin(), r.at.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first < b.first : a.second.x0 < b.second.x0;
    });
    for (auto& [col, stack] : r.at) {
      if (col < 0) continue;
      CleanTable::Cell& cell = cells[label_slots + static_cast<size_t>(col)];
      cell.text = cell.text.empty() ? stack.Text() : cell.text + " " + stack.Text();
      cell.header = r.header;
      cell.origin_row = row_index;
      cell.origin_col = static_cast<int>(label_slots) + col;
      filled[static_cast<size_t>(col)] = true;
    }
    // A header cell spanning several value columns covers the free ones.
    if (r.header) {
      for (auto& [col, stack] : r.at) {
        for (size_t c = static_cast<size_t>(col) + 1; c < columns.size(); ++c) {
          if (filled[c] || columns[c].center() > stack.x1) break;
          CleanTable::Cell& cell = cells[label_slots + c];
          cell.covered = true;
          cell.origin_row = row_index;
          cell.origin_col = static_cast<int>(label_slots) + col;
          filled[c] = true;
        }
      }
    }
    for (size_t c = 0; c < width; ++c) {
      if (!cells[c].covered && cells[c].text.empty()) {
        cells[c].origin_row = row_index;
        cells[c].origin_col = static_cast<int>(c);
      }
    }
    table.rows.push_back(std::move(cells));
  }
  return table;
}

// Table lines of one table -> a CleanTable.
CleanTable BuildTable(std::vector<Line> lines, const std::vector<Fragment>& verticals) {
  const std::vector<Column> columns = ValueColumns(lines);
  const double values_left = columns.empty() ? 1e18 : columns.front().x0;
  SplitValueOffLabels(&lines, values_left);
  std::vector<Fragment> loose;  // labels of lines without values
  std::vector<Band> bands = FindBands(lines, columns, values_left, verticals, &loose);
  JoinLooseLabels(&bands, &loose);
  // Rows in vertical order: bands and header rows made of loose labels.
  std::vector<OutRow> rows = BandRows(bands, columns, values_left);
  for (OutRow& h : HeaderRows(loose, bands, columns, values_left)) rows.push_back(std::move(h));
  std::stable_sort(rows.begin(), rows.end(), [](const OutRow& a, const OutRow& b) { return a.y < b.y; });
  return GridOfRows(std::move(rows), columns);
}

}  // namespace

std::string JoinPieces(std::string_view left, std::string_view right, bool space_between) {
  if (left.empty()) return std::string(right);
  if (right.empty()) return std::string(left);
  const std::u32string l = text::Decode(left.substr(left.size() >= 4 ? left.size() - 4 : 0));
  const std::u32string r = text::Decode(right.substr(0, std::min<size_t>(4, right.size())));
  const char32_t a = l.empty() ? 0 : l.back();
  const char32_t b = r.empty() ? 0 : r.front();
  const bool latin_pair = a < 0x80 && b < 0x80 && text::IsAsciiAlnum(a) && text::IsAsciiAlnum(b);
  std::string out(left);
  if (latin_pair && space_between) out += ' ';
  out += right;
  return out;
}

namespace {

// Which lines belong to tables: lines of two or more fragments or in a small
// font, and a single fragment between two table lines (a wrapped label, a
// caption of the same size as the body) unless it is a section heading.
std::vector<bool> FindTableLines(const std::vector<Line>& lines, double body) {
  std::vector<bool> table(lines.size(), false);
  for (size_t i = 0; i < lines.size(); ++i) {
    const Line& l = lines[i];
    const bool small = std::all_of(l.fragments.begin(), l.fragments.end(),
                                   [&](const Fragment& f) { return f.font < body - 0.9; });
    table[i] = l.fragments.size() >= 2 || small;
  }
  for (size_t i = 1; i + 1 < lines.size(); ++i) {
    if (table[i] || !table[i - 1] || !table[i + 1]) continue;
    const Line& l = lines[i];
    const double h = std::max(1.0, l.y1 - l.y0);
    if (l.y0 - lines[i - 1].y1 > 2 * h || lines[i + 1].y0 - l.y1 > 2 * h) continue;
    if (clean_internal::LooksLikeSectionHeading(l.text())) continue;
    table[i] = true;
  }
  return table;
}

// The lines of a ruled cell whose label wraps over several lines: the
// values sit on the middle line, so the label's other lines overlap or
// almost touch a table line (closer than the lines of a paragraph) while the
// row's cell padding may keep them more than 2 lines away from the row
// above. A label-only line that lies left of the values of the table line
// next to it (or of a label line already taken in this way), within 0.6 of
// its height, is a table line. The values' left edge is carried along, so a
// prose line reaching into the value columns is never taken.
void TakeWrappedLabelLines(const std::vector<Line>& lines, std::vector<bool>* table_lines) {
  std::vector<bool>& table = *table_lines;
  std::vector<double> values_x0(lines.size(), 1e18);
  for (size_t i = 0; i < lines.size(); ++i) {
    for (const Fragment& f : lines[i].fragments) {
      if (f.value) values_x0[i] = std::min(values_x0[i], f.x0);
    }
  }
  // Two label-only lines side by side in one ruled row (a header cell
  // wrapped over two lines and the one-line cell next to it, centred
  // between them: "本年收费金额（单位：万" / "信息内容" / "元）"): they
  // overlap or almost touch vertically and share no horizontal extent, which
  // the lines of a paragraph never do.
  auto label_only = [&](size_t i) {
    return !lines[i].HasValue() && !clean_internal::LooksLikeSectionHeading(lines[i].text());
  };
  for (size_t i = 0; i + 1 < lines.size(); ++i) {
    const Line& a = lines[i];
    const Line& b = lines[i + 1];
    if (!label_only(i) || !label_only(i + 1)) continue;
    const double h = std::max(1.0, std::min(a.y1 - a.y0, b.y1 - b.y0));
    if (std::max(b.y0 - a.y1, a.y0 - b.y1) >= 0.6 * h) continue;
    bool disjoint = true;
    for (const Fragment& fa : a.fragments) {
      for (const Fragment& fb : b.fragments) disjoint = disjoint && Overlap(fa.x0, fa.x1, fb.x0, fb.x1) <= 0;
    }
    if (disjoint) table[i] = table[i + 1] = true;
  }
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t i = 0; i < lines.size(); ++i) {
      const Line& l = lines[i];
      // (A label line already taken as part of a header row is looked at
      // again until it knows the values' left edge.)
      if (l.HasValue() || values_x0[i] < 1e17) continue;
      // A label that reads like a section heading ("一、本年新收政府信")
      // is taken only when it overlaps the value line: a heading above a
      // table never does.
      const bool heading = clean_internal::LooksLikeSectionHeading(l.text());
      const double h = std::max(1.0, l.y1 - l.y0);
      double right_end = 0;
      for (const Fragment& f : l.fragments) right_end = std::max(right_end, f.x1);
      for (size_t n : {i - 1, i + 1}) {
        if (n >= lines.size() || !table[n] || values_x0[n] >= 1e17) continue;
        const double gap = std::max(lines[n].y0 - l.y1, l.y0 - lines[n].y1);
        // Or the line continues a label of that line in its column (a cell
        // of four lines: the first one is further from the values), in the
        // same font.
        bool continues_label = false;
        if (l.fragments.size() == 1 && std::abs(l.font - lines[n].font) < 0.5) {
          for (const Fragment& f : lines[n].fragments) {
            if (f.value || f.x1 > values_x0[n] + 1.0) continue;
            Stack s;
            s.Add(f);
            continues_label = continues_label || Stacks(s, l.fragments.front());
          }
        }
        if ((gap >= 0.6 * std::min(h, lines[n].y1 - lines[n].y0) && !continues_label) ||
            right_end > values_x0[n] + 1.0) {
          continue;
        }
        if (heading && (gap >= 0 || !lines[n].HasValue())) continue;
        table[i] = true;
        values_x0[i] = values_x0[n];
        changed = true;
        break;
      }
    }
  }
}

// A run of table lines, lines [begin, end).
struct Run {
  size_t begin = 0, end = 0;
};

// Runs of table lines with at least one value and two lines are tables; the
// lines of shorter runs are table lines no more.
std::vector<Run> TableRuns(const std::vector<Line>& lines, std::vector<bool>* table_lines) {
  std::vector<bool>& table = *table_lines;
  std::vector<Run> runs;
  for (size_t i = 0; i < lines.size();) {
    if (!table[i]) {
      ++i;
      continue;
    }
    size_t j = i;
    bool has_value = false;
    for (; j < lines.size() && table[j]; ++j) {
      if (lines[j].HasValue()) has_value = true;
    }
    if (has_value && j - i >= 2) {
      runs.push_back({i, j});
    } else {
      for (size_t k = i; k < j; ++k) table[k] = false;
    }
    i = j;
  }
  return runs;
}

// The title: the largest lines at the top of the first page, as a level-1
// heading. Returns the first line after it.
size_t TakeTitle(const std::vector<Line>& lines, const std::vector<bool>& table, double body,
                 DocumentContent* content) {
  DocumentContent& out = *content;
  size_t first_body_line = 0;
  {
    const double top_font = lines[0].font;
    if (top_font >= body + 2.5 && !table[0]) {
      while (first_body_line < lines.size() && !table[first_body_line] &&
             std::abs(lines[first_body_line].font - top_font) < 1.0 && first_body_line < 4) {
        out.title = JoinPieces(out.title, lines[first_body_line].text(), true);
        ++first_body_line;
      }
    }
  }
  if (!out.title.empty()) {
    ContentBlock h;
    h.kind = ContentBlock::Kind::kHeading;
    h.level = 1;
    h.text = out.title;
    out.blocks.push_back(std::move(h));
  }
  return first_body_line;
}

// The left and right margins of the text lines.
struct Margins {
  double left = 0, right = 0;
};

// Text margins for paragraph breaks. The right margin is taken from lines
// that end in a word: punctuation hangs past it ("…改进情况、"), and a
// margin set by it would make every full line look short, ending a
// paragraph in mid-sentence ("主动公开政府信" / "息15445条", seed 002).
Margins TextMargins(const std::vector<Line>& lines, const std::vector<bool>& table) {
  double left = 1e18, right = 0, right_any = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (table[i]) continue;
    left = std::min(left, lines[i].fragments.front().x0);
    const Fragment& last = lines[i].fragments.back();
    right_any = std::max(right_any, last.x1);
    const std::u32string tail = text::Decode(last.text);
    if (!tail.empty() && text::IsWordChar(tail.back())) right = std::max(right, last.x1);
  }
  if (right == 0) right = right_any;
  return {left, right};
}

// The tables of a run: cut where a label line reaching over the values
// follows data rows (a caption or header of the next sub-table).
void AddRunTables(const std::vector<Line>& lines, const Run& table_run, const std::vector<Fragment>& verticals,
                  DocumentContent* content) {
  DocumentContent& out = *content;
  double values_left = 1e18;
  for (size_t k = table_run.begin; k < table_run.end; ++k) {
    for (const Fragment& f : lines[k].fragments) {
      if (f.value) values_left = std::min(values_left, f.x0);
    }
  }
  std::vector<std::vector<Line>> parts(1);
  bool seen_values = false;
  for (size_t k = table_run.begin; k < table_run.end; ++k) {
    const Line& l = lines[k];
    const bool has_value = l.HasValue();
    const bool reaches_values = std::any_of(l.fragments.begin(), l.fragments.end(),
                                            [&](const Fragment& f) { return f.xc() >= values_left; });
    // ... unless it continues a cell of the line above (a wrapped label).
    bool continues_above = false;
    if (k > table_run.begin) {
      for (const Fragment& above : lines[k - 1].fragments) {
        Stack s;
        s.Add(above);
        for (const Fragment& f : l.fragments) continues_above = continues_above || (!above.value && Stacks(s, f));
      }
    }
    // A caption or header is a row of several cells, or is followed by
    // another line without values; the first line of a wrapped label is
    // followed by its values.
    // A blank row of a table with a 单位 column is neither.
    const bool header_like = (l.fragments.size() >= 2 || (k + 1 < table_run.end && !lines[k + 1].HasValue())) &&
                             !IsBlankUnitRow(l, values_left);
    if (!has_value && reaches_values && seen_values && !continues_above && header_like) {
      parts.emplace_back();
      seen_values = false;
    }
    seen_values = seen_values || has_value;
    parts.back().push_back(l);
  }
  const double run_y0 = lines[table_run.begin].y0, run_y1 = lines[table_run.end - 1].y1;
  for (const auto& part : parts) {
    if (part.empty()) continue;
    const double p0 = part.front().y0, p1 = part.back().y1;
    std::vector<Fragment> part_verticals;
    for (const Fragment& v : verticals) {
      const double c = (v.y0 + v.y1) / 2;
      if (c >= std::max(p0, run_y0) - 1 && c <= std::min(p1, run_y1) + 1) part_verticals.push_back(v);
    }
    ContentBlock b;
    b.kind = ContentBlock::Kind::kTable;
    b.table = BuildTable(part, part_verticals);
    if (b.table.row_count() > 0) out.blocks.push_back(std::move(b));
  }
}

}  // namespace

DocumentContent LayOutWords(const std::vector<PlacedWord>& words) {
  DocumentContent out;
  std::vector<PlacedWord> horizontal, vertical;
  for (const PlacedWord& w : words) {
    if (text::CollapseWhitespace(w.text).empty()) continue;
    (w.vertical ? vertical : horizontal).push_back(w);
  }
  out.has_text = !horizontal.empty() || !vertical.empty();
  const std::vector<Fragment> verticals = VerticalFragments(vertical);
  const std::vector<Line> lines = BuildLines(horizontal);
  if (lines.empty()) return out;
  const double body = BodyFont(lines);

  std::vector<bool> table = FindTableLines(lines, body);
  TakeWrappedLabelLines(lines, &table);
  const std::vector<Run> runs = TableRuns(lines, &table);
  const size_t first_body_line = TakeTitle(lines, table, body, &out);
  const auto [left, right] = TextMargins(lines, table);

  std::string paragraph;
  const Line* previous = nullptr;
  auto flush = [&] {
    const std::string t = text::CollapseWhitespace(paragraph);
    paragraph.clear();
    if (t.empty()) return;
    ContentBlock b;
    b.kind = ContentBlock::Kind::kParagraph;
    b.text = t;
    if (clean_internal::LooksLikeSectionHeading(t)) {
      b.kind = ContentBlock::Kind::kHeading;
      b.level = 2;
    }
    out.blocks.push_back(std::move(b));
  };
  size_t run = 0;
  for (size_t i = first_body_line; i < lines.size();) {
    if (run < runs.size() && runs[run].begin == i) {
      flush();
      previous = nullptr;
      AddRunTables(lines, runs[run], verticals, &out);
      i = runs[run].end;
      ++run;
      continue;
    }
    const Line& l = lines[i];
    const std::string t = l.text();
    bool starts_new = previous == nullptr;
    if (previous != nullptr) {
      const double em = std::max(1.0, l.font);
      const double gap = l.y0 - previous->y1;
      const bool page_break = std::floor(l.y0 / kPageStride) != std::floor(previous->y0 / kPageStride);
      starts_new = (!page_break && gap > 1.2 * em) || l.fragments.front().x0 > left + 0.8 * em ||
                   previous->fragments.back().x1 < right - 1.5 * em || std::abs(l.font - previous->font) > 1.0 ||
                   clean_internal::LooksLikeSectionHeading(t) ||
                   clean_internal::LooksLikeSectionHeading(paragraph);
    }
    if (starts_new) flush();
    paragraph = JoinPieces(paragraph, t, true);
    previous = &l;
    ++i;
  }
  flush();
  return out;
}

}  // namespace govharvest::attachment_internal
