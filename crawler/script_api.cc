#include "crawler/script_api.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <regex>
#include <string>

#include "crawler/ascii.h"
#include "crawler/bounded_regex.h"
#include "crawler/links.h"
#include "crawler/pager.h"
#include "crawler/url.h"

namespace govharvest {

namespace {

using ascii::Lower;

// key: value pairs of an object literal body (between its braces), values as written.
std::vector<std::pair<std::string, std::string>> ObjectPairs(std::string_view body) {
  std::vector<std::pair<std::string, std::string>> pairs;
  size_t i = 0;
  while (i < body.size()) {
    while (i < body.size() && (ascii::IsSpace(body[i]) || body[i] == ',')) ++i;
    if (i >= body.size()) break;
    // The key: an identifier or a quoted name.
    std::string key;
    if (body[i] == '\'' || body[i] == '"') {
      const char q = body[i++];
      const size_t end = body.find(q, i);
      if (end == std::string_view::npos) break;
      key = std::string(body.substr(i, end - i));
      i = end + 1;
    } else {
      while (i < body.size() && (std::isalnum(static_cast<unsigned char>(body[i])) || body[i] == '_' || body[i] == '$')) {
        key.push_back(body[i++]);
      }
    }
    while (i < body.size() && ascii::IsSpace(body[i])) ++i;
    if (key.empty() || i >= body.size() || body[i] != ':') {
      // Not a pair: skip to the next comma at this level.
      int depth = 0;
      while (i < body.size() && !(depth == 0 && body[i] == ',')) {
        if (body[i] == '(' || body[i] == '{' || body[i] == '[') ++depth;
        if (body[i] == ')' || body[i] == '}' || body[i] == ']') --depth;
        ++i;
      }
      continue;
    }
    ++i;
    // The value: up to the next comma outside brackets and quotes.
    const size_t start = i;
    int depth = 0;
    char quote = 0;
    while (i < body.size()) {
      const char c = body[i];
      if (quote) {
        if (c == '\\') ++i;
        else if (c == quote) quote = 0;
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '(' || c == '{' || c == '[') {
        ++depth;
      } else if (c == ')' || c == '}' || c == ']') {
        --depth;
      } else if (c == ',' && depth == 0) {
        break;
      }
      ++i;
    }
    pairs.emplace_back(std::move(key), std::string(ascii::Trim(body.substr(start, i - start))));
  }
  return pairs;
}

// The body of the braces opening at `open`, or npos-length view.
std::optional<std::string_view> BracedBody(std::string_view s, size_t open) {
  int depth = 0;
  char quote = 0;
  for (size_t i = open; i < s.size(); ++i) {
    const char c = s[i];
    if (quote) {
      if (c == '\\') ++i;
      else if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '{') {
      ++depth;
    } else if (c == '}' && --depth == 0) {
      return s.substr(open + 1, i - open - 1);
    }
  }
  return std::nullopt;
}

class ValueReader {
 public:
  ValueReader(std::string_view html, const std::vector<std::string_view>& scripts) : html_(html) {
    static const std::regex var_re(R"re(\bvar\s+([A-Za-z_$][\w$]*)\s*=\s*(?:'([^'\n]*)'|"([^"\n]*)"|(\d+))\s*;?)re");
    for (std::string_view s : scripts) {
      ForEachBoundedMatch(s, var_re, [&](size_t, const std::cmatch& m) {
        vars_.emplace(m.str(1), m[2].matched ? m.str(2) : m[3].matched ? m.str(3) : m.str(4));
        return true;
      });
      AddObjectKeys(s);
    }
    // Object literals in attribute values: queryData="{'webId':'3218',...}".
    static const std::regex attr_re(R"re(=\s*"(\{[^"]*\})")re");
    ForEachBoundedMatch(html.substr(0, std::min<size_t>(html.size(), 1 << 20)), attr_re,
                        [&](size_t, const std::cmatch& m) {
                          AddObjectKeys(m.str(1));
                          return true;
                        });
  }

  // The value of a JS expression as a string; nullopt when it cannot be read.
  std::optional<std::string> Read(std::string_view expr, std::string_view key, int depth = 0) const {
    expr = ascii::Trim(expr);
    if (expr.empty() || depth > 4) return std::nullopt;
    if ((expr.front() == '\'' || expr.front() == '"') && expr.size() >= 2 && expr.back() == expr.front()) {
      return std::string(expr.substr(1, expr.size() - 2));
    }
    if (std::all_of(expr.begin(), expr.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::string(expr);
    if (IsPageName(key)) return std::string("1");  // the page number: the first page
    static const std::regex attr_call(R"re(^\$?\(?.*\.attr\(\s*['"]([\w-]+)['"]\s*\)$)re");
    static const std::regex stringify(R"re(^JSON\.stringify\(\s*\{)re");
    std::cmatch m;
    const std::string e(expr.substr(0, 1024));  // an expression, not a script
    if (std::regex_search(e.c_str(), m, attr_call)) return Attribute(m.str(1));
    if (std::regex_search(e.c_str(), m, stringify)) {
      auto body = BracedBody(e, e.find('{'));
      if (!body) return std::nullopt;
      std::string json = "{";
      for (const auto& [k, v] : ObjectPairs(*body)) {
        auto value = Read(v, k, depth + 1);
        if (!value) continue;
        json += (json.size() > 1 ? "," : "") + std::string("\"") + k + "\":";
        const bool number = !value->empty() && std::all_of(value->begin(), value->end(), ::isdigit) && IsPageName(k);
        json += number ? *value : "\"" + *value + "\"";
      }
      return json + "}";
    }
    // obj.key or a variable.
    const size_t dot = e.rfind('.');
    const std::string name = dot == std::string::npos ? e : e.substr(dot + 1);
    if (dot == std::string::npos) {
      if (auto it = vars_.find(name); it != vars_.end()) return it->second;
      return std::nullopt;
    }
    if (auto it = keys_.find(name); it != keys_.end()) return it->second;
    return std::nullopt;
  }

  static bool IsPageName(std::string_view key) {
    std::string next;
    return NextPageParameter(std::string(key) + "=1", &next);
  }

 private:
  void AddObjectKeys(std::string_view text) {
    // Anchored at a word start (\b or a quote), so that a long run of letters
    // is not tried from each of its characters (quadratic time).
    static const std::regex pair_re(R"re((?:['"]|\b)([A-Za-z_$][\w$]*)['"]?\s*:\s*(?:'([^'\n]*)'|"([^"\n]*)"))re");
    ForEachBoundedMatch(text, pair_re, [&](size_t, const std::cmatch& m) {
      keys_.emplace(m.str(1), m[2].matched ? m.str(2) : m.str(3));
      return true;
    });
  }
  std::optional<std::string> Attribute(const std::string& name) const {
    const std::regex re("\\b" + name + R"re(\s*=\s*(?:"([^"]*)"|'([^']*)'))re", std::regex::icase);
    std::cmatch m;
    if (!FirstBoundedMatch(html_, re, &m)) return std::nullopt;
    return m[1].matched ? m.str(1) : m.str(2);
  }

  std::string_view html_;
  std::map<std::string, std::string> vars_;
  std::map<std::string, std::string> keys_;
};

}  // namespace

std::vector<ListRequest> ScriptApiRequests(std::string_view html, std::string_view page_url,
                                           const std::vector<std::string_view>& scripts) {
  std::vector<ListRequest> out;
  ValueReader values(html, scripts);
  static const std::regex call_re(
      R"re((\$\.(get|post|getJSON|ajax)|\bfetch|\baxios\.(get|post))\s*\(\s*(?:(['"])([^'"\s]+)\4\s*(?=[,)])|\{))re");
  // Bounds: a page calls a handful of APIs; a script full of calls (or a
  // hostile page) costs at most kMaxCalls reads, each variable's arguments
  // are looked up once.
  constexpr int kMaxCalls = 16;
  int calls = 0;
  for (std::string_view sv : scripts) {
    const std::string s(sv.substr(0, 1 << 18));
    std::map<std::string, std::vector<std::pair<std::string, std::string>>> var_args;
    ForEachBoundedMatch(s, call_re, [&](size_t position, const std::cmatch& m) {
      if (calls++ >= kMaxCalls) return false;
      const std::string fn = m.str(1);
      bool post = fn.find("post") != std::string::npos;
      std::string url = m.str(5);
      std::vector<std::pair<std::string, std::string>> args;
      size_t after = position + static_cast<size_t>(m.length(0));
      if (url.empty()) {
        // $.ajax({url: '...', type: 'post', data: {...}})
        auto body = BracedBody(s, after - 1);
        if (!body) return true;
        for (const auto& [k, v] : ObjectPairs(*body)) {
          const std::string key = Lower(k);
          if (key == "url") url = values.Read(v, k).value_or("");
          if ((key == "type" || key == "method") && Lower(v).find("post") != std::string::npos) post = true;
          if (key == "data") {
            if (!v.empty() && v.front() == '{') {
              if (auto inner = BracedBody(v, 0)) args = ObjectPairs(*inner);
            }
          }
        }
      } else {
        // The arguments: an object literal, or a variable built in this script.
        size_t i = after;
        while (i < s.size() && ascii::IsSpace(s[i])) ++i;
        if (i < s.size() && s[i] == ',') {
          ++i;
          while (i < s.size() && ascii::IsSpace(s[i])) ++i;
          if (i < s.size() && s[i] == '{') {
            if (auto body = BracedBody(s, i)) args = ObjectPairs(*body);
          } else {
            size_t j = i;
            while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_' || s[j] == '$')) ++j;
            const std::string var = s.substr(i, j - i);
            if (auto known = var_args.find(var); known != var_args.end()) {
              args = known->second;
            } else if (!var.empty()) {
              const std::regex decl("\\b" + var + R"re(\s*=\s*\{)re");
              std::cmatch d;
              size_t at = 0;
              if (FirstBoundedMatch(s, decl, &d, &at)) {
                if (auto body = BracedBody(s, at + static_cast<size_t>(d.length(0)) - 1)) args = ObjectPairs(*body);
              }
              const std::regex assign("\\b" + var + R"re(\.([A-Za-z_$][\w$]*)\s*=\s*([^;\n]+);?)re");
              ForEachBoundedMatch(s, assign, [&](size_t, const std::cmatch& a) {
                args.emplace_back(a.str(1), a.str(2));
                return true;
              });
              var_args[var] = args;
            }
          }
        }
      }
      if (url.empty() || !IsUrlLike(url)) return true;
      std::string query;
      for (const auto& [k, v] : args) {
        auto value = values.Read(v, k);
        if (!value) continue;
        query += (query.empty() ? "" : "&") + ascii::FormEncode(k) + "=" + ascii::FormEncode(*value);
      }
      std::string resolved;
      if (!ResolveUrl(page_url, url, &resolved).ok()) return true;
      ListRequest r;
      if (post) {
        r.url = resolved;
        r.form = query;
      } else {
        r.url = query.empty() ? resolved : resolved + (resolved.find('?') == std::string::npos ? "?" : "&") + query;
      }
      if (std::find(out.begin(), out.end(), r) == out.end()) out.push_back(std::move(r));
      return true;
    });
  }
  return out;
}

}  // namespace govharvest
