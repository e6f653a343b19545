// Config loading: TOML text -> Config, with every problem reported as one
// line "<file>:<line>:<col>: <key>: <problem>".
//
// Reading order: top-level keys are checked first, then [harvest],
// [politeness], [limits] and finally [[site]], because each site starts from
// the global politeness settings. Within one table, keys are visited in file
// order, so the error reported is the first one in that table.

#include "config/config.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <utility>

// GCC 12 reports false -Wmaybe-uninitialized warnings inside <regex> when
// optimizing with sanitizers on (GOVHARVEST_SANITIZE); -Werror makes them fatal.
// (clang has no such warning and refuses the pragma under -Werror.)
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <regex>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

#include <nlohmann/json.hpp>
#include <toml++/toml.h>

#ifndef GOVHARVEST_VERSION
#define GOVHARVEST_VERSION "0.0.0"
#endif

namespace govharvest {

namespace {

constexpr int64_t kIntMax = std::numeric_limits<int>::max();
constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();

const char* TypeName(toml::node_type type) {
  switch (type) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a floating-point number";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    case toml::node_type::none: break;
  }
  return "nothing";
}

// Replaces line breaks and other control characters with spaces, so that a
// message built from user text stays on one line.
std::string OneLine(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  return out;
}

bool HasControlChar(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  });
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlnum(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool OneOf(std::string_view value, std::initializer_list<std::string_view> choices) {
  return std::find(choices.begin(), choices.end(), value) != choices.end();
}

std::string Quote(std::string_view s) { return "\"" + OneLine(s) + "\""; }

// A host name as it appears in a URL: letters, digits, '-', '.', '_', or a
// bracketed IPv6 literal. Case is not checked; callers lower-case.
bool IsValidHost(std::string_view host) {
  if (host.empty()) return false;
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') return false;
    for (char c : host.substr(1, host.size() - 2)) {
      if (!IsAlnum(c) && c != ':' && c != '.') return false;
    }
    return true;
  }
  if (host.front() == '.' || host.front() == '-') return false;
  for (char c : host) {
    if (!IsAlnum(c) && c != '-' && c != '.' && c != '_') return false;
  }
  return true;
}

// True when `url` is an absolute http or https URL with a valid host and
// optional numeric port; sets *host to the lower-cased host.
bool ParseHttpUrlHost(std::string_view url, std::string* host) {
  if (url.empty() || HasControlChar(url) || url.find(' ') != std::string_view::npos) {
    return false;
  }
  std::string lower = Lower(url.substr(0, std::min<size_t>(url.size(), 8)));
  size_t start;
  if (lower.rfind("http://", 0) == 0) {
    start = 7;
  } else if (lower.rfind("https://", 0) == 0) {
    start = 8;
  } else {
    return false;
  }
  size_t end = url.find_first_of("/?#", start);
  std::string_view authority =
      url.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
  if (authority.find('@') != std::string_view::npos) return false;  // no user info
  std::string_view hostpart = authority;
  size_t colon = authority.rfind(':');
  size_t bracket = authority.rfind(']');
  if (colon != std::string_view::npos &&
      (bracket == std::string_view::npos || colon > bracket)) {
    std::string_view port = authority.substr(colon + 1);
    if (port.empty() || port.size() > 5 ||
        !std::all_of(port.begin(), port.end(), IsDigit)) {
      return false;
    }
    hostpart = authority.substr(0, colon);
  }
  if (!IsValidHost(hostpart)) return false;
  *host = Lower(hostpart);
  return true;
}

bool HasContact(std::string_view user_agent) {
  return user_agent.find("http://") != std::string_view::npos ||
         user_agent.find("https://") != std::string_view::npos ||
         user_agent.find('@') != std::string_view::npos;
}

using Entry = std::pair<const toml::key*, const toml::node*>;

// The entries of `table` ordered by their position in the file.
std::vector<Entry> InFileOrder(const toml::table& table) {
  std::vector<Entry> entries;
  for (auto&& [key, node] : table) entries.emplace_back(&key, &node);
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    const toml::source_position& pa = a.first->source().begin;
    const toml::source_position& pb = b.first->source().begin;
    return std::pair(pa.line, pa.column) < std::pair(pb.line, pb.column);
  });
  return entries;
}

