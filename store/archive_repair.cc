// Archive::Repair: LevelDB's RepairDB under the archive's lock, with the
// schema version kept and the losses counted (store/archive.h).
#include <leveldb/db.h>
#include <leveldb/env.h>
#include <leveldb/filter_policy.h>
#include <leveldb/iterator.h>
#include <unistd.h>

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <mutex>

#include "store/archive.h"
#include "store/archive_internal.h"
#include "store/keys.h"
#include "store/lock_holder.h"

namespace govharvest {

namespace fs = std::filesystem;

namespace {

using internal::FromLevelDb;

// Holds a LevelDB FileLock until destroyed or Release()d.
class HeldLock {
 public:
  HeldLock(leveldb::Env* env, leveldb::FileLock* lock) : env_(env), lock_(lock) {}
  ~HeldLock() { Release(); }
  HeldLock(const HeldLock&) = delete;
  HeldLock& operator=(const HeldLock&) = delete;
  void Release() {
    if (lock_ != nullptr) env_->UnlockFile(lock_);
    lock_ = nullptr;
  }

 private:
  leveldb::Env* env_;
  leveldb::FileLock* lock_;
};

// Keeps the lines of LevelDB's info log that say something was dropped.
class LossLogger : public leveldb::Logger {
 public:
  void Logv(const char* format, std::va_list ap) override {
    char buf[512];
    std::vsnprintf(buf, sizeof(buf), format, ap);
    std::string line(buf);
    while (!line.empty() && (line.back() == '\n' || line.back() == ' ')) line.pop_back();
    for (const char* word : {"dropping", "dropped", "ignoring", "unparsable", "Corruption", "IO error"}) {
      if (line.find(word) != std::string::npos) {
        std::lock_guard<std::mutex> hold(mu_);
        lines_.push_back(line);
        break;
      }
    }
  }
  std::vector<std::string> lines() {
    std::lock_guard<std::mutex> hold(mu_);
    return lines_;
  }

 private:
  std::mutex mu_;
  std::vector<std::string> lines_;
};

// Counts every key by keyspace; reads on past blocks it cannot read and
// returns the iterator's (first) error, the counts being of readable keys.
leveldb::Status CountKeys(leveldb::DB* db, bool verify_checksums, std::map<std::string, int64_t>* counts) {
  leveldb::ReadOptions ro;
  ro.fill_cache = false;
  ro.verify_checksums = verify_checksums;
  std::unique_ptr<leveldb::Iterator> it(db->NewIterator(ro));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    (*counts)[std::string(keys::KeyspaceName(std::string_view(it->key().data(), it->key().size())))] += 1;
  }
  return it->status();
}

// Counts the keys of `dir` on a copy in `copy` (LevelDB files only; tables,
// which LevelDB never modifies, hard-linked), so that nothing LevelDB does
// when opening — replaying and deleting logs, compacting — touches `dir`.
// Checksums are off: a damaged block's keys are counted as they stand.
Status CountOnCopy(const std::string& dir, const fs::path& copy, std::map<std::string, int64_t>* counts,
                   std::string* note, std::vector<std::string>* unreadable) {
  std::error_code ec;
  fs::remove_all(copy, ec);
  fs::create_directories(copy, ec);
  if (ec) return Status::IoError("cannot create '" + copy.string() + "': " + ec.message());
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || !internal::IsLevelDbFileName(name)) continue;
    const bool table = name.ends_with(".ldb") || name.ends_with(".sst");
    std::error_code link_ec;
    if (table) fs::create_hard_link(entry.path(), copy / name, link_ec);
    if (!table || link_ec) fs::copy_file(entry.path(), copy / name, ec);
    if (ec) return Status::IoError("cannot copy '" + entry.path().string() + "': " + ec.message());
  }
  if (ec) return Status::IoError("cannot list archive '" + dir + "': " + ec.message());
  leveldb::Options lo;
  lo.paranoid_checks = false;  // count what a lenient reader still finds
  leveldb::DB* raw = nullptr;
  leveldb::Status ls = leveldb::DB::Open(lo, copy.string(), &raw);
  if (!ls.ok()) return Status::Corruption(ls.ToString());
  std::unique_ptr<leveldb::DB> db(raw);
  ls = CountKeys(db.get(), /*verify_checksums=*/false, counts);
  if (!ls.ok()) {
    *note = "keys in unreadable ranges are not counted (" + ls.ToString() + ")";
    int64_t tables = 0;
    internal::FindUnreadableRanges(db.get(), copy.string(), unreadable, &tables);
  }
  return Status::Ok();
}

}  // namespace

