// The crawl engine against servers started on 127.0.0.1 by each test.
#include <gtest/gtest.h>
#include <signal.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <optional>
#include <fcntl.h>
#include <iconv.h>
#include <random>
#include <set>
#include <thread>

#include "crawler/crawler.h"
#include "crawler/http_fetcher.h"
#include "tests/test_archive.h"
#include "tests/test_server.h"
#include "tests/test_util.h"

namespace govharvest {
namespace {

using testing::ScratchDir;
using testing::ServedRequest;
using testing::ServedResponse;
using testing::TestServer;

std::shared_ptr<spdlog::logger> TestLogger() {
  auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  auto logger = std::make_shared<spdlog::logger>("crawler_test", sink);
  logger->set_level(spdlog::level::warn);
  return logger;
}

CrawlOptions Options(std::vector<std::string> urls, int64_t min_delay_ms = 0) {
  CrawlOptions o;
  o.start_urls = std::move(urls);
  o.progress_on_tty = false;
  o.config = DefaultConfig();
  o.config.politeness.min_delay_ms = min_delay_ms;
  o.config.politeness.max_delay_ms = std::max<int64_t>(min_delay_ms, 2000);
  o.config.politeness.delay_factor = 0;
  o.config.limits.connect_timeout_ms = 2000;
  o.config.limits.total_timeout_ms = 10000;
  o.config.limits.low_speed_time_ms = 1000;
  o.config.limits.low_speed_bytes_per_s = 100;
  o.config.limits.host_park_ms = 300;
  return o;
}

CrawlSummary Crawl(Archive& archive, const CrawlOptions& options) {
  CrawlSummary summary;
  Status s = RunCrawl(archive, options, TestLogger(), &summary);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return summary;
}

CaptureRecord Latest(Archive& archive, const std::string& url) {
  CaptureRecord r;
  Status s = archive.GetLatestCapture(url, &r);
  EXPECT_TRUE(s.ok()) << url << ": " << s.ToString();
  return r;
}

// A site of `n` pages: /p0.html links to every other page.
ServedResponse Site(const ServedRequest& req, int n, int delay_ms = 0) {
  ServedResponse r;
  r.delay_ms = delay_ms;
  if (req.target == "/robots.txt") {
    r.status = 404;
    return r;
  }
  r.headers = {{"Content-Type", "text/html; charset=utf-8"}};
  if (req.target == "/p0.html") {
    r.body = "<html><body>";
    for (int i = 1; i < n; ++i) r.body += "<a href=\"p" + std::to_string(i) + ".html\">年报" + std::to_string(i) + "</a>";
    r.body += "</body></html>";
    return r;
  }
  for (int i = 1; i < n; ++i) {
    if (req.target == "/p" + std::to_string(i) + ".html") {
      r.body = "<html><body><p>page " + std::to_string(i) + "</p><a href=\"p0.html\">home</a></body></html>";
      return r;
    }
  }
  r.status = 404;
  return r;
}

TEST(CrawlerTest, PolitenessMinimumDelayAndOneRequestPerHost) {
  TestServer server([](const ServedRequest& r) { return Site(r, 8); });
  ScratchDir dir;
  auto archive = testing::CreateArchive(dir / "archive");
  CrawlSummary s = Crawl(*archive, Options({server.url("/p0.html")}, 150));
  EXPECT_TRUE(s.complete);
  auto reqs = server.requests();
  ASSERT_EQ(reqs.size(), 9u);  // robots.txt + 8 pages, each once
  EXPECT_EQ(server.max_concurrent(), 1);
  std::sort(reqs.begin(), reqs.end(), [](auto& a, auto& b) { return a.received_us < b.received_us; });
  for (size_t i = 1; i < reqs.size(); ++i) {
    EXPECT_GE(reqs[i].received_us - reqs[i - 1].finished_us, 145000) << reqs[i].target;
  }
  EXPECT_EQ(s.hosts.at("127.0.0.1").fetched, 8);
  EXPECT_NE(reqs[0].headers["user-agent"].find("govharvest"), std::string::npos);
}

TEST(CrawlerTest, PerHostConcurrencyIsCapped) {
  TestServer server([](const ServedRequest& r) { return Site(r, 12, 100); });
  ScratchDir dir;
  auto archive = testing::CreateArchive(dir / "archive");
  CrawlOptions o = Options({server.url("/p0.html")});
  o.config.politeness.max_concurrent_per_host = 3;
  Crawl(*archive, o);
  EXPECT_EQ(server.max_concurrent(), 3);
}

TEST(CrawlerTest, RobotsRulesAreObeyedAndRecorded) {
  TestServer server([](const ServedRequest& req) {
    ServedResponse r;
    r.headers = {{"Content-Type", "text/html"}};
    if (req.target == "/robots.txt") {
      r.headers = {{"Content-Type", "text/plain"}};
      r.body = "User-agent: *\nDisallow: /\n\nUser-agent: govharvest\nDisallow: /private/\nAllow: /private/ok$\n"
               "Disallow: /*.pdf$\n";
    } else if (req.target == "/") {
      r.body = "<a href='/private/a.html'>a</a><a href='/private/ok'>ok</a><a href='/doc.pdf'>pdf</a>"
               "<a href='/doc.pdf?x=1'>pdfq</a><a href='/public.html'>p</a>";
    } else {
      r.body = "<p>fine</p>";
    }
    return r;
  });
  ScratchDir dir;
  auto archive = testing::CreateArchive(dir / "archive");
  CrawlSummary s = Crawl(*archive, Options({server.url("/")}));
  std::set<std::string> fetched;
  for (auto& r : server.requests()) fetched.insert(r.target);
  EXPECT_EQ(fetched, (std::set<std::string>{"/robots.txt", "/", "/private/ok", "/doc.pdf?x=1", "/public.html"}));
  EXPECT_EQ(Latest(*archive, server.url("/private/a.html")).outcome, "robots_denied");
  EXPECT_EQ(Latest(*archive, server.url("/doc.pdf")).outcome, "robots_denied");
  EXPECT_EQ(s.hosts.at("127.0.0.1").robots_denied, 2);
  EXPECT_EQ(Latest(*archive, server.url("/robots.txt")).outcome, "ok");
}

TEST(CrawlerTest, RobotsServerErrorMeansFetchNothing) {
  TestServer server([](const ServedRequest& req) {
    ServedResponse r;
    r.status = req.target == "/robots.txt" ? 503 : 200;
    r.body = "<a href='/x'>x</a>";
    return r;
  });
  ScratchDir dir;
  auto archive = testing::CreateArchive(dir / "archive");
  CrawlOptions o = Options({server.url("/")});
  o.config.limits.host_failure_threshold = 1;
  CrawlSummary s = Crawl(*archive, o);
  for (auto& r : server.requests()) EXPECT_EQ(r.target, "/robots.txt");
  EXPECT_FALSE(s.complete);
  EXPECT_EQ(s.hosts.at("127.0.0.1").left_queued, 1);
  EXPECT_NE(s.hosts.at("127.0.0.1").parked_reason.find("robots.txt HTTP 503"), std::string::npos);
}

TEST(CrawlerTest, RobotsNotFoundAllowsAllAndCrawlDelayIsHonoured) {
  TestServer server([](const ServedRequest& req) {
    ServedResponse r;
    if (req.target == "/robots.txt") {
      r.body = "User-agent: *\nCrawl-delay: 0.4\n";
      return r;
    }
    return Site(req, 4);
  });
  ScratchDir dir;
  auto archive = testing::CreateArchive(dir / "archive");
  Crawl(*archive, Options({server.url("/p0.html")}));
  auto reqs = server.requests();
  ASSERT_EQ(reqs.size(), 5u);
  for (size_t i = 2; i < reqs.size(); ++i) {
    EXPECT_GE(reqs[i].received_us - reqs[i - 1].finished_us, 390000) << reqs[i].target;
  }
}

TEST(CrawlerTest, RetryAfterIsHonoured) {
  std::atomic<int> calls{0};
  TestServer server([&](const ServedRequest& req) {
    ServedResponse r;
    if (req.target == "/robots.txt") {
      r.status = 404;
    } else if (calls++ == 0) {
      r.status = 503;
      r.headers = {{"Retry-After", "1"}};
    } else {
      r.body = "<p>report</p>";
    }
    return r;
  });
  ScratchDir dir;
  auto archive = testing::CreateArchive(dir / "archive");
  CrawlSummary s = Crawl(*archive, Options({server.url("/nb.html")}));
  auto reqs = server.requests_for("/nb.html");
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_GE(reqs[1].received_us - reqs[0].finished_us, 990000);
  std::vector<CaptureRecord> caps;
  ASSERT_TRUE(archive->GetCaptures(server.url("/nb.html"), &caps).ok());
  ASSERT_EQ(caps.size(), 2u);
  EXPECT_EQ(caps[0].outcome, "error:http_503");
  EXPECT_EQ(caps[1].outcome, "ok");
  EXPECT_EQ(s.hosts.at("127.0.0.1").retries, 1);
}

// A Retry-After beyond max_retry_after_ms (a number too large for any clock,
// or a date decades away) neither aborts nor holds the job: the attempt is
// archived, the URL stays queued for a later run, other hosts go on, and a
// later run does not wait for it either.
TEST(CrawlerTest, HugeRetryAfterLeavesTheHostForALaterRun) {
  for (const std::string retry_after : {"99999999999999999999", "Fri, 31 Dec 2100 23:59:59 GMT", "86400"}) {
    SCOPED_TRACE(retry_after);
    TestServer slow([&](const ServedRequest& req) {
      ServedResponse r;
      if (req.target == "/robots.txt") {
        r.status = 404;
      } else {
        r.status = 503;
        r.headers = {{"Retry-After", retry_after}};
      }
      return r;
    });
    TestServer other([](const ServedRequest& req) { return Site(req, 3); });
    ScratchDir dir;
    auto archive = testing::CreateArchive(dir / "archive");
    CrawlOptions o = Options({slow.url("/nb.html"), "http://localhost:" + std::to_string(other.port()) + "/p0.html"});
    o.scope = "domain";
    const auto started = std::chrono::steady_clock::now();
    CrawlSummary s = Crawl(*archive, o);
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(20));
    EXPECT_EQ(slow.requests_for("/nb.html").size(), 1u);
    EXPECT_EQ(Latest(*archive, slow.url("/nb.html")).outcome, "error:http_503");
    const HostSummary& h = s.hosts.at("127.0.0.1");
    EXPECT_NE(h.parked_reason.find("max_retry_after_ms"), std::string::npos) << h.parked_reason;
    EXPECT_EQ(h.left_queued, 1);
    EXPECT_EQ(s.hosts.at("localhost").fetched, 3);
    EXPECT_FALSE(s.complete);

    // The next run (the same command resumes the job) asks nothing of the
    // host before the time it gave, and ends.
    CrawlSummary again = Crawl(*archive, o);
    EXPECT_EQ(slow.requests_for("/nb.html").size(), 1u);
    EXPECT_NE(again.hosts.at("127.0.0.1").parked_reason.find("later than max_retry_after_ms"), std::string::npos)
        << again.hosts.at("127.0.0.1").parked_reason;
    EXPECT_EQ(again.hosts.at("127.0.0.1").left_queued, 1);
  }
}

// A request libcurl refuses to set up (here a URL over its 8 MB input limit)
// completes with an error instead of never completing.
TEST(HttpFetcherTest, RequestLibcurlRefusesCompletesWithAnError) {
  boost::asio::io_context io;
  HttpFetcher fetcher(io);
  HttpRequest req;
  req.url = "http://127.0.0.1:9/" + std::string(9 << 20, 'a');
  req.user_agent = "govharvest-test";
  std::optional<HttpResponse> got;
  fetcher.Fetch(req, [&](HttpResponse r) { got = std::move(r); });
  EXPECT_FALSE(got.has_value());  // never inside Fetch
  io.run_for(std::chrono::seconds(5));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->error_kind, "other");
  EXPECT_TRUE(testing::Contains(got->error_detail, "cannot set up the request")) << got->error_detail;
  EXPECT_EQ(fetcher.in_flight(), 0u);
}

