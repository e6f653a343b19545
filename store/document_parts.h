// Reading parts of the stored documents (`d/<document digest>`, docs/storage.md).
//
// A document holds its clean page (blocks, tables, text) and its report record
// (cells, checks, sections): tens of kilobytes of JSON, of which a pass over
// every document (counts, mirror merging, cross-year checks) needs a few
// members. ReadDocumentParts builds only those; the rest of the text is
// scanned but never turned into values.
#ifndef GOVHARVEST_STORE_DOCUMENT_PARTS_H_
#define GOVHARVEST_STORE_DOCUMENT_PARTS_H_

#include <functional>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "store/archive.h"
#include "store/documents.h"  // kDocumentSchema, CleaningMarkerKey
#include "store/status.h"

namespace govharvest {

// Whether a document's "captures" list holds an entry for the capture that
// `entry` stands for: one with the same "url" and "fetched_at_us".
bool ListsCapture(const nlohmann::json& captures, const nlohmann::json& entry);

// Reads the document `digest` keeping the members on `paths`: dotted member
// names from the document's root ("captures", "clean.simhash",
// "report.identity"). A member is built when its path lies on the way to a
// kept path or under one; the elements of an array share the array's path.
// Members not kept are absent from `*out`. NotFound when there is no entry;
// Corruption when the entry is not a JSON object.
Status ReadDocumentParts(const Archive& archive, const std::string& digest,
                         std::initializer_list<std::string_view> paths, nlohmann::json* out);

// Reads the parts of each document of `digests` as ReadDocumentParts does, on
// up to `threads` threads, and calls `fn(digest, doc)` on the calling thread
// for each, in the order of `digests` (missing entries are skipped). Reads run
// a bounded chunk ahead, so memory does not grow with `digests`; `fn` may write
// to the archive. Stops at the first error, from a read or from `fn`.
Status ForEachDocumentParts(const Archive& archive, const std::vector<std::string>& digests,
                            std::initializer_list<std::string_view> paths, int threads,
                            const std::function<Status(const std::string& digest, nlohmann::json& doc)>& fn);

}  // namespace govharvest

#endif  // GOVHARVEST_STORE_DOCUMENT_PARTS_H_
