// Reading one start tag's attributes (internal header of the discovery
// units, which look at a few tags of a page the link scanner already read).
#ifndef GOVHARVEST_CRAWLER_HTML_TAG_H_
#define GOVHARVEST_CRAWLER_HTML_TAG_H_

#include <optional>
#include <string>
#include <string_view>

#include "crawler/ascii.h"
#include "crawler/links.h"

namespace govharvest {

// The value of attribute `name` (lower-case) in the start tag `tag`
// ("<img src=a.png alt='x'>"), character references decoded; nullopt when
// the tag has no such attribute. Names match ASCII case-insensitively and
// only as whole attribute names (after a space).
inline std::optional<std::string> TagAttribute(std::string_view tag, std::string_view name) {
  const std::string lower = ascii::Lower(tag);
  for (size_t at = lower.find(name); at != std::string::npos; at = lower.find(name, at + 1)) {
    if (at == 0 || !ascii::IsSpace(lower[at - 1])) continue;
    size_t i = at + name.size();
    while (i < lower.size() && ascii::IsSpace(lower[i])) ++i;
    if (i >= lower.size() || lower[i] != '=') continue;
    ++i;
    while (i < lower.size() && ascii::IsSpace(lower[i])) ++i;
    size_t end;
    if (i < tag.size() && (tag[i] == '"' || tag[i] == '\'')) {
      const char quote = tag[i++];
      end = tag.find(quote, i);
      if (end == std::string_view::npos) end = tag.size();
    } else {
      end = i;
      while (end < tag.size() && !ascii::IsSpace(tag[end]) && tag[end] != '>') ++end;
    }
    return DecodeCharacterReferences(tag.substr(i, end - i));
  }
  return std::nullopt;
}

}  // namespace govharvest

#endif  // GOVHARVEST_CRAWLER_HTML_TAG_H_
