// ReportFuzzSmoke: the fuzz entry point of report_fuzz.cc (the table mapper
// and the number parser) over seeded mutations of the fixture reports (see
// fuzz_smoke.h). The fragments stress the mapper and the parsers: table
// labels, headers, blanks, full-width digits, 万/亿, 余/多, percentages,
// Chinese-numeral dates, `|` separators, rowspans.
#include <string>
#include <vector>

#include "tests/fuzz/fuzz_smoke.h"

namespace {

const std::vector<std::string>& Fragments() {
  static const std::vector<std::string> kFragments = {
      "\n", " | ", "|||", "\n|\n", "0", "00", "6 00", "１２３", "１，２３４", "1,234", "12.5", "-3", "+7", "—", "-", "/", "无",
      "&nbsp;", "3万", "1.5亿", "200余", "300多", "约40", "50以上", "12%", "７０.１９％", "251000元", "736.5万元", "件", "条",
      "二O一九年三月十一日", "二〇二〇年十二月三十一日", "零零零零年零月零日", "2023 年1月12日", "1 2 月 30 日", "9999年99月99日",
      "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "(一)予以公开", "(七)总计",
      "四、结转下年度继续办理", "(六)其他处理", "3.其他", "自然人", "法人或其他组织", "商业企业", "总计",
      "本年制发件数", "本年废止件数", "现行有效件数", "规章", "行政规范性文件", "行政许可", "行政事业性收费",
      "本年收费金额(单位:万元)", "政府集中采购", "采购总金额", "本年增/减", "结果维持", "结果纠正", "尚未审结",
      "行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉", "统计表", "(一)收到申请数", "九、政府信息公开会议和培训情况",
      "主动公开政府信息", "收到申请", "行政复议案件", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
      "四、政府信息公开行政复议、行政诉讼情况", "<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>",
      "<td rowspan=\"30\">", "<td colspan=\"9\">", "<td rowspan=\"65535\" colspan=\"1000\">", "<img src=\"11.png\">",
      "\xEF\xBC", "\xC3", "\xE4\xB8", "\x00", "99999999999999999999999", "1e308", "0.0000001",
  };
  return kFragments;
}

}  // namespace

int main(int argc, char** argv) {
  return RunFuzzSmoke(argc, argv, {"report_fuzz_smoke", "extracted", 18, Fragments()});
}
