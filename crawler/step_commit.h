// Step commit: everything one fetch changes, written in one ArchiveBatch, so
// that a crawl killed at any point resumes without losing a URL:
//   the capture (and its payload),
//   the URLs it leads to, first seen in this job: queued (J/q/...) and
//     marked seen (J/s/...), list items that are not wanted reports
//     recorded as out_of_scope captures instead,
//   its own queue entry deleted, or rewritten when it is to be retried,
//   the step's tally (J/t/<seq>), from which a resumed job's summary is rebuilt.
// StepCommitter is thread-safe: workers commit steps concurrently; it owns
// the job's seen set and the sequence numbers of queue and tally keys.
#ifndef GOVHARVEST_CRAWLER_STEP_COMMIT_H_
#define GOVHARVEST_CRAWLER_STEP_COMMIT_H_

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crawler/clock.h"
#include "crawler/column_walker.h"
#include "crawler/frontier.h"
#include "crawler/outcome.h"
#include "store/archive.h"
#include "store/records.h"
#include "store/status.h"

namespace govharvest {

// What the summaries count of one step. Stored as JSON with one-letter keys
// ("h" host, "o" outcome, "b" bytes, "p" counts as page, "t" retried,
// optional "s" site, "r" role code, "y" report years, "x" out of scope).
struct StepTally {
  std::string host;
  std::string site;
  Role role = Role::kPage;
  Outcome outcome;
  int64_t bytes = 0;
  bool counts_as_page = false;
  bool retried = false;
  bool guessed = false;  // a page the pager guessed: a 404 is the answer, not an error
  unsigned hints_matched = 0;  // column_walker.h HintBits matched on this list page
  std::vector<int> reports_found;  // years of report items found in range
  int64_t out_of_scope = 0;        // list items recorded without fetching

  std::string ToJson() const;
  // False when `text` is not a tally.
  static bool FromJson(std::string_view text, StepTally* out);
};

// One fetch, ready to be committed.
struct Step {
  QueueEntry entry;  // the URL fetched (or refused)
  CaptureRecord capture;
  std::string payload;
  // Links found, in scope, in page order: pages of an ad-hoc crawl (kPage
  // entry) or attachments (kReport entry).
  std::vector<std::string> links;
  // What a list page (kList entry) leads to (column_walker.h).
  std::vector<ListLink> list_links;
  std::optional<QueueEntry> retry;  // the entry to keep queued, if any
  StepTally tally;                  // out_of_scope and retried are set by Commit
};

// What a committed step changed in the frontier.
struct StepResult {
  std::vector<QueueEntry> queued;   // entries added to the queue
  std::optional<QueueEntry> retry;  // the entry kept queued
  StepTally tally;
};

class StepCommitter {
 public:
  // Maps a URL to its queue's host key; called under the committer's lock.
  using HostKeyFn = std::function<std::string(const std::string& url)>;

  // `archive` and `clock` must outlive the committer. Queue keys are
  // numbered from `first_seq` up.
  StepCommitter(Archive& archive, const Clock* clock, HostKeyFn host_key, uint64_t first_seq);

  // Sets the job (before any other call).
  void SetJob(const std::string& job_id);
  const FrontierKeys& keys() const { return keys_; }

  // Restores the seen set and returns every stored tally, in order (a
  // resumed job); tallies that do not read are skipped, but numbered.
  Status Resume(const std::function<void(const StepTally&)>& on_tally);

  // True when `url` was not seen in this job (it is now).
  bool FirstSighting(const std::string& url);
  // True when `url` was seen in this job (without adding it).
  bool Seen(const std::string& url);
  // A new queue entry (not stored): priority 0 for seeds, else for kPage
  // PriorityFor(url), 1 for list pages and 2 for the rest.
  QueueEntry NewEntry(std::string url, std::string via, int depth, Role role, const std::string& site);

  // Writes `step` in one batch. On failure nothing of it is stored, the URLs
  // it would have queued are unseen again, and `result` says nothing is queued.
  Status Commit(Step step, StepResult* result);

 private:
  QueueEntry NewEntryLocked(std::string url, std::string via, int depth, Role role, const std::string& site);

  Archive& archive_;
  const Clock* clock_;
  HostKeyFn host_key_;
  FrontierKeys keys_{""};

  std::mutex mu_;
  SeenSet seen_;
  uint64_t next_seq_;
  uint64_t next_tally_ = 0;
};

}  // namespace govharvest

#endif  // GOVHARVEST_CRAWLER_STEP_COMMIT_H_
