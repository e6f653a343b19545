// Site hints (config list_pattern, detail_pattern, next_pattern) in the
// column walker (crawler/column_walker.h SiteHints), and in a crawl: a hint
// that matches nothing fails the site.
#include <gtest/gtest.h>

#include "crawler/column_walker.h"
#include "crawler/crawler.h"

namespace govharvest {
namespace {

const std::string kUrl = "http://a.gov.cn/xxgk/nb/list.jsp";

// A list whose items have titles that say nothing and whose pager is a
// widget the walker cannot read: only hints find the reports and pages.
const std::string kPage =
    "<ul>"
    "<li><a href='/xxgk/nb/show.jsp?id=11'>查看详情（一）</a><span>2024-02-01</span></li>"
    "<li><a href='/xxgk/nb/show.jsp?id=12'>查看详情（二）</a><span>2023-02-01</span></li>"
    "<li><a href='/xxgk/tz/show.jsp?id=13'>某区关于春节期间值班的安排</a><span>2023-01-20</span></li>"
    "<li><a href='/xxgk/nb/show.jsp?id=14'>某区2022年法治政府建设年度报告</a><span>2023-03-01</span></li>"
    "</ul>"
    "<div class='pg'><a href='/xxgk/nb/list.jsp?start=10&amp;x=1'>更多</a><a href='/xxgk/nb/y2021.jsp'>往年</a></div>";

struct Walked {
  ListOutcome out;
  std::vector<std::string> Of(ListLink::Kind kind) const {
    std::vector<std::string> urls;
    for (const auto& l : out.links) {
      if (l.kind == kind) urls.push_back(l.url);
    }
    return urls;
  }
};

Walked Walk(const SiteHints* hints) {
  FetchedListPage page;
  page.url = kUrl;
  page.text = kPage;
  page.hints = hints;
  ColumnWalkContext context;
  context.in_scope = [](const std::string&) { return true; };
  context.url_state = [](const std::string&, UrlState*) { return false; };
  return {WalkListPage(page, ColumnWalkSettings{}, context)};
}

TEST(SiteHintsTest, WithoutHintsTheListGivesNothing) {
  Walked w = Walk(nullptr);
  EXPECT_TRUE(w.Of(ListLink::Kind::kReport).empty());
  EXPECT_TRUE(w.Of(ListLink::Kind::kNextPage).empty());
  EXPECT_EQ(w.out.hints_matched, 0u);
}

TEST(SiteHintsTest, DetailPatternMakesMatchingItemsCandidatesButNotLookAlikes) {
  SiteHints hints;
  hints.detail.emplace(R"(/xxgk/nb/show\.jsp\?id=\d+$)");
  Walked w = Walk(&hints);
  // The two items whose titles say nothing are fetched and verified by their
  // own page titles; the look-alike under the same URL shape is not taken.
  std::vector<std::string> reports;
  for (const auto& l : w.out.links) {
    if (l.kind == ListLink::Kind::kReport) {
      reports.push_back(l.url);
      EXPECT_TRUE(l.verify) << l.url;
    }
  }
  EXPECT_EQ(reports, (std::vector<std::string>{"http://a.gov.cn/xxgk/nb/show.jsp?id=11",
                                               "http://a.gov.cn/xxgk/nb/show.jsp?id=12"}));
  EXPECT_EQ(w.out.hints_matched, unsigned{kDetailHintMatched});
}

TEST(SiteHintsTest, NextAndListPatternsReplaceThePagerAndAddSubcolumns) {
  SiteHints hints;
  hints.next.emplace(R"(list\.jsp\?start=\d+)");
  hints.list.emplace(R"(/y\d{4}\.jsp$)");
  Walked w = Walk(&hints);
  EXPECT_EQ(w.Of(ListLink::Kind::kNextPage),
            (std::vector<std::string>{"http://a.gov.cn/xxgk/nb/list.jsp?start=10&x=1"}));
  EXPECT_EQ(w.Of(ListLink::Kind::kSubcolumn), (std::vector<std::string>{"http://a.gov.cn/xxgk/nb/y2021.jsp"}));
  EXPECT_EQ(w.out.hints_matched, unsigned{kNextHintMatched | kListHintMatched});
}

TEST(SiteHintsTest, AHintThatMatchesNothingIsReported) {
  SiteHints hints;
  hints.next.emplace(R"(page=\d+)");
  Walked w = Walk(&hints);
  EXPECT_TRUE(w.Of(ListLink::Kind::kNextPage).empty());
  EXPECT_EQ(w.out.hints_matched, 0u);
  EXPECT_EQ(w.out.pager_evidence, "next_pattern matched no link here");

  SiteSummary site;
  site.reports_by_year[2023] = 1;
  site.hints_given = kNextHintMatched | kDetailHintMatched;
  site.hints_matched = kDetailHintMatched;
  EXPECT_FALSE(site.ok());
  EXPECT_EQ(site.UnmatchedHints(), "next_pattern");
  EXPECT_EQ(site.Status().rfind("hint_unmatched: next_pattern", 0), 0u) << site.Status();
}

TEST(SiteHintsTest, ASiteWithoutReportsIsNotOk) {
  SiteSummary site;
  site.pages = 3;
  site.out_of_scope = 12;
  EXPECT_FALSE(site.ok());
  EXPECT_EQ(site.Status(), "no_reports: 3 pages walked, 12 items rejected, none a report of the years asked");
  site.reports_by_year[2021] = 1;
  EXPECT_TRUE(site.ok());
  EXPECT_EQ(site.Status(), "ok");
}

}  // namespace
}  // namespace govharvest
