// Agency identity: a key researchers can join on, stable across years for
// one government body (docs/schema.md, "Agency identity").
//
//   agency_id = <division code> ":" <normalized name>
//   e.g. "320813:淮安市洪泽区人民政府", "320813:淮安市洪泽区财政局",
//        "320813:淮安市洪泽区岔河镇人民政府", "320800:淮安市人民政府"
//
// The division is the GB/T 2260 province, prefecture or county the body
// belongs to (extract/division_table.h), today's code for an abolished one
// (洪泽县 320829 -> 320813). The normalized name is the body's name without
// spaces and punctuation, its leading division names replaced by the
// division's canonical chain (a county with its prefecture or municipality:
// 淮安市洪泽区, 北京市西城区, 岳阳市华容县; a prefecture, a province, a county
// under a province alone), and a bare division (洪泽区) or its 政府, a bare
// township (岔河镇) or its 政府, or a bare street (X街道) read as X人民政府 /
// X街道办事处; nothing else is rewritten.
//
// Invariants:
//  - the division is decided from evidence in this order, and only when it is
//    unique: the division names leading the agency name, else the first run
//    of full division names inside it (a name fitting several
//    places is narrowed by the later evidence, never guessed), then the
//    SiteIDCode, the inferred identity of a name-replaced page, the crawl
//    site's configured division code, the page's host; the first that decides
//    is recorded in `evidence`;
//  - when nothing decides, `id` is empty and `evidence` says why
//    ("undecided: …"): no id is ever a guess;
//  - departments, townships and streets are bodies of their own (their own
//    name) in the division of their county; the 索引号 prefix (agency_key) is
//    not used: it is evidence of the site, not of the body.
#ifndef GOVHARVEST_EXTRACT_AGENCY_IDENTITY_H_
#define GOVHARVEST_EXTRACT_AGENCY_IDENTITY_H_

#include <string>
#include <string_view>

#include "extract/clean.h"
#include "extract/report.h"

namespace govharvest {

// The division code of central-government bodies (ministries, commissions,
// 国务院 bodies), which GB/T 2260 does not code: a convention of govharvest.
inline constexpr char kCentralDivisionCode[] = "000000";

struct AgencyEvidence {
  std::string agency_name;         // as extracted (ReportRecord::agency_name)
  std::string site_id_code;        // the SiteIDCode meta tag, "" when none
  std::string inferred_name;       // a name-replaced page's inferred place (淮安市洪泽区), "" when none
  std::string site_division_code;  // the crawl config's [[site]] division_code, "" when none
  std::string host;                // the page's host, "" when none
};

struct AgencyIdentity {
  std::string id;               // "" when the division is undecided
  std::string division_code;    // six digits; "" when undecided
  std::string normalized_name;  // 淮安市洪泽区人民政府; "" when the agency name is empty
  // What the body is: "national" (a central-government body), "province" |
  // "prefecture" | "county" (a government of that level), "township",
  // "street", "department", "other"; "" when no id.
  std::string level;
  // What decided the division: "name", "central_body" (000000), "site_id_code",
  // "inferred_identity", "site_config", "host", or "name+<one of these>" when the name fitted
  // several places and that evidence chose one; "undecided: <why>" otherwise.
  std::string evidence;
};

AgencyIdentity IdentifyAgency(const AgencyEvidence& evidence);

// Sets record->agency_id, agency_id_evidence and agency_level from the page
// (agency name already in `record`, SiteIDCode, inferred identity, host) and
// the crawl site's configured division code ("" when unknown).
void AssignAgencyIdentity(const CleanPage& page, std::string_view site_division_code, ReportRecord* record);

}  // namespace govharvest

#endif  // GOVHARVEST_EXTRACT_AGENCY_IDENTITY_H_