// Turns TOML nodes into settings. Holds only the name of the file for
// messages; every method reports the first problem it finds.
class Reader {
 public:
  explicit Reader(const std::string& source) : source_(source) {}

  Status Error(const toml::source_region& where, std::string_view key,
               std::string_view problem) const {
    return Status::InvalidArgument(source_ + ":" + std::to_string(where.begin.line) + ":" +
                                   std::to_string(where.begin.column) + ": " +
                                   std::string(key) + ": " + OneLine(problem));
  }

  Status UnknownKey(const toml::key& key, const std::string& prefix) const {
    return Error(key.source(), Join(prefix, key.str()), "unknown key");
  }

  static std::string Join(const std::string& prefix, std::string_view key) {
    return prefix.empty() ? std::string(key) : prefix + "." + std::string(key);
  }

  Status TypeError(const toml::node& node, std::string_view key, const char* expected) const {
    return Error(node.source(), key,
                 std::string("expected ") + expected + ", found " + TypeName(node.type()));
  }

  // Reads an integer in [lo, hi].
  Status Int(const toml::node& node, std::string_view key, int64_t lo, int64_t hi,
             int64_t* out) const {
    const auto* v = node.as_integer();
    if (v == nullptr) return TypeError(node, key, "an integer");
    const int64_t x = v->get();
    if (x < lo) {
      return Error(node.source(), key,
                   std::to_string(x) + " is too small: " +
                       (lo == 0 ? std::string("must not be negative")
                                : "must be at least " + std::to_string(lo)));
    }
    if (x > hi) {
      return Error(node.source(), key,
                   std::to_string(x) + " is too large: must be at most " + std::to_string(hi));
    }
    *out = x;
    return Status::Ok();
  }

  Status Int(const toml::node& node, std::string_view key, int64_t lo, int64_t hi,
             int* out) const {
    int64_t x = 0;
    GOVHARVEST_RETURN_IF_ERROR(Int(node, key, lo, std::min(hi, kIntMax), &x));
    *out = static_cast<int>(x);
    return Status::Ok();
  }

  // Reads a number (an integer is accepted) that must be finite and > 0.
  Status PositiveDouble(const toml::node& node, std::string_view key, double* out) const {
    double x;
    if (const auto* f = node.as_floating_point()) {
      x = f->get();
    } else if (const auto* i = node.as_integer()) {
      x = static_cast<double>(i->get());
    } else {
      return TypeError(node, key, "a number");
    }
    if (!std::isfinite(x) || x <= 0) {
      return Error(node.source(), key, "must be a positive number");
    }
    *out = x;
    return Status::Ok();
  }

  Status Bool(const toml::node& node, std::string_view key, bool* out) const {
    const auto* v = node.as_boolean();
    if (v == nullptr) return TypeError(node, key, "a boolean (true or false)");
    *out = v->get();
    return Status::Ok();
  }

  // Reads a string; control characters (line breaks, tabs) are refused since
  // every string ends up in a log line, a path or an HTTP header.
  Status String(const toml::node& node, std::string_view key, std::string* out) const {
    const auto* v = node.as_string();
    if (v == nullptr) return TypeError(node, key, "a string");
    if (HasControlChar(v->get())) {
      return Error(node.source(), key, "must not contain control characters");
    }
    *out = v->get();
    return Status::Ok();
  }

  // Reads a string that must be one of `choices`.
  Status Choice(const toml::node& node, std::string_view key,
                std::initializer_list<std::string_view> choices, std::string* out) const {
    std::string value;
    GOVHARVEST_RETURN_IF_ERROR(String(node, key, &value));
    if (!OneOf(value, choices)) {
      std::string list;
      for (std::string_view c : choices) list += (list.empty() ? "" : "|") + std::string(c);
      return Error(node.source(), key, Quote(value) + " is not one of " + list);
    }
    *out = std::move(value);
    return Status::Ok();
  }

