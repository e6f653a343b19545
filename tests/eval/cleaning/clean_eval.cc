// Cleaning accuracy: cleans every annotated page (pages/*.json) and scores the
// result against the annotation, trafilatura-style.
//
//   clean_eval --pages DIR --fixtures DIR --leaks FILE [--min-f1 X] [--min-cell-recall X] [--json]
//              [--texts DIR] [--html-only]
//
// --texts DIR scores the texts DIR/<page>.txt that another cleaner produced
// (bench/clean/run.sh) instead of cleaning the pages: segments and leaks only,
// since plain text has no table cells. --html-only skips the .txt sources.
//
// Segment scores: a "with" segment found in clean_text is a true positive,
// one not found a false negative; a "without" segment found is a false
// positive. Matching ignores whitespace. Table cells: every annotated cell must
// be the text of a cell of a table block (counted as a multiset). Leaks: any
// string of the leak list (chrome and spam) in clean_text that is not part of
// an annotated "with" segment. Exit 1 when F1, cell recall or leaks miss the
// targets; 2 on bad input.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "extract/clean.h"

namespace govharvest {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

bool ReadWhole(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buf;
  buf << in.rdbuf();
  *out = std::move(buf).str();
  return true;
}

// Removes ASCII whitespace, NBSP (U+00A0) and the ideographic space (U+3000).
std::string Squash(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') continue;
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
      ++i;
      continue;
    }
    if (c == 0xE3 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        static_cast<unsigned char>(s[i + 2]) == 0x80) {
      i += 2;
      continue;
    }
    out.push_back(static_cast<char>(c));
  }
  return out;
}

struct Score {
  int64_t true_positives = 0, false_negatives = 0, false_positives = 0;
  int64_t cells = 0, cells_found = 0;
  int64_t leaks = 0;
  std::vector<std::string> missed, kept_chrome, missed_cells, leaked;

  double Precision() const {
    const int64_t d = true_positives + false_positives;
    return d > 0 ? static_cast<double>(true_positives) / static_cast<double>(d) : 1.0;
  }
  double Recall() const {
    const int64_t d = true_positives + false_negatives;
    return d > 0 ? static_cast<double>(true_positives) / static_cast<double>(d) : 1.0;
  }
  double F1() const {
    const double p = Precision(), r = Recall();
    return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
  }
  double CellRecall() const { return cells > 0 ? static_cast<double>(cells_found) / static_cast<double>(cells) : 1.0; }
  void Add(const Score& o) {
    true_positives += o.true_positives;
    false_negatives += o.false_negatives;
    false_positives += o.false_positives;
    cells += o.cells;
    cells_found += o.cells_found;
    leaks += o.leaks;
  }
};

Score ScorePage(const CleanPage& page, const json& annotation, const std::vector<std::string>& leak_strings,
                bool score_cells) {
  Score score;
  const std::string text = Squash(page.clean_text);
  std::string body;  // every "with" segment and cell: leak strings inside it are the page's own words
  for (const auto& seg : annotation["with"]) {
    const std::string s = Squash(seg.get<std::string>());
    body += s + "\n";
    if (text.find(s) != std::string::npos) {
      ++score.true_positives;
    } else {
      ++score.false_negatives;
      score.missed.push_back(seg);
    }
  }
  for (const auto& seg : annotation["without"]) {
    if (text.find(Squash(seg.get<std::string>())) != std::string::npos) {
      ++score.false_positives;
      score.kept_chrome.push_back(seg);
    }
  }
  std::map<std::string, int64_t> cleaned_cells;
  for (const ContentBlock& b : page.blocks) {
    if (b.kind != ContentBlock::Kind::kTable) continue;
    for (const auto& row : b.table.rows) {
      for (const auto& cell : row) {
        if (!cell.covered) ++cleaned_cells[Squash(cell.text)];
      }
    }
  }
  for (const auto& cell : annotation["cells"]) {
    const std::string s = Squash(cell.get<std::string>());
    body += s + "\n";
    if (s.empty() || !score_cells) continue;
    ++score.cells;
    auto it = cleaned_cells.find(s);
    if (it != cleaned_cells.end() && it->second > 0) {
      --it->second;
      ++score.cells_found;
    } else {
      score.missed_cells.push_back(cell);
    }
  }
  for (const std::string& leak : leak_strings) {
    const std::string s = Squash(leak);
    if (text.find(s) != std::string::npos && body.find(s) == std::string::npos) {
      ++score.leaks;
      score.leaked.push_back(leak);
    }
  }
  return score;
}

void Print(const std::string& name, const Score& score, bool as_json, json* report) {
  report->push_back({{"page", name},
                     {"precision", score.Precision()},
                     {"recall", score.Recall()},
                     {"f1", score.F1()},
                     {"cells", score.cells},
                     {"cell_recall", score.CellRecall()},
                     {"leaks", score.leaked},
                     {"missed", score.missed},
                     {"chrome_kept", score.kept_chrome},
                     {"missed_cells", score.missed_cells}});
  if (as_json) return;
  std::printf("%-22s P %.3f R %.3f F1 %.3f  cells %4lld recall %.3f  leaks %lld\n", name.c_str(), score.Precision(),
              score.Recall(), score.F1(), static_cast<long long>(score.cells), score.CellRecall(),
              static_cast<long long>(score.leaks));
  for (const auto& m : score.missed) std::printf("    missed: %.120s\n", m.c_str());
  for (const auto& m : score.kept_chrome) std::printf("    chrome kept: %.120s\n", m.c_str());
  for (const auto& m : score.missed_cells) std::printf("    cell missed: %.120s\n", m.c_str());
  for (const auto& m : score.leaked) std::printf("    LEAK: %s\n", m.c_str());
}