TEST(CrawlerTest, FailingHostIsParkedNotHammered) {
  TestServer server([](const ServedRequest& req) {
    ServedResponse r;
    if (req.target == "/robots.txt") {
      r.status = 404;
    } else if (req.target == "/") {
      r.headers = {{"Content-Type", "text/html"}};
      for (int i = 0; i < 20; ++i) r.body += "<a href='/f" + std::to_string(i) + "'>f</a>";
    } else {
      r.status = 500;
    }
    return r;
  });
  ScratchDir dir;
  auto archive = testing::CreateArchive(dir / "archive");
  CrawlOptions o = Options({server.url("/")});
  o.config.limits.host_failure_threshold = 3;
  o.config.limits.max_attempts = 2;
  CrawlSummary s = Crawl(*archive, o);
  // Parked after 3 failures, let out once more, abandoned after 3 more.
  EXPECT_EQ(server.requests().size(), 2u + 6u);
  const HostSummary& h = s.hosts.at("127.0.0.1");
  EXPECT_NE(h.parked_reason.find("3 failures in a row (last: error:http_500)"), std::string::npos) << h.parked_reason;
  EXPECT_GT(h.left_queued, 0);
  EXPECT_FALSE(s.complete);
}

TEST(CrawlerTest, RedirectLoopAndCrossScopeRedirect) {
  TestServer other([](const ServedRequest&) { return ServedResponse{}; });
  const std::string away = "http://localhost:" + std::to_string(other.port()) + "/elsewhere";
  TestServer server([&](const ServedRequest& req) {
    ServedResponse r;
    if (req.target == "/robots.txt") {
      r.status = 404;
    } else if (req.target == "/") {
      r.headers = {{"Content-Type", "text/html"}};
      r.body = "<a href='/loop1'>l</a><a href='/away'>a</a><a href='/hop'>h</a>";
    } else if (req.target == "/loop1") {
      r.status = 302;
      r.headers = {{"Location", "/loop2"}};
    } else if (req.target == "/loop2") {
      r.status = 301;
      r.headers = {{"Location", "/loop1"}};
    } else if (req.target == "/away") {
      r.status = 302;
      r.headers = {{"Location", away}};
    } else if (req.target == "/hop") {
      r.status = 301;
      r.headers = {{"Location", "/final"}};
    } else {
      r.body = "final";
    }
    return r;
  });
  ScratchDir dir;
  auto archive = testing::CreateArchive(dir / "archive");
  Crawl(*archive, Options({server.url("/")}));
  EXPECT_EQ(Latest(*archive, server.url("/loop1")).outcome, "error:redirect_loop");
  CaptureRecord away_cap = Latest(*archive, server.url("/away"));
  EXPECT_EQ(away_cap.outcome, "out_of_scope");
  EXPECT_EQ(away_cap.final_url, away);
  EXPECT_TRUE(other.requests().empty());
  CaptureRecord hop = Latest(*archive, server.url("/hop"));
  EXPECT_EQ(hop.outcome, "ok");
  EXPECT_EQ(hop.final_url, server.url("/final"));
  ASSERT_EQ(hop.redirects.size(), 1u);
  EXPECT_EQ(hop.redirects[0].status, 301);
}

