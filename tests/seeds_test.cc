// Tests for seeds/portals.toml: the real seed list loads with the project's
// config loader and covers every kind of government body and every CMS family
// the crawler knows. It does not (and cannot, offline) check that the URLs
// answer; see the comments in the file for where each URL comes from.

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "config/config.h"

#ifndef GOVHARVEST_SOURCE_DIR
#error "GOVHARVEST_SOURCE_DIR must name the source tree"
#endif

namespace govharvest {
namespace {

const char kSeedsPath[] = GOVHARVEST_SOURCE_DIR "/seeds/portals.toml";

class SeedsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Status s = LoadConfig(kSeedsPath, &config_);
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  Config config_;
};

TEST_F(SeedsTest, LoadsWithOnlySites) {
  EXPECT_EQ(config_.source, kSeedsPath);
  EXPECT_GE(config_.sites.size(), 40u);
  // The file holds only [[site]] blocks: everything global is the default.
  Config defaults = DefaultConfig();
  EXPECT_EQ(config_.user_agent, defaults.user_agent);
  EXPECT_EQ(config_.politeness.max_concurrent_per_host, 1);
  EXPECT_EQ(config_.politeness.min_delay_ms, 1000);
  EXPECT_TRUE(config_.politeness.obey_robots);
}

TEST_F(SeedsTest, NamesAreUnique) {
  // LoadConfig already refuses duplicates; checked again here so that a
  // change to the loader cannot silently let one through.
  std::set<std::string> names;
  for (const SiteConfig& site : config_.sites) {
    EXPECT_TRUE(names.insert(site.name).second) << "duplicate name " << site.name;
  }
}

TEST_F(SeedsTest, EverySiteIsDescribed) {
  for (const SiteConfig& site : config_.sites) {
    SCOPED_TRACE(site.name);
    EXPECT_FALSE(site.agency.empty());
    EXPECT_FALSE(site.level.empty());
    EXPECT_FALSE(site.hosts.empty());
    EXPECT_FALSE(site.entries.empty());
    // Central bodies have no administrative division code.
    if (site.level == "ministry") {
      EXPECT_TRUE(site.division_code.empty());
    }
  }
}

TEST_F(SeedsTest, EveryLevelIsPresent) {
  std::map<std::string, int> per_level;
  for (const SiteConfig& site : config_.sites) ++per_level[site.level];
  for (const char* level : {"ministry", "province", "city", "county", "district", "department"}) {
    EXPECT_GT(per_level[level], 0) << "no site of level " << level;
  }
  // "township" is not required: township reports are found only through
  // their county's or district's portal.
}

TEST_F(SeedsTest, EntriesAreHttpUrls) {
  for (const SiteConfig& site : config_.sites) {
    for (const std::string& url : site.entries) {
      EXPECT_TRUE(url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0)
          << site.name << ": " << url;
    }
  }
}

TEST_F(SeedsTest, CoversTheCmsFamilies) {
  std::map<std::string, int> per_cms;
  for (const SiteConfig& site : config_.sites) ++per_cms[site.cms];
  EXPECT_GE(per_cms["trs"], 5);
  EXPECT_GE(per_cms["hanweb"], 5);
  EXPECT_GE(per_cms["gkmlpt"], 2);
}

}  // namespace
}  // namespace govharvest