Status Archive::Repair(const std::string& dir, RepairReport* report) {
  *report = RepairReport();
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Status::NotFound("archive '" + dir + "' does not exist");
  // RepairDB would write a new database into any directory: refuse one that
  // holds no LevelDB file at all.
  bool has_leveldb_files = false;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    has_leveldb_files = has_leveldb_files || internal::IsLevelDbFileName(entry.path().filename().string());
  }
  if (!has_leveldb_files) {
    return Status::InvalidArgument("'" + dir + "' holds no LevelDB files; it is not a govharvest archive");
  }

  // RepairDB does not lock: without this, a repair run during a crawl moves
  // the crawl's live log aside and the captures in it are lost.
  leveldb::Env* env = leveldb::Env::Default();
  leveldb::FileLock* raw_lock = nullptr;
  leveldb::Status ls = env->LockFile(dir + "/LOCK", &raw_lock);
  if (!ls.ok()) {
    const std::string detail = ls.ToString();
    if (!DescribeLockHolder(dir + "/LOCK").empty() || detail.find("already held") != std::string::npos ||
        detail.find("temporarily unavailable") != std::string::npos) {
      return internal::LockedArchive(dir, detail);
    }
    return Status::IoError("cannot lock archive '" + dir + "': " + detail);
  }
  HeldLock lock(env, raw_lock);

  const fs::path copy = fs::path(dir) / "repair-count.tmp";
  Status s = CountOnCopy(dir, copy, &report->keys_before, &report->before_error, &report->unreadable_before);
  if (!s.ok()) {
    report->keys_before.clear();
    report->before_error = "could not be read before the repair (" + s.message() + ")";
  }
  fs::remove_all(copy, ec);

  // Keep what an earlier repair set aside: RepairDB reuses names (its new
  // manifest is always MANIFEST-000001) and would overwrite them in lost/.
  const fs::path lost = fs::path(dir) / "lost";
  if (fs::exists(lost, ec) && !fs::is_empty(lost, ec)) {
    for (int n = 1;; ++n) {
      const fs::path kept = fs::path(dir) / ("lost-" + std::to_string(n));
      if (fs::exists(kept, ec)) continue;
      fs::rename(lost, kept, ec);
      if (ec) return Status::IoError("cannot rename '" + lost.string() + "': " + ec.message());
      break;
    }
  }

  std::unique_ptr<const leveldb::FilterPolicy> filter(leveldb::NewBloomFilterPolicy(10));
  leveldb::Options lo;
  lo.filter_policy = filter.get();
  // With checksums on, a damaged block is dropped instead of copied, so no
  // damaged key or value survives into the rebuilt tables.
  lo.paranoid_checks = true;
  LossLogger log;
  lo.info_log = &log;
  ls = leveldb::RepairDB(dir, lo);
  report->leveldb_notes = log.lines();
  lo.info_log = nullptr;
  for (const auto& entry : fs::directory_iterator(lost, ec)) {
    report->set_aside.push_back("lost/" + entry.path().filename().string());
  }
  std::sort(report->set_aside.begin(), report->set_aside.end());
  if (!ls.ok()) return FromLevelDb(ls, dir);
  lock.Release();  // DB::Open below takes it again

  {
    lo.create_if_missing = false;
    leveldb::DB* raw = nullptr;
    ls = leveldb::DB::Open(lo, dir, &raw);
    if (!ls.ok()) return FromLevelDb(ls, dir);
    std::unique_ptr<leveldb::DB> db(raw);
    ls = CountKeys(db.get(), /*verify_checksums=*/true, &report->keys_after);
    std::string version;
    leveldb::Status vs = db->Get(leveldb::ReadOptions(), std::string(keys::kSchemaVersion), &version);
    // Only data that is govharvest's gets the version back: every key in a
    // known keyspace (an archive that lost everything gets it too).
    if (vs.IsNotFound() && report->keys_after.count("unknown") == 0) {
      leveldb::WriteOptions wo;
      wo.sync = true;
      ls = db->Put(wo, std::string(keys::kSchemaVersion), std::to_string(kArchiveSchemaVersion));
      if (!ls.ok()) return FromLevelDb(ls, dir);
      report->schema_version_restored = true;
      report->keys_after["meta"] += 1;
    }
  }

  ArchiveOptions options;
  options.read_only = true;
  std::unique_ptr<Archive> archive;
  GOVHARVEST_RETURN_IF_ERROR(Archive::Open(dir, options, &archive));
  return archive->Verify(&report->verify);
}

}  // namespace govharvest
