// `govharvest discover` on the simulator's portal trees (govharvest-portal
// --trees): every column of the ground truth found, no decoy, every name,
// level and division code the manifest gives; requests per body; the file
// crawls without edits; a re-run keeps pinned sites and reports vanished
// ones; usage errors and an empty walk are loud.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "config/config.h"
#include "tests/portal_process.h"
#include "tests/test_util.h"

namespace govharvest {
namespace {

using nlohmann::json;
using testing::ProcessResult;
using testing::ReadFile;
using testing::RunGovharvest;
using testing::ScratchDir;
using testing::WriteFile;

// The column URL as compared: without a trailing index.html or '/'.
std::string Key(std::string url) {
  for (const std::string end : {"index.html", "/"}) {
    if (url.size() > end.size() && url.compare(url.size() - end.size(), end.size(), end) == 0) {
      url.resize(url.size() - end.size());
    }
  }
  return url;
}

class DiscoverTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    portal_ = new testing::PortalProcess({"--trees", "--seed", "3"});
    if (!portal_->ok()) return;
    testing::HttpClient client;
    manifest_ = new json(client.GetJson(portal_->ready()["manifest"].get<std::string>()));
  }
  static void TearDownTestSuite() {
    delete manifest_;
    delete portal_;
    manifest_ = nullptr;
    portal_ = nullptr;
  }
  void SetUp() override {
    ASSERT_TRUE(portal_ != nullptr && portal_->ok()) << "govharvest-portal --trees did not start";
    ASSERT_TRUE(manifest_->is_object() && manifest_->contains("trees"));
  }

  // The settings a discovered file starts with: the simulator as proxy and
  // a short delay (the politeness rules are the same at any delay).
  static std::string Settings() {
    return "[harvest]\nproxy = \"" + portal_->ready()["proxy"].get<std::string>() +
           "\"\n\n[politeness]\nmin_delay_ms = 20\nmax_delay_ms = 100\n";
  }

  static ProcessResult Discover(const ScratchDir& dir, const std::vector<std::string>& args) {
    std::vector<std::string> all = {"--config", dir / "sites.toml", "discover"};
    all.insert(all.end(), args.begin(), args.end());
    return RunGovharvest(dir / "archive", all, 240);
  }

  static testing::PortalProcess* portal_;
  static json* manifest_;
};

testing::PortalProcess* DiscoverTest::portal_ = nullptr;
json* DiscoverTest::manifest_ = nullptr;

