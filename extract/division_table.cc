#include "extract/division_table.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <set>

namespace govharvest {
namespace divisions_data {
// The text of extract/divisions/divisions.tsv, compiled in by CMake
// (extract/divisions/divisions_data.cc.in).
extern const char kTsv[];
}  // namespace divisions_data

namespace {

constexpr std::string_view kTab = "\t";

std::vector<std::string_view> Split(std::string_view s, std::string_view sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    const size_t at = s.find(sep, start);
    out.push_back(s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) break;
    start = at + sep.size();
  }
  return out;
}

bool IsSixDigits(std::string_view s) {
  return s.size() == 6 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool IsLeadByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }

// Byte offset after `n` code points from `from`, or npos when the text is shorter.
size_t AfterCodePoints(std::string_view s, size_t from, size_t n) {
  size_t i = from;
  for (size_t k = 0; k < n; ++k) {
    if (i >= s.size()) return std::string_view::npos;
    ++i;
    while (i < s.size() && !IsLeadByte(s[i])) ++i;
  }
  return i;
}

size_t CodePoints(std::string_view s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), IsLeadByte));
}

// The name without its administrative suffix and, for autonomous divisions,
// without the peoples named before it: 洪泽区 -> 洪泽, 恩施土家族苗族自治州 -> 恩施,
// 内蒙古自治区 -> 内蒙古. "" when fewer than two characters would remain.
std::string ShortNameOf(std::string_view name) {
  static constexpr std::array<std::string_view, 15> kSuffixes = {
      "特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "特区", "矿区", "省", "市", "县", "区", "旗", "盟"};
  static constexpr std::array<std::string_view, 30> kPeoples = {
      "蒙古族", "蒙古", "回族", "藏族", "维吾尔", "苗族", "彝族", "壮族", "布依族", "朝鲜族",
      "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克", "傣族", "黎族", "傈僳族",
      "佤族", "畲族", "拉祜族", "水族", "纳西族", "景颇族", "柯尔克孜", "羌族", "仡佬族", "各族"};
  std::string_view s = name;
  for (std::string_view suffix : kSuffixes) {
    if (s.size() > suffix.size() && s.ends_with(suffix)) {
      s.remove_suffix(suffix.size());
      break;
    }
  }
  if (name.find("自治") != std::string_view::npos) {
    size_t cut = std::string_view::npos;
    for (std::string_view people : kPeoples) {
      const size_t at = s.find(people);
      if (at != std::string_view::npos && CodePoints(s.substr(0, at)) >= 2) cut = std::min(cut, at);
    }
    if (cut != std::string_view::npos) s = s.substr(0, cut);
  }
  return CodePoints(s) >= 2 ? std::string(s) : std::string();
}

// A short name is not read before these: 宁海路, 洪泽湖, 黄山风景区 name no division.
bool BlocksShortName(std::string_view rest) {
  static constexpr std::array<std::string_view, 21> kNext = {
      "路", "街", "村", "社区", "大道", "湖", "山", "河", "江", "海", "港", "镇", "乡", "里", "巷",
      "大学", "学院", "中学", "小学", "医院", "风景"};
  return std::any_of(kNext.begin(), kNext.end(), [&](std::string_view w) { return rest.starts_with(w); });
}

}  // namespace

std::string_view DivisionLevelName(DivisionLevel level) {
  switch (level) {
    case DivisionLevel::kProvince: return "province";
    case DivisionLevel::kPrefecture: return "prefecture";
    case DivisionLevel::kCounty: return "county";
  }
  return "";
}

std::string_view DivisionStatusName(DivisionStatus status) {
  switch (status) {
    case DivisionStatus::kCurrent: return "current";
    case DivisionStatus::kAbolished: return "abolished";
    case DivisionStatus::kStatistical: return "statistical";
  }
  return "";
}

const std::vector<DivisionMatch>& DivisionChain::innermost() const {
  static const std::vector<DivisionMatch> kNone;
  return segments.empty() ? kNone : segments.back();
}

const DivisionTable& DivisionTable::Builtin() {
  static const DivisionTable table = [] {
    DivisionTable t;
    // The data is compiled in and checked by tests: a parse failure is a build defect.
    if (!Parse(divisions_data::kTsv, &t).ok()) std::abort();
    return t;
  }();
  return table;
}

