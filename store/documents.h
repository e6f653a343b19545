// The doc keyspace (docs/storage.md): document entries `d/<document digest>`
// and the cleaning markers `d/cleaned/<payload digest>` that lead to them.
// This file is the one reader and writer of markers; every pass reaches the
// documents through ListMarkedDocuments and ForEachMarkedDocument, so a
// malformed marker or entry is the same error everywhere: a Corruption status
// whose one-line message names the key.
//
//  - A document entry is a JSON object: {"schema": 1, "document_digest",
//    "clean": <CleanPage JSON>, "report": <ReportRecord JSON>, "captures":
//    [{url, fetched_at, fetched_at_us, payload_digest, site, role,
//    listed_year, host_class}, ...]}; "clean" and "report" are absent until
//    known, and a merged mirror copy leaves the pointer {"merged_into"}.
//  - A marker says what became of a payload: it cleaned to a document
//    ({"schema", "document_digest"}, plus "merged_from" when that document
//    took in a mirror copy), or it could not be cleaned ({"schema",
//    "failure", "detail"}). A marker and the entries it names are written in
//    one atomic batch, so a marker naming no document is damage.
#ifndef GOVHARVEST_STORE_DOCUMENTS_H_
#define GOVHARVEST_STORE_DOCUMENTS_H_

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "store/archive.h"
#include "store/records.h"
#include "store/status.h"

namespace govharvest {

// Schema version written in document entries and cleaning markers.
inline constexpr int kDocumentSchema = 1;

// Doc-keyspace key of a payload's cleaning marker, "cleaned/<payload digest>".
std::string CleaningMarkerKey(std::string_view payload_digest);

// A payload's cleaning marker. Invariant: exactly one of document_digest and
// failure is non-empty; merged_from only with document_digest, detail only
// with failure.
struct CleaningMarker {
  std::string document_digest;  // the document the payload's captures are listed by
  std::string merged_from;      // the mirror copy merged into it, else ""
  std::string failure;          // why it could not be cleaned: "not_a_page", "error", "error:too_large", ...
  std::string detail;           // the error message

  static CleaningMarker Cleaned(std::string document_digest, std::string merged_from = "");
  static CleaningMarker Failed(std::string failure, std::string detail);

  bool cleaned() const { return !document_digest.empty(); }

  // The stored form: members in key order, "schema" included.
  std::string ToJson() const;
  // Parses a stored marker; Corruption naming `key` when `text` is not a JSON
  // object, a member has the wrong type, or it names neither a document nor a
  // failure.
  static Status FromJson(std::string_view key, std::string_view text, CleaningMarker* out);
};

// Reads the marker of `payload_digest`. NotFound when the payload has none
// (not a page, or not cleaned yet); Corruption as CleaningMarker::FromJson.
Status ReadCleaningMarker(const Archive& archive, std::string_view payload_digest, CleaningMarker* out);

// The documents a set of payloads leads to, through their markers.
struct MarkedDocuments {
  std::map<std::string, std::string> document_of_payload;  // cleaned payloads only
  std::vector<std::string> documents;  // their documents, sorted and distinct
  // For each document, the key of the first marker naming it (error messages).
  std::map<std::string, std::string> marker_of_document;
  int64_t payloads_marked = 0;  // payloads with a marker
  int64_t payloads_failed = 0;  // of those, markers recording a failure
};

// Reads the markers of `payloads` (payloads without one are skipped).
Status ReadMarkers(const Archive& archive, const std::set<std::string>& payloads, MarkedDocuments* out);

// The one scan every pass starts from: the payloads of the captures for which
// `include` returns true, and their markers.
Status ListMarkedDocuments(const Archive& archive, const std::function<bool(const CaptureRecord&)>& include,
                           MarkedDocuments* out);

// Checks the members of a document entry that the passes read: an object
// whose "captures" (when present) is an array of capture entries (objects
// whose members read by DocumentCapture have its types); whose "clean",
// "report", "report.identity", "report.tables" and "report.validation" (when
// present) are objects; whose "report.tables.cells", "report.validation.hard"
// and "report.validation.soft" (when present) are arrays of objects, a cell's
// "field" a string; and whose "report.validation.flags" (when present) is an
// array of strings. Corruption naming `digest` otherwise.
Status CheckDocumentShape(const std::string& digest, const nlohmann::json& doc);
Status CheckDocumentShape(const std::string& digest, const nlohmann::ordered_json& doc);

// Reads the whole document entry `digest` and checks its shape. NotFound when
// there is no entry.
Status ReadDocument(const Archive& archive, const std::string& digest, nlohmann::json* out);

// ForEachDocumentParts (store/document_parts.h) over `marked.documents`, with
// each document's shape checked; a document that a marker names but that has
// no entry is Corruption naming the marker and the document.
Status ForEachMarkedDocument(const Archive& archive, const MarkedDocuments& marked,
                             std::initializer_list<std::string_view> paths, int threads,
                             const std::function<Status(const std::string& digest, nlohmann::json& doc)>& fn);

// One entry of a document's "captures" list: a capture whose payload cleaned
// to the document. DocumentCaptureEntry writes it, ReadDocumentCaptures reads
// it; a mirror copy's entries merged into another document also carry
// "merged_from" (pipeline/mirror_merge.h), which this type leaves out.
struct DocumentCapture {
  std::string url;  // the final URL, else the requested one
  std::string fetched_at;  // RFC 3339
  int64_t fetched_at_us = 0;
  std::string payload_digest;
  std::string site;
  std::string role;
  int listed_year = 0;
  std::string host_class;  // "gov", "allowed", "mirror" or "unknown"
};

// The capture entry a document lists for `capture`, whose host is of
// `host_class` ("gov", "allowed", "mirror" or "unknown").
nlohmann::json DocumentCaptureEntry(const CaptureRecord& capture, const std::string& host_class);

// The "captures" list of document `digest` (none when absent; a member absent
// from an entry reads as empty or 0). Corruption naming `digest` when the list
// is not an array, an entry is not an object, or a member has the wrong type.
Status ReadDocumentCaptures(const std::string& digest, const nlohmann::json& doc, std::vector<DocumentCapture>* out);
Status ReadDocumentCaptures(const std::string& digest, const nlohmann::ordered_json& doc,
                            std::vector<DocumentCapture>* out);

// Safe access to members of stored JSON, which may have any shape: the member
// `key` of `j`, or null when `j` is no object or lacks it; the string member,
// or "" when it is absent or no string.
const nlohmann::json& MemberOf(const nlohmann::json& j, const char* key);
std::string StringMemberOf(const nlohmann::json& j, const char* key);

}  // namespace govharvest

#endif  // GOVHARVEST_STORE_DOCUMENTS_H_