TEST(CrawlerTest, ConditionalGetGivesNotModified) {
  TestServer server([](const ServedRequest& req) {
    ServedResponse r;
    if (req.target == "/robots.txt") {
      r.status = 404;
      return r;
    }
    auto it = req.headers.find("if-none-match");
    if (it != req.headers.end() && it->second == "\"v1\"") {
      r.status = 304;
      return r;
    }
    r.headers = {{"ETag", "\"v1\""}, {"Content-Type", "text/html"}};
    r.body = "<p>2021年度报告</p>";
    return r;
  });
  ScratchDir dir;
  auto archive = testing::CreateArchive(dir / "archive");
  Crawl(*archive, Options({server.url("/nb.html")}));
  CrawlSummary second = Crawl(*archive, Options({server.url("/nb.html")}));
  EXPECT_EQ(second.hosts.at("127.0.0.1").not_modified, 1);
  std::vector<CaptureRecord> caps;
  ASSERT_TRUE(archive->GetCaptures(server.url("/nb.html"), &caps).ok());
  ASSERT_EQ(caps.size(), 2u);
  EXPECT_EQ(caps[1].outcome, "not_modified");
  EXPECT_EQ(caps[1].payload_digest, caps[0].payload_digest);
  VerifyReport report;
  ASSERT_TRUE(archive->Verify(&report).ok());
  EXPECT_TRUE(report.ok());
}

