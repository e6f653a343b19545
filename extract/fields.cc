// The field dictionary and the validation rules (extract/fields.h).
//
// Field ids and printed labels come from the mappers' own tables
// (report_internal: 表二 canonical pairs, 表三 template rows, 表四 groups and
// results, 统计表 ids, legacy mappings); this file adds what the mappers do
// not need: 表二's printed labels, the groups, the units, the templates.
// Labels and units of the templates: ../shared/docs/report-format.md §1.2-1.5
// (60号 and 30号 formats) and §3 (the national 2016-2018 统计表 with its
// 计量单位 column, seed 001).
#include "extract/fields.h"

#include <algorithm>
#include <map>

#include "extract/report_internal.h"

namespace govharvest {
namespace {

using report_internal::IdLabel;

std::string Join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += separator;
    out += parts[i];
  }
  return out;
}

// ------------------------------------------------------------------ 表二

struct ActiveRow {
  const char* id;
  const char* group;
  const char* v2019;  // label in the template, "" when the row is not in it
  const char* v2021;
};
constexpr ActiveRow kActiveRows[] = {
    {"regulation", "第二十条第（一）项", "规章", "规章"},
    {"normative", "第二十条第（一）项", "规范性文件", "行政规范性文件"},
    {"licensing", "第二十条第（五）项", "行政许可", "行政许可"},
    {"other_service", "第二十条第（五）项", "其他对外管理服务事项", ""},
    {"penalty", "第二十条第（六）项", "行政处罚", "行政处罚"},
    {"coercion", "第二十条第（六）项", "行政强制", "行政强制"},
    {"admin_fee", "第二十条第（八）项", "行政事业性收费", "行政事业性收费"},
    {"procurement", "第二十条第（九）项", "政府集中采购", ""},
};

struct ActiveColumn {
  const char* id;
  const char* v2019;  // header in the template, "" when the column is not in it
  const char* v2021;
  const char* unit;
  const char* unit_basis;
};
constexpr ActiveColumn kActiveColumns[] = {
    {"new_made", "本年新制作数量", "", "件", "implied"},
    {"new_published", "本年新公开数量", "", "件", "implied"},
    {"total_published", "对外公开总数量", "", "件", "implied"},
    {"issued", "", "本年制发件数", "件", "template"},
    {"repealed", "", "本年废止件数", "件", "template"},
    {"in_force", "", "现行有效件数", "件", "template"},
    {"prev_items", "上一年项目数量", "", "项", "implied"},
    {"delta", "本年增/减", "", "项", "implied"},
    {"decisions", "处理决定数量", "本年处理决定数量", "件", "implied"},
    {"amount_wan", "", "本年收费金额（单位：万元）", "万元", "template"},
    {"items", "采购项目数量", "", "项", "implied"},
    {"amount", "采购总金额", "", "万元", "normalized"},
};

// "a" when both templates print the same label (or only one has it), else
// "a（v2021：b）".
std::string LabelOf(const std::string& v2019, const std::string& v2021) {
  if (v2019.empty()) return v2021;
  if (v2021.empty() || v2021 == v2019) return v2019;
  return v2019 + "（v2021：" + v2021 + "）";
}

void AddActive(std::vector<FieldInfo>* out) {
  const std::vector<std::string> canonical = report_internal::ActiveCanonicalFields();
  for (const ActiveRow& row : kActiveRows) {
    for (const ActiveColumn& column : kActiveColumns) {
      const std::string pair = std::string(row.id) + "." + column.id;
      if (std::find(canonical.begin(), canonical.end(), pair) == canonical.end()) continue;
      FieldInfo f;
      f.id = "active." + pair;
      f.table = "表二";
      f.group = row.group;
      const bool in2019 = row.v2019[0] != '\0' && column.v2019[0] != '\0';
      const bool in2021 = row.v2021[0] != '\0' && column.v2021[0] != '\0';
      f.row_label = LabelOf(in2019 ? row.v2019 : "", in2021 ? row.v2021 : "");
      f.column_label = LabelOf(in2019 ? column.v2019 : "", in2021 ? column.v2021 : "");
      f.unit = column.unit;
      f.unit_basis = column.unit_basis;
      if (in2019) f.templates.push_back("v2019");
      if (in2021) f.templates.push_back("v2021");
      f.kind = "reported";
      out->push_back(std::move(f));
    }
  }
}

