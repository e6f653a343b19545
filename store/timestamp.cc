#include "store/timestamp.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace govharvest {

namespace {

// Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar
// (Howard Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool ReadDigits(std::string_view s, size_t* pos, size_t n, int* out) {
  if (*pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = s[*pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *pos += n;
  *out = v;
  return true;
}

bool Expect(std::string_view s, size_t* pos, char c) {
  if (*pos < s.size() && s[*pos] == c) {
    ++*pos;
    return true;
  }
  return false;
}

}  // namespace

TimestampUs NowUs() {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

std::string FormatTimestamp(TimestampUs t) {
  int64_t secs = t / 1000000;
  int64_t micros = t % 1000000;
  if (micros < 0) {
    micros += 1000000;
    secs -= 1;
  }
  std::time_t tt = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<long long>(micros));
  return buf;
}

Status ParseTimestamp(std::string_view s, TimestampUs* out) {
  auto bad = [&] {
    return Status::InvalidArgument("time '" + std::string(s) +
                                   "' is not YYYY-MM-DD[THH:MM[:SS[.ffffff]]][Z|+HH:MM]");
  };
  size_t pos = 0;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!ReadDigits(s, &pos, 4, &year) || !Expect(s, &pos, '-') ||
      !ReadDigits(s, &pos, 2, &month) || !Expect(s, &pos, '-') || !ReadDigits(s, &pos, 2, &day)) {
    return bad();
  }
  int64_t micros = 0;
  if (pos < s.size() && (s[pos] == 'T' || s[pos] == ' ')) {
    ++pos;
    if (!ReadDigits(s, &pos, 2, &hour) || !Expect(s, &pos, ':') ||
        !ReadDigits(s, &pos, 2, &minute)) {
      return bad();
    }
    if (Expect(s, &pos, ':')) {
      if (!ReadDigits(s, &pos, 2, &second)) return bad();
      if (Expect(s, &pos, '.')) {
        int digits = 0;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
          if (digits < 6) micros = micros * 10 + (s[pos] - '0');
          ++digits;
          ++pos;
        }
        if (digits == 0) return bad();
        for (int i = digits; i < 6; ++i) micros *= 10;
      }
    }
  }
  int64_t offset_s = 0;
  if (pos < s.size()) {
    if (s[pos] == 'Z' || s[pos] == 'z') {
      ++pos;
    } else if (s[pos] == '+' || s[pos] == '-') {
      int sign = s[pos] == '-' ? -1 : 1;
      ++pos;
      int oh = 0, om = 0;
      if (!ReadDigits(s, &pos, 2, &oh)) return bad();
      Expect(s, &pos, ':');
      if (!ReadDigits(s, &pos, 2, &om)) return bad();
      if (oh > 23 || om > 59) return bad();
      offset_s = sign * (oh * 3600 + om * 60);
    } else {
      return bad();
    }
  }
  if (pos != s.size()) return bad();
  static constexpr int kDaysInMonth[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || day > kDaysInMonth[month - 1] || hour > 23 ||
      minute > 59 || second > 60) {
    return bad();
  }
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (month == 2 && day == 29 && !leap) return bad();
  int64_t days = DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  int64_t secs = days * 86400 + hour * 3600 + minute * 60 + second - offset_s;
  *out = secs * 1000000 + micros;
  return Status::Ok();
}

Status ParseYearRange(std::string_view text, int* from, int* to) {
  auto year = [](std::string_view s, int* out) {
    if (s.size() != 4 || s.find_first_not_of("0123456789") != std::string_view::npos) return false;
    *out = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    return *out >= kMinReportYear && *out <= kMaxReportYear;
  };
  const size_t dash = text.find('-');
  const bool ok = dash == std::string_view::npos
                      ? year(text, from) && year(text, to)
                      : year(text.substr(0, dash), from) && year(text.substr(dash + 1), to) && *from <= *to;
  if (ok) return Status::Ok();
  return Status::InvalidArgument("--years '" + std::string(text) + "': expected YEAR or FROM-TO, years " +
                                 std::to_string(kMinReportYear) + "-" + std::to_string(kMaxReportYear));
}

}  // namespace govharvest
