// Internal to store/: helpers shared by archive.cc (Open, Verify) and
// archive_repair.cc (Repair). Not a public header.
#ifndef GOVHARVEST_STORE_ARCHIVE_INTERNAL_H_
#define GOVHARVEST_STORE_ARCHIVE_INTERNAL_H_

#include <leveldb/db.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "store/status.h"

namespace govharvest::internal {

// Translates a LevelDB status into one line that names the archive. A held
// LOCK becomes Busy naming the holder (store/lock_holder.h).
Status FromLevelDb(const leveldb::Status& s, const std::string& dir);

// The Busy status for archive `dir` whose LOCK is held; `detail` is LevelDB's
// or the Env's message ("" when none).
Status LockedArchive(const std::string& dir, const std::string& detail);

// A key on one line: NUL as ' ', other control bytes as '?', cut at 200 bytes.
std::string PrintableKey(std::string_view key);

// True when `name` is a file LevelDB writes in a database directory
// (CURRENT, MANIFEST-*, *.ldb, *.sst, *.log).
bool IsLevelDbFileName(std::string_view name);

// Reads every live table of `db` (directory `dir`) on its own, with checksums
// on, and appends one line per key range that cannot be read: a table that
// will not open (truncated, missing footer) or a block that fails its
// checksum, with the keys just before and after the gap. Counts the tables
// read into *tables. Used by Verify only after the merged iterator reported an
// error, whose status shows the first problem only.
void FindUnreadableRanges(leveldb::DB* db, const std::string& dir, std::vector<std::string>* out,
                          int64_t* tables);

}  // namespace govharvest::internal

#endif  // GOVHARVEST_STORE_ARCHIVE_INTERNAL_H_
