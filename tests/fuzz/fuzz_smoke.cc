#include "tests/fuzz/fuzz_smoke.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

namespace fs = std::filesystem;

std::string Mutate(const std::vector<std::string>& corpus, const std::vector<std::string>& fragments,
                   std::mt19937_64& rng) {
  auto pick = [&](size_t n) { return n == 0 ? size_t{0} : static_cast<size_t>(rng() % n); };
  const std::string& base = corpus[pick(corpus.size())];
  // A window of at most 8 KB keeps thousands of inputs inside the time budget.
  const size_t len = std::min<size_t>(base.size(), 1 + pick(8 * 1024));
  const size_t start = pick(base.size() - len + 1);
  std::string s = base.substr(start, len);
  const int edits = 1 + static_cast<int>(pick(24));
  for (int e = 0; e < edits; ++e) {
    switch (pick(7)) {
      case 0:  // flip bits
        if (!s.empty()) s[pick(s.size())] ^= static_cast<char>(1 << pick(8));
        break;
      case 1:  // random byte
        if (!s.empty()) s[pick(s.size())] = static_cast<char>(rng());
        break;
      case 2:  // insert a fragment, sometimes many times (deep nesting)
      case 3: {
        const std::string& f = fragments[pick(fragments.size())];
        const size_t times = pick(4) == 0 ? 1 + pick(400) : 1;
        std::string ins;
        for (size_t t = 0; t < times; ++t) ins += f;
        s.insert(pick(s.size() + 1), ins);
        break;
      }
      case 4:  // delete a range
        if (!s.empty()) {
          const size_t at = pick(s.size());
          s.erase(at, pick(std::min<size_t>(s.size() - at, 2048) + 1));
        }
        break;
      case 5:  // duplicate a range
        if (!s.empty()) {
          const size_t at = pick(s.size());
          const std::string piece = s.substr(at, pick(std::min<size_t>(s.size() - at, 1024) + 1));
          s.insert(pick(s.size() + 1), piece);
        }
        break;
      case 6: {  // splice in another fixture's window
        const std::string& other = corpus[pick(corpus.size())];
        const size_t at = pick(other.size());
        s.insert(pick(s.size() + 1), other.substr(at, pick(std::min<size_t>(other.size() - at, 8192) + 1)));
        break;
      }
    }
  }
  s.insert(s.begin(), static_cast<char>(rng()));  // the entry point's mode byte
  return s;
}

}  // namespace

int RunFuzzSmoke(int argc, char** argv, const FuzzSmokeTarget& target) {
  std::string fixtures;
  long iterations = 3000;
  uint64_t seed = 20261130;
  double max_seconds = target.default_max_seconds, max_input_ms = 2000;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string arg = argv[i], value = argv[i + 1];
    if (arg == "--fixtures") fixtures = value;
    else if (arg == "--iterations") iterations = std::stol(value);
    else if (arg == "--seed") seed = std::stoull(value);
    else if (arg == "--max-seconds") max_seconds = std::stod(value);
    else if (arg == "--max-input-ms") max_input_ms = std::stod(value);
    else {
      std::fprintf(stderr, "%s: unknown argument '%s'\n", target.name, arg.c_str());
      return 2;
    }
  }
  std::vector<std::string> corpus;
  if (!fixtures.empty() && fs::is_directory(fixtures)) {
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(fixtures)) {
      const std::string name = e.path().filename().string();
      const bool wanted = std::any_of(target.extensions.begin(), target.extensions.end(),
                                      [&](const std::string& ext) { return name.ends_with(ext); });
      if (e.is_regular_file() && wanted) files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());  // the directory order must not change the run
    for (const auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      std::ostringstream buf;
      buf << in.rdbuf();
      corpus.push_back(std::move(buf).str());
    }
  }
  if (corpus.empty()) {
    std::string endings;
    for (const auto& ext : target.extensions) endings += (endings.empty() ? "" : "/") + ext;
    std::fprintf(stderr, "%s: no %s fixtures under '%s'\n", target.name, endings.c_str(), fixtures.c_str());
    return 2;
  }
  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  std::mt19937_64 rng(seed);
  double slowest_ms = 0;
  long done = 0;
  size_t bytes = 0;
  // Every fixture unmutated first, then the mutations.
  for (const std::string& page : corpus) {
    const std::string in = std::string(1, '\0') + page;
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(in.data()), in.size());
  }
  for (; done < iterations; ++done) {
    const std::string in = Mutate(corpus, target.fragments, rng);
    bytes += in.size();
    const auto a = Clock::now();
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(in.data()), in.size());
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - a).count();
    slowest_ms = std::max(slowest_ms, ms);
    if (ms > max_input_ms) {
      // Kept for reproducing: the libFuzzer binary or a debugger reads it.
      const char* tmp = std::getenv("TMPDIR");
      const std::string saved = std::string(tmp ? tmp : "/tmp") + "/" + target.name + "-slow-input.bin";
      std::ofstream(saved, std::ios::binary) << in;
      std::fprintf(stderr, "%s: input %ld (seed %llu, %zu bytes) took %.0f ms (limit %.0f): a hang; kept in %s\n",
                   target.name, done, static_cast<unsigned long long>(seed), in.size(), ms, max_input_ms,
                   saved.c_str());
      return 1;
    }
    if (std::chrono::duration<double>(Clock::now() - t0).count() > max_seconds) {
      std::fprintf(stderr, "%s: over the %.0f s budget after %ld inputs\n", target.name, max_seconds, done + 1);
      return 1;
    }
  }
  std::printf("%s: %zu fixtures and %ld mutated inputs (%.1f MB, seed %llu) %s in %.1f s; "
              "slowest input %.1f ms\n",
              target.name, corpus.size(), done, static_cast<double>(bytes) / 1e6, static_cast<unsigned long long>(seed),
              target.verb, std::chrono::duration<double>(Clock::now() - t0).count(), slowest_ms);
  return 0;
}

