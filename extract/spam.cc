// Injected gambling/porn SEO strings: a curated lexicon and the keyword-
// stuffed "A_B_C" chains that hacked and mirror sites put in titles, keyword
// metas, hidden link blocks and in place of the agency's name.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "extract/clean.h"
#include "extract/internal.h"
#include "extract/text.h"

namespace govharvest {
namespace {

// Terms that government text does not use. ASCII in lower case.
constexpr const char* kStrongTerms[] = {
    "365体育", "365网站", "bet365", "365bet", "百家乐", "时时彩", "葡京", "威尼斯人", "足球竞猜", "体育投注",
    "真人娱乐", "娱乐城", "博彩", "赌场", "六合彩", "老虎机", "威廉希尔", "皇冠体育", "太阳城集团", "金沙娱乐",
    "澳门银河", "澳门赌", "网上赌", "赌博网", "亚博体育", "开元棋牌", "棋牌游戏", "彩票平台", "购彩", "赌球",
    "ag真人", "bbin", "欧洲杯竞猜", "世界杯竞猜", "竞猜app", "体育app", "体育在线", "电子游艺", "捕鱼游戏",
    "成人视频", "av在线", "无码", "毛片", "约炮", "裸聊", "一本道", "伦理片", "黄色网站", "色情网站", "成人网站",
};
// Terms that government text does use (福利彩票, 澳门特别行政区, 棋牌室, 淫秽色情):
// they count only inside a keyword chain, and only two of them together.
constexpr const char* kWeakTerms[] = {
    "澳门", "彩票", "棋牌", "官网", "app下载", "网址", "手机版", "投注", "色情", "赌", "竞猜", "娱乐平台", "注册",
};

struct Lexicon {
  std::vector<std::u32string> strong;
  std::vector<std::u32string> weak;
  Lexicon() {
    for (const char* t : kStrongTerms) strong.push_back(text::Decode(t));
    for (const char* t : kWeakTerms) weak.push_back(text::Decode(t));
  }
};

const Lexicon& GetLexicon() {
  static const Lexicon lexicon;  // immutable after construction
  return lexicon;
}

char32_t LowerCp(char32_t cp) { return (cp >= 'A' && cp <= 'Z') ? cp - 'A' + 'a' : cp; }

std::u32string Lower(std::u32string_view s) {
  std::u32string out(s);
  for (char32_t& cp : out) cp = LowerCp(cp);
  return out;
}

struct TermHits {
  int strong = 0;
  int weak = 0;
  size_t first_start = std::u32string::npos;  // of a strong (else weak) hit, widened over ASCII alnum
  size_t last_end = 0;
};

TermHits FindTerms(std::u32string_view part) {
  TermHits hits;
  const std::u32string lower = Lower(part);
  auto widen = [&](size_t start, size_t end) {
    while (start > 0 && text::IsAsciiAlnum(lower[start - 1])) --start;
    while (end < lower.size() && text::IsAsciiAlnum(lower[end])) ++end;
    hits.first_start = std::min(hits.first_start, start);
    hits.last_end = std::max(hits.last_end, end);
  };
  for (const auto& term : GetLexicon().strong) {
    for (size_t at = lower.find(term); at != std::u32string::npos; at = lower.find(term, at + 1)) {
      ++hits.strong;
      widen(at, at + term.size());
    }
  }
  for (const auto& term : GetLexicon().weak) {
    for (size_t at = lower.find(term); at != std::u32string::npos; at = lower.find(term, at + 1)) {
      ++hits.weak;
      if (hits.strong == 0) widen(at, at + term.size());
    }
  }
  return hits;
}

bool HasTerms(std::u32string_view part) {
  const TermHits h = FindTerms(part);
  return h.strong > 0 || h.weak > 0;
}

std::vector<std::u32string> SplitOn(std::u32string_view s, char32_t sep) {
  std::vector<std::u32string> parts;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      parts.emplace_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

// End parts of a chain: the spam in them when they have no common context.
constexpr size_t kMaxEndPart = 20;
std::u32string LeftSpam(const std::u32string& p0) {
  const TermHits h = FindTerms(p0);
  if (h.strong == 0 && h.weak == 0) return {};
  if (p0.size() <= kMaxEndPart) return p0;
  return p0.substr(h.first_start);
}
std::u32string RightSpam(const std::u32string& pk) {
  const TermHits h = FindTerms(pk);
  if (h.strong == 0 && h.weak == 0) return {};
  if (pk.size() <= kMaxEndPart) return pk;
  return pk.substr(0, h.last_end);
}

std::u32string CommonSuffix(const std::vector<std::u32string>& items) {
  std::u32string common = items.front();
  for (const auto& s : items) {
    size_t n = 0;
    while (n < common.size() && n < s.size() && common[common.size() - 1 - n] == s[s.size() - 1 - n]) ++n;
    common = common.substr(common.size() - n);
  }
  return common;
}

std::u32string CommonPrefix(const std::vector<std::u32string>& items) {
  std::u32string common = items.front();
  for (const auto& s : items) {
    size_t n = 0;
    while (n < common.size() && n < s.size() && common[n] == s[n]) ++n;
    common.resize(n);
  }
  return common;
}

// The common context of a chain's end parts across its occurrences is the
// part of the name that the chain replaced ("365数字含义" before 人民政府,
// 鹿城区, 各级 ...), provided the occurrences differ and it is short.
constexpr size_t kMaxCommonContext = 16;
bool UsableContext(const std::vector<std::u32string>& items, const std::u32string& common) {
  if (items.size() < 2 || common.empty() || common.size() > kMaxCommonContext) return false;
  return std::any_of(items.begin(), items.end(), [&](const std::u32string& s) { return s != items.front(); });
}

struct ChainOccurrence {
  std::u32string first;  // text before the first '_' (inside the run)
  std::u32string last;   // text after the last '_'
};

}  // namespace

std::vector<std::string> FindSpamStrings(std::string_view input) {
  const std::u32string cps = text::Decode(input);
  std::set<std::u32string> found;
  std::map<std::u32string, std::vector<ChainOccurrence>> chains;  // by core "_B_"
  size_t i = 0;
  while (i < cps.size()) {
    if (!(text::IsWordChar(cps[i]) || cps[i] == '_')) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < cps.size() && (text::IsWordChar(cps[j]) || cps[j] == '_')) ++j;
    const std::u32string run = cps.substr(i, j - i);
    i = j;
    std::vector<std::u32string> parts = SplitOn(run, U'_');
    if (parts.size() < 2) {
      const TermHits h = FindTerms(run);
      if (h.strong == 0) continue;
      found.insert(run.size() <= 16 ? run : run.substr(h.first_start, h.last_end - h.first_start));
      continue;
    }
    int strong = 0, weak = 0;
    for (const auto& p : parts) {
      const TermHits h = FindTerms(p);
      strong += h.strong;
      weak += h.weak;
    }
    if (strong == 0 && weak < 2) continue;
    std::u32string core = U"_";
    for (size_t k = 1; k + 1 < parts.size(); ++k) core += parts[k] + U"_";
    chains[core].push_back({parts.front(), parts.back()});
  }
  for (const auto& [core, occurrences] : chains) {
    std::vector<std::u32string> firsts, lasts;
    for (const auto& o : occurrences) {
      firsts.push_back(o.first);
      lasts.push_back(o.last);
    }
    const std::u32string left_common = CommonSuffix(firsts);
    const std::u32string right_common = CommonPrefix(lasts);
    const bool use_left = UsableContext(firsts, left_common);
    const bool use_right = UsableContext(lasts, right_common);
    for (const auto& o : occurrences) {
      const std::u32string left = use_left ? left_common : LeftSpam(o.first);
      const std::u32string right = use_right ? right_common : RightSpam(o.last);
      if (core == U"_" && (left.empty() || right.empty()) && !HasTerms(left + right)) continue;
      found.insert(left + core + right);
    }
  }
  std::vector<std::string> out;
  for (const auto& s : found) {
    if (!s.empty() && s != U"_") out.push_back(text::Encode(s));
  }
  std::sort(out.begin(), out.end(), [](const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() > b.size() : a < b;
  });
  return out;
}

namespace clean_internal {

bool HasStrongSpamTerm(std::string_view input) { return FindTerms(text::Decode(input)).strong > 0; }

std::string StripSpamStrings(std::string_view input, const std::vector<std::string>& spam) {
  std::string out(input);
  for (const auto& s : spam) out = text::ReplaceAll(out, s, "");
  // Separators left at the ends by a removed suffix or prefix.
  auto is_separator_at_end = [](std::string_view s, bool back) {
    for (std::string_view sep : {"_", "-", "|", " ", "—", "－", "——"}) {
      if (back ? s.ends_with(sep) : s.starts_with(sep)) return sep.size();
    }
    return size_t{0};
  };
  if (out.size() != input.size()) {
    for (size_t n; (n = is_separator_at_end(out, true)) > 0;) out.resize(out.size() - n);
    for (size_t n; (n = is_separator_at_end(out, false)) > 0;) out.erase(0, n);
  }
  return out;
}

}  // namespace clean_internal

bool IsAuthoritativeHost(std::string_view host, const std::vector<std::string>& allowed_hosts) {
  const std::string h = text::AsciiLower(host);
  if (h == "gov.cn" || h.ends_with(".gov.cn")) return true;
  for (const auto& a : allowed_hosts) {
    const std::string allowed = text::AsciiLower(a);
    if (allowed.empty()) continue;
    if (allowed.front() == '.') {
      if (h.ends_with(allowed) || h == allowed.substr(1)) return true;
    } else if (h == allowed) {
      return true;
    }
  }
  return false;
}

}  // namespace govharvest
