// The one batch per fetch (crawler/step_commit.h): capture, queued links,
// seen set, own entry deleted or kept, tally; and a job resumed from it.
#include "crawler/step_commit.h"

#include <gtest/gtest.h>

#include <map>

#include "tests/test_archive.h"
#include "tests/test_util.h"

namespace govharvest {
namespace {

using testing::ScratchDir;

std::string HostOf(const std::string& url) {
  const size_t start = url.find("://") + 3;
  return url.substr(start, url.find('/', start) - start);
}

class StepCommitTest : public ::testing::Test {
 protected:
  StepCommitTest() : archive_(testing::CreateArchive(dir_ / "a")) {
    committer_ = std::make_unique<StepCommitter>(*archive_, &clock_, HostOf, 100);
    committer_->SetJob("job");
  }
  // The job's frontier keyspace: key -> value.
  std::map<std::string, std::string> Frontier() {
    std::map<std::string, std::string> out;
    EXPECT_TRUE(archive_
                    ->ScanFrontier("job/", "",
                                   [&](std::string_view k, std::string_view v) {
                                     out.emplace(k, v);
                                     return true;
                                   })
                    .ok());
    return out;
  }
  Step StepFor(const QueueEntry& entry) {
    Step step;
    step.entry = entry;
    step.capture.requested_url = entry.url;
    step.capture.final_url = entry.url;
    step.capture.fetched_at = clock_.NowUs();
    step.capture.job_id = "job";
    step.capture.outcome = "ok";
    step.capture.source = "http";
    step.payload = "<html>page</html>";
    step.tally.host = entry.host;
    step.tally.site = entry.site;
    step.tally.role = entry.role;
    step.tally.outcome = Outcome::Ok();
    step.tally.counts_as_page = true;
    step.tally.bytes = static_cast<int64_t>(step.payload.size());
    return step;
  }