// ------------------------------------------------------------------ 表三

// 表三's columns as the dictionary labels them: under 申请人情况, the legal_*
// columns under 法人或其他组织, and the derived legal_subtotal before 总计.
std::vector<IdLabel> ApplyColumnLabels() {
  std::vector<IdLabel> out;
  for (const IdLabel& c : report_internal::ApplyColumns()) {
    if (c.id == "total") out.push_back({"legal_subtotal", "申请人情况 › 法人或其他组织（小计）"});
    const std::string group = c.id.starts_with("legal_") ? "申请人情况 › 法人或其他组织 › " : "申请人情况 › ";
    out.push_back({c.id, group + c.label});
  }
  return out;
}

// The columns legal_subtotal sums.
std::vector<std::string> LegalColumns() {
  std::vector<std::string> out;
  for (const IdLabel& c : report_internal::ApplyColumns()) {
    if (c.id.starts_with("legal_")) out.push_back(c.id);
  }
  return out;
}

// The group heading of a 表三 row id, as printed.
std::string ApplyGroupOf(const std::string& row) {
  const std::string results = "三、本年度办理结果";
  if (row.starts_with("denied.")) return results + " › （三）不予公开";
  if (row.starts_with("unable.")) return results + " › （四）无法提供";
  if (row.starts_with("unprocessed.")) return results + " › （五）不予处理";
  if (row.starts_with("other.") && row != "other.total") return results + " › （六）其他处理";
  if (row == "new" || row == "carried_over" || row == "carry_forward") return "";
  return results;
}

struct ApplyRow {
  std::string id;
  std::string label;
  std::vector<std::string> templates;
  std::vector<std::string> sum_of;  // derived rows: the rows summed (v2021 for other.total)
  bool derived = false;
};

// The rows of 表三 in the order of the wide CSV: v2021's rows, each group's
// derived subtotal after its last leaf, v2019's （六）其他处理 after the v2021
// 其他处理 leaves.
std::vector<ApplyRow> ApplyRows() {
  const std::vector<IdLabel> v2021 = report_internal::ApplyTemplateRows(false);
  const std::vector<IdLabel> v2019 = report_internal::ApplyTemplateRows(true);
  auto in = [](const std::vector<IdLabel>& rows, const std::string& id) {
    return std::any_of(rows.begin(), rows.end(), [&](const IdLabel& r) { return r.id == id; });
  };
  auto prefix_of = [](const std::string& id) { return id.substr(0, id.find('.') + 1); };
  std::vector<ApplyRow> out;
  for (size_t i = 0; i < v2021.size(); ++i) {
    const IdLabel& r = v2021[i];
    ApplyRow row{r.id, r.label, {}, {}, false};
    if (in(v2019, r.id)) row.templates.push_back("v2019");
    row.templates.push_back("v2021");
    out.push_back(row);
    const std::string prefix = prefix_of(r.id);
    const bool group_ends = r.id.find('.') != std::string::npos &&
                            (i + 1 == v2021.size() || !v2021[i + 1].id.starts_with(prefix));
    if (!group_ends) continue;
    ApplyRow total;
    for (const IdLabel& leaf : v2021) {
      if (leaf.id.starts_with(prefix)) total.sum_of.push_back(leaf.id);
    }
    total.id = prefix + "total";
    if (total.id == "other.total") {
      // （六）其他处理: a row of v2019 (and of v2021 tables that keep it), the
      // sum of the three 其他处理 rows in v2021.
      for (const IdLabel& v : v2019) {
        if (v.id == total.id) total.label = v.label;
      }
      total.templates = {"v2019", "v2021"};
    } else {
      // (三)/(四)/(五) have no subtotal row in the template: derived.
      const std::string group = ApplyGroupOf(r.id);
      total.label = group.substr(group.rfind("› ") + std::string_view("› ").size()) + "（小计）";
      total.templates = {"v2019", "v2021"};
      total.derived = true;
    }
    out.push_back(total);
  }
  return out;
}

