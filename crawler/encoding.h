// Character encodings of fetched pages: detection and decoding to UTF-8.
#ifndef GOVHARVEST_CRAWLER_ENCODING_H_
#define GOVHARVEST_CRAWLER_ENCODING_H_

#include <string>
#include <string_view>

namespace govharvest {

// The charset parameter of a Content-Type header value, as written, or "".
std::string HeaderCharset(std::string_view content_type);

// The charset declared in the first 1024 bytes by <meta charset=...> or
// <meta http-equiv="Content-Type" content="...; charset=...">, as written,
// or "" (the WHATWG prescan, simplified: comments are skipped).
std::string MetaCharset(std::string_view bytes);

// Canonical encoding name for a label ("utf-8", "gb18030", "big5",
// "windows-1252", "shift_jis", ...), or "" when unknown. Every
// gb2312/gbk/x-gbk/cp936/gb18030 label (and their aliases) maps to "gb18030".
std::string EncodingForLabel(std::string_view label);

struct DecodedPage {
  std::string text;            // UTF-8
  std::string encoding;        // canonical name actually used
  std::string charset_header;  // label from the header, as written
  std::string charset_meta;    // label from <meta>, as written
  std::string source;          // "bom" | "header" | "meta" | "detected" | "default" | "fallback"
  int replacements = 0;        // U+FFFD written for undecodable bytes
  std::string note;            // why the declared label was overridden, if it was
};

// Chooses and applies an encoding in WHATWG order: BOM, HTTP charset, meta
// prescan, then uchardet; default UTF-8. When the declared encoding is a GB
// one and the bytes are valid UTF-8, or decoding gives more than a handful
// of U+FFFD (> 4 and > 0.1% of characters), the alternative (UTF-8 <-> GB18030,
// or the detected one) is tried and kept if better; `note` records it.
// Never fails: undecodable bytes become U+FFFD.
DecodedPage DecodePage(std::string_view bytes, std::string_view content_type_header);

// True when `bytes` is well-formed UTF-8.
bool IsValidUtf8(std::string_view bytes);

// `bytes` with every maximal ill-formed UTF-8 subpart replaced by one U+FFFD
// (as the WHATWG decoder does); adds the number replaced to `*replacements`.
std::string RepairUtf8(std::string_view bytes, int* replacements);

// Appends the UTF-8 form of `cp`; NUL, surrogates and values past U+10FFFF
// become U+FFFD.
void AppendUtf8(char32_t cp, std::string* out);

}  // namespace govharvest

#endif  // GOVHARVEST_CRAWLER_ENCODING_H_
