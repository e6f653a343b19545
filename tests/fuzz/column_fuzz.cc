// Fuzz target for the column walker's readers (crawler/column.h, pager.h,
// script_api.h, report_title.h): any bytes, read as a list page (HTML with
// scripts, a JSON list, a Hanweb datastore) must be read without crashing or
// hanging, and what comes out must keep its contract: every item and every
// further request is an absolute http(s) URL, guessed requests stay on the
// page's host, a verdict's reason is never empty, and reading twice gives the
// same result.
//
// Built as a libFuzzer binary (column_fuzz) with clang and -DGOVHARVEST_FUZZ=ON;
// every build also runs the same entry point over mutated seeds in the ctest
// ColumnFuzzSmoke (column_fuzz_smoke.cc).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "crawler/column.h"
#include "crawler/report_title.h"

namespace {

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "column_fuzz: invariant violated: %s\n", what);
    std::abort();
  }
}

bool IsHttp(const std::string& url) { return url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0; }

void CheckPage(const govharvest::ColumnPage& page) {
  for (const auto& item : page.items) {
    Check(IsHttp(item.url), "item URL is absolute http(s)");
    Check(!item.why.empty(), "every verdict has a reason");
    Check(item.is_report == (item.verdict == govharvest::TitleVerdict::kReport), "is_report matches the verdict");
  }
  for (const auto& next : page.next_pages) Check(IsHttp(next.url), "next page URL is absolute http(s)");
  for (const auto& api : page.list_requests) Check(IsHttp(api.url), "API URL is absolute http(s)");
  for (const auto& sub : page.subcolumns) Check(IsHttp(sub), "sub-column URL is absolute http(s)");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string url = "http://www.example.gov.cn/xxgk/zfxxgknb/index.html";
  const govharvest::ListRequest request{url, "", true};
  govharvest::ColumnPage first = govharvest::ParseColumnPage(text, url, govharvest::CmsFamily::kUnknown, &request);
  CheckPage(first);
  govharvest::ColumnPage again = govharvest::ParseColumnPage(text, url, govharvest::CmsFamily::kUnknown, &request);
  Check(first.items.size() == again.items.size() && first.next_pages == again.next_pages, "reading is deterministic");
  for (auto family : {govharvest::CmsFamily::kTrs, govharvest::CmsFamily::kHanweb, govharvest::CmsFamily::kGkmlpt}) {
    CheckPage(govharvest::ParseColumnPage(text, url + "#2390", family, nullptr));
  }
  CheckPage(govharvest::ParseJsonList(text, {url + "?pageNo=1", "", true}));
  CheckPage(govharvest::ParseHanwebDataproxy(text, url));
  const govharvest::PageTitleVerdict v = govharvest::VerifyReportPage(text);
  Check(!v.reason.empty(), "a page verdict has a reason");
  (void)govharvest::ListPageProblem(text);
  const govharvest::TitleClass c = govharvest::ClassifyReportTitle(text.substr(0, 512));
  Check(!c.reason.empty(), "a title verdict has a reason");
  return 0;
}
