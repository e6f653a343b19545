// Cross-year checks in `govharvest extract` and `govharvest show`, run as a
// user would, on the simulator's 洪泽区 report pages (tests/fixtures/SOURCES.md).
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "store/archive.h"
#include "tests/test_util.h"

namespace govharvest {
namespace {

using nlohmann::json;
using testing::ProcessResult;
using testing::ReadFile;
using testing::RunProcess;
using testing::ScratchDir;
using testing::WriteFile;
using testing::RunGovharvest;
using testing::Contains;
using testing::IsOneLine;

const std::string kBinary = GOVHARVEST_BIN;
const std::string kPages = std::string(GOVHARVEST_SOURCE_DIR) + "/tests/fixtures/portal-pages";

const std::string kUrl2019 = "http://www.hongze.gov.cn/xxgk/zfxxgknb/202001/t20200115_1000001.html";
const std::string kUrl2021 = "http://www.hongze.gov.cn/xxgk/zfxxgknb/202201/t20220111_1245096.html";
const std::string kUrl2022 = "http://www.hongze.gov.cn/xxgk/zfxxgknb/202301/t20230112_1300001.html";


void Import(const std::string& archive, const std::string& file, const std::string& url) {
  ProcessResult r = RunGovharvest(archive, {"archive", "import", file, "--url", url, "--fetched-at", "2023-02-01T09:00:00+08:00"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
}

json Extract(const std::string& archive, std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"extract"};
  args.insert(args.end(), extra.begin(), extra.end());
  ProcessResult r = RunGovharvest(archive, args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return json::parse(r.out);
}

// The payload digest of the latest capture of `url` and its document digest.
struct DocRef {
  std::string payload;
  std::string digest;
};

DocRef RefOf(const std::string& archive_dir, const std::string& url) {
  ArchiveOptions options;
  options.read_only = true;
  std::unique_ptr<Archive> archive;
  EXPECT_TRUE(Archive::Open(archive_dir, options, &archive).ok());
  if (!archive) return {};
  CaptureRecord capture;
  EXPECT_TRUE(archive->GetLatestCapture(url, &capture).ok()) << url;
  std::string marker;
  EXPECT_TRUE(archive->GetDoc("cleaned/" + capture.payload_digest, &marker).ok()) << url;
  return {capture.payload_digest, json::parse(marker).value("document_digest", "")};
}

json ReadDoc(const std::string& archive_dir, const std::string& key) {
  ArchiveOptions options;
  options.read_only = true;
  std::unique_ptr<Archive> archive;
  EXPECT_TRUE(Archive::Open(archive_dir, options, &archive).ok());
  if (!archive) return json();
  std::string text;
  Status s = archive->GetDoc(key, &text);
  EXPECT_TRUE(s.ok()) << key << ": " << s.ToString();
  return s.ok() ? json::parse(text) : json();
}

std::vector<json> AcrossYears(const json& doc) {
  std::vector<json> out;
  for (const json& c : doc["report"]["validation"]["soft"]) {
    if (c.contains("across_years")) out.push_back(c);
  }
  return out;
}

json CellValue(const json& doc, const std::string& field) {
  for (const json& c : doc["report"]["tables"]["cells"]) {
    if (c["field"] == field) return c["value"];
  }
  return json();
}

TEST(AcrossYearsTest, S1AndS2RecordedOnBothRecordsIdempotently) {
  ScratchDir dir;
  const std::string archive = dir / "archive";
  Import(archive, kPages + "/trs-2019.html", kUrl2019);
  Import(archive, kPages + "/trs-2021.html", kUrl2021);
  Import(archive, kPages + "/trs-2022.html", kUrl2022);
  const json summary = Extract(archive);
  EXPECT_EQ(summary["reports_extracted"], 3) << summary.dump(2);
  EXPECT_EQ(summary["across_years_agencies"], 1) << summary.dump(2);
  EXPECT_EQ(summary["across_years_pairs"], 1) << summary.dump(2);  // 2019 has no 2018/2020 neighbour
  EXPECT_EQ(summary["across_years_documents_updated"], 2) << summary.dump(2);

  const DocRef r2019 = RefOf(archive, kUrl2019), r2021 = RefOf(archive, kUrl2021), r2022 = RefOf(archive, kUrl2022);
  const json d2019 = ReadDoc(archive, r2019.digest), d2021 = ReadDoc(archive, r2021.digest),
             d2022 = ReadDoc(archive, r2022.digest);
  ASSERT_EQ(d2021["report"]["identity"]["agency_id"], "320813:淮安市洪泽区人民政府");
  ASSERT_EQ(d2021["report"]["identity"]["agency_id"], d2022["report"]["identity"]["agency_id"]);
  EXPECT_TRUE(AcrossYears(d2019).empty());
  const std::vector<json> on2021 = AcrossYears(d2021), on2022 = AcrossYears(d2022);
  ASSERT_EQ(on2021.size(), 9u);  // S1 for the 7 applicant columns, S2 for 规章 and 规范性文件
  ASSERT_EQ(on2022.size(), 9u);
  int s1 = 0;
  for (size_t i = 0; i < on2022.size(); ++i) {
    EXPECT_EQ(on2022[i]["across_years"]["other_document"], r2021.digest);
    EXPECT_EQ(on2022[i]["across_years"]["other_year"], 2021);
    EXPECT_EQ(on2021[i]["across_years"]["other_document"], r2022.digest);
    EXPECT_EQ(on2021[i]["across_years"]["other_year"], 2022);
    EXPECT_EQ(on2021[i]["across_years"]["years"], json::array({2021, 2022}));
    // Both records hold the same result.
    for (const char* key : {"rule", "scope", "lhs", "rhs", "outcome"}) EXPECT_EQ(on2021[i][key], on2022[i][key]) << key;
    if (on2022[i]["rule"] != "S1") continue;
    ++s1;
    const std::string col = on2022[i]["scope"];
    const json lhs = CellValue(d2022, "apply.carried_over." + col), rhs = CellValue(d2021, "apply.carry_forward." + col);
    ASSERT_TRUE(lhs.is_number() && rhs.is_number()) << col;
    EXPECT_EQ(on2022[i]["lhs"], lhs) << col;
    EXPECT_EQ(on2022[i]["rhs"], rhs) << col;
    EXPECT_EQ(on2022[i]["outcome"], lhs == rhs ? "ok" : "warn") << col;
  }
  EXPECT_EQ(s1, 7);
  // S2 on 规范性文件: in force in 2022 vs in force in 2021 + issued - repealed in 2022 (5 vs 5 + 4 - 1).
  const json& s2 = on2022.back();
  ASSERT_EQ(s2["rule"], "S2");
  ASSERT_EQ(s2["scope"], "normative");
  const json in_force = CellValue(d2022, "active.normative.in_force");
  const json expected = CellValue(d2021, "active.normative.in_force").get<double>() +
                        CellValue(d2022, "active.normative.issued").get<double>() -
                        CellValue(d2022, "active.normative.repealed").get<double>();
  EXPECT_EQ(s2["lhs"], in_force);
  EXPECT_EQ(s2["rhs"], expected);
  EXPECT_EQ(s2["outcome"], in_force == expected ? "ok" : "warn");
  EXPECT_EQ(s2["outcome"], "warn");  // the simulator repeats one year's 表二

  // A second run changes nothing; --all recomputes the same entries once.
  const json again = Extract(archive);
  EXPECT_EQ(again["across_years_pairs"], 1);
  EXPECT_EQ(again["across_years_documents_updated"], 0);
  EXPECT_EQ(ReadDoc(archive, r2021.digest), d2021);
  EXPECT_EQ(ReadDoc(archive, r2022.digest), d2022);
  const json all = Extract(archive, {"--all"});
  EXPECT_EQ(all["across_years_pairs"], 1);
  EXPECT_EQ(ReadDoc(archive, r2021.digest)["report"], d2021["report"]);
  EXPECT_EQ(ReadDoc(archive, r2022.digest)["report"], d2022["report"]);
}

TEST(ShowTest, LaysOutTablesAndMarksFailedIdentities) {
  ScratchDir dir;
  const std::string archive = dir / "archive";
  // 洪泽区 2021 with 本年新收 总计 changed from 125 to 126: H3 fails on that row.
  std::string page = ReadFile(kPages + "/trs-2021.html");
  const size_t row = page.find("一、本年新收政府信息公开申请数量");
  ASSERT_NE(row, std::string::npos);
  const size_t cell = page.find(">125</td></tr>", row);
  ASSERT_NE(cell, std::string::npos);
  page.replace(cell, 4, ">126");
  WriteFile(dir / "edited.html", page);
  Import(archive, dir / "edited.html", kUrl2021);
  Import(archive, kPages + "/trs-2022.html", kUrl2022);
  Extract(archive);

  ProcessResult bad = RunGovharvest(archive, {"show", kUrl2021});
  ASSERT_EQ(bad.exit_code, 0) << bad.err;
  const std::string& out = bad.out;
  EXPECT_TRUE(Contains(out, "淮安市洪泽区人民政府")) << out;
  // The agency id and what decided its division.
  EXPECT_TRUE(Contains(out, "agency id       320813:淮安市洪泽区人民政府  (from name)")) << out;
  EXPECT_TRUE(Contains(out, "v2021")) << out;
  EXPECT_TRUE(Contains(out, "表三")) << out;
  EXPECT_TRUE(Contains(out, "表四")) << out;
  // The 表三 header and the edited row with its values in column order.
  EXPECT_TRUE(Contains(out, "自然人")) << out;
  const size_t new_row = out.find("一、本年新收政府信息公开申请数量");
  ASSERT_NE(new_row, std::string::npos) << out;
  const std::string new_line = out.substr(new_row, out.find('\n', new_row) - new_row);
  EXPECT_LT(new_line.find("117"), new_line.find("126")) << new_line;
  // The failed identity is marked on the next line.
  const size_t next = out.find('\n', new_row) + 1;
  const std::string mark = out.substr(next, out.find('\n', next) - next);
  EXPECT_TRUE(Contains(mark, "✗ H3 new: fail 126 ≠ 125")) << out;
  // ... with its numbers: the total read, then the applicant columns.
  EXPECT_TRUE(Contains(mark, "— H3: 126 != 117 + ")) << mark;
  EXPECT_TRUE(Contains(out, "fail (✗ above)")) << out;
  EXPECT_TRUE(Contains(out, "Soft checks")) << out;
  EXPECT_TRUE(Contains(out, "across years, other report 2022")) << out;
  EXPECT_TRUE(Contains(out, "hard_identity_failed")) << out;

  // The unedited 2022 report: tables, no failed identity.
  ProcessResult good = RunGovharvest(archive, {"show", kUrl2022});
  ASSERT_EQ(good.exit_code, 0) << good.err;
  EXPECT_TRUE(Contains(good.out, "一、本年新收政府信息公开申请数量")) << good.out;
  EXPECT_TRUE(Contains(good.out, "规章")) << good.out;
  EXPECT_FALSE(Contains(good.out, "✗")) << good.out;
}

TEST(ShowTest, ListsAmbiguousRows) {
  ScratchDir dir;
  const std::string archive = dir / "archive";
  // 洪泽区 2021 with the 表二 row 规章 moved into a table of its own that lost a
  // cell: which column is missing is unknown, so the row has no values.
  std::string page = ReadFile(kPages + "/trs-2021.html");
  const size_t row = page.find("<tr><td style=\"border: 1px solid #000;\">规章</td>");
  ASSERT_NE(row, std::string::npos);
  const size_t end = page.find("</tr>", row) + 5;
  page.replace(row, end - row, "</table><table><tr><td>规章</td><td>0</td><td>0</td></tr></table><table>");
  WriteFile(dir / "edited.html", page);
  Import(archive, dir / "edited.html", kUrl2021);
  const json summary = Extract(archive);
  EXPECT_EQ(summary["reports_with_ambiguous_rows"], 1) << summary.dump();
  EXPECT_EQ(summary["reports_without_agency_id"], 0) << summary.dump();
  ProcessResult shown = RunGovharvest(archive, {"show", kUrl2021});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_TRUE(Contains(shown.out, "Ambiguous rows")) << shown.out;
  EXPECT_TRUE(Contains(shown.out, "? 表二 规章: 0 0 (a cell is missing and which one is unknown)")) << shown.out;
  EXPECT_TRUE(Contains(shown.out, "ambiguous_rows")) << shown.out;  // the flag
}

TEST(ShowTest, AReportWithoutTableDataIsNotPassing) {
  ScratchDir dir;
  const std::string archive = dir / "archive";
  // Seed 000: its tables are images, so no hard check has data.
  const std::string url = "http://www.xiangfuqu.gov.cn/xxgk/nb/2019.html";
  Import(archive, std::string(GOVHARVEST_SOURCE_DIR) + "/tests/fixtures/seeds/000_9de06cae2ece0565.txt", url);
  Extract(archive);
  ProcessResult r = RunGovharvest(archive, {"show", url});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Contains(r.out, "Hard identities: none checked (no table data)")) << r.out;
  EXPECT_FALSE(Contains(r.out, " pass")) << r.out;
}

TEST(ShowTest, JsonIsTheStoredRecordWhateverTheTarget) {
  ScratchDir dir;
  const std::string archive = dir / "archive";
  Import(archive, kPages + "/trs-2021.html", kUrl2021);
  Extract(archive);
  const DocRef ref = RefOf(archive, kUrl2021);
  const json stored = ReadDoc(archive, ref.digest)["report"];
  ASSERT_TRUE(stored.is_object());
  std::string text;
  for (const std::string& target : {kUrl2021, ref.digest, ref.payload}) {
    ProcessResult r = RunGovharvest(archive, {"show", target, "--json"});
    ASSERT_EQ(r.exit_code, 0) << target << ": " << r.err;
    EXPECT_EQ(json::parse(r.out), stored) << target;
    ProcessResult t = RunGovharvest(archive, {"show", target});
    ASSERT_EQ(t.exit_code, 0) << target << ": " << t.err;
    if (text.empty()) text = t.out;
    EXPECT_EQ(t.out, text) << target;
  }
}

TEST(ShowTest, OneLineErrorsNamingTheInput) {
  ScratchDir dir;
  const std::string archive = dir / "archive";
  Import(archive, kPages + "/trs-2021.html", kUrl2021);
  // A page that is not a report: cleaned into a document without a record.
  const std::string other_url = "http://www.example.gov.cn/other.html";
  Import(archive, std::string(GOVHARVEST_SOURCE_DIR) + "/tests/fixtures/gov-pages/other.html", other_url);
  Extract(archive);
  const std::string unknown_digest = "sha256:" + std::string(64, '0');
  const std::string unknown_url = "http://www.hongze.gov.cn/nowhere.html";
  for (const std::string& target : {unknown_digest, unknown_url, std::string("not-a-target"), other_url}) {
    ProcessResult r = RunGovharvest(archive, {"show", target});
    EXPECT_EQ(r.exit_code, 1) << target;
    EXPECT_TRUE(r.out.empty()) << target;
    EXPECT_TRUE(IsOneLine(r.err)) << r.err;
    EXPECT_TRUE(Contains(r.err, target)) << r.err;
  }
  ProcessResult other = RunGovharvest(archive, {"show", other_url});
  EXPECT_TRUE(Contains(other.err, "no report")) << other.err;
}

}  // namespace
}  // namespace govharvest
