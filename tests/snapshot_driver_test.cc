// The snapshot driver of `export` without the command line
// (pipeline/snapshot_driver.h): files and manifest, the atomic swap with
// stale temporaries, reproducible bytes and the WARC year rule.
#include "pipeline/snapshot_driver.h"

#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pipeline/extract_pass.h"
#include "store/archive.h"
#include "store/records.h"
#include "tests/test_util.h"

namespace govharvest {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kFixtures = std::string(GOVHARVEST_SOURCE_DIR) + "/tests/fixtures";

class SnapshotDriverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ArchiveOptions options;
    options.create_if_missing = true;
    ASSERT_TRUE(Archive::Open(dir_ / "archive", options, &archive_).ok());
    int64_t at = 1700000000000000;
    for (const std::string year : {"2020", "2021", "2022"}) {
      CaptureRecord c;
      c.requested_url = "http://www.huaian.gov.cn/art/" + year + "/report.html";
      c.fetched_at = at++;
      c.content_type = "text/html";
      ASSERT_TRUE(archive_->PutCapture(c, testing::ReadFile(kFixtures + "/portal-pages/hanweb-" + year + ".html")).ok());
    }
    ExtractPassOptions extract;
    ExtractSummary summary;
    ASSERT_TRUE(RunExtractPass(*archive_, extract, &summary).ok());
    ASSERT_EQ(summary.reports_extracted, 3);
  }
  SnapshotDriverOptions Options(const std::vector<std::string>& formats) {
    SnapshotDriverOptions options;
    options.out = fs::path(dir_ / "snapshot");
    options.formats = formats;
    options.archive_name = "archive";
    return options;
  }

  testing::ScratchDir dir_;
  std::unique_ptr<Archive> archive_;
};

TEST_F(SnapshotDriverTest, WritesTheFilesAndTheManifestAndIsReproducible) {
  SnapshotDriverOptions options = Options({"csv", "jsonl", "summary", "warc"});
  int64_t last_done = 0, last_total = 0;
  options.progress = [&](int64_t done, int64_t total) {
    last_done = done;
    last_total = total;
  };
  SnapshotDriverResult first;
  const Status s = WriteSnapshot(*archive_, options, &first);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(last_done, 3);
  EXPECT_EQ(last_total, 3);
  EXPECT_EQ(first.counts["reports"], 3);
  EXPECT_EQ(first.counts["captures"], 3);
  EXPECT_EQ(first.warc_files, 1);
  EXPECT_TRUE(first.damaged_captures.empty());
  EXPECT_TRUE(std::is_sorted(first.files.begin(), first.files.end()));
  const json manifest = json::parse(testing::ReadFile(dir_ / "snapshot/manifest.json"));
  EXPECT_EQ(manifest["snapshot_id"], first.snapshot_id);
  ASSERT_EQ(manifest["files"].size(), first.files.size());
  for (size_t i = 0; i < first.files.size(); ++i) {
    EXPECT_EQ(manifest["files"][i]["path"], first.files[i]);
    EXPECT_TRUE(fs::exists(dir_ / ("snapshot/" + first.files[i]))) << first.files[i];
  }
  const std::string reports = testing::ReadFile(dir_ / "snapshot/reports.jsonl");

  // Again over the existing snapshot: replaced whole, the same bytes.
  testing::WriteFile(dir_ / "snapshot/stray.txt", "left from before");
  SnapshotDriverResult second;
  ASSERT_TRUE(WriteSnapshot(*archive_, options, &second).ok());
  EXPECT_EQ(second.snapshot_id, first.snapshot_id);
  EXPECT_EQ(second.files, first.files);
  EXPECT_EQ(testing::ReadFile(dir_ / "snapshot/reports.jsonl"), reports);
  EXPECT_FALSE(fs::exists(dir_ / "snapshot/stray.txt"));
  for (const auto& entry : fs::directory_iterator(dir_.path())) {
    EXPECT_FALSE(entry.path().filename().string().starts_with(".snapshot.")) << entry.path();
  }
}

TEST_F(SnapshotDriverTest, WarcWithYearsHoldsThoseYearsReports) {
  SnapshotDriverOptions options = Options({"warc"});
  options.years_text = "2021";
  options.year_min = options.year_max = 2021;
  SnapshotDriverResult result;
  ASSERT_TRUE(WriteSnapshot(*archive_, options, &result).ok());
  EXPECT_EQ(result.counts["captures"], 1) << result.counts.dump();
  EXPECT_FALSE(result.counts.contains("reports")) << "no report format asked for";
  const json manifest = json::parse(testing::ReadFile(dir_ / "snapshot/manifest.json"));
  EXPECT_EQ(manifest["filters"]["years"], "2021");
}

TEST(RemoveStaleTemporariesTest, RemovesOnlyDeadExportsTemporaries) {
  testing::ScratchDir dir;
  const fs::path out = dir.path() / "snap";
  const std::string dead = ".snap.tmp-4194399";  // above the largest pid_max (2^22): no such process
  const std::string live = ".snap.tmp-" + std::to_string(::getpid());
  for (const std::string& name : {dead, live, std::string(".snap.tmp-abc"), std::string(".other.tmp-4194399"),
                                 std::string(".snap.old-4194399")}) {
    fs::create_directories(dir.path() / name / "inner");
  }
  RemoveStaleTemporaries(out, ".tmp-");
  EXPECT_FALSE(fs::exists(dir.path() / dead));
  EXPECT_TRUE(fs::exists(dir.path() / live));
  EXPECT_TRUE(fs::exists(dir.path() / ".snap.tmp-abc"));
  EXPECT_TRUE(fs::exists(dir.path() / ".other.tmp-4194399"));
  EXPECT_TRUE(fs::exists(dir.path() / ".snap.old-4194399"));
  RemoveStaleTemporaries(out, ".old-");
  EXPECT_FALSE(fs::exists(dir.path() / ".snap.old-4194399"));
}

}  // namespace
}  // namespace govharvest