  // Reads an array of strings, each paired with its node for messages.
  Status StringArray(const toml::node& node, std::string_view key,
                     std::vector<std::pair<std::string, const toml::node*>>* out) const {
    const auto* arr = node.as_array();
    if (arr == nullptr) return TypeError(node, key, "an array of strings");
    out->clear();
    for (const toml::node& element : *arr) {
      std::string s;
      GOVHARVEST_RETURN_IF_ERROR(String(element, key, &s));
      out->emplace_back(std::move(s), &element);
    }
    return Status::Ok();
  }

  Status Table(const toml::node& node, std::string_view key, const toml::table** out) const {
    const auto* t = node.as_table();
    if (t == nullptr) return TypeError(node, key, "a table");
    *out = t;
    return Status::Ok();
  }

  Status Harvest(const toml::table& table, Config* config) const;
  Status Politeness(const toml::table& table, const std::string& prefix,
                    PolitenessSettings* p) const;
  Status Limits(const toml::table& table, LimitSettings* limits) const;
  Status Site(const toml::table& table, const std::string& prefix,
              const PolitenessSettings& global, SiteConfig* site) const;
  Status Document(const toml::table& root, Config* config) const;

 private:
  const std::string& source_;
};

Status Reader::Harvest(const toml::table& table, Config* config) const {
  for (const auto& [k, node] : InFileOrder(table)) {
    const std::string name(k->str());
    const std::string key = "harvest." + name;
    if (name == "user_agent") {
      std::string ua;
      GOVHARVEST_RETURN_IF_ERROR(String(*node, key, &ua));
      if (!HasContact(ua)) {
        return Error(node->source(), key,
                     "must contain a contact: a URL (http:// or https://) or an e-mail address");
      }
      config->user_agent = std::move(ua);
    } else if (name == "archive") {
      GOVHARVEST_RETURN_IF_ERROR(String(*node, key, &config->archive_dir));
      if (config->archive_dir.empty()) return Error(node->source(), key, "must not be empty");
    } else if (name == "log_level") {
      GOVHARVEST_RETURN_IF_ERROR(Choice(*node, key,
                                        {"trace", "debug", "info", "warn", "error", "off"},
                                        &config->log_level));
    } else if (name == "queue_by") {
      GOVHARVEST_RETURN_IF_ERROR(Choice(*node, key, {"host", "domain", "ip"}, &config->queue_by));
    } else if (name == "proxy") {
      GOVHARVEST_RETURN_IF_ERROR(String(*node, key, &config->proxy));
    } else if (name == "allowed_hosts") {
      std::vector<std::pair<std::string, const toml::node*>> hosts;
      GOVHARVEST_RETURN_IF_ERROR(StringArray(*node, key, &hosts));
      config->allowed_hosts.clear();
      for (const auto& [host, where] : hosts) {
        if (!IsValidHost(host)) {
          return Error(where->source(), key, Quote(host) + " is not a host name");
        }
        config->allowed_hosts.push_back(Lower(host));
      }
    } else {
      return UnknownKey(*k, "harvest");
    }
  }
  return Status::Ok();
}