void AddApply(std::vector<FieldInfo>* out) {
  const std::vector<IdLabel> columns = ApplyColumnLabels();
  for (const ApplyRow& row : ApplyRows()) {
    for (const IdLabel& column : columns) {
      const bool subtotal = column.id == "legal_subtotal";
      FieldInfo f;
      f.id = "apply." + row.id + "." + column.id;
      f.table = "表三";
      f.group = ApplyGroupOf(row.id);
      f.row_label = row.label;
      f.column_label = column.label;
      f.unit = "件";
      f.unit_basis = "implied";
      f.templates = row.templates;
      f.kind = subtotal || row.derived ? "derived" : "reported";
      if (subtotal) {
        std::vector<std::string> operands;
        for (const std::string& c : LegalColumns()) operands.push_back("apply." + row.id + "." + c);
        f.derivation = Join(operands, " + ");
      } else if (!row.sum_of.empty()) {
        std::vector<std::string> operands;
        for (const std::string& leaf : row.sum_of) operands.push_back("apply." + leaf + "." + column.id);
        f.derivation = (row.derived ? "" : "v2021: ") + Join(operands, " + ");
      }
      out->push_back(std::move(f));
    }
  }
}

// ------------------------------------------------------------------ 表四

void AddAppeal(std::vector<FieldInfo>* out) {
  std::vector<IdLabel> groups = report_internal::AppealGroups();
  const std::vector<IdLabel> results = report_internal::AppealResults();
  std::vector<std::string> suits;  // the groups appeal.suit_all sums
  for (IdLabel& g : groups) {
    if (g.id.starts_with("suit_")) {
      suits.push_back(g.id);
      g.label = "行政诉讼 › " + g.label;
    }
  }
  groups.push_back({"suit_all", "行政诉讼（未经复议直接起诉 + 复议后起诉）"});
  for (const IdLabel& g : groups) {
    for (const IdLabel& r : results) {
      FieldInfo f;
      f.id = "appeal." + g.id + "." + r.id;
      f.table = "表四";
      f.row_label = g.label;
      f.column_label = r.label;
      f.unit = "件";
      f.unit_basis = "implied";
      f.templates = {"v2019", "v2021"};
      f.kind = "reported";
      if (g.id == "suit_all") {
        f.kind = "derived";
        std::vector<std::string> operands;
        for (const std::string& s : suits) operands.push_back("appeal." + s + "." + r.id);
        f.derivation = Join(operands, " + ");
      }
      out->push_back(std::move(f));
    }
  }
}

// ------------------------------------------------------------------ 统计表 (2016-2018)

