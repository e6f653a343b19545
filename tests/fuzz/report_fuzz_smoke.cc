// ReportFuzzSmoke: runs the libFuzzer entry point of report_fuzz.cc (the
// table mapper and the number parser) over seeded mutations of the fixture
// reports, so every build (g++ included, which has no libFuzzer) exercises it
// in ctest.
//
//   report_fuzz_smoke --fixtures DIR [--iterations N] [--seed S] [--max-seconds T] [--max-input-ms M]
//
// Inputs are windows of the seed dumps and report pages with byte flips,
// insertions of fragments that stress the mapper and the parsers (table
// labels, headers, blanks, full-width digits, 万/亿, 余/多, percentages,
// Chinese-numeral dates, `|` separators, rowspans), deletions, duplications and
// splices. Exit 0 when every input went through; a crash aborts; an input
// taking longer than --max-input-ms (a hang) or a run past --max-seconds
// fails with exit 1.
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

const std::vector<std::string>& Fragments() {
  static const std::vector<std::string> kFragments = {
      "\n", " | ", "|||", "\n|\n", "0", "00", "6 00", "１２３", "１，２３４", "1,234", "12.5", "-3", "+7", "—", "-", "/", "无",
      "&nbsp;", "3万", "1.5亿", "200余", "300多", "约40", "50以上", "12%", "７０.１９％", "251000元", "736.5万元", "件", "条",
      "二O一九年三月十一日", "二〇二〇年十二月三十一日", "零零零零年零月零日", "2023 年1月12日", "1 2 月 30 日", "9999年99月99日",
      "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "(一)予以公开", "(七)总计",
      "四、结转下年度继续办理", "(六)其他处理", "3.其他", "自然人", "法人或其他组织", "商业企业", "总计",
      "本年制发件数", "本年废止件数", "现行有效件数", "规章", "行政规范性文件", "行政许可", "行政事业性收费",
      "本年收费金额(单位:万元)", "政府集中采购", "采购总金额", "本年增/减", "结果维持", "结果纠正", "尚未审结",
      "行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉", "统计表", "(一)收到申请数", "九、政府信息公开会议和培训情况",
      "主动公开政府信息", "收到申请", "行政复议案件", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
      "四、政府信息公开行政复议、行政诉讼情况", "<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>",
      "<td rowspan=\"30\">", "<td colspan=\"9\">", "<td rowspan=\"65535\" colspan=\"1000\">", "<img src=\"11.png\">",
      "\xEF\xBC", "\xC3", "\xE4\xB8", "\x00", "99999999999999999999999", "1e308", "0.0000001",
  };
  return kFragments;
}

std::string Mutate(const std::vector<std::string>& corpus, std::mt19937_64& rng) {
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
        const std::string& f = Fragments()[pick(Fragments().size())];
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

int Run(int argc, char** argv) {
  std::string fixtures;
  long iterations = 3000;
  uint64_t seed = 20261130;
  double max_seconds = 18, max_input_ms = 2000;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string arg = argv[i], value = argv[i + 1];
    if (arg == "--fixtures") fixtures = value;
    else if (arg == "--iterations") iterations = std::stol(value);
    else if (arg == "--seed") seed = std::stoull(value);
    else if (arg == "--max-seconds") max_seconds = std::stod(value);
    else if (arg == "--max-input-ms") max_input_ms = std::stod(value);
    else {
      std::fprintf(stderr, "report_fuzz_smoke: unknown argument '%s'\n", arg.c_str());
      return 2;
    }
  }
  std::vector<std::string> corpus;
  if (!fixtures.empty() && fs::is_directory(fixtures)) {
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(fixtures)) {
      const std::string ext = e.path().extension().string();
      if (e.is_regular_file() && (ext == ".html" || ext == ".htm" || ext == ".txt")) files.push_back(e.path());
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
    std::fprintf(stderr, "report_fuzz_smoke: no .html/.htm/.txt fixtures under '%s'\n", fixtures.c_str());
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
    const std::string in = Mutate(corpus, rng);
    bytes += in.size();
    const auto a = Clock::now();
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(in.data()), in.size());
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - a).count();
    slowest_ms = std::max(slowest_ms, ms);
    if (ms > max_input_ms) {
      std::fprintf(stderr, "report_fuzz_smoke: input %ld (seed %llu, %zu bytes) took %.0f ms (limit %.0f): a hang\n",
                   done, static_cast<unsigned long long>(seed), in.size(), ms, max_input_ms);
      return 1;
    }
    if (std::chrono::duration<double>(Clock::now() - t0).count() > max_seconds) {
      std::fprintf(stderr, "report_fuzz_smoke: over the %.0f s budget after %ld inputs\n", max_seconds, done + 1);
      return 1;
    }
  }
  std::printf("report_fuzz_smoke: %zu fixtures and %ld mutated inputs (%.1f MB, seed %llu) extracted in %.1f s; "
              "slowest input %.1f ms\n",
              corpus.size(), done, static_cast<double>(bytes) / 1e6, static_cast<unsigned long long>(seed),
              std::chrono::duration<double>(Clock::now() - t0).count(), slowest_ms);
  return 0;
}

}  // namespace

int main(int argc, char** argv) { return Run(argc, argv); }
