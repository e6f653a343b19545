// Tests for config/discovered_sites.h: the config `govharvest discover`
// writes (read back with the real loader), and its update on a re-run
// (pinned blocks byte for byte, appeared / vanished / updated sites).

#include "config/discovered_sites.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "config/config.h"

namespace govharvest {
namespace {

// Bodies shaped like the 邯郸 model of docs/discovery-evidence.md (T1): the
// city government, a department from the directory, a township. The hosts,
// SiteName and SiteIDCode are the facts recorded there (5.1); the paths
// below the hosts, the township and the evidence strings are made up for
// the test.
DiscoveredBody City() {
  DiscoveredBody b;
  b.name = SiteNameFromUrl("http://www.hd.gov.cn/");
  b.name_evidence = "from the body's page http://www.hd.gov.cn/";
  b.agency = "邯郸市人民政府";
  b.agency_evidence = "SiteName 邯郸市人民政府 on http://www.hd.gov.cn/, footer 主办 agrees";
  b.level = "city";
  b.level_evidence = "level word 市 with no parent city";
  b.entries = {{"http://hdzfxxgk.hd.gov.cn/zfxxgknb/",
                "link 政府信息公开年报 on http://hdzfxxgk.hd.gov.cn/; 6 report titles on its list"}};
  b.hosts = {"hdzfxxgk.hd.gov.cn", "www.hd.gov.cn"};
  b.hosts_evidence = "the start host and the platform host of the same domain";
  b.division_code = "130400";
  b.division_code_evidence = "SiteIDCode 1304000009, digits 1-6";
  b.cms = "trs";
  b.cms_evidence = "TRS paging call createPageHTML on the list";
  return b;
}

DiscoveredBody Department() {
  DiscoveredBody b;
  b.name = SiteNameFromUrl("http://hdzfxxgk.hd.gov.cn/bmxxgk/sjyj/");
  b.name_evidence = "from the body's page http://hdzfxxgk.hd.gov.cn/bmxxgk/sjyj/";
  b.agency = "邯郸市教育局";
  b.agency_evidence = "directory text 市教育局 completed with the parent's place 邯郸市";
  b.level = "department";
  b.level_evidence = "level word 局";
  b.entries = {{"http://hdzfxxgk.hd.gov.cn/bmxxgk/sjyj/nb/", "link 年报 on the body's page"}};
  return b;
}

DiscoveredBody Township() {
  DiscoveredBody b;
  b.name = SiteNameFromUrl("http://hdzfxxgk.hd.gov.cn/xzxxgk/lhz/index.html");
  b.agency = "丛台区联纺街道办事处";
  b.agency_evidence = "report title 丛台区联纺街道办事处2023年度政府信息公开工作年度报告";
  b.level = "township";
  b.entries = {{"http://hdzfxxgk.hd.gov.cn/xzxxgk/lhz/nb/", ""}};
  return b;
}

RenderOptions Options(std::string date = "2026-12-05") {
  RenderOptions o;
  o.date = std::move(date);
  o.start_urls = {"http://www.hd.gov.cn/"};
  o.existing_file = "hd.toml";
  return o;
}

Config MustParse(const std::string& text) {
  Config config;
  Status s = ParseConfig(text, "rendered.toml", &config);
  EXPECT_TRUE(s.ok()) << s.ToString() << "\n" << text;
  return config;
}

std::vector<std::string> Names(const std::vector<SiteChange>& list) {
  std::vector<std::string> out;
  for (const SiteChange& c : list) out.push_back(c.name);
  return out;
}

TEST(DiscoveredSitesTest, SiteNameFromUrl) {
  EXPECT_EQ(SiteNameFromUrl("http://www.hd.gov.cn/"), "hd");
  EXPECT_EQ(SiteNameFromUrl("http://www.hd.gov.cn/hdzfxxgk/bmxxgk/sjyj/"), "hd-hdzfxxgk-bmxxgk-sjyj");
  EXPECT_EQ(SiteNameFromUrl("http://xxgk.jiangan.gov.cn/col/col123/index.html"),
            "xxgk-jiangan-col-col123");
  EXPECT_EQ(SiteNameFromUrl("https://WWW.Example.COM:8443/a_b/Page.shtml?deptId=12#top"),
            "example-com-a-b-page-deptid-12");
  EXPECT_EQ(SiteNameFromUrl("http://127.0.0.1:8080/"), "127-0-0-1");
  EXPECT_EQ(SiteNameFromUrl(""), "site");
  // Long names are cut and keep a hash of the whole name, so two long URLs
  // differing at the end still get different names.
  const std::string a = SiteNameFromUrl("http://www.x.gov.cn/" + std::string(80, 'a') + "/one/");
  const std::string b = SiteNameFromUrl("http://www.x.gov.cn/" + std::string(80, 'a') + "/two/");
  EXPECT_LE(a.size(), 64u);
  EXPECT_NE(a, b);
  EXPECT_EQ(a.substr(0, 10), "x-aaaaaaaa");
}

TEST(DiscoveredSitesTest, RenderParsesWithTheLoader) {
  const std::vector<DiscoveredBody> bodies = {Township(), Department(), City()};
  ASSERT_TRUE(CheckDiscoveredBodies(bodies).ok());
  const std::string text = RenderDiscoveredConfig(bodies, Options());
  const Config config = MustParse(text);
  ASSERT_EQ(config.sites.size(), 3u);
  // Broader bodies first: city, department, township.
  EXPECT_EQ(config.sites[0].name, "hd");
  EXPECT_EQ(config.sites[1].name, "hdzfxxgk-hd-bmxxgk-sjyj");
  EXPECT_EQ(config.sites[2].name, "hdzfxxgk-hd-xzxxgk-lhz");

  const SiteConfig& city = config.sites[0];
  EXPECT_EQ(city.agency, "邯郸市人民政府");
  EXPECT_EQ(city.level, "city");
  EXPECT_EQ(city.hosts, (std::vector<std::string>{"hdzfxxgk.hd.gov.cn", "www.hd.gov.cn"}));
  EXPECT_EQ(city.entries, (std::vector<std::string>{"http://hdzfxxgk.hd.gov.cn/zfxxgknb/"}));
  EXPECT_EQ(city.division_code, "130400");
  EXPECT_EQ(city.cms, "trs");
  EXPECT_FALSE(city.pinned);
  const SiteConfig& township = config.sites[2];
  EXPECT_EQ(township.agency, "丛台区联纺街道办事处");
  EXPECT_EQ(township.level, "township");
  EXPECT_EQ(township.cms, "auto");  // not known: key left out
  EXPECT_EQ(township.division_code, "");
  EXPECT_EQ(township.hosts, (std::vector<std::string>{"hdzfxxgk.hd.gov.cn"}));  // from entries

  // Header: generator, date, start URLs.
  EXPECT_EQ(text.rfind("# Generated by govharvest discover on 2026-12-05.\n", 0), 0u) << text;
  EXPECT_NE(text.find("#   http://www.hd.gov.cn/\n"), std::string::npos);
  // Every value line is preceded by its evidence comment.
  EXPECT_NE(text.find("# agency: directory text 市教育局 completed with the parent's place "
                      "邯郸市\nagency = \"邯郸市教育局\"\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("# division_code: SiteIDCode 1304000009, digits 1-6\n"
                      "division_code = \"130400\"\n"),
            std::string::npos);
  EXPECT_NE(text.find("  # link 年报 on the body's page\n"
                      "  \"http://hdzfxxgk.hd.gov.cn/bmxxgk/sjyj/nb/\",\n"),
            std::string::npos);
  EXPECT_NE(text.find("# level: no evidence recorded\nlevel = \"township\"\n"), std::string::npos);
  size_t from = 0;
  int value_lines = 0;
  const std::vector<std::string> keys = {"name = ", "agency = ", "level = ", "hosts = ",
                                         "division_code = ", "cms = "};
  while (from < text.size()) {
    size_t end = text.find('\n', from);
    const std::string line = text.substr(from, end - from);
    for (const std::string& key : keys) {
      if (line.rfind(key, 0) != 0) continue;
      ++value_lines;
      const size_t prev_end = from - 1;
      const size_t prev_begin = text.rfind('\n', prev_end - 1) + 1;
      const std::string prev = text.substr(prev_begin, prev_end - prev_begin);
      EXPECT_EQ(prev.rfind("# " + key.substr(0, key.size() - 3) + ": ", 0), 0u) << line;
    }
    from = end + 1;
  }
  EXPECT_EQ(value_lines, 3 + 3 + 3 + 1 + 1 + 1);
}

TEST(DiscoveredSitesTest, RenderIsDeterministic) {
  std::vector<DiscoveredBody> bodies = {Township(), City(), Department()};
  const std::string first = RenderDiscoveredConfig(bodies, Options());
  std::reverse(bodies.begin(), bodies.end());
  EXPECT_EQ(RenderDiscoveredConfig(bodies, Options()), first);
  std::rotate(bodies.begin(), bodies.begin() + 1, bodies.end());
  EXPECT_EQ(RenderDiscoveredConfig(bodies, Options()), first);
}

TEST(DiscoveredSitesTest, RenderEscapesQuotes) {
  DiscoveredBody b = Department();
  b.agency = "某\"局\\";
  ASSERT_TRUE(CheckDiscoveredBodies({b}).ok());
  const Config config = MustParse(RenderDiscoveredConfig({b}, Options()));
  ASSERT_EQ(config.sites.size(), 1u);
  EXPECT_EQ(config.sites[0].agency, "某\"局\\");
}

TEST(DiscoveredSitesTest, CheckRefusesWhatTheLoaderWouldRefuse) {
  auto check = [](DiscoveredBody b) { return CheckDiscoveredBodies({City(), b}); };
  EXPECT_TRUE(check(Department()).ok());

  DiscoveredBody dup = Department();
  dup.name = "hd";
  Status s = check(dup);
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_NE(s.message().find("duplicate site name \"hd\""), std::string::npos) << s.message();

  DiscoveredBody street = Department();
  street.level = "street";  // the loader's word is township
  s = check(street);
  EXPECT_NE(s.message().find("level"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("discovered body 1 (hdzfxxgk-hd-bmxxgk-sjyj)"), std::string::npos)
      << s.message();

  DiscoveredBody no_entries = Department();
  no_entries.entries.clear();
  EXPECT_FALSE(check(no_entries).ok());

  DiscoveredBody bad_url = Department();
  bad_url.entries[0].url = "ftp://hd.gov.cn/";
  EXPECT_FALSE(check(bad_url).ok());

  DiscoveredBody bad_code = Department();
  bad_code.division_code = "13040";
  EXPECT_FALSE(check(bad_code).ok());

  DiscoveredBody newline = Department();
  newline.agency_evidence = "two\nlines";
  s = check(newline);
  EXPECT_NE(s.message().find("agency_evidence: contains control characters"), std::string::npos)
      << s.message();

  DiscoveredBody bad_utf8 = Department();
  bad_utf8.agency = "\xe9\x82";  // truncated 邯
  s = check(bad_utf8);
  EXPECT_NE(s.message().find("agency: not valid UTF-8"), std::string::npos) << s.message();

  DiscoveredBody bad_name = Department();
  bad_name.name = "邯郸";
  EXPECT_FALSE(check(bad_name).ok());
}

// Run 1 wrote the file; a researcher pinned the city (with a note and an
// extra entry), set [harvest], and left the other sites alone.
std::string EditedRunOne() {
  DiscoveredBody gone = Department();
  gone.name = "hdzfxxgk-hd-bmxxgk-sfj";
  gone.agency = "邯郸市司法局";
  gone.entries = {{"http://hdzfxxgk.hd.gov.cn/bmxxgk/sfj/nb/", "link 年报"}};
  std::string text = RenderDiscoveredConfig({City(), Department(), gone}, Options("2026-11-01"));
  // Pin the city by hand, with a comment above its header and one inside.
  const std::string header = "[[site]]\n# name: from the body's page http://www.hd.gov.cn/\n";
  const size_t at = text.find(header);
  EXPECT_NE(at, std::string::npos);
  text.insert(at, "# Checked by hand on 2026-11-20: the 2019 reports sit in a second column.\n");
  const std::string city_entry = "  \"http://hdzfxxgk.hd.gov.cn/zfxxgknb/\",\n";
  const size_t entry_at = text.find(city_entry);
  EXPECT_NE(entry_at, std::string::npos);
  text.insert(entry_at + city_entry.size(),
              "  # added by hand\n  \"http://www.hd.gov.cn/old/nb2019/\",\n");
  const size_t cms_at = text.find("cms = \"trs\"\n");
  text.insert(cms_at + 12, "pinned = true   # keep my edits\n\n[site.politeness]\nmin_delay_ms = 3000\n");
  const size_t first_site = text.find("# Checked by hand");
  text.insert(first_site,
              "[harvest]\nuser_agent = \"hd-study/1.0 (+https://example.edu.cn/hd)\"\n\n");
  return text;
}

// The pinned city's block as the researcher left it.
std::string PinnedBlock(const std::string& text) {
  const size_t begin = text.find("# Checked by hand");
  const size_t end = text.find("min_delay_ms = 3000\n") + 20;
  return text.substr(begin, end - begin);
}

TEST(DiscoveredSitesTest, MergeKeepsPinnedBlocksAndReportsChanges) {
  const std::string existing = EditedRunOne();
  const Config before = MustParse(existing);
  ASSERT_EQ(before.sites.size(), 3u);
  ASSERT_TRUE(before.FindSite("hd")->pinned);
  const std::string pinned = PinnedBlock(existing);

  // Run 2: the city found with different values, the education bureau's
  // column moved, the justice bureau gone, a township new.
  DiscoveredBody city = City();
  city.agency = "邯郸市政府";
  city.entries[0].url = "http://hdzfxxgk.hd.gov.cn/new/";
  DiscoveredBody dept = Department();
  dept.entries[0].url = "http://hdzfxxgk.hd.gov.cn/bmxxgk/sjyj/ndbg/";
  std::string merged;
  DiscoveryChanges changes;
  Status s = MergeDiscoveredConfig(existing, {Township(), dept, city}, Options(), &merged, &changes);
  ASSERT_TRUE(s.ok()) << s.ToString();

  // The pinned block, its comments and its [site.politeness], byte for byte.
  EXPECT_NE(merged.find(pinned), std::string::npos) << merged;
  const Config after = MustParse(merged);
  EXPECT_EQ(after.user_agent, "hd-study/1.0 (+https://example.edu.cn/hd)");
  ASSERT_EQ(after.sites.size(), 3u);
  const SiteConfig* hd = after.FindSite("hd");
  ASSERT_NE(hd, nullptr);
  EXPECT_EQ(hd->agency, "邯郸市人民政府");
  EXPECT_EQ(hd->entries.size(), 2u);
  EXPECT_EQ(hd->politeness.min_delay_ms, 3000);
  EXPECT_EQ(after.FindSite("hdzfxxgk-hd-bmxxgk-sjyj")->entries,
            (std::vector<std::string>{"http://hdzfxxgk.hd.gov.cn/bmxxgk/sjyj/ndbg/"}));
  EXPECT_NE(after.FindSite("hdzfxxgk-hd-xzxxgk-lhz"), nullptr);
  EXPECT_EQ(after.FindSite("hdzfxxgk-hd-bmxxgk-sfj"), nullptr);  // commented out

  EXPECT_EQ(Names(changes.appeared), (std::vector<std::string>{"hdzfxxgk-hd-xzxxgk-lhz"}));
  EXPECT_EQ(Names(changes.vanished), (std::vector<std::string>{"hdzfxxgk-hd-bmxxgk-sfj"}));
  ASSERT_EQ(changes.vanished.size(), 1u);
  EXPECT_EQ(changes.vanished[0].detail, "邯郸市司法局");
  EXPECT_EQ(Names(changes.updated), (std::vector<std::string>{"hdzfxxgk-hd-bmxxgk-sjyj"}));
  ASSERT_EQ(changes.updated.size(), 1u);
  EXPECT_EQ(changes.updated[0].detail, "changed: entries");
  EXPECT_TRUE(changes.unchanged.empty());
  EXPECT_EQ(Names(changes.kept_pinned), (std::vector<std::string>{"hd"}));
  EXPECT_EQ(changes.kept_pinned[0].detail, "rediscovered");

  // The new header replaces the old one; the vanished site is kept, commented.
  EXPECT_EQ(merged.rfind("# Generated by govharvest discover on 2026-12-05.\n", 0), 0u);
  EXPECT_EQ(merged.find("2026-11-01"), std::string::npos) << merged;
  EXPECT_NE(merged.find("# --- vanished on 2026-12-05: site \"hdzfxxgk-hd-bmxxgk-sfj\""),
            std::string::npos);
  EXPECT_NE(merged.find("# agency = \"邯郸市司法局\"\n"), std::string::npos) << merged;
}

TEST(DiscoveredSitesTest, MergeIsAFixedPointAndBringsVanishedSitesBack) {
  DiscoveredBody dept = Department();
  dept.entries[0].url = "http://hdzfxxgk.hd.gov.cn/bmxxgk/sjyj/ndbg/";
  const std::vector<DiscoveredBody> run2 = {Township(), dept, City()};
  std::string merged;
  DiscoveryChanges changes;
  ASSERT_TRUE(MergeDiscoveredConfig(EditedRunOne(), run2, Options(), &merged, &changes).ok());

  // The same discovery again changes nothing.
  std::string again;
  DiscoveryChanges changes2;
  Status s = MergeDiscoveredConfig(merged, run2, Options(), &again, &changes2);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(again, merged);
  EXPECT_TRUE(changes2.appeared.empty());
  EXPECT_TRUE(changes2.vanished.empty());  // already in the vanished section
  EXPECT_TRUE(changes2.updated.empty());
  EXPECT_EQ(Names(changes2.unchanged),
            (std::vector<std::string>{"hdzfxxgk-hd-bmxxgk-sjyj", "hdzfxxgk-hd-xzxxgk-lhz"}));
  EXPECT_EQ(Names(changes2.kept_pinned), (std::vector<std::string>{"hd"}));

  // Run 3: the justice bureau is back, the township is gone, the city is not found.
  DiscoveredBody back = Department();
  back.name = "hdzfxxgk-hd-bmxxgk-sfj";
  back.agency = "邯郸市司法局";
  back.entries = {{"http://hdzfxxgk.hd.gov.cn/bmxxgk/sfj/nb/", "link 年报"}};
  std::string third;
  DiscoveryChanges changes3;
  ASSERT_TRUE(MergeDiscoveredConfig(merged, {dept, back}, Options("2026-12-24"), &third, &changes3)
                  .ok());
  EXPECT_EQ(Names(changes3.appeared), (std::vector<std::string>{"hdzfxxgk-hd-bmxxgk-sfj"}));
  EXPECT_EQ(changes3.appeared[0].detail, "邯郸市司法局 (back from the vanished section)");
  EXPECT_EQ(Names(changes3.vanished), (std::vector<std::string>{"hdzfxxgk-hd-xzxxgk-lhz"}));
  EXPECT_EQ(changes3.kept_pinned[0].detail, "not found by this run");
  const Config config = MustParse(third);
  EXPECT_NE(config.FindSite("hdzfxxgk-hd-bmxxgk-sfj"), nullptr);
  EXPECT_NE(config.FindSite("hd"), nullptr);  // pinned: kept though not found
  EXPECT_EQ(config.FindSite("hdzfxxgk-hd-xzxxgk-lhz"), nullptr);
  EXPECT_EQ(third.find("site \"hdzfxxgk-hd-bmxxgk-sfj\" was not found"), std::string::npos);
  EXPECT_NE(third.find("# --- vanished on 2026-12-24: site \"hdzfxxgk-hd-xzxxgk-lhz\""),
            std::string::npos)
      << third;
}

TEST(DiscoveredSitesTest, MergeIntoAHandWrittenFile) {
  // seeds/portals.toml style: a comment line above each block, no header.
  const std::string existing =
      "# Hand-written list.\n"
      "\n"
      "# stored report page; column derived.\n"
      "[[site]]\n"
      "name = \"hd\"\n"
      "agency = \"邯郸市人民政府\"\n"
      "entries = [\"http://www.hd.gov.cn/nb/\"]\n"
      "pinned = true\n"
      "\n"
      "# from report-format.md\n"
      "[[site]]\n"
      "name = \"other\"\n"
      "entries = [\"http://www.other.gov.cn/nb/\"]\n";
  std::string merged;
  DiscoveryChanges changes;
  Status s = MergeDiscoveredConfig(existing, {City(), Department()}, Options(), &merged, &changes);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_NE(merged.find("# Hand-written list.\n"), std::string::npos);
  EXPECT_NE(merged.find("# stored report page; column derived.\n[[site]]\nname = \"hd\"\n"
                        "agency = \"邯郸市人民政府\"\nentries = [\"http://www.hd.gov.cn/nb/\"]\n"
                        "pinned = true\n"),
            std::string::npos)
      << merged;
  EXPECT_NE(merged.find("# # from report-format.md\n# [[site]]\n# name = \"other\"\n"),
            std::string::npos)
      << merged;
  EXPECT_EQ(Names(changes.vanished), (std::vector<std::string>{"other"}));
  EXPECT_EQ(Names(changes.appeared), (std::vector<std::string>{"hdzfxxgk-hd-bmxxgk-sjyj"}));
  EXPECT_EQ(MustParse(merged).sites.size(), 2u);
}

TEST(DiscoveredSitesTest, MalformedExistingFileNamesTheLine) {
  std::string merged = "untouched";
  DiscoveryChanges changes;
  Status s = MergeDiscoveredConfig(
      "[[site]]\nname = \"a\"\nentries = [\"http://a.gov.cn/\"]\nlevel = \"town\"\n", {City()},
      Options(), &merged, &changes);
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_EQ(s.message().rfind("hd.toml:4:", 0), 0u) << s.message();
  EXPECT_NE(s.message().find("site[0].level"), std::string::npos) << s.message();
  EXPECT_EQ(merged, "untouched");

  s = MergeDiscoveredConfig("[[site]]\nname = \"a\nentries = []\n", {City()}, Options(), &merged,
                            &changes);
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_EQ(s.message().rfind("hd.toml:2:", 0), 0u) << s.message();

  // Sites written as an inline array have no block to keep.
  s = MergeDiscoveredConfig("site = [{ name = \"a\", entries = [\"http://a.gov.cn/\"] }]\n",
                            {City()}, Options(), &merged, &changes);
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_NE(s.message().find("[[site]] header lines"), std::string::npos) << s.message();

  // Key lines after the vanished-sites marker would belong to the last site.
  s = MergeDiscoveredConfig(
      "[[site]]\nname = \"a\"\nentries = [\"http://a.gov.cn/\"]\n"
      "# ===== Vanished sites: x\ncms = \"trs\"\n",
      {City()}, Options(), &merged, &changes);
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_EQ(s.message().rfind("hd.toml:5:", 0), 0u) << s.message();
  EXPECT_EQ(merged, "untouched");
}

TEST(DiscoveredSitesTest, MergeRefusesBadBodies) {
  DiscoveredBody bad = Department();
  bad.level = "street";
  std::string merged;
  DiscoveryChanges changes;
  EXPECT_FALSE(MergeDiscoveredConfig("", {City(), bad}, Options(), &merged, &changes).ok());
  // An empty existing file: everything appeared.
  ASSERT_TRUE(MergeDiscoveredConfig("", {City()}, Options(), &merged, &changes).ok());
  EXPECT_EQ(merged, RenderDiscoveredConfig({City()}, Options()));
  EXPECT_EQ(Names(changes.appeared), (std::vector<std::string>{"hd"}));
}

}  // namespace
}  // namespace govharvest
