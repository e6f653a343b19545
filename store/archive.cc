#include "store/archive.h"

#include <leveldb/cache.h>
#include <leveldb/db.h>
#include <leveldb/filter_policy.h>
#include <leveldb/write_batch.h>
#include <unistd.h>

#include <filesystem>
#include <mutex>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "store/archive_internal.h"
#include "store/keys.h"
#include "store/lock_holder.h"

namespace govharvest {

namespace fs = std::filesystem;

namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

std::string_view View(const leveldb::Slice& s) { return {s.data(), s.size()}; }
leveldb::Slice Slice(std::string_view s) { return {s.data(), s.size()}; }

bool IsErrorOutcome(std::string_view outcome) { return StartsWith(outcome, "error:"); }

}  // namespace

namespace internal {

Status LockedArchive(const std::string& dir, const std::string& detail) {
  std::string holder = DescribeLockHolder(dir + "/LOCK");
  if (holder.empty() && detail.find("already held by process") != std::string::npos) {
    holder = "this process, pid " + std::to_string(::getpid());
  }
  return Status::Busy("archive '" + dir + "' is in use by another govharvest process (" +
                      (holder.empty() ? std::string("its LOCK is held") : holder) +
                      "); wait for that run to finish or use another --archive");
}

Status FromLevelDb(const leveldb::Status& s, const std::string& dir) {
  if (s.ok()) return Status::Ok();
  std::string detail = s.ToString();
  if (s.IsIOError() && detail.find("/LOCK") != std::string::npos) {
    // LevelDB says "lock DIR/LOCK: <strerror>" when fcntl refused the lock,
    // "already held by process" when this process holds it; anything else
    // (no permission to create LOCK) is an I/O error, not a busy archive.
    if (detail.find("already held") != std::string::npos ||
        detail.find("temporarily unavailable") != std::string::npos ||
        !DescribeLockHolder(dir + "/LOCK").empty()) {
      return LockedArchive(dir, detail);
    }
    return Status::IoError("archive '" + dir + "': " + detail);
  }
  if (s.IsCorruption()) {
    return Status::Corruption("archive '" + dir + "' is corrupt (" + detail +
                              "); run `govharvest archive repair` then `archive verify`");
  }
  if (s.IsNotFound()) return Status::NotFound("archive '" + dir + "': " + detail);
  for (const char* ext : {".ldb:", ".sst:", ".log:", "MANIFEST-"}) {
    // A table cut short reads past its end ("Invalid argument"): damage, or a failing disk.
    if (detail.find(ext) != std::string::npos) {
      return Status::IoError("archive '" + dir + "' cannot be read (" + detail +
                             "); if the disk is sound the file is damaged: run `govharvest archive repair` "
                             "then `archive verify`");
    }
  }
  return Status::IoError("archive '" + dir + "': " + detail);
}

}  // namespace internal

using internal::FromLevelDb;
using internal::PrintableKey;

// ---------------------------------------------------------------------------
// ArchiveBatch

void ArchiveBatch::AddCapture(CaptureRecord record, std::string payload) {
  const bool has_payload = !payload.empty() || record.outcome == "ok";
  if (has_payload) {
    record.payload_digest = PayloadDigest(payload);
    record.size = static_cast<int64_t>(payload.size());
  }
  captures_.push_back({std::move(record), std::move(payload), has_payload});
}

void ArchiveBatch::SetUrlState(UrlState state) { url_states_.push_back(std::move(state)); }

void ArchiveBatch::PutFrontier(std::string key, std::string value) {
  frontier_puts_.emplace_back(std::move(key), std::move(value));
}

void ArchiveBatch::DeleteFrontier(std::string key) { frontier_deletes_.push_back(std::move(key)); }

void ArchiveBatch::PutDoc(std::string digest, std::string json) {
  docs_.emplace_back(std::move(digest), std::move(json));
}

void ArchiveBatch::PutJob(JobRecord job) { jobs_.push_back(std::move(job)); }

bool ArchiveBatch::empty() const {
  return captures_.empty() && url_states_.empty() && frontier_puts_.empty() &&
         frontier_deletes_.empty() && docs_.empty() && jobs_.empty();
}

// ---------------------------------------------------------------------------
// Archive

