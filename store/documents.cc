#include "store/documents.h"

#include <algorithm>
#include <utility>

#include "store/document_parts.h"
#include "store/timestamp.h"

namespace govharvest {

namespace {

using nlohmann::json;

Status BadMarker(std::string_view key, const std::string& what) {
  return Status::Corruption("cleaning marker " + std::string(key) + " " + what);
}

}  // namespace

std::string CleaningMarkerKey(std::string_view payload_digest) { return "cleaned/" + std::string(payload_digest); }

CleaningMarker CleaningMarker::Cleaned(std::string document_digest, std::string merged_from) {
  CleaningMarker m;
  m.document_digest = std::move(document_digest);
  m.merged_from = std::move(merged_from);
  return m;
}

CleaningMarker CleaningMarker::Failed(std::string failure, std::string detail) {
  CleaningMarker m;
  m.failure = std::move(failure);
  m.detail = std::move(detail);
  return m;
}

std::string CleaningMarker::ToJson() const {
  json j = {{"schema", kDocumentSchema}};
  if (cleaned()) {
    j["document_digest"] = document_digest;
    if (!merged_from.empty()) j["merged_from"] = merged_from;
  } else {
    j["failure"] = failure;
    j["detail"] = detail;
  }
  return j.dump();
}

Status CleaningMarker::FromJson(std::string_view key, std::string_view text, CleaningMarker* out) {
  const json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return BadMarker(key, "is not a JSON object");
  CleaningMarker m;
  for (const auto& [name, field] : {std::pair("document_digest", &m.document_digest),
                                    std::pair("merged_from", &m.merged_from), std::pair("failure", &m.failure),
                                    std::pair("detail", &m.detail)}) {
    const auto it = j.find(name);
    if (it == j.end()) continue;
    if (!it->is_string()) return BadMarker(key, std::string("has a non-string \"") + name + "\"");
    *field = it->get<std::string>();
  }
  if (m.document_digest.empty() == m.failure.empty()) {
    return BadMarker(key, "names neither a document nor a failure");
  }
  *out = std::move(m);
  return Status::Ok();
}

Status ReadCleaningMarker(const Archive& archive, std::string_view payload_digest, CleaningMarker* out) {
  const std::string key = CleaningMarkerKey(payload_digest);
  std::string text;
  Status s = archive.GetDoc(key, &text);
  if (!s.ok()) return s;
  return CleaningMarker::FromJson(key, text, out);
}

Status ReadMarkers(const Archive& archive, const std::set<std::string>& payloads, MarkedDocuments* out) {
  MarkedDocuments marked;
  std::set<std::string> documents;
  for (const std::string& payload : payloads) {
    CleaningMarker marker;
    Status s = ReadCleaningMarker(archive, payload, &marker);
    if (s.IsNotFound()) continue;
    if (!s.ok()) return s;
    ++marked.payloads_marked;
    if (!marker.cleaned()) {
      ++marked.payloads_failed;
      continue;
    }
    marked.marker_of_document.emplace(marker.document_digest, CleaningMarkerKey(payload));
    documents.insert(marker.document_digest);
    marked.document_of_payload.emplace(payload, std::move(marker.document_digest));
  }
  marked.documents.assign(documents.begin(), documents.end());
  *out = std::move(marked);
  return Status::Ok();
}

Status ListMarkedDocuments(const Archive& archive, const std::function<bool(const CaptureRecord&)>& include,
                           MarkedDocuments* out) {
  std::set<std::string> payloads;
  Status s = archive.ForEachCapture([&](const CaptureRecord& c) {
    if (!c.payload_digest.empty() && include(c)) payloads.insert(c.payload_digest);
    return true;
  });
  if (!s.ok()) return s;
  return ReadMarkers(archive, payloads, out);
}

namespace {

Status BadDocument(const std::string& digest, const std::string& what) {
  return Status::Corruption("document " + digest + ": " + what);
}

// The string and integer members of a capture entry.
constexpr const char* kCaptureStrings[] = {"url", "fetched_at", "payload_digest", "site", "role", "host_class"};
constexpr const char* kCaptureIntegers[] = {"fetched_at_us", "listed_year"};

// The members of `list` (a document's "captures") as DocumentCapture reads
// them; fills `out` unless it is null.
template <typename Json>
Status CheckCaptures(const std::string& digest, const Json& list, std::vector<DocumentCapture>* out) {
  if (!list.is_array()) return BadDocument(digest, "\"captures\" is not an array");
  for (const Json& c : list) {
    if (!c.is_object()) return BadDocument(digest, "a capture entry is not an object");
    for (const char* name : kCaptureStrings) {
      const auto it = c.find(name);
      if (it != c.end() && !it->is_string()) {
        return BadDocument(digest, std::string("a capture entry's \"") + name + "\" is not a string");
      }
    }
    for (const char* name : kCaptureIntegers) {
      const auto it = c.find(name);
      if (it != c.end() && !it->is_number_integer()) {
        return BadDocument(digest, std::string("a capture entry's \"") + name + "\" is not an integer");
      }
    }
    if (out == nullptr) continue;
    auto text = [&](const char* name) { return c.contains(name) ? c[name].template get<std::string>() : std::string(); };
    DocumentCapture entry;
    entry.url = text("url");
    entry.fetched_at = text("fetched_at");
    entry.fetched_at_us = c.contains("fetched_at_us") ? c["fetched_at_us"].template get<int64_t>() : 0;
    entry.payload_digest = text("payload_digest");
    entry.site = text("site");
    entry.role = text("role");
    entry.listed_year = c.contains("listed_year") ? c["listed_year"].template get<int>() : 0;
    entry.host_class = text("host_class");
    out->push_back(std::move(entry));
  }
  return Status::Ok();
}

// Whether `parent[member]`, when present, is an array of objects.
template <typename Json>
Status CheckArrayOfObjects(const std::string& digest, const Json& parent, const char* path, const char* member) {
  const auto it = parent.find(member);
  if (it == parent.end()) return Status::Ok();
  if (!it->is_array()) return BadDocument(digest, std::string("\"") + path + "\" is not an array");
  for (const Json& e : *it) {
    if (!e.is_object()) return BadDocument(digest, std::string("an element of \"") + path + "\" is not an object");
  }
  return Status::Ok();
}

// The members of a report record that `show` and the export read in depth.
template <typename Json>
Status CheckReportLists(const std::string& digest, const Json& report) {
  if (const auto tables = report.find("tables"); tables != report.end()) {
    GOVHARVEST_RETURN_IF_ERROR(CheckArrayOfObjects(digest, *tables, "report.tables.cells", "cells"));
    if (const auto cells = tables->find("cells"); cells != tables->end()) {
      for (const Json& cell : *cells) {
        const auto field = cell.find("field");
        if (field != cell.end() && !field->is_string()) {
          return BadDocument(digest, "a cell's \"field\" in \"report.tables.cells\" is not a string");
        }
      }
    }
  }
  if (const auto validation = report.find("validation"); validation != report.end()) {
    GOVHARVEST_RETURN_IF_ERROR(CheckArrayOfObjects(digest, *validation, "report.validation.hard", "hard"));
    GOVHARVEST_RETURN_IF_ERROR(CheckArrayOfObjects(digest, *validation, "report.validation.soft", "soft"));
    if (const auto flags = validation->find("flags"); flags != validation->end()) {
      if (!flags->is_array()) return BadDocument(digest, "\"report.validation.flags\" is not an array");
      for (const Json& f : *flags) {
        if (!f.is_string()) return BadDocument(digest, "a flag in \"report.validation.flags\" is not a string");
      }
    }
  }
  return Status::Ok();
}

// CheckDocumentShape for either JSON type (the exporter keeps member order).
template <typename Json>
Status CheckShape(const std::string& digest, const Json& doc) {
  auto bad = [&](const std::string& what) { return BadDocument(digest, what); };
  if (!doc.is_object()) return bad("not a JSON object");
  if (const auto it = doc.find("captures"); it != doc.end()) {
    GOVHARVEST_RETURN_IF_ERROR(CheckCaptures(digest, *it, static_cast<std::vector<DocumentCapture>*>(nullptr)));
  }
  for (const char* member : {"clean", "report"}) {
    const auto it = doc.find(member);
    if (it != doc.end() && !it->is_object()) return bad(std::string("\"") + member + "\" is not an object");
  }
  if (const auto report = doc.find("report"); report != doc.end()) {
    for (const char* member : {"identity", "tables", "validation"}) {
      const auto it = report->find(member);
      if (it != report->end() && !it->is_object()) {
        return bad(std::string("\"report.") + member + "\" is not an object");
      }
    }
    GOVHARVEST_RETURN_IF_ERROR(CheckReportLists(digest, *report));
  }
  return Status::Ok();
}

template <typename Json>
Status ReadCaptures(const std::string& digest, const Json& doc, std::vector<DocumentCapture>* out) {
  std::vector<DocumentCapture> captures;
  if (!doc.is_object()) return BadDocument(digest, "not a JSON object");
  if (const auto it = doc.find("captures"); it != doc.end()) {
    GOVHARVEST_RETURN_IF_ERROR(CheckCaptures(digest, *it, &captures));
  }
  *out = std::move(captures);
  return Status::Ok();
}

}  // namespace

Status CheckDocumentShape(const std::string& digest, const json& doc) { return CheckShape(digest, doc); }
Status CheckDocumentShape(const std::string& digest, const nlohmann::ordered_json& doc) {
  return CheckShape(digest, doc);
}

Status ReadDocumentCaptures(const std::string& digest, const json& doc, std::vector<DocumentCapture>* out) {
  return ReadCaptures(digest, doc, out);
}
Status ReadDocumentCaptures(const std::string& digest, const nlohmann::ordered_json& doc,
                            std::vector<DocumentCapture>* out) {
  return ReadCaptures(digest, doc, out);
}

Status ReadDocument(const Archive& archive, const std::string& digest, json* out) {
  std::string text;
  Status s = archive.GetDoc(digest, &text);
  if (!s.ok()) return s;
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  s = CheckDocumentShape(digest, doc);
  if (!s.ok()) return s;
  *out = std::move(doc);
  return Status::Ok();
}

Status ForEachMarkedDocument(const Archive& archive, const MarkedDocuments& marked,
                             std::initializer_list<std::string_view> paths, int threads,
                             const std::function<Status(const std::string& digest, json& doc)>& fn) {
  const std::vector<std::string>& digests = marked.documents;
  size_t next = 0;  // digests before it were delivered (or found missing)
  auto missing = [&](const std::string& digest) {
    const auto it = marked.marker_of_document.find(digest);
    const std::string marker = it != marked.marker_of_document.end() ? it->second : std::string("a marker");
    return Status::Corruption("cleaning marker " + marker + " names document " + digest + ", which is missing");
  };
  Status s = ForEachDocumentParts(archive, digests, paths, threads, [&](const std::string& digest, json& doc) {
    if (digests[next] != digest) return missing(digests[next]);  // skipped: no entry
    ++next;
    Status shape = CheckDocumentShape(digest, doc);
    return shape.ok() ? fn(digest, doc) : shape;
  });
  if (!s.ok()) return s;
  if (next < digests.size()) return missing(digests[next]);
  return Status::Ok();
}

json DocumentCaptureEntry(const CaptureRecord& c, const std::string& host_class) {
  return {{"url", c.final_url.empty() ? c.requested_url : c.final_url},
          {"fetched_at", FormatTimestamp(c.fetched_at)},
          {"fetched_at_us", c.fetched_at},
          {"payload_digest", c.payload_digest},
          {"site", c.site},
          {"role", c.role},
          {"listed_year", c.listed_year},
          {"host_class", host_class}};
}

const json& MemberOf(const json& j, const char* key) {
  static const json kNull;  // immutable
  if (!j.is_object()) return kNull;
  const auto it = j.find(key);
  return it == j.end() ? kNull : *it;
}

std::string StringMemberOf(const json& j, const char* key) {
  const json& v = MemberOf(j, key);
  return v.is_string() ? v.get<std::string>() : std::string();
}

}  // namespace govharvest