struct LegacyLabel {
  const char* id;
  const char* group;  // level-1 heading, and the level-2 one for sub-items
  const char* label;  // the row as printed
  const char* unit;   // 计量单位
};
// The national 政府信息公开情况统计表 (report-format.md §3; seed 001).
constexpr LegacyLabel kLegacyLabels[] = {
    {"legacy.active.items", "一、主动公开情况", "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）", "条"},
    {"legacy.active.normative_published", "一、主动公开情况", "其中：主动公开规范性文件数", "条"},
    {"legacy.active.normative_issued", "一、主动公开情况", "制发规范性文件总数", "件"},
    {"legacy.active.via.gazette", "一、主动公开情况 › （二）通过不同渠道和方式公开政府信息的情况",
     "1.政府公报公开政府信息数", "条"},
    {"legacy.active.via.website", "一、主动公开情况 › （二）通过不同渠道和方式公开政府信息的情况",
     "2.政府网站公开政府信息数", "条"},
    {"legacy.active.via.weibo", "一、主动公开情况 › （二）通过不同渠道和方式公开政府信息的情况",
     "3.政府微博公开政府信息数", "条"},
    {"legacy.active.via.weixin", "一、主动公开情况 › （二）通过不同渠道和方式公开政府信息的情况",
     "4.政府微信公开政府信息数", "条"},
    {"legacy.active.via.other", "一、主动公开情况 › （二）通过不同渠道和方式公开政府信息的情况",
     "5.其他方式公开政府信息数", "条"},
    {"legacy.response.hot_topics", "二、回应解读情况",
     "（一）回应公众关注热点或重大舆情数（不同方式回应同一热点或舆情计1次）", "次"},
    {"legacy.response.channels_total", "二、回应解读情况", "（二）通过不同渠道和方式回应解读的情况", "次"},
    {"legacy.response.press_conferences", "二、回应解读情况 › （二）通过不同渠道和方式回应解读的情况",
     "1.参加或举办新闻发布会总次数", "次"},
    {"legacy.response.press_conferences_leader", "二、回应解读情况 › （二）通过不同渠道和方式回应解读的情况",
     "其中：主要负责同志参加新闻发布会次数", "次"},
    {"legacy.response.online_interviews", "二、回应解读情况 › （二）通过不同渠道和方式回应解读的情况",
     "2.政府网站在线访谈次数", "次"},
    {"legacy.response.online_interviews_leader", "二、回应解读情况 › （二）通过不同渠道和方式回应解读的情况",
     "其中：主要负责同志参加政府网站在线访谈次数", "次"},
    {"legacy.response.policy_readings", "二、回应解读情况 › （二）通过不同渠道和方式回应解读的情况",
     "3.政策解读稿件发布数", "篇"},
    {"legacy.response.weibo_weixin", "二、回应解读情况 › （二）通过不同渠道和方式回应解读的情况",
     "4.微博微信回应事件数", "次"},
    {"legacy.response.other", "二、回应解读情况 › （二）通过不同渠道和方式回应解读的情况",
     "5.其他方式回应事件数", "次"},
    {"legacy.apply.received", "三、依申请公开情况", "（一）收到申请数", "件"},
    {"legacy.apply.via.in_person", "三、依申请公开情况 › （一）收到申请数", "1.当面申请数", "件"},
    {"legacy.apply.via.fax", "三、依申请公开情况 › （一）收到申请数", "2.传真申请数", "件"},
    {"legacy.apply.via.online", "三、依申请公开情况 › （一）收到申请数", "3.网络申请数", "件"},
    {"legacy.apply.via.letter", "三、依申请公开情况 › （一）收到申请数", "4.信函申请数", "件"},
    {"legacy.apply.closed", "三、依申请公开情况", "（二）申请办结数", "件"},
    {"legacy.apply.closed_on_time", "三、依申请公开情况 › （二）申请办结数", "1.按时办结数", "件"},
    {"legacy.apply.closed_extended", "三、依申请公开情况 › （二）申请办结数", "2.延期办结数", "件"},
    {"legacy.apply.answered", "三、依申请公开情况", "（三）申请答复数", "件"},
    {"legacy.apply.answer.already_public", "三、依申请公开情况 › （三）申请答复数", "1.属于已主动公开范围数", "件"},
    {"legacy.apply.answer.granted", "三、依申请公开情况 › （三）申请答复数", "2.同意公开答复数", "件"},
    {"legacy.apply.answer.partial", "三、依申请公开情况 › （三）申请答复数", "3.同意部分公开答复数", "件"},
    {"legacy.apply.answer.denied", "三、依申请公开情况 › （三）申请答复数", "4.不同意公开答复数", "件"},
    {"legacy.apply.answer.denied.state_secret", "三、依申请公开情况 › （三）申请答复数 › 4.不同意公开答复数",
     "其中：涉及国家秘密", "件"},
    {"legacy.apply.answer.denied.commercial_secret", "三、依申请公开情况 › （三）申请答复数 › 4.不同意公开答复数",
     "涉及商业秘密", "件"},
    {"legacy.apply.answer.denied.privacy", "三、依申请公开情况 › （三）申请答复数 › 4.不同意公开答复数",
     "涉及个人隐私", "件"},
    {"legacy.apply.answer.denied.safety_stability", "三、依申请公开情况 › （三）申请答复数 › 4.不同意公开答复数",
     "危及国家安全、公共安全、经济安全和社会稳定", "件"},
    {"legacy.apply.answer.denied.not_gov_info", "三、依申请公开情况 › （三）申请答复数 › 4.不同意公开答复数",
     "不是《条例》所指政府信息", "件"},
    {"legacy.apply.answer.denied.other_law", "三、依申请公开情况 › （三）申请答复数 › 4.不同意公开答复数",
     "法律法规规定的其他情形", "件"},
    {"legacy.apply.answer.not_this_agency", "三、依申请公开情况 › （三）申请答复数", "5.不属于本行政机关公开数",
     "件"},
    {"legacy.apply.answer.not_exist", "三、依申请公开情况 › （三）申请答复数", "6.申请信息不存在数", "件"},
    {"legacy.apply.answer.correction", "三、依申请公开情况 › （三）申请答复数", "7.告知作出更改补充数", "件"},
    {"legacy.apply.answer.other_channel", "三、依申请公开情况 › （三）申请答复数", "8.告知通过其他途径办理数",
     "件"},
    {"legacy.review.total", "", "四、行政复议数量", "件"},
    {"legacy.review.upheld", "四、行政复议数量", "（一）维持具体行政行为数", "件"},
    {"legacy.review.corrected", "四、行政复议数量", "（二）被依法纠错数", "件"},
    {"legacy.review.other", "四、行政复议数量", "（三）其他情形数", "件"},
    {"legacy.suit.total", "", "五、行政诉讼数量", "件"},
    {"legacy.suit.upheld", "五、行政诉讼数量", "（一）维持具体行政行为或者驳回原告诉讼请求数", "件"},
    {"legacy.suit.corrected", "五、行政诉讼数量", "（二）被依法纠错数", "件"},
    {"legacy.suit.other", "五、行政诉讼数量", "（三）其他情形数", "件"},
    {"legacy.complaints", "", "六、举报投诉数量", "件"},
    {"legacy.fees_wan", "", "七、依申请公开信息收取的费用", "万元"},
    {"legacy.org.units", "八、机构建设和保障经费情况", "（一）政府信息公开工作专门机构数", "个"},
    {"legacy.org.reading_points", "八、机构建设和保障经费情况", "（二）设置政府信息公开查阅点数", "个"},
    {"legacy.org.staff", "八、机构建设和保障经费情况", "（三）从事政府信息公开工作人员数", "人"},
    {"legacy.org.staff_full_time", "八、机构建设和保障经费情况 › （三）从事政府信息公开工作人员数",
     "1.专职人员数（不包括政府公报及政府网站工作人员数）", "人"},
    {"legacy.org.staff_part_time", "八、机构建设和保障经费情况 › （三）从事政府信息公开工作人员数",
     "2.兼职人员数", "人"},
    {"legacy.org.budget_wan", "八、机构建设和保障经费情况",
     "（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）", "万元"},
    {"legacy.training.meetings", "九、政府信息公开会议和培训情况", "（一）召开政府信息公开工作会议或专题会议数",
     "次"},
    {"legacy.training.classes", "九、政府信息公开会议和培训情况", "（二）举办各类培训班数", "次"},
    {"legacy.training.trainees", "九、政府信息公开会议和培训情况", "（三）接受培训人员数", "人次"},
};

