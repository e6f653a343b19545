// The real agency behind a spam page whose name was replaced: clues that
// survive the replacement (the portal's own name "中国·温州", the address,
// postcode, telephone area code, the SiteIDCode meta and links to the
// agency's own gov.cn portal), looked up in the GB/T 2260 division table
// (extract/division_table.h: names, codes, telephone area codes of every
// province, prefecture and county) and, for postcodes and portal domains,
// which GB/T 2260 does not have, in a tiny labelled evidence list
// (extract/place_clues.inc).
//
// A "city" below is a prefecture, a province-level municipality (北京市) or a
// county directly under a province (仙桃市); a "county" is any other
// county-level division, inside its city.
//
// Invariants:
//  - every clue found is kept as evidence, with the place it points at ("" when
//    the table knows no place for it, or several: 鼓楼区, 0728);
//  - a city is inferred only when at least two clues agree on it (a clue
//    pointing at one of its counties agrees with the city);
//  - a county or district is inferred only inside the inferred city, when a
//    county-level clue (its own postcode, portal domain, SiteIDCode or
//    "中国·<name>") names it and no other county of the city as strongly, and
//    its own name did not survive on the page as "<county>人民政府" (then the
//    replaced string stood for the city alone). The address naming a county
//    supports it but never decides alone: a city government's address lies in
//    one of its districts too (温州市人民政府, 鹿城区绣山路).
//  - abolished codes and names count for the place they are today (洪泽县 for
//    洪泽区); the inferred name is the place's official form (淮安市洪泽区, 华容县).
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "extract/division_table.h"
#include "extract/internal.h"
#include "extract/text.h"

namespace govharvest::clean_internal {
namespace {

#include "extract/place_clues.inc"

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

const DivisionTable& Table() { return DivisionTable::Builtin(); }

// A city in the sense of the header comment.
bool IsCity(const Division& d) {
  if (d.level == DivisionLevel::kPrefecture || DivisionTable::IsMunicipality(d)) return true;
  if (d.level != DivisionLevel::kCounty) return false;
  const Division* parent = Table().Parent(d);
  return parent != nullptr && parent->level == DivisionLevel::kProvince && !DivisionTable::IsMunicipality(*parent);
}

// The city a county lies in (the county itself when it is one).
const Division* CityOf(const Division& d) {
  if (IsCity(d)) return &d;
  if (d.level != DivisionLevel::kCounty) return nullptr;
  return Table().Parent(d);
}

// What a division points at: a city, a county (with its city), or nothing
// (a province that is no municipality, a statistical code).
struct Pointer {
  const Division* city = nullptr;
  const Division* county = nullptr;
};

Pointer PointerTo(const Division* named) {
  Pointer p;
  if (named == nullptr || named->status == DivisionStatus::kStatistical) return p;
  const Division& place = Table().Place(*named);
  if (IsCity(place)) {
    p.city = &place;
  } else if (place.level == DivisionLevel::kCounty) {
    p.county = &place;
    p.city = CityOf(place);
  }
  return p;
}

// The one place of `matches` as a pointer: a city when exactly one city is
// among them (中国·淮安 is the city's portal, not 淮安区's), else the one
// county; nothing when several.
Pointer PointerOf(const std::vector<DivisionMatch>& matches) {
  std::vector<const Division*> cities, counties;
  for (const DivisionMatch& m : matches) {
    const Pointer p = PointerTo(m.place);
    auto add = [](std::vector<const Division*>* v, const Division* d) {
      if (std::find(v->begin(), v->end(), d) == v->end()) v->push_back(d);
    };
    if (p.county != nullptr) {
      add(&counties, p.county);
    } else if (p.city != nullptr) {
      add(&cities, p.city);
    }
  }
  if (cities.size() == 1) return PointerTo(cities[0]);
  if (cities.empty() && counties.size() == 1) return PointerTo(counties[0]);
  return {};
}

const Division* DivisionOfCode(const char* code) { return Table().Find(code); }

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

