// `govharvest columns`: what the walker sees on one column page, from a saved
// file or from a loopback server (robots.txt obeyed), with a site's hints.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/test_server.h"
#include "tests/test_util.h"

namespace govharvest {
namespace {

using nlohmann::json;
using testing::ProcessResult;
using testing::RunProcess;
using testing::ScratchDir;
using testing::ServedRequest;
using testing::ServedResponse;
using testing::TestServer;

const std::string kBinary = GOVHARVEST_BIN;

// A column whose pager is a widget with its count in a script, whose items
// open from onclick handlers, with a look-alike and a title cut short.
const std::string kColumn =
    "<html><head><title>政府信息公开年报</title></head><body><ul>"
    "<li onclick=\"window.open('/nb/2024/0301_1.html')\">某区人民政府2023年政府信息公开工作年度报告 2024-03-01</li>"
    "<li onclick=\"window.open('/nb/2023/1101_2.html')\">某区人民政府2023年法治政府建设年度报告 2023-11-01</li>"
    "<li><a href='/nb/2023/0228_3.html'>某区人民政府2022年政府信息…</a><span>2023-02-28</span></li>"
    "</ul><div id=pager></div><script>var countPage = 3; var currentPage = 0;"
    "pager('pager', countPage, function (i) { return 'index_' + i + '.html'; });</script></body></html>";

TEST(ColumnsCliTest, SavedFileShowsItemsVerdictsAndPager) {
  ScratchDir dir;
  const std::string file = dir / "column.html";
  std::ofstream(file) << kColumn;
  ProcessResult r = RunProcess({kBinary, "columns", file, "--url", "http://a.gov.cn/nb/index.html", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json j = json::parse(r.out);
  std::map<std::string, std::string> kinds;
  for (const auto& l : j["links"]) kinds[l["url"]] = l["kind"].get<std::string>() + (l.value("verify", false) ? "?" : "");
  EXPECT_EQ(kinds["http://a.gov.cn/nb/2024/0301_1.html"], "report");
  EXPECT_EQ(kinds["http://a.gov.cn/nb/2023/1101_2.html"], "rejected");
  EXPECT_EQ(kinds["http://a.gov.cn/nb/2023/0228_3.html"], "report?");  // cut short: the page decides
  EXPECT_EQ(j["total_pages"], 3);
  // The text form says why.
  r = RunProcess({kBinary, "columns", file, "--url", "http://a.gov.cn/nb/index.html"});
  EXPECT_NE(r.out.find("look-alike: 法治政府"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("page count in a script (3)"), std::string::npos) << r.out;
}

TEST(ColumnsCliTest, ServedPageRobotsHintsAndFailures) {
  TestServer server([](const ServedRequest& req) {
    ServedResponse r;
    r.headers = {{"Content-Type", "text/html; charset=utf-8"}};
    if (req.target == "/robots.txt") {
      r.body = "User-agent: *\nDisallow: /private/\n";
    } else if (req.target == "/nb/index.html") {
      r.body = kColumn;
    } else if (req.target == "/nb/empty.html") {
      r.body = "<html><head><title>页面不存在</title></head><body>404</body></html>";
    } else if (req.target == "/nb/login.html") {
      r.body = "<html><head><title>用户登录</title></head><body><form><input type=password name=p></form></body></html>";
    } else {
      r.status = 404;
    }
    return r;
  });
  ProcessResult r = RunProcess({kBinary, "columns", server.url("/nb/index.html")});
  EXPECT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_NE(r.out.find("(HTTP 200)"), std::string::npos) << r.out;

  r = RunProcess({kBinary, "columns", server.url("/private/list.html")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("robots.txt"), std::string::npos) << r.err;

  r = RunProcess({kBinary, "columns", server.url("/nb/empty.html")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("problem soft 404"), std::string::npos) << r.out;
  r = RunProcess({kBinary, "columns", server.url("/nb/login.html")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("problem login wall"), std::string::npos) << r.out;

  // A site's detail_pattern: only the matching item is a report candidate.
  ScratchDir dir;
  const std::string config = dir / "g.toml";
  std::ofstream(config) << "[[site]]\nname = \"t\"\nentries = [\"" << server.url("/nb/index.html")
                        << "\"]\ndetail_pattern = '/0228_\\d+\\.html$'\n";
  r = RunProcess({kBinary, "--config", config, "columns", server.url("/nb/index.html"), "--site", "t", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json j = json::parse(r.out);
  int reports = 0;
  for (const auto& l : j["links"]) reports += l["kind"] == "report";
  EXPECT_EQ(reports, 1);
  r = RunProcess({kBinary, "--config", config, "columns", server.url("/nb/index.html"), "--site", "nope"});
  EXPECT_EQ(r.exit_code, 2);
  r = RunProcess({kBinary, "columns", dir / "missing.html"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("missing.html"), std::string::npos);
}

}  // namespace
}  // namespace govharvest
