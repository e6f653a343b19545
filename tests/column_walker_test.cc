// What a list page leads to (crawler/column_walker.h): report items, out of
// scope items, sub-columns, next pages and the incremental and backfill stops.
#include "crawler/column_walker.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace govharvest {
namespace {

const std::string kBase = "http://a.gov.cn/col/";
constexpr TimestampUs kNow = 1'700'000'000'000'000;  // 2023-11-14

struct Item {
  std::string file, title, date;
};

// A TRS list page with `items` and three further pages (index_1..3.html).
std::string TrsPage(const std::vector<Item>& items, bool paged = true) {
  std::string html = "<ul>";
  for (const auto& i : items) {
    const std::string href = i.file.rfind("http", 0) == 0 ? i.file : "./" + i.file;
    html += "<li><a href=\"" + href + "\" title=\"" + i.title + "\">" + i.title + "</a><span>" + i.date +
            "</span></li>";
  }
  html += "</ul>";
  if (paged) html += "<script>createPageHTML(4, 0, \"index\", \"html\");</script>";
  return html;
}

class ColumnWalkerTest : public ::testing::Test {
 protected:
  ColumnWalkerTest() {
    context_.in_scope = [](const std::string& url) { return url.rfind("http://a.gov.cn/", 0) == 0; };
    context_.url_state = [this](const std::string& url, UrlState* state) {
      auto it = known_.find(url);
      if (it == known_.end()) return false;
      *state = it->second;
      return true;
    };
    context_.now = kNow;
  }
  ListOutcome Walk(const std::string& html, const std::vector<ListRequest>* pending = nullptr) {
    const std::string url = kBase + "index.html";
    FetchedListPage page;
    page.url = url;
    page.text = html;
    page.pending = pending;
    return WalkListPage(page, settings_, context_);
  }
  static std::vector<ListLink> Of(const ListOutcome& out, ListLink::Kind kind) {
    std::vector<ListLink> links;
    for (const auto& l : out.links) {
      if (l.kind == kind) links.push_back(l);
    }
    return links;
  }
  void Archived(const std::string& file, TimestampUs next_due_at = 0) {
    UrlState s;
    s.url = kBase + file;
    s.payload_digest = "sha256:x";
    s.next_due_at = next_due_at;
    known_[s.url] = s;
  }

  ColumnWalkSettings settings_;
  ColumnWalkContext context_;
  std::map<std::string, UrlState> known_;
};

// Years of the wanted reports a page lists (fetched or already archived).
std::vector<int> Found(const ListOutcome& out) {
  std::vector<int> years;
  for (const ListLink& l : out.links) {
    if (l.kind == ListLink::Kind::kReport || l.kind == ListLink::Kind::kKnownReport) years.push_back(l.year);
  }
  return years;
}

TEST_F(ColumnWalkerTest, ReportsAreFetchedOtherItemsRecordedOutOfScope) {
  settings_.year_from = 2020;
  settings_.year_to = 2021;
  ListOutcome out = Walk(TrsPage({{"t1.html", "某区2021年政府信息公开工作年度报告", "2022-01-20"},
                                  {"t2.html", "某区2018年政府信息公开工作年度报告", "2019-01-20"},
                                  {"t3.html", "关于春节期间值班安排的通知", "2022-01-10"}}));
  auto reports = Of(out, ListLink::Kind::kReport);
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].url, kBase + "t1.html");
  EXPECT_EQ(reports[0].year, 2021);
  auto skipped = Of(out, ListLink::Kind::kOutOfScope);
  ASSERT_EQ(skipped.size(), 2u);  // a report of another year, and a notice
  EXPECT_EQ(skipped[0].year, 2018);
  EXPECT_EQ(skipped[1].title, "关于春节期间值班安排的通知");
  EXPECT_EQ(Found(out), std::vector<int>{2021});
  EXPECT_FALSE(out.stopped);
  auto next = Of(out, ListLink::Kind::kNextPage);
  ASSERT_EQ(next.size(), 2u);  // page 2 as index_1, or else index_2 (pager.h)
  EXPECT_EQ(next[0].url, kBase + "index_1.html");
}

TEST_F(ColumnWalkerTest, ItemsOffTheSitesAreIgnored) {
  ListOutcome out = Walk(TrsPage({{"http://elsewhere.cn/t.html", "2021年政府信息公开工作年度报告", "2022-01-20"}}));
  EXPECT_TRUE(Of(out, ListLink::Kind::kReport).empty());
  EXPECT_TRUE(Of(out, ListLink::Kind::kOutOfScope).empty());
  EXPECT_TRUE(Found(out).empty());
}

