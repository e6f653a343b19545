// The agencies of a snapshot: one row per agency_id (extract/agency_identity.h),
// gathered from the reports in the writers' stream, for agencies.csv and the
// SQLite table `agencies` (docs/export.md, "agencies").
//
// Invariants:
//  - a row per distinct non-empty identity.agency_id of the reports seen;
//    reports without one are counted apart (`undecided_reports`), never put
//    under a guessed agency;
//  - `name` is the normalized name of the id (after the colon), one per id;
//    `aliases` every identity.agency_name spelling seen, sorted;
//  - the division's names come from the GB/T 2260 division table of the
//    id's code; `sites` are the hosts of the reports' captures that are not
//    mirrors, sorted;
//  - rows come out sorted by id: the same reports give the same rows.
#ifndef GOVHARVEST_EXPORT_SNAPSHOT_AGENCIES_H_
#define GOVHARVEST_EXPORT_SNAPSHOT_AGENCIES_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "export/snapshot.h"

namespace govharvest {

struct AgencyRow {
  std::string id;
  std::string name;           // normalized name (the id after "<code>:")
  std::set<std::string> aliases;
  std::string level;          // identity.agency_level: province|prefecture|county|township|street|department|other
  std::string division_code;  // the id's six digits
  std::string province;       // names of the division's chain; "" where it has no such level
  std::string prefecture;
  std::string county;
  std::set<std::string> sites;  // hosts
  int64_t reports = 0;
  int first_year = 0;  // 0 = unknown
  int last_year = 0;
};

class AgencyCollector {
 public:
  // Takes a report document (others are ignored).
  void Add(const SnapshotDocument& document);
  const std::map<std::string, AgencyRow>& rows() const { return rows_; }
  int64_t undecided_reports() const { return undecided_reports_; }

  // The columns of agencies.csv and of the SQLite table, and a row's cells
  // in that order (aliases and sites as JSON arrays of strings).
  static const std::vector<std::string>& Columns();
  static std::vector<std::string> Cells(const AgencyRow& row);

 private:
  std::map<std::string, AgencyRow> rows_;
  int64_t undecided_reports_ = 0;
};

}  // namespace govharvest

#endif  // GOVHARVEST_EXPORT_SNAPSHOT_AGENCIES_H_
