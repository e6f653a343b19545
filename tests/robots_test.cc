#include "crawler/robots.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace govharvest {
namespace {

constexpr char kToken[] = "govharvest";

RobotsRules P(std::string_view body) { return RobotsRules::Parse(body, kToken); }

TEST(RobotsTest, EmptyBodyAllowsAll) {
  RobotsRules r = P("");
  EXPECT_TRUE(r.IsAllowed("/"));
  EXPECT_TRUE(r.IsAllowed("/xxgk/zfxxgknb/"));
  EXPECT_FALSE(r.crawl_delay_ms().has_value());
  EXPECT_TRUE(r.sitemaps().empty());
  EXPECT_FALSE(r.unreachable());
}

TEST(RobotsTest, SpecificGroupBeatsStar) {
  RobotsRules r =
      P("User-agent: *\n"
        "Disallow: /\n"
        "\n"
        "User-agent: govharvest\n"
        "Disallow: /gkmlpt/api/\n");
  EXPECT_TRUE(r.IsAllowed("/xxgk/zfxxgknb/"));
  EXPECT_FALSE(r.IsAllowed("/gkmlpt/api/all/5"));
  // Another crawler gets the '*' group.
  RobotsRules other = RobotsRules::Parse(
      "User-agent: *\nDisallow: /\n\nUser-agent: govharvest\nDisallow: /gkmlpt/api/\n", "otherbot");
  EXPECT_FALSE(other.IsAllowed("/xxgk/zfxxgknb/"));
}

TEST(RobotsTest, NoMatchingGroupFallsBackToStar) {
  RobotsRules r =
      P("User-agent: Baiduspider\n"
        "Disallow: /\n"
        "\n"
        "User-agent: *\n"
        "Disallow: /module/web/jpage/dataproxy.jsp\n");
  EXPECT_TRUE(r.IsAllowed("/xxgk/zfxxgknb/"));
  EXPECT_FALSE(r.IsAllowed("/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=45"));
}

TEST(RobotsTest, NoMatchingGroupAndNoStarAllowsAll) {
  RobotsRules r = P("User-agent: Baiduspider\nDisallow: /\n");
  EXPECT_TRUE(r.IsAllowed("/xxgk/zfxxgknb/"));
}

TEST(RobotsTest, MatchingGroupsAreMerged) {
  RobotsRules r =
      P("User-agent: govharvest\n"
        "Disallow: /gkmlpt/api/\n"
        "\n"
        "User-agent: *\n"
        "Disallow: /xxgk/\n"
        "\n"
        "User-agent: GovHarvest\n"
        "Disallow: /module/\n");
  EXPECT_FALSE(r.IsAllowed("/gkmlpt/api/all/5"));
  EXPECT_FALSE(r.IsAllowed("/module/web/jpage/dataproxy.jsp"));
  EXPECT_TRUE(r.IsAllowed("/xxgk/zfxxgknb/"));  // only '*' says so; not merged in
}

TEST(RobotsTest, ConsecutiveUserAgentLinesShareAGroup) {
  RobotsRules r =
      P("User-agent: Baiduspider\n"
        "# comment lines do not end the run\n"
        "User-agent: govharvest\n"
        "Disallow: /gkmlpt/\n"
        "User-agent: Sogou\n"  // after a rule: a new group
        "Disallow: /xxgk/\n");
  EXPECT_FALSE(r.IsAllowed("/gkmlpt/api/"));
  EXPECT_TRUE(r.IsAllowed("/xxgk/zfxxgknb/"));
}

TEST(RobotsTest, SharedGroupWithStarAppliesToUs) {
  RobotsRules r = P("User-agent: govharvest\nUser-agent: *\nDisallow: /xxgk/\n");
  EXPECT_FALSE(r.IsAllowed("/xxgk/zfxxgknb/"));
}

TEST(RobotsTest, ProductTokenIsCaseInsensitiveAndIgnoresVersion) {
  for (const char* agent : {"govharvest", "GovHarvest", "GOVHARVEST", "govharvest/1.0",
                            "GovHarvest/2.3 (+https://example.org/bot)"}) {
    RobotsRules r =
        P(std::string("User-agent: *\nAllow: /\n\nUser-agent: ") + agent + "\nDisallow: /xxgk/\n");
    EXPECT_FALSE(r.IsAllowed("/xxgk/zfxxgknb/")) << agent;
  }
  // A longer token is a different crawler.
  RobotsRules r = P("User-agent: govharvest-images\nDisallow: /\n");
  EXPECT_TRUE(r.IsAllowed("/xxgk/zfxxgknb/"));
  // The crawler's own token may carry a version.
  RobotsRules v = RobotsRules::Parse("User-agent: GOVHARVEST\nDisallow: /\n", "govharvest/1.0");
  EXPECT_FALSE(v.IsAllowed("/xxgk/"));
}

TEST(RobotsTest, StarOnlyMatchesAlone) {
  RobotsRules r = P("User-agent: *bot\nDisallow: /\n");
  EXPECT_TRUE(r.IsAllowed("/xxgk/"));
}

TEST(RobotsTest, RulesBeforeAnyUserAgentAreIgnored) {
  RobotsRules r = P("Disallow: /\nCrawl-delay: 9\nUser-agent: *\nDisallow: /gkmlpt/\n");
  EXPECT_TRUE(r.IsAllowed("/xxgk/zfxxgknb/"));
  EXPECT_FALSE(r.IsAllowed("/gkmlpt/api/"));
  EXPECT_FALSE(r.crawl_delay_ms().has_value());
}

TEST(RobotsTest, LongestMatchWins) {
  RobotsRules r =
      P("User-agent: *\n"
        "Disallow: /xxgk/\n"
        "Allow: /xxgk/zfxxgknb/\n"
        "Disallow: /xxgk/zfxxgknb/2019/\n");
  EXPECT_FALSE(r.IsAllowed("/xxgk/zcwj/"));
  EXPECT_TRUE(r.IsAllowed("/xxgk/zfxxgknb/"));
  EXPECT_TRUE(r.IsAllowed("/xxgk/zfxxgknb/2023/index.html"));
  EXPECT_FALSE(r.IsAllowed("/xxgk/zfxxgknb/2019/index.html"));
  EXPECT_TRUE(r.IsAllowed("/index.html"));
}

TEST(RobotsTest, OrderDoesNotMatter) {
  RobotsRules r = P("User-agent: *\nAllow: /xxgk/zfxxgknb/\nDisallow: /\n");
  EXPECT_TRUE(r.IsAllowed("/xxgk/zfxxgknb/"));
  EXPECT_FALSE(r.IsAllowed("/xxgk/"));
}

TEST(RobotsTest, AllowWinsTies) {
  RobotsRules r = P("User-agent: *\nDisallow: /xxgk/\nAllow: /xxgk/\n");
  EXPECT_TRUE(r.IsAllowed("/xxgk/zfxxgknb/"));
  RobotsRules r2 = P("User-agent: *\nAllow: /xxgk/\nDisallow: /xxgk/\n");
  EXPECT_TRUE(r2.IsAllowed("/xxgk/zfxxgknb/"));
  // Equal length, different patterns: still Allow.
  RobotsRules r3 = P("User-agent: *\nDisallow: /xxgk*\nAllow: /xxgk/\n");
  EXPECT_TRUE(r3.IsAllowed("/xxgk/zfxxgknb/"));
  EXPECT_FALSE(r3.IsAllowed("/xxgkml/"));
}

TEST(RobotsTest, WildcardInTheMiddle) {
  RobotsRules r = P("User-agent: *\nDisallow: /gkmlpt/*/api/\nDisallow: /*.jsp\n");
  EXPECT_FALSE(r.IsAllowed("/gkmlpt/content/2/api/list"));
  EXPECT_FALSE(r.IsAllowed("/gkmlpt//api/"));
  EXPECT_TRUE(r.IsAllowed("/gkmlpt/api/"));  // '*' needs the second slash before "api/"
  EXPECT_FALSE(r.IsAllowed("/module/web/jpage/dataproxy.jsp"));
  EXPECT_FALSE(r.IsAllowed("/module/web/jpage/dataproxy.jsp?page=2"));
  EXPECT_FALSE(r.IsAllowed("/a.jspx"));  // not anchored: prefix match
  EXPECT_TRUE(r.IsAllowed("/xxgk/zfxxgknb/"));
}

TEST(RobotsTest, DollarAnchorsTheEnd) {
  RobotsRules r = P("User-agent: *\nDisallow: /*.pdf$\nDisallow: /xxgk/$\n");
  EXPECT_FALSE(r.IsAllowed("/xxgk/zfxxgknb/2023.pdf"));
  EXPECT_TRUE(r.IsAllowed("/xxgk/zfxxgknb/2023.pdf?download=1"));
  EXPECT_TRUE(r.IsAllowed("/xxgk/zfxxgknb/2023.pdf.html"));
  EXPECT_FALSE(r.IsAllowed("/xxgk/"));
  EXPECT_TRUE(r.IsAllowed("/xxgk/zfxxgknb/"));
}

TEST(RobotsTest, DollarInsidePatternIsLiteral) {
  RobotsRules r = P("User-agent: *\nDisallow: /a$b\nDisallow: /file-%2A.html\n");
  EXPECT_FALSE(r.IsAllowed("/a$b/c"));
  EXPECT_TRUE(r.IsAllowed("/a"));
  // RFC 9309 2.2.3: %2A in a pattern matches a literal '*' in the path.
  EXPECT_FALSE(r.IsAllowed("/file-*.html"));
  EXPECT_TRUE(r.IsAllowed("/file-x.html"));
}

TEST(RobotsTest, QueryStringIsMatched) {
  RobotsRules r =
      P("User-agent: *\n"
        "Disallow: /*?\n"
        "Allow: /module/web/jpage/dataproxy.jsp?*columnid=\n"
        "Disallow: /*sessionid=\n");
  EXPECT_TRUE(r.IsAllowed("/xxgk/zfxxgknb/"));
  EXPECT_FALSE(r.IsAllowed("/xxgk/zfxxgknb/?page=2"));
  EXPECT_TRUE(r.IsAllowed("/module/web/jpage/dataproxy.jsp?startrecord=1&columnid=2345"));
  EXPECT_FALSE(r.IsAllowed("/xxgk/index.html?sessionid=abc"));
}

TEST(RobotsTest, RawUtf8PatternMatchesPercentEncodedPath) {
  // 年报 = E5 B9 B4 E6 8A A5
  RobotsRules r = P("User-agent: *\nDisallow: /xxgk/年报/\n");
  EXPECT_FALSE(r.IsAllowed("/xxgk/%E5%B9%B4%E6%8A%A5/2023.html"));
  EXPECT_FALSE(r.IsAllowed("/xxgk/%e5%b9%b4%e6%8a%a5/2023.html"));
  EXPECT_FALSE(r.IsAllowed("/xxgk/年报/2023.html"));
  EXPECT_TRUE(r.IsAllowed("/xxgk/%E5%B9%B4/"));
}

TEST(RobotsTest, PercentEncodedPatternMatchesRawUtf8Path) {
  RobotsRules r = P("User-agent: *\nDisallow: /xxgk/%e5%b9%b4%E6%8A%A5\n");
  EXPECT_FALSE(r.IsAllowed("/xxgk/年报/2023.html"));
  EXPECT_FALSE(r.IsAllowed("/xxgk/%E5%B9%B4%E6%8A%A5"));
}

TEST(RobotsTest, PercentEncodingCaseAndUnreserved) {
  RobotsRules r = P("User-agent: *\nDisallow: /a%2fb\nDisallow: /%7Euser/\n");
  EXPECT_FALSE(r.IsAllowed("/a%2Fb"));
  EXPECT_FALSE(r.IsAllowed("/a%2fb"));
  EXPECT_TRUE(r.IsAllowed("/a/b"));  // %2F is reserved: not the same as '/'
  EXPECT_FALSE(r.IsAllowed("/~user/home"));
  EXPECT_FALSE(r.IsAllowed("/%7euser/home"));
  RobotsRules r2 = P("User-agent: *\nDisallow: /xxgk/%7A%66xxgknb\n");  // %7A%66 = "zf"
  EXPECT_FALSE(r2.IsAllowed("/xxgk/zfxxgknb/"));
}

TEST(RobotsTest, EmptyDisallowAllowsEverything) {
  RobotsRules r = P("User-agent: *\nDisallow: /\n\nUser-agent: govharvest\nDisallow:\n");
  EXPECT_TRUE(r.IsAllowed("/"));
  EXPECT_TRUE(r.IsAllowed("/xxgk/zfxxgknb/"));
}

TEST(RobotsTest, PatternsNotStartingWithSlashOrStarAreIgnored) {
  RobotsRules r = P("User-agent: *\nDisallow: xxgk/\nDisallow: *.jsp\n");
  EXPECT_TRUE(r.IsAllowed("/xxgk/zfxxgknb/"));
  EXPECT_FALSE(r.IsAllowed("/module/web/jpage/dataproxy.jsp"));
}

TEST(RobotsTest, CommentsCrlfAndBom) {
  RobotsRules r =
      P("\xEF\xBB\xBF# 政府网站 robots\r\n"
        "User-agent: * # everyone\r\n"
        "\r\n"
        "Disallow: /gkmlpt/api/   # JSON API\r\n"
        "Disallow: /module/ #\r"
        "   Allow:   /module/web/jpage/  \r\n"
        "this line has no colon\n"
        "#Disallow: /xxgk/\n");
  EXPECT_FALSE(r.IsAllowed("/gkmlpt/api/all/5"));
  EXPECT_FALSE(r.IsAllowed("/module/other"));
  EXPECT_TRUE(r.IsAllowed("/module/web/jpage/dataproxy.jsp"));
  EXPECT_TRUE(r.IsAllowed("/xxgk/zfxxgknb/"));
}

TEST(RobotsTest, BomDoesNotHideFirstUserAgent) {
  RobotsRules r = P("\xEF\xBB\xBFUser-agent: govharvest\nDisallow: /xxgk/\n");
  EXPECT_FALSE(r.IsAllowed("/xxgk/zfxxgknb/"));
}

TEST(RobotsTest, KeysAreCaseInsensitiveAndTyposTolerated) {
  RobotsRules r =
      P("USER-AGENT: *\n"
        "DISALLOW: /a/\n"
        "disalow: /b/\n"
        "Dissallow: /c/\n"
        "ALLOW: /a/ok/\n");
  EXPECT_FALSE(r.IsAllowed("/a/x"));
  EXPECT_FALSE(r.IsAllowed("/b/x"));
  EXPECT_FALSE(r.IsAllowed("/c/x"));
  EXPECT_TRUE(r.IsAllowed("/a/ok/x"));
  for (const char* ua : {"useragent", "user agent", "User Agent", "UserAgent"}) {
    RobotsRules t = P(std::string(ua) + ": govharvest\nDisallow: /xxgk/\n");
    EXPECT_FALSE(t.IsAllowed("/xxgk/zfxxgknb/")) << ua;
  }
}

TEST(RobotsTest, CrawlDelayInteger) {
  RobotsRules r = P("User-agent: *\nCrawl-delay: 10\nDisallow: /gkmlpt/api/\n");
  ASSERT_TRUE(r.crawl_delay_ms().has_value());
  EXPECT_EQ(*r.crawl_delay_ms(), 10000);
  EXPECT_FALSE(r.IsAllowed("/gkmlpt/api/"));
}

TEST(RobotsTest, CrawlDelayFractional) {
  EXPECT_EQ(P("User-agent: *\ncrawl-delay: 2.5\n").crawl_delay_ms(), 2500);
  EXPECT_EQ(P("User-agent: *\nCrawl-Delay: 0.25 # slow down\n").crawl_delay_ms(), 250);
  EXPECT_EQ(P("User-agent: *\nCrawl-delay: .5\n").crawl_delay_ms(), 500);
  EXPECT_EQ(P("User-agent: *\nCrawl-delay: 0\n").crawl_delay_ms(), 0);
}

TEST(RobotsTest, CrawlDelayInvalidIgnored) {
  EXPECT_FALSE(P("User-agent: *\nCrawl-delay: -3\n").crawl_delay_ms().has_value());
  EXPECT_FALSE(P("User-agent: *\nCrawl-delay: soon\n").crawl_delay_ms().has_value());
  EXPECT_FALSE(P("User-agent: *\nCrawl-delay:\n").crawl_delay_ms().has_value());
  // Huge values saturate rather than overflow.
  auto huge = P("User-agent: *\nCrawl-delay: 99999999999999999999999\n").crawl_delay_ms();
  ASSERT_TRUE(huge.has_value());
  EXPECT_GT(*huge, 0);
}

TEST(RobotsTest, CrawlDelayOfOtherGroupNotApplied) {
  RobotsRules r =
      P("User-agent: Baiduspider\n"
        "Crawl-delay: 30\n"
        "\n"
        "User-agent: govharvest\n"
        "Disallow: /gkmlpt/api/\n"
        "\n"
        "User-agent: *\n"
        "Crawl-delay: 5\n");
  EXPECT_FALSE(r.crawl_delay_ms().has_value());
  RobotsRules star =
      P("User-agent: Baiduspider\nCrawl-delay: 30\n\nUser-agent: *\nCrawl-delay: 5\n");
  EXPECT_EQ(star.crawl_delay_ms(), 5000);
}

TEST(RobotsTest, CrawlDelayEndsUserAgentRun) {
  RobotsRules r =
      P("User-agent: govharvest\n"
        "Crawl-delay: 3\n"
        "User-agent: Baiduspider\n"
        "Disallow: /\n");
  EXPECT_EQ(r.crawl_delay_ms(), 3000);
  EXPECT_TRUE(r.IsAllowed("/xxgk/"));
}

TEST(RobotsTest, SitemapsCollectedFromAnywhere) {
  RobotsRules r =
      P("Sitemap: https://www.gz.gov.cn/sitemap.xml\n"
        "User-agent: Baiduspider\n"
        "Sitemap: https://www.gz.gov.cn/xxgk/sitemap.xml # in a group\n"
        "Disallow: /\n"
        "SITEMAP: https://www.gz.gov.cn/sitemap.xml\n"  // duplicate
        "site-map: https://www.gz.gov.cn/gkmlpt/sitemap.xml\n");
  EXPECT_EQ(r.sitemaps(), (std::vector<std::string>{"https://www.gz.gov.cn/sitemap.xml",
                                                    "https://www.gz.gov.cn/xxgk/sitemap.xml",
                                                    "https://www.gz.gov.cn/gkmlpt/sitemap.xml"}));
  EXPECT_TRUE(r.IsAllowed("/xxgk/"));  // the Baiduspider group does not apply
}

TEST(RobotsTest, SitemapDoesNotEndUserAgentRun) {
  RobotsRules r =
      P("User-agent: Baiduspider\n"
        "Sitemap: https://example.gov.cn/sitemap.xml\n"
        "User-agent: govharvest\n"
        "Disallow: /xxgk/\n");
  EXPECT_FALSE(r.IsAllowed("/xxgk/zfxxgknb/"));
}

TEST(RobotsTest, RobotsTxtAlwaysAllowed) {
  RobotsRules r = P("User-agent: *\nDisallow: /\n");
  EXPECT_FALSE(r.IsAllowed("/"));
  EXPECT_FALSE(r.IsAllowed("/xxgk/zfxxgknb/"));
  EXPECT_TRUE(r.IsAllowed("/robots.txt"));
  EXPECT_TRUE(RobotsRules::DisallowAll().IsAllowed("/robots.txt"));
}

TEST(RobotsTest, EmptyPathIsRoot) {
  RobotsRules r = P("User-agent: *\nDisallow: /$\n");
  EXPECT_FALSE(r.IsAllowed(""));
  EXPECT_FALSE(r.IsAllowed("/"));
  EXPECT_TRUE(r.IsAllowed("/xxgk/"));
}

TEST(RobotsTest, ForFetch2xxParses) {
  RobotsRules r = RobotsRules::ForFetch(200, "User-agent: *\nDisallow: /gkmlpt/api/\n", kToken);
  EXPECT_FALSE(r.IsAllowed("/gkmlpt/api/"));
  EXPECT_TRUE(r.IsAllowed("/xxgk/"));
  EXPECT_FALSE(r.unreachable());
}

TEST(RobotsTest, ForFetch4xxAllowsAll) {
  for (int status : {400, 401, 403, 404, 410, 429, 499, 301}) {
    RobotsRules r = RobotsRules::ForFetch(status, "User-agent: *\nDisallow: /\n", kToken);
    EXPECT_TRUE(r.IsAllowed("/xxgk/zfxxgknb/")) << status;
    EXPECT_FALSE(r.unreachable()) << status;
  }
}

TEST(RobotsTest, ForFetch5xxAndNoResponseDisallowAll) {
  for (int status : {0, 500, 502, 503, 504, 599}) {
    RobotsRules r = RobotsRules::ForFetch(status, "User-agent: *\nAllow: /\n", kToken);
    EXPECT_FALSE(r.IsAllowed("/")) << status;
    EXPECT_FALSE(r.IsAllowed("/xxgk/zfxxgknb/")) << status;
    EXPECT_TRUE(r.IsAllowed("/robots.txt")) << status;
    EXPECT_TRUE(r.unreachable()) << status;
  }
}

TEST(RobotsTest, AllowAllAndDisallowAll) {
  EXPECT_TRUE(RobotsRules::AllowAll().IsAllowed("/gkmlpt/api/"));
  EXPECT_FALSE(RobotsRules::AllowAll().unreachable());
  EXPECT_FALSE(RobotsRules::DisallowAll().IsAllowed("/gkmlpt/api/"));
  EXPECT_FALSE(RobotsRules::DisallowAll().unreachable());
}

TEST(RobotsTest, OnlyFirst500KiBParsed) {
  std::string body = "User-agent: *\nDisallow: /gkmlpt/\n";
  while (body.size() < 500 * 1024) body += "# padding padding padding padding padding\n";
  body += "Disallow: /xxgk/\n";
  RobotsRules r = P(body);
  EXPECT_FALSE(r.IsAllowed("/gkmlpt/api/"));
  EXPECT_TRUE(r.IsAllowed("/xxgk/zfxxgknb/"));
}

TEST(RobotsTest, PathologicalPatternIsFast) {
  std::string pattern = "/";
  for (int i = 0; i < 30; ++i) pattern += "*a";
  std::string body = "User-agent: *\nDisallow: " + pattern + "*b\nDisallow: " + pattern + "$\n";
  for (int i = 0; i < 200; ++i)
    body += "Disallow: /" + std::string(30, '*') + "x" + std::to_string(i) + "\n";
  RobotsRules r = P(body);
  const std::string path = "/" + std::string(20000, 'a');
  auto start = std::chrono::steady_clock::now();
  bool allowed = true;
  for (int i = 0; i < 20; ++i) allowed = r.IsAllowed(path + "c") && allowed;
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_TRUE(allowed);
  EXPECT_LT(secs, 2.0);
  EXPECT_FALSE(r.IsAllowed(path + "b"));
  EXPECT_FALSE(r.IsAllowed(path));  // 30 'a's then '$'
  EXPECT_FALSE(r.IsAllowed("/zzx7"));
}

}  // namespace
}  // namespace govharvest