TEST_F(ColumnWalkerTest, ArchivedReportsAreFetchedAgainOnlyWhenDue) {
  Archived("t1.html", kNow + 1);  // not due yet
  Archived("t2.html", kNow - 1);  // due
  ListOutcome out = Walk(TrsPage({{"t1.html", "2021年政府信息公开工作年度报告", "2022-01-20"},
                                  {"t2.html", "2020年政府信息公开工作年度报告", "2021-01-20"}}));
  auto reports = Of(out, ListLink::Kind::kReport);
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].url, kBase + "t2.html");
  EXPECT_EQ(Found(out), (std::vector<int>{2021, 2020}));  // counted either way
  EXPECT_EQ(Of(out, ListLink::Kind::kKnownReport).size(), 1u);
}

TEST_F(ColumnWalkerTest, IncrementalStopsAtAPageOfKnownItemsOlderThanTheLastRun) {
  ASSERT_TRUE(ParseTimestamp("2023-01-01", &settings_.previous_run).ok());
  Archived("t1.html");
  const std::string old_page = TrsPage({{"t1.html", "2021年政府信息公开工作年度报告", "2022-01-20"}});
  ListOutcome out = Walk(old_page);
  EXPECT_TRUE(out.stopped);
  EXPECT_TRUE(Of(out, ListLink::Kind::kNextPage).empty());
  // An item never met before keeps the walk going.
  out = Walk(TrsPage({{"t1.html", "2021年政府信息公开工作年度报告", "2022-01-20"},
                      {"t9.html", "2020年政府信息公开工作年度报告", "2021-01-20"}}));
  EXPECT_FALSE(out.stopped);
  // So does an item dated on or after the last run's day.
  out = Walk(TrsPage({{"t1.html", "2022年政府信息公开工作年度报告", "2023-01-01"}}));
  EXPECT_FALSE(out.stopped);
  // Backfill ignores the last run.
  settings_.backfill = true;
  out = Walk(old_page);
  EXPECT_FALSE(out.stopped);
  EXPECT_EQ(Of(out, ListLink::Kind::kNextPage).size(), 2u);
}

TEST_F(ColumnWalkerTest, BackfillStopsWhenAllDatesFallBeforeTheFirstYear) {
  settings_.backfill = true;
  settings_.year_from = 2020;
  ListOutcome out = Walk(TrsPage({{"t1.html", "2018年政府信息公开工作年度报告", "2019-12-31"},
                                  {"t2.html", "2017年政府信息公开工作年度报告", "2018-02-01"}}));
  EXPECT_TRUE(out.stopped);
  EXPECT_EQ(Of(out, ListLink::Kind::kOutOfScope).size(), 2u);  // still recorded
  out = Walk(TrsPage({{"t1.html", "2019年政府信息公开工作年度报告", "2020-01-01"}}));
  EXPECT_FALSE(out.stopped);
}

TEST_F(ColumnWalkerTest, PagesWithoutDatesNeverStop) {
  settings_.year_from = 2020;
  ASSERT_TRUE(ParseTimestamp("2023-01-01", &settings_.previous_run).ok());
  ListOutcome out = Walk(TrsPage({{"t1.html", "2010年政府信息公开工作年度报告", ""}}));
  EXPECT_FALSE(out.stopped);
}

TEST_F(ColumnWalkerTest, PendingPagesContinueAWalkWhosePageNamesNone) {
  const std::vector<ListRequest> pending = {{kBase + "index_2.html", ""}, {"http://elsewhere.cn/x", ""}};
  ListOutcome out = Walk(TrsPage({{"t1.html", "2021年政府信息公开工作年度报告", "2022-01-20"}}, false), &pending);
  auto next = Of(out, ListLink::Kind::kNextPage);
  ASSERT_EQ(next.size(), 1u);  // the out-of-scope one is dropped
  EXPECT_EQ(next[0].url, kBase + "index_2.html");
  // A page naming its own next pages ignores the pending ones.
  out = Walk(TrsPage({{"t1.html", "2021年政府信息公开工作年度报告", "2022-01-20"}}), &pending);
  EXPECT_EQ(Of(out, ListLink::Kind::kNextPage).size(), 2u);
}

TEST(ColumnWalkSettingsTest, YearWanted) {
  ColumnWalkSettings s;
  EXPECT_TRUE(s.YearWanted(1990));
  s.year_from = 2020;
  s.year_to = 2021;
  EXPECT_TRUE(s.YearWanted(0));  // unknown: the extractor decides
  EXPECT_TRUE(s.YearWanted(2020));
  EXPECT_TRUE(s.YearWanted(2021));
  EXPECT_FALSE(s.YearWanted(2019));
  EXPECT_FALSE(s.YearWanted(2022));
}