Status DivisionTable::Parse(std::string_view tsv, DivisionTable* out) {
  DivisionTable t;
  bool header_seen = false;
  size_t line_no = 0;
  for (std::string_view line : Split(tsv, "\n")) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (line.starts_with("#")) {
      if (line.starts_with("# Revisions: ")) t.revisions_ = std::string(line.substr(13));
      continue;
    }
    const std::vector<std::string_view> f = Split(line, kTab);
    const std::string where = "divisions.tsv:" + std::to_string(line_no) + ": ";
    if (!header_seen) {
      if (f.size() != 10 || f[0] != "code" || f[9] != "phone_area_code") {
        return Status::InvalidArgument(where + "header: expected the 10 columns of divisions.tsv");
      }
      header_seen = true;
      continue;
    }
    if (f.size() != 10) return Status::InvalidArgument(where + "expected 10 columns, got " + std::to_string(f.size()));
    Division d;
    d.code = std::string(f[0]);
    if (!IsSixDigits(d.code)) return Status::InvalidArgument(where + "code: not six digits: " + d.code);
    d.name = std::string(f[1]);
    if (d.name.empty()) return Status::InvalidArgument(where + "name: empty");
    if (f[2] == "province") {
      d.level = DivisionLevel::kProvince;
    } else if (f[2] == "prefecture") {
      d.level = DivisionLevel::kPrefecture;
    } else if (f[2] == "county") {
      d.level = DivisionLevel::kCounty;
    } else {
      return Status::InvalidArgument(where + "level: " + std::string(f[2]));
    }
    d.parent = std::string(f[3]);
    if (f[4] == "current") {
      d.status = DivisionStatus::kCurrent;
    } else if (f[4] == "abolished") {
      d.status = DivisionStatus::kAbolished;
    } else if (f[4] == "statistical") {
      d.status = DivisionStatus::kStatistical;
    } else {
      return Status::InvalidArgument(where + "status: " + std::string(f[4]));
    }
    d.first_revision = std::string(f[5]);
    d.last_revision = std::string(f[6]);
    if (!f[7].empty()) {
      for (std::string_view former : Split(f[7], ";")) {
        const size_t at = former.find('@');
        const size_t dash = former.find('-', at == std::string_view::npos ? 0 : at);
        if (at == std::string_view::npos || dash == std::string_view::npos) {
          return Status::InvalidArgument(where + "former_names: expected name@first-last: " + std::string(former));
        }
        d.former_names.push_back({std::string(former.substr(0, at)), std::string(former.substr(at + 1, dash - at - 1)),
                                  std::string(former.substr(dash + 1))});
      }
    }
    d.successor = std::string(f[8]);
    d.phone_area_code = std::string(f[9]);
    d.short_name = ShortNameOf(d.name);
    if (!t.by_code_.emplace(d.code, t.divisions_.size()).second) {
      return Status::InvalidArgument(where + "code: listed twice: " + d.code);
    }
    t.divisions_.push_back(std::move(d));
  }
  if (!header_seen) return Status::InvalidArgument("divisions.tsv: no header line");
  for (size_t i = 0; i < t.divisions_.size(); ++i) {
    const Division& d = t.divisions_[i];
    if (!d.parent.empty() && !t.Find(d.parent)) {
      return Status::InvalidArgument("divisions.tsv: " + d.code + ": parent " + d.parent + " is no row");
    }
    if (!d.successor.empty() && !t.Find(d.successor)) {
      return Status::InvalidArgument("divisions.tsv: " + d.code + ": successor " + d.successor + " is no row");
    }
    if (!d.phone_area_code.empty()) t.by_area_code_[d.phone_area_code].push_back(i);
    if (d.status == DivisionStatus::kStatistical) continue;  // no division: found by code only
    t.by_name_[d.name].push_back(i);
    t.longest_name_ = std::max(t.longest_name_, CodePoints(d.name));
    for (const FormerName& f : d.former_names) {
      t.by_former_name_[f.name].push_back(i);
      t.longest_name_ = std::max(t.longest_name_, CodePoints(f.name));
    }
    if (!d.short_name.empty()) t.by_short_name_[d.short_name].push_back(i);
  }
  *out = std::move(t);
  return Status::Ok();
}

const Division* DivisionTable::Find(std::string_view code) const {
  const auto it = by_code_.find(code);
  return it == by_code_.end() ? nullptr : &divisions_[it->second];
}

const Division* DivisionTable::FindCovering(std::string_view code) const {
  if (code.size() < 6 || !IsSixDigits(code.substr(0, 6))) return nullptr;
  const std::string six(code.substr(0, 6));
  if (const Division* d = Find(six)) return d;
  if (const Division* d = Find(six.substr(0, 4) + "00")) return d;
  return Find(six.substr(0, 2) + "0000");
}

const Division* DivisionTable::Parent(const Division& d) const { return d.parent.empty() ? nullptr : Find(d.parent); }

const Division* DivisionTable::Prefecture(const Division& d) const {
  for (const Division* x = &d; x != nullptr; x = Parent(*x)) {
    if (x->level == DivisionLevel::kPrefecture) return x;
  }
  return nullptr;
}

const Division* DivisionTable::Province(const Division& d) const {
  for (const Division* x = &d; x != nullptr; x = Parent(*x)) {
    if (x->level == DivisionLevel::kProvince) return x;
  }
  return nullptr;
}

