// Extraction accuracy: extracts every report of the gold files (gold/*.json)
// through the path of `govharvest extract` (CleanCapture for text dumps and
// HTML, ReadAttachment for PDF and DOCX, then ExtractReport) and scores the
// records against the gold (docs/extraction.md).
//
//   extract_eval --gold DIR --fixtures DIR [--json] [--verbose]
//
// A gold file is one report, possibly in several forms (inputs): the seed dump,
// simulator HTML pages of it (years shifted), a PDF, or a DOCX that the
// portal simulator's writer makes from the seed at run time ("docx_of").
// `tables.<table>` maps a field id to its value, or to null for a blank cell;
// it lists every reported cell of that table, so a reported cell outside the
// gold is a false positive. Scores per table (active = 表二, apply = 表三,
// appeal = 表四, legacy = pre-2019 统计表), over reported cells:
//   precision = right cells / cells output with a value
//   recall    = right cells / gold cells with a value
// Also checked: template, year, agency (where given), tables_status,
// narrative facts, flags, and the hard identities ("pass": no H1-H5 fails and
// at least one strict; "none": no hard check; {"fail_rules": [...]}: exactly
// those rules fail, because the printed report does not add up).
// `known_gap` (per gold file or per input: field or narrative key -> reason)
// excuses a value that is known to be read wrong; it is counted and printed,
// never hidden. An entry that excuses nothing (the value is right now) is
// stale and fails the run, so fixed gaps leave the gold.
//
// Exit 1 when any gold cell is wrong (not excused), any blank is output as a
// number, any known_gap is stale, or any other expectation fails; 2 on bad input.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "app/portal/portal_content.h"
#include "extract/attachment.h"
#include "extract/clean.h"
#include "extract/report.h"

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

const char* const kTables[] = {"active", "apply", "appeal", "legacy"};

std::string TableOf(const std::string& field) {
  for (const char* t : kTables) {
    if (field.starts_with(std::string(t) + ".")) return t;
  }
  return "";
}

struct TableScore {
  int64_t gold_values = 0;   // gold cells with a value
  int64_t output_values = 0; // output cells with a value, in a scored table
  int64_t right = 0;         // output value == gold value
  int64_t gold_blanks = 0, blanks_right = 0, blank_as_number = 0;
  int64_t number_as_blank = 0;  // gold value, output says the cell is blank: a false claim too
  void Add(const TableScore& o) {
    gold_values += o.gold_values;
    output_values += o.output_values;
    right += o.right;
    gold_blanks += o.gold_blanks;
    blanks_right += o.blanks_right;
    blank_as_number += o.blank_as_number;
    number_as_blank += o.number_as_blank;
  }
  double Precision() const { return output_values > 0 ? static_cast<double>(right) / output_values : 1.0; }
  double Recall() const { return gold_values > 0 ? static_cast<double>(right) / gold_values : 1.0; }
};

struct InputResult {
  std::string name, form;
  std::map<std::string, TableScore> tables;
  std::vector<std::string> errors;     // failed expectations
  std::vector<std::string> known_gaps; // excused wrong cells
  std::set<std::string> gaps_used;      // keys of the known_gap entries that excused something
  bool identities_expected_pass = false;
  bool identities_pass = false;
};

// Reads one input into a record the way `govharvest extract` does.
bool ExtractInput(const json& input, const std::string& fixtures, ReportRecord* record, std::string* name,
                  std::string* error) {
  const std::string form = input.value("form", "");
  std::string bytes;
  CaptureRecord capture;
  CleanPage page;
  Status s;
  if (input.contains("docx_of")) {
    const std::string seed_path = input["docx_of"].get<std::string>();
    *name = seed_path + " (as DOCX)";
    std::string seed;
    if (!ReadWhole(fixtures + "/" + seed_path, &seed)) {
      *error = "cannot read " + seed_path;
      return false;
    }
    bytes = portal::BlocksToDocx(input.value("title", ""),
                                 portal::ParseText(portal::SplitLines(seed), input.value("markdown", false)));
    capture.requested_url = "http://eval.example.gov.cn/report.docx";
    capture.content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  } else {
    const std::string path = input.value("path", "");
    *name = path;
    if (!ReadWhole(fixtures + "/" + path, &bytes)) {
      *error = "cannot read " + path;
      return false;
    }
    capture.requested_url = "http://eval.example.gov.cn/" + fs::path(path).filename().string();
    capture.content_type = form == "pdf" ? "application/pdf" : form == "text" ? "text/plain" : "text/html";
  }
  capture.final_url = capture.requested_url;
  if (form == "pdf" || form == "docx") {
    s = ReadAttachment(bytes, capture, CleanOptions(), &page);
  } else {
    s = CleanCapture(bytes, capture, CleanOptions(), &page);
  }
  if (!s.ok()) {
    *error = "reading failed: " + s.ToString();
    return false;
  }
  s = ExtractReport(page, record);
  if (!s.ok()) {
    *error = "ExtractReport failed: " + s.ToString();
    return false;
  }
  return true;
}

