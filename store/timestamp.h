// Timestamps are microseconds since the Unix epoch, UTC, held in int64_t.
#ifndef GOVHARVEST_STORE_TIMESTAMP_H_
#define GOVHARVEST_STORE_TIMESTAMP_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "store/status.h"

namespace govharvest {

using TimestampUs = int64_t;

// Current wall-clock time.
TimestampUs NowUs();

// RFC 3339 in UTC with microseconds: "2021-03-01T02:00:00.000000Z".
std::string FormatTimestamp(TimestampUs t);

// Accepts "2021-03-01", "2021-03-01T10:00:00", "2021-03-01 10:00:00",
// optional fraction ".123456", and a zone "Z", "+08:00", "+0800" or none
// (none means UTC). Fails naming the text when it is none of these.
Status ParseTimestamp(std::string_view text, TimestampUs* out);

// Report years asked for on a command line: "2021" or "2019-2023" (four
// digits each, kMinReportYear..kMaxReportYear, from <= to). Fails with
// InvalidArgument naming `text` otherwise. Every command's --years uses it.
inline constexpr int kMinReportYear = 2000;
inline constexpr int kMaxReportYear = 2100;
Status ParseYearRange(std::string_view text, int* from, int* to);

}  // namespace govharvest

#endif  // GOVHARVEST_STORE_TIMESTAMP_H_