void AddLegacy(std::vector<FieldInfo>* out) {
  // The ids MapLegacyTable writes, in the order of the form; an id without a
  // label here comes last and gets none (tests/fields_test.cc fails on it),
  // never a guessed one.
  std::vector<std::string> ids;
  const std::vector<std::string> written = report_internal::LegacyFieldIds();
  for (const LegacyLabel& l : kLegacyLabels) {
    if (std::find(written.begin(), written.end(), l.id) != written.end()) ids.push_back(l.id);
  }
  for (const std::string& id : written) {
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  }
  // The report year's column (统计数, 本年 ...), then the cumulative one of
  // the regional forms (历年累计): the same rows and units.
  for (const char* column : {"统计数", "历年累计"}) {
    const bool cumulative = std::string_view(column) == "历年累计";
    for (const std::string& id : ids) {
      FieldInfo f;
      f.id = cumulative ? "legacy_cumulative." + id.substr(std::string_view("legacy.").size()) : id;
      f.table = "统计表";
      f.column_label = column;
      f.templates = {"legacy2016"};
      f.kind = "reported";
      for (const LegacyLabel& l : kLegacyLabels) {
        if (id != l.id) continue;
        f.group = l.group;
        f.row_label = l.label;
        f.unit = l.unit;
        f.unit_basis = "template";
      }
      out->push_back(std::move(f));
    }
  }
}