// Applies the keys present in `table` to *p, then checks the result as a
// whole. *p holds the values to start from (defaults, or the global settings
// for a site).
Status Reader::Politeness(const toml::table& table, const std::string& prefix,
                          PolitenessSettings* p) const {
  const toml::node* min_node = nullptr;
  const toml::node* max_node = nullptr;
  for (const auto& [k, node] : InFileOrder(table)) {
    const std::string name(k->str());
    const std::string key = Join(prefix, name);
    if (name == "max_concurrent_per_host") {
      GOVHARVEST_RETURN_IF_ERROR(Int(*node, key, 1, kIntMax, &p->max_concurrent_per_host));
    } else if (name == "min_delay_ms") {
      GOVHARVEST_RETURN_IF_ERROR(Int(*node, key, 0, kInt64Max, &p->min_delay_ms));
      min_node = node;
    } else if (name == "max_delay_ms") {
      GOVHARVEST_RETURN_IF_ERROR(Int(*node, key, 0, kInt64Max, &p->max_delay_ms));
      max_node = node;
    } else if (name == "delay_factor") {
      GOVHARVEST_RETURN_IF_ERROR(PositiveDouble(*node, key, &p->delay_factor));
    } else if (name == "obey_robots") {
      GOVHARVEST_RETURN_IF_ERROR(Bool(*node, key, &p->obey_robots));
    } else if (name == "max_crawl_delay_ms") {
      GOVHARVEST_RETURN_IF_ERROR(Int(*node, key, 0, kInt64Max, &p->max_crawl_delay_ms));
    } else {
      return UnknownKey(*k, prefix);
    }
  }
  if (p->min_delay_ms > p->max_delay_ms) {
    // Point at whichever of the two this table set; min_delay_ms first.
    const bool at_min = min_node != nullptr;
    const toml::source_region& where =
        at_min ? min_node->source() : (max_node ? max_node->source() : table.source());
    return Error(where, Join(prefix, at_min ? "min_delay_ms" : "max_delay_ms"),
                 "min_delay_ms (" + std::to_string(p->min_delay_ms) +
                     ") is greater than max_delay_ms (" + std::to_string(p->max_delay_ms) + ")");
  }
  return Status::Ok();
}

Status Reader::Limits(const toml::table& table, LimitSettings* l) const {
  const toml::node* connect_node = nullptr;
  const toml::node* total_node = nullptr;
  for (const auto& [k, node] : InFileOrder(table)) {
    const std::string name(k->str());
    const std::string key = "limits." + name;
    if (name == "max_body_bytes") {
      GOVHARVEST_RETURN_IF_ERROR(Int(*node, key, 1, kInt64Max, &l->max_body_bytes));
    } else if (name == "connect_timeout_ms") {
      GOVHARVEST_RETURN_IF_ERROR(Int(*node, key, 1, kInt64Max, &l->connect_timeout_ms));
      connect_node = node;
    } else if (name == "total_timeout_ms") {
      GOVHARVEST_RETURN_IF_ERROR(Int(*node, key, 1, kInt64Max, &l->total_timeout_ms));
      total_node = node;
    } else if (name == "low_speed_bytes_per_s") {
      GOVHARVEST_RETURN_IF_ERROR(Int(*node, key, 0, kInt64Max, &l->low_speed_bytes_per_s));
    } else if (name == "low_speed_time_ms") {
      GOVHARVEST_RETURN_IF_ERROR(Int(*node, key, 0, kInt64Max, &l->low_speed_time_ms));
    } else if (name == "max_redirects") {
      GOVHARVEST_RETURN_IF_ERROR(Int(*node, key, 0, kIntMax, &l->max_redirects));
    } else if (name == "max_attempts") {
      GOVHARVEST_RETURN_IF_ERROR(Int(*node, key, 1, kIntMax, &l->max_attempts));
    } else if (name == "host_failure_threshold") {
      GOVHARVEST_RETURN_IF_ERROR(Int(*node, key, 1, kIntMax, &l->host_failure_threshold));
    } else if (name == "host_park_ms") {
      GOVHARVEST_RETURN_IF_ERROR(Int(*node, key, 0, kInt64Max, &l->host_park_ms));
    } else if (name == "max_retry_after_ms") {
      GOVHARVEST_RETURN_IF_ERROR(Int(*node, key, 0, kInt64Max, &l->max_retry_after_ms));
    } else if (name == "max_in_flight") {
      GOVHARVEST_RETURN_IF_ERROR(Int(*node, key, 1, kIntMax, &l->max_in_flight));
    } else {
      return UnknownKey(*k, "limits");
    }
  }
  if (l->connect_timeout_ms > l->total_timeout_ms) {
    const bool at_connect = connect_node != nullptr;
    const toml::source_region& where =
        at_connect ? connect_node->source()
                   : (total_node ? total_node->source() : table.source());
    return Error(where, at_connect ? "limits.connect_timeout_ms" : "limits.total_timeout_ms",
                 "connect_timeout_ms (" + std::to_string(l->connect_timeout_ms) +
                     ") is greater than total_timeout_ms (" +
                     std::to_string(l->total_timeout_ms) + ")");
  }
  return Status::Ok();
}

