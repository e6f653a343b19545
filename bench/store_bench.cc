// Archive throughput: captures/s and MB/s for put and get with 20 KB and
// 200 KB pages. Run: build/bench/store_bench (see docs/benchmarks.md).
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "store/archive.h"

namespace govharvest {
namespace {

namespace fs = std::filesystem;

class ScratchArchive {
 public:
  ScratchArchive() {
    dir_ = fs::temp_directory_path() / ("govharvest-bench-" + std::to_string(::getpid()) + "-" +
                                        std::to_string(counter_++));
    fs::remove_all(dir_);
    ArchiveOptions options;
    options.create_if_missing = true;
    Status s = Archive::Open(dir_.string(), options, &archive_);
    if (!s.ok()) throw std::runtime_error(s.ToString());
  }
  ~ScratchArchive() {
    archive_.reset();
    fs::remove_all(dir_);
  }
  Archive& get() { return *archive_; }

 private:
  static inline int counter_ = 0;
  fs::path dir_;
  std::unique_ptr<Archive> archive_;
};

// A page of `size` bytes that looks like HTML text (compressible about as
// much as real pages) and is unique per `seed`.
std::string MakePage(size_t size, uint64_t seed) {
  static const std::string kWords[] = {"政府信息公开", "年度报告", "<td>", "</td>", "主动公开", "依申请公开",
                                       "行政复议", "<p>",      "</p>", " ",     "0",      "12",
                                       "345",     "人民政府"};
  std::mt19937_64 rng(seed);
  std::string page = "<html><!--" + std::to_string(seed) + "-->";
  while (page.size() < size) page += kWords[rng() % std::size(kWords)];
  page.resize(size);
  return page;
}

CaptureRecord MakeRecord(uint64_t i) {
  CaptureRecord r;
  r.requested_url = "http://host" + std::to_string(i % 50) + ".gov.cn/xxgk/nb/" + std::to_string(i) + ".html";
  r.final_url = r.requested_url;
  r.http_status = 200;
  r.response_headers = {{"Content-Type", "text/html; charset=utf-8"}, {"Server", "nginx"}};
  r.fetched_at = 1700000000000000 + static_cast<int64_t>(i);
  r.content_type = "text/html";
  r.charset_used = "utf-8";
  r.outcome = "ok";
  r.source = "http";
  return r;
}

void BM_Put(benchmark::State& state) {
  const size_t size = static_cast<size_t>(state.range(0));
  ScratchArchive archive;
  std::vector<std::string> pages;
  for (int i = 0; i < 256; ++i) pages.push_back(MakePage(size, i));
  uint64_t i = 0;
  for (auto _ : state) {
    // Prefix a counter so every payload is new: the worst case, no dedup.
    std::string payload = pages[i % pages.size()];
    std::string tag = std::to_string(i);
    payload.replace(0, tag.size(), tag);
    Status s = archive.get().PutCapture(MakeRecord(i), std::move(payload));
    if (!s.ok()) state.SkipWithError(s.ToString().c_str());
    ++i;
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(size));
}

void BM_PutDuplicate(benchmark::State& state) {
  const size_t size = static_cast<size_t>(state.range(0));
  ScratchArchive archive;
  const std::string page = MakePage(size, 1);
  uint64_t i = 0;
  for (auto _ : state) {
    Status s = archive.get().PutCapture(MakeRecord(i++), page);
    if (!s.ok()) state.SkipWithError(s.ToString().c_str());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(size));
}

void BM_Get(benchmark::State& state) {
  const size_t size = static_cast<size_t>(state.range(0));
  constexpr uint64_t kPages = 2000;
  ScratchArchive archive;
  for (uint64_t i = 0; i < kPages; ++i) {
    Status s = archive.get().PutCapture(MakeRecord(i), MakePage(size, i));
    if (!s.ok()) state.SkipWithError(s.ToString().c_str());
  }
  std::mt19937_64 rng(7);
  for (auto _ : state) {
    const uint64_t i = rng() % kPages;
    CaptureRecord r;
    std::string bytes;
    Status s = archive.get().GetLatestCapture(MakeRecord(i).requested_url, &r);
    if (s.ok()) s = archive.get().GetBlob(r.payload_digest, &bytes);
    if (!s.ok() || bytes.size() != size) state.SkipWithError("get failed");
    benchmark::DoNotOptimize(bytes.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(size));
}

BENCHMARK(BM_Put)->Arg(20 << 10)->Arg(200 << 10)->MinTime(3.0)->UseRealTime()->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_PutDuplicate)->Arg(20 << 10)->Arg(200 << 10)->MinTime(2.0)->UseRealTime()->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Get)->Arg(20 << 10)->Arg(200 << 10)->MinTime(2.0)->UseRealTime()->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace govharvest

BENCHMARK_MAIN();