// The canonical cells of pre-2019 reports (ReportRecord::legacy_mapped).
void AddLegacyMappings(std::vector<FieldInfo>* fields) {
  for (const report_internal::LegacyMapping& m : report_internal::LegacyMappings()) {
    auto it = std::find_if(fields->begin(), fields->end(), [&](const FieldInfo& f) { return f.id == m.canonical; });
    if (it == fields->end()) continue;  // every canonical id has an entry (tests/fields_test.cc)
    std::vector<std::string> operands(m.legacy.begin(), m.legacy.end());
    const std::string text = "legacy2016: " + Join(operands, " + ") + " (" + m.quality + ")";
    it->derivation += (it->derivation.empty() ? "" : "; ") + text;
    it->templates.push_back("legacy2016");
  }
}

std::vector<FieldInfo> BuildDictionary() {
  std::vector<FieldInfo> fields;
  AddActive(&fields);
  AddApply(&fields);
  AddAppeal(&fields);
  AddLegacy(&fields);
  AddLegacyMappings(&fields);
  return fields;
}

// ------------------------------------------------------------------ rules

struct Rules {
  std::vector<RuleInfo> rules;

  void Sum(std::string key, std::string rule, std::string kind, std::string scope, std::vector<std::string> lhs,
           std::string relation, std::vector<std::string> rhs, std::string description,
           std::string templates = "") {
    RuleInfo r;
    r.key = std::move(key);
    r.rule = std::move(rule);
    r.kind = std::move(kind);
    r.scope = std::move(scope);
    r.formula = Join(lhs, " + ") + " " + relation + " " + Join(rhs, " + ");
    r.description = std::move(description);
    r.lhs = std::move(lhs);
    r.rhs = std::move(rhs);
    r.relation = std::move(relation);
    r.templates = std::move(templates);
    rules.push_back(std::move(r));
  }

  void Text(std::string key, std::string rule, std::string kind, std::string scope, std::string formula,
            std::string description) {
    RuleInfo r;
    r.key = std::move(key);
    r.rule = std::move(rule);
    r.kind = std::move(kind);
    r.scope = std::move(scope);
    r.formula = std::move(formula);
    r.description = std::move(description);
    rules.push_back(std::move(r));
  }
};

// "apply.<row>.{c}" for the rows of a template between 本年新收 and 结转 that
// (七)总计 adds up: (一) to (六).
std::vector<std::string> ResultRows(bool v2019) {
  std::vector<std::string> out;
  for (const IdLabel& row : report_internal::ApplyTemplateRows(v2019)) {
    if (row.id == "new" || row.id == "carried_over" || row.id == "result_total" || row.id == "carry_forward") {
      continue;
    }
    out.push_back("apply." + row.id + ".{c}");
  }
  return out;
}