// Reads one [[site]] table. `prefix` is "site[<index>]".
Status Reader::Site(const toml::table& table, const std::string& prefix,
                    const PolitenessSettings& global, SiteConfig* site) const {
  site->politeness = global;
  const toml::node* hosts_node = nullptr;
  const toml::node* entries_node = nullptr;
  bool has_name = false;
  for (const auto& [k, node] : InFileOrder(table)) {
    const std::string name(k->str());
    const std::string key = prefix + "." + name;
    if (name == "name") {
      GOVHARVEST_RETURN_IF_ERROR(String(*node, key, &site->name));
      if (site->name.empty() ||
          !std::all_of(site->name.begin(), site->name.end(), [](char c) {
            return IsAlnum(c) || c == '_' || c == '.' || c == '-';
          })) {
        return Error(node->source(), key,
                     Quote(site->name) + " is not a valid site name: use only A-Z a-z 0-9 _ . -");
      }
      has_name = true;
    } else if (name == "agency") {
      GOVHARVEST_RETURN_IF_ERROR(String(*node, key, &site->agency));
    } else if (name == "level") {
      GOVHARVEST_RETURN_IF_ERROR(Choice(*node, key,
                                        {"ministry", "province", "city", "county", "district",
                                         "department", "township"},
                                        &site->level));
    } else if (name == "hosts") {
      std::vector<std::pair<std::string, const toml::node*>> hosts;
      GOVHARVEST_RETURN_IF_ERROR(StringArray(*node, key, &hosts));
      if (hosts.empty()) {
        return Error(node->source(), key,
                     "must list at least one host (omit the key to use the entries' hosts)");
      }
      site->hosts.clear();
      for (const auto& [host, where] : hosts) {
        if (!IsValidHost(host)) {
          return Error(where->source(), key, Quote(host) + " is not a host name");
        }
        std::string h = Lower(host);
        if (std::find(site->hosts.begin(), site->hosts.end(), h) == site->hosts.end()) {
          site->hosts.push_back(std::move(h));
        }
      }
      hosts_node = node;
    } else if (name == "entries") {
      std::vector<std::pair<std::string, const toml::node*>> entries;
      GOVHARVEST_RETURN_IF_ERROR(StringArray(*node, key, &entries));
      if (entries.empty()) return Error(node->source(), key, "must list at least one URL");
      site->entries.clear();
      for (const auto& [url, where] : entries) {
        std::string host;
        if (!ParseHttpUrlHost(url, &host)) {
          return Error(where->source(), key, Quote(url) + " is not an http:// or https:// URL");
        }
        site->entries.push_back(url);
      }
      entries_node = node;
    } else if (name == "division_code") {
      GOVHARVEST_RETURN_IF_ERROR(node->is_integer()
                                     ? TypeError(*node, key, "a string (quote the code)")
                                     : String(*node, key, &site->division_code));
      const std::string& code = site->division_code;
      if ((code.size() != 6 && code.size() != 12) ||
          !std::all_of(code.begin(), code.end(), IsDigit)) {
        return Error(node->source(), key,
                     Quote(code) + " is not a division code: expected 6 or 12 digits");
      }
    } else if (name == "cms") {
      GOVHARVEST_RETURN_IF_ERROR(
          Choice(*node, key, {"auto", "trs", "hanweb", "gkmlpt", "generic"}, &site->cms));
    } else if (name == "render") {
      GOVHARVEST_RETURN_IF_ERROR(Choice(*node, key, {"auto", "always", "never"}, &site->render));
    } else if (name == "list_pattern" || name == "detail_pattern" || name == "next_pattern") {
      std::string* pattern = name == "list_pattern"     ? &site->list_pattern
                             : name == "detail_pattern" ? &site->detail_pattern
                                                        : &site->next_pattern;
      GOVHARVEST_RETURN_IF_ERROR(String(*node, key, pattern));
      try {
        std::regex re(*pattern, std::regex::ECMAScript);
      } catch (const std::regex_error& e) {
        return Error(node->source(), key,
                     "not a valid ECMAScript regular expression: " + std::string(e.what()));
      }
    } else if (name == "tls_verify") {
      GOVHARVEST_RETURN_IF_ERROR(Bool(*node, key, &site->tls_verify));
    } else if (name == "pinned") {
      GOVHARVEST_RETURN_IF_ERROR(Bool(*node, key, &site->pinned));
    } else if (name == "politeness") {
      const toml::table* overrides = nullptr;
      GOVHARVEST_RETURN_IF_ERROR(Table(*node, key, &overrides));
      GOVHARVEST_RETURN_IF_ERROR(Politeness(*overrides, key, &site->politeness));
    } else {
      return UnknownKey(*k, prefix);
    }
  }
  if (!has_name) {
    return Error(table.source(), prefix + ".name", "missing: every [[site]] needs a name");
  }
  if (entries_node == nullptr) {
    return Error(table.source(), prefix + ".entries",
                 "missing: every [[site]] needs at least one entry URL");
  }
  if (hosts_node == nullptr) {
    // Invariant: every entry parsed above, so ParseHttpUrlHost succeeds.
    for (const std::string& url : site->entries) {
      std::string host;
      ParseHttpUrlHost(url, &host);
      if (std::find(site->hosts.begin(), site->hosts.end(), host) == site->hosts.end()) {
        site->hosts.push_back(std::move(host));
      }
    }
  }
  return Status::Ok();
}

