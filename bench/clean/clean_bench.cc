// Cleaning throughput of govharvest's cleaner (extract/clean.h) on the
// annotated accuracy corpus (tests/eval/cleaning/pages), one thread, bytes in
// memory: every round cleans every page from its raw bytes (decoding, Gumbo
// parse, chrome and spam removal, tables, metadata, digests).
//
//   clean_bench --pages DIR --fixtures DIR [--out DIR] [--min-seconds S] [--html-only]
//
// Prints one JSON line: pages, bytes, rounds, seconds, pages_per_s, mb_per_s.
// --out writes each page's clean_text to DIR/<annotation stem>.txt, for
// scoring with `clean_eval --texts DIR` like the other cleaners of run.sh.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "extract/clean.h"

namespace {

namespace fs = std::filesystem;

bool ReadWhole(const fs::path& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buf;
  buf << in.rdbuf();
  *out = std::move(buf).str();
  return true;
}

struct Page {
  std::string stem;
  std::string bytes;
  govharvest::CaptureRecord capture;
};

int Run(int argc, char** argv) {
  std::string pages_dir, fixtures_dir, out_dir;
  double min_seconds = 5;
  bool html_only = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (arg == "--pages") pages_dir = value();
    else if (arg == "--fixtures") fixtures_dir = value();
    else if (arg == "--out") out_dir = value();
    else if (arg == "--min-seconds") min_seconds = std::stod(value());
    else if (arg == "--html-only") html_only = true;
    else {
      std::fprintf(stderr, "clean_bench: unknown argument '%s'\n", arg.c_str());
      return 2;
    }
  }
  if (pages_dir.empty() || fixtures_dir.empty()) {
    std::fprintf(stderr, "usage: clean_bench --pages DIR --fixtures DIR [--out DIR] [--min-seconds S] [--html-only]\n");
    return 2;
  }
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(pages_dir)) {
    if (e.path().extension() == ".json") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<Page> pages;
  size_t total_bytes = 0;
  for (const auto& f : files) {
    std::string text;
    if (!ReadWhole(f, &text)) return 2;
    const auto annotation = nlohmann::json::parse(text, nullptr, false);
    if (!annotation.is_object() || !annotation.contains("source")) {
      std::fprintf(stderr, "clean_bench: %s: not an annotation\n", f.c_str());
      return 2;
    }
    const std::string source = annotation["source"];
    if (html_only && source.ends_with(".txt")) continue;
    Page p;
    p.stem = f.stem().string();
    if (!ReadWhole(fs::path(fixtures_dir) / source, &p.bytes)) {
      std::fprintf(stderr, "clean_bench: cannot read %s\n", source.c_str());
      return 2;
    }
    p.capture.requested_url = annotation.value("url", "");
    p.capture.final_url = p.capture.requested_url;
    p.capture.content_type = source.ends_with(".txt") ? "text/plain" : "text/html";
    total_bytes += p.bytes.size();
    pages.push_back(std::move(p));
  }
  if (pages.empty()) return 2;
  if (!out_dir.empty()) {
    fs::create_directories(out_dir);
    for (const Page& p : pages) {
      govharvest::CleanPage page;
      if (!govharvest::CleanCapture(p.bytes, p.capture, govharvest::CleanOptions(), &page).ok()) return 1;
      std::ofstream(fs::path(out_dir) / (p.stem + ".txt"), std::ios::binary) << page.clean_text;
    }
  }
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  double seconds = 0;
  long rounds = 0;
  size_t sink = 0;  // keeps the work observable
  while (rounds < 3 || seconds < min_seconds) {
    for (const Page& p : pages) {
      govharvest::CleanPage page;
      if (!govharvest::CleanCapture(p.bytes, p.capture, govharvest::CleanOptions(), &page).ok()) return 1;
      sink += page.clean_text.size();
    }
    ++rounds;
    seconds = std::chrono::duration<double>(Clock::now() - start).count();
  }
  const double n = static_cast<double>(pages.size()) * static_cast<double>(rounds);
  std::printf("%s\n", nlohmann::json{{"cleaner", "govharvest"},
                                     {"pages", pages.size()},
                                     {"bytes", total_bytes},
                                     {"rounds", rounds},
                                     {"seconds", seconds},
                                     {"pages_per_s", n / seconds},
                                     {"mb_per_s", static_cast<double>(total_bytes) * rounds / seconds / 1e6},
                                     {"text_bytes", sink / static_cast<size_t>(rounds)}}
                          .dump()
                          .c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) { return Run(argc, argv); }
