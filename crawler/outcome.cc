#include "crawler/outcome.h"

#include "store/numbers.h"

namespace govharvest {

std::string Outcome::ToString() const {
  switch (kind) {
    case Kind::kOk: return "ok";
    case Kind::kNotModified: return "not_modified";
    case Kind::kRobotsDenied: return "robots_denied";
    case Kind::kBlockedChallenge: return "blocked_challenge";
    case Kind::kOutOfScope: return "out_of_scope";
    case Kind::kError: break;
  }
  return "error:" + error;
}

Outcome Outcome::FromString(std::string_view text) {
  if (text == "ok") return Of(Kind::kOk);
  if (text == "not_modified") return Of(Kind::kNotModified);
  if (text == "robots_denied") return Of(Kind::kRobotsDenied);
  if (text == "blocked_challenge") return Of(Kind::kBlockedChallenge);
  if (text == "out_of_scope") return Of(Kind::kOutOfScope);
  if (text.starts_with("error:")) text.remove_prefix(6);
  return Error(std::string(text));
}

bool Outcome::retryable() const {
  if (kind != Kind::kError) return false;
  if (error == "timeout" || error == "low_speed" || error == "connect" || error == "reset") return true;
  if (!error.starts_with("http_")) return false;
  const int status = static_cast<int>(LeadingInt(std::string_view(error).substr(5), 0, 999, 0));
  return status >= 500 || status == 408 || status == 429;
}

}  // namespace govharvest