std::string Num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

InputResult ScoreInput(const json& gold, const json& input, const std::string& fixtures) {
  InputResult res;
  res.form = input.value("form", "");
  ReportRecord r;
  std::string error;
  if (!ExtractInput(input, fixtures, &r, &res.name, &error)) {
    res.errors.push_back(error);
    return res;
  }
  static const json kEmpty = json::object();
  json known = gold.contains("known_gap") ? gold["known_gap"] : kEmpty;
  if (input.contains("known_gap")) known.update(input["known_gap"]);
  // Cells.
  const json& tables = gold["tables"];
  for (const char* t : kTables) {
    TableScore& score = res.tables[t];
    if (!tables.contains(t)) continue;
    const json& g = tables[t];
    for (const auto& [field, value] : g.items()) {
      const std::optional<double> out = r.Value(field);
      const ReportCell* cell = r.Cell(field);
      const bool derived = cell != nullptr && cell->status == "derived";
      if (value.is_null()) {
        ++score.gold_blanks;
        if (out.has_value() && !derived) {
          ++score.blank_as_number;
          res.errors.push_back(field + ": blank in the source, output as " + Num(*out));
        } else {
          ++score.blanks_right;
        }
        continue;
      }
      ++score.gold_values;
      const double want = value.get<double>();
      if (out.has_value() && !derived && std::fabs(*out - want) < 1e-9) {
        ++score.right;
        continue;
      }
      if (cell != nullptr && cell->status == "blank") ++score.number_as_blank;
      const std::string got = cell == nullptr ? "absent" : cell->status + (out ? " " + Num(*out) : "");
      const std::string msg = field + ": gold " + Num(want) + ", output " + got;
      if (known.contains(field)) {
        res.known_gaps.push_back(msg + " (known gap: " + known[field].get<std::string>() + ")");
        res.gaps_used.insert(field);
      } else {
        res.errors.push_back(msg);
      }
    }
    // Every reported cell of a gold table is scored (precision).
    for (const auto& [field, cell] : r.cells) {
      if (TableOf(field) != t || cell.status != "reported" || !cell.value.has_value()) continue;
      ++score.output_values;
      if (!g.contains(field)) res.errors.push_back(field + ": output " + Num(*cell.value) + ", not in the gold");
    }
  }
  // Record-level expectations (an input may override year and agency).
  const int year = input.value("year", gold.value("year", 0));
  if (year != 0 && r.report_year != year) {
    const std::string msg = "report_year: gold " + std::to_string(year) + ", output " + std::to_string(r.report_year);
    if (known.contains("report_year")) {
      res.known_gaps.push_back(msg + " (known gap: " + known["report_year"].get<std::string>() + ")");
      res.gaps_used.insert("report_year");
    } else {
      res.errors.push_back(msg);
    }
  }
  if (gold.contains("template") && r.template_version != gold["template"].get<std::string>()) {
    res.errors.push_back("template: gold " + gold["template"].get<std::string>() + ", output " + r.template_version);
  }
  // Expectations other than cells and facts may be excused too, under the keys
  // "tables_status", "flag <name>" and "hard_identities".
  auto fail = [&](const std::string& key, const std::string& msg) {
    if (known.contains(key)) {
      res.known_gaps.push_back(msg + " (known gap: " + known[key].get<std::string>() + ")");
      res.gaps_used.insert(key);
    } else {
      res.errors.push_back(msg);
    }
  };
  if (gold.contains("tables_status") && r.tables_status != gold["tables_status"].get<std::string>()) {
    fail("tables_status", "tables_status: gold " + gold["tables_status"].get<std::string>() + ", output " +
                              r.tables_status);
  }
  if (input.contains("agency") && r.agency_name != input["agency"].get<std::string>()) {
    res.errors.push_back("agency: gold " + input["agency"].get<std::string>() + ", output " + r.agency_name);
  }
  if (input.contains("agency_source") && r.agency_name_source != input["agency_source"].get<std::string>()) {
    res.errors.push_back("agency_name_source: gold " + input["agency_source"].get<std::string>() + ", output " +
                         r.agency_name_source);
  }
  const json& narrative = gold.contains("narrative") ? gold["narrative"] : kEmpty;
  for (const auto& [key, value] : narrative.items()) {
    const NarrativeFact* found = nullptr;
    for (const NarrativeFact& f : r.narrative_facts) {
      if (f.key == key) {
        found = &f;
        break;
      }
    }
    if (found == nullptr || std::fabs(found->value - value.get<double>()) > 1e-9) {
      const std::string msg = key + ": gold " + Num(value.get<double>()) + ", output " +
                              (found ? Num(found->value) : std::string("none"));
      if (known.contains(key)) {
        res.known_gaps.push_back(msg + " (known gap: " + known[key].get<std::string>() + ")");
        res.gaps_used.insert(key);
      } else {
        res.errors.push_back(msg);
      }
    }
  }
  const json& flags = gold.contains("flags") ? gold["flags"] : kEmpty;
  for (const auto& flag : flags) {
    const std::string f = flag.get<std::string>();
    // template_mismatch depends on the year, which the simulator pages shift.
    if (f == "template_mismatch" && year != 0 && year < 2021) continue;
    if (!r.HasFlag(f)) fail("flag " + f, "flag " + f + " missing");
  }
  // Hard identities.
  std::set<std::string> failed_rules;
  int strict = 0;
  for (const ReportCheck& c : r.hard_checks) {
    if (c.outcome == "fail") failed_rules.insert(c.rule);
    strict += c.outcome == "strict";
  }
  const json& hard = gold["hard_identities"];
  if (hard.is_string() && hard.get<std::string>() == "none") {
    if (!r.hard_checks.empty()) {
      fail("hard_identities", "hard identities: none expected, output has " + r.hard_checks.front().rule + " " +
                                  r.hard_checks.front().scope + " (" + std::to_string(r.hard_checks.size()) + ")");
    }
  } else {
    std::set<std::string> expected_fail;
    if (hard.is_object()) {
      for (const auto& rule : hard["fail_rules"]) expected_fail.insert(rule.get<std::string>());
    }
    res.identities_expected_pass = expected_fail.empty();
    res.identities_pass = failed_rules.empty() && strict > 0;
    if (failed_rules != expected_fail || strict == 0) {
      std::string got;
      for (const auto& f : failed_rules) got += f + " ";
      fail("hard_identities", "hard identities: failing rules [" + got + "], strict " + std::to_string(strict));
    }
  }
  return res;
}

