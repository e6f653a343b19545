// Numbers, dates and labels as written in reports (report-format.md §6).
#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "extract/report.h"
#include "extract/report_internal.h"
#include "extract/text.h"

namespace govharvest {
namespace report_internal {

char32_t FoldChar(char32_t cp) {
  if (cp >= 0xFF01 && cp <= 0xFF5E) return cp - 0xFEE0;  // full-width ASCII
  if (cp == 0x3000) return U' ';
  if (cp == U'﹪') return U'%';
  return cp;
}

std::u32string FoldCompact(std::string_view s) {
  std::u32string out;
  for (char32_t cp : text::Decode(s)) {
    cp = FoldChar(cp);
    if (text::IsSpaceLike(cp)) continue;
    out.push_back(cp);
  }
  return out;
}

bool IsAsciiDigit(char32_t cp) { return cp >= U'0' && cp <= U'9'; }

// 0-9 for a Chinese or ASCII digit (zero also as O, o, 〇, ○, 零), else -1.
int DigitValue(char32_t cp) {
  if (IsAsciiDigit(cp)) return static_cast<int>(cp - U'0');
  switch (cp) {
    case U'〇': case U'○': case U'零': case U'O': case U'o': case U'Ｏ': return 0;
    case U'一': return 1;
    case U'二': return 2;
    case U'三': return 3;
    case U'四': return 4;
    case U'五': return 5;
    case U'六': return 6;
    case U'七': return 7;
    case U'八': return 8;
    case U'九': return 9;
    default: return -1;
  }
}

int ChineseNumeralValue(std::u32string_view s) {
  if (s.empty()) return -1;
  const size_t ten = s.find(U'十');
  if (ten == std::u32string_view::npos) {
    int v = 0;
    for (char32_t c : s) {
      const int d = DigitValue(c);
      if (d < 0) return -1;
      v = v * 10 + d;
    }
    return v;
  }
  int tens = 1;
  if (ten > 0) {
    if (ten != 1) return -1;
    tens = DigitValue(s[0]);
    if (tens <= 0) return -1;
  }
  int units = 0;
  if (ten + 1 < s.size()) {
    if (ten + 2 != s.size()) return -1;
    units = DigitValue(s[ten + 1]);
    if (units < 0) return -1;
  }
  return tens * 10 + units;
}

}  // namespace report_internal

using report_internal::DigitValue;
using report_internal::FoldChar;
using report_internal::IsAsciiDigit;

std::string FoldReportLabel(std::string_view label) {
  std::u32string out;
  for (char32_t cp : report_internal::FoldCompact(label)) {
    if (cp == U'“' || cp == U'”' || cp == U'"' || cp == U'‘' || cp == U'’' || cp == U'\'' || cp == U'「' ||
        cp == U'」') {
      continue;
    }
    if (cp == U'．') cp = U'.';
    out.push_back(cp);
  }
  std::string folded = text::Encode(out);
  folded = text::ReplaceAll(folded, "需要提供", "要求提供");
  folded = text::ReplaceAll(folded, "条列", "条例");
  return folded;
}

namespace {

bool StartsWithAt(const std::u32string& s, size_t i, std::u32string_view word) {
  return s.size() >= i + word.size() && std::u32string_view(s).substr(i, word.size()) == word;
}

constexpr std::array<std::u32string_view, 26> kUnits = {
    U"个工作日", U"工作日", U"万元", U"亿元", U"人次", U"元", U"条", U"件", U"篇", U"次", U"个", U"人", U"项",
    U"家", U"场", U"起", U"期", U"份", U"天", U"户", U"部", U"名", U"所", U"位", U"批", U"台"};

bool IsBlankMarker(const std::u32string& s) {
  if (s.empty()) return true;
  if (s == U"无" || s == U"空" || s == U"暂无") return true;
  return std::all_of(s.begin(), s.end(), [](char32_t c) {
    return c == U'—' || c == U'–' || c == U'―' || c == U'-' || c == U'/' || c == U'\\' || c == U'─' ||
           c == U'－' || c == U'…';
  });
}

}  // namespace

ParsedNumber ParseReportNumber(std::string_view raw) {
  ParsedNumber out;
  std::u32string s = report_internal::FoldCompact(raw);
  // Thousands separators between digits.
  std::u32string t;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((s[i] == U',' || s[i] == U'，') && i > 0 && i + 1 < s.size() && IsAsciiDigit(s[i - 1]) &&
        IsAsciiDigit(s[i + 1])) {
      continue;
    }
    t.push_back(s[i]);
  }
  s = std::move(t);
  if (IsBlankMarker(s)) {
    out.kind = ParsedNumber::Kind::kBlank;
    return out;
  }
  size_t i = 0;
  for (std::u32string_view w : {U"约", U"近", U"超过", U"逾", U"超"}) {
    if (StartsWithAt(s, i, w)) {
      out.approx = true;
      i += w.size();
      break;
    }
  }
  bool negative = false;
  if (i < s.size() && (s[i] == U'+' || s[i] == U'-' || s[i] == U'−')) {
    out.has_sign = true;
    negative = s[i] != U'+';
    ++i;
  }
  const size_t digits_start = i;
  double value = 0;
  while (i < s.size() && IsAsciiDigit(s[i])) value = value * 10 + static_cast<double>(s[i++] - U'0');
  // More than 15 digits is no count or amount (an index number, a phone
  // number run together), and past about 300 the double overflows: text.
  if (i == digits_start || i - digits_start > 15) {
    out.kind = ParsedNumber::Kind::kText;
    return out;
  }
  if (i + 1 < s.size() && s[i] == U'.' && IsAsciiDigit(s[i + 1])) {
    ++i;
    double scale = 0.1;
    while (i < s.size() && IsAsciiDigit(s[i])) {
      value += scale * static_cast<double>(s[i++] - U'0');
      scale /= 10;
    }
  }
  auto take_approx = [&]() {
    for (std::u32string_view w : {U"余", U"多", U"以上", U"左右", U"+"}) {
      if (StartsWithAt(s, i, w)) {
        out.approx = true;
        i += w.size();
        return true;
      }
    }
    return false;
  };
  double multiplier = 1;
  take_approx();
  if (i < s.size() && (s[i] == U'万' || s[i] == U'亿') && !StartsWithAt(s, i, U"万元") &&
      !StartsWithAt(s, i, U"亿元")) {
    multiplier = s[i] == U'万' ? 1e4 : 1e8;
    ++i;
  }
  take_approx();
  if (i < s.size() && s[i] == U'%') {
    out.kind = ParsedNumber::Kind::kPercent;
    out.value = negative ? -value : value;
    return out;
  }
  for (std::u32string_view u : kUnits) {
    if (StartsWithAt(s, i, u)) {
      out.unit = text::Encode(u);
      i += u.size();
      break;
    }
  }
  take_approx();
  // Trailing sentence punctuation is harmless; anything else is text.
  while (i < s.size() && (s[i] == U'。' || s[i] == U'；' || s[i] == U';' || s[i] == U',' || s[i] == U'、')) ++i;
  if (i != s.size()) {
    out.kind = ParsedNumber::Kind::kText;
    return out;
  }
  out.kind = ParsedNumber::Kind::kNumber;
  out.value = (negative ? -value : value) * multiplier;
  return out;
}

