// Outcome: how one fetch (or one refusal to fetch) ended. In memory an enum;
// stored and printed as the strings capture records, tallies and summaries
// have always used ("ok", "not_modified", "robots_denied",
// "blocked_challenge", "out_of_scope", "error:<kind>").
#ifndef GOVHARVEST_CRAWLER_OUTCOME_H_
#define GOVHARVEST_CRAWLER_OUTCOME_H_

#include <string>
#include <string_view>

namespace govharvest {

struct Outcome {
  enum class Kind { kOk, kNotModified, kRobotsDenied, kBlockedChallenge, kOutOfScope, kError };

  Kind kind = Kind::kOk;
  // kError only: what failed, as after "error:" ("timeout", "connect",
  // "http_503", "bad_redirect", ...).
  std::string error;

  static Outcome Ok() { return {}; }
  static Outcome Of(Kind kind) { return {kind, ""}; }
  static Outcome Error(std::string what) { return {Kind::kError, std::move(what)}; }
  static Outcome HttpError(int status) { return Error("http_" + std::to_string(status)); }
  // A plain exchange: the transfer's failure kind when it failed, else the
  // status's error from 400 on, else ok.
  static Outcome OfExchange(const std::string& error_kind, int http_status) {
    if (!error_kind.empty()) return Error(error_kind);
    return http_status >= 400 ? HttpError(http_status) : Ok();
  }

  // The stored form: "ok", "error:http_503", ...
  std::string ToString() const;
  // Inverse of ToString. Text that is none of the plain names is an error
  // (with "error:" stripped when present), so every stored string reads back
  // to itself.
  static Outcome FromString(std::string_view text);

  bool ok() const { return kind == Kind::kOk; }
  bool is_error() const { return kind == Kind::kError; }
  // ok or not_modified: the page counts as fetched.
  bool counts_as_page() const { return kind == Kind::kOk || kind == Kind::kNotModified; }
  // Worth another attempt later: timeouts, connection failures and resets,
  // and HTTP 5xx, 408 and 429.
  bool retryable() const;

  bool operator==(const Outcome&) const = default;
};

}  // namespace govharvest

#endif  // GOVHARVEST_CRAWLER_OUTCOME_H_
