#include "crawler/step_commit.h"

#include <nlohmann/json.hpp>

namespace govharvest {

using nlohmann::json;

std::string StepTally::ToJson() const {
  json j{{"h", host}, {"o", outcome.ToString()}, {"b", bytes}, {"p", counts_as_page}, {"t", retried}};
  if (!site.empty()) j["s"] = site;
  if (role != Role::kPage) j["r"] = std::string(1, RoleCode(role));
  if (!reports_found.empty()) j["y"] = reports_found;
  if (out_of_scope != 0) j["x"] = out_of_scope;
  if (guessed) j["g"] = true;
  if (hints_matched != 0) j["hm"] = hints_matched;
  return j.dump();
}

bool StepTally::FromJson(std::string_view text, StepTally* out) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return false;
  try {
    out->host = j.at("h").get<std::string>();
    out->outcome = Outcome::FromString(j.at("o").get<std::string>());
    out->bytes = j.at("b").get<int64_t>();
    out->counts_as_page = j.at("p").get<bool>();
    out->site = j.value("s", "");
    out->role = RoleFromCode(j.value("r", "p"));
    out->reports_found = j.value("y", std::vector<int>{});
    out->out_of_scope = j.value("x", int64_t{0});
    out->retried = j.at("t").get<bool>();
    out->guessed = j.value("g", false);
    out->hints_matched = j.value("hm", 0u);
  } catch (const json::exception&) {
    return false;
  }
  return true;
}

StepCommitter::StepCommitter(Archive& archive, const Clock* clock, HostKeyFn host_key, uint64_t first_seq)
    : archive_(archive), clock_(clock), host_key_(std::move(host_key)), next_seq_(first_seq) {}

void StepCommitter::SetJob(const std::string& job_id) { keys_ = FrontierKeys(job_id); }

Status StepCommitter::Resume(const std::function<void(const StepTally&)>& on_tally) {
  std::lock_guard<std::mutex> lock(mu_);
  GOVHARVEST_RETURN_IF_ERROR(seen_.Load(archive_, keys_));
  // The counts of the steps done before the job was interrupted.
  return archive_.ScanFrontier(keys_.TallyPrefix(), "", [&](std::string_view, std::string_view v) {
    StepTally t;
    if (StepTally::FromJson(v, &t)) on_tally(t);
    ++next_tally_;
    return true;
  });
}

bool StepCommitter::FirstSighting(const std::string& url) {
  std::lock_guard<std::mutex> lock(mu_);
  return seen_.Insert(url);
}

bool StepCommitter::Seen(const std::string& url) {
  std::lock_guard<std::mutex> lock(mu_);
  return seen_.Contains(url);
}

QueueEntry StepCommitter::NewEntry(std::string url, std::string via, int depth, Role role, const std::string& site) {
  std::lock_guard<std::mutex> lock(mu_);
  return NewEntryLocked(std::move(url), std::move(via), depth, role, site);
}

QueueEntry StepCommitter::NewEntryLocked(std::string url, std::string via, int depth, Role role,
                                         const std::string& site) {
  QueueEntry e;
  e.host = host_key_(url);
  e.role = role;
  e.site = site;
  e.priority = role == Role::kPage ? PriorityFor(url, depth) : depth == 0 ? 0 : role == Role::kList ? 1 : 2;
  e.depth = depth;
  e.url = std::move(url);
  e.via = std::move(via);
  e.key = keys_.Queue(e.host, e.priority, next_seq_++);
  return e;
}