int Run(int argc, char** argv) {
  std::string pages_dir, fixtures_dir, leaks_path, texts_dir;
  double min_f1 = 0.97, min_cell_recall = 0.99;
  bool as_json = false, html_only = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (arg == "--pages") pages_dir = value();
    else if (arg == "--fixtures") fixtures_dir = value();
    else if (arg == "--leaks") leaks_path = value();
    else if (arg == "--min-f1") min_f1 = std::stod(value());
    else if (arg == "--min-cell-recall") min_cell_recall = std::stod(value());
    else if (arg == "--json") as_json = true;
    else if (arg == "--texts") texts_dir = value();
    else if (arg == "--html-only") html_only = true;
    else {
      std::fprintf(stderr, "clean_eval: unknown argument '%s'\n", arg.c_str());
      return 2;
    }
  }
  std::string leak_text;
  if (pages_dir.empty() || fixtures_dir.empty() || !ReadWhole(leaks_path, &leak_text)) {
    std::fprintf(stderr, "clean_eval: need --pages DIR --fixtures DIR --leaks FILE (readable)\n");
    return 2;
  }
  std::vector<std::string> leak_strings;
  {
    std::istringstream in(leak_text);
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty() && line[0] != '#') leak_strings.push_back(line);
    }
  }
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(pages_dir)) {
    if (e.path().extension() == ".json") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) {
    std::fprintf(stderr, "clean_eval: no annotations in %s\n", pages_dir.c_str());
    return 2;
  }

  Score total;
  size_t scored_pages = 0;
  json report = json::array();
  for (const fs::path& file : files) {
    std::string text, bytes;
    if (!ReadWhole(file, &text)) {
      std::fprintf(stderr, "clean_eval: cannot read %s\n", file.c_str());
      return 2;
    }
    const json annotation = json::parse(text, nullptr, false);
    if (!annotation.is_object() || !annotation.contains("with") || !annotation.contains("source")) {
      std::fprintf(stderr, "clean_eval: %s: not an annotation (needs source, with, without, cells)\n", file.c_str());
      return 2;
    }
    const std::string source = annotation["source"];
    if (html_only && source.ends_with(".txt")) continue;
    ++scored_pages;
    if (!texts_dir.empty()) {
      CleanPage page;
      if (!ReadWhole(texts_dir + "/" + file.stem().string() + ".txt", &page.clean_text)) {
        std::fprintf(stderr, "clean_eval: no text %s/%s.txt\n", texts_dir.c_str(), file.stem().c_str());
        return 2;
      }
      const Score score = ScorePage(page, annotation, leak_strings, /*score_cells=*/false);
      total.Add(score);
      Print(file.stem().string(), score, as_json, &report);
      continue;
    }
    if (!ReadWhole(fixtures_dir + "/" + source, &bytes)) {
      std::fprintf(stderr, "clean_eval: %s: cannot read fixture %s\n", file.c_str(), source.c_str());
      return 2;
    }
    CaptureRecord capture;
    capture.requested_url = annotation.value("url", "");
    capture.final_url = capture.requested_url;
    capture.content_type = source.ends_with(".txt") ? "text/plain" : "text/html";
    CleanPage page;
    Status s = CleanCapture(bytes, capture, CleanOptions(), &page);
    if (!s.ok()) {
      std::fprintf(stderr, "clean_eval: %s: %s\n", source.c_str(), s.message().c_str());
      return 1;
    }
    const Score score = ScorePage(page, annotation, leak_strings, /*score_cells=*/true);
    total.Add(score);
    Print(file.stem().string(), score, as_json, &report);
  }
  const bool ok = total.F1() >= min_f1 && total.CellRecall() >= min_cell_recall && total.leaks == 0;
  if (as_json) {
    std::printf("%s\n", json{{"pages", report},
                             {"segments", total.true_positives + total.false_negatives + total.false_positives},
                             {"precision", total.Precision()},
                             {"recall", total.Recall()},
                             {"f1", total.F1()},
                             {"cells", total.cells},
                             {"cell_recall", total.CellRecall()},
                             {"leaks", total.leaks},
                             {"ok", ok}}
                            .dump(2)
                            .c_str());
  } else {
    std::printf("TOTAL %zu pages: precision %.4f recall %.4f F1 %.4f (target >= %.2f); %lld cells, recall %.4f "
                "(target >= %.2f); %lld leaks (target 0) => %s\n",
                scored_pages, total.Precision(), total.Recall(), total.F1(), min_f1,
                static_cast<long long>(total.cells), total.CellRecall(), min_cell_recall,
                static_cast<long long>(total.leaks), ok ? "PASS" : "FAIL");
  }
  return ok ? 0 : 1;
}

}  // namespace
}  // namespace govharvest

int main(int argc, char** argv) { return govharvest::Run(argc, argv); }