namespace {

struct DateHit {
  size_t begin = 0;  // code point indexes in the folded text
  size_t end = 0;
  int year = 0, month = 0, day = 0;
};

// Reads a month or day written with ASCII digits (spaces allowed between
// them) or Chinese numerals, from `i` up to one of `terminators`.
int ReadSmallNumber(const std::u32string& s, size_t* i, std::u32string_view terminators) {
  std::u32string digits;
  size_t j = *i;
  while (j < s.size() && text::IsSpaceLike(s[j])) ++j;
  while (j < s.size() && terminators.find(s[j]) == std::u32string_view::npos) {
    if (text::IsSpaceLike(s[j])) {
      ++j;
      continue;
    }
    if (DigitValue(s[j]) < 0 && s[j] != U'十') return -1;
    digits.push_back(s[j]);
    if (digits.size() > 3) return -1;
    ++j;
  }
  if (j >= s.size() || digits.empty()) return -1;
  *i = j + 1;
  return report_internal::ChineseNumeralValue(digits);
}

std::vector<DateHit> FindDates(const std::u32string& s) {
  std::vector<DateHit> hits;
  for (size_t k = 0; k < s.size(); ++k) {
    if (s[k] != U'年') continue;
    // Year: four digit-like characters before 年, spaces allowed between them.
    std::u32string year;
    size_t j = k;
    size_t start = k;
    while (j > 0 && year.size() < 4) {
      const char32_t c = s[j - 1];
      if (text::IsSpaceLike(c)) {
        --j;
        continue;
      }
      if (DigitValue(c) < 0) break;
      year.insert(year.begin(), c);
      --j;
      start = j;
    }
    if (year.size() != 4) continue;
    if (start > 0 && DigitValue(s[start - 1]) >= 0 && !text::IsSpaceLike(s[start - 1])) continue;
    // Latin O/o counts as zero only among other digits (never as the first).
    if (year[0] == U'O' || year[0] == U'o') continue;
    const int y = report_internal::ChineseNumeralValue(year);
    if (y < 1990 || y > 2100) continue;
    size_t i = k + 1;
    const int m = ReadSmallNumber(s, &i, U"月");
    if (m < 1 || m > 12) continue;
    const int d = ReadSmallNumber(s, &i, U"日号");
    if (d < 1 || d > 31) continue;
    hits.push_back({start, i, y, m, d});
  }
  // ISO-like: 2019-03-12, 2019/3/12, 2019.03.12.
  for (size_t k = 0; k + 7 < s.size(); ++k) {
    if (k > 0 && IsAsciiDigit(s[k - 1])) continue;
    size_t i = k;
    int parts[3] = {0, 0, 0};
    int digits[3] = {0, 0, 0};
    char32_t sep = 0;
    bool ok = true;
    for (int p = 0; p < 3 && ok; ++p) {
      while (i < s.size() && IsAsciiDigit(s[i]) && digits[p] < (p == 0 ? 4 : 2)) {
        parts[p] = parts[p] * 10 + static_cast<int>(s[i] - U'0');
        ++digits[p];
        ++i;
      }
      if (digits[p] == 0 || (p == 0 && digits[p] != 4)) ok = false;
      if (ok && p < 2) {
        if (i >= s.size() || (s[i] != U'-' && s[i] != U'/' && s[i] != U'.')) ok = false;
        else if (sep == 0) sep = s[i];
        else if (s[i] != sep) ok = false;
        ++i;
      }
    }
    if (!ok || (i < s.size() && IsAsciiDigit(s[i]))) continue;
    if (parts[0] < 1990 || parts[0] > 2100 || parts[1] < 1 || parts[1] > 12 || parts[2] < 1 || parts[2] > 31) continue;
    hits.push_back({k, i, parts[0], parts[1], parts[2]});
  }
  std::sort(hits.begin(), hits.end(), [](const DateHit& a, const DateHit& b) { return a.begin < b.begin; });
  return hits;
}

}  // namespace