TEST(CrawlerTest, GzipBombAndOversizeBodyStopEarly) {
  const std::string bomb = testing::GzipZeros(200u << 20);
  TestServer server([&](const ServedRequest& req) {
    ServedResponse r;
    if (req.target == "/robots.txt") {
      r.status = 404;
    } else if (req.target == "/bomb") {
      r.headers = {{"Content-Encoding", "gzip"}, {"Content-Type", "text/html"}};
      r.body = bomb;
    } else {
      r.body = std::string(3 << 20, 'x');
    }
    return r;
  });
  ScratchDir dir;
  auto archive = testing::CreateArchive(dir / "archive");
  CrawlOptions o = Options({server.url("/bomb"), server.url("/big")});
  o.kind = "fetch";
  o.follow_links = false;
  o.config.limits.max_body_bytes = 1 << 20;
  auto start = std::chrono::steady_clock::now();
  Crawl(*archive, o);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_EQ(Latest(*archive, server.url("/bomb")).outcome, "error:too_large");
  EXPECT_EQ(Latest(*archive, server.url("/big")).outcome, "error:too_large");
}

TEST(CrawlerTest, SlowDripHitsLowSpeedTimeout) {
  TestServer server([](const ServedRequest& req) {
    ServedResponse r;
    if (req.target == "/robots.txt") {
      r.status = 404;
    } else {
      r.body = std::string(100, 'x');
      r.drip_bytes_per_s = 10;
    }
    return r;
  });
  ScratchDir dir;
  auto archive = testing::CreateArchive(dir / "archive");
  CrawlOptions o = Options({server.url("/slow")});
  o.config.limits.max_attempts = 1;
  Crawl(*archive, o);
  EXPECT_EQ(Latest(*archive, server.url("/slow")).outcome, "error:low_speed");
}