Status Reader::Document(const toml::table& root, Config* config) const {
  const toml::table* harvest = nullptr;
  const toml::table* politeness = nullptr;
  const toml::table* limits = nullptr;
  const toml::array* sites = nullptr;
  for (const auto& [k, node] : InFileOrder(root)) {
    const std::string name(k->str());
    if (name == "harvest") {
      GOVHARVEST_RETURN_IF_ERROR(Table(*node, name, &harvest));
    } else if (name == "politeness") {
      GOVHARVEST_RETURN_IF_ERROR(Table(*node, name, &politeness));
    } else if (name == "limits") {
      GOVHARVEST_RETURN_IF_ERROR(Table(*node, name, &limits));
    } else if (name == "site") {
      sites = node->as_array();
      if (sites == nullptr) {
        return TypeError(*node, name, "an array of tables (write [[site]], not [site])");
      }
    } else {
      return UnknownKey(*k, "");
    }
  }
  if (harvest != nullptr) GOVHARVEST_RETURN_IF_ERROR(Harvest(*harvest, config));
  if (politeness != nullptr) {
    GOVHARVEST_RETURN_IF_ERROR(Politeness(*politeness, "politeness", &config->politeness));
  }
  if (limits != nullptr) GOVHARVEST_RETURN_IF_ERROR(Limits(*limits, &config->limits));
  if (sites == nullptr) return Status::Ok();

  // (name, line of its definition) of each site read so far.
  std::vector<std::pair<std::string, int64_t>> seen;
  size_t index = 0;
  for (const toml::node& node : *sites) {
    const std::string prefix = "site[" + std::to_string(index++) + "]";
    const toml::table* table = nullptr;
    GOVHARVEST_RETURN_IF_ERROR(Table(node, prefix, &table));
    SiteConfig site;
    GOVHARVEST_RETURN_IF_ERROR(Site(*table, prefix, config->politeness, &site));
    // Site() succeeded, so the table has a valid "name".
    const toml::node* name_node = table->get("name");
    auto first = std::find_if(seen.begin(), seen.end(),
                              [&](const auto& s) { return s.first == site.name; });
    if (first != seen.end()) {
      return Error(name_node->source(), prefix + ".name",
                   "duplicate site name " + Quote(site.name) + " (first defined at line " +
                       std::to_string(first->second) + ")");
    }
    seen.emplace_back(site.name, static_cast<int64_t>(name_node->source().begin.line));
    config->sites.push_back(std::move(site));
  }
  return Status::Ok();
}

