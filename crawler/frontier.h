// Frontier: the URLs a crawl job has queued, as stored in the archive's
// frontier keyspace and as held in memory.
//
// Keys of job J (all under "J/", see docs/storage.md):
//   J/q/<host>|<priority digit><seq hex16>  a queued URL (value: QueueEntry::Value())
//   J/s/<url>                               a URL queued once in this job (the seen set)
//   J/t/<seq hex16>                         the tally of one step (step_commit.h)
// A queued URL's key orders it within its host: priority first (0 seeds,
// 1 list-like pages, 2 the rest), then the order it was found in.
//
// In memory, HostQueue keeps at most a window of each host's queue (the
// smallest keys); the rest waits in the store and is read back when the
// window runs dry, so memory stays flat however many URLs are queued.
// SeenSet keeps a 64-bit hash per seen URL. Neither class is thread-safe.
#ifndef GOVHARVEST_CRAWLER_FRONTIER_H_
#define GOVHARVEST_CRAWLER_FRONTIER_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "crawler/column.h"
#include "store/archive.h"
#include "store/status.h"
#include "store/timestamp.h"

namespace govharvest {

// What a URL is to its site. Stored as one character in queue entries and
// tallies ("p", "l", "d", "a"), and as a name in capture records.
enum class Role {
  kPage,        // 'p' a page of an ad-hoc crawl (no site)
  kList,        // 'l' a list page of a column
  kReport,      // 'd' a report page
  kAttachment,  // 'a' an attachment of a report page
};

// 'p', 'l', 'd' or 'a'.
char RoleCode(Role role);
// Inverse of RoleCode on the first character of `code`; "" and unknown
// characters give kPage.
Role RoleFromCode(std::string_view code);
// The capture record's role: "list", "report", "attachment", "" for kPage.
std::string RoleName(Role role);

// A URL waiting in the frontier.
struct QueueEntry {
  std::string key;  // "<job>/q/<host>|<priority digit><seq hex16>"
  std::string host;
  std::string url;
  std::string via;
  int depth = 0;
  int priority = 2;
  int attempts = 0;
  TimestampUs not_before = 0;
  // Column walking: what the URL is to its site.
  Role role = Role::kPage;
  std::string site;  // site name, "" outside column walking
  std::string form;  // POST body (Hanweb dataproxy.jsp), "" for GET
  int year = 0;      // report year of a kReport entry
  bool verify = false;     // kReport: the list title could not decide; the page's title does
  bool guessed = false;    // kList: a page the pager guessed (pager.h)
  bool next_page = false;  // kList: a further page of a list, not an entry or sub-column
  // List pages still to walk after this one, when an earlier page listed them
  // all at once (Hanweb groups, gkmlpt API pages). One is queued at a time so
  // the incremental and backfill stops can end the walk.
  std::vector<ListRequest> pending;

  // The stored value (JSON). Fields at their defaults are left out.
  std::string Value() const;
  // Reads a stored entry; false when the key or value is malformed or has no URL.
  static bool Parse(std::string_view key, std::string_view value, QueueEntry* out);
};

// Seeds and list-like pages (column indexes, pagination) come before detail
// pages, so a column is walked before its items are: 0 at depth 0, 1 for
// index*/list* files, directories and page= queries, else 2.
int PriorityFor(std::string_view url, int depth);

// "%016x".
std::string Hex16(uint64_t v);

// The frontier keys of one job.
class FrontierKeys {
 public:
  explicit FrontierKeys(std::string job_id) : job_id_(std::move(job_id)) {}
  const std::string& job_id() const { return job_id_; }

  std::string Queue(std::string_view host, int priority, uint64_t seq) const;
  std::string QueuePrefix() const { return job_id_ + "/q/"; }
  std::string HostQueuePrefix(std::string_view host) const;
  std::string Seen(std::string_view url) const;
  std::string SeenPrefix() const { return job_id_ + "/s/"; }
  std::string Tally(uint64_t seq) const { return job_id_ + "/t/" + Hex16(seq); }
  std::string TallyPrefix() const { return job_id_ + "/t/"; }
  // Everything of the job (removed when it completes).
  std::string JobPrefix() const { return job_id_ + "/"; }

 private:
  std::string job_id_;
};

// The seen-set key of a list request: its URL, and for a POST also its body's
// digest (postback pages share one URL).
std::string ListRequestKey(std::string_view url, std::string_view form);

// The URLs queued once in a job, by hash.
class SeenSet {
 public:
  // True when `url` was not in the set (it is now).
  bool Insert(std::string_view url) { return hashes_.insert(std::hash<std::string_view>{}(url)).second; }
  void Erase(std::string_view url) { hashes_.erase(std::hash<std::string_view>{}(url)); }
  bool Contains(std::string_view url) const { return hashes_.count(std::hash<std::string_view>{}(url)) > 0; }
  size_t size() const { return hashes_.size(); }
  // Adds every URL of the job's seen keys.
  Status Load(const Archive& archive, const FrontierKeys& keys);

 private:
  std::unordered_set<uint64_t> hashes_;
};

// One host's queue: a window in memory over the entries stored under
// keys.HostQueuePrefix(host). Invariant: every window entry has a key
// <= loaded_through(); when more_in_store(), every stored entry with a
// larger key is out of the window.
class HostQueue {
 public:
  static constexpr size_t kWindow = 64;  // entries read from the store at a time
  using Window = std::map<std::string, QueueEntry>;

  // An entry just written to the store: counted, and kept in the window
  // unless its turn comes after entries left in the store. Beyond
  // 2 x kWindow entries the largest go back to being store-only.
  void Add(QueueEntry e);
  // An entry found by a scan of the whole queue in key order, after a
  // restart: counted, kept while the window has room.
  void Restore(QueueEntry e);
  // An entry taken from the window that stays queued (a retry under the
  // same key): back into the window, or left to the store after its turn.
  void PutBack(QueueEntry e);
  // An entry taken from the window was removed from the store.
  void Remove() { queued_ -= 1; }
  // Reads the next kWindow stored entries after loaded_through().
  Status Refill(const Archive& archive, const std::string& host_prefix);

  Window& window() { return window_; }
  const Window& window() const { return window_; }
  // Nothing left to schedule, in memory or in the store.
  bool exhausted() const { return window_.empty() && !more_in_store_; }
  bool more_in_store() const { return more_in_store_; }
  const std::string& loaded_through() const { return loaded_through_; }
  // Entries stored for the host, in flight included.
  int64_t queued() const { return queued_; }

 private:
  Window window_;
  std::string loaded_through_;
  bool more_in_store_ = false;
  int64_t queued_ = 0;
};

}  // namespace govharvest

#endif  // GOVHARVEST_CRAWLER_FRONTIER_H_
