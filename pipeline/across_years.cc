#include "pipeline/across_years.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <tuple>
#include <utility>
#include <vector>

#include "extract/report.h"
#include "store/document_parts.h"

namespace govharvest {

namespace {

using nlohmann::json;

// Documents per atomic batch.
constexpr size_t kDocsPerBatch = 64;

// The record's cells as CheckAcrossYears reads them: field, status and value.
ReportRecord CellsOf(const json& report) {
  ReportRecord r;
  const json& year = MemberOf(MemberOf(report, "identity"), "report_year");
  r.report_year = year.is_number_integer() ? year.get<int>() : 0;
  const json& cells = MemberOf(MemberOf(report, "tables"), "cells");
  if (!cells.is_array()) return r;
  for (const json& c : cells) {
    if (!c.is_object() || !MemberOf(c, "field").is_string()) continue;
    ReportCell cell;
    cell.field = StringMemberOf(c, "field");
    cell.status = StringMemberOf(c, "status");
    if (const json& value = MemberOf(c, "value"); value.is_number()) cell.value = value.get<double>();
    r.cells.emplace(cell.field, std::move(cell));
  }
  return r;
}

// The soft checks of `r` in the stored check layout (ReportRecord::ToJson).
json SoftChecksJson(std::vector<ReportCheck> checks) {
  ReportRecord holder;
  holder.soft_checks = std::move(checks);
  return json::parse(holder.ToJson())["validation"]["soft"];
}

struct Candidate {
  std::string digest;
  bool mirror = false;
  size_t cells = 0;
};

// The record standing for an agency's year: from an authoritative host, then
// with the most cells, then the smallest digest.
bool Better(const Candidate& a, const Candidate& b) {
  return std::make_tuple(!a.mirror, a.cells, b.digest) > std::make_tuple(!b.mirror, b.cells, a.digest);
}

}  // namespace

Status CheckReportsAcrossYears(Archive& archive, int threads, AcrossYearsCounts* out) {
  MarkedDocuments marked;
  Status s = ListMarkedDocuments(archive, [](const CaptureRecord& c) { return c.outcome == "ok"; }, &marked);
  if (!s.ok()) return s;
  return CheckReportsAcrossYears(archive, marked, threads, out);
}

Status CheckReportsAcrossYears(Archive& archive, const MarkedDocuments& marked, int threads,
                               AcrossYearsCounts* out) {
  AcrossYearsCounts counts;

  // Pass 1: the best record per agency and year, and each report document's
  // stored cross-year entries. Only those parts of the documents are read and
  // none is kept, so memory does not grow with the archive.
  std::map<std::string, json> stored_entries;  // digest -> its "across_years" checks
  std::map<std::string, std::map<int, Candidate>> by_agency;
  auto take = [&](const std::string& digest, json& doc) {
    const json& report = MemberOf(doc, "report");
    if (!report.is_object()) return Status::Ok();
    const json& identity = MemberOf(report, "identity");
    // By agency_id only: a record whose body is undecided ("") is paired with nothing.
    const std::string agency = StringMemberOf(identity, "agency_id");
    const json& year = MemberOf(identity, "report_year");
    if (!agency.empty() && year.is_number_integer()) {
      Candidate c;
      c.digest = digest;
      c.mirror = StringMemberOf(MemberOf(doc, "clean"), "host_class") == "mirror";
      const json& cells = MemberOf(MemberOf(report, "tables"), "cells");
      c.cells = cells.is_array() ? cells.size() : 0;
      auto [it, inserted] = by_agency[agency].emplace(year.get<int>(), c);
      if (!inserted && Better(c, it->second)) it->second = c;
    }
    json& entries = stored_entries[digest];
    entries = json::array();
    const json& soft = MemberOf(MemberOf(report, "validation"), "soft");
    if (soft.is_array()) {
      for (const json& check : soft) {
        if (check.is_object() && check.contains("across_years")) entries.push_back(check);
      }
    }
    return Status::Ok();
  };
  Status s = ForEachMarkedDocument(archive, marked,
                                   {"clean.host_class", "report.identity",
                                    "report.tables.cells.field",  // cells counted
                                    "report.validation.soft"},
                                   threads, take);
  if (!s.ok()) return s;

  // Pass 2: the cross-year entries each document should carry, in year order.
  std::map<std::string, json> entries;
  std::map<std::string, ReportRecord> cells;  // of the current agency's records in pairs, read once
  auto cells_of = [&](const std::string& digest, const ReportRecord** record) {
    auto it = cells.find(digest);
    if (it == cells.end()) {
      json doc;
      Status read = ReadDocumentParts(archive, digest, {"report.identity", "report.tables.cells"}, &doc);
      if (read.ok()) read = CheckDocumentShape(digest, doc);
      if (!read.ok()) return read;
      it = cells.emplace(digest, CellsOf(MemberOf(doc, "report"))).first;
    }
    *record = &it->second;
    return Status::Ok();
  };
  for (const auto& [agency, years] : by_agency) {
    cells.clear();  // a record is paired only within its agency: memory stays one agency's records
    bool counted = false;
    for (const auto& [year, current] : years) {
      const auto prev_it = years.find(year - 1);
      if (prev_it == years.end()) continue;
      const Candidate& previous = prev_it->second;
      if (!counted) ++counts.agencies;
      counted = true;
      ++counts.pairs;
      const ReportRecord* prev_cells = nullptr;
      const ReportRecord* cur_cells = nullptr;
      s = cells_of(previous.digest, &prev_cells);
      if (s.ok()) s = cells_of(current.digest, &cur_cells);
      if (!s.ok()) return s;
      ReportRecord checked = *cur_cells;
      CheckAcrossYears(*prev_cells, &checked);
      const json checks = SoftChecksJson(std::move(checked.soft_checks));
      for (const auto& [digest, other, other_year] :
           {std::tuple(current.digest, previous.digest, year - 1), std::tuple(previous.digest, current.digest, year)}) {
        json& list = entries[digest];
        for (json check : checks) {
          check["across_years"] = {{"years", {year - 1, year}}, {"other_document", other}, {"other_year", other_year}};
          list.push_back(std::move(check));
        }
      }
      for (const json& check : checks) ++counts.outcomes[check.value("outcome", "")];
    }
  }
  cells.clear();

  // Pass 3: rewrite the documents whose entries changed, read whole again.
  ArchiveBatch batch;
  size_t in_batch = 0;
  for (const auto& [digest, stored] : stored_entries) {
    const auto it = entries.find(digest);
    const json wanted = it != entries.end() ? it->second : json::array();
    if (wanted == stored) continue;
    json doc;
    s = ReadDocument(archive, digest, &doc);
    if (!s.ok()) return s;
    json& validation = doc["report"]["validation"];  // objects (CheckDocumentShape)
    json& soft = validation["soft"];
    json updated = json::array();
    if (soft.is_array()) {
      for (const json& check : soft) {
        if (!check.is_object() || !check.contains("across_years")) updated.push_back(check);
      }
    }
    for (const json& check : wanted) updated.push_back(check);
    soft = std::move(updated);
    batch.PutDoc(digest, doc.dump());
    ++counts.documents_updated;
    if (++in_batch >= kDocsPerBatch) {
      s = archive.Write(std::move(batch));
      if (!s.ok()) return s;
      batch = ArchiveBatch();
      in_batch = 0;
    }
  }
  if (in_batch > 0) {
    s = archive.Write(std::move(batch));
    if (!s.ok()) return s;
  }
  *out = std::move(counts);
  return Status::Ok();
}

}  // namespace govharvest
