// Writes what `extract` learns about payloads into the doc keyspace
// (store/documents.h): the documents their pages clean to, the captures each
// document lists, and each payload's cleaning marker.
//
// A payload's marker and the document entries it changes are written in one
// atomic batch (Flush), so a killed `extract` never leaves a marker without
// its document. Documents are read from the archive once per batch and then
// changed in memory until the batch is written.
#ifndef GOVHARVEST_PIPELINE_DOCUMENT_WRITER_H_
#define GOVHARVEST_PIPELINE_DOCUMENT_WRITER_H_

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "extract/clean.h"
#include "store/archive.h"
#include "store/records.h"

namespace govharvest {

// One payload to clean, with every page capture that carries it.
struct PayloadWork {
  std::string payload_digest;
  std::vector<CaptureRecord> captures;
  std::vector<std::string> host_classes;  // per capture (HostClassOf)
  std::string previous_document;          // from an earlier marker ("" when none)
};

struct DocumentWriterCounts {
  int64_t captures_added = 0;      // capture entries added to documents
  int64_t documents_created = 0;
  int64_t documents_updated = 0;   // existing documents that gained captures
  int64_t duplicates_merged = 0;   // captures added to a document already listing one
  int64_t mirror_pages = 0;        // of the captures added, those on mirror hosts
};

class DocumentWriter {
 public:
  // With `redo_all` (extract --all) a document's stored cleaning is replaced
  // by the new one unless that would replace an authoritative cleaning with a
  // mirror's.
  DocumentWriter(Archive& archive, bool redo_all) : archive_(archive), redo_all_(redo_all) {}
  DocumentWriter(const DocumentWriter&) = delete;
  DocumentWriter& operator=(const DocumentWriter&) = delete;

  // Adds the captures of `w` to the document `page` belongs to, and marks the
  // payload. `clean_json` is page.ToJson() parsed; `report_json` the report
  // record extracted from the page, or null. The stored cleaning comes from
  // an authoritative host when there is one.
  Status AddCleaned(const PayloadWork& w, const CleanPage& page, nlohmann::json clean_json,
                    nlohmann::json report_json);

  // Lists captures of an already cleaned payload (w.previous_document set)
  // that its document lacks. Corruption naming the marker when the document
  // is missing (`extract --all` cleans the payload again).
  Status AddNewCaptures(const PayloadWork& w);

  // Marks the payload as one that could not be cleaned.
  void AddFailure(const PayloadWork& w, const std::string& reason, const std::string& detail);

  // Document entries and markers waiting for Flush.
  size_t pending() const { return docs_.size() + markers_.size(); }

  // Writes the pending entries and markers in one atomic batch.
  Status Flush();

  const DocumentWriterCounts& counts() const { return counts_; }

 private:
  // The document `digest` from this batch, else from the archive; null when
  // there is no entry yet.
  Status Load(const std::string& digest, nlohmann::json** out);
  int64_t AddCaptures(const PayloadWork& w, nlohmann::json* doc);

  Archive& archive_;
  const bool redo_all_;
  DocumentWriterCounts counts_;
  std::map<std::string, nlohmann::json> docs_;
  std::map<std::string, std::string> markers_;  // payload digest -> stored marker
};

}  // namespace govharvest

#endif  // GOVHARVEST_PIPELINE_DOCUMENT_WRITER_H_
