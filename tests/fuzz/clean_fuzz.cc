// Fuzz target for the page cleaner (extract/clean.h): any bytes, any content
// type, must clean without crashing or hanging, and the result must keep the
// cleaner's invariants (clean.h): rectangular table grids whose covered slots
// point at a real cell, no detected spam string left in clean_text, a
// well-formed digest, and the same CleanPage for the same input.
//
// Built as a libFuzzer binary (clean_fuzz) with clang and -DGOVHARVEST_FUZZ=ON;
// every build also runs the same entry point over mutated fixtures in the
// ctest CleanFuzzSmoke (clean_fuzz_smoke.cc).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "extract/clean.h"

namespace {

// A failed invariant is a crash for the fuzzer.
void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "clean_fuzz: invariant violated: %s\n", what);
    std::abort();
  }
}

void CheckPage(const govharvest::CleanPage& page) {
  using govharvest::ContentBlock;
  for (const ContentBlock& b : page.blocks) {
    if (b.kind != ContentBlock::Kind::kTable) continue;
    const int cols = b.table.column_count();
    for (const auto& row : b.table.rows) {
      Check(static_cast<int>(row.size()) == cols, "table grid is not rectangular");
      for (const auto& cell : row) {
        if (!cell.covered) continue;
        Check(cell.origin_row >= 0 && cell.origin_row < b.table.row_count() && cell.origin_col >= 0 &&
                  cell.origin_col < cols,
              "covered slot points outside its table");
        Check(!b.table.rows[cell.origin_row][cell.origin_col].covered, "covered slot points at a covered slot");
      }
    }
  }
  for (const std::string& spam : page.spam_strings) {
    Check(page.clean_text.find(spam) == std::string::npos, "a detected spam string is left in clean_text");
  }
  Check(page.document_digest.size() == 7 + 64 && page.document_digest.starts_with("sha256:"),
        "document_digest is not sha256:<64 hex>");
  (void)page.ToJson();  // must not throw (invalid UTF-8 in a string would)
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  // The first byte picks how the payload was captured; the rest is the payload.
  const uint8_t mode = data[0];
  const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  static constexpr const char* kContentTypes[] = {
      "text/html", "text/html; charset=gbk", "text/plain", "", "application/xhtml+xml", "text/html; charset=utf-8",
      "application/octet-stream", "text/plain; charset=gb2312"};
  govharvest::CaptureRecord capture;
  capture.content_type = kContentTypes[mode % 8];
  capture.requested_url = (mode & 0x08) ? "http://www.sjtyzx-365.com/xxgk/zfxxgknb/t1.html"
                                        : "http://www.hongze.gov.cn/xxgk/zfxxgknb/202201/t20220111_1.html";
  capture.final_url = capture.requested_url;
  govharvest::CleanOptions options;
  if (mode & 0x10) options.allowed_hosts = {".sjtyzx-365.com"};

  govharvest::CleanPage page;
  const govharvest::Status s = govharvest::CleanCapture(bytes, capture, options, &page);
  if (s.ok()) {
    CheckPage(page);
    if ((mode & 0x60) == 0x60) {  // determinism: same bytes + record + options => same CleanPage
      govharvest::CleanPage again;
      Check(govharvest::CleanCapture(bytes, capture, options, &again).ok(), "second clean failed");
      Check(again.ToJson() == page.ToJson(), "cleaning the same input twice gave different pages");
    }
  } else {
    Check(s.IsInvalidArgument(), "CleanCapture failed with something other than InvalidArgument");
  }
  // The text helpers on the raw bytes.
  (void)govharvest::FindSpamStrings(bytes);
  (void)govharvest::SimHash64(bytes);
  (void)govharvest::NormalizeForDigest(bytes);
  return 0;
}
