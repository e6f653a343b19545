// UTF-8 text helpers for the cleaner (internal header).
#ifndef GOVHARVEST_EXTRACT_TEXT_H_
#define GOVHARVEST_EXTRACT_TEXT_H_

#include <string>
#include <string_view>
#include <vector>

#include "crawler/encoding.h"

namespace govharvest::text {

// Code points of `s`; an invalid byte becomes U+FFFD.
std::u32string Decode(std::string_view s);
std::string Encode(std::u32string_view s);
using ::govharvest::AppendUtf8;  // crawler/encoding.h

bool IsHan(char32_t cp);
bool IsAsciiAlnum(char32_t cp);
// ASCII whitespace, NBSP, ideographic space, zero-width and BOM characters.
bool IsSpaceLike(char32_t cp);
// Chinese (full-width) punctuation: ，。、；：！？“”‘’《》（）【】〔〕…—
bool IsChinesePunct(char32_t cp);
// Characters that count as text (not space, not punctuation).
bool IsWordChar(char32_t cp);

// Whitespace-like runs become one ASCII space; ends trimmed.
std::string CollapseWhitespace(std::string_view s);
// All whitespace-like characters removed.
std::string RemoveSpaces(std::string_view s);
// Number of code points.
size_t Length(std::string_view s);
// Code points that are Han or ASCII alphanumerics.
int CountWordChars(std::string_view s);
int CountChinesePunct(std::string_view s);

std::string AsciiLower(std::string_view s);
bool Contains(std::string_view haystack, std::string_view needle);
// Replaces every occurrence of `from` by `to`.
std::string ReplaceAll(std::string_view s, std::string_view from, std::string_view to);

}  // namespace govharvest::text

#endif  // GOVHARVEST_EXTRACT_TEXT_H_
