#include "pipeline/mirror_merge.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "extract/clean.h"
#include "store/document_parts.h"
#include "store/records.h"

namespace govharvest {

namespace {

using nlohmann::json;

// Documents per atomic batch in the repair pass.
constexpr size_t kDocsPerBatch = 64;
// Pointers followed before giving up (a merge never points at a pointer).
constexpr int kMaxHops = 4;
constexpr const char* kMergeReason = "near_identical_mirror_copy";


bool HasCaptures(const json& doc) {
  const json& list = MemberOf(doc, "captures");
  return list.is_array() && !list.empty();
}

// What the merge rule reads of one document.
struct DocSummary {
  std::string digest;
  uint64_t simhash = 0;
  bool all_mirror = true;      // every capture on a mirror host
  bool authoritative = false;  // some capture on a gov or allowed host
  bool has_report = false;
  int year = 0;                // report_year, 0 when unknown
  size_t cells = 0;            // report cells
  std::string cells_key;       // digest of the cells in canonical form
  std::string numbers_key;     // digest of the clean text's digit runs; "" when it has none
  std::string name;            // report agency name, else the clean title
  std::string inferred_name;   // the clean page's inferred identity ("" when none)
};

// The cells as the rule compares them: one line per cell, sorted by field.
std::string CellsKey(const json& cells, size_t* count) {
  std::vector<std::string> lines;
  if (cells.is_array()) {
    for (const json& c : cells) {
      if (!c.is_object()) continue;
      const json& value = MemberOf(c, "value");
      const json& approx = MemberOf(c, "approx");
      lines.push_back(StringMemberOf(c, "field") + "\x1f" + StringMemberOf(c, "status") + "\x1f" +
                      (value.is_number() ? value.dump() : std::string()) + "\x1f" + StringMemberOf(c, "raw") + "\x1f" +
                      StringMemberOf(c, "unit") + "\x1f" + (approx.is_boolean() && approx.get<bool>() ? "~" : ""));
    }
  }
  std::sort(lines.begin(), lines.end());
  *count = lines.size();
  std::string all;
  for (const std::string& line : lines) all += line + "\n";
  return lines.empty() ? std::string() : PayloadDigest(all);
}

// Every run of digits of the text (full-width forms folded), in order.
std::string NumbersKey(const std::string& clean_text) {
  const std::string normalized = NormalizeForDigest(clean_text);
  std::string runs;
  bool in_run = false;
  for (char ch : normalized) {
    if (ch >= '0' && ch <= '9') {
      if (!in_run && !runs.empty()) runs.push_back(',');
      runs.push_back(ch);
      in_run = true;
    } else {
      in_run = false;
    }
  }
  return runs.empty() ? std::string() : PayloadDigest(runs);
}

// The digest, hosts and SimHash of `doc` (an outline is enough).
DocSummary SummarizeHosts(const std::string& digest, const json& doc) {
  DocSummary d;
  d.digest = digest;
  for (const json& c : MemberOf(doc, "captures")) {
    const std::string host_class = StringMemberOf(c, "host_class");
    if (host_class != "mirror") d.all_mirror = false;
    if (host_class == "gov" || host_class == "allowed") d.authoritative = true;
  }
  const std::string simhash = StringMemberOf(MemberOf(doc, "clean"), "simhash");
  // A malformed hash reads as 0 (std::from_chars does not throw).
  if (std::from_chars(simhash.data(), simhash.data() + simhash.size(), d.simhash, 16).ec != std::errc()) d.simhash = 0;
  return d;
}

// Everything the rule reads of `doc` (the whole document).
DocSummary Summarize(const std::string& digest, const json& doc) {
  DocSummary d = SummarizeHosts(digest, doc);
  const json& clean = MemberOf(doc, "clean");
  d.numbers_key = NumbersKey(StringMemberOf(clean, "clean_text"));
  d.inferred_name = StringMemberOf(MemberOf(clean, "identity"), "name");
  d.name = StringMemberOf(clean, "title");
  const json& report = MemberOf(doc, "report");
  if (report.is_object()) {
    d.has_report = true;
    const json& identity = MemberOf(report, "identity");
    const json& year = MemberOf(identity, "report_year");
    d.year = year.is_number_integer() ? year.get<int>() : 0;
    d.cells_key = CellsKey(MemberOf(MemberOf(report, "tables"), "cells"), &d.cells);
    const std::string agency = StringMemberOf(identity, "agency_name");
    if (!agency.empty()) d.name = agency;
  }
  return d;
}

// The rule's tests besides the SimHash distance (see the header).
bool SameContent(const DocSummary& mirror, const DocSummary& original) {
  if ((mirror.cells > 0) != (original.cells > 0)) return false;
  if (mirror.cells > 0) {
    return mirror.year != 0 && mirror.year == original.year && mirror.cells_key == original.cells_key;
  }
  if (mirror.has_report != original.has_report) return false;
  if (mirror.has_report && mirror.year != original.year) return false;
  return !mirror.numbers_key.empty() && mirror.numbers_key == original.numbers_key;
}

// Fixes what an interrupted or re-cleaning run left stale on `doc`: a
// "merged_into" on a document listing captures, "merged_mirrors" entries none
// of whose payloads the document lists, captures of merged payloads without
// their "merged_from" note. True when `doc` changed.
bool RepairMergeAnnotations(json* doc) {
  bool changed = false;
  if (doc->contains("merged_into") && HasCaptures(*doc)) {
    doc->erase("merged_into");
    doc->erase("simhash_distance");
    changed = true;
  }
  if (!doc->contains("merged_mirrors")) return changed;
  json& captures = (*doc)["captures"];
  std::set<std::string> listed;
  if (captures.is_array()) {
    for (const json& c : captures) listed.insert(StringMemberOf(c, "payload_digest"));
  }
  json kept = json::array();
  std::map<std::string, const json*> entry_of_payload;
  for (const json& entry : (*doc)["merged_mirrors"]) {
    bool present = false;
    for (const json& p : MemberOf(entry, "payload_digests")) present = present || (p.is_string() && listed.count(p));
    if (present) kept.push_back(entry);
  }
  if (kept.size() != (*doc)["merged_mirrors"].size()) changed = true;
  if (kept.empty()) {
    doc->erase("merged_mirrors");
    return true;
  }
  (*doc)["merged_mirrors"] = std::move(kept);
  for (const json& entry : (*doc)["merged_mirrors"]) {
    for (const json& p : MemberOf(entry, "payload_digests")) {
      if (p.is_string()) entry_of_payload[p.get<std::string>()] = &entry;
    }
  }
  for (json& c : captures) {
    const auto it = entry_of_payload.find(StringMemberOf(c, "payload_digest"));
    if (it == entry_of_payload.end() || c.contains("merged_from")) continue;
    c["merged_from"] = {{"document_digest", StringMemberOf(*it->second, "document_digest")},
                        {"simhash_distance", MemberOf(*it->second, "simhash_distance")},
                        {"reason", kMergeReason}};
    changed = true;
  }
  return changed;
}

// Moves mirror document `m` into `a`, one atomic batch (see the header).
Status Merge(Archive& archive, const std::string& m, const std::string& a, int distance, int64_t* moved) {
  json mirror, original;
  Status s = ReadDocument(archive, m, &mirror);
  if (s.ok()) s = ReadDocument(archive, a, &original);
  if (!s.ok()) return s;
  const json merged_from = {{"document_digest", m}, {"simhash_distance", distance}, {"reason", kMergeReason}};
  json& list = original["captures"];
  if (!list.is_array()) list = json::array();
  std::set<std::string> payloads;
  for (json c : MemberOf(mirror, "captures")) {
    payloads.insert(StringMemberOf(c, "payload_digest"));
    c["merged_from"] = merged_from;
    if (ListsCapture(list, c)) continue;
    list.push_back(std::move(c));
    ++*moved;
  }
  // The mirror copy's own record of what it is: title, inferred identity with
  // its evidence, flags. An earlier merge of the same document (before
  // `extract --all` revived it) contributes its payloads.
  json entry = {{"document_digest", m},
                {"simhash_distance", distance},
                {"payload_digests", json::array()},
                {"title", StringMemberOf(MemberOf(mirror, "clean"), "title")},
                {"report_year", MemberOf(MemberOf(MemberOf(mirror, "report"), "identity"), "report_year")},
                {"identity", MemberOf(MemberOf(mirror, "clean"), "identity")},
                {"flags", MemberOf(MemberOf(mirror, "clean"), "flags")}};
  json entries = json::array();
  for (const json& e : MemberOf(original, "merged_mirrors")) {
    if (StringMemberOf(e, "document_digest") != m) {
      entries.push_back(e);
      continue;
    }
    for (const json& p : MemberOf(e, "payload_digests")) {
      if (p.is_string()) payloads.insert(p.get<std::string>());
    }
  }
  for (const std::string& p : payloads) {
    if (!p.empty()) entry["payload_digests"].push_back(p);
  }
  entries.push_back(std::move(entry));
  std::sort(entries.begin(), entries.end(), [](const json& x, const json& y) {
    return StringMemberOf(x, "document_digest") < StringMemberOf(y, "document_digest");
  });
  original["merged_mirrors"] = std::move(entries);

  ArchiveBatch batch;
  batch.PutDoc(a, original.dump());
  batch.PutDoc(m, json{{"schema", kDocumentSchema},
                       {"document_digest", m},
                       {"merged_into", a},
                       {"simhash_distance", distance},
                       {"captures", json::array()}}
                      .dump());
  for (const std::string& p : payloads) {
    if (p.empty()) continue;
    batch.PutDoc(CleaningMarkerKey(p), CleaningMarker::Cleaned(a, m).ToJson());
  }
  return archive.Write(std::move(batch));
}

}  // namespace

bool IsMergedPointer(const json& doc) { return doc.is_object() && doc.contains("merged_into") && !HasCaptures(doc); }

Status GetResolvedDocument(const Archive& archive, const std::string& digest, std::string* resolved,
                           std::string* doc_text, std::string* merged_from) {
  std::string current = digest;
  merged_from->clear();
  for (int hop = 0;; ++hop) {
    Status s = archive.GetDoc(current, doc_text);
    if (!s.ok()) return s;
    const json doc = json::parse(*doc_text, nullptr, /*allow_exceptions=*/false);
    if (!IsMergedPointer(doc)) break;
    if (hop == kMaxHops) return Status::Corruption("document " + digest + ": merge pointers loop");
    if (StringMemberOf(doc, "merged_into").empty()) {
      return Status::Corruption("document " + current + ": \"merged_into\" is not a document digest");
    }
    if (merged_from->empty()) *merged_from = current;
    current = StringMemberOf(doc, "merged_into");
  }
  *resolved = current;
  return Status::Ok();
}

Status MergeMirrorCopies(Archive& archive, int threads, MirrorMergeCounts* out) {
  MarkedDocuments marked;
  Status s = ListMarkedDocuments(archive, [](const CaptureRecord& c) { return c.outcome == "ok"; }, &marked);
  if (!s.ok()) return s;
  return MergeMirrorCopies(archive, marked, threads, out);
}

Status MergeMirrorCopies(Archive& archive, const MarkedDocuments& marked, int threads, MirrorMergeCounts* out) {
  MirrorMergeCounts counts;

  // One pass over the documents' captures and SimHashes: repairs, and where
  // the captures are. Whole documents are read only for repairs and for the
  // mirror copies and their near originals.
  std::vector<DocSummary> mirrors, originals;  // only digest, simhash and hosts filled in
  ArchiveBatch repairs;
  size_t in_batch = 0;
  auto take = [&](const std::string& digest, json& doc) {
    if (doc.contains("merged_into") || doc.contains("merged_mirrors")) {
      Status read = ReadDocument(archive, digest, &doc);
      if (!read.ok()) return read;
      if (RepairMergeAnnotations(&doc)) {
        repairs.PutDoc(digest, doc.dump());
        ++counts.documents_repaired;
        if (++in_batch >= kDocsPerBatch) {
          Status written = archive.Write(std::move(repairs));
          if (!written.ok()) return written;
          repairs = ArchiveBatch();
          in_batch = 0;
        }
      }
    }
    if (!HasCaptures(doc) || MemberOf(doc, "clean").empty()) return Status::Ok();
    DocSummary d = SummarizeHosts(digest, doc);
    if (d.all_mirror) {
      mirrors.push_back(std::move(d));
    } else if (d.authoritative) {
      originals.push_back(std::move(d));
    }
    return Status::Ok();
  };
  Status s = ForEachMarkedDocument(archive, marked, {"captures", "clean.simhash", "merged_into", "merged_mirrors"},
                                   threads, take);
  if (!s.ok()) return s;
  if (in_batch > 0) {
    s = archive.Write(std::move(repairs));
    if (!s.ok()) return s;
  }
  counts.mirror_documents = static_cast<int64_t>(mirrors.size());
  if (mirrors.empty()) {
    *out = counts;
    return Status::Ok();
  }

  // Whole summaries, read once per document that a comparison needs.
  std::map<std::string, DocSummary> summaries;
  auto summary_of = [&](const std::string& digest, const DocSummary** summary) {
    auto it = summaries.find(digest);
    if (it == summaries.end()) {
      json doc;
      Status read = ReadDocument(archive, digest, &doc);
      if (!read.ok()) return read;
      it = summaries.emplace(digest, Summarize(digest, doc)).first;
    }
    *summary = &it->second;
    return Status::Ok();
  };

  // Within distance 3 of 64 bits, two hashes agree on at least one of four
  // 16-bit blocks: only originals sharing a block are compared.
  std::array<std::unordered_map<uint16_t, std::vector<size_t>>, 4> buckets;
  for (size_t i = 0; i < originals.size(); ++i) {
    for (int block = 0; block < 4; ++block) {
      buckets[block][static_cast<uint16_t>(originals[i].simhash >> (16 * block))].push_back(i);
    }
  }
  for (const DocSummary& mirror_hosts : mirrors) {
    std::set<size_t> near;
    for (int block = 0; block < 4; ++block) {
      const auto it = buckets[block].find(static_cast<uint16_t>(mirror_hosts.simhash >> (16 * block)));
      if (it == buckets[block].end()) continue;
      for (size_t i : it->second) {
        if (IsNearDuplicate(mirror_hosts.simhash, originals[i].simhash)) near.insert(i);
      }
    }
    if (near.empty()) continue;
    const DocSummary* m = nullptr;
    s = summary_of(mirror_hosts.digest, &m);
    if (!s.ok()) return s;
    // Best: the name agrees, then the smallest distance.
    const DocSummary* best = nullptr;
    std::tuple<bool, int> best_score{false, 0};
    bool tie = false;
    for (size_t i : near) {
      const DocSummary* a = nullptr;
      s = summary_of(originals[i].digest, &a);
      if (!s.ok()) return s;
      if (!SameContent(*m, *a)) continue;
      const bool agrees = !m->inferred_name.empty() && a->name.find(m->inferred_name) != std::string::npos;
      const std::tuple<bool, int> score{agrees, -HammingDistance(m->simhash, a->simhash)};
      if (best == nullptr || score > best_score) {
        best = a;
        best_score = score;
        tie = false;
      } else if (score == best_score) {
        tie = true;
      }
    }
    if (best == nullptr) continue;
    if (tie) {
      ++counts.ambiguous;
      continue;
    }
    s = Merge(archive, m->digest, best->digest, HammingDistance(m->simhash, best->simhash), &counts.captures_moved);
    if (!s.ok()) return s;
    ++counts.merged;
  }
  *out = counts;
  return Status::Ok();
}

}  // namespace govharvest