struct Archive::Impl {
  ArchiveOptions options;
  std::unique_ptr<const leveldb::FilterPolicy> filter;
  std::unique_ptr<leveldb::Cache> cache;
  std::unique_ptr<leveldb::DB> db;
  // Serializes writers so that "does this blob exist?" and the write that
  // depends on the answer see the same database.
  std::mutex write_mu;

  // True when some capture already references `digest` (so its blob exists).
  // Looks at the small reference entries instead of reading the blob.
  bool HasReference(std::string_view digest) const {
    std::unique_ptr<leveldb::Iterator> it(db->NewIterator(leveldb::ReadOptions()));
    std::string prefix = keys::RefDigestPrefix(digest);
    it->Seek(prefix);
    return it->Valid() && StartsWith(View(it->key()), prefix);
  }

  Status WriteLocked(ArchiveBatch& batch, const std::string& dir);
};

Archive::Archive(std::string dir, std::unique_ptr<Impl> impl)
    : dir_(std::move(dir)), impl_(std::move(impl)) {}

Archive::~Archive() = default;

Status Archive::Open(const std::string& dir, const ArchiveOptions& options,
                     std::unique_ptr<Archive>* out) {
  std::error_code ec;
  const bool exists = fs::exists(dir, ec);
  if (exists && !fs::is_directory(dir, ec)) {
    return Status::InvalidArgument("archive '" + dir + "' is not a directory");
  }
  const bool has_current = exists && fs::exists(fs::path(dir) / "CURRENT", ec);
  if (!has_current && exists) {
    // A lost CURRENT leaves tables and logs behind: that is a damaged archive
    // (repair rebuilds CURRENT from them), not a missing or foreign one.
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      const std::string name = entry.path().filename().string();
      if (internal::IsLevelDbFileName(name)) {
        return Status::Corruption("archive '" + dir + "' has LevelDB files (" + name +
                                  ") but no CURRENT file; run `govharvest archive repair` then "
                                  "`archive verify`");
      }
    }
  }
  if (!has_current) {
    if (!options.create_if_missing || options.read_only) {
      return Status::NotFound("archive '" + dir +
                              "' does not exist; create it with `govharvest archive import` "
                              "or a crawl, or pass --archive DIR");
    }
    if (exists && !fs::is_empty(dir, ec)) {
      return Status::InvalidArgument("'" + dir +
                                     "' is not a govharvest archive (no LevelDB CURRENT file) "
                                     "and is not empty; refusing to write into it");
    }
    fs::create_directories(dir, ec);
    if (ec) return Status::IoError("cannot create archive '" + dir + "': " + ec.message());
  }

  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->filter.reset(leveldb::NewBloomFilterPolicy(10));
  impl->cache.reset(leveldb::NewLRUCache(options.block_cache_bytes));
  leveldb::Options lo;
  lo.create_if_missing = options.create_if_missing && !options.read_only;
  lo.paranoid_checks = true;
  lo.filter_policy = impl->filter.get();
  lo.block_cache = impl->cache.get();
  lo.write_buffer_size = 64 << 20;
  lo.max_file_size = 128 << 20;
  leveldb::DB* raw = nullptr;
  leveldb::Status ls = leveldb::DB::Open(lo, dir, &raw);
  if (!ls.ok()) return FromLevelDb(ls, dir);
  impl->db.reset(raw);

  std::string version;
  ls = impl->db->Get(leveldb::ReadOptions(), Slice(keys::kSchemaVersion), &version);
  if (ls.IsNotFound()) {
    std::unique_ptr<leveldb::Iterator> it(impl->db->NewIterator(leveldb::ReadOptions()));
    it->SeekToFirst();
    if (it->Valid()) {
      return Status::Corruption("archive '" + dir +
                                "' has data but no schema version; it was not written by govharvest");
    }
    if (options.read_only) {
      return Status::NotFound("archive '" + dir + "' is empty");
    }
    leveldb::WriteOptions wo;
    wo.sync = true;
    ls = impl->db->Put(wo, Slice(keys::kSchemaVersion), std::to_string(kArchiveSchemaVersion));
    if (!ls.ok()) return FromLevelDb(ls, dir);
  } else if (!ls.ok()) {
    return FromLevelDb(ls, dir);
  } else if (version != std::to_string(kArchiveSchemaVersion)) {
    return Status::Unsupported("archive '" + dir + "' has schema version '" + version +
                               "'; this govharvest reads version " +
                               std::to_string(kArchiveSchemaVersion));
  }
  out->reset(new Archive(dir, std::move(impl)));
  return Status::Ok();
}