Status StepCommitter::Commit(Step step, StepResult* result) {
  const QueueEntry& entry = step.entry;
  const std::string& via = step.capture.final_url;
  StepTally& tally = step.tally;
  tally.retried = step.retry.has_value();
  result->queued.clear();
  std::lock_guard<std::mutex> lock(mu_);
  ArchiveBatch batch;
  batch.AddCapture(step.capture, std::move(step.payload));
  auto enqueue = [&](QueueEntry e) {
    batch.PutFrontier(keys_.Seen(ListRequestKey(e.url, e.form)), "");
    batch.PutFrontier(e.key, e.Value());
    result->queued.push_back(std::move(e));
  };
  for (auto& url : step.links) {
    if (!seen_.Insert(url)) continue;
    const Role role = entry.role == Role::kReport ? Role::kAttachment : Role::kPage;
    enqueue(NewEntryLocked(std::move(url), via, entry.depth + 1, role, role == Role::kPage ? "" : entry.site));
  }
  // Next list pages: the first one not yet seen is queued, carrying the rest.
  // A POST page is told apart by its body too (postbacks share one URL).
  std::optional<QueueEntry> next_page;
  bool chain_closed = false;
  // A guessed list page that does not exist passes the walk on to the next
  // request of its chain (page 2 guessed as index_1, then index_2).
  const bool guess_missed = entry.role == Role::kList && entry.guessed && tally.outcome.is_error() &&
                            !tally.outcome.retryable() && !step.retry;
  if (guess_missed) {
    for (const ListRequest& r : entry.pending) {
      ListLink link = ListLink::Of(r.url, ListLink::Kind::kNextPage, "the guess before it does not exist");
      link.form = r.form;
      link.guessed = r.guessed;
      step.list_links.push_back(std::move(link));
    }
  }
  for (ListLink& c : step.list_links) {
    switch (c.kind) {
      case ListLink::Kind::kNextPage:
        if (next_page) {
          next_page->pending.push_back({c.url, c.form, c.guessed});
        } else if (!chain_closed && seen_.Insert(ListRequestKey(c.url, c.form))) {
          next_page = NewEntryLocked(c.url, via, entry.depth + 1, Role::kList, entry.site);
          next_page->form = c.form;
          next_page->guessed = c.guessed;
          next_page->next_page = true;
        } else {
          // Another page of the walk reached this one first and walks on from
          // it; this chain ends rather than skip over it.
          chain_closed = true;
        }
        break;
      case ListLink::Kind::kOutOfScope: {
        if (!seen_.Insert(c.url)) break;
        // Found on a list page, not an annual report: recorded, never fetched.
        CaptureRecord skipped;
        skipped.requested_url = c.url;
        skipped.final_url = c.url;
        skipped.fetched_at = clock_->NowUs();
        skipped.job_id = keys_.job_id();
        skipped.outcome = Outcome::Of(Outcome::Kind::kOutOfScope).ToString();
        skipped.error_detail = "list item that is not a wanted annual report (" + c.why + "): " + c.title;
        skipped.source = "http";
        skipped.via = via;
        skipped.site = entry.site;
        batch.AddCapture(std::move(skipped), "");
        batch.PutFrontier(keys_.Seen(c.url), "");
        tally.out_of_scope += 1;
        break;
      }
      case ListLink::Kind::kKnownReport:
        // Counted once per job however many pages list it.
        if (!seen_.Insert(c.url)) break;
        batch.PutFrontier(keys_.Seen(c.url), "");
        tally.reports_found.push_back(c.year);
        break;
      case ListLink::Kind::kReport:
      case ListLink::Kind::kSubcolumn: {
        if (!seen_.Insert(ListRequestKey(c.url, c.form))) break;
        const Role role = c.kind == ListLink::Kind::kReport ? Role::kReport : Role::kList;
        QueueEntry e = NewEntryLocked(c.url, via, entry.depth + 1, role, entry.site);
        e.form = c.form;
        e.year = c.year;
        e.verify = c.verify;
        // A report the list's title settles is counted now; one to verify
        // when its page confirms it.
        if (c.kind == ListLink::Kind::kReport && !c.verify) tally.reports_found.push_back(c.year);
        enqueue(std::move(e));
        break;
      }
    }
  }
  if (next_page) enqueue(std::move(*next_page));
  if (step.retry) {
    batch.PutFrontier(step.retry->key, step.retry->Value());
  } else {
    batch.DeleteFrontier(entry.key);
  }
  batch.PutFrontier(keys_.Tally(next_tally_++), tally.ToJson());
  Status s = archive_.Write(std::move(batch));
  if (!s.ok()) {
    // Nothing of this step landed; the entry stays queued for the next run.
    for (const auto& e : result->queued) seen_.Erase(ListRequestKey(e.url, e.form));
    result->queued.clear();
    result->retry.reset();
  } else {
    result->retry = std::move(step.retry);
  }
  result->tally = std::move(tally);
  return s;
}

}  // namespace govharvest
