// Archive-wide document counts (`archive stats`, and the end of `extract`),
// read from the doc keyspace through the markers of the archived page
// captures (pipeline/page_captures.h).
#ifndef GOVHARVEST_PIPELINE_DOCUMENT_COUNTS_H_
#define GOVHARVEST_PIPELINE_DOCUMENT_COUNTS_H_

#include <cstdint>

#include "store/archive.h"
#include "store/documents.h"

namespace govharvest {

struct DocumentCounts {
  int64_t documents = 0;              // document entries listing >= 1 capture
  int64_t captures = 0;               // captures listed by those entries
  int64_t duplicate_groups = 0;       // documents with more than one capture
  int64_t near_duplicate_groups = 0;  // groups of >= 2 documents whose SimHashes are within
                                      // kNearDuplicateMaxDistance (connected components)
  int64_t documents_in_near_duplicate_groups = 0;
  int64_t payloads_cleaned = 0;       // payloads with a marker
  int64_t payloads_failed = 0;        // markers recording a failure
};

// Counts the documents of `marked` (ReadMarkers over the payloads of the page
// captures), read on up to `threads` threads. Corruption naming the key when
// a marker or document entry is malformed, or a marker names no document.
Status CountDocuments(const Archive& archive, const MarkedDocuments& marked, int threads, DocumentCounts* out);

// The same, listing the documents itself (ListMarkedDocuments).
Status CountDocuments(const Archive& archive, int threads, DocumentCounts* out);

}  // namespace govharvest

#endif  // GOVHARVEST_PIPELINE_DOCUMENT_COUNTS_H_
