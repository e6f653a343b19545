// The real agency behind a spam page whose name was replaced: clues that
// survive the replacement (the portal's own name "中国·温州", the address,
// postcode, telephone area code and the SiteIDCode meta).
#include <algorithm>
#include <map>
#include <string>

#include "extract/internal.h"
#include "extract/text.h"

namespace govharvest::clean_internal {
namespace {

// A small gazetteer of prefecture-level places: telephone area codes and
// postcode prefixes that point at one city, and GB/T 2260 prefixes of
// SiteIDCode. It covers the places of the seeds and the simulator; a full
// table belongs in the extraction stage.
struct Place {
  const char* name;
  const char* area_code;
  const char* postcode_prefix;  // first three digits
  const char* division_prefix;  // first four digits of the GB/T 2260 code
};
constexpr Place kPlaces[] = {
    {"温州市", "0577", "325", "3303"}, {"杭州市", "0571", "310", "3301"}, {"宁波市", "0574", "315", "3302"},
    {"淮安市", "0517", "223", "3208"}, {"南京市", "025", "210", "3201"},  {"开封市", "", "475", "4102"},
    {"南阳市", "0377", "474", "4113"}, {"岳阳市", "0730", "414", "4306"}, {"贵阳市", "0851", "550", "5201"},
    {"广州市", "020", "510", "4401"},  {"太原市", "0351", "030", "1401"}, {"深圳市", "0755", "518", "4403"},
    {"北京市", "010", "100", "1101"},  {"上海市", "021", "200", "3101"},  {"天津市", "022", "300", "1201"},
    {"重庆市", "023", "400", "5001"},  {"武汉市", "027", "430", "4201"},  {"成都市", "028", "610", "5101"},
    {"西安市", "029", "710", "6101"},  {"邯郸市", "0310", "056", "1304"},
};

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

}  // namespace

InferredIdentity InferIdentity(std::string_view input, const std::map<std::string, std::string>& meta_tags) {
  InferredIdentity identity;
  const std::u32string s = text::Decode(input);
  std::map<std::string, int> votes;
  auto add = [&](std::string kind, std::string value, std::string place) {
    for (const auto& e : identity.evidence) {
      if (e.kind == kind && e.value == value) return;
    }
    if (!place.empty()) ++votes[place];
    identity.evidence.push_back({std::move(kind), std::move(value), std::move(place)});
  };
  auto place_by = [](auto field, const std::string& key) -> std::string {
    for (const Place& p : kPlaces) {
      const std::string v = field(p);
      if (!v.empty() && v == key) return p.name;
    }
    return "";
  };
  // The portal's own name: “中国·温州”, 中国温州.
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
    std::string place = short_name;
    for (const Place& p : kPlaces) {
      if (std::string_view(p.name).starts_with(short_name)) place = p.name;
    }
    add("site_name", text::Encode(s.substr(at, j - at)), place);
  }
  for (size_t at = s.find(U"地址"); at != std::u32string::npos; at = s.find(U"地址", at + 1)) {
    const std::u32string value = ValueAfter(s, at + 2);
    if (text::CountWordChars(text::Encode(value)) >= 4) add("address", text::Encode(value), "");
  }
  for (std::u32string label : {U"邮编", U"邮政编码"}) {
    for (size_t at = s.find(label); at != std::u32string::npos; at = s.find(label, at + 1)) {
      const std::u32string code = Digits(s, at + label.size(), 6);
      if (code.size() != 6) continue;
      const std::string value = text::Encode(code);
      add("postcode", value, place_by([](const Place& p) { return std::string(p.postcode_prefix); }, value.substr(0, 3)));
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
      add("phone_area_code", value, place_by([](const Place& p) { return std::string(p.area_code); }, value));
    }
  }
  if (auto it = meta_tags.find("SiteIDCode"); it != meta_tags.end() && it->second.size() >= 6) {
    const std::string& code = it->second;
    add("site_id_code", code,
        place_by([](const Place& p) { return std::string(p.division_prefix); }, code.substr(0, 4)));
  }
  // The place with most votes, when at least two clues agree.
  std::string best;
  int best_votes = 0;
  for (const auto& [place, n] : votes) {
    if (n > best_votes) {
      best = place;
      best_votes = n;
    }
  }
  if (best_votes >= 2) identity.name = best;
  return identity;
}

}  // namespace govharvest::clean_internal