bool DivisionTable::IsWithin(const Division& d, const Division& ancestor) const {
  for (const Division* x = &d; x != nullptr; x = Parent(*x)) {
    if (x == &ancestor) return true;
  }
  return false;
}

const Division& DivisionTable::Place(const Division& d) const {
  const Division* x = &d;
  for (int hops = 0; hops < 8 && !x->successor.empty(); ++hops) {
    const Division* next = Find(x->successor);
    if (next == nullptr) break;
    x = next;
  }
  return *x;
}

bool DivisionTable::IsMunicipality(const Division& d) {
  return d.code == "110000" || d.code == "120000" || d.code == "310000" || d.code == "500000";
}

std::string DivisionTable::FullName(const Division& d) const {
  std::vector<const Division*> chain;
  for (const Division* x = &d; x != nullptr; x = Parent(*x)) chain.push_back(x);
  std::string out;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) out += (*it)->name;
  return out;
}

std::string DivisionTable::OfficialName(const Division& d) const {
  if (d.level == DivisionLevel::kCounty && d.name.ends_with("区")) {
    const Division* parent = Parent(d);
    if (parent != nullptr && (parent->level == DivisionLevel::kPrefecture || IsMunicipality(*parent))) {
      return parent->name + d.name;
    }
  }
  return d.name;
}

std::vector<DivisionMatch> DivisionTable::Lookup(std::string_view key, bool allow_short) const {
  std::vector<DivisionMatch> out;
  auto add = [&](const std::map<std::string, std::vector<size_t>, std::less<>>& index, bool former, bool short_name) {
    const auto it = index.find(key);
    if (it == index.end()) return;
    for (size_t i : it->second) {
      const Division* d = &divisions_[i];
      out.push_back({d, &Place(*d), former, short_name});
    }
  };
  add(by_name_, false, false);
  add(by_former_name_, true, false);
  if (allow_short) add(by_short_name_, false, true);
  return out;
}

DivisionChain DivisionTable::ReadChain(std::string_view text, const Division* within, bool allow_short) const {
  DivisionChain chain;
  size_t pos = 0;
  while (pos < text.size()) {
    std::vector<DivisionMatch> found;
    size_t found_end = 0;
    const std::vector<DivisionMatch>* outer = chain.segments.empty() ? nullptr : &chain.segments.back();
    auto fits = [&](const DivisionMatch& m) {
      if (within != nullptr && !IsWithin(*m.named, *within) && !IsWithin(*m.place, *within)) return false;
      if (outer == nullptr) return true;
      return std::any_of(outer->begin(), outer->end(), [&](const DivisionMatch& o) {
        return m.named != o.named && IsWithin(*m.named, *o.named);
      });
    };
    for (size_t n = longest_name_; n >= 2 && found.empty(); --n) {
      const size_t end = AfterCodePoints(text, pos, n);
      if (end == std::string_view::npos) continue;
      const std::vector<DivisionMatch> candidates = Lookup(text.substr(pos, end - pos), allow_short);
      // The best kind with a candidate that fits: newest names, then former, then short.
      for (int kind = 0; kind < 3 && found.empty(); ++kind) {
        for (const DivisionMatch& m : candidates) {
          const int k = m.by_short_name ? 2 : (m.by_former_name ? 1 : 0);
          if (k != kind || !fits(m)) continue;
          if (m.by_short_name && BlocksShortName(text.substr(end))) continue;
          found.push_back(m);
        }
      }
      if (!found.empty()) found_end = end;
    }
    if (found.empty()) break;
    if (outer != nullptr) {
      // The outer names keep only the candidates the inner ones lie in.
      std::vector<DivisionMatch>& prev = chain.segments.back();
      std::erase_if(prev, [&](const DivisionMatch& o) {
        return std::none_of(found.begin(), found.end(), [&](const DivisionMatch& m) { return IsWithin(*m.named, *o.named); });
      });
    }
    chain.segments.push_back(std::move(found));
    chain.texts.emplace_back(text.substr(pos, found_end - pos));
    pos = found_end;
  }
  chain.length = pos;
  return chain;
}

std::vector<DivisionMatch> DivisionTable::FindByName(std::string_view name, const Division* within) const {
  if (name.empty()) return {};
  DivisionChain chain = ReadChain(name, within, /*allow_short=*/true);
  if (chain.length != name.size() || chain.segments.empty()) return {};
  return chain.segments.back();
}

std::vector<const Division*> DivisionTable::FindByPhoneAreaCode(std::string_view code) const {
  std::vector<const Division*> out;
  const auto it = by_area_code_.find(code);
  if (it == by_area_code_.end()) return out;
  for (size_t i : it->second) out.push_back(&divisions_[i]);
  return out;
}

const Division* UniquePlace(const std::vector<DivisionMatch>& matches) {
  std::set<const Division*> places;
  for (const DivisionMatch& m : matches) places.insert(m.place);
  return places.size() == 1 ? *places.begin() : nullptr;
}

}  // namespace govharvest