// A page fetched as `request` (a further page of a list when next_page).
ListOutcome WalkAs(const ColumnWalkSettings& settings, const ColumnWalkContext& context, const std::string& url,
                   const std::string& html, const ListRequest* request, bool next_page) {
  FetchedListPage page;
  page.url = url;
  page.text = html;
  page.request = request;
  page.next_page = next_page;
  return WalkListPage(page, settings, context);
}

TEST_F(ColumnWalkerTest, TitlesThatCannotDecideAreFetchedToVerify) {
  settings_.year_from = 2021;
  ListOutcome out = Walk(TrsPage({{"t1.html", "某区2022年度报告", "2023-01-20"},
                                  {"t2.html", "某区2022年政府信息公开工作年度…", "2023-01-10"},
                                  {"t3.html", "某区2015年度报告", "2016-01-10"},
                                  {"t4.html", "某区2022年政府信息公开工作年度报告", "2023-01-05"}}));
  auto reports = Of(out, ListLink::Kind::kReport);
  ASSERT_EQ(reports.size(), 3u);
  EXPECT_EQ(reports[0].url, kBase + "t1.html");
  EXPECT_TRUE(reports[0].verify);
  EXPECT_EQ(reports[0].year, 2022);
  EXPECT_EQ(reports[0].why, "report of a year (年度报告) without 信息公开: page decides");
  EXPECT_TRUE(reports[1].verify);
  EXPECT_EQ(reports[1].why, "title cut short: page decides");
  EXPECT_FALSE(reports[2].verify);  // the title settles it
  auto skipped = Of(out, ListLink::Kind::kOutOfScope);
  ASSERT_EQ(skipped.size(), 1u);
  EXPECT_EQ(skipped[0].url, kBase + "t3.html");
  EXPECT_EQ(skipped[0].why, "report of 2015, outside the years asked");
}

TEST_F(ColumnWalkerTest, LookAlikesAreNeverFetched) {
  ListOutcome out = Walk(TrsPage({{"t1.html", "某区2022年法治政府建设年度报告", "2023-01-20"},
                                  {"t2.html", "某区2022年政府网站工作年度报表", "2023-01-15"},
                                  {"t3.html", "2022年国民经济和社会发展统计公报", "2023-03-01"},
                                  {"t4.html", "图解：某区2022年政府信息公开工作年度报告", "2023-01-21"},
                                  {"t5.html", "关于做好2022年政府信息公开工作年度报告编制工作的通知", "2022-12-01"},
                                  {"t6.html", "某局所属事业单位2022年度报告公示", "2023-02-01"}}));
  EXPECT_TRUE(Of(out, ListLink::Kind::kReport).empty());
  auto skipped = Of(out, ListLink::Kind::kOutOfScope);
  ASSERT_EQ(skipped.size(), 6u);
  EXPECT_EQ(skipped[0].why, "look-alike: 法治政府");
  EXPECT_EQ(skipped[5].why, "look-alike: 年度报告公示");
}

TEST_F(ColumnWalkerTest, ArchivedReportsNotDueAreKnownReports) {
  Archived("t1.html");  // archived, no due time
  UrlState met;         // met before but never archived (no payload): fetched
  met.url = kBase + "t2.html";
  known_[met.url] = met;
  ListOutcome out = Walk(TrsPage({{"t1.html", "某区2021年政府信息公开工作年度报告", "2022-01-20"},
                                  {"t2.html", "某区2020年政府信息公开工作年度报告", "2021-01-20"}}));
  auto known = Of(out, ListLink::Kind::kKnownReport);
  ASSERT_EQ(known.size(), 1u);
  EXPECT_EQ(known[0].url, kBase + "t1.html");
  EXPECT_EQ(known[0].year, 2021);
  EXPECT_EQ(known[0].why, "report title (年度报告); archived, not due");
  auto reports = Of(out, ListLink::Kind::kReport);
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].url, kBase + "t2.html");
}

