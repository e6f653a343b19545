// What a list page leads to (crawler/column_walker.h): report items, out of
// scope items, sub-columns, next pages and the incremental and backfill stops.
#include "crawler/column_walker.h"

#include <gtest/gtest.h>

#include <map>

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

}  // namespace
}  // namespace govharvest
