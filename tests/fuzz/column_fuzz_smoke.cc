// ColumnFuzzSmoke: the column-reader fuzz entry point (column_fuzz.cc) over
// seeded mutations of saved government pages (see fuzz_smoke.h). The
// fragments are the list mechanisms the walker reads: links and scripted
// items, pager texts and calls, counts, forms and postbacks, script API calls,
// JSON, titles and their look-alikes, quotes and brackets that parsers trip on.
#include <string>
#include <vector>

#include "tests/fuzz/fuzz_smoke.h"

namespace {

const std::vector<std::string>& Fragments() {
  static const std::vector<std::string> kFragments = {
      "<a href='", "'>", "</a>", "<a href=\"javascript:void(0)\" onclick=\"", "window.open('/a/1.html')",
      "openDoc('123')", "function openDoc(id) { window.open('/doc/' + id + '.html'); }", "<option value='2023nb/'>",
      "2023", "</option>", "<li data-href='./t1.html'>", "</li>", "<iframe src='list.html'>", "<script>", "</script>",
      "document.write(\"<a href='x.html'>", "createPageHTML(", "createPageHTML('d',5,1,'index','shtml',40)",
      "pageControl(", "var countPage = ", "totalPage: ", "pageCount = parseInt('", "共", "页", "/", "下一页", "下页",
      "尾页", ">>", "»", "<img alt='下一页'>", "\"index_\" + i + \".shtml\"", "'?page=' + n", "__doPostBack('p','2')",
      "goPage(2)", "<form method='post' action='l.aspx'>", "<input type='hidden' name='__VIEWSTATE' value='x'>",
      "<input type=hidden name=pageNo value=1>", "</form>", "$.get('/api/list', args, f)", "var args = {",
      "args.pageNo = pageNo;", "$.post('/s', {pageIndex: pageIndex, q: v.k})", "JSON.stringify({pageNo: p})",
      "$.ajax({url: '/x', type: 'post', data: {", "queryData=\"{'webId':'1'}\"", ".attr('rows')", "{", "}", "(", ")",
      "[", "]", "'", "\"", "\\", "+", ",", ":", "=", "{\"data\":{\"html\":\"<a href=\\\"/a.html\\\">", "\"url\":\"",
      "\"title\":\"", "<datastore><record><![CDATA[", "]]></record>", "年度报告", "政府信息公开", "2023年", "…", "...",
      "法治政府建设", "2024-03-01", "2024年3月1日", "2024.03.01", "[03-01]", "<title>", "</title>", "_", "404",
      "\xE6\x94\xBF", "\xFF", "\x00", "99999999999", "<!--", "-->",
  };
  return kFragments;
}

}  // namespace

int main(int argc, char** argv) {
  FuzzSmokeTarget target{"column_fuzz_smoke", "read", 40, Fragments()};
  return RunFuzzSmoke(argc, argv, target);
}
