// Column walking (crawl --config / backfill) against a TRS-style column
// served by a local server: 5 list pages, reports of 2019-2023 mixed with
// notices, one report with a PDF attachment.
#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <mutex>
#include <set>

#include "crawler/crawler.h"
#include "tests/test_archive.h"
#include "tests/test_server.h"
#include "tests/test_util.h"

namespace govharvest {
namespace {

using testing::ScratchDir;
using testing::ServedRequest;
using testing::ServedResponse;
using testing::TestServer;

constexpr int kListPages = 5;

// Item i of the column (0 = newest): even items are reports, odd ones notices.
struct Item {
  std::string path;
  std::string title;
  std::string date;
  int year = 0;
  bool report = false;
};

std::vector<Item> Column(bool with_new_report) {
  std::vector<Item> items;
  if (with_new_report) items.push_back({"/xxgk/nb/202604/t20260301_900.html", "某区人民政府2025年政府信息公开工作年度报告", "2026-03-01", 2025, true});
  for (int i = 0; i < 20; ++i) {
    const int year = 2023 - i / 4;  // 2023 .. 2019
    Item it;
    it.date = std::to_string(year + 1) + "-0" + std::to_string(1 + i % 4) + "-15";
    it.path = "/xxgk/nb/" + std::to_string(year + 1) + "03/t" + std::to_string(year + 1) + "0315_" + std::to_string(i) + ".html";
    if (i % 2 == 0) {
      it.title = "某区人民政府" + std::to_string(year) + "年政府信息公开工作年度报告";
      it.year = year;
      it.report = true;
    } else {
      it.title = "关于做好" + std::to_string(year + 1) + "年春节期间值班工作的通知";
    }
    items.push_back(it);
  }
  return items;
}

class TrsColumn {
 public:
  TrsColumn()
      : server_([this](const ServedRequest& r) { return Serve(r); }) {}
  void AddNewReport() { with_new_.store(true); }
  TestServer& server() { return server_; }
  std::string entry() { return server_.url("/xxgk/nb/index.html"); }

 private:
  ServedResponse Serve(const ServedRequest& req) {
    ServedResponse r;
    r.headers = {{"Content-Type", "text/html; charset=utf-8"}};
    const auto items = Column(with_new_.load());
    if (req.target == "/robots.txt") {
      r.status = 404;
      return r;
    }
    for (int p = 0; p < kListPages; ++p) {
      if (req.target == (p == 0 ? std::string("/xxgk/nb/index.html") : "/xxgk/nb/index_" + std::to_string(p) + ".html")) {
        r.body = "<html><body><div class=nav><a href='/'>首页</a> &gt; <a href='/xxgk/'>政府信息公开</a></div><ul>";
        const size_t per_page = (items.size() + kListPages - 1) / kListPages;
        for (size_t i = p * per_page; i < std::min(items.size(), (p + 1) * per_page); ++i) {
          r.body += "<li><a href='" + items[i].path + "' title='" + items[i].title + "'>" + items[i].title.substr(0, 18) +
                    "...</a><span>" + items[i].date + "</span></li>";
        }
        r.body += "</ul><script>createPageHTML(" + std::to_string(kListPages) + ", " + std::to_string(p) +
                  ", \"index\", \"html\");</script></body></html>";
        return r;
      }
    }
    for (const auto& it : items) {
      if (req.target == it.path) {
        r.body = "<html><body><div class=TRS_Editor><h1>" + it.title + "</h1><p>正文</p>" +
                 (it.year == 2021 ? "<a href='P020220315.pdf'>附件：统计表</a>" : "") + "</div></body></html>";
        return r;
      }
    }
    if (req.target == "/xxgk/nb/202203/P020220315.pdf") {
      r.headers = {{"Content-Type", "application/pdf"}};
      r.body = "%PDF-1.4 test attachment";
      return r;
    }
    r.status = 404;
    return r;
  }

