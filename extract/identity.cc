// The real agency behind a spam page whose name was replaced: clues that
// survive the replacement (the portal's own name "中国·温州", the address,
// postcode, telephone area code, the SiteIDCode meta and links to the
// agency's own gov.cn portal), looked up in a gazetteer of cities and of
// their counties and districts (extract/gazetteer.inc).
//
// Invariants:
//  - every clue found is kept as evidence, with the place it points at ("" when
//    the gazetteer knows no place for it, or several);
//  - a city is inferred only when at least two clues agree on it (a clue
//    pointing at one of its counties agrees with the city);
//  - a county or district is inferred only inside the inferred city, when a
//    county-level clue (its own postcode, portal domain, SiteIDCode or
//    "中国·<name>") names it and no other county of the city as strongly, and
//    its own name did not survive on the page as "<county>人民政府" (then the
//    replaced string stood for the city alone). The address naming a county
//    supports it but never decides alone: a city government's address lies in
//    one of its districts too (温州市人民政府, 鹿城区绣山路).
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "extract/internal.h"
#include "extract/text.h"

namespace govharvest::clean_internal {
namespace {

struct City {
  const char* name;
  const char* area_code;
  const char* postcode_prefix;  // first three digits
  const char* division_prefix;  // first four digits of the GB/T 2260 code
  const char* domain;           // the city portal's registrable gov.cn domain, "" when unknown
};

struct County {
  const char* name;
  const char* city;
  const char* official;       // name as the government writes it ("淮安市洪泽区", "华容县")
  const char* division_code;  // six digits of GB/T 2260
  const char* postcode;       // six digits; "" when it shares the city centre's
  const char* domain;         // the county portal's registrable gov.cn domain, "" when unknown
};

#include "extract/gazetteer.inc"

bool IsDigit(char32_t cp) { return cp >= '0' && cp <= '9'; }

// The text after `label` and an optional colon, up to a delimiter.
std::u32string ValueAfter(const std::u32string& s, size_t label_end) {
  size_t i = label_end;
  while (i < s.size() && (s[i] == U':' || s[i] == U'：' || text::IsSpaceLike(s[i]))) ++i;
  size_t j = i;
  while (j < s.size() && j - i < 40) {
    const char32_t c = s[j];
    if (c == U';' || c == U'；' || c == U',' || c == U'，' || c == U'。' || c == U')' || c == U'）' ||
        c == U'\n' || c == U'|')
      break;
    ++j;
  }
  return s.substr(i, j - i);
}

std::u32string Digits(const std::u32string& s, size_t from, size_t max) {
  std::u32string out;
  while (from < s.size() && (s[from] == U':' || s[from] == U'：' || text::IsSpaceLike(s[from]))) ++from;
  while (from < s.size() && IsDigit(s[from]) && out.size() < max) out.push_back(s[from++]);
  return out;
}

// Index of the one row whose `key(row)` equals `value`; -1 when none or several.
template <typename Row, size_t N, typename Key>
int UniqueRow(const Row (&rows)[N], Key key, std::string_view value) {
  int found = -1;
  for (size_t i = 0; i < N; ++i) {
    const std::string_view k = key(rows[i]);
    if (k.empty() || k != value) continue;
    if (found >= 0) return -1;
    found = static_cast<int>(i);
  }
  return found;
}

int CityNamed(std::string_view name) {
  return UniqueRow(kCities, [](const City& c) { return std::string_view(c.name); }, name);
}

// `host` is `domain` or a host under it.
bool HostUnder(std::string_view host, std::string_view domain) {
  return !domain.empty() && (host == domain || (host.size() > domain.size() && host.ends_with(domain) &&
                                                host[host.size() - domain.size() - 1] == '.'));
}

bool IsHostChar(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || IsDigit(c) || c == '-' || c == '.';
}

// What the clues found so far point at.
class Tally {
 public:
  explicit Tally(InferredIdentity* identity) : identity_(identity) {}

