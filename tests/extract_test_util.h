// Report records from inline test input (header-only; tests link govharvest_extract).
#ifndef GOVHARVEST_TESTS_EXTRACT_TEST_UTIL_H_
#define GOVHARVEST_TESTS_EXTRACT_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <string>

#include "extract/clean.h"
#include "extract/report.h"

namespace govharvest::testing {

// The record of an HTML report page whose content is `body` (inside a
// TRS_Editor div, as the TRS portals print it).
inline ReportRecord ExtractHtmlBody(const std::string& body) {
  const std::string html = "<html><head><title>t</title></head><body><div class=\"TRS_Editor\">" + body +
                           "</div></body></html>";
  CleanPage page;
  EXPECT_TRUE(CleanHtml(html, "http://www.example.gov.cn/a.html", CleanOptions(), &page).ok());
  ReportRecord record;
  EXPECT_TRUE(ExtractReport(page, &record).ok());
  return record;
}

// The record of a plain-text dump.
inline ReportRecord ExtractPlainText(const std::string& text) {
  CleanPage page;
  EXPECT_TRUE(CleanPlainText(text, "http://www.example.gov.cn/a.txt", CleanOptions(), &page).ok());
  ReportRecord record;
  EXPECT_TRUE(ExtractReport(page, &record).ok());
  return record;
}

}  // namespace govharvest::testing

#endif  // GOVHARVEST_TESTS_EXTRACT_TEST_UTIL_H_