Status Archive::Impl::WriteLocked(ArchiveBatch& batch, const std::string& dir) {
  if (options.read_only) return Status::InvalidArgument("archive '" + dir + "' is open read-only");
  leveldb::WriteBatch wb;
  std::unordered_set<std::string> blobs_in_batch;
  std::unordered_map<std::string, UrlState> states;  // by URL, as this batch leaves them
  std::set<std::string> changed_states;
  for (auto& c : batch.captures_) {
    const CaptureRecord& r = c.record;
    if (r.requested_url.empty()) return Status::InvalidArgument("capture has an empty requested_url");
    if (r.requested_url.find('\0') != std::string::npos) {
      return Status::InvalidArgument("capture URL contains a NUL byte: " + r.requested_url);
    }
    if (r.fetched_at < 0) {
      return Status::InvalidArgument("capture of " + r.requested_url + " has a negative fetch time");
    }
    if (!IsValidOutcome(r.outcome)) {
      return Status::InvalidArgument("capture of " + r.requested_url + " has unknown outcome '" +
                                     r.outcome + "'");
    }
    if (!r.payload_digest.empty()) {
      if (!IsPayloadDigest(r.payload_digest)) {
        return Status::InvalidArgument("capture of " + r.requested_url + " has a malformed digest '" +
                                       r.payload_digest + "'");
      }
      const bool known = blobs_in_batch.count(r.payload_digest) > 0 || HasReference(r.payload_digest);
      if (!known) {
        if (!c.has_payload) {
          // A capture that points at earlier content (e.g. a 304) must find it.
          std::string ignored;
          leveldb::Status s = db->Get(leveldb::ReadOptions(), keys::Blob(r.payload_digest), &ignored);
          if (!s.ok()) {
            return Status::InvalidArgument("capture of " + r.requested_url +
                                           " refers to payload " + r.payload_digest +
                                           " which is not in the archive");
          }
        } else {
          wb.Put(keys::Blob(r.payload_digest), c.payload);
        }
        blobs_in_batch.insert(r.payload_digest);
      }
      wb.Put(keys::Ref(r.payload_digest, r.requested_url, r.fetched_at), leveldb::Slice());
    }
    wb.Put(keys::Capture(r.requested_url, r.fetched_at), r.ToJson());

    // The URL state moves forward only: an older capture (a late import)
    // leaves the state of a newer one alone.
    auto [it, inserted] = states.try_emplace(r.requested_url);
    UrlState& state = it->second;
    bool known = !inserted;
    if (inserted) {
      std::string value;
      leveldb::Status gs = db->Get(leveldb::ReadOptions(), keys::Url(r.requested_url), &value);
      if (gs.ok()) {
        GOVHARVEST_RETURN_IF_ERROR(UrlState::FromJson(value, &state));
        known = true;
      } else if (!gs.IsNotFound()) {
        return FromLevelDb(gs, dir);
      }
    }
    if (!known || r.fetched_at >= state.last_capture_at) {
      state.url = r.requested_url;
      state.last_capture_at = r.fetched_at;
      state.last_outcome = r.outcome;
      if (r.outcome == "ok") {
        state.payload_digest = r.payload_digest;
        state.etag = FindHeader(r.response_headers, "ETag");
        state.last_modified = FindHeader(r.response_headers, "Last-Modified");
      }
      state.consecutive_failures = IsErrorOutcome(r.outcome) ? state.consecutive_failures + 1 : 0;
      changed_states.insert(r.requested_url);
    }
  }
  for (const auto& url : changed_states) wb.Put(keys::Url(url), states[url].ToJson());
  for (const auto& u : batch.url_states_) {
    if (u.url.empty()) return Status::InvalidArgument("url state has an empty url");
    wb.Put(keys::Url(u.url), u.ToJson());
  }
  for (const auto& [k, v] : batch.frontier_puts_) wb.Put(keys::Frontier(k), v);
  for (const auto& k : batch.frontier_deletes_) wb.Delete(keys::Frontier(k));
  for (const auto& [d, j] : batch.docs_) wb.Put(keys::Doc(d), j);
  for (const auto& job : batch.jobs_) {
    if (job.id.empty()) return Status::InvalidArgument("job record has an empty id");
    wb.Put(keys::Job(job.id), job.ToJson());
  }
  leveldb::WriteOptions wo;
  wo.sync = options.sync_writes;
  return FromLevelDb(db->Write(wo, &wb), dir);
}

