// Plain-text pages (dumps like the seeds) and the metadata label synonyms.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "extract/internal.h"
#include "extract/text.h"

namespace govharvest::clean_internal {
namespace {

struct LabelSynonym {
  const char* label;  // without spaces or colon
  const char* id;
};
// report-format.md §4 "Metadata block", plus the labels of the CMS layouts.
constexpr LabelSynonym kLabels[] = {
    {"索引号", "index_no"},       {"发布机构", "publisher"},       {"发文机关", "publisher"},
    {"发文机构", "publisher"},    {"发布单位", "publisher"},       {"生成日期", "created_date"},
    {"成文日期", "created_date"}, {"发文日期", "created_date"},    {"公开日期", "published_date"},
    {"发布日期", "published_date"}, {"发布时间", "published_date"}, {"文号", "doc_no"},
    {"发布文号", "doc_no"},       {"发文字号", "doc_no"},          {"主题分类", "topic"},
    {"分类", "topic"},            {"组配分类", "topic"},           {"主题导航", "topic"},
    {"信息分类", "topic"},        {"公开方式", "disclosure_mode"}, {"公开形式", "disclosure_mode"},
    {"公开范围", "scope"},        {"有效性", "validity"},          {"时效性", "validity"},
    {"名称", "name"},             {"信息名称", "name"},            {"主题词", "keywords"},
    {"关键词", "keywords"},       {"关键字", "keywords"},          {"信息来源", "source"},
    {"内容概述", "summary"},      {"体裁分类", "genre"},           {"公开时限", "disclosure_time"},
};

bool IsColon(char32_t cp) { return cp == U':' || cp == U'：'; }

// Labels that end a metadata value but are not metadata themselves.
bool IsStopLabel(std::string_view label) {
  const std::string key = text::RemoveSpaces(label);
  for (const char* stop : {"浏览次数", "浏览", "点击数", "点击", "访问次数", "访问量", "阅读次数", "来源", "作者", "字体",
                           "字号", "时间", "责任编辑", "编辑", "分享到"}) {
    if (key == stop) return true;
  }
  return false;
}

// Counts '|' in a line.
int PipeCount(std::string_view line) { return static_cast<int>(std::count(line.begin(), line.end(), '|')); }

// A Markdown table delimiter row: "|---|:---:|" (only bars, dashes, colons
// and spaces, with at least one dash).
bool IsDelimiterRow(std::string_view line) {
  if (line.find('-') == std::string_view::npos) return false;
  return std::all_of(line.begin(), line.end(), [](char c) { return c == '|' || c == '-' || c == ':' || c == ' '; });
}

std::vector<std::string> SplitCells(std::string_view line) {
  std::vector<std::string> cells;
  // A Markdown row "| a | b |" opens with a bar that starts no cell.
  if (line.starts_with('|')) line.remove_prefix(1);
  size_t start = 0;
  for (size_t i = 0; i <= line.size(); ++i) {
    if (i == line.size() || line[i] == '|') {
      cells.push_back(text::CollapseWhitespace(line.substr(start, i - start)));
      start = i + 1;
    }
  }
  // "a | b |" ends with an empty cell that is only the closing bar.
  if (!cells.empty() && cells.back().empty() && !line.empty() && text::CollapseWhitespace(line).ends_with("|")) {
    cells.pop_back();
  }
  return cells;
}

int NonEmpty(const std::vector<std::string>& cells) {
  return static_cast<int>(std::count_if(cells.begin(), cells.end(), [](const std::string& c) { return !c.empty(); }));
}

// One row per line; a line with no cells (a line of bars alone, see
// BuildFromPlainText) becomes a row whose first slot is `lost_blanks`.
// Slots past the end of a shorter line are `missing`.
CleanTable TableFromLines(const std::vector<std::vector<std::string>>& lines) {
  CleanTable table;
  size_t cols = 1;
  for (const auto& l : lines) cols = std::max(cols, l.size());
  for (size_t r = 0; r < lines.size(); ++r) {
    std::vector<CleanTable::Cell> row(cols);
    for (size_t c = 0; c < cols; ++c) {
      row[c].origin_row = static_cast<int>(r);
      row[c].origin_col = static_cast<int>(c);
      if (c < lines[r].size()) {
        row[c].text = lines[r][c];
      } else {
        row[c].missing = true;
      }
    }
    if (lines[r].empty()) {
      row[0].missing = false;
      row[0].lost_blanks = true;
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

// "一、", "（二）", "(3)", "4." or "4、" at the start of a line: a new item.
bool StartsListItem(std::string_view line) {
  const std::u32string u = text::Decode(line.substr(0, std::min<size_t>(line.size(), 24)));
  if (u.empty()) return false;
  const std::u32string_view numerals = U"一二三四五六七八九十";
  size_t i = 0;
  const bool paren = u[0] == U'（' || u[0] == U'(';
  if (paren) ++i;
  const size_t digits_start = i;
  while (i < u.size() && ((u[i] >= U'0' && u[i] <= U'9') || numerals.find(u[i]) != std::u32string_view::npos)) ++i;
  if (i == digits_start || i >= u.size()) return false;
  if (paren) return u[i] == U'）' || u[i] == U')';
  return u[i] == U'、' || u[i] == U'.' || u[i] == U'．';
}

// "## 表二" -> 2: a Markdown heading's level (hashes then a space), else 0.
size_t MarkdownHeadingLevel(std::string_view line) {
  size_t n = 0;
  while (n < line.size() && n < 6 && line[n] == '#') ++n;
  return n > 0 && n < line.size() && line[n] == ' ' ? n : 0;
}

// Width of a line as printed: a Han character or full-width form is one
// unit, an ASCII character half of one.
double PrintedWidth(std::string_view line) {
  double width = 0;
  for (char32_t cp : text::Decode(line)) width += cp < 0x80 ? 0.5 : 1.0;
  return width;
}

bool EndsSentence(std::string_view line) {
  for (std::string_view end : {"。", "！", "？", "；", "：", ":", ";", "!", "?"}) {
    if (line.ends_with(end)) return true;
  }
  return false;
}

// "— 3 —", "- 3 -", "-3-": the page numbers printed in the footer of a
// PDF's pages, left in its text between the lines of a paragraph.
bool IsPageNumberLine(std::string_view line) {
  const std::u32string u = text::Decode(line);
  size_t i = 0;
  auto dashes = [&] {
    const size_t start = i;
    while (i < u.size() && (u[i] == U'-' || u[i] == U'—' || u[i] == U'－' || u[i] == U'–' || text::IsSpaceLike(u[i]))) ++i;
    return i > start;
  };
  if (!dashes()) return false;
  const size_t digits = i;
  while (i < u.size() && u[i] >= U'0' && u[i] <= U'9') ++i;
  if (i == digits || i - digits > 4) return false;
  return dashes() && i == u.size();
}

// A report section heading (二、主动公开政府信息情况): never a table cell.
bool IsReportSectionHeading(const std::string& line) {
  if (!LooksLikeSectionHeading(line)) return false;
  for (const char* k : {"总体情况", "主动公开政府信息", "收到和处理", "行政复议、行政诉讼", "存在的主要问题",
                        "其他需要报告"}) {
    if (text::Contains(line, k)) return true;
  }
  return false;
}

// A table dumped one cell per line, the cells parted by a line of one bar
// ("信息内容", "|", "本年制发件数", "|", "规章", "|", "0", "|") or by empty
// lines ("信息内容", "", "本年制发件数", "", "0", ""): rewritten as
// "信息内容 |" lines, the one-cell-per-line form the table reader knows.
//  - Bar-parted: a second bar line in a row (no cell between two bars) is an
//    empty cell, kept as a bar line of its own. Four cells or more.
//  - Empty-line-parted: paragraphs are parted the same way, so a run is a
//    table only with eight cells or more, a quarter of them numbers, none a
//    sentence (。, over 60 characters) or a report section heading; empty
//    cells cannot be told from the partings and are not marked.
// Lines outside runs are unchanged.
std::vector<std::string> OneCellPerLineTables(std::vector<std::string> lines) {
  auto is_bar = [](const std::string& l) { return text::CollapseWhitespace(l) == "|"; };
  auto is_empty = [](const std::string& l) { return text::CollapseWhitespace(l).empty(); };
  auto is_cell = [](const std::string& l, size_t max_length) {
    const std::string c = text::CollapseWhitespace(l);
    return !c.empty() && PipeCount(c) == 0 && text::Length(c) <= max_length && !text::Contains(c, "。") &&
           !IsReportSectionHeading(c);
  };
  auto is_number = [](const std::string& l) {
    const std::string c = text::CollapseWhitespace(l);
    return !c.empty() && std::all_of(c.begin(), c.end(), [](char ch) { return (ch >= '0' && ch <= '9') || ch == '.'; });
  };
  std::vector<std::string> out;
  size_t i = 0;
  while (i < lines.size()) {
    // Bar-parted run from i.
    size_t j = i;
    int cells = 0;
    while (j + 1 < lines.size() && is_cell(lines[j], 80) && is_bar(lines[j + 1])) {
      j += 2;
      ++cells;
      while (j < lines.size() && is_bar(lines[j])) ++j;
    }
    if (cells >= 4) {
      for (size_t k = i; k < j; ++k) {
        if (!is_bar(lines[k])) {
          out.push_back(text::CollapseWhitespace(lines[k]) + " |");
        } else if (k > i && is_bar(lines[k - 1])) {
          out.push_back("|");
        }
      }
      i = j;
      continue;
    }
    // Empty-line-parted run from i.
    j = i;
    cells = 0;
    int numbers = 0;
    size_t end = i;
    while (j < lines.size() && is_cell(lines[j], 60) && j + 1 < lines.size() && is_empty(lines[j + 1])) {
      ++cells;
      numbers += is_number(lines[j]) ? 1 : 0;
      ++j;
      end = j;
      while (j < lines.size() && is_empty(lines[j])) ++j;
    }
    if (cells >= 8 && numbers * 4 >= cells) {
      for (size_t k = i; k < end; ++k) {
        if (!is_empty(lines[k])) out.push_back(text::CollapseWhitespace(lines[k]) + " |");
      }
      out.emplace_back();
      i = end;
      continue;
    }
    out.push_back(std::move(lines[i++]));
  }
  return out;
}

// Text taken from a PDF (like PDF-to-Markdown output) is hard-wrapped: its
// paragraphs are cut into lines of one printed width, and a number or a fact
// ("行政诉讼数为" / "0 件") may be cut in two. Such a text has a dominant width
// W shared by many lines; a line of about W that ends no sentence is then
// joined with the next line of text, across the page-number lines of a page
// break, which are dropped. Texts without a dominant width (page dumps, one
// paragraph per line) are returned unchanged; table, metadata, heading and
// list-item lines are never joined.
std::vector<std::string> JoinWrappedLines(std::vector<std::string> lines) {
  constexpr double kMinWrapWidth = 15;
  std::map<int, int> widths;  // rounded width -> lines of text
  int text_lines = 0;
  for (const std::string& l : lines) {
    const double w = PrintedWidth(text::CollapseWhitespace(l));
    if (w < kMinWrapWidth || PipeCount(l) > 0) continue;
    ++text_lines;
    ++widths[static_cast<int>(w + 0.5)];
  }
  int wrap = 0;
  int best = 0;
  for (const auto& [w, n] : widths) {
    if (n > best) {
      best = n;
      wrap = w;
    }
  }
  int near_wrap = 0;
  for (const auto& [w, n] : widths) {
    if (w >= wrap - 3 && w <= wrap + 1) near_wrap += n;
  }
  if (near_wrap < 8 || near_wrap * 5 < text_lines * 2) return lines;
  auto is_body_text = [](const std::string& l) {
    return !l.empty() && PipeCount(l) == 0 && MarkdownHeadingLevel(l) == 0 && !LooksLikeSectionHeading(l);
  };
  std::vector<std::string> out;
  bool open = false;  // out.back() is a full line of text awaiting its continuation
  for (std::string& raw : lines) {
    std::string l = text::CollapseWhitespace(raw);
    if (IsPageNumberLine(l)) continue;  // a page break inside a paragraph leaves it open
    if (open && is_body_text(l) && !StartsListItem(l)) {
      const char32_t last = text::Decode(out.back()).back();
      const char32_t first = text::Decode(l).front();
      if (last < 0x80 && first < 0x80 && text::IsAsciiAlnum(last) && text::IsAsciiAlnum(first)) out.back() += ' ';
      out.back() += l;
    } else {
      out.push_back(l);
    }
    const double w = PrintedWidth(l);
    open = is_body_text(l) && w >= wrap - 4 && w <= wrap + 2 && !EndsSentence(out.back());
  }
  return out;
}

}  // namespace

std::string MetadataIdForLabel(std::string_view label) {
  std::string key = text::RemoveSpaces(label);
  while (!key.empty() && (key.back() == ':' || key.ends_with("："))) {
    key.resize(key.back() == ':' ? key.size() - 1 : key.size() - std::string_view("：").size());
  }
  if (key.starts_with("- ")) key = key.substr(2);
  if (key.starts_with("-")) key = key.substr(1);
  for (const auto& l : kLabels) {
    if (key == l.label) return l.id;
  }
  return "";
}

int ParseMetadataLine(std::string_view line, std::map<std::string, std::string>* metadata) {
  // Positions of "label：" in the line, labels matched longest first.
  const std::u32string s = text::Decode(line);
  struct Hit {
    size_t start, value_start;
    std::string id;
  };
  std::vector<Hit> hits;
  for (size_t i = 0; i < s.size(); ++i) {
    if (!IsColon(s[i])) continue;
    // Walk back over the label (Han characters and the spaces inside it).
    size_t best_start = std::u32string::npos;
    std::string best_id;
    size_t j = i;
    int han = 0;
    while (j > 0 && han < 6) {
      const char32_t c = s[j - 1];
      if (text::IsHan(c)) {
        ++han;
      } else if (!text::IsSpaceLike(c)) {
        break;
      }
      --j;
      const std::string label = text::Encode(s.substr(j, i - j));
      std::string id = MetadataIdForLabel(label);
      if (id.empty() && IsStopLabel(label)) id = "-";
      if (!id.empty()) {
        best_start = j;
        best_id = id;
      }
    }
    if (!best_id.empty()) hits.push_back({best_start, i + 1, best_id});
  }
  int read = 0;
  for (size_t h = 0; h < hits.size(); ++h) {
    const size_t end = h + 1 < hits.size() ? hits[h + 1].start : s.size();
    const std::string value = text::CollapseWhitespace(text::Encode(s.substr(hits[h].value_start, end - hits[h].value_start)));
    if (hits[h].id == "-") continue;
    if (!metadata->count(hits[h].id) && !value.empty()) (*metadata)[hits[h].id] = value;
    ++read;
  }
  return read;
}

void BuildFromPlainText(std::string_view input, CleanPage* page) {
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t i = 0; i <= input.size(); ++i) {
    if (i == input.size() || input[i] == '\n') {
      std::string_view l = input.substr(start, i - start);
      if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
      lines.emplace_back(l);
      start = i + 1;
    }
  }
  lines = JoinWrappedLines(OneCellPerLineTables(std::move(lines)));
  std::vector<ContentBlock> blocks;
  size_t i = 0;
  while (i < lines.size()) {
    const std::string line = text::CollapseWhitespace(lines[i]);
    if (line.empty()) {
      ++i;
      continue;
    }
    // A metadata line: "- 索引号:00638229X4/2019-1513549" (the text before
    // the first colon is a known label).
    if (text::Length(line) < 120) {
      const std::u32string u = text::Decode(line.starts_with("- ") ? line.substr(2) : line);
      size_t colon = 0;
      while (colon < u.size() && !IsColon(u[colon])) ++colon;
      if (colon < u.size() && !MetadataIdForLabel(text::Encode(u.substr(0, colon))).empty()) {
        ParseMetadataLine(text::Encode(u), &page->metadata);
        ++i;
        continue;
      }
    }
    // A run of '|'-flattened lines: a table when three or more lines carry
    // text or when it holds a Markdown delimiter row, else paragraphs of its
    // cells. Outside Markdown, a line of bars alone ("|||", "||||||") stands
    // where the dump dropped blank cells (and ends a row): it is kept as an
    // empty row, which TableFromLines turns into a lost_blanks marker, so
    // that no value after it is read in a blank cell's place.
    if (PipeCount(line) > 0) {
      std::vector<std::vector<std::string>> rows;
      bool markdown = false;  // a delimiter row marks a Markdown table of any length
      size_t text_rows = 0;
      size_t j = i;
      while (j < lines.size()) {
        const std::string l = text::CollapseWhitespace(lines[j]);
        if (l.empty() || PipeCount(l) == 0) break;
        if (IsDelimiterRow(l)) {
          markdown = true;
          ++j;
          continue;
        }
        std::vector<std::string> cells = SplitCells(l);
        if (NonEmpty(cells) > 0) {
          rows.push_back(std::move(cells));
          ++text_rows;
        } else if (!rows.empty()) {
          rows.emplace_back();
        }
        ++j;
      }
      if (markdown) std::erase_if(rows, [](const std::vector<std::string>& r) { return r.empty(); });
      if (text_rows >= 3 || (markdown && !rows.empty())) {
        ContentBlock b;
        b.kind = ContentBlock::Kind::kTable;
        b.table = TableFromLines(rows);
        blocks.push_back(std::move(b));
      } else {
        for (const auto& r : rows) {
          for (const auto& c : r) {
            if (c.empty()) continue;
            ContentBlock b;
            b.kind = ContentBlock::Kind::kParagraph;
            b.text = c;
            blocks.push_back(std::move(b));
          }
        }
      }
      i = j;
      continue;
    }
    ContentBlock b;
    const size_t hashes = MarkdownHeadingLevel(line);
    b.kind = hashes > 0 || LooksLikeSectionHeading(line) ? ContentBlock::Kind::kHeading : ContentBlock::Kind::kParagraph;
    b.level = b.kind == ContentBlock::Kind::kHeading ? (hashes > 0 ? static_cast<int>(hashes) : 2) : 0;
    b.text = hashes > 0 ? text::CollapseWhitespace(std::string_view(line).substr(hashes)) : line;
    blocks.push_back(std::move(b));
    ++i;
  }
  // Chrome lines of the dumps: breadcrumbs and page-info lines.
  std::vector<ContentBlock> kept;
  for (auto& b : blocks) {
    if (b.kind != ContentBlock::Kind::kTable) {
      if (IsNavigationLine(b.text)) continue;
      b.text = StripWidgets(b.text);
      if (b.text.empty()) continue;
    }
    kept.push_back(std::move(b));
  }
  // The title: the first line naming a report; a title broken over two
  // short lines ("…2018年度政府" + "信息公开工作年度报告") is joined.
  for (size_t k = 0; k < kept.size() && k < 12; ++k) {
    if (kept[k].kind == ContentBlock::Kind::kTable) continue;
    const std::string& t = kept[k].text;
    if (!(text::Contains(t, "报告") || text::Contains(t, "年报")) || text::Length(t) > 80) continue;
    if (text::Contains(t, "。")) continue;
    std::string title = t;
    const std::string& previous = k > 0 ? kept[k - 1].text : t;
    if (k > 0 && kept[k - 1].kind == ContentBlock::Kind::kParagraph && t.starts_with("信息公开") &&
        text::Length(previous) <= 30 && text::CountChinesePunct(previous) == 0) {
      title = previous + t;
    }
    page->heading = title;
    break;
  }
  page->blocks = std::move(kept);
}

}  // namespace govharvest::clean_internal
