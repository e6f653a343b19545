// List APIs read from a page's own script calls (crawler/script_api.h).
#include "crawler/script_api.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "crawler/links.h"

namespace govharvest {
namespace {

const std::string kPage = "http://a.gov.cn/zfxxgk/nb/index.html";

std::vector<ListRequest> Requests(const std::string& html) {
  std::vector<std::string_view> scripts;
  ExtractCandidateLinks(html, kPage, &scripts);
  return ScriptApiRequests(html, kPage, scripts);
}

TEST(ScriptApiTest, GetWithAnInlineObjectAndAPageVariable) {
  auto r = Requests(
      "<ul id=list></ul><script>var curPage = 3;"
      "$.get('/api/list', {columnId: '12', pageNo: curPage, size: 10}, function (d) { render(d); });</script>");
  ASSERT_EQ(r.size(), 1u);
  // The page parameter asks for the first page whatever the variable holds.
  EXPECT_EQ(r[0], (ListRequest{"http://a.gov.cn/api/list?columnId=12&pageNo=1&size=10", "", false}));
}

TEST(ScriptApiTest, PostWithAVariableValue) {
  auto r = Requests("<script>var catId = \"88\"; $.post(\"list.do\", {pageIndex: 1, catId: catId});</script>");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0], (ListRequest{"http://a.gov.cn/zfxxgk/nb/list.do", "pageIndex=1&catId=88", false}));
}

TEST(ScriptApiTest, ArgumentsBuiltInAVariableWithAssignments) {
  auto r = Requests(
      "<script>function load(pageNo) {\n"
      "  var args = {columnId: '5'};\n"
      "  args.pageNo = pageNo;\n"
      "  args.title = '';\n"
      "  $.post('/search/list', args, function (d) {});\n"
      "}</script>");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0], (ListRequest{"http://a.gov.cn/search/list", "columnId=5&pageNo=1&title=", false}));
}

TEST(ScriptApiTest, AjaxWithObjectKeysFromAnAttributeAndJsonStringify) {
  // Hanweb JPaaS: the site and column ids in queryData="{...}", paramJson stringified.
  const std::string html =
      "<div id='unit' queryData=\"{'webId':'3218','columnId':'7'}\" rows=\"15\"></div>"
      "<script>var queryData = eval('(' + $('#unit').attr('queryData') + ')');\n"
      "$.ajax({url: '/jpaas/front/page/build/unit', type: 'POST', dataType: 'json',\n"
      "  data: {webId: queryData.webId, pageSize: $('#unit').attr('rows'),\n"
      "         paramJson: JSON.stringify({pageNo: page, pageSize: $('#unit').attr('rows'), columnId: queryData.columnId})},\n"
      "  success: function (d) { $('#unit').html(d.data.html); }});</script>";
  auto r = Requests(html);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].url, "http://a.gov.cn/jpaas/front/page/build/unit");
  EXPECT_EQ(r[0].form,
            "webId=3218&pageSize=15&paramJson=%7B%22pageNo%22%3A1%2C%22pageSize%22%3A%2215%22%2C%22columnId%22%3A%227%22%7D");
}

TEST(ScriptApiTest, AjaxWithoutATypeIsAGet) {
  auto r = Requests("<script>$.ajax({url: \"/api/articles\", data: {page: 1, channel: 'nb'}, success: f});</script>");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0], (ListRequest{"http://a.gov.cn/api/articles?page=1&channel=nb", "", false}));
  r = Requests("<script>$.ajax({type: 'post', url: '/api/articles', data: {page: 1}});</script>");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0], (ListRequest{"http://a.gov.cn/api/articles", "page=1", false}));
}

TEST(ScriptApiTest, FetchAxiosAndGetJson) {
  auto r = Requests(
      "<script>fetch('/api/x?type=1').then(r => r.json());"
      "axios.post('/api/y', {currPage: pageNum, siteId: '2'});"
      "$.getJSON('../data/list.json', function (d) {});</script>");
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0], (ListRequest{"http://a.gov.cn/api/x?type=1", "", false}));
  EXPECT_EQ(r[1], (ListRequest{"http://a.gov.cn/api/y", "currPage=1&siteId=2", false}));
  EXPECT_EQ(r[2], (ListRequest{"http://a.gov.cn/zfxxgk/data/list.json", "", false}));
}

TEST(ScriptApiTest, ValuesThatCannotBeReadAreLeftOut) {
  auto r = Requests("<script>$.get('/api/list', {columnId: getColumn(), kw: keyword, pageNo: 1});</script>");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].url, "http://a.gov.cn/api/list?pageNo=1");
}

TEST(ScriptApiTest, ValuesAreUrlEncoded) {
  auto r = Requests("<script>$.get('/api/list', {name: '年报 2023', pageNo: 1});</script>");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].url, "http://a.gov.cn/api/list?name=%E5%B9%B4%E6%8A%A5%202023&pageNo=1");
}

TEST(ScriptApiTest, OnlyLiteralUrlLikeTargets) {
  // A URL held in a variable, or a literal that is no URL, is not read.
  EXPECT_TRUE(Requests("<script>var u = '/api/list'; $.get(u, {pageNo: 1});</script>").empty());
  EXPECT_TRUE(Requests("<script>$.post('save', {a: 1});</script>").empty());
  EXPECT_TRUE(Requests("<script>$.ajax({url: apiBase + '/list', data: {page: 1}});</script>").empty());
  // Calls outside scripts are no requests.
  EXPECT_TRUE(Requests("<p>$.get('/api/list', {pageNo: 1})</p>").empty());
}

TEST(ScriptApiTest, RepeatedCallsGiveOneRequest) {
  auto r = Requests(
      "<script>function a() { $.get('/api/list', {pageNo: p}); }"
      "function b() { $.get('/api/list', {pageNo: q}); }</script><script>$.get('/api/list', {pageNo: 1});</script>");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].url, "http://a.gov.cn/api/list?pageNo=1");
}

}  // namespace
}  // namespace govharvest
