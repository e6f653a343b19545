// CleanFuzzSmoke: the cleaner's fuzz entry point (clean_fuzz.cc) over seeded
// mutations of the fixture pages (see fuzz_smoke.h). The fragments stress the
// cleaner: deep nesting, huge spans, hidden styles, spam chains, broken UTF-8
// and GB sequences.
#include <string>
#include <vector>

#include "tests/fuzz/fuzz_smoke.h"

namespace {

const std::vector<std::string>& Fragments() {
  static const std::vector<std::string> kFragments = {
      "<table>", "</table>", "<tr>", "<td rowspan=\"65535\" colspan=\"1000\">", "<td colspan=0>", "<th rowspan=-3>",
      "<div style=\"display:none\">", "<div style=\"position:absolute;top:-999px\">", "<font size=\"0\">",
      "<div class=\"TRS_Editor\">", "<div id=\"zoom\">", "<div class=\"article-content\">", "</div>", "<p>", "</p>",
      "<br>", "<script>", "</script>", "<!--", "-->", "<![CDATA[", "&#0;", "&#xD800;", "&#1114112;", "&nbsp;",
      "\xE3\x80\x80", "\xFF\xFE", "\xEF\xBB\xBF", "\xC3", "\xE4\xB8", "\xF0\x9F\x98", "\x81\x30", "\xA1\xA1", "\x00",
      "365体育投注_365bet体育在线官网_365体育app下载", "_", "人民政府", "索 引 号：", "发布机构：", "扫一扫在手机打开当前页",
      "一、总体情况", "|", " | ", "\n|||\n", "<meta charset=\"gbk\">", "<meta http-equiv=\"refresh\" content=\"0\">",
      "<a href=\"javascript:void(0)\">", "<a href=\"./P020220111.pdf\">附件：", "<img src=\"x.png\" alt=\"表\">",
      "<h1>", "<title>", "</title>", "中国·温州", "邮编：325009", "电话：0577-", "<noscript>", "<iframe>",
  };
  return kFragments;
}

}  // namespace

int main(int argc, char** argv) {
  return RunFuzzSmoke(argc, argv, {"clean_fuzz_smoke", "cleaned", 60, Fragments()});
}
