#include "crawler/frontier.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <iterator>
#include <nlohmann/json.hpp>

namespace govharvest {

using nlohmann::json;

char RoleCode(Role role) {
  switch (role) {
    case Role::kList: return 'l';
    case Role::kReport: return 'd';
    case Role::kAttachment: return 'a';
    case Role::kPage: break;
  }
  return 'p';
}

Role RoleFromCode(std::string_view code) {
  switch (code.empty() ? 'p' : code[0]) {
    case 'l': return Role::kList;
    case 'd': return Role::kReport;
    case 'a': return Role::kAttachment;
    default: return Role::kPage;
  }
}

std::string RoleName(Role role) {
  switch (role) {
    case Role::kList: return "list";
    case Role::kReport: return "report";
    case Role::kAttachment: return "attachment";
    case Role::kPage: break;
  }
  return "";
}

std::string QueueEntry::Value() const {
  json j{{"url", url}, {"via", via}, {"depth", depth}, {"attempts", attempts}, {"not_before", not_before}};
  if (role != Role::kPage) j["role"] = std::string(1, RoleCode(role));
  if (!site.empty()) j["site"] = site;
  if (!form.empty()) j["form"] = form;
  if (year != 0) j["year"] = year;
  if (guessed) j["guessed"] = true;
  if (verify) j["verify"] = true;
  if (next_page) j["next_page"] = true;
  if (!pending.empty()) {
    json rest = json::array();
    for (const auto& r : pending) {
      json one = {r.url, r.form};
      if (r.guessed) one.push_back(true);
      rest.push_back(std::move(one));
    }
    j["pending"] = std::move(rest);
  }
  return j.dump();
}

bool QueueEntry::Parse(std::string_view key, std::string_view value, QueueEntry* out) {
  json j = json::parse(value, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return false;
  size_t bar = key.rfind('|');
  size_t q = key.find("/q/");
  if (bar == std::string_view::npos || q == std::string_view::npos || bar + 2 > key.size()) return false;
  out->key = std::string(key);
  out->host = std::string(key.substr(q + 3, bar - q - 3));
  out->priority = key[bar + 1] - '0';
  out->url = j.value("url", "");
  out->via = j.value("via", "");
  out->depth = j.value("depth", 0);
  out->attempts = j.value("attempts", 0);
  out->not_before = j.value("not_before", TimestampUs{0});
  out->role = RoleFromCode(j.value("role", "p"));
  out->site = j.value("site", "");
  out->form = j.value("form", "");
  out->year = j.value("year", 0);
  out->guessed = j.value("guessed", false);
  out->verify = j.value("verify", false);
  out->next_page = j.value("next_page", false);
  if (auto it = j.find("pending"); it != j.end() && it->is_array()) {
    for (const auto& r : *it) {
      if (r.is_array() && (r.size() == 2 || r.size() == 3) && r[0].is_string() && r[1].is_string()) {
        const bool guessed = r.size() == 3 && r[2].is_boolean() && r[2].get<bool>();
        out->pending.push_back({r[0].get<std::string>(), r[1].get<std::string>(), guessed});
      }
    }
  }
  return !out->url.empty();
}

std::string ListRequestKey(std::string_view url, std::string_view form) {
  if (form.empty()) return std::string(url);
  return std::string(url) + " POST " + PayloadDigest(form);
}

int PriorityFor(std::string_view url, int depth) {
  if (depth == 0) return 0;
  std::string lower(url);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  size_t q = lower.find('?');
  std::string_view path = std::string_view(lower).substr(0, q);
  std::string_view file = path.substr(path.rfind('/') + 1);
  if (file.empty() || file.starts_with("index") || file.starts_with("list") ||
      lower.find("page=") != std::string::npos || lower.find("pageindex=") != std::string::npos) {
    return 1;
  }
  return 2;
}

std::string Hex16(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof(buf), "%016" PRIx64, v);
  return buf;
}

std::string FrontierKeys::Queue(std::string_view host, int priority, uint64_t seq) const {
  std::string key = HostQueuePrefix(host);
  key += std::to_string(priority);
  key += Hex16(seq);
  return key;
}

std::string FrontierKeys::HostQueuePrefix(std::string_view host) const {
  std::string key = QueuePrefix();
  key += host;
  key += '|';
  return key;
}

std::string FrontierKeys::Seen(std::string_view url) const {
  std::string key = SeenPrefix();
  key += url;
  return key;
}

Status SeenSet::Load(const Archive& archive, const FrontierKeys& keys) {
  const std::string prefix = keys.SeenPrefix();
  return archive.ScanFrontier(prefix, "", [&](std::string_view k, std::string_view) {
    Insert(k.substr(prefix.size()));
    return true;
  });
}

void HostQueue::Add(QueueEntry e) {
  queued_ += 1;
  if (more_in_store_ && e.key > loaded_through_) return;  // stays in the store until its turn
  window_.emplace(e.key, std::move(e));
  if (window_.size() > 2 * kWindow) {
    // Keep memory bounded: the largest keys go back to being store-only.
    while (window_.size() > kWindow) window_.erase(std::prev(window_.end()));
    loaded_through_ = window_.rbegin()->first;
    more_in_store_ = true;
  }
}

void HostQueue::Restore(QueueEntry e) {
  queued_ += 1;
  if (window_.size() < kWindow && !more_in_store_) {
    loaded_through_ = e.key;
    window_.emplace(e.key, std::move(e));
  } else {
    more_in_store_ = true;
  }
}

void HostQueue::PutBack(QueueEntry e) {
  if (!more_in_store_ || e.key <= loaded_through_) window_.emplace(e.key, std::move(e));
}

Status HostQueue::Refill(const Archive& archive, const std::string& host_prefix) {
  size_t loaded = 0;
  bool more = false;
  const std::string start = loaded_through_.empty() ? "" : loaded_through_ + std::string(1, '\0');
  Status s = archive.ScanFrontier(host_prefix, start, [&](std::string_view k, std::string_view v) {
    if (loaded == kWindow) {
      more = true;
      return false;
    }
    QueueEntry e;
    if (QueueEntry::Parse(k, v, &e) && !window_.count(e.key)) {
      loaded_through_ = e.key;
      window_.emplace(e.key, std::move(e));
      ++loaded;
    }
    return true;
  });
  more_in_store_ = more;
  return s;
}

}  // namespace govharvest
