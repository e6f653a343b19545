// The frontier's stored form (queue entries, keys) and its in-memory
// window over the store (crawler/frontier.h).
#include "crawler/frontier.h"

#include <gtest/gtest.h>

#include "tests/test_archive.h"
#include "tests/test_util.h"

namespace govharvest {
namespace {

using testing::ScratchDir;

TEST(FrontierTest, RoleCodesAndNamesAreTheStoredOnes) {
  for (Role r : {Role::kPage, Role::kList, Role::kReport, Role::kAttachment}) {
    EXPECT_EQ(RoleFromCode(std::string(1, RoleCode(r))), r);
  }
  EXPECT_EQ(RoleCode(Role::kPage), 'p');
  EXPECT_EQ(RoleCode(Role::kList), 'l');
  EXPECT_EQ(RoleCode(Role::kReport), 'd');
  EXPECT_EQ(RoleCode(Role::kAttachment), 'a');
  EXPECT_EQ(RoleName(Role::kPage), "");
  EXPECT_EQ(RoleName(Role::kList), "list");
  EXPECT_EQ(RoleName(Role::kReport), "report");
  EXPECT_EQ(RoleName(Role::kAttachment), "attachment");
  EXPECT_EQ(RoleFromCode(""), Role::kPage);
  EXPECT_EQ(RoleFromCode("x"), Role::kPage);
}

TEST(FrontierTest, QueueEntryValueIsByteCompatible) {
  QueueEntry e;
  e.url = "http://a.gov.cn/x.html";
  e.via = "http://a.gov.cn/";
  e.depth = 1;
  EXPECT_EQ(e.Value(),
            R"({"attempts":0,"depth":1,"not_before":0,"url":"http://a.gov.cn/x.html","via":"http://a.gov.cn/"})");
  e.role = Role::kList;
  e.site = "s1";
  e.form = "page=2";
  e.year = 2021;
  e.attempts = 2;
  e.not_before = 5;
  e.pending = {{"http://a.gov.cn/p3", ""}, {"http://a.gov.cn/p4", "page=4"}};
  EXPECT_EQ(e.Value(),
            R"({"attempts":2,"depth":1,"form":"page=2","not_before":5,)"
            R"("pending":[["http://a.gov.cn/p3",""],["http://a.gov.cn/p4","page=4"]],"role":"l","site":"s1",)"
            R"("url":"http://a.gov.cn/x.html","via":"http://a.gov.cn/","year":2021})");

  QueueEntry back;
  ASSERT_TRUE(QueueEntry::Parse("job-1/q/a.gov.cn|100000000000000ff", e.Value(), &back));
  EXPECT_EQ(back.key, "job-1/q/a.gov.cn|100000000000000ff");
  EXPECT_EQ(back.host, "a.gov.cn");
  EXPECT_EQ(back.priority, 1);
  EXPECT_EQ(back.role, Role::kList);
  EXPECT_EQ(back.pending, e.pending);
  EXPECT_EQ(back.Value(), e.Value());
}

TEST(FrontierTest, MalformedEntriesDoNotParse) {
  QueueEntry e;
  EXPECT_FALSE(QueueEntry::Parse("j/q/h|2000", "not json", &e));
  EXPECT_FALSE(QueueEntry::Parse("j/q/h|2000", "[1]", &e));
  EXPECT_FALSE(QueueEntry::Parse("j/x/h|2000", R"({"url":"http://h/"})", &e));
  EXPECT_FALSE(QueueEntry::Parse("j/q/h", R"({"url":"http://h/"})", &e));
  EXPECT_FALSE(QueueEntry::Parse("j/q/h|2000", R"({"via":"http://h/"})", &e));
  EXPECT_TRUE(QueueEntry::Parse("j/q/h|2000", R"({"url":"http://h/","role":""})", &e));
  EXPECT_EQ(e.role, Role::kPage);
}

TEST(FrontierTest, PriorityPutsSeedsAndListsFirst) {
  EXPECT_EQ(PriorityFor("http://a/report.html", 0), 0);
  EXPECT_EQ(PriorityFor("http://a/col/", 1), 1);
  EXPECT_EQ(PriorityFor("http://a/col/index_2.html", 3), 1);
  EXPECT_EQ(PriorityFor("http://a/col/List.jsp", 3), 1);
  EXPECT_EQ(PriorityFor("http://a/col/x.jsp?Page=3", 3), 1);
  EXPECT_EQ(PriorityFor("http://a/col/t2021_1.html", 1), 2);
}

TEST(FrontierTest, KeyLayout) {
  FrontierKeys keys("crawl-20210301T020000-abcdef");
  EXPECT_EQ(keys.Queue("a.gov.cn", 2, 255), "crawl-20210301T020000-abcdef/q/a.gov.cn|200000000000000ff");
  EXPECT_EQ(keys.HostQueuePrefix("a.gov.cn"), "crawl-20210301T020000-abcdef/q/a.gov.cn|");
  EXPECT_EQ(keys.Seen("http://a/"), "crawl-20210301T020000-abcdef/s/http://a/");
  EXPECT_EQ(keys.Tally(16), "crawl-20210301T020000-abcdef/t/0000000000000010");
  EXPECT_EQ(keys.JobPrefix(), "crawl-20210301T020000-abcdef/");
  EXPECT_LT(keys.Queue("h", 1, 99), keys.Queue("h", 2, 0));  // priority before order of discovery
}

QueueEntry EntryFor(const FrontierKeys& keys, uint64_t seq, int priority = 2) {
  QueueEntry e;
  e.host = "h";
  e.priority = priority;
  e.url = "http://h/" + std::to_string(seq);
  e.key = keys.Queue("h", priority, seq);
  return e;
}

TEST(FrontierTest, WindowStaysBoundedAndKeepsTheSmallestKeys) {
  FrontierKeys keys("j");
  HostQueue q;
  for (uint64_t i = 0; i < 2 * HostQueue::kWindow; ++i) q.Add(EntryFor(keys, i));
  EXPECT_EQ(q.window().size(), 2 * HostQueue::kWindow);
  EXPECT_FALSE(q.more_in_store());
  q.Add(EntryFor(keys, 1000));  // one more than the window may hold
  EXPECT_EQ(q.window().size(), HostQueue::kWindow);
  EXPECT_TRUE(q.more_in_store());
  EXPECT_EQ(q.loaded_through(), keys.Queue("h", 2, HostQueue::kWindow - 1));
  EXPECT_EQ(q.queued(), static_cast<int64_t>(2 * HostQueue::kWindow + 1));
  // Later keys wait in the store; an earlier one (a list page) joins the window.
  q.Add(EntryFor(keys, 2000));
  EXPECT_EQ(q.window().size(), HostQueue::kWindow);
  q.Add(EntryFor(keys, 3000, 1));
  EXPECT_EQ(q.window().size(), HostQueue::kWindow + 1);
  EXPECT_EQ(q.window().begin()->first, keys.Queue("h", 1, 3000));
  EXPECT_FALSE(q.exhausted());
}

TEST(FrontierTest, PutBackAndRemove) {
  FrontierKeys keys("j");
  HostQueue q;
  q.Add(EntryFor(keys, 1));
  QueueEntry taken = q.window().begin()->second;
  q.window().erase(q.window().begin());
  EXPECT_TRUE(q.exhausted());
  EXPECT_EQ(q.queued(), 1);  // in flight, still stored
  q.PutBack(taken);          // a retry
  EXPECT_EQ(q.window().size(), 1u);
  q.window().clear();
  q.Remove();  // done: deleted from the store
  EXPECT_EQ(q.queued(), 0);
  EXPECT_TRUE(q.exhausted());
}

TEST(FrontierTest, WindowsAreLoadedFromTheStore) {
  ScratchDir dir;
  auto archive = testing::CreateArchive(dir / "a");
  FrontierKeys keys("j");
  constexpr uint64_t kEntries = 2 * HostQueue::kWindow + 22;
  ArchiveBatch batch;
  for (uint64_t i = 0; i < kEntries; ++i) {
    QueueEntry e = EntryFor(keys, i);
    batch.PutFrontier(e.key, e.Value());
  }
  QueueEntry other = EntryFor(keys, 0);  // another host's entry is not read
  other.key = keys.Queue("h2", 2, 0);
  batch.PutFrontier(other.key, other.Value());
  batch.PutFrontier(keys.Seen("http://h/0"), "");
  ASSERT_TRUE(archive->Write(std::move(batch)).ok());

  // After a restart: a scan of the whole queue restores the first window.
  HostQueue restored;
  ASSERT_TRUE(archive
                  ->ScanFrontier(keys.HostQueuePrefix("h"), "",
                                 [&](std::string_view k, std::string_view v) {
                                   QueueEntry e;
                                   EXPECT_TRUE(QueueEntry::Parse(k, v, &e));
                                   restored.Restore(std::move(e));
                                   return true;
                                 })
                  .ok());
  EXPECT_EQ(restored.queued(), static_cast<int64_t>(kEntries));
  EXPECT_EQ(restored.window().size(), HostQueue::kWindow);
  EXPECT_TRUE(restored.more_in_store());

  // Refills read the next windows in key order until the store is drained.
  std::vector<std::string> order;
  HostQueue q;
  int rounds = 0;
  do {
    ASSERT_TRUE(q.Refill(*archive, keys.HostQueuePrefix("h")).ok());
    for (const auto& [key, e] : q.window()) order.push_back(key);
    q.window().clear();
  } while (q.more_in_store() && ++rounds < 10);
  EXPECT_EQ(rounds, 2);
  ASSERT_EQ(order.size(), kEntries);
  for (uint64_t i = 0; i < kEntries; ++i) EXPECT_EQ(order[i], keys.Queue("h", 2, i));

  SeenSet seen;
  ASSERT_TRUE(seen.Load(*archive, keys).ok());
  EXPECT_EQ(seen.size(), 1u);
  EXPECT_FALSE(seen.Insert("http://h/0"));
  EXPECT_TRUE(seen.Insert("http://h/1"));
  seen.Erase("http://h/1");
  EXPECT_TRUE(seen.Insert("http://h/1"));
}

}  // namespace
}  // namespace govharvest