std::vector<RuleInfo> BuildRules() {
  Rules r;
  std::vector<std::string> column_ids;
  std::vector<std::string> applicant_columns;  // H3's right side
  for (const IdLabel& c : report_internal::ApplyColumns()) {
    column_ids.push_back(c.id);
    if (c.id != "total") applicant_columns.push_back("apply.{r}." + c.id);
  }
  const std::string columns = Join(column_ids, ", ");
  std::vector<std::string> groups, results;
  for (const IdLabel& g : report_internal::AppealGroups()) groups.push_back(g.id);
  for (const IdLabel& res : report_internal::AppealResults()) {
    if (res.id != "total") results.push_back("appeal.{g}." + res.id);
  }

  r.Sum("H1", "H1", "hard", "{c}: each 表三 column (" + columns + "), when the record has 表三 cells",
        {"apply.new.{c}", "apply.carried_over.{c}"}, "=", {"apply.result_total.{c}", "apply.carry_forward.{c}"},
        "表三: received this year + carried over = handled this year + carried forward (the identity the form "
        "prints)");
  r.Sum("H2", "H2", "hard",
        "{c}: each 表三 column, when the record has 表三 cells; （六）其他处理 as one row (v2019, and v2021 "
        "tables that keep that row)",
        {"apply.result_total.{c}"}, "=", ResultRows(true),
        "表三: （七）总计 is the sum of the outcomes （一） to （六）");
  r.Sum("H2.v2021", "H2", "hard",
        "{c}: each 表三 column, in a v2021 record whose 表三 has the rows of （六）其他处理 "
        "(apply.other.no_correction.*)",
        {"apply.result_total.{c}"}, "=", ResultRows(false),
        "表三: （七）总计 is the sum of the outcomes （一） to （六）, with the three rows of （六）其他处理");
  r.Sum("H3", "H3", "hard", "{r}: each 表三 row whose 总计 (apply.{r}.total) was read from the table, not derived",
        {"apply.{r}.total"}, "=", applicant_columns,
        "表三: a row's 总计 is the sum of its applicant columns");
  r.Sum("H4", "H4", "hard", "{g}: " + Join(groups, ", ") + ", when the record has 表四 cells (appeal.review.*)",
        {"appeal.{g}.total"}, "=", results, "表四: a group's 总计 is the sum of its results");
  r.Text("H5", "H5", "hard", "{f}: each table cell read from the table (reported or invalid; not derived ones)",
         "{f} is a number; a count (unit not 万元) is an integer >= 0, except *.delta, an integer of either sign; "
         "money (unit 万元) is >= 0",
         "one failing check per bad cell: text or a percentage where a number belongs, a negative count or amount, "
         "a count with a fraction");
  r.Text("H5.summary", "H5", "hard", "all reported cells: when the record has a cell with a number or invalid text",
         "failing cells = 0", "one check per record: lhs = the cells failing H5, rhs = 0");

  r.Text("S1", "S1", "soft", "{c}: each 表三 column; the records of one agency for consecutive years N-1 and N",
         "apply.carried_over.{c} (year N) = apply.carry_forward.{c} (year N-1)",
         "what a year carries forward is what the next year carries over (govharvest extract stores it on both "
         "records)");
  r.Text("S2", "S2", "soft", "{r}: regulation, normative; the records of one agency for consecutive years N-1 and N",
         "active.{r}.in_force (year N) = active.{r}.in_force (year N-1) + active.{r}.issued (year N) - "
         "active.{r}.repealed (year N)",
         "v2021 表二: documents in force follow from last year's, those issued and those repealed");
  r.Sum("S3", "S3", "soft", "{r}: regulation, normative, when either value was read",
        {"active.{r}.new_published"}, "<=", {"active.{r}.total_published"},
        "v2019 表二: documents published this year are among those published in total");
  struct Fact {
    const char* key;
    const char* fact;
    const char* field;
    const char* templates;
  };
  constexpr Fact kFacts[] = {
      {"S4.apply_received", "narrative.apply_received", "apply.new.total", ""},
      {"S4.apply_natural_person", "narrative.apply_natural_person", "apply.new.natural_person", ""},
      {"S4.apply_legal_person", "narrative.apply_legal_person", "apply.new.legal_subtotal", ""},
      {"S4.review_cases", "narrative.review_cases", "appeal.review.total", ""},
      {"S4.suit_cases", "narrative.suit_cases", "appeal.suit_all.total", ""},
      {"S4.legacy.apply_received", "narrative.apply_received", "legacy.apply.received", "legacy2016"},
      {"S4.legacy.active_items", "narrative.active_items", "legacy.active.items", "legacy2016"},
      {"S4.legacy.review_cases", "narrative.review_cases", "legacy.review.total", "legacy2016"},
      {"S4.legacy.suit_cases", "narrative.suit_cases", "legacy.suit.total", "legacy2016"},
  };
  for (const Fact& f : kFacts) {
    const bool legacy = std::string_view(f.templates) == "legacy2016";
    r.Sum(f.key, "S4", "soft",
          std::string(f.fact) + (legacy ? ", in a legacy2016 record" : ", in a record that is not legacy2016") +
              ", when the text states it",
          {f.fact}, "=", {f.field}, "a number stated in the report's text against the table", f.templates);
  }
  r.Sum("S4.apply_outcomes", "S4", "soft",
        "narrative.apply_outcomes: when the text states the total and at least 3 of the 6 outcomes (those stated are "
        "summed)",
        {"narrative.apply_granted", "narrative.apply_partial", "narrative.apply_denied", "narrative.apply_unable",
         "narrative.apply_unprocessed", "narrative.apply_other_channel"},
        "=", {"narrative.apply_received"}, "the outcomes stated in the text against the total stated there");
  r.Text("S5", "S5", "soft", "published_date, when the report year is known",
         "(year+1)-01-01 <= published_date <= deadline; deadline (year+1)-01-31 for a department (agency_type "
         "department) from report year 2019 on, else (year+1)-03-31",
         "published after the year it reports on and by the deadline of 条例 第四十九条 (flags date_anomaly, "
         "late_publication)");
  r.Text("S6", "S6", "soft", "template, when the version was read from the tables and the year is known",
         "template.version = v2021 when year >= 2021; v2019 when 2019 <= year <= 2020; legacy2016 when year <= 2018",
         "the tables follow the format in force for the year (flag template_mismatch)");
  struct ParentSum {
    const char* parent;
    std::vector<std::string> children;
  };
  const std::vector<ParentSum> sums = {
      {"legacy.org.staff", {"legacy.org.staff_full_time", "legacy.org.staff_part_time"}},
      {"legacy.apply.received",
       {"legacy.apply.via.in_person", "legacy.apply.via.fax", "legacy.apply.via.online", "legacy.apply.via.letter"}},
      {"legacy.apply.closed", {"legacy.apply.closed_on_time", "legacy.apply.closed_extended"}},
      {"legacy.review.total", {"legacy.review.upheld", "legacy.review.corrected", "legacy.review.other"}},
      {"legacy.suit.total", {"legacy.suit.upheld", "legacy.suit.corrected", "legacy.suit.other"}},
      {"legacy.apply.answer.denied",
       {"legacy.apply.answer.denied.state_secret", "legacy.apply.answer.denied.commercial_secret",
        "legacy.apply.answer.denied.privacy", "legacy.apply.answer.denied.safety_stability",
        "legacy.apply.answer.denied.not_gov_info", "legacy.apply.answer.denied.other_law"}},
  };
  for (const ParentSum& s : sums) {
    const std::string parent = s.parent;
    r.Sum("L1." + parent.substr(std::string_view("legacy.").size()), "L1", "soft",
          parent + ", in a legacy2016 record", {parent}, "=", s.children,
          "统计表: a parent item is the sum of its sub-items (warn only)", "legacy2016");
  }
  return r.rules;
}

}  // namespace

