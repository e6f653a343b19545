// Who holds an archive's LevelDB LOCK file. LevelDB locks DIR/LOCK with an
// fcntl write lock for as long as a process has the database open; the
// holder's pid is visible to other processes through F_GETLK.
#ifndef GOVHARVEST_STORE_LOCK_HOLDER_H_
#define GOVHARVEST_STORE_LOCK_HOLDER_H_

#include <string>

namespace govharvest {

// Describes the process holding the lock on `lock_file`, e.g.
// "pid 4242 (govharvest --archive a crawl --config c.toml)", or "pid 4242"
// when its command line is unreadable. Returns "" when no other process holds
// the lock or the file cannot be read (a lock held by this very process does
// not show through F_GETLK). Never fails; never takes the lock.
std::string DescribeLockHolder(const std::string& lock_file);

}  // namespace govharvest

#endif  // GOVHARVEST_STORE_LOCK_HOLDER_H_