TEST(CrawlerTest, ChallengePageIsArchivedAsBlocked) {
  TestServer server([](const ServedRequest& req) {
    ServedResponse r;
    if (req.target == "/robots.txt") {
      r.status = 404;
    } else {
      r.status = 412;
      r.headers = {{"Content-Type", "text/html"}};
      r.body = "<html><head><meta content=\"x\"><script>$_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=1234;"
               "$_ts.cd=\"qqqq\";</script><script src=\"/abc.js\"></script></head></html>";
    }
    return r;
  });
  ScratchDir dir;
  auto archive = testing::CreateArchive(dir / "archive");
  CrawlSummary s = Crawl(*archive, Options({server.url("/xxgk/nb.html")}));
  CaptureRecord c = Latest(*archive, server.url("/xxgk/nb.html"));
  EXPECT_EQ(c.outcome, "blocked_challenge");
  EXPECT_NE(c.error_detail.find("ruishu"), std::string::npos);
  EXPECT_FALSE(c.payload_digest.empty());  // the challenge page itself is kept
  EXPECT_EQ(s.hosts.at("127.0.0.1").blocked, 1);
  EXPECT_EQ(server.requests_for("/xxgk/nb.html").size(), 1u);
}

std::string ToGbk(const std::string& utf8) {
  iconv_t cd = iconv_open("GBK", "UTF-8");
  std::string in = utf8, out(utf8.size() * 2, '\0');
  char* ip = in.data();
  char* op = out.data();
  size_t il = in.size(), ol = out.size();
  iconv(cd, &ip, &il, &op, &ol);
  iconv_close(cd);
  out.resize(out.size() - ol);
  return out;
}

TEST(CrawlerTest, GbkPageWithWrongCharsetHeader) {
  const std::string page = ToGbk(
      "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head><body>"
      "<a href=\"/年报/2021.html\">开封市祥符区人民政府2021年度政府信息公开工作年度报告</a></body></html>");
  TestServer server([&](const ServedRequest& req) {
    ServedResponse r;
    if (req.target == "/robots.txt") {
      r.status = 404;
    } else if (req.target == "/") {
      r.headers = {{"Content-Type", "text/html; charset=utf-8"}};
      r.body = page;
    } else {
      r.body = "ok";
    }
    return r;
  });
  ScratchDir dir;
  auto archive = testing::CreateArchive(dir / "archive");
  Crawl(*archive, Options({server.url("/")}));
  CaptureRecord c = Latest(*archive, server.url("/"));
  EXPECT_EQ(c.charset_header, "utf-8");
  EXPECT_EQ(c.charset_meta, "gb2312");
  EXPECT_EQ(c.charset_used, "gb18030");
  std::string raw;
  ASSERT_TRUE(archive->GetBlob(c.payload_digest, &raw).ok());
  EXPECT_EQ(raw, page);  // archived untouched
  EXPECT_EQ(server.requests_for("/%E5%B9%B4%E6%8A%A5/2021.html").size(), 1u);
}