Status Archive::Write(ArchiveBatch batch) {
  std::lock_guard<std::mutex> lock(impl_->write_mu);
  return impl_->WriteLocked(batch, dir_);
}

Status Archive::PutCapture(CaptureRecord record, std::string payload) {
  ArchiveBatch batch;
  batch.AddCapture(std::move(record), std::move(payload));
  return Write(std::move(batch));
}

Status Archive::GetBlob(std::string_view digest, std::string* bytes) const {
  if (!IsPayloadDigest(digest)) {
    return Status::InvalidArgument("'" + std::string(digest) + "' is not a sha256:<64 hex> digest");
  }
  leveldb::ReadOptions ro;
  ro.verify_checksums = true;
  leveldb::Status s = impl_->db->Get(ro, keys::Blob(digest), bytes);
  if (s.IsNotFound()) return Status::NotFound("no blob " + std::string(digest) + " in archive");
  if (!s.ok()) {
    // A block failing its checksum, or a table LevelDB cannot read (cut
    // short, unreadable sector): this blob is lost to readers either way.
    bytes->clear();
    return Status::Corruption("blob " + std::string(digest) + " is damaged: " + s.ToString() +
                              " in archive '" + dir_ + "'; run `govharvest archive verify`");
  }
  // The key is the content's hash: checking it costs one SHA-256 per read
  // (docs/storage.md) and means damaged bytes are never handed out.
  const std::string actual = PayloadDigest(*bytes);
  if (actual != digest) {
    bytes->clear();
    return Status::Corruption("blob " + std::string(digest) + " is damaged: content hashes to " + actual +
                              " in archive '" + dir_ + "'; run `govharvest archive verify`");
  }
  return Status::Ok();
}

bool Archive::HasBlob(std::string_view digest) const {
  if (!IsPayloadDigest(digest)) return false;
  if (impl_->HasReference(digest)) return true;
  std::string ignored;
  return impl_->db->Get(leveldb::ReadOptions(), keys::Blob(digest), &ignored).ok();
}

Status Archive::GetCaptures(std::string_view url, std::vector<CaptureRecord>* out) const {
  out->clear();
  const std::string prefix = keys::CaptureUrlPrefix(url);
  std::unique_ptr<leveldb::Iterator> it(impl_->db->NewIterator(leveldb::ReadOptions()));
  for (it->Seek(prefix); it->Valid() && StartsWith(View(it->key()), prefix); it->Next()) {
    CaptureRecord r;
    Status s = CaptureRecord::FromJson(View(it->value()), &r);
    if (!s.ok()) return Status::Corruption("capture of " + std::string(url) + ": " + s.message());
    out->push_back(std::move(r));
  }
  GOVHARVEST_RETURN_IF_ERROR(FromLevelDb(it->status(), dir_));
  if (out->empty()) return Status::NotFound("no capture of " + std::string(url) + " in archive");
  return Status::Ok();
}

Status Archive::GetLatestCapture(std::string_view url, CaptureRecord* out) const {
  const std::string prefix = keys::CaptureUrlPrefix(url);
  std::unique_ptr<leveldb::Iterator> it(impl_->db->NewIterator(leveldb::ReadOptions()));
  // Time suffixes are hex digits, all below 'g': seek past them, step back.
  it->Seek(prefix + "g");
  if (it->Valid()) {
    it->Prev();
  } else {
    it->SeekToLast();
  }
  if (!it->Valid() || !StartsWith(View(it->key()), prefix)) {
    GOVHARVEST_RETURN_IF_ERROR(FromLevelDb(it->status(), dir_));
    return Status::NotFound("no capture of " + std::string(url) + " in archive");
  }
  Status s = CaptureRecord::FromJson(View(it->value()), out);
  if (!s.ok()) return Status::Corruption("capture of " + std::string(url) + ": " + s.message());
  return Status::Ok();
}

