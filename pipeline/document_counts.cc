#include "pipeline/document_counts.h"

#include <charconv>
#include <map>
#include <nlohmann/json.hpp>
#include <numeric>
#include <string>
#include <unordered_map>
#include <vector>

#include "extract/clean.h"
#include "pipeline/page_captures.h"

namespace govharvest {

namespace {

using nlohmann::json;

// Union-find over document indexes.
class DisjointSets {
 public:
  explicit DisjointSets(size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), size_t{0}); }
  size_t Find(size_t i) {
    while (parent_[i] != i) {
      parent_[i] = parent_[parent_[i]];
      i = parent_[i];
    }
    return i;
  }
  void Join(size_t a, size_t b) { parent_[Find(a)] = Find(b); }

 private:
  std::vector<size_t> parent_;
};

}  // namespace

Status CountDocuments(const Archive& archive, int threads, DocumentCounts* out) {
  MarkedDocuments marked;
  Status s = ListMarkedDocuments(archive, IsPageCapture, &marked);
  if (!s.ok()) return s;
  return CountDocuments(archive, marked, threads, out);
}

Status CountDocuments(const Archive& archive, const MarkedDocuments& marked, int threads, DocumentCounts* out) {
  DocumentCounts counts;
  counts.payloads_cleaned = marked.payloads_marked;
  counts.payloads_failed = marked.payloads_failed;
  std::vector<uint64_t> simhashes;
  auto count = [&](const std::string&, json& doc) {
    const json& captures = MemberOf(doc, "captures");
    if (captures.empty()) return Status::Ok();
    ++counts.documents;
    const int64_t n = static_cast<int64_t>(captures.size());
    counts.captures += n;
    if (n > 1) ++counts.duplicate_groups;
    const std::string simhash = StringMemberOf(MemberOf(doc, "clean"), "simhash");
    uint64_t value = 0;  // a missing or malformed hash reads as 0
    std::from_chars(simhash.data(), simhash.data() + simhash.size(), value, 16);
    simhashes.push_back(value);
    return Status::Ok();
  };
  Status s = ForEachMarkedDocument(archive, marked, {"captures", "clean.simhash"}, threads, count);
  if (!s.ok()) return s;
  // Near duplicates: within distance 3 of 64 bits, two hashes agree on at
  // least one of four 16-bit blocks, so only hashes sharing a block are compared.
  DisjointSets groups(simhashes.size());
  for (int block = 0; block < 4; ++block) {
    std::unordered_map<uint16_t, std::vector<size_t>> buckets;
    for (size_t i = 0; i < simhashes.size(); ++i) {
      buckets[static_cast<uint16_t>(simhashes[i] >> (16 * block))].push_back(i);
    }
    for (const auto& [key, members] : buckets) {
      for (size_t a = 0; a < members.size(); ++a) {
        for (size_t b = a + 1; b < members.size(); ++b) {
          if (IsNearDuplicate(simhashes[members[a]], simhashes[members[b]])) groups.Join(members[a], members[b]);
        }
      }
    }
  }
  std::map<size_t, int64_t> group_sizes;
  for (size_t i = 0; i < simhashes.size(); ++i) ++group_sizes[groups.Find(i)];
  for (const auto& [root, size] : group_sizes) {
    if (size < 2) continue;
    ++counts.near_duplicate_groups;
    counts.documents_in_near_duplicate_groups += size;
  }
  *out = counts;
  return Status::Ok();
}

}  // namespace govharvest
