// Archive: the LevelDB database that holds every capture. It is the source of
// truth; everything downstream of it can be recomputed from it.
//
// Invariants kept by every write:
//  - a capture with a payload digest has its blob and its reference entry,
//    written in the same atomic batch;
//  - a blob is stored once per digest, whatever the number of captures;
//  - the schema version key is present in every archive this code opened.
//
// Thread safety: an Archive may be used from several threads at once.
// Only one process may hold an archive open (LevelDB's LOCK file).
#ifndef GOVHARVEST_STORE_ARCHIVE_H_
#define GOVHARVEST_STORE_ARCHIVE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "store/records.h"
#include "store/status.h"

namespace govharvest {

inline constexpr int kArchiveSchemaVersion = 1;

struct ArchiveOptions {
  bool create_if_missing = false;
  bool read_only = false;  // refuse writes; still takes the lock
  bool sync_writes = false;  // fsync every batch (survives power loss, slower)
  size_t block_cache_bytes = 64 << 20;
};

// A set of writes applied all together or not at all.
class ArchiveBatch {
 public:
  // Stores `record` and, when it has a payload, `payload` as its blob. The
  // URL's state moves to this capture unless the archive holds a newer one.
  // A record carries a payload when its outcome is "ok" or `payload` is not
  // empty; its payload_digest and size are then set from `payload`.
  // Otherwise a payload_digest set by the caller (a 304 pointing at earlier
  // content) must name a blob already in the archive.
  void AddCapture(CaptureRecord record, std::string payload);
  // Overrides the state derived from captures (e.g. to set next_due_at).
  void SetUrlState(UrlState state);
  void PutFrontier(std::string key, std::string value);
  void DeleteFrontier(std::string key);
  void PutDoc(std::string digest, std::string json);
  void PutJob(JobRecord job);

  bool empty() const;

 private:
  friend class Archive;
  struct Capture {
    CaptureRecord record;
    std::string payload;
    bool has_payload;
  };
  std::vector<Capture> captures_;
  std::vector<UrlState> url_states_;
  std::vector<std::pair<std::string, std::string>> frontier_puts_;
  std::vector<std::string> frontier_deletes_;
  std::vector<std::pair<std::string, std::string>> docs_;
  std::vector<JobRecord> jobs_;
};

struct KeyspaceStats {
  int64_t keys = 0;
  int64_t bytes = 0;  // keys plus values
};

struct ArchiveStats {
  int schema_version = 0;
  std::map<std::string, KeyspaceStats> keyspaces;  // by keyspace name
  std::map<std::string, int64_t> captures_by_outcome;
  int64_t captures_with_payload = 0;
  int64_t payload_bytes_referenced = 0;  // sum of capture sizes
  int64_t blob_bytes_stored = 0;         // sum of distinct blob sizes
};

// What Verify found. Every problem is one line in `problems`, in key order
// (unreadable key ranges first); the counters below classify some of them.
struct VerifyReport {
  int64_t blobs_checked = 0;
  int64_t captures_checked = 0;
  int64_t references_checked = 0;
  int64_t url_states_checked = 0;
  int64_t jobs_checked = 0;
  int64_t orphan_blobs = 0;  // blobs no capture points at: wasted space, not damage
  int64_t damaged_blobs = 0;          // content does not hash to the blob's key
  int64_t captures_missing_blob = 0;  // captures whose payload blob is gone
  int64_t dangling_references = 0;    // reference entries whose capture or blob is gone
  // Key ranges LevelDB could not read (checksum mismatch, truncated or
  // unopenable table), one line each naming the table file; also in `problems`.
  // Keys in these ranges are neither checked nor counted above.
  std::vector<std::string> unreadable_ranges;
  std::vector<std::string> problems;  // one line per damaged key or unreadable range
  bool ok() const { return problems.empty(); }
};

// What Repair did and what the archive lost.
struct RepairReport {
  // Keys per keyspace ("blob", "capture", ...) before the repair, counted on
  // a copy (tables hard-linked; the damaged archive is never opened in place,
  // as opening replays and deletes logs). Empty when the copy would not open
  // (a missing table, a lost CURRENT); `before_error` then says why, or which
  // ranges were skipped when the counts are incomplete.
  std::map<std::string, int64_t> keys_before;
  std::string before_error;
  // Key ranges that could not be read before the repair (one line each,
  // naming the table file); their keys are lost.
  std::vector<std::string> unreadable_before;
  // LevelDB's own account of what its repair dropped ("Table #9: 23 entries
  // Corruption: block checksum mismatch", "Log #7: dropping 20514 bytes;
  // ..."), from its info log.
  std::vector<std::string> leveldb_notes;
  // Keys per keyspace after the repair.
  std::map<std::string, int64_t> keys_after;
  // True when the repaired database had govharvest data (keys in known
  // keyspaces only) but had lost the schema version key, and Repair wrote it.
  bool schema_version_restored = false;
  // Files LevelDB's repair moved into DIR/lost/ (old logs and manifests after
  // their contents were salvaged; tables it could not read whole, whose
  // readable entries were copied into a new table), as "lost/NAME". A lost/
  // left by an earlier repair is first renamed lost-N/ and kept.
  std::vector<std::string> set_aside;
  // Verify of the repaired archive: captures whose blob is gone, references
  // left dangling, blobs still damaged.
  VerifyReport verify;
};

class Archive {
 public:
  // Opens the archive in directory `dir`. Fails with a one-line message when
  // the directory is missing (and !create_if_missing), is not an archive,
  // is locked by another process, is corrupt, or has another schema version.
  static Status Open(const std::string& dir, const ArchiveOptions& options,
                     std::unique_ptr<Archive>* out);