Status Archive::GetCapturesByDigest(std::string_view digest, std::vector<CaptureRecord>* out) const {
  out->clear();
  if (!IsPayloadDigest(digest)) {
    return Status::InvalidArgument("'" + std::string(digest) + "' is not a sha256:<64 hex> digest");
  }
  const std::string prefix = keys::RefDigestPrefix(digest);
  std::unique_ptr<leveldb::Iterator> it(impl_->db->NewIterator(leveldb::ReadOptions()));
  for (it->Seek(prefix); it->Valid() && StartsWith(View(it->key()), prefix); it->Next()) {
    std::string_view url;
    int64_t t;
    if (!keys::SplitUrlTime(View(it->key()).substr(prefix.size()), &url, &t)) {
      return Status::Corruption("malformed reference key under " + std::string(digest));
    }
    std::string value;
    leveldb::Status s = impl_->db->Get(leveldb::ReadOptions(), keys::Capture(url, t), &value);
    if (!s.ok()) return FromLevelDb(s, dir_);
    CaptureRecord r;
    GOVHARVEST_RETURN_IF_ERROR(CaptureRecord::FromJson(value, &r));
    out->push_back(std::move(r));
  }
  GOVHARVEST_RETURN_IF_ERROR(FromLevelDb(it->status(), dir_));
  if (out->empty()) return Status::NotFound("no capture has payload " + std::string(digest));
  return Status::Ok();
}

Status Archive::ForEachCapture(const std::function<bool(const CaptureRecord&)>& fn) const {
  leveldb::ReadOptions ro;
  ro.fill_cache = false;
  std::unique_ptr<leveldb::Iterator> it(impl_->db->NewIterator(ro));
  for (it->Seek(Slice(keys::kCapturePrefix));
       it->Valid() && StartsWith(View(it->key()), keys::kCapturePrefix); it->Next()) {
    CaptureRecord r;
    GOVHARVEST_RETURN_IF_ERROR(CaptureRecord::FromJson(View(it->value()), &r));
    if (!fn(r)) break;
  }
  return FromLevelDb(it->status(), dir_);
}

Status Archive::GetUrlState(std::string_view url, UrlState* out) const {
  std::string value;
  leveldb::Status s = impl_->db->Get(leveldb::ReadOptions(), keys::Url(url), &value);
  if (s.IsNotFound()) return Status::NotFound("no state for " + std::string(url));
  GOVHARVEST_RETURN_IF_ERROR(FromLevelDb(s, dir_));
  return UrlState::FromJson(value, out);
}

Status Archive::ScanFrontier(
    std::string_view prefix, std::string_view start,
    const std::function<bool(std::string_view key, std::string_view value)>& fn) const {
  const std::string full = keys::Frontier(prefix);
  std::unique_ptr<leveldb::Iterator> it(impl_->db->NewIterator(leveldb::ReadOptions()));
  for (it->Seek(start.empty() ? full : keys::Frontier(start)); it->Valid() && StartsWith(View(it->key()), full); it->Next()) {
    if (!fn(View(it->key()).substr(keys::kFrontierPrefix.size()), View(it->value()))) break;
  }
  return FromLevelDb(it->status(), dir_);
}

Status Archive::GetDoc(std::string_view digest, std::string* json) const {
  leveldb::Status s = impl_->db->Get(leveldb::ReadOptions(), keys::Doc(digest), json);
  if (s.IsNotFound()) return Status::NotFound("no document " + std::string(digest));
  return FromLevelDb(s, dir_);
}

Status Archive::GetJob(std::string_view id, JobRecord* out) const {
  std::string value;
  leveldb::Status s = impl_->db->Get(leveldb::ReadOptions(), keys::Job(id), &value);
  if (s.IsNotFound()) return Status::NotFound("no job " + std::string(id));
  GOVHARVEST_RETURN_IF_ERROR(FromLevelDb(s, dir_));
  return JobRecord::FromJson(value, out);
}