int Run(int argc, char** argv) {
  std::string gold_dir, fixtures;
  bool as_json = false, verbose = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--gold" && i + 1 < argc) gold_dir = argv[++i];
    else if (arg == "--fixtures" && i + 1 < argc) fixtures = argv[++i];
    else if (arg == "--json") as_json = true;
    else if (arg == "--verbose") verbose = true;
    else if ((arg == "--blocks" || arg == "--blocks-markdown") && i + 1 < argc) {
      // Helper for making fixtures (docs/extraction.md): prints the blocks the
      // portal simulator parses from a text dump (or a Markdown file), as JSON
      // for tests/fixtures/attachments/make_pdf.py and make_forms.py.
      std::string text;
      if (!ReadWhole(argv[i + 1], &text)) return 2;
      json out = json::array();
      for (const portal::Block& b : portal::ParseText(portal::SplitLines(text), arg == "--blocks-markdown")) {
        out.push_back({{"kind", static_cast<int>(b.kind)}, {"text", b.text}, {"rows", b.rows}});
      }
      std::printf("%s\n", out.dump(1).c_str());
      return 0;
    } else {
      std::fprintf(stderr, "extract_eval: unknown argument '%s'\n", arg.c_str());
      return 2;
    }
  }
  std::vector<fs::path> files;
  if (!gold_dir.empty() && fs::is_directory(gold_dir)) {
    for (const auto& e : fs::directory_iterator(gold_dir)) {
      if (e.path().extension() == ".json") files.push_back(e.path());
    }
  }
  std::sort(files.begin(), files.end());
  if (files.empty() || fixtures.empty()) {
    std::fprintf(stderr, "usage: extract_eval --gold DIR --fixtures DIR [--json] [--verbose]\n");
    return 2;
  }
  std::map<std::string, TableScore> total;            // table -> score
  std::map<std::string, std::map<std::string, TableScore>> by_form;  // form -> table -> score
  std::map<std::string, int> inputs_by_form;
  int inputs = 0, failed_inputs = 0, identity_expected = 0, identity_passed = 0, gaps = 0;
  json report = json::array();
  std::vector<std::string> stale_gold_gaps;
  for (const fs::path& file : files) {
    std::string text;
    json gold;
    if (!ReadWhole(file.string(), &text)) return 2;
    try {
      gold = json::parse(text);
    } catch (const json::exception& e) {
      std::fprintf(stderr, "extract_eval: %s: %s\n", file.c_str(), e.what());
      return 2;
    }
    std::set<std::string> gold_gaps_used;
    for (const json& input : gold["inputs"]) {
      InputResult res = ScoreInput(gold, input, fixtures);
      // A known gap that excuses nothing is stale: the value is now right, and
      // the entry must go so the gold stays true.
      if (input.contains("known_gap")) {
        for (const auto& [key, reason] : input["known_gap"].items()) {
          if (!res.gaps_used.count(key)) res.errors.push_back("stale known_gap '" + key + "': the output is right now");
        }
      }
      ++inputs;
      ++inputs_by_form[res.form];
      failed_inputs += !res.errors.empty();
      identity_expected += res.identities_expected_pass;
      identity_passed += res.identities_expected_pass && res.identities_pass;
      gaps += static_cast<int>(res.known_gaps.size());
      for (const auto& [t, s] : res.tables) {
        total[t].Add(s);
        by_form[res.form][t].Add(s);
      }
      report.push_back({{"gold", file.filename().string()}, {"input", res.name}, {"errors", res.errors},
                        {"known_gaps", res.known_gaps}, {"known_gap_keys_used", res.gaps_used}});
      for (const auto& key : res.gaps_used) gold_gaps_used.insert(key);
      if (!as_json && (verbose || !res.errors.empty() || !res.known_gaps.empty())) {
        std::printf("%-18s %-52s %s\n", file.stem().c_str(), res.name.c_str(),
                    res.errors.empty() ? "ok" : "FAIL");
        for (const auto& e : res.errors) std::printf("    %s\n", e.c_str());
        for (const auto& e : res.known_gaps) std::printf("    %s\n", e.c_str());
      }
    }
    if (gold.contains("known_gap")) {
      for (const auto& [key, reason] : gold["known_gap"].items()) {
        if (!gold_gaps_used.count(key)) {
          stale_gold_gaps.push_back(file.stem().string() + ": stale known_gap '" + key +
                                    "': no input needs it, the output is right now");
        }
      }
    }
  }
  if (!stale_gold_gaps.empty()) ++failed_inputs;
  for (const auto& msg : stale_gold_gaps) std::printf("%s\n", msg.c_str());
  int64_t blank_as_number = 0, number_as_blank = 0, wrong = 0;
  for (const auto& [t, s] : total) {
    blank_as_number += s.blank_as_number;
    number_as_blank += s.number_as_blank;
    wrong += s.gold_values - s.right;
  }
  if (as_json) {
    json figures = json::object();
    for (const auto& [t, s] : total) {
      figures[t] = {{"precision", s.Precision()}, {"recall", s.Recall()}, {"gold_values", s.gold_values},
                    {"gold_blanks", s.gold_blanks}, {"blank_as_number", s.blank_as_number},
                    {"number_as_blank", s.number_as_blank}};
    }
    std::printf("%s\n", json{{"inputs", report}, {"tables", figures}, {"identity_pass", identity_passed},
                             {"identity_expected", identity_expected}}.dump(1).c_str());
  } else {
    std::printf("\n%zu reports (gold files), %d inputs:", files.size(), inputs);
    for (const auto& [form, n] : inputs_by_form) std::printf(" %s %d", form.c_str(), n);
    std::printf("\n\n%-8s %-6s %10s %10s %12s %12s %14s %14s\n", "table", "form", "precision", "recall",
                "gold values", "gold blanks", "blank as num", "num as blank");
    auto row = [](const std::string& t, const std::string& form, const TableScore& s) {
      std::printf("%-8s %-6s %10.4f %10.4f %12lld %12lld %14lld %14lld\n", t.c_str(), form.c_str(), s.Precision(),
                  s.Recall(), static_cast<long long>(s.gold_values), static_cast<long long>(s.gold_blanks),
                  static_cast<long long>(s.blank_as_number), static_cast<long long>(s.number_as_blank));
    };
    for (const char* t : kTables) row(t, "all", total[t]);
    for (const auto& [form, tables] : by_form) {
      for (const char* t : kTables) {
        const auto it = tables.find(t);
        if (it != tables.end() && (it->second.gold_values > 0 || it->second.gold_blanks > 0)) row(t, form, it->second);
      }
    }
    std::printf("\nhard identities pass: %d / %d inputs expected to pass (%.1f%%)\n", identity_passed,
                identity_expected, identity_expected > 0 ? 100.0 * identity_passed / identity_expected : 100.0);
    std::printf("gold cells not read right: %lld; known gaps listed (cells and facts): %d; blanks output as numbers: "
                "%lld; numbers output as blanks: %lld; inputs failing: %d\n",
                static_cast<long long>(wrong), gaps, static_cast<long long>(blank_as_number),
                static_cast<long long>(number_as_blank), failed_inputs);
  }
  return failed_inputs == 0 ? 0 : 1;
}

}  // namespace
}  // namespace govharvest

int main(int argc, char** argv) { return govharvest::Run(argc, argv); }
