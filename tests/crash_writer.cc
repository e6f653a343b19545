// Test helper for crash_test: writes batches of captures into an archive
// until it is killed. After each acknowledged batch it prints the total
// number of captures it has had acknowledged, one number per line.
#include <unistd.h>

#include <cstdio>
#include <random>
#include <string>

#include "store/archive.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: crash_writer ARCHIVE SEED\n");
    return 2;
  }
  using namespace govharvest;
  ArchiveOptions options;
  options.create_if_missing = true;
  std::unique_ptr<Archive> archive;
  Status s = Archive::Open(argv[1], options, &archive);
  if (!s.ok()) {
    std::fprintf(stderr, "crash_writer: %s\n", s.message().c_str());
    return 1;
  }
  const unsigned seed = static_cast<unsigned>(std::stoul(argv[2]));
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> size_dist(100, 40000);
  std::uniform_int_distribution<int> reuse(0, 3);
  std::uniform_int_distribution<int> batch_size(1, 4);
  long long acknowledged = 0;
  for (long long i = 0;; ++i) {
    ArchiveBatch batch;
    const int n = batch_size(rng);
    for (int k = 0; k < n; ++k) {
      CaptureRecord r;
      r.requested_url = "http://host" + std::to_string(i % 7) + ".gov.cn/run" + std::to_string(seed) +
                        "/page" + std::to_string(i) + "-" + std::to_string(k) + ".html";
      r.final_url = r.requested_url;
      r.http_status = 200;
      r.fetched_at = NowUs();
      r.outcome = "ok";
      r.source = "http";
      // One batch in four repeats a small shared payload: dedup under crashes.
      std::string payload = reuse(rng) == 0 ? std::string("shared payload ") + std::to_string(i % 3)
                                            : std::string(static_cast<size_t>(size_dist(rng)),
                                                          static_cast<char>('a' + (i + k) % 26));
      batch.AddCapture(std::move(r), std::move(payload));
    }
    batch.PutFrontier("run" + std::to_string(seed) + "/" + std::to_string(i), "queued");
    batch.DeleteFrontier("run" + std::to_string(seed) + "/" + std::to_string(i - 1));
    s = archive->Write(std::move(batch));
    if (!s.ok()) {
      std::fprintf(stderr, "crash_writer: %s\n", s.message().c_str());
      return 1;
    }
    acknowledged += n;
    std::printf("%lld\n", acknowledged);
    std::fflush(stdout);
  }
}
