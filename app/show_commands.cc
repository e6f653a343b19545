#include "app/show_commands.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/exit_codes.h"
#include "pipeline/mirror_merge.h"
#include "store/archive.h"
#include "store/documents.h"
#include "store/records.h"

namespace govharvest {

namespace {

using nlohmann::json;


int FailInput(const std::string& message) {
  std::string line = message;
  std::replace(line.begin(), line.end(), '\n', ' ');
  std::fprintf(stderr, "govharvest: error: %s\n", line.c_str());
  return kExitFailure;
}

struct Label {
  const char* id;
  const char* text;
};

// 表二 rows and columns (docs/schema.md, "Field ids").
constexpr Label kActiveRows[] = {
    {"regulation", "规章"},         {"normative", "行政规范性文件"}, {"licensing", "行政许可"},
    {"other_service", "其他对外管理服务事项"}, {"penalty", "行政处罚"}, {"coercion", "行政强制"},
    {"admin_fee", "行政事业性收费"}, {"procurement", "政府集中采购"}};
constexpr Label kActiveColumns[] = {
    {"new_made", "本年新制作数量"}, {"new_published", "本年新公开数量"}, {"total_published", "对外公开总数量"},
    {"prev_items", "上一年项目数量"}, {"delta", "本年增/减"},           {"decisions", "本年处理决定数量"},
    {"items", "采购项目数量"},       {"amount", "采购总金额(万元)"},     {"issued", "本年制发件数"},
    {"repealed", "本年废止件数"},    {"in_force", "现行有效件数"},       {"amount_wan", "本年收费金额(万元)"}};

// 表三.
constexpr Label kApplyColumns[] = {{"natural_person", "自然人"},     {"legal_commercial", "商业企业"},
                                   {"legal_research", "科研机构"},   {"legal_social", "社会公益组织"},
                                   {"legal_lawfirm", "法律服务机构"}, {"legal_other", "其他"},
                                   {"total", "总计"}};
constexpr Label kApplyRows[] = {
    {"new", "一、本年新收政府信息公开申请数量"},
    {"carried_over", "二、上年结转政府信息公开申请数量"},
    {"granted", "三、(一)予以公开"},
    {"partial", "　　(二)部分公开"},
    {"denied.total", "　　(三)不予公开"},
    {"denied.state_secret", "　　　1.属于国家秘密"},
    {"denied.law_forbidden", "　　　2.其他法律行政法规禁止公开"},
    {"denied.three_safety", "　　　3.危及“三安全一稳定”"},
    {"denied.third_party", "　　　4.保护第三方合法权益"},
    {"denied.internal", "　　　5.属于三类内部事务信息"},
    {"denied.process", "　　　6.属于四类过程性信息"},
    {"denied.enforcement_file", "　　　7.属于行政执法案卷"},
    {"denied.admin_query", "　　　8.属于行政查询事项"},
    {"unable.total", "　　(四)无法提供"},
    {"unable.not_held", "　　　1.本机关不掌握相关政府信息"},
    {"unable.need_create", "　　　2.没有现成信息需要另行制作"},
    {"unable.unclear", "　　　3.补正后申请内容仍不明确"},
    {"unprocessed.total", "　　(五)不予处理"},
    {"unprocessed.petition", "　　　1.信访举报投诉类申请"},
    {"unprocessed.duplicate", "　　　2.重复申请"},
    {"unprocessed.publication", "　　　3.要求提供公开出版物"},
    {"unprocessed.mass_repeat", "　　　4.无正当理由大量反复申请"},
    {"unprocessed.confirm_reissue", "　　　5.要求行政机关确认或重新出具已获取信息"},
    {"other.total", "　　(六)其他处理"},
    {"other.no_correction", "　　　1.申请人无正当理由逾期不补正"},
    {"other.no_fee", "　　　2.申请人逾期未缴纳费用"},
    {"other.other", "　　　3.其他"},
    {"result_total", "　　(七)总计"},
    {"carry_forward", "四、结转下年度继续办理"}};

// 表四.
constexpr Label kAppealGroups[] = {{"review", "行政复议"},
                                   {"suit_direct", "行政诉讼 未经复议直接起诉"},
                                   {"suit_after_review", "行政诉讼 复议后起诉"},
                                   {"suit_all", "行政诉讼 合计"}};
constexpr Label kAppealResults[] = {
    {"upheld", "结果维持"}, {"corrected", "结果纠正"}, {"other", "其他结果"}, {"pending", "尚未审结"}, {"total", "总计"}};

// Terminal columns taken by `s`: East Asian wide characters count 2.
size_t DisplayWidth(std::string_view s) {
  size_t width = 0;
  for (size_t i = 0; i < s.size();) {
    const unsigned char b = static_cast<unsigned char>(s[i]);
    uint32_t cp = b;
    size_t len = 1;
    if (b >= 0xF0) {
      len = 4;
      cp = b & 0x07;
    } else if (b >= 0xE0) {
      len = 3;
      cp = b & 0x0F;
    } else if (b >= 0xC0) {
      len = 2;
      cp = b & 0x1F;
    }
    for (size_t k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    i += len;
    const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                      (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                      (cp >= 0xFFE0 && cp <= 0xFFE6) || cp >= 0x20000 || (cp >= 0x2018 && cp <= 0x201D);
    width += wide ? 2 : 1;
  }
  return width;
}

std::string PadRight(const std::string& s, size_t width) {
  const size_t w = DisplayWidth(s);
  return w >= width ? s : s + std::string(width - w, ' ');
}
std::string PadLeft(const std::string& s, size_t width) {
  const size_t w = DisplayWidth(s);
  return w >= width ? s : std::string(width - w, ' ') + s;
}

std::string Number(const json& v) {
  if (!v.is_number()) return "null";
  const double d = v.get<double>();
  if (std::fabs(d - std::round(d)) < 1e-9 && std::fabs(d) < 1e15) return std::to_string(static_cast<long long>(std::llround(d)));
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", d);
  return buf;
}

// A cell as shown in a table: the value, "—" for a blank, "?<raw>" for an
// invalid cell, "(n)" for a derived sum, "~n" for an approximate value.
std::string CellText(const json* cell) {
  if (cell == nullptr) return "";
  const std::string status = cell->value("status", "");
  if (status == "blank") return "—";
  if (status == "invalid") return "?" + cell->value("raw", "");
  std::string text = Number(MemberOf(*cell, "value"));
  if (cell->value("approx", false)) text = "~" + text;
  return status == "derived" ? "(" + text + ")" : text;
}

std::string CheckLine(const json& c) {
  std::string line = c.value("rule", "") + " " + c.value("scope", "") + ": " + c.value("outcome", "");
  if (c.contains("lhs") && !c["lhs"].is_null()) {
    line += " " + Number(c["lhs"]) + (c.value("outcome", "") == "fail" || c.value("outcome", "") == "warn" ? " ≠ " : " vs ") +
            (c.contains("rhs") ? Number(c["rhs"]) : "null");
  }
  if (c.value("blank_operands", 0) > 0) line += " (" + std::to_string(c.value("blank_operands", 0)) + " blank)";
  if (!c.value("detail", "").empty()) line += " — " + c.value("detail", "");
  if (c.contains("across_years") && c["across_years"].is_object()) {
    const json& a = c["across_years"];
    line += " [across years, other report " + std::to_string(a.value("other_year", 0)) + ": " +
            a.value("other_document", "") + "]";
  }
  return line;
}

class Renderer {
 public:
  explicit Renderer(const json& report) : report_(report) {
    const json& cells = report["tables"]["cells"];
    if (cells.is_array()) {
      for (const json& c : cells) {
        if (c.is_object() && c.contains("field")) cells_.emplace(c["field"].get<std::string>(), &c);
      }
    }
    const json& hard = report["validation"]["hard"];
    if (hard.is_array()) {
      for (const json& c : hard) {
        if (c.value("outcome", "") == "fail") failed_.push_back(&c);
      }
    }
  }

  std::string Render() {
    Identity();
    Template();
    ActiveTable();
    ApplyTable();
    AppealTable();
    Legacy();
    Unplaced();
    Checks();
    return out_;
  }

 private:
  const json* Cell(const std::string& field) const {
    const auto it = cells_.find(field);
    return it == cells_.end() ? nullptr : it->second;
  }

  void Line(const std::string& s) { out_ += s + "\n"; }

  void Field(const char* label, const std::string& value, const std::string& source = "") {
    if (value.empty()) return;
    Line("  " + PadRight(label, 16) + value + (source.empty() ? "" : "  (from " + source + ")"));
  }

  std::string Str(const json& obj, const char* key) const {
    if (!obj.is_object() || !obj.contains(key)) return "";
    const json& v = obj[key];
    return v.is_string() ? v.get<std::string>() : v.is_null() ? "" : v.dump();
  }

  // Marks the failed hard checks `pick` selects, under the row just printed.
  template <typename Pick>
  void Marks(Pick pick) {
    for (size_t i = 0; i < failed_.size(); ++i) {
      if (failed_[i] == nullptr || !pick(*failed_[i])) continue;
      Line("    ✗ " + CheckLine(*failed_[i]));
      failed_[i] = nullptr;  // each failure is marked once
    }
  }
  bool Is(const json& c, std::string_view rule, std::string_view scope) const {
    return c.value("rule", "") == rule && c.value("scope", "") == scope;
  }

  void Identity() {
    const json& id = report_["identity"];
    Line("Identity");
    Field("title", Str(id, "title"));
    Field("agency", Str(id, "agency_name"), Str(id, "agency_name_source"));
    Field("agency id", Str(id, "agency_id"), Str(id, "agency_id_evidence"));
    Field("agency key", Str(id, "agency_key"));
    Field("type / level", Str(id, "agency_type") + (Str(id, "admin_level").empty() ? "" : " / " + Str(id, "admin_level")));
    Field("division code", Str(id, "division_code"));
    Field("report year", Str(id, "report_year"), Str(id, "report_year_source"));
    Field("published", Str(id, "published_date"), Str(id, "published_date_source"));
    Field("signed", Str(id, "signature_date") +
                        (Str(id, "signature_date_raw").empty() ? "" : " (" + Str(id, "signature_date_raw") + ")"));
    if (id.contains("identity_inferred_from") && id["identity_inferred_from"].is_array()) {
      for (const json& e : id["identity_inferred_from"]) {
        Line("  evidence        " + Str(e, "kind") + " " + Str(e, "value") + " -> " + Str(e, "place"));
      }
    }
  }

  void Template() {
    const json& t = report_["template"];
    Line("Template");
    Field("version", Str(t, "version"), Str(t, "basis"));
    Field("tables", Str(t, "tables_status"));
    Field("tables source", Str(t, "tables_source"));
    for (const char* key : {"attachments", "table_images"}) {
      if (t.contains(key) && t[key].is_array()) {
        for (const json& u : t[key]) Field(key, u.is_string() ? u.get<std::string>() : u.dump());
      }
    }
  }

  void ActiveTable() {
    std::vector<std::string> lines;
    size_t label_width = 0;
    for (const Label& row : kActiveRows) label_width = std::max(label_width, DisplayWidth(row.text));
    bool any = false;
    for (const Label& row : kActiveRows) {
      std::string line;
      for (const Label& col : kActiveColumns) {
        const json* cell = Cell(std::string("active.") + row.id + "." + col.id);
        if (cell == nullptr) continue;
        line += "  " + std::string(col.text) + " " + CellText(cell);
      }
      if (line.empty()) continue;
      if (!any) Line("表二 主动公开政府信息情况");
      any = true;
      Line("  " + PadRight(row.text, label_width) + line);
      const std::string prefix = std::string("active.") + row.id + ".";
      Marks([&](const json& c) { return c.value("rule", "") == "H5" && c.value("scope", "").starts_with(prefix); });
    }
    const json& extra = report_["tables"]["active_extra"];
    if (extra.is_object()) {
      for (const auto& [row, columns] : extra.items()) {
        std::string line;
        for (const auto& [col, cell] : columns.items()) line += "  " + col + " " + CellText(&cell);
        if (!any) Line("表二 主动公开政府信息情况");
        any = true;
        Line("  " + PadRight(row, label_width) + line + "  (outside the template)");
      }
    }
  }

  void ApplyTable() {
    bool any_cell = false;
    for (const auto& [field, cell] : cells_) any_cell = any_cell || field.starts_with("apply.");
    if (!any_cell) return;
    Line("表三 收到和处理政府信息公开申请情况");
    size_t label_width = DisplayWidth("申请人情况");
    for (const Label& row : kApplyRows) label_width = std::max(label_width, DisplayWidth(row.text));
    std::vector<size_t> widths;
    std::string header = "  " + PadRight("", label_width);
    for (const Label& col : kApplyColumns) {
      size_t w = DisplayWidth(col.text);
      for (const Label& row : kApplyRows) {
        w = std::max(w, DisplayWidth(CellText(Cell(std::string("apply.") + row.id + "." + col.id))));
      }
      widths.push_back(w);
      header += " | " + PadLeft(col.text, w);
    }
    Line(header);
    for (const Label& row : kApplyRows) {
      const std::string prefix = std::string("apply.") + row.id + ".";
      std::string line = "  " + PadRight(row.text, label_width);
      bool has = false;
      for (size_t i = 0; i < std::size(kApplyColumns); ++i) {
        const json* cell = Cell(prefix + kApplyColumns[i].id);
        has = has || cell != nullptr;
        line += " | " + PadLeft(CellText(cell), widths[i]);
      }
      if (!has) continue;
      Line(line);
      const std::string id = row.id;
      Marks([&](const json& c) {
        return Is(c, "H3", id) || (c.value("rule", "") == "H5" && c.value("scope", "").starts_with(prefix)) ||
               (id == "result_total" && c.value("rule", "") == "H2") ||
               (id == "carry_forward" && c.value("rule", "") == "H1");
      });
    }
    // H1/H2 failures whose rows were not read.
    Marks([](const json& c) { return c.value("rule", "") == "H1" || c.value("rule", "") == "H2"; });
  }

  void AppealTable() {
    bool any_cell = false;
    for (const auto& [field, cell] : cells_) any_cell = any_cell || field.starts_with("appeal.");
    if (!any_cell) return;
    Line("表四 政府信息公开行政复议、行政诉讼情况");
    size_t label_width = 0;
    for (const Label& g : kAppealGroups) label_width = std::max(label_width, DisplayWidth(g.text));
    std::string header = "  " + PadRight("", label_width);
    std::vector<size_t> widths;
    for (const Label& r : kAppealResults) {
      size_t w = DisplayWidth(r.text);
      for (const Label& g : kAppealGroups) {
        w = std::max(w, DisplayWidth(CellText(Cell(std::string("appeal.") + g.id + "." + r.id))));
      }
      widths.push_back(w);
      header += " | " + PadLeft(r.text, w);
    }
    Line(header);
    for (const Label& g : kAppealGroups) {
      const std::string prefix = std::string("appeal.") + g.id + ".";
      std::string line = "  " + PadRight(g.text, label_width);
      bool has = false;
      for (size_t i = 0; i < std::size(kAppealResults); ++i) {
        const json* cell = Cell(prefix + kAppealResults[i].id);
        has = has || cell != nullptr;
        line += " | " + PadLeft(CellText(cell), widths[i]);
      }
      if (!has) continue;
      Line(line);
      const std::string id = g.id;
      Marks([&](const json& c) {
        return Is(c, "H4", id) || (c.value("rule", "") == "H5" && c.value("scope", "").starts_with(prefix));
      });
    }
  }

  // Pre-2019 统计表 cells, with their labels as found.
  void Legacy() {
    bool any = false;
    for (const auto& [field, cell] : cells_) {
      if (!field.starts_with("legacy.")) continue;
      if (!any) Line("统计表 (legacy)");
      any = true;
      const std::string source = cell->value("source", "");
      Line("  " + PadRight(source.empty() ? field : source, 40) + "  " + CellText(cell) + "  [" + field + "]");
      Marks([&](const json& c) { return Is(c, "H5", field); });
    }
  }

  // Failed identities not shown next to a row.
  void Unplaced() {
    bool any = false;
    for (const json* c : failed_) {
      if (c == nullptr || (c->value("rule", "") == "H5" && c->value("scope", "") == "all reported cells")) continue;
      if (!any) Line("Other failed identities");
      any = true;
      Line("    ✗ " + CheckLine(*c));
    }
  }

  void Checks() {
    const json& v = report_["validation"];
    const json& hard = v["hard"];
    int failed = 0, held = 0, no_data = 0;
    if (hard.is_array()) {
      for (const json& c : hard) {
        const std::string outcome = c.value("outcome", "");
        failed += outcome == "fail" ? 1 : 0;
        held += outcome == "strict" || outcome == "lenient" ? 1 : 0;
        no_data += outcome == "no_data" ? 1 : 0;
      }
    }
    // A check without data holds nothing: a report with no table data is not passing.
    if (failed + held == 0) {
      Line("Hard identities: none checked (no table data)");
    } else {
      Line("Hard identities: " + std::to_string(held) + " of " + std::to_string(held + failed) + " checked pass" +
           (failed > 0 ? ", " + std::to_string(failed) + " fail (✗ above)" : "") +
           (no_data > 0 ? "; " + std::to_string(no_data) + " without data" : ""));
    }
    const json& soft = v["soft"];
    if (soft.is_array() && !soft.empty()) {
      Line("Soft checks");
      for (const json& c : soft) Line("  " + std::string(c.value("outcome", "") == "warn" ? "! " : "  ") + CheckLine(c));
    }
    const json& tables = report_["tables"];
    if (tables.contains("ambiguous_rows") && tables["ambiguous_rows"].is_array() && !tables["ambiguous_rows"].empty()) {
      Line("Ambiguous rows (no value output: the column of each value is not certain)");
      for (const json& a : tables["ambiguous_rows"]) {
        std::string values;
        if (a.contains("values") && a["values"].is_array()) {
          for (const json& x : a["values"]) values += " " + (x.is_string() ? x.get<std::string>() : x.dump());
        }
        Line("  ? " + a.value("table", "") + " " + a.value("row", "") + ":" + values + " (" + a.value("reason", "") +
             ")");
      }
    }
    std::string flags;
    if (v["flags"].is_array()) {
      for (const json& f : v["flags"]) flags += (flags.empty() ? "" : " ") + f.get<std::string>();
    }
    Line("Flags: " + (flags.empty() ? std::string("none") : flags));
  }

  const json& report_;
  std::map<std::string, const json*> cells_;
  std::vector<const json*> failed_;
  std::string out_;
};

// The document digest `target` stands for; "" with `error` set when none. A
// mirror copy merged into another document (pipeline/mirror_merge.h) resolves to
// that document, with `merged_from` set to the mirror copy's digest.
Status ResolveDocument(const Archive& archive, const std::string& target, std::string* digest, std::string* doc_text,
                       std::string* merged_from, std::string* error) {
  std::string key = target;
  if (key.size() == 64 && key.find_first_not_of("0123456789abcdef") == std::string::npos) key = "sha256:" + key;
  std::string payload;
  if (IsPayloadDigest(key)) {
    Status s = GetResolvedDocument(archive, key, digest, doc_text, merged_from);
    if (s.ok()) return Status::Ok();
    if (!s.IsNotFound()) return s;
    merged_from->clear();
    payload = key;
  } else if (key.find("://") != std::string::npos) {
    CaptureRecord capture;
    Status s = archive.GetLatestCapture(key, &capture);
    if (s.IsNotFound()) {
      *error = "no capture of " + target + " in the archive";
      return Status::Ok();
    }
    if (!s.ok()) return s;
    if (capture.payload_digest.empty()) {
      *error = "latest capture of " + target + " (" + capture.outcome + ") has no payload";
      return Status::Ok();
    }
    payload = capture.payload_digest;
  } else {
    *error = "'" + target + "' is neither a document digest, a payload digest (sha256:<hex>) nor a URL";
    return Status::Ok();
  }
  CleaningMarker marker;
  Status s = ReadCleaningMarker(archive, payload, &marker);
  if (s.IsNotFound()) {
    *error = "no document for " + target + " (unknown digest, or not extracted yet: run govharvest extract)";
    return Status::Ok();
  }
  if (!s.ok()) return s;
  if (!marker.cleaned()) {
    *error = target + " could not be cleaned (" + marker.failure + ")";
    return Status::Ok();
  }
  const std::string& marked = marker.document_digest;
  *merged_from = marker.merged_from;
  std::string via_pointer;
  s = GetResolvedDocument(archive, marked, digest, doc_text, &via_pointer);
  if (s.IsNotFound()) {
    *error = "document " + marked + " of " + target + " is missing";
    return Status::Ok();
  }
  if (merged_from->empty()) *merged_from = via_pointer;
  return s;
}

}  // namespace

int RunShow(const GlobalOptions& g, const ShowArgs& args) {
  ArchiveOptions options;
  options.read_only = true;
  std::unique_ptr<Archive> archive;
  Status s = Archive::Open(g.archive_dir, options, &archive);
  if (!s.ok()) return Fail(s);
  std::string digest, text, merged_from, error;
  s = ResolveDocument(*archive, args.target, &digest, &text, &merged_from, &error);
  if (!s.ok()) return FailInput(args.target + ": " + s.message());
  if (!error.empty()) return FailInput(error);
  const json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return FailInput("document " + digest + " of " + args.target + " is not a JSON object");
  if (!doc.contains("report") || !doc["report"].is_object()) {
    return FailInput("document " + digest + " of " + args.target + " has no report record (not a report page)");
  }
  if (Status shape = CheckDocumentShape(digest, doc); !shape.ok()) return FailInput(args.target + ": " + shape.message());
  // The renderer reads these members without checking that they are there.
  json report = doc["report"];
  for (const char* part : {"identity", "template", "tables", "validation"}) {
    json& member = report[part];
    if (member.is_null()) member = json::object();
    if (!member.is_object()) {
      return FailInput(args.target + ": document " + digest + ": \"report." + part + "\" is not an object");
    }
  }
  for (const char* part : {"cells", "active_extra"}) (void)report["tables"][part];
  for (const char* part : {"hard", "soft", "flags"}) (void)report["validation"][part];
  if (!merged_from.empty()) {
    // Where a merged mirror copy went; on stderr so that --json stays the record.
    std::fprintf(stderr, "govharvest: %s: mirror copy %s was merged into document %s (near-identical copy)\n",
                 args.target.c_str(), merged_from.c_str(), digest.c_str());
  }
  if (args.json) {
    std::cout << doc["report"].dump(2) << "\n";
    std::cout.flush();
    return std::cout ? 0 : kExitFailure;
  }
  // Written out only once whole: stored members of an unexpected type make
  // the JSON library throw, which is reported as damage to the document.
  std::ostringstream text_out;
  try {
    std::ostream& out = text_out;
    out << "Document " << digest << "\n";
    if (!merged_from.empty()) {
      out << "  (asked for " << args.target << ": mirror copy " << merged_from << ", merged here)\n";
    }
    if (doc.contains("captures") && doc["captures"].is_array()) {
      for (const json& c : doc["captures"]) {
        std::string note;
        if (c.contains("merged_from") && c["merged_from"].is_object()) {
          const json& m = c["merged_from"];
          note = "  [" + c.value("host_class", "") + ", merged mirror copy " + m.value("document_digest", "") +
                 ", SimHash distance " + std::to_string(m.value("simhash_distance", 0)) + "]";
        }
        out << "  capture " << c.value("url", "") << "  " << c.value("fetched_at", "") << note << "\n";
      }
    }
    if (doc.contains("merged_mirrors") && doc["merged_mirrors"].is_array()) {
      // The mirror copies merged here, with the identity inferred on them.
      for (const json& m : doc["merged_mirrors"]) {
        out << "  mirror copy " << m.value("document_digest", "") << "  SimHash distance "
            << m.value("simhash_distance", 0) << "\n";
        const json& identity = m.contains("identity") ? m["identity"] : json();
        if (!identity.is_object() || identity.value("name", "").empty()) continue;
        out << "    inferred " << identity.value("name", "") << " (replaced "
            << identity.value("replaced_string", "") << ")\n";
        if (!identity.contains("evidence") || !identity["evidence"].is_array()) continue;
        for (const json& e : identity["evidence"]) {
          out << "    evidence " << e.value("kind", "") << " " << e.value("value", "") << " -> "
              << e.value("place", "") << "\n";
        }
      }
    }
    out << Renderer(report).Render();
  } catch (const json::exception& e) {
    return FailInput(args.target + ": document " + digest + " has a malformed report record (" + e.what() + ")");
  }
  std::cout << text_out.str();
  std::cout.flush();
  return std::cout ? 0 : kExitFailure;
}

}  // namespace govharvest