  // Rebuilds a damaged archive's tables from what survives (LevelDB's
  // RepairDB, with checksums on, so that damaged blocks are dropped rather
  // than copied) and verifies the result into report->verify. Holds the
  // archive's LOCK while it rebuilds: fails with Busy, naming the holder's
  // pid and command, when another process has the archive open. Writes the
  // schema version back when the repair lost it and every key surviving is
  // in a govharvest keyspace. Ok means the repair ran, not that nothing was
  // lost: see report->verify.ok() and the before/after counts.
  static Status Repair(const std::string& dir, RepairReport* report);

  ~Archive();
  Archive(const Archive&) = delete;
  Archive& operator=(const Archive&) = delete;

  const std::string& dir() const { return dir_; }

  Status Write(ArchiveBatch batch);

  // A batch of one capture.
  Status PutCapture(CaptureRecord record, std::string payload);

  // Blob bytes by "sha256:<hex>" digest. The bytes are re-hashed on every
  // read: a blob whose content does not hash to `digest`, or whose LevelDB
  // block fails its checksum, is Corruption naming the digest, and *bytes is
  // left empty (damaged bytes are never handed out).
  Status GetBlob(std::string_view digest, std::string* bytes) const;
  bool HasBlob(std::string_view digest) const;

  // The newest capture of `url` (matched against the requested URL).
  Status GetLatestCapture(std::string_view url, CaptureRecord* out) const;
  // Every capture of `url`, oldest first.
  Status GetCaptures(std::string_view url, std::vector<CaptureRecord>* out) const;
  // Every capture whose payload has `digest`, oldest first per URL.
  Status GetCapturesByDigest(std::string_view digest, std::vector<CaptureRecord>* out) const;
  // Calls fn on every capture in key order (URL, then time) until it returns false.
  Status ForEachCapture(const std::function<bool(const CaptureRecord&)>& fn) const;

  Status GetUrlState(std::string_view url, UrlState* out) const;

  // Frontier entries with keys starting with `prefix`, in key order, until fn
  // returns false. Keys are chosen by the crawler and sort as it needs.
  // Starts at the first key >= `start` (which must begin with `prefix`) when
  // `start` is not empty.
  Status ScanFrontier(std::string_view prefix, std::string_view start,
                      const std::function<bool(std::string_view key, std::string_view value)>& fn) const;

  Status GetDoc(std::string_view digest, std::string* json) const;
  Status GetJob(std::string_view id, JobRecord* out) const;
  Status ListJobs(std::vector<JobRecord>* out) const;

  Status Stats(ArchiveStats* out) const;

  // Re-hashes every blob and checks every reference between keyspaces. Goes
  // on past every problem, LevelDB read errors included: a damaged block or
  // table is skipped and reported as an unreadable key range (found by
  // reading each table file on its own). Fails only when the archive cannot
  // be iterated at all; damage is reported in *out, not as an error.
  Status Verify(VerifyReport* out) const;

 private:
  struct Impl;
  Archive(std::string dir, std::unique_ptr<Impl> impl);

  std::string dir_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace govharvest

#endif  // GOVHARVEST_STORE_ARCHIVE_H_
