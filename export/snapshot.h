// Reading the archive's documents and reports for a research snapshot
// (`govharvest export`; files and columns in docs/export.md).
//
// Two passes keep memory bounded by the number of documents, not their size:
// IndexSnapshot scans the captures once and lists the documents in scope with
// their sort keys, building only their captures and report identities
// (store/document_parts.h); LoadSnapshotDocument then reads one whole document
// entry at a time, in the order the writers need.
//
// Invariants:
//  - A document is in scope iff at least one capture it lists passes the
//    capture filter; only those captures are attached to it.
//  - Documents are reached through the payloads' cleaning markers, so a
//    mirror copy merged into its original (pipeline/mirror_merge.h) is never a
//    document of its own: its captures are listed by the original, and its
//    pointer entry lists none.
//  - A report (a document entry with a "report") is in scope iff its document
//    is and its report_year lies in the year filter (no filter: every year,
//    unknown years included; with a filter unknown years are left out).
//  - report_id is "r-" + the first 16 hex digits of the document digest:
//    the same text gives the same id in every snapshot. Two documents whose
//    ids would collide make IndexSnapshot fail rather than guess.
//  - `reports` is sorted by (agency_id, year, report_id), `documents` by
//    document digest: the order never depends on the archive's history.
#ifndef GOVHARVEST_EXPORT_SNAPSHOT_H_
#define GOVHARVEST_EXPORT_SNAPSHOT_H_

#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "store/archive.h"
#include "store/documents.h"  // DocumentCapture
#include "store/records.h"
#include "store/status.h"

namespace govharvest {

// Version of the snapshot's file layout (reports.jsonl lines, CSV columns,
// SQLite schema). Bumped on any incompatible change.
inline constexpr int kSnapshotSchemaVersion = 3;  // 3: agency_id columns, agencies; 2: identities_pass may be null, fields and rules

// What the config says about a site (`--config`), for identity context.
struct SnapshotSiteInfo {
  std::string agency;         // official name, may be empty
  std::string level;          // config vocabulary: province, city, county, district, township, ...
  std::string division_code;  // may be empty
};

struct SnapshotScope {
  // Captures in scope; every capture when empty.
  std::function<bool(const CaptureRecord&)> include_capture;
  int year_min = 0;  // report years in [year_min, year_max]; 0/0 = no year filter
  int year_max = 0;
  std::map<std::string, SnapshotSiteInfo> sites;  // by config site name
};

// One capture of a document, as listed in its doc entry.
using SnapshotCapture = DocumentCapture;

struct SnapshotDocumentRef {
  std::string document_digest;
  std::string report_id;   // "" when the document is not a report in scope
  std::string agency_id;   // sort keys of reports ("" sorts first)
  int year = 0;
};

struct SnapshotIndex {
  std::vector<SnapshotDocumentRef> documents;  // in scope, by document digest
  std::vector<size_t> reports;                 // indexes into `documents`, report order
  std::set<std::pair<std::string, int64_t>> capture_keys;  // (url, fetched_at_us) of captures in scope
  std::map<std::string, std::string> document_of_payload;  // payload digest -> document digest
  int64_t captures = 0;                                     // captures in scope
  std::vector<std::string> job_ids;                         // sorted, of captures in scope
  // Per site ("" = no site) and outcome, captures in scope.
  std::map<std::string, std::map<std::string, int64_t>> outcomes_by_site;
};

// Indexes the captures in scope and the documents their markers lead to
// (store/documents.h). Corruption naming the key when a marker or a
// document entry is malformed, or a marker names a missing document.
Status IndexSnapshot(const Archive& archive, const SnapshotScope& scope, SnapshotIndex* out);

// Identity context of a report: the report's own identity, completed by the
// config site of its primary capture (docs/export.md, "identity context").
struct ReportContext {
  std::string agency;         // identity.agency_name
  std::string agency_key;     // evidence of the site, not a key (extract/report.h)
  std::string agency_id;      // identity.agency_id: the body, "" when undecided
  std::string division_code;  // config site's when set, else identity.division_code
  std::string admin_level;    // identity.admin_level when set, else from the config site's level
  int year = 0;               // 0 = unknown
  std::string template_version;
  std::string site;           // config site of the primary capture ("" for imports)
  std::string site_agency;
  std::string site_level;
  std::string url;            // URL of the primary capture
  std::string title;
  std::string first_fetched_at;  // earliest capture in scope
};

struct SnapshotDocument {
  std::string document_digest;
  std::vector<SnapshotCapture> captures;  // in scope, by (fetched_at_us, url)
  size_t primary = 0;  // index of the capture that stands for the document
  nlohmann::ordered_json clean;  // the stored CleanPage JSON
  // Set when the document is a report in scope.
  std::string report_id;
  nlohmann::ordered_json report;  // the stored ReportRecord JSON, key order kept
  ReportContext context;

  bool is_report() const { return !report_id.empty(); }
};

Status LoadSnapshotDocument(const Archive& archive, const SnapshotScope& scope, const SnapshotIndex& index,
                            const SnapshotDocumentRef& ref, SnapshotDocument* out);

// The config level mapped to the report's admin_level vocabulary
// (city -> prefecture, district -> county, ministry -> central; others as they are).
std::string AdminLevelOfSiteLevel(const std::string& level);

// Province name of a division code ("" when unknown or too short).
std::string ProvinceOfDivisionCode(const std::string& division_code);

}  // namespace govharvest

#endif  // GOVHARVEST_EXPORT_SNAPSHOT_H_