  // A clue for city `city` (-1: none), and for county `county` (-1: none;
  // `decisive` false when it only supports the county, like an address).
  void Add(std::string kind, std::string value, int city, int county, bool decisive = true) {
    for (const auto& e : identity_->evidence) {
      if (e.kind == kind && e.value == value) return;
    }
    std::string place;
    if (county >= 0) {
      place = kCounties[county].official;
      county_support_[county] += 1;
      if (decisive) {
        county_votes_[county] += 1;
        city = CityNamed(kCounties[county].city);
      }
    } else if (city >= 0) {
      place = kCities[city].name;
    }
    if (city >= 0) city_votes_[city] += 1;
    identity_->evidence.push_back({std::move(kind), std::move(value), std::move(place)});
  }

  // The city most clues agree on, when two or more do and no other city
  // has as many; -1 otherwise.
  int BestCity() const {
    int best = -1, best_votes = 0;
    bool tie = false;
    for (const auto& [city, n] : city_votes_) {
      if (n > best_votes) {
        best = city;
        best_votes = n;
        tie = false;
      } else if (n == best_votes) {
        tie = true;
      }
    }
    return best_votes >= 2 && !tie ? best : -1;
  }

  // The county of `city` with the most decisive clues (support breaking
  // ties), when no other county of the city scores the same; -1 otherwise.
  int BestCounty(int city) const {
    int best = -1;
    std::pair<int, int> best_score{0, 0};
    bool tie = false;
    for (const auto& [county, votes] : county_votes_) {
      if (CityNamed(kCounties[county].city) != city) continue;
      const std::pair<int, int> score{votes, county_support_.at(county)};
      if (score > best_score) {
        best = county;
        best_score = score;
        tie = false;
      } else if (score == best_score) {
        tie = true;
      }
    }
    return tie ? -1 : best;
  }