const std::vector<FieldInfo>& FieldDictionary() {
  static const std::vector<FieldInfo> kFields = BuildDictionary();
  return kFields;
}

const FieldInfo* FindField(std::string_view id) {
  static const std::map<std::string, size_t, std::less<>> kIndex = [] {
    std::map<std::string, size_t, std::less<>> index;
    const std::vector<FieldInfo>& fields = FieldDictionary();
    for (size_t i = 0; i < fields.size(); ++i) index.emplace(fields[i].id, i);
    return index;
  }();
  const auto it = kIndex.find(id);
  return it == kIndex.end() ? nullptr : &FieldDictionary()[it->second];
}

bool IsMoneyField(std::string_view id) {
  const FieldInfo* f = FindField(id);
  return f != nullptr && f->unit == "万元";
}

const std::vector<RuleInfo>& ValidationRules() {
  static const std::vector<RuleInfo> kRules = BuildRules();
  return kRules;
}

const RuleInfo* FindRule(std::string_view key) {
  for (const RuleInfo& r : ValidationRules()) {
    if (r.key == key) return &r;
  }
  return nullptr;
}

std::vector<std::string> ExpandOperands(const std::vector<std::string>& operands, std::string_view value) {
  std::vector<std::string> out;
  out.reserve(operands.size());
  for (std::string op : operands) {
    for (const char* placeholder : {"{c}", "{r}", "{g}", "{f}"}) {
      for (size_t at = op.find(placeholder); at != std::string::npos; at = op.find(placeholder, at)) {
        op.replace(at, 3, value);
        at += value.size();
      }
    }
    out.push_back(std::move(op));
  }
  return out;
}

}  // namespace govharvest
