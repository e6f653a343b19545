// Fuzz target for the report table mapper and the number parser
// (extract/report.h): any text, read as a cell, a sentence, a seed-style text
// dump or an HTML page, must go through ParseReportNumber, ParseReportDate,
// FoldReportLabel and ExtractReport without crashing or hanging, and keep the
// record's invariants: a blank cell has no value (never 0), a reported or
// derived cell has a finite value, narrative spans point into body_text, date
// spans into the input, ToJson does not throw, and the same page gives the same
// record.
//
// Built as a libFuzzer binary (report_fuzz) with clang and -DGOVHARVEST_FUZZ=ON;
// every build also runs the same entry point over mutated fixtures in the
// ctest ReportFuzzSmoke (report_fuzz_smoke.cc).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "extract/clean.h"
#include "extract/report.h"

namespace {

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "report_fuzz: invariant violated: %s\n", what);
    std::abort();
  }
}

void CheckNumber(std::string_view text) {
  const govharvest::ParsedNumber n = govharvest::ParseReportNumber(text);
  Check(std::isfinite(n.value), "ParseReportNumber gave a non-finite value");
  if (n.kind == govharvest::ParsedNumber::Kind::kBlank) Check(n.value == 0 && !n.approx, "a blank carries a value");
  size_t begin = 0, end = 0;
  const std::string date = govharvest::ParseReportDate(text, &begin, &end);
  if (!date.empty()) {
    Check(date.size() == 10 && date[4] == '-' && date[7] == '-', "ParseReportDate is not YYYY-MM-DD");
    Check(begin < end && end <= text.size(), "date span outside the text");
  }
  (void)govharvest::FoldReportLabel(text);
}

void CheckRecord(const govharvest::ReportRecord& r) {
  for (const auto& [field, cell] : r.cells) {
    Check(field == cell.field, "cell stored under another field id");
    if (cell.status == "blank" || cell.status == "invalid") Check(!cell.value.has_value(), "blank cell with a value");
    if (cell.status == "reported" || cell.status == "derived") {
      Check(cell.value.has_value() && std::isfinite(*cell.value), "reported cell without a finite value");
    }
  }
  for (const auto& f : r.narrative_facts) {
    Check(f.begin >= 0 && f.begin <= f.end && static_cast<size_t>(f.end) <= r.body_text.size(),
          "narrative span outside body_text");
    Check(r.body_text.compare(f.begin, f.end - f.begin, f.text) == 0, "narrative span does not hold its text");
  }
  (void)r.ToJson();  // must not throw
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t mode = data[0];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  // The number and date parsers on the whole input and on each line (a cell).
  CheckNumber(text.substr(0, 256));
  size_t start = 0;
  for (int lines = 0; start < text.size() && lines < 400; ++lines) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    CheckNumber(text.substr(start, nl - start));
    start = nl + 1;
  }
  // The table mapper: the input as a text dump or an HTML page.
  govharvest::CleanPage page;
  govharvest::Status s;
  if (mode & 1) {
    s = govharvest::CleanHtml(text, "http://www.example.gov.cn/nb/2021.html", govharvest::CleanOptions(), &page);
  } else {
    govharvest::CaptureRecord capture;
    capture.content_type = "text/plain";
    s = govharvest::CleanCapture(text, capture, govharvest::CleanOptions(), &page);
  }
  if (!s.ok()) return 0;
  govharvest::ReportRecord record;
  if (!govharvest::ExtractReport(page, &record).ok()) return 0;
  CheckRecord(record);
  if ((mode & 0x06) == 0x06) {  // determinism
    govharvest::ReportRecord again;
    Check(govharvest::ExtractReport(page, &again).ok(), "second extraction failed");
    Check(again.ToJson() == record.ToJson(), "extracting the same page twice gave different records");
  }
  if (mode & 0x08) {  // cross-year checks against itself must not crash
    govharvest::ReportRecord next = record;
    govharvest::CheckAcrossYears(record, &next);
  }
  return 0;
}