 private:
  InferredIdentity* identity_;
  std::map<int, int> city_votes_;
  std::map<int, int> county_votes_;    // decisive clues
  std::map<int, int> county_support_;  // all clues
};

}  // namespace

InferredIdentity InferIdentity(std::string_view input, const std::map<std::string, std::string>& meta_tags) {
  InferredIdentity identity;
  const std::u32string s = text::Decode(input);
  Tally tally(&identity);

  // The portal's own name: “中国·温州”, 中国温州, “中国·洪泽”. A city first:
  // "中国·淮安" is the city's portal, not 淮安区's.
  for (size_t at = s.find(U"中国"); at != std::u32string::npos; at = s.find(U"中国", at + 1)) {
    size_t i = at + 2;
    const bool dotted = i < s.size() && (s[i] == U'·' || s[i] == U'・' || s[i] == U'•');
    if (dotted) ++i;
    size_t j = i;
    while (j < s.size() && text::IsHan(s[j]) && j - i < 4) ++j;
    const bool quoted = at > 0 && (s[at - 1] == U'“' || s[at - 1] == U'"' || s[at - 1] == U'「') &&
                        j < s.size() && (s[j] == U'”' || s[j] == U'"' || s[j] == U'」');
    if (j - i < 2 || !(quoted || dotted)) continue;
    const std::string short_name = text::Encode(s.substr(i, j - i));
    int city = -1, county = -1;
    for (size_t k = 0; k < std::size(kCities); ++k) {
      if (std::string_view(kCities[k].name).starts_with(short_name)) city = static_cast<int>(k);
    }
    if (city < 0) {
      for (size_t k = 0; k < std::size(kCounties); ++k) {
        if (std::string_view(kCounties[k].name).starts_with(short_name)) county = static_cast<int>(k);
      }
    }
    tally.Add("site_name", text::Encode(s.substr(at, j - at)), city, county);
  }
  // The address: the city it names votes; a county it names is supported.
  for (size_t at = s.find(U"地址"); at != std::u32string::npos; at = s.find(U"地址", at + 1)) {
    const std::string value = text::Encode(ValueAfter(s, at + 2));
    if (text::CountWordChars(value) < 4) continue;
    int city = -1, county = -1;
    for (size_t k = 0; k < std::size(kCities); ++k) {
      if (text::Contains(value, kCities[k].name)) city = static_cast<int>(k);
    }
    for (size_t k = 0; k < std::size(kCounties); ++k) {
      if (text::Contains(value, kCounties[k].name) &&
          (city < 0 || CityNamed(kCounties[k].city) == city)) {
        county = static_cast<int>(k);
      }
    }
    if (county >= 0 && city < 0) {
      // A county name alone may be another city's district (鼓楼区, 通州区):
      // it supports the county but gives the city no vote.
      tally.Add("address", value, -1, county, /*decisive=*/false);
    } else if (county >= 0) {
      tally.Add("address", value, city, county, /*decisive=*/false);
    } else {
      tally.Add("address", value, city, -1);
    }
  }
  // Postcodes: a county's own six digits, else the city's three-digit prefix.
  for (std::u32string label : {U"邮编", U"邮政编码"}) {
    for (size_t at = s.find(label); at != std::u32string::npos; at = s.find(label, at + 1)) {
      const std::u32string code = Digits(s, at + label.size(), 6);
      if (code.size() != 6) continue;
      const std::string value = text::Encode(code);
      const int county = UniqueRow(kCounties, [](const County& c) { return std::string_view(c.postcode); }, value);
      const int city = UniqueRow(kCities, [](const City& c) { return std::string_view(c.postcode_prefix); },
                                 std::string_view(value).substr(0, 3));
      tally.Add("postcode", value, city, county);
    }
  }
  for (std::u32string label : {U"电话", U"联系电话", U"传真"}) {
    for (size_t at = s.find(label); at != std::u32string::npos; at = s.find(label, at + 1)) {
      // The area code is what precedes the hyphen: 0577-88963796, 020-82753121.
      size_t k = at + label.size();
      while (k < s.size() && !IsDigit(s[k]) && k - at < label.size() + 3) ++k;
      std::u32string code;
      while (k < s.size() && IsDigit(s[k]) && code.size() < 5) code.push_back(s[k++]);
      if (code.size() < 3 || code.size() > 4 || code[0] != U'0') continue;
      if (k >= s.size() || (s[k] != U'-' && s[k] != U'－')) continue;
      const std::string value = text::Encode(code);
      tally.Add("phone_area_code", value,
                UniqueRow(kCities, [](const City& c) { return std::string_view(c.area_code); }, value), -1);
    }
  }
  // Links to the agency's own portal, kept in the text: www.hongze.gov.cn/...
  for (size_t at = s.find(U".gov.cn"); at != std::u32string::npos; at = s.find(U".gov.cn", at + 1)) {
    size_t begin = at;
    while (begin > 0 && IsHostChar(s[begin - 1])) --begin;
    if (begin == at) continue;
    const std::string host = text::AsciiLower(text::Encode(s.substr(begin, at + 7 - begin)));
    int county = -1, city = -1;
    for (size_t k = 0; k < std::size(kCounties); ++k) {
      if (HostUnder(host, kCounties[k].domain)) county = static_cast<int>(k);
    }
    for (size_t k = 0; k < std::size(kCities) && county < 0; ++k) {
      if (HostUnder(host, kCities[k].domain)) city = static_cast<int>(k);
    }
    if (county >= 0 || city >= 0) tally.Add("site_domain", host, city, county);
  }
  if (auto it = meta_tags.find("SiteIDCode"); it != meta_tags.end() && it->second.size() >= 6) {
    // 政府网站标识码: the six-digit GB/T 2260 code of the government, then four digits.
    const std::string& code = it->second;
    const int county = UniqueRow(kCounties, [](const County& c) { return std::string_view(c.division_code); },
                                 std::string_view(code).substr(0, 6));
    const int city = UniqueRow(kCities, [](const City& c) { return std::string_view(c.division_prefix); },
                               std::string_view(code).substr(0, 4));
    tally.Add("site_id_code", code, city, county);
  }

  const int city = tally.BestCity();
  if (city < 0) return identity;
  identity.name = kCities[city].name;
  const int county = tally.BestCounty(city);
  if (county >= 0) {
    // The county's name survived where a name stands: the replaced string was the city's.
    const std::u32string own = text::Decode(kCounties[county].name);
    if (s.find(own + U"人民政府") == std::u32string::npos && s.find(own + U"政府") == std::u32string::npos) {
      identity.name = kCounties[county].official;
    }
  }
  return identity;
}

}  // namespace govharvest::clean_internal