TEST_F(ColumnWalkerTest, ARepeatedFurtherPageStopsTheWalk) {
  std::set<std::string> seen = {kBase + "t1.html", kBase + "t2.html"};
  context_.seen_in_job = [&](const std::string& url) { return seen.count(url) > 0; };
  const std::string page = TrsPage({{"t1.html", "某区2021年政府信息公开工作年度报告", "2022-01-20"},
                                    {"t2.html", "某区2020年政府信息公开工作年度报告", "2021-01-20"}});
  const ListRequest request{kBase + "index_5.html", "", false};
  ListOutcome out = WalkAs(settings_, context_, request.url, page, &request, /*next_page=*/true);
  EXPECT_TRUE(out.stopped);
  EXPECT_EQ(out.stop_reason, "every item on this page was met earlier in the walk (a repeated page)");
  EXPECT_TRUE(Of(out, ListLink::Kind::kNextPage).empty());
  EXPECT_EQ(Of(out, ListLink::Kind::kReport).size(), 2u);  // still listed; the committer drops repeats
  // An entry page (not a further page) is not a repeat.
  out = WalkAs(settings_, context_, request.url, page, &request, /*next_page=*/false);
  EXPECT_FALSE(out.stopped);
  // One item new to the job keeps the walk going.
  seen.erase(kBase + "t2.html");
  out = WalkAs(settings_, context_, request.url, page, &request, /*next_page=*/true);
  EXPECT_FALSE(out.stopped);
  EXPECT_FALSE(Of(out, ListLink::Kind::kNextPage).empty());
}

TEST_F(ColumnWalkerTest, AGuessedPageWithNoItemsStops) {
  const ListRequest guessed{kBase + "index_7.html", "", true};
  ListOutcome out = WalkAs(settings_, context_, guessed.url, "<html><body>页面不存在</body></html>", &guessed, true);
  EXPECT_TRUE(out.stopped);
  EXPECT_EQ(out.stop_reason, "a guessed page with no items");
  EXPECT_TRUE(Of(out, ListLink::Kind::kNextPage).empty());
  // With an item it goes on with its own numbering.
  out = WalkAs(settings_, context_, guessed.url,
               TrsPage({{"t1.html", "某区2021年政府信息公开工作年度报告", "2022-01-20"}}, false), &guessed, true);
  EXPECT_FALSE(out.stopped);
  auto next = Of(out, ListLink::Kind::kNextPage);
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0].url, kBase + "index_8.html");
  EXPECT_TRUE(next[0].guessed);
  // A page the pager did not guess is not stopped for having no items.
  const ListRequest linked{kBase + "index_7.html", "", false};
  out = WalkAs(settings_, context_, linked.url, "<html><body></body></html>", &linked, true);
  EXPECT_FALSE(out.stopped);
}

TEST_F(ColumnWalkerTest, ListsLoadedByScriptsAreSubcolumnsWithTheirForm) {
  ListOutcome out = Walk(
      "<div id=list></div><script>$.post('/api/list', {pageNo: 1, colId: '3'});"
      "$.get('http://elsewhere.cn/api/list', {pageNo: 1});</script>");
  auto subs = Of(out, ListLink::Kind::kSubcolumn);
  ASSERT_EQ(subs.size(), 1u);  // the one off the site is dropped
  EXPECT_EQ(subs[0].url, "http://a.gov.cn/api/list");
  EXPECT_EQ(subs[0].form, "pageNo=1&colId=3");
  EXPECT_EQ(subs[0].why, "a list the page's scripts load");
}

TEST_F(ColumnWalkerTest, JsonListsMoveTheirPageParameterOn) {
  const ListRequest request{"http://a.gov.cn/api/list", "pageNo=1&colId=3", false};
  ListOutcome out = WalkAs(
      settings_, context_, request.url,
      R"( {"data":[{"title":"某区2021年政府信息公开工作年度报告","url":"/art/1.html","pubDate":"2022-01-20"}]})",
      &request, false);
  auto reports = Of(out, ListLink::Kind::kReport);
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].url, "http://a.gov.cn/art/1.html");
  auto next = Of(out, ListLink::Kind::kNextPage);
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0].url, "http://a.gov.cn/api/list");
  EXPECT_EQ(next[0].form, "pageNo=2&colId=3");
  EXPECT_TRUE(next[0].guessed);
}

TEST_F(ColumnWalkerTest, APostbackPageIsNotItsOwnNextPage) {
  // The postback replays the same URL with another body: a next page, not itself.
  const std::string html =
      "<form method='post' action='list.aspx'><input type='hidden' name='__VIEWSTATE' value='v'>"
      "<input type='hidden' name='__EVENTTARGET' value=''><input type='hidden' name='__EVENTARGUMENT' value=''></form>"
      "<a href=\"javascript:__doPostBack('pager','3')\">下一页</a>";
  const ListRequest request{kBase + "list.aspx", "__VIEWSTATE=v&__EVENTTARGET=pager&__EVENTARGUMENT=2", false};
  ListOutcome out = WalkAs(settings_, context_, request.url, html, &request, true);
  auto next = Of(out, ListLink::Kind::kNextPage);
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0].url, kBase + "list.aspx");
  EXPECT_EQ(next[0].form, "__VIEWSTATE=v&__EVENTTARGET=pager&__EVENTARGUMENT=3");
}

}  // namespace
}  // namespace govharvest
