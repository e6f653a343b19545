#include "export/snapshot.h"

#include <algorithm>
#include <array>
#include <string_view>
#include <tuple>

#include "store/document_parts.h"
#include "store/documents.h"

namespace govharvest {

namespace {

using Json = nlohmann::ordered_json;

// The URL a document entry lists for a capture (as `extract` writes it).
std::string CaptureUrl(const CaptureRecord& c) { return c.final_url.empty() ? c.requested_url : c.final_url; }

Status ParseDoc(const std::string& digest, const std::string& text, Json* out) {
  *out = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!out->is_object()) return Status::Corruption("doc entry '" + digest + "' is not a JSON object");
  return Status::Ok();
}

std::string StringAt(const Json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int IntAt(const Json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<int>() : 0;
}

const Json& Member(const Json& j, const char* key) {
  static const Json kNull;  // immutable
  const auto it = j.find(key);
  return it == j.end() ? kNull : *it;
}

// The captures document `digest` lists that are in the snapshot, in time order.
Status CapturesInScope(const std::string& digest, const Json& doc, const SnapshotIndex& index,
                       std::vector<SnapshotCapture>* out) {
  std::vector<DocumentCapture> listed;
  GOVHARVEST_RETURN_IF_ERROR(ReadDocumentCaptures(digest, doc, &listed));
  std::vector<SnapshotCapture> in_scope;
  for (DocumentCapture& c : listed) {
    if (index.capture_keys.count({c.url, c.fetched_at_us})) in_scope.push_back(std::move(c));
  }
  std::sort(in_scope.begin(), in_scope.end(), [](const SnapshotCapture& a, const SnapshotCapture& b) {
    return std::tie(a.fetched_at_us, a.url) < std::tie(b.fetched_at_us, b.url);
  });
  *out = std::move(in_scope);
  return Status::Ok();
}

// The capture that stands for a document: listed as a report, not on a
// mirror, earliest (captures are already in time order).
size_t PrimaryCapture(const std::vector<SnapshotCapture>& captures) {
  size_t best = 0;
  auto rank = [](const SnapshotCapture& c) { return (c.role == "report" ? 0 : 2) + (c.host_class == "mirror" ? 1 : 0); };
  for (size_t i = 1; i < captures.size(); ++i) {
    if (rank(captures[i]) < rank(captures[best])) best = i;
  }
  return best;
}

int ReportYear(const Json& report) {
  const Json& identity = Member(report, "identity");
  return identity.is_object() ? IntAt(identity, "report_year") : 0;
}

bool YearInScope(const SnapshotScope& scope, int year) {
  if (scope.year_min == 0 && scope.year_max == 0) return true;
  return year != 0 && year >= scope.year_min && year <= scope.year_max;
}

std::string ReportIdOf(const std::string& document_digest) {
  const std::string_view hex = std::string_view(document_digest).substr(std::min<size_t>(7, document_digest.size()));
  return "r-" + std::string(hex.substr(0, 16));
}

}  // namespace

Status IndexSnapshot(const Archive& archive, const SnapshotScope& scope, SnapshotIndex* out) {
  SnapshotIndex index;
  std::set<std::string> payloads;
  std::set<std::string> jobs;
  Status s = archive.ForEachCapture([&](const CaptureRecord& c) {
    if (scope.include_capture && !scope.include_capture(c)) return true;
    ++index.captures;
    index.capture_keys.insert({CaptureUrl(c), c.fetched_at});
    if (!c.job_id.empty()) jobs.insert(c.job_id);
    ++index.outcomes_by_site[c.site][c.outcome];
    if (!c.payload_digest.empty()) payloads.insert(c.payload_digest);
    return true;
  });
  if (!s.ok()) return s;
  index.job_ids.assign(jobs.begin(), jobs.end());

  MarkedDocuments marked;  // payloads without a marker are no pages, or not cleaned yet
  s = ReadMarkers(archive, payloads, &marked);
  if (!s.ok()) return s;
  index.document_of_payload = marked.document_of_payload;

  std::map<std::string, std::string> digest_of_report_id;
  auto add = [&](const std::string& digest, nlohmann::json& parts) {
    const Json doc(parts);
    std::vector<SnapshotCapture> in_scope;
    GOVHARVEST_RETURN_IF_ERROR(CapturesInScope(digest, doc, index, &in_scope));
    if (in_scope.empty()) return Status::Ok();
    SnapshotDocumentRef ref;
    ref.document_digest = digest;
    const Json& report = Member(doc, "report");
    if (report.is_object() && YearInScope(scope, ReportYear(report))) {
      ref.report_id = ReportIdOf(digest);
      ref.year = ReportYear(report);
      ref.agency_id = StringAt(Member(report, "identity"), "agency_id");
      const auto [it, inserted] = digest_of_report_id.emplace(ref.report_id, digest);
      if (!inserted) {
        return Status::Corruption("documents '" + it->second + "' and '" + digest + "' share report id " +
                                  ref.report_id);
      }
    }
    index.documents.push_back(std::move(ref));
    return Status::Ok();
  };
  // What the index needs; LoadSnapshotDocument reads the whole entry.
  s = ForEachMarkedDocument(archive, marked, {"captures", "report.identity"}, /*threads=*/1, add);
  if (!s.ok()) return s;
  for (size_t i = 0; i < index.documents.size(); ++i) {
    if (!index.documents[i].report_id.empty()) index.reports.push_back(i);
  }
  std::sort(index.reports.begin(), index.reports.end(), [&](size_t a, size_t b) {
    const SnapshotDocumentRef& x = index.documents[a];
    const SnapshotDocumentRef& y = index.documents[b];
    return std::tie(x.agency_id, x.year, x.report_id) < std::tie(y.agency_id, y.year, y.report_id);
  });
  *out = std::move(index);
  return Status::Ok();
}

Status LoadSnapshotDocument(const Archive& archive, const SnapshotScope& scope, const SnapshotIndex& index,
                            const SnapshotDocumentRef& ref, SnapshotDocument* out) {
  std::string text;
  Status s = archive.GetDoc(ref.document_digest, &text);
  if (!s.ok()) return s;
  Json doc;
  s = ParseDoc(ref.document_digest, text, &doc);
  if (s.ok()) s = CheckDocumentShape(ref.document_digest, doc);
  if (!s.ok()) return s;
  SnapshotDocument d;
  d.document_digest = ref.document_digest;
  s = CapturesInScope(ref.document_digest, doc, index, &d.captures);
  if (!s.ok()) return s;
  if (d.captures.empty()) return Status::Corruption("document '" + ref.document_digest + "' lost its captures");
  d.primary = PrimaryCapture(d.captures);
  d.clean = Member(doc, "clean");
  if (!ref.report_id.empty()) {
    d.report_id = ref.report_id;
    d.report = Member(doc, "report");
    const Json& identity = Member(d.report, "identity");
    ReportContext& c = d.context;
    const SnapshotCapture& primary = d.captures[d.primary];
    c.agency = StringAt(identity, "agency_name");
    c.agency_key = StringAt(identity, "agency_key");
    c.agency_id = StringAt(identity, "agency_id");
    c.year = IntAt(identity, "report_year");
    c.template_version = StringAt(Member(d.report, "template"), "version");
    c.site = primary.site;
    c.url = primary.url;
    c.title = StringAt(identity, "title");
    if (c.title.empty()) c.title = StringAt(d.clean, "title");
    c.first_fetched_at = d.captures.front().fetched_at;
    c.division_code = StringAt(identity, "division_code");
    c.admin_level = StringAt(identity, "admin_level");
    const auto site = scope.sites.find(primary.site);
    if (site != scope.sites.end()) {
      c.site_agency = site->second.agency;
      c.site_level = site->second.level;
      if (!site->second.division_code.empty()) c.division_code = site->second.division_code;
      if (c.admin_level.empty()) c.admin_level = AdminLevelOfSiteLevel(site->second.level);
    }
  }
  *out = std::move(d);
  return Status::Ok();
}

std::string AdminLevelOfSiteLevel(const std::string& level) {
  if (level == "city") return "prefecture";
  if (level == "district") return "county";
  if (level == "ministry") return "central";
  if (level == "department") return "";  // a department has the level of its government, unknown here
  return level;
}

std::string ProvinceOfDivisionCode(const std::string& division_code) {
  struct Province {
    const char* code;
    const char* name;
  };
  static constexpr std::array<Province, 34> kProvinces = {{
      {"11", "北京市"}, {"12", "天津市"}, {"13", "河北省"}, {"14", "山西省"}, {"15", "内蒙古自治区"},
      {"21", "辽宁省"}, {"22", "吉林省"}, {"23", "黑龙江省"}, {"31", "上海市"}, {"32", "江苏省"},
      {"33", "浙江省"}, {"34", "安徽省"}, {"35", "福建省"}, {"36", "江西省"}, {"37", "山东省"},
      {"41", "河南省"}, {"42", "湖北省"}, {"43", "湖南省"}, {"44", "广东省"}, {"45", "广西壮族自治区"},
      {"46", "海南省"}, {"50", "重庆市"}, {"51", "四川省"}, {"52", "贵州省"}, {"53", "云南省"},
      {"54", "西藏自治区"}, {"61", "陕西省"}, {"62", "甘肃省"}, {"63", "青海省"}, {"64", "宁夏回族自治区"},
      {"65", "新疆维吾尔自治区"}, {"71", "台湾省"}, {"81", "香港特别行政区"}, {"82", "澳门特别行政区"},
  }};
  if (division_code.size() < 2) return "";
  for (const Province& p : kProvinces) {
    if (division_code.compare(0, 2, p.code) == 0) return p.name;
  }
  return "";
}

}  // namespace govharvest
