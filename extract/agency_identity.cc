#include "extract/agency_identity.h"

#include <algorithm>
#include <array>
#include <vector>

#include "extract/division_table.h"
#include "extract/internal.h"
#include "extract/report_internal.h"
#include "extract/text.h"

namespace govharvest {
namespace {

// Han characters and ASCII letters and digits (full-width folded); spaces and punctuation dropped.
std::string NormalizeName(std::string_view name) {
  std::u32string out;
  for (char32_t c : text::Decode(name)) {
    c = report_internal::FoldChar(c);
    if (text::IsHan(c) || text::IsAsciiAlnum(c)) out.push_back(c);
  }
  return text::Encode(out);
}

// The division of an evidence code: today's row, a statistical code's prefecture.
const Division* DivisionOfCode(std::string_view code) {
  const DivisionTable& t = DivisionTable::Builtin();
  const Division* d = t.FindCovering(code);
  if (d == nullptr) return nullptr;
  if (d->status == DivisionStatus::kStatistical) d = t.Parent(*d);
  return d == nullptr ? nullptr : &t.Place(*d);
}

const Division* DivisionOfName(std::string_view name) {
  if (name.empty()) return nullptr;
  return UniquePlace(DivisionTable::Builtin().FindByName(NormalizeName(name)));
}

// The canonical chain of names standing for `d` in a normalized name.
std::string ChainName(const Division& d) {
  const DivisionTable& t = DivisionTable::Builtin();
  if (d.level == DivisionLevel::kCounty) {
    const Division* parent = t.Parent(d);
    if (parent != nullptr && (parent->level == DivisionLevel::kPrefecture || DivisionTable::IsMunicipality(*parent))) {
      return parent->name + d.name;
    }
  }
  return d.name;
}

// The body part of a name, in its normal form: a bare division or its 政府
// is its 人民政府; a bare township (or X镇政府) is its 人民政府, a bare street
// its 街道办事处. Nothing else is rewritten (参事室政府 stays as read).
std::string BodyPart(std::string rest) {
  if (rest.empty() || rest == "政府") return "人民政府";
  if (rest.ends_with("镇政府") || rest.ends_with("乡政府")) {
    rest.insert(rest.size() - std::string_view("政府").size(), "人民");
  }
  if (rest.ends_with("镇") || rest.ends_with("乡")) return rest + "人民政府";
  if (rest.ends_with("街道")) return rest + "办事处";
  return rest;
}

std::string LevelOf(const std::string& body, const Division& d) {
  if (body == "人民政府") return std::string(DivisionLevelName(d.level));
  if (body.ends_with("镇人民政府") || body.ends_with("乡人民政府")) return "township";
  if (body.ends_with("街道办事处")) return "street";
  static constexpr std::array<std::string_view, 12> kDepartments = {
      "局", "委员会", "委", "办公室", "办公厅", "厅", "中心", "署", "办", "院", "部", "所"};
  for (std::string_view s : kDepartments) {
    if (body.ends_with(s)) return "department";
  }
  return "other";
}

struct Candidate {
  const char* source;
  const Division* division;
};

// The one candidate place that contains `e` (or else the one inside it); nullptr otherwise.
const Division* Narrow(const std::vector<const Division*>& places, const Division& e) {
  const DivisionTable& t = DivisionTable::Builtin();
  const Division* found = nullptr;
  int containing = 0, inside = 0;
  for (const Division* p : places) {
    if (t.IsWithin(e, *p) && ++containing == 1) found = p;
  }
  if (containing == 1) return found;
  if (containing > 1) return nullptr;
  for (const Division* p : places) {
    if (t.IsWithin(*p, e) && ++inside == 1) found = p;
  }
  return inside == 1 ? found : nullptr;
}

// A body of the central government, which GB/T 2260 gives no code: no
// division name in it, and a name that says so (国务院…, 国家…, 中华人民共和国…,
// 中国气象局; a ministry 教育部, 工业和信息化部), or a SiteIDCode of the central
// departments' series (bm…). A bare 宣传部 or 人武部 is no ministry: 部 alone
// counts only for short names without 武装/人武.
bool IsCentralBody(const std::string& name, const std::string& site_id_code) {
  for (const char* lead : {"国务院", "国家", "中华人民共和国", "中国"}) {
    if (name.starts_with(lead)) return true;
  }
  if (site_id_code.size() >= 2 && (site_id_code.starts_with("bm") || site_id_code.starts_with("BM"))) return true;
  return name.ends_with("部") && text::Length(name) >= 3 && text::Length(name) <= 9 && !text::Contains(name, "武") &&
         !text::Contains(name, "宣传") && !text::Contains(name, "组织") && !text::Contains(name, "统战");
}

}  // namespace

AgencyIdentity IdentifyAgency(const AgencyEvidence& e) {
  AgencyIdentity out;
  const DivisionTable& t = DivisionTable::Builtin();
  const std::string name = NormalizeName(e.agency_name);
  if (name.empty()) {
    out.evidence = "undecided: no agency name";
    return out;
  }
  // The other evidence, in order.
  std::vector<Candidate> others;
  if (!e.site_id_code.empty()) others.push_back({"site_id_code", DivisionOfCode(e.site_id_code)});
  if (!e.inferred_name.empty()) others.push_back({"inferred_identity", DivisionOfName(e.inferred_name)});
  if (!e.site_division_code.empty()) others.push_back({"site_config", DivisionOfCode(e.site_division_code)});
  if (!e.host.empty()) {
    const std::string code = clean_internal::DivisionCodeOfHost(e.host);
    if (!code.empty()) others.push_back({"host", DivisionOfCode(code)});
  }
  std::erase_if(others, [](const Candidate& c) { return c.division == nullptr; });

  // The division names leading the name; else the first run of full names
  // inside it (国家税务总局淮安市洪泽区税务局, 中共洪泽区委办公室), kept in place.
  DivisionChain chain = t.ReadChain(name);
  size_t chain_begin = 0;
  for (size_t k = 1; chain.segments.empty() && k < name.size(); ++k) {
    if ((static_cast<unsigned char>(name[k]) & 0xC0) == 0x80) continue;
    chain = t.ReadChain(std::string_view(name).substr(k), nullptr, /*allow_short=*/false);
    chain_begin = k;
  }
  const Division* division = nullptr;
  std::string prefix;  // text before an inner chain
  std::string rest = name;
  if (!chain.segments.empty()) {
    std::vector<const Division*> places;
    for (const DivisionMatch& m : chain.innermost()) {
      if (std::find(places.begin(), places.end(), m.place) == places.end()) places.push_back(m.place);
    }
    prefix = name.substr(0, chain_begin);
    rest = name.substr(chain_begin + chain.length);
    if (places.size() == 1) {
      division = places[0];
      out.evidence = "name";
    } else {
      for (const Candidate& c : others) {
        division = Narrow(places, *c.division);
        if (division != nullptr) {
          out.evidence = std::string("name+") + c.source;
          break;
        }
      }
      if (division == nullptr) {
        out.evidence = "undecided: " + chain.texts.back() + " fits " + std::to_string(places.size()) +
                       " places and no other evidence chooses one";
      }
    }
  } else if (IsCentralBody(name, e.site_id_code)) {
    // No GB/T 2260 code: the whole country, 000000 by this project's convention.
    out.division_code = kCentralDivisionCode;
    out.normalized_name = name;
    out.level = "national";
    out.evidence = "central_body";
    out.id = out.division_code + ":" + out.normalized_name;
    return out;
  } else if (!others.empty()) {
    division = others.front().division;
    out.evidence = others.front().source;
  } else {
    out.evidence = "undecided: no division name in the agency name, no SiteIDCode, inferred place or site division";
  }
  // Behind an inner chain the name is kept as read: only a name that opens with its division is a government's.
  const std::string body = prefix.empty() ? BodyPart(rest) : rest;
  if (division == nullptr) {
    out.normalized_name = name;
    return out;
  }
  out.division_code = division->code;
  out.normalized_name = prefix + ChainName(*division) + body;
  out.level = prefix.empty() || body != "人民政府" ? LevelOf(body, *division) : "other";
  if (!prefix.empty() && body.empty()) out.level = "other";
  out.id = out.division_code + ":" + out.normalized_name;
  return out;
}

void AssignAgencyIdentity(const CleanPage& page, std::string_view site_division_code, ReportRecord* record) {
  AgencyEvidence e;
  e.agency_name = record->agency_name;
  if (const auto it = page.meta_tags.find("SiteIDCode"); it != page.meta_tags.end()) e.site_id_code = it->second;
  if (page.HasFlag("name_replaced")) e.inferred_name = page.identity.name;
  e.site_division_code = std::string(site_division_code);
  e.host = page.host;
  const AgencyIdentity id = IdentifyAgency(e);
  record->agency_id = id.id;
  record->agency_id_evidence = id.evidence;
  record->agency_level = id.level;
}

}  // namespace govharvest