  // A clue for `city` (nullptr: none) and `county` (nullptr: none; `decisive`
  // false when it only supports the county, like an address).
  void Add(std::string kind, std::string value, const Division* city, const Division* county, bool decisive = true) {
    for (const auto& e : identity_->evidence) {
      if (e.kind == kind && e.value == value) return;
    }
    std::string place;
    if (county != nullptr) {
      place = Table().OfficialName(*county);
      county_support_[county] += 1;
      if (decisive) {
        county_votes_[county] += 1;
        city = CityOf(*county);
      }
    } else if (city != nullptr) {
      place = city->name;
    }
    if (city != nullptr) city_votes_[city] += 1;
    identity_->evidence.push_back({std::move(kind), std::move(value), std::move(place)});
  }
  void Add(std::string kind, std::string value, const Pointer& p) {
    Add(std::move(kind), std::move(value), p.city, p.county);
  }

  // The city most clues agree on, when two or more do and no other city
  // has as many; nullptr otherwise.
  const Division* BestCity() const {
    const Division* best = nullptr;
    int best_votes = 0;
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
    return best_votes >= 2 && !tie ? best : nullptr;
  }

  // The county of `city` with the most decisive clues (support breaking
  // ties), when no other county of the city scores the same; nullptr otherwise.
  const Division* BestCounty(const Division* city) const {
    const Division* best = nullptr;
    std::pair<int, int> best_score{0, 0};
    bool tie = false;
    for (const auto& [county, votes] : county_votes_) {
      if (CityOf(*county) != city || county == city) continue;
      const std::pair<int, int> score{votes, county_support_.at(county)};
      if (score > best_score) {
        best = county;
        best_score = score;
        tie = false;
      } else if (score == best_score) {
        tie = true;
      }
    }
    return tie ? nullptr : best;
  }

 private:
  InferredIdentity* identity_;
  // Keyed by row; rows live in the immutable Builtin() table. Ordered by
  // code so that iteration, and so ties, never depend on addresses.
  struct ByCode {
    bool operator()(const Division* a, const Division* b) const { return a->code < b->code; }
  };
  std::map<const Division*, int, ByCode> city_votes_;
  std::map<const Division*, int, ByCode> county_votes_;    // decisive clues
  std::map<const Division*, int, ByCode> county_support_;  // all clues
};

}  // namespace

std::string DivisionCodeOfHost(std::string_view host) {
  const std::string lower = text::AsciiLower(host);
  const char* code = nullptr;
  int rows = 0;
  for (const DomainClue& c : kPortalDomains) {
    if (HostUnder(lower, c.domain) && ++rows == 1) code = c.division_code;
  }
  return rows == 1 ? code : "";
}