nlohmann::ordered_json PolitenessJson(const PolitenessSettings& p) {
  return {
      {"max_concurrent_per_host", p.max_concurrent_per_host},
      {"min_delay_ms", p.min_delay_ms},
      {"max_delay_ms", p.max_delay_ms},
      {"delay_factor", p.delay_factor},
      {"obey_robots", p.obey_robots},
      {"max_crawl_delay_ms", p.max_crawl_delay_ms},
  };
}

}  // namespace

const SiteConfig* Config::FindSite(std::string_view name) const {
  for (const SiteConfig& site : sites) {
    if (site.name == name) return &site;
  }
  return nullptr;
}

std::string Config::ToJson() const {
  nlohmann::ordered_json j;
  j["source"] = source;
  j["harvest"] = {
      {"user_agent", user_agent}, {"archive", archive_dir},   {"log_level", log_level},
      {"queue_by", queue_by},     {"proxy", proxy},           {"allowed_hosts", allowed_hosts},
  };
  j["politeness"] = PolitenessJson(politeness);
  j["limits"] = {
      {"max_body_bytes", limits.max_body_bytes},
      {"connect_timeout_ms", limits.connect_timeout_ms},
      {"total_timeout_ms", limits.total_timeout_ms},
      {"low_speed_bytes_per_s", limits.low_speed_bytes_per_s},
      {"low_speed_time_ms", limits.low_speed_time_ms},
      {"max_redirects", limits.max_redirects},
      {"max_attempts", limits.max_attempts},
      {"host_failure_threshold", limits.host_failure_threshold},
      {"host_park_ms", limits.host_park_ms},
      {"max_retry_after_ms", limits.max_retry_after_ms},
      {"max_in_flight", limits.max_in_flight},
  };
  nlohmann::ordered_json site_list = nlohmann::ordered_json::array();
  for (const SiteConfig& s : sites) {
    site_list.push_back({
        {"name", s.name},
        {"agency", s.agency},
        {"level", s.level},
        {"hosts", s.hosts},
        {"entries", s.entries},
        {"division_code", s.division_code},
        {"cms", s.cms},
        {"list_pattern", s.list_pattern},
        {"detail_pattern", s.detail_pattern},
        {"next_pattern", s.next_pattern},
        {"tls_verify", s.tls_verify},
        {"render", s.render},
        {"pinned", s.pinned},
        {"politeness", PolitenessJson(s.politeness)},
    });
  }
  j["site"] = std::move(site_list);
  // Replace invalid UTF-8 rather than throw: strings come from user files.
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

Config DefaultConfig() {
  Config config;
  config.user_agent =
      "govharvest/" GOVHARVEST_VERSION
      " (+https://github.com/govharvest/govharvest; research crawler for government "
      "open-information annual reports)";
  return config;
}

Status ParseConfig(std::string_view text, const std::string& source_name, Config* out) {
  toml::table root;
  try {
    root = toml::parse(text, std::string_view(source_name));
  } catch (const toml::parse_error& e) {
    const toml::source_position& at = e.source().begin;
    return Status::InvalidArgument(source_name + ":" + std::to_string(at.line) + ":" +
                                   std::to_string(at.column) + ": " +
                                   OneLine(e.description()));
  }
  Config config = DefaultConfig();
  config.source = source_name;
  GOVHARVEST_RETURN_IF_ERROR(Reader(source_name).Document(root, &config));
  *out = std::move(config);
  return Status::Ok();
}

Status LoadConfig(const std::string& path, Config* out) {
  auto fail = [&path](int err) {
    std::string msg = "cannot read config '" + path + "': " + std::strerror(err);
    return err == ENOENT ? Status::NotFound(msg) : Status::IoError(msg);
  };
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return fail(errno);
  std::string text;
  char buf[8192];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), f)) > 0) text.append(buf, n);
  const bool failed = std::ferror(f) != 0;
  const int err = errno;
  std::fclose(f);
  if (failed) return fail(err != 0 ? err : EIO);
  return ParseConfig(text, path, out);
}

}  // namespace govharvest
