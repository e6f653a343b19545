// Merging mirror copies into the document they copy (issue 5, "Document
// digest": the same report on a mirror is one document listing all its
// captures), run by `govharvest extract` after the documents are written.
//
// A mirror that only injects spam cleans to the original's text and shares
// its document digest. A mirror that also replaced the agency's name cleans
// to another text: its copy is a near duplicate, with its own document. Such
// a document M is merged into an authoritative document A when
//  - every capture M lists is on a mirror host (host_class "mirror"), and A
//    lists at least one capture on an authoritative host ("gov", "allowed");
//  - their SimHashes are within kNearDuplicateMaxDistance (3) bits;
//  - both hold report records with table cells: the same report_year (known)
//    and identical cells (field, status, value, raw, unit, approx), since
//    the years of one report template, or one seed shifted by the portal
//    simulator, are near-identical texts that differ in their numbers;
//  - neither holds table cells (no report record, or a record without
//    cells): the same sequence of numbers in the clean texts (every run of
//    digits: years, dates, counts, codes, in order; at least one), and the
//    same report_year when both are reports. A document with cells is never
//    merged with one without;
//  - among the documents passing these tests, A is the one whose report's
//    agency name contains the mirror page's inferred name, then the nearest;
//    when two documents tie, M is ambiguous and left as it is.
//
// A merge is one atomic batch:
//  - A's "captures" gain M's capture entries, each keeping its host_class and
//    carrying "merged_from": {"document_digest": M, "simhash_distance": d,
//    "reason": "near_identical_mirror_copy"}; A's "merged_mirrors" lists
//    {document_digest: M, simhash_distance, payload_digests, title,
//    report_year, identity: the mirror page's inferred identity with its
//    evidence, flags};
//  - M's entry becomes the pointer {"schema": 1, "document_digest": M,
//    "merged_into": A, "simhash_distance": d, "captures": []};
//  - the markers `d/cleaned/<payload>` of M's payloads point at A
//    ({"schema": 1, "document_digest": A, "merged_from": M}).
// So every reader that reaches documents through markers (archive stats,
// export, across-years) sees A only, and a pointer lists no capture.
//
// Re-runs: new captures of a merged payload are added to A by `extract` and
// get their "merged_from" here; `extract --all` re-cleans M's payloads into M
// again (the pointer becomes a document) and this pass merges it again. A
// "merged_mirrors" entry none of whose payloads A still lists is dropped, and
// a document listing captures loses a stale "merged_into".
#ifndef GOVHARVEST_PIPELINE_MIRROR_MERGE_H_
#define GOVHARVEST_PIPELINE_MIRROR_MERGE_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "store/archive.h"
#include "store/documents.h"

namespace govharvest {

struct MirrorMergeCounts {
  int64_t mirror_documents = 0;  // documents whose captures are all on mirror hosts, before merging
  int64_t merged = 0;            // of those, merged into an authoritative document in this run
  int64_t captures_moved = 0;    // capture entries they brought along
  int64_t ambiguous = 0;         // left alone: two authoritative documents fit equally
  int64_t documents_repaired = 0;  // stale merge annotations fixed (after --all)
};

// Merges among the documents of `marked` (ReadMarkers over the payloads of
// the ok captures), read on up to `threads` threads. Corruption naming the
// key when a marker or document entry is malformed, or a marker names no
// document.
Status MergeMirrorCopies(Archive& archive, const MarkedDocuments& marked, int threads, MirrorMergeCounts* out);

// The same, listing the documents itself (ListMarkedDocuments).
Status MergeMirrorCopies(Archive& archive, int threads, MirrorMergeCounts* out);

// True for the entry a merged document leaves behind: "merged_into" set and
// no capture listed.
bool IsMergedPointer(const nlohmann::json& doc);

// Reads the document entry `digest`, following merge pointers (at most a few
// hops) to the document that lists the captures. `*resolved` is the digest
// read in the end; `*merged_from` the first digest when a pointer was
// followed, else "". NotFound when an entry on the way is missing;
// Corruption naming the digest when a pointer is malformed or they loop.
Status GetResolvedDocument(const Archive& archive, const std::string& digest, std::string* resolved,
                           std::string* doc_text, std::string* merged_from);

}  // namespace govharvest

#endif  // GOVHARVEST_PIPELINE_MIRROR_MERGE_H_