TEST_F(DiscoverTest, FindsEveryColumnOfEveryTreeWithItsNameAndNoDecoy) {
  for (const auto& [id, tree] : (*manifest_)["trees"].items()) {
    SCOPED_TRACE(id);
    ScratchDir dir;
    WriteFile(dir / "sites.toml", Settings());
    const ProcessResult r = Discover(dir, {tree["homes"][0].get<std::string>(), "--out", dir / "sites.toml",
                                           "--report-json", dir / "report.json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    ASSERT_TRUE(testing::IsOneLine(r.out)) << r.out;
    const json summary = json::parse(r.out);
    const json report = json::parse(ReadFile(dir / "report.json"));

    std::map<std::string, const json*> truth;
    for (const json& body : tree["bodies"]) {
      for (const json& entry : body["entries"]) truth[Key(entry.get<std::string>())] = &body;
    }
    std::set<std::string> found;
    for (const json& body : report["bodies"]) {
      ASSERT_EQ(body["entries"].size(), 1u);
      const std::string key = Key(body["entries"][0]["url"].get<std::string>());
      found.insert(key);
      auto it = truth.find(key);
      if (it == truth.end()) {
        ADD_FAILURE() << "not a column of the tree: " << key << " (" << body["agency"] << ")";
        continue;
      }
      const json& expected = *it->second;
      EXPECT_EQ(body["agency"], expected["agency"]) << key << ": " << body["agency_evidence"];
      EXPECT_EQ(body["level"], expected["level"]) << key;
      if (!expected["division_code"].get<std::string>().empty()) {
        EXPECT_EQ(body["division_code"], expected["division_code"]) << key << ": " << body["division_code_evidence"];
      }
    }
    for (const auto& [key, body] : truth) EXPECT_TRUE(found.count(key)) << "missed " << key << " " << (*body)["agency"];
    EXPECT_EQ(summary["columns"], truth.size());
    // Every body the tree has was found, and those without a column are said to be.
    EXPECT_EQ(summary["bodies_found"].get<size_t>(), tree["bodies"].size());
    EXPECT_EQ(summary["no_column"].get<size_t>(), tree["bodies"].size() - truth.size());
    // Requests: at most four per body, and never below what the tree needs.
    EXPECT_LE(summary["pages"].get<size_t>(), 4 * tree["bodies"].size());
    EXPECT_GE(summary["pages"].get<size_t>(), tree["expected"]["min_requests"].get<size_t>());
    EXPECT_TRUE(summary["complete"].get<bool>());
    // The file is a config the loader accepts, with a site per column.
    Config config;
    ASSERT_TRUE(LoadConfig(dir / "sites.toml", &config).ok());
    EXPECT_EQ(config.sites.size(), truth.size());
    EXPECT_FALSE(config.proxy.empty());  // the settings above the sites are kept
  }
}

// The written file crawls as it is: every site's walk finds reports.
TEST_F(DiscoverTest, DiscoveredFileCrawlsWithoutEdits) {
  const json& tree = (*manifest_)["trees"]["t1-simhd"];
  ScratchDir dir;
  WriteFile(dir / "sites.toml", Settings());
  ProcessResult r = Discover(dir, {tree["homes"][0].get<std::string>(), "--out", dir / "sites.toml"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = RunGovharvest(dir / "archive",
                    {"--config", dir / "sites.toml", "crawl", "--summary-json", dir / "crawl.json"}, 240);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const json crawl = json::parse(ReadFile(dir / "crawl.json"));
  size_t reports = 0, expected = 0;
  for (const auto& [name, site] : crawl["sites"].items()) {
    EXPECT_EQ(site["status"], "ok") << name;
    for (const auto& [year, n] : site["reports_by_year"].items()) reports += n.get<size_t>();
  }
  for (const json& body : tree["bodies"]) {
    if (!body["entries"].empty()) expected += body["reports"].size();
  }
  EXPECT_EQ(crawl["sites"].size(), 10u);
  EXPECT_GE(reports, expected);
}

// A re-run keeps a pinned site byte for byte, reports a site no longer
// found as vanished (commented out), and the others as unchanged.
TEST_F(DiscoverTest, RerunKeepsPinnedSitesAndReportsVanishedOnes) {
  const json& tree = (*manifest_)["trees"]["t7-simhz"];
  const std::string home = tree["homes"][0].get<std::string>();
  ScratchDir dir;
  WriteFile(dir / "sites.toml", Settings());
  ProcessResult r = Discover(dir, {home, "--out", dir / "sites.toml"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string text = ReadFile(dir / "sites.toml");
  // Pin the district's site with a hand edit, and add a site the portal no longer has.
  const size_t at = text.find("name = \"simhz\"");
  ASSERT_NE(at, std::string::npos) << text;
  text.insert(at, "pinned = true\n# checked by hand\n");
  text += "\n[[site]]\nname = \"simhz-old\"\nagency = \"海州区旧局\"\nentries = [\"http://www.simhz.gov.cn/old/nb/\"]\n";
  WriteFile(dir / "sites.toml", text);
  r = Discover(dir, {home, "--out", dir / "sites.toml"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json summary = json::parse(r.out);
  EXPECT_EQ(summary["kept_pinned"], json::array({"simhz"}));
  EXPECT_EQ(summary["vanished"], json::array({"simhz-old"}));
  EXPECT_TRUE(summary["appeared"].empty()) << summary;
  const std::string merged = ReadFile(dir / "sites.toml");
  EXPECT_NE(merged.find("pinned = true\n# checked by hand\n"), std::string::npos);
  Config config;
  ASSERT_TRUE(LoadConfig(dir / "sites.toml", &config).ok());
  EXPECT_EQ(config.FindSite("simhz-old"), nullptr);  // commented out
  EXPECT_NE(merged.find("海州区旧局"), std::string::npos);
  EXPECT_EQ(config.sites.size(), 10u);
}

TEST_F(DiscoverTest, NoColumnIsAFailureAndWritesNothing) {
  ScratchDir dir;
  WriteFile(dir / "sites.toml", Settings());
  // A page of a tree that is not there (404).
  const ProcessResult r = Discover(dir, {"http://www.simhd.gov.cn/nothing/", "--out", dir / "found.toml"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(json::parse(r.out)["columns"], 0);
  EXPECT_FALSE(std::filesystem::exists(dir / "found.toml"));
  EXPECT_TRUE(testing::Contains(r.err, "no annual-report column found")) << r.err;
}

// A walk cut by --max-pages says so, and never rewrites an existing file.
TEST_F(DiscoverTest, PageBudgetEndsTheWalkIncompleteAndKeepsTheFile) {
  ScratchDir dir;
  WriteFile(dir / "sites.toml", Settings());
  const std::string before = ReadFile(dir / "sites.toml");
  const ProcessResult r = Discover(dir, {"http://www.simxj.gov.cn/", "--out", dir / "sites.toml", "--max-pages", "4"});
  const json summary = json::parse(r.out);
  EXPECT_FALSE(summary["complete"].get<bool>());
  EXPECT_TRUE(testing::Contains(summary["stopped_because"].get<std::string>(), "max_pages 4")) << summary;
  EXPECT_LE(summary["pages"].get<int>(), 4);
  EXPECT_EQ(ReadFile(dir / "sites.toml"), before);
  EXPECT_TRUE(testing::Contains(r.err, "discovery stopped")) << r.err;
}

TEST_F(DiscoverTest, UsageErrorsNameWhatIsWrong) {
  ScratchDir dir;
  WriteFile(dir / "sites.toml", Settings());
  ProcessResult r = Discover(dir, {"ftp://x.gov.cn/", "--out", dir / "found.toml"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(testing::Contains(r.err, "ftp://x.gov.cn/")) << r.err;
  // A malformed existing file: named, and left as it was.
  WriteFile(dir / "found.toml", "[[site]\nname = 1\n");
  r = Discover(dir, {"http://www.simhd.gov.cn/", "--out", dir / "found.toml"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(testing::Contains(r.err, "found.toml")) << r.err;
  EXPECT_EQ(ReadFile(dir / "found.toml"), "[[site]\nname = 1\n");
  r = Discover(dir, {"http://www.simhd.gov.cn/"});
  EXPECT_EQ(r.exit_code, 2);  // --out is required
}

}  // namespace
}  // namespace govharvest