Status Archive::ListJobs(std::vector<JobRecord>* out) const {
  out->clear();
  std::unique_ptr<leveldb::Iterator> it(impl_->db->NewIterator(leveldb::ReadOptions()));
  for (it->Seek(Slice(keys::kJobPrefix)); it->Valid() && StartsWith(View(it->key()), keys::kJobPrefix);
       it->Next()) {
    JobRecord j;
    GOVHARVEST_RETURN_IF_ERROR(JobRecord::FromJson(View(it->value()), &j));
    out->push_back(std::move(j));
  }
  return FromLevelDb(it->status(), dir_);
}

Status Archive::Stats(ArchiveStats* out) const {
  *out = ArchiveStats();
  out->schema_version = kArchiveSchemaVersion;
  for (std::string_view name : {"blob", "capture", "ref", "url", "frontier", "doc", "job", "meta"}) {
    out->keyspaces[std::string(name)];
  }
  leveldb::ReadOptions ro;
  ro.fill_cache = false;
  std::unique_ptr<leveldb::Iterator> it(impl_->db->NewIterator(ro));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    std::string_view key = View(it->key());
    std::string_view name = keys::KeyspaceName(key);
    KeyspaceStats& ks = out->keyspaces[std::string(name)];
    ks.keys += 1;
    ks.bytes += static_cast<int64_t>(key.size() + it->value().size());
    if (name == "blob") {
      out->blob_bytes_stored += static_cast<int64_t>(it->value().size());
    } else if (name == "capture") {
      CaptureRecord r;
      Status s = CaptureRecord::FromJson(View(it->value()), &r);
      out->captures_by_outcome[s.ok() ? r.outcome : "unreadable"] += 1;
      if (s.ok() && !r.payload_digest.empty()) {
        out->captures_with_payload += 1;
        out->payload_bytes_referenced += r.size;
      }
    }
  }
  return FromLevelDb(it->status(), dir_);
}

