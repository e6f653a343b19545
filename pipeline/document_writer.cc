#include "pipeline/document_writer.h"

#include <utility>

#include "store/document_parts.h"
#include "store/documents.h"

namespace govharvest {

using nlohmann::json;

Status DocumentWriter::AddCleaned(const PayloadWork& w, const CleanPage& page, json clean_json, json report_json) {
  json* doc = nullptr;
  Status s = Load(page.document_digest, &doc);
  if (!s.ok()) return s;
  const bool created = doc->is_null();
  if (created) {
    *doc = {{"schema", kDocumentSchema}, {"document_digest", page.document_digest}, {"captures", json::array()}};
  }
  // The stored cleaning comes from an authoritative host when there is one;
  // with --all it is refreshed (the cleaner may have changed).
  const bool has_clean = doc->contains("clean");
  const bool existing_is_mirror = has_clean && StringMemberOf((*doc)["clean"], "host_class") == "mirror";
  const bool new_is_mirror = page.host_class == "mirror";
  if (!has_clean || (existing_is_mirror && !new_is_mirror) || (redo_all_ && (existing_is_mirror || !new_is_mirror))) {
    (*doc)["clean"] = std::move(clean_json);
    if (!report_json.is_null()) {
      (*doc)["report"] = std::move(report_json);
    } else {
      doc->erase("report");
    }
  }
  const int64_t added = AddCaptures(w, doc);
  if (created) {
    ++counts_.documents_created;
  } else if (added > 0) {
    ++counts_.documents_updated;
  }
  if (!w.previous_document.empty() && w.previous_document != page.document_digest) {
    // --all after the cleaner changed: the payload's captures move to the new document.
    json* old_doc = nullptr;
    s = Load(w.previous_document, &old_doc);
    if (!s.ok()) return s;
    if (old_doc->is_object()) {
      json& list = (*old_doc)["captures"];
      for (auto it = list.begin(); it != list.end();) {
        it = StringMemberOf(*it, "payload_digest") == w.payload_digest ? list.erase(it) : it + 1;
      }
    }
  }
  markers_[w.payload_digest] = CleaningMarker::Cleaned(page.document_digest).ToJson();
  return Status::Ok();
}

Status DocumentWriter::AddNewCaptures(const PayloadWork& w) {
  // Re-runs mostly bring none, so a document not loaded yet is first read for
  // its capture list alone.
  auto missing = [&] {
    return Status::Corruption("cleaning marker " + CleaningMarkerKey(w.payload_digest) + " names document " +
                              w.previous_document + ", which is missing (extract --all cleans it again)");
  };
  if (docs_.count(w.previous_document) == 0) {
    json listed;
    Status s = ReadDocumentParts(archive_, w.previous_document, {"captures"}, &listed);
    if (s.IsNotFound()) return missing();
    if (s.ok()) s = CheckDocumentShape(w.previous_document, listed);
    if (!s.ok()) return s;
    bool all_listed = true;
    for (size_t i = 0; i < w.captures.size() && all_listed; ++i) {
      all_listed = ListsCapture(listed["captures"], DocumentCaptureEntry(w.captures[i], w.host_classes[i]));
    }
    if (all_listed) return Status::Ok();
  }
  json* doc = nullptr;
  Status s = Load(w.previous_document, &doc);
  if (!s.ok()) return s;
  if (doc->is_null()) return missing();
  if (AddCaptures(w, doc) > 0) ++counts_.documents_updated;
  return Status::Ok();
}

void DocumentWriter::AddFailure(const PayloadWork& w, const std::string& reason, const std::string& detail) {
  markers_[w.payload_digest] = CleaningMarker::Failed(reason, detail).ToJson();
}

Status DocumentWriter::Flush() {
  if (docs_.empty() && markers_.empty()) return Status::Ok();
  ArchiveBatch batch;
  for (auto& [digest, doc] : docs_) {
    if (doc.is_object()) batch.PutDoc(digest, doc.dump());
  }
  for (auto& [payload, marker] : markers_) batch.PutDoc(CleaningMarkerKey(payload), std::move(marker));
  docs_.clear();
  markers_.clear();
  return archive_.Write(std::move(batch));
}

Status DocumentWriter::Load(const std::string& digest, json** out) {
  auto it = docs_.find(digest);
  if (it == docs_.end()) {
    json doc;  // null: no entry yet
    Status s = ReadDocument(archive_, digest, &doc);
    if (!s.ok() && !s.IsNotFound()) return s;
    it = docs_.emplace(digest, std::move(doc)).first;
  }
  *out = &it->second;
  return Status::Ok();
}

int64_t DocumentWriter::AddCaptures(const PayloadWork& w, json* doc) {
  json& list = (*doc)["captures"];
  int64_t added = 0;
  for (size_t i = 0; i < w.captures.size(); ++i) {
    json entry = DocumentCaptureEntry(w.captures[i], w.host_classes[i]);
    if (ListsCapture(list, entry)) continue;
    if (!list.empty()) ++counts_.duplicates_merged;
    if (w.host_classes[i] == "mirror") ++counts_.mirror_pages;
    list.push_back(std::move(entry));
    ++added;
  }
  counts_.captures_added += added;
  return added;
}

}  // namespace govharvest