  ScratchDir dir_;
  ManualClock clock_;
  std::unique_ptr<Archive> archive_;
  std::unique_ptr<StepCommitter> committer_;
};

TEST_F(StepCommitTest, NewEntriesAreKeyedByHostPriorityAndOrder) {
  QueueEntry seed = committer_->NewEntry("http://a.gov.cn/", "", 0, Role::kPage, "");
  EXPECT_EQ(seed.key, "job/q/a.gov.cn|00000000000000064");
  EXPECT_EQ(seed.host, "a.gov.cn");
  QueueEntry list = committer_->NewEntry("http://a.gov.cn/x", "v", 1, Role::kList, "s");
  EXPECT_EQ(list.key, "job/q/a.gov.cn|10000000000000065");
  QueueEntry report = committer_->NewEntry("http://a.gov.cn/index.html", "v", 1, Role::kReport, "s");
  EXPECT_EQ(report.priority, 2);  // by role, not by name, for site entries
  QueueEntry page = committer_->NewEntry("http://a.gov.cn/index.html", "v", 1, Role::kPage, "");
  EXPECT_EQ(page.priority, 1);
}

TEST_F(StepCommitTest, OneBatchHoldsCaptureLinksSeenSetAndTally) {
  QueueEntry entry = committer_->NewEntry("http://a.gov.cn/", "", 0, Role::kPage, "");
  ASSERT_TRUE(committer_->FirstSighting(entry.url));
  Step step = StepFor(entry);
  step.links = {"http://a.gov.cn/1.html", "http://a.gov.cn/2.html", "http://a.gov.cn/1.html", entry.url};
  StepResult result;
  ASSERT_TRUE(committer_->Commit(std::move(step), &result).ok());
  ASSERT_EQ(result.queued.size(), 2u);  // duplicates and the page itself were seen
  EXPECT_EQ(result.queued[0].url, "http://a.gov.cn/1.html");
  EXPECT_EQ(result.queued[0].depth, 1);
  EXPECT_EQ(result.queued[0].via, entry.url);
  EXPECT_FALSE(result.retry);

  auto frontier = Frontier();
  EXPECT_EQ(frontier.count(entry.key), 0u);  // its own entry is done
  EXPECT_EQ(frontier.count("job/s/http://a.gov.cn/1.html"), 1u);
  EXPECT_EQ(frontier.count("job/s/http://a.gov.cn/2.html"), 1u);
  EXPECT_EQ(frontier.at(result.queued[1].key), result.queued[1].Value());
  EXPECT_EQ(frontier.at("job/t/0000000000000000"),
            R"({"b":17,"h":"a.gov.cn","o":"ok","p":true,"t":false})");
  CaptureRecord stored;
  ASSERT_TRUE(archive_->GetLatestCapture(entry.url, &stored).ok());
  EXPECT_EQ(stored.outcome, "ok");
}

TEST_F(StepCommitTest, RetriedEntryStaysQueued) {
  QueueEntry entry = committer_->NewEntry("http://a.gov.cn/", "", 0, Role::kPage, "");
  Step step = StepFor(entry);
  step.capture.outcome = "error:http_503";
  step.tally.outcome = Outcome::HttpError(503);
  step.tally.counts_as_page = false;
  step.retry = entry;
  step.retry->attempts = 1;
  StepResult result;
  ASSERT_TRUE(committer_->Commit(std::move(step), &result).ok());
  ASSERT_TRUE(result.retry);
  EXPECT_TRUE(result.tally.retried);
  auto frontier = Frontier();
  EXPECT_EQ(frontier.at(entry.key), result.retry->Value());
  EXPECT_EQ(frontier.at("job/t/0000000000000000"),
            R"({"b":17,"h":"a.gov.cn","o":"error:http_503","p":false,"t":true})");
}

ListLink Link(std::string url, ListLink::Kind kind, int year = 0, std::string title = "", std::string why = "") {
  ListLink l = ListLink::Of(std::move(url), kind, std::move(why));
  l.year = year;
  l.title = std::move(title);
  return l;
}

TEST_F(StepCommitTest, ListPageQueuesReportsAndOneNextPageAndRecordsTheRest) {
  QueueEntry list = committer_->NewEntry("http://a.gov.cn/col/", "", 0, Role::kList, "site1");
  Step step = StepFor(list);
  step.list_links = {
      Link("http://a.gov.cn/col/t1.html", ListLink::Kind::kReport, 2021, "2021年报", "report title"),
      Link("http://a.gov.cn/col/n1.html", ListLink::Kind::kOutOfScope, 0, "通知", "no report words"),
      Link("http://a.gov.cn/col/sub/", ListLink::Kind::kSubcolumn),
      Link("http://a.gov.cn/col/index_1.html", ListLink::Kind::kNextPage),
      Link("http://a.gov.cn/col/index_2.html", ListLink::Kind::kNextPage),
      // Listed twice (page 1 reached under two URLs): counted once.
      Link("http://a.gov.cn/col/t1.html", ListLink::Kind::kReport, 2021, "2021年报", "report title"),
  };
  step.list_links[4].form = "p=2";
  StepResult result;
  ASSERT_TRUE(committer_->Commit(std::move(step), &result).ok());
  ASSERT_EQ(result.queued.size(), 3u);
  EXPECT_EQ(result.queued[0].role, Role::kReport);
  EXPECT_EQ(result.queued[0].year, 2021);
  EXPECT_EQ(result.queued[0].site, "site1");
  EXPECT_EQ(result.queued[1].role, Role::kList);
  EXPECT_EQ(result.queued[1].url, "http://a.gov.cn/col/sub/");
  const QueueEntry& next = result.queued[2];
  EXPECT_EQ(next.url, "http://a.gov.cn/col/index_1.html");
  EXPECT_EQ(next.pending, (std::vector<ListRequest>{{"http://a.gov.cn/col/index_2.html", "p=2"}}));
  EXPECT_EQ(result.tally.out_of_scope, 1);

  CaptureRecord skipped;
  ASSERT_TRUE(archive_->GetLatestCapture("http://a.gov.cn/col/n1.html", &skipped).ok());
  EXPECT_EQ(skipped.outcome, "out_of_scope");
  EXPECT_EQ(skipped.error_detail, "list item that is not a wanted annual report (no report words): 通知");
  EXPECT_EQ(skipped.site, "site1");
  EXPECT_EQ(skipped.fetched_at, clock_.NowUs());
  auto frontier = Frontier();
  EXPECT_EQ(frontier.count("job/s/http://a.gov.cn/col/n1.html"), 1u);
  EXPECT_EQ(frontier.count("job/s/http://a.gov.cn/col/index_2.html"), 0u);  // pending, not queued yet
  EXPECT_EQ(frontier.at("job/t/0000000000000000"),
            R"({"b":17,"h":"a.gov.cn","o":"ok","p":true,"r":"l","s":"site1","t":false,"x":1,"y":[2021]})");
}

TEST_F(StepCommitTest, AReportPageQueuesItsAttachments) {
  QueueEntry report = committer_->NewEntry("http://a.gov.cn/t1.html", "", 1, Role::kReport, "site1");
  Step step = StepFor(report);
  step.links = {"http://a.gov.cn/f.pdf"};
  StepResult result;
  ASSERT_TRUE(committer_->Commit(std::move(step), &result).ok());
  ASSERT_EQ(result.queued.size(), 1u);
  EXPECT_EQ(result.queued[0].role, Role::kAttachment);
  EXPECT_EQ(result.queued[0].site, "site1");
}

TEST_F(StepCommitTest, AResumedJobHasItsSeenSetAndTallies) {
  QueueEntry entry = committer_->NewEntry("http://a.gov.cn/", "", 0, Role::kPage, "");
  Step step = StepFor(entry);
  step.links = {"http://a.gov.cn/1.html"};
  StepResult result;
  ASSERT_TRUE(committer_->Commit(std::move(step), &result).ok());

  StepCommitter resumed(*archive_, &clock_, HostOf, 500);
  resumed.SetJob("job");
  std::vector<StepTally> tallies;
  ASSERT_TRUE(resumed.Resume([&](const StepTally& t) { tallies.push_back(t); }).ok());
  ASSERT_EQ(tallies.size(), 1u);
  EXPECT_EQ(tallies[0].host, "a.gov.cn");
  EXPECT_EQ(tallies[0].outcome, Outcome::Ok());
  EXPECT_EQ(tallies[0].bytes, 17);
  EXPECT_FALSE(resumed.FirstSighting("http://a.gov.cn/1.html"));
  // The next tally goes after the stored ones.
  Step next = StepFor(result.queued[0]);
  ASSERT_TRUE(resumed.Commit(std::move(next), &result).ok());
  EXPECT_EQ(Frontier().count("job/t/0000000000000001"), 1u);
}

TEST(StepTallyTest, ReadsWhatItWrites) {
  StepTally t;
  t.host = "h";
  t.site = "s";
  t.role = Role::kAttachment;
  t.outcome = Outcome::Error("timeout");
  t.bytes = 5;
  t.retried = true;
  t.reports_found = {2020, 0};
  t.out_of_scope = 3;
  StepTally back;
  ASSERT_TRUE(StepTally::FromJson(t.ToJson(), &back));
  EXPECT_EQ(back.ToJson(), t.ToJson());
  EXPECT_FALSE(StepTally::FromJson("{}", &back));
  EXPECT_FALSE(StepTally::FromJson("[", &back));
  EXPECT_FALSE(StepTally::FromJson(R"({"h":1,"o":"ok","b":0,"p":true,"t":false})", &back));
}


TEST_F(StepCommitTest, AFailedGuessPassesTheWalkToItsPendingRequests) {
  QueueEntry guess = committer_->NewEntry("http://a.gov.cn/col/index_1.html", "", 1, Role::kList, "site1");
  guess.guessed = true;
  guess.next_page = true;
  guess.pending = {{"http://a.gov.cn/col/index_2.html", "", true}, {"http://a.gov.cn/col/index_3.html", "", true}};
  Step step = StepFor(guess);
  step.capture.outcome = "error:http_404";
  step.tally.outcome = Outcome::HttpError(404);
  step.tally.guessed = true;
  StepResult result;
  ASSERT_TRUE(committer_->Commit(std::move(step), &result).ok());
  ASSERT_EQ(result.queued.size(), 1u);
  EXPECT_EQ(result.queued[0].url, "http://a.gov.cn/col/index_2.html");
  EXPECT_EQ(result.queued[0].role, Role::kList);
  EXPECT_TRUE(result.queued[0].guessed);
  EXPECT_TRUE(result.queued[0].next_page);
  EXPECT_EQ(result.queued[0].site, "site1");
  EXPECT_EQ(result.queued[0].pending, (std::vector<ListRequest>{{"http://a.gov.cn/col/index_3.html", "", true}}));
}

TEST_F(StepCommitTest, OtherFailuresDoNotPassTheWalkOn) {
  // A page that was not a guess.
  QueueEntry linked = committer_->NewEntry("http://a.gov.cn/col/index_1.html", "", 1, Role::kList, "site1");
  linked.pending = {{"http://a.gov.cn/col/index_2.html", "", false}};
  Step step = StepFor(linked);
  step.tally.outcome = Outcome::HttpError(404);
  StepResult result;
  ASSERT_TRUE(committer_->Commit(std::move(step), &result).ok());
  EXPECT_TRUE(result.queued.empty());
  // A guess that failed for now and is retried.
  QueueEntry guess = committer_->NewEntry("http://a.gov.cn/col/index_5.html", "", 1, Role::kList, "site1");
  guess.guessed = true;
  guess.pending = {{"http://a.gov.cn/col/index_6.html", "", true}};
  step = StepFor(guess);
  step.tally.outcome = Outcome::HttpError(503);
  step.retry = guess;
  ASSERT_TRUE(committer_->Commit(std::move(step), &result).ok());
  EXPECT_TRUE(result.queued.empty());
  ASSERT_TRUE(result.retry);
}

TEST_F(StepCommitTest, AChainNeverSkipsAPageAlreadySeen) {
  // Another chain already reached index_2; this one ends there rather than jump to index_3.
  ASSERT_TRUE(committer_->FirstSighting(ListRequestKey("http://a.gov.cn/col/index_2.html", "")));
  QueueEntry list = committer_->NewEntry("http://a.gov.cn/col/index_1.html", "", 1, Role::kList, "site1");
  Step step = StepFor(list);
  step.list_links = {Link("http://a.gov.cn/col/index_2.html", ListLink::Kind::kNextPage),
                     Link("http://a.gov.cn/col/index_3.html", ListLink::Kind::kNextPage)};
  StepResult result;
  ASSERT_TRUE(committer_->Commit(std::move(step), &result).ok());
  EXPECT_TRUE(result.queued.empty());
  EXPECT_EQ(Frontier().count("job/s/http://a.gov.cn/col/index_3.html"), 0u);
}

TEST_F(StepCommitTest, PostPagesAreToldApartByTheirBody) {
  QueueEntry list = committer_->NewEntry("http://a.gov.cn/col/list.aspx", "", 1, Role::kList, "site1");
  Step step = StepFor(list);
  step.list_links = {Link("http://a.gov.cn/col/list.aspx", ListLink::Kind::kNextPage)};
  step.list_links[0].form = "__EVENTARGUMENT=2";
  StepResult result;
  ASSERT_TRUE(committer_->Commit(std::move(step), &result).ok());
  ASSERT_EQ(result.queued.size(), 1u);
  EXPECT_EQ(result.queued[0].form, "__EVENTARGUMENT=2");
  const std::string key2 = ListRequestKey("http://a.gov.cn/col/list.aspx", "__EVENTARGUMENT=2");
  EXPECT_NE(key2, "http://a.gov.cn/col/list.aspx");
  EXPECT_EQ(Frontier().count("job/s/" + key2), 1u);

  // Page 2 names page 3 under the same URL: a page not seen yet.
  step = StepFor(result.queued[0]);
  step.list_links = {Link("http://a.gov.cn/col/list.aspx", ListLink::Kind::kNextPage)};
  step.list_links[0].form = "__EVENTARGUMENT=3";
  ASSERT_TRUE(committer_->Commit(std::move(step), &result).ok());
  ASSERT_EQ(result.queued.size(), 1u);
  EXPECT_EQ(result.queued[0].form, "__EVENTARGUMENT=3");

  // A page that names page 2 again ends its chain.
  step = StepFor(result.queued[0]);
  step.list_links = {Link("http://a.gov.cn/col/list.aspx", ListLink::Kind::kNextPage)};
  step.list_links[0].form = "__EVENTARGUMENT=2";
  ASSERT_TRUE(committer_->Commit(std::move(step), &result).ok());
  EXPECT_TRUE(result.queued.empty());

  // POSTed sub-column lists too: two bodies, two lists.
  step = StepFor(list);
  step.list_links = {Link("http://a.gov.cn/api/list", ListLink::Kind::kSubcolumn),
                     Link("http://a.gov.cn/api/list", ListLink::Kind::kSubcolumn),
                     Link("http://a.gov.cn/api/list", ListLink::Kind::kSubcolumn)};
  step.list_links[0].form = "colId=1&pageNo=1";
  step.list_links[1].form = "colId=2&pageNo=1";
  step.list_links[2].form = "colId=1&pageNo=1";
  ASSERT_TRUE(committer_->Commit(std::move(step), &result).ok());
  ASSERT_EQ(result.queued.size(), 2u);
  EXPECT_EQ(result.queued[0].form, "colId=1&pageNo=1");
  EXPECT_EQ(result.queued[1].form, "colId=2&pageNo=1");
}

TEST_F(StepCommitTest, ReportsAreCountedOncePerJob) {
  QueueEntry page1 = committer_->NewEntry("http://a.gov.cn/col/", "", 0, Role::kList, "site1");
  Step step = StepFor(page1);
  step.list_links = {Link("http://a.gov.cn/col/t1.html", ListLink::Kind::kKnownReport, 2021),
                     Link("http://a.gov.cn/col/t2.html", ListLink::Kind::kReport, 2020),
                     Link("http://a.gov.cn/col/t3.html", ListLink::Kind::kReport, 2022)};
  step.list_links[2].verify = true;  // counted when its page confirms it
  StepResult result;
  ASSERT_TRUE(committer_->Commit(std::move(step), &result).ok());
  EXPECT_EQ(result.tally.reports_found, (std::vector<int>{2021, 2020}));
  ASSERT_EQ(result.queued.size(), 2u);  // the known report is not fetched
  EXPECT_EQ(result.queued[0].url, "http://a.gov.cn/col/t2.html");
  EXPECT_FALSE(result.queued[0].verify);
  EXPECT_TRUE(result.queued[1].verify);
  EXPECT_EQ(result.queued[1].year, 2022);
  EXPECT_EQ(Frontier().count("job/s/http://a.gov.cn/col/t1.html"), 1u);

  // The same column reached under another URL lists them again: nothing counted twice.
  QueueEntry again = committer_->NewEntry("http://a.gov.cn/col/index.html", "", 0, Role::kList, "site1");
  step = StepFor(again);
  step.list_links = {Link("http://a.gov.cn/col/t1.html", ListLink::Kind::kKnownReport, 2021),
                     Link("http://a.gov.cn/col/t2.html", ListLink::Kind::kReport, 2020)};
  ASSERT_TRUE(committer_->Commit(std::move(step), &result).ok());
  EXPECT_TRUE(result.tally.reports_found.empty());
  EXPECT_TRUE(result.queued.empty());
}

}  // namespace
}  // namespace govharvest