Status Archive::Verify(VerifyReport* out) const {
  *out = VerifyReport();
  leveldb::ReadOptions ro;
  ro.fill_cache = false;
  ro.verify_checksums = true;
  std::unique_ptr<const leveldb::Snapshot, std::function<void(const leveldb::Snapshot*)>> snapshot(
      impl_->db->GetSnapshot(), [this](const leveldb::Snapshot* s) { impl_->db->ReleaseSnapshot(s); });
  ro.snapshot = snapshot.get();

  auto problem = [out](std::string line) { out->problems.push_back(std::move(line)); };
  // A point lookup: a key in a damaged block is "unreadable", not "missing";
  // either way the referring key is reported, and the range is named below.
  int64_t unreadable_lookups = 0;
  enum class Found { kYes, kMissing, kUnreadable };
  auto lookup = [&](const std::string& key) {
    std::string ignored;
    leveldb::Status s = impl_->db->Get(ro, key, &ignored);
    if (s.ok()) return Found::kYes;
    if (s.IsNotFound()) return Found::kMissing;
    unreadable_lookups += 1;
    return Found::kUnreadable;
  };
  auto gone = [](Found f) { return f == Found::kMissing ? "is missing" : "is unreadable"; };

  // Keys sort b/ < c/ < d/ < f/ < j/ < m/ < r/ < u/, so every blob is known
  // before the captures and references that point at it.
  std::unordered_map<std::string, int64_t> blob_sizes;  // hex digest -> size
  std::unordered_set<std::string> referenced;            // hex digests
  bool saw_version = false;

  // LevelDB's iterator skips a block or table it cannot read and goes on,
  // keeping the first error in status(): every readable key is checked, and
  // the gaps are located afterwards, table by table.
  std::unique_ptr<leveldb::Iterator> it(impl_->db->NewIterator(ro));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    std::string_view key = View(it->key());
    std::string_view value = View(it->value());
    std::string_view name = keys::KeyspaceName(key);
    std::string_view tail = key.substr(2);
    if (name == "blob") {
      out->blobs_checked += 1;
      std::string digest = PayloadDigest(value);
      if (keys::DigestHex(digest) != tail) {
        out->damaged_blobs += 1;
        problem("blob sha256:" + PrintableKey(tail) + " is damaged: content hashes to " + digest);
      }
      blob_sizes.emplace(std::string(tail), static_cast<int64_t>(value.size()));
    } else if (name == "capture") {
      out->captures_checked += 1;
      CaptureRecord r;
      std::string_view url;
      int64_t t;
      Status s = CaptureRecord::FromJson(value, &r);
      if (!keys::SplitUrlTime(tail, &url, &t)) {
        problem("capture key '" + PrintableKey(key) + "' is malformed");
        continue;
      }
      const std::string where = "capture " + std::string(url) + " @" + FormatTimestamp(t);
      if (!s.ok()) {
        problem(where + ": " + s.message());
        continue;
      }
      if (r.requested_url != url || r.fetched_at != t) problem(where + ": record does not match its key");
      if (!r.payload_digest.empty()) {
        std::string hex(keys::DigestHex(r.payload_digest));
        auto b = blob_sizes.find(hex);
        if (b == blob_sizes.end()) {
          out->captures_missing_blob += 1;
          problem(where + ": blob " + r.payload_digest + " is missing");
        } else if (b->second != r.size) {
          problem(where + ": size " + std::to_string(r.size) + " but blob has " + std::to_string(b->second));
        }
        const Found ref = lookup(keys::Ref(r.payload_digest, url, t));
        if (ref != Found::kYes) problem(where + ": reference entry " + gone(ref));
      }
    } else if (name == "ref") {
      out->references_checked += 1;
      size_t slash = tail.find('/');
      std::string_view url;
      int64_t t;
      if (slash == std::string_view::npos || !keys::SplitUrlTime(tail.substr(slash + 1), &url, &t)) {
        problem("reference key '" + PrintableKey(key) + "' is malformed");
        continue;
      }
      std::string hex(tail.substr(0, slash));
      referenced.insert(hex);
      bool dangling = false;
      if (!blob_sizes.count(hex)) {
        dangling = true;
        problem("reference to missing blob sha256:" + hex + " (from " + std::string(url) + " @" +
                FormatTimestamp(t) + ")");
      }
      const Found capture = lookup(keys::Capture(url, t));
      if (capture != Found::kYes) {
        dangling = true;
        problem("reference sha256:" + hex + " -> " + std::string(url) + " @" + FormatTimestamp(t) +
                ": capture " + gone(capture));
      }
      if (dangling) out->dangling_references += 1;
    } else if (name == "url") {
      out->url_states_checked += 1;
      UrlState u;
      Status s = UrlState::FromJson(value, &u);
      if (!s.ok()) {
        problem("url state " + PrintableKey(tail) + ": " + s.message());
      } else if (u.last_capture_at != 0) {
        const Found last = lookup(keys::Capture(tail, u.last_capture_at));
        if (last != Found::kYes) problem("url state " + PrintableKey(tail) + ": its last capture " + gone(last));
      }
    } else if (name == "job") {
      out->jobs_checked += 1;
      JobRecord j;
      Status s = JobRecord::FromJson(value, &j);
      if (!s.ok()) problem("job " + PrintableKey(tail) + ": " + s.message());
    } else if (name == "meta") {
      if (key == keys::kSchemaVersion) saw_version = true;
    } else if (name == "unknown") {
      problem("key '" + PrintableKey(key) + "' belongs to no keyspace");
    }
  }
  if (!saw_version) problem("schema version key is missing");
  for (const auto& [hex, size] : blob_sizes) {
    if (!referenced.count(hex)) out->orphan_blobs += 1;
  }
  const leveldb::Status iter_status = it->status();
  if (!iter_status.ok() || unreadable_lookups > 0) {
    int64_t tables = 0;
    internal::FindUnreadableRanges(impl_->db.get(), dir_, &out->unreadable_ranges, &tables);
    if (out->unreadable_ranges.empty()) {
      // Not in a table (e.g. an I/O error while reading): LevelDB's own words.
      out->unreadable_ranges.push_back("LevelDB reported: " +
                                       (iter_status.ok() ? std::string("a lookup failed") : iter_status.ToString()));
    }
    out->problems.insert(out->problems.begin(), out->unreadable_ranges.begin(), out->unreadable_ranges.end());
  }
  return Status::Ok();
}

}  // namespace govharvest