InferredIdentity InferIdentity(std::string_view input, const std::map<std::string, std::string>& meta_tags) {
  InferredIdentity identity;
  const std::u32string s = text::Decode(input);
  const DivisionTable& table = Table();
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
    const std::string name = text::Encode(s.substr(i, j - i));
    const DivisionChain chain = table.ReadChain(name);
    // The names must cover the run, or stop where a government word starts (中国·淮安市人民政府).
    const bool covered = chain.length == name.size() || std::string_view(name).substr(chain.length).starts_with("人") ||
                         std::string_view(name).substr(chain.length).starts_with("政");
    tally.Add("site_name", text::Encode(s.substr(at, j - at)), covered ? PointerOf(chain.innermost()) : Pointer{});
  }
  // The address: the city it names votes; a county it names is supported.
  for (size_t at = s.find(U"地址"); at != std::u32string::npos; at = s.find(U"地址", at + 1)) {
    const std::string value = text::Encode(ValueAfter(s, at + 2));
    if (text::CountWordChars(value) < 4) continue;
    // The first run of full division names in the address (no short names: 绣山路 names nothing).
    DivisionChain chain;
    for (size_t k = 0; k < value.size() && chain.segments.empty(); ++k) {
      if ((static_cast<unsigned char>(value[k]) & 0xC0) == 0x80) continue;
      chain = table.ReadChain(std::string_view(value).substr(k), nullptr, /*allow_short=*/false);
    }
    const Division* city = nullptr;
    const Division* county = nullptr;
    for (const auto& segment : chain.segments) {
      const Pointer p = PointerOf(segment);
      if (p.county != nullptr) {
        county = p.county;
      } else if (p.city != nullptr) {
        city = p.city;
      }
    }
    if (county != nullptr && city != nullptr && CityOf(*county) != city) county = nullptr;
    // A county named without its city gives the city no vote.
    tally.Add("address", value, city, county, /*decisive=*/county == nullptr);
  }
  // Postcodes: a county's own six digits, else the city's three-digit prefix (place_clues.inc).
  for (std::u32string label : {U"邮编", U"邮政编码"}) {
    for (size_t at = s.find(label); at != std::u32string::npos; at = s.find(label, at + 1)) {
      const std::u32string code = Digits(s, at + label.size(), 6);
      if (code.size() != 6) continue;
      const std::string value = text::Encode(code);
      const Division* county = nullptr;
      const Division* city = nullptr;
      int county_rows = 0, city_rows = 0;
      for (const PostcodeClue& c : kCountyPostcodes) {
        if (value == c.postcode && ++county_rows == 1) county = DivisionOfCode(c.division_code);
      }
      for (const PostcodeClue& c : kCityPostcodePrefixes) {
        if (std::string_view(value).starts_with(c.postcode) && ++city_rows == 1) city = DivisionOfCode(c.division_code);
      }
      Pointer p;
      if (county_rows == 1 && county != nullptr) {
        p = PointerTo(county);
      } else if (city_rows == 1 && city != nullptr) {
        p = PointerTo(city);
      }
      tally.Add("postcode", value, p);
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
      // The telephone area code of a city (several cities share some: 0728, 0977); it tells no county apart.
      std::vector<const Division*> cities;
      for (const Division* d : table.FindByPhoneAreaCode(value)) {
        if (d->status == DivisionStatus::kCurrent && IsCity(*d)) cities.push_back(d);
      }
      tally.Add("phone_area_code", value, cities.size() == 1 ? cities[0] : nullptr, nullptr);
    }
  }
  // Links to the agency's own portal, kept in the text: www.hongze.gov.cn/...
  for (size_t at = s.find(U".gov.cn"); at != std::u32string::npos; at = s.find(U".gov.cn", at + 1)) {
    size_t begin = at;
    while (begin > 0 && IsHostChar(s[begin - 1])) --begin;
    if (begin == at) continue;
    const std::string host = text::AsciiLower(text::Encode(s.substr(begin, at + 7 - begin)));
    const Division* named = nullptr;
    int rows = 0;
    for (const DomainClue& c : kPortalDomains) {
      if (HostUnder(host, c.domain) && ++rows == 1) named = DivisionOfCode(c.division_code);
    }
    if (rows == 1 && named != nullptr) tally.Add("site_domain", host, PointerTo(named));
  }
  if (auto it = meta_tags.find("SiteIDCode"); it != meta_tags.end() && it->second.size() >= 6) {
    // 政府网站标识码: the six-digit GB/T 2260 code of the government, then four digits.
    tally.Add("site_id_code", it->second, PointerTo(table.FindCovering(it->second)));
  }

  const Division* city = tally.BestCity();
  if (city == nullptr) return identity;
  identity.name = city->name;
  const Division* county = tally.BestCounty(city);
  if (county != nullptr) {
    // The county's name survived where a name stands: the replaced string was the city's.
    const std::u32string own = text::Decode(county->name);
    if (s.find(own + U"人民政府") == std::u32string::npos && s.find(own + U"政府") == std::u32string::npos) {
      identity.name = table.OfficialName(*county);
    }
  }
  return identity;
}

}  // namespace govharvest::clean_internal
