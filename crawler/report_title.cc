#include "crawler/report_title.h"

#include <utility>

#include "crawler/ascii.h"

namespace govharvest {

namespace {

using ascii::Contains;
using ascii::IsDigit;
constexpr auto ReadInt = ascii::ReadDigits;

// The title without ASCII spaces, U+00A0 and U+3000 (lists pad titles).
std::string Squeezed(std::string_view title) {
  std::string out;
  for (size_t i = 0; i < title.size(); ++i) {
    const char c = title[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    if (title.substr(i, 2) == "\xC2\xA0") {
      ++i;
      continue;
    }
    if (title.substr(i, 3) == "\xE3\x80\x80") {
      i += 2;
      continue;
    }
    out.push_back(c);
  }
  return out;
}

// Documents that share words with the report but are something else.
constexpr std::string_view kLookAlikes[] = {
    "法治政府", "法治建设", "依法行政",  // 法治政府建设年度报告
    "网站工作年度报表", "网站年度报表", "年度报表", "网站工作报表",  // 政府网站工作年度报表
    "统计公报", "统计年报", "统计年鉴", "统计年度报告",  //
    "财务年报", "决算", "预算", "企业年报", "年报公示", "年度报告公示", "年报工作", "报送年报",  //
    "政府工作报告", "国民经济和社会发展", "社会责任报告", "履职报告", "述职",  //
    "图解", "一图读懂", "图读", "解读", "通知", "通报", "发布情况", "征求意见", "编制", "报送", "工作要点", "实施方案", "考核", "测评", "评估报告",
};

// What the document is.
constexpr std::string_view kReportNouns[] = {"年度报告", "年报", "工作报告", "年度工作情况"};
// What it is about.
constexpr std::string_view kDisclosure[] = {"信息公开", "政务公开", "政府信息", "政务信息公开"};

}  // namespace

bool IsTruncatedTitle(std::string_view title) {
  std::string t = Squeezed(title);
  return t.ends_with("…") || t.ends_with("..") || t.ends_with("⋯");
}

TitleClass ClassifyReportTitle(std::string_view raw) {
  const std::string t = Squeezed(raw);
  if (t.empty()) return {TitleVerdict::kNotReport, "no title"};
  for (std::string_view w : kLookAlikes) {
    if (Contains(t, w)) return {TitleVerdict::kNotReport, "look-alike: " + std::string(w)};
  }
  std::string_view noun;
  for (std::string_view w : kReportNouns) {
    if (Contains(t, w)) {
      noun = w;
      break;
    }
  }
  bool disclosure = false;
  for (std::string_view w : kDisclosure) disclosure = disclosure || Contains(t, w);
  if (!noun.empty() && disclosure) return {TitleVerdict::kReport, "report title (" + std::string(noun) + ")"};
  if (noun == "工作报告" || noun == "年度工作情况") {
    return {TitleVerdict::kNotReport, "a " + std::string(noun) + " not about 信息公开"};
  }
  if (!noun.empty() && TitleYear(t) > 0) {
    return {TitleVerdict::kMaybe, "report of a year (" + std::string(noun) + ") without 信息公开: page decides"};
  }
  if (IsTruncatedTitle(t)) {
    // What was cut may be the report's name: the page decides, unless what
    // is left already says it is something else.
    return {TitleVerdict::kMaybe, "title cut short: page decides"};
  }
  if (!noun.empty()) return {TitleVerdict::kNotReport, std::string(noun) + " of no year and not about 信息公开"};
  return {TitleVerdict::kNotReport, "no report words"};
}

bool IsAnnualReportTitle(std::string_view title) {
  return ClassifyReportTitle(title).verdict == TitleVerdict::kReport;
}

int TitleYear(std::string_view title) {
  // Arabic digits followed by 年.
  for (size_t i = 0; i + 7 <= title.size(); ++i) {
    if ((i == 0 || !IsDigit(title[i - 1])) && title.substr(i + 4, 3) == "年") {
      int y = ReadInt(title, i, 4);
      if (y >= 2000 && y <= 2100) return y;
    }
  }
  // Chinese numerals: 二〇二一年, 二O二一年, 二零二一年.
  static constexpr std::pair<std::string_view, int> kDigits[] = {
      {"〇", 0}, {"○", 0}, {"零", 0}, {"Ｏ", 0}, {"O", 0}, {"o", 0}, {"一", 1}, {"二", 2}, {"三", 3},
      {"四", 4}, {"五", 5}, {"六", 6}, {"七", 7}, {"八", 8}, {"九", 9}};
  for (size_t i = 0; i < title.size(); ++i) {
    int value = 0, digits = 0;
    size_t j = i;
    while (digits < 4 && j < title.size()) {
      bool matched = false;
      for (const auto& [text, d] : kDigits) {
        if (title.substr(j, text.size()) == text) {
          value = value * 10 + d;
          j += text.size();
          matched = true;
          break;
        }
      }
      if (!matched) break;
      ++digits;
    }
    if (digits == 4 && title.substr(j, 3) == "年" && value >= 2000 && value <= 2100) return value;
  }
  return 0;
}

int ReportYear(std::string_view title, std::string_view date) {
  if (int y = TitleYear(title); y > 0) return y;
  const int y = ReadInt(date, 0, 4);
  return y > 2000 ? y - 1 : 0;
}

}  // namespace govharvest