namespace report_internal {

std::vector<DateSpan> FindAllDates(std::string_view text_utf8) {
  const std::u32string raw = text::Decode(text_utf8);
  std::u32string folded;
  folded.reserve(raw.size());
  // Byte offset in text_utf8 of each code point. Re-encoding gives them for
  // valid UTF-8; an invalid byte is decoded as one U+FFFD (3 bytes when
  // re-encoded), so for invalid input the source bytes of each code point are
  // counted instead (the spans must point into text_utf8: found by fuzzing).
  std::vector<size_t> byte_offset;
  byte_offset.reserve(raw.size() + 1);
  size_t b = 0;
  for (char32_t cp : raw) {
    byte_offset.push_back(b);
    std::string tmp;
    text::AppendUtf8(cp, &tmp);
    b += tmp.size();
    folded.push_back(FoldChar(cp));
  }
  byte_offset.push_back(b);
  if (b != text_utf8.size()) {
    size_t at = 0;
    for (size_t k = 0; k < raw.size(); ++k) {
      byte_offset[k] = at;
      size_t used = 1;
      for (size_t len = 1; len <= 4 && at + len <= text_utf8.size(); ++len) {
        const std::string_view piece = text_utf8.substr(at, len);
        const std::u32string one = text::Decode(piece);
        if (one.size() == 1 && one[0] == raw[k] && (raw[k] != 0xFFFD || piece == "\xEF\xBF\xBD")) {
          used = len;
          break;
        }
      }
      at = std::min(text_utf8.size(), at + used);
    }
    byte_offset[raw.size()] = at;
  }
  std::vector<DateSpan> out;
  for (const DateHit& h : FindDates(folded)) {
    char iso[16];
    std::snprintf(iso, sizeof(iso), "%04d-%02d-%02d", h.year, h.month, h.day);
    out.push_back({iso, byte_offset[h.begin], byte_offset[h.end]});
  }
  return out;
}

}  // namespace report_internal

std::string ParseReportDate(std::string_view text_utf8, size_t* begin, size_t* end) {
  const std::vector<report_internal::DateSpan> dates = report_internal::FindAllDates(text_utf8);
  if (dates.empty()) return "";
  if (begin != nullptr) *begin = dates[0].begin;
  if (end != nullptr) *end = dates[0].end;
  return dates[0].iso;
}

}  // namespace govharvest