TEST(CrawlerTest, QueueByResolvedAddress) {
  TestServer server([](const ServedRequest& r) { return Site(r, 3); });
  ScratchDir dir;
  auto archive = testing::CreateArchive(dir / "archive");
  CrawlOptions o = Options({"http://localhost:" + std::to_string(server.port()) + "/p0.html"});
  o.config.queue_by = "ip";
  CrawlSummary s = Crawl(*archive, o);
  ASSERT_EQ(s.hosts.size(), 1u);
  const std::string key = s.hosts.begin()->first;
  EXPECT_TRUE(key == "127.0.0.1" || key == "::1") << key;
  EXPECT_EQ(s.hosts.begin()->second.fetched, 3);
}

TEST(CrawlerTest, ChallengeDetection) {
  EXPECT_EQ(DetectChallenge(521, "<script>document.cookie='__jsl_clearance=1';location.href=x</script>"),
            "jiasule");
  EXPECT_EQ(DetectChallenge(200, "<html>wzwsconfirm</html>"), "wzws");
  EXPECT_EQ(DetectChallenge(200, "<html><table><tr><td>主动公开</td></tr></table></html>"), "");
  EXPECT_EQ(DetectChallenge(412, "<script>eval(function(p,a,c,k){})</script>"), "generic_js");
}

// kill -9 at random points; every run of the same command continues the job.
TEST(CrawlerResumeTest, KilledCrawlResumesWithoutLoss) {
  constexpr int kPages = 60;
  TestServer server([](const ServedRequest& r) { return Site(r, kPages, 15); });
  ScratchDir dir;
  const std::string archive_dir = dir / "archive";
  const std::vector<std::string> argv = {GOVHARVEST_BIN, "--archive", archive_dir, "--log-level", "warn",
                                         "crawl", "--start", server.url("/p0.html"), "--min-delay", "5"};
  std::mt19937 rng(4);
  for (int kill_round = 0; kill_round < 3; ++kill_round) {
    pid_t pid = testing::SpawnQuiet(argv);
    std::this_thread::sleep_for(std::chrono::milliseconds(150 + rng() % 250));
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
  }
  testing::ProcessResult last = testing::RunProcess(argv, 120);
  ASSERT_EQ(last.exit_code, 0) << last.err;

  std::unique_ptr<Archive> archive;
  ASSERT_TRUE(Archive::Open(archive_dir, ArchiveOptions(), &archive).ok());
  VerifyReport report;
  ASSERT_TRUE(archive->Verify(&report).ok());
  EXPECT_TRUE(report.ok());
  std::map<std::string, int> ok_captures;
  ASSERT_TRUE(archive->ForEachCapture([&](const CaptureRecord& r) {
    if (r.outcome == "ok" && r.requested_url.find("robots.txt") == std::string::npos) ok_captures[r.requested_url]++;
    return true;
  }).ok());
  EXPECT_EQ(ok_captures.size(), static_cast<size_t>(kPages));
  int duplicates = 0;
  for (auto& [url, n] : ok_captures) duplicates += n - 1;
  EXPECT_LE(duplicates, 3) << "only a URL in flight at each kill may be fetched twice";
  // The job finished: its frontier is gone.
  int frontier = 0;
  ASSERT_TRUE(archive->ScanFrontier("", "", [&](std::string_view, std::string_view) {
    ++frontier;
    return true;
  }).ok());
  EXPECT_EQ(frontier, 0);
}

TEST(CrawlerResumeTest, SigtermStopsGracefullyAndTheJobResumes) {
  constexpr int kPages = 15;
  TestServer server([](const ServedRequest& r) { return Site(r, kPages, 100); });
  ScratchDir dir;
  const std::string archive_dir = dir / "archive";
  const std::vector<std::string> argv = {GOVHARVEST_BIN, "--archive", archive_dir, "--log-level", "warn",
                                         "crawl", "--start", server.url("/p0.html"), "--min-delay", "0"};
  pid_t pid = testing::SpawnQuiet(argv);
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  ::kill(pid, SIGTERM);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1);  // not complete
  const size_t served_before = server.requests().size();
  EXPECT_LT(served_before, static_cast<size_t>(kPages));

  testing::ProcessResult rest = testing::RunProcess(argv, 60);
  ASSERT_EQ(rest.exit_code, 0) << rest.err;
  // A graceful stop archives what was in flight: nothing is fetched twice.
  std::map<std::string, int> served;
  for (const auto& r : server.requests()) served[r.target]++;
  for (const auto& [target, n] : served) {
    if (target != "/robots.txt") {
      EXPECT_EQ(n, 1) << target;
    }
  }
  EXPECT_EQ(served.size(), static_cast<size_t>(kPages) + 1);
}

}  // namespace
}  // namespace govharvest