  std::atomic<bool> with_new_{false};
  TestServer server_;
};

CrawlOptions SiteOptions(TrsColumn& column) {
  CrawlOptions o;
  o.walk_columns = true;
  o.progress_on_tty = false;
  o.config = DefaultConfig();
  o.config.politeness.min_delay_ms = 0;
  o.config.politeness.max_delay_ms = 0;
  SiteConfig site;
  site.name = "trs-test";
  site.hosts = {"127.0.0.1"};
  site.entries = {column.entry()};
  site.cms = "trs";
  site.politeness = o.config.politeness;
  o.config.sites = {site};
  return o;
}

std::shared_ptr<spdlog::logger> Quiet() {
  return std::make_shared<spdlog::logger>("walker_test", std::make_shared<spdlog::sinks::null_sink_mt>());
}

std::set<std::string> Served(TestServer& s) {
  std::set<std::string> out;
  for (const auto& r : s.requests()) out.insert(r.target);
  return out;
}

CrawlSummary Walk(Archive& archive, const CrawlOptions& o) {
  CrawlSummary summary;
  Status s = RunCrawl(archive, o, Quiet(), &summary);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return summary;
}

TEST(WalkerTest, FindsEveryReportAndFetchesNothingElse) {
  TrsColumn column;
  ScratchDir dir;
  auto archive = testing::CreateArchive(dir / "archive");
  CrawlSummary s = Walk(*archive, SiteOptions(column));
  const auto served = Served(column.server());
  for (const auto& it : Column(false)) {
    EXPECT_EQ(served.count(it.path), it.report ? 1u : 0u) << it.path;
    CaptureRecord c;
    ASSERT_TRUE(archive->GetLatestCapture(column.server().url(it.path), &c).ok()) << it.path;
    EXPECT_EQ(c.outcome, it.report ? "ok" : "out_of_scope") << it.path;
  }
  for (int p = 1; p < kListPages; ++p) EXPECT_EQ(served.count("/xxgk/nb/index_" + std::to_string(p) + ".html"), 1u);
  CaptureRecord pdf;
  ASSERT_TRUE(archive->GetLatestCapture(column.server().url("/xxgk/nb/202203/P020220315.pdf"), &pdf).ok());
  EXPECT_EQ(pdf.content_type, "application/pdf");
  EXPECT_EQ(pdf.via, column.server().url("/xxgk/nb/202203/t20220315_8.html"));
  const SiteSummary& site = s.sites.at("trs-test");
  EXPECT_EQ(site.attachments, 1);
  EXPECT_EQ(site.out_of_scope, 11);  // 10 notices and the breadcrumb link 政府信息公开 (首页 is too short to be an item)
  EXPECT_EQ(site.reports_by_year, (std::map<int, int64_t>{{2019, 2}, {2020, 2}, {2021, 2}, {2022, 2}, {2023, 2}}));
  EXPECT_TRUE(s.complete);
}

TEST(WalkerTest, BackfillStopsBeforeTheFirstYearAsked) {
  TrsColumn column;
  ScratchDir dir;
  auto archive = testing::CreateArchive(dir / "archive");
  CrawlOptions o = SiteOptions(column);
  o.kind = "backfill";
  o.backfill = true;
  o.year_from = 2022;
  o.year_to = 2023;
  CrawlSummary s = Walk(*archive, o);
  const auto served = Served(column.server());
  for (const auto& it : Column(false)) {
    EXPECT_EQ(served.count(it.path), it.report && it.year >= 2022 ? 1u : 0u) << it.path;
  }
  // Page 3 lists items dated 2021, all before 2022-01-01: the walk ends there.
  EXPECT_EQ(served.count("/xxgk/nb/index_3.html"), 1u);
  EXPECT_EQ(served.count("/xxgk/nb/index_4.html"), 0u);
  EXPECT_EQ(s.sites.at("trs-test").reports_by_year, (std::map<int, int64_t>{{2022, 2}, {2023, 2}}));
}

TEST(WalkerTest, IncrementalRunFetchesListsAndNewReportsOnly) {
  TrsColumn column;
  ScratchDir dir;
  auto archive = testing::CreateArchive(dir / "archive");
  Walk(*archive, SiteOptions(column));
  const size_t first = column.server().requests().size();

  column.AddNewReport();
  CrawlOptions o = SiteOptions(column);
  o.previous_run = NowUs() - 1000000;
  CrawlSummary s = Walk(*archive, o);
  std::vector<std::string> second;
  const auto all = column.server().requests();
  for (size_t i = first; i < all.size(); ++i) second.push_back(all[i].target);
  std::sort(second.begin(), second.end());
  // robots.txt again (a new process would too), the first list page, the new
  // report, and the second list page, where nothing is new and dates are old.
  EXPECT_EQ(second, (std::vector<std::string>{"/robots.txt", "/xxgk/nb/202604/t20260301_900.html",
                                               "/xxgk/nb/index.html", "/xxgk/nb/index_1.html"}));
  EXPECT_EQ(s.sites.at("trs-test").reports_by_year.at(2025), 1);
}

}  // namespace
}  // namespace govharvest
