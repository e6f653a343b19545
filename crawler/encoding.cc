// Encoding detection (BOM, header, <meta> prescan, uchardet) and decoding
// to UTF-8 with glibc iconv.

#include "crawler/encoding.h"

#include "crawler/ascii.h"

#include <errno.h>
#include <iconv.h>
#include <uchardet/uchardet.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>

namespace govharvest {

namespace {

using ascii::EqualsNoCase;
using ascii::StartsWithNoCase;

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Finds "charset" in `s` (case-insensitive) followed by optional spaces, '='
// and a value, quoted or not; returns the value as written, or "". This is
// the WHATWG "extracting a character encoding from a meta element", which
// also serves Content-Type headers.
std::string ExtractCharset(std::string_view s) {
  size_t pos = 0;
  while (pos < s.size()) {
    size_t found = std::string_view::npos;
    for (size_t i = pos; i + 7 <= s.size(); ++i) {
      if (StartsWithNoCase(s.substr(i), "charset")) {
        found = i;
        break;
      }
    }
    if (found == std::string_view::npos) return "";
    size_t i = found + 7;
    while (i < s.size() && ascii::IsSpace(s[i])) ++i;
    if (i >= s.size() || s[i] != '=') {
      pos = found + 7;  // "charset" not followed by '=': look further
      continue;
    }
    ++i;
    while (i < s.size() && ascii::IsSpace(s[i])) ++i;
    if (i >= s.size()) return "";
    if (s[i] == '"' || s[i] == '\'') {
      char quote = s[i];
      size_t end = s.find(quote, i + 1);
      if (end == std::string_view::npos) return "";
      return std::string(ascii::Trim(s.substr(i + 1, end - i - 1)));
    }
    size_t end = i;
    while (end < s.size() && !ascii::IsSpace(s[end]) && s[end] != ';' && s[end] != ',') ++end;
    return std::string(s.substr(i, end - i));
  }
  return "";
}

// ---- <meta> prescan --------------------------------------------------------

struct Attribute {
  std::string name;   // lower-case
  std::string value;  // as written
};

// WHATWG "get an attribute", simplified. Reads one attribute of the tag
// starting at `*pos`; false at '>' or the end of input (leaving `*pos` on
// the '>').
bool GetAttribute(std::string_view s, size_t* pos, Attribute* attr) {
  size_t i = *pos;
  while (i < s.size() && (ascii::IsSpace(s[i]) || s[i] == '/')) ++i;
  if (i >= s.size() || s[i] == '>') {
    *pos = i;
    return false;
  }
  attr->name.clear();
  attr->value.clear();
  while (i < s.size() && s[i] != '=' && s[i] != '>' && s[i] != '/' && !ascii::IsSpace(s[i])) {
    attr->name.push_back(ascii::Lower(s[i]));
    ++i;
  }
  while (i < s.size() && ascii::IsSpace(s[i])) ++i;
  if (i >= s.size() || s[i] != '=') {
    *pos = i;  // attribute without a value
    return true;
  }
  ++i;
  while (i < s.size() && ascii::IsSpace(s[i])) ++i;
  if (i < s.size() && (s[i] == '"' || s[i] == '\'')) {
    char quote = s[i++];
    size_t end = s.find(quote, i);
    if (end == std::string_view::npos) end = s.size();
    attr->value.assign(s.substr(i, end - i));
    *pos = end < s.size() ? end + 1 : end;
    return true;
  }
  while (i < s.size() && !ascii::IsSpace(s[i]) && s[i] != '>') attr->value.push_back(s[i++]);
  *pos = i;
  return true;
}

// The charset declared by the <meta> tag whose attributes start at `*pos`,
// or "". Advances `*pos` past the tag.
std::string MetaTagCharset(std::string_view s, size_t* pos) {
  Attribute attr;
  bool have_charset = false, have_content = false, is_content_type = false;
  std::string charset, content;
  while (GetAttribute(s, pos, &attr)) {
    if (attr.name == "charset" && !have_charset) {
      have_charset = true;
      charset = std::string(ascii::Trim(attr.value));
    } else if (attr.name == "content" && !have_content) {
      have_content = true;
      content = attr.value;
    } else if (attr.name == "http-equiv") {
      is_content_type = EqualsNoCase(ascii::Trim(attr.value), "content-type");
    }
  }
  if (have_charset) return charset;
  if (have_content && is_content_type) return ExtractCharset(content);
  return "";
}

// ---- Labels ------------------------------------------------------------

struct LabelEntry {
  std::string_view label;     // lower-case
  std::string_view encoding;  // canonical name
};

// The WHATWG Encoding Standard's labels for the encodings Chinese (and a
// few other) sites use, except that every GBK label maps to "gb18030"
// (a superset whose decoder is the same for valid GBK) and a few common
// Microsoft aliases are added.
constexpr LabelEntry kLabels[] = {
    // UTF-8
    {"unicode-1-1-utf-8", "utf-8"}, {"unicode11utf8", "utf-8"}, {"unicode20utf8", "utf-8"},
    {"utf-8", "utf-8"}, {"utf8", "utf-8"}, {"x-unicode20utf8", "utf-8"},
    // GBK / GB18030
    {"chinese", "gb18030"}, {"csgb2312", "gb18030"}, {"csiso58gb231280", "gb18030"},
    {"gb2312", "gb18030"}, {"gb_2312", "gb18030"}, {"gb_2312-80", "gb18030"},
    {"gbk", "gb18030"}, {"iso-ir-58", "gb18030"}, {"x-gbk", "gb18030"},
    {"gb18030", "gb18030"}, {"gb-18030", "gb18030"}, {"cp936", "gb18030"},
    {"ms936", "gb18030"}, {"windows-936", "gb18030"}, {"euc-cn", "gb18030"},
    {"x-euc-cn", "gb18030"},
    // Big5
    {"big5", "big5"}, {"big5-hkscs", "big5"}, {"cn-big5", "big5"}, {"csbig5", "big5"},
    {"x-x-big5", "big5"}, {"cp950", "big5"},
    // Japanese
    {"cseucpkdfmtjapanese", "euc-jp"}, {"euc-jp", "euc-jp"}, {"x-euc-jp", "euc-jp"},
    {"csiso2022jp", "iso-2022-jp"}, {"iso-2022-jp", "iso-2022-jp"},
    {"csshiftjis", "shift_jis"}, {"ms932", "shift_jis"}, {"ms_kanji", "shift_jis"},
    {"shift-jis", "shift_jis"}, {"shift_jis", "shift_jis"}, {"sjis", "shift_jis"},
    {"windows-31j", "shift_jis"}, {"x-sjis", "shift_jis"}, {"cp932", "shift_jis"},
    // Korean
    {"cseuckr", "euc-kr"}, {"csksc56011987", "euc-kr"}, {"euc-kr", "euc-kr"},
    {"iso-ir-149", "euc-kr"}, {"korean", "euc-kr"}, {"ks_c_5601-1987", "euc-kr"},
    {"ks_c_5601-1989", "euc-kr"}, {"ksc5601", "euc-kr"}, {"ksc_5601", "euc-kr"},
    {"windows-949", "euc-kr"}, {"cp949", "euc-kr"},
    // UTF-16
    {"csunicode", "utf-16le"}, {"iso-10646-ucs-2", "utf-16le"}, {"ucs-2", "utf-16le"},
    {"unicode", "utf-16le"}, {"unicodefeff", "utf-16le"}, {"utf-16", "utf-16le"},
    {"utf-16le", "utf-16le"}, {"unicodefffe", "utf-16be"}, {"utf-16be", "utf-16be"},
    // windows-1252, including the Latin-1 and ASCII labels
    {"ansi_x3.4-1968", "windows-1252"}, {"ascii", "windows-1252"}, {"cp1252", "windows-1252"},
    {"cp819", "windows-1252"}, {"csisolatin1", "windows-1252"}, {"ibm819", "windows-1252"},
    {"iso-8859-1", "windows-1252"}, {"iso-ir-100", "windows-1252"},
    {"iso8859-1", "windows-1252"}, {"iso88591", "windows-1252"},
    {"iso_8859-1", "windows-1252"}, {"iso_8859-1:1987", "windows-1252"},
    {"l1", "windows-1252"}, {"latin1", "windows-1252"}, {"us-ascii", "windows-1252"},
    {"windows-1252", "windows-1252"}, {"x-cp1252", "windows-1252"},
    // Other windows-125x
    {"cp1250", "windows-1250"}, {"windows-1250", "windows-1250"}, {"x-cp1250", "windows-1250"},
    {"cp1251", "windows-1251"}, {"windows-1251", "windows-1251"}, {"x-cp1251", "windows-1251"},
    {"cp1253", "windows-1253"}, {"windows-1253", "windows-1253"}, {"x-cp1253", "windows-1253"},
    {"cp1254", "windows-1254"}, {"csisolatin5", "windows-1254"}, {"iso-8859-9", "windows-1254"},
    {"iso-ir-148", "windows-1254"}, {"iso8859-9", "windows-1254"}, {"iso88599", "windows-1254"},
    {"iso_8859-9", "windows-1254"}, {"iso_8859-9:1989", "windows-1254"}, {"l5", "windows-1254"},
    {"latin5", "windows-1254"}, {"windows-1254", "windows-1254"}, {"x-cp1254", "windows-1254"},
    {"cp1255", "windows-1255"}, {"windows-1255", "windows-1255"}, {"x-cp1255", "windows-1255"},
    {"cp1256", "windows-1256"}, {"windows-1256", "windows-1256"}, {"x-cp1256", "windows-1256"},
    {"cp1257", "windows-1257"}, {"windows-1257", "windows-1257"}, {"x-cp1257", "windows-1257"},
    {"cp1258", "windows-1258"}, {"windows-1258", "windows-1258"}, {"x-cp1258", "windows-1258"},
    {"dos-874", "windows-874"}, {"iso-8859-11", "windows-874"}, {"iso8859-11", "windows-874"},
    {"iso885911", "windows-874"}, {"tis-620", "windows-874"}, {"windows-874", "windows-874"},
    // ISO-8859-x (the common spellings)
    {"iso-8859-2", "iso-8859-2"}, {"iso8859-2", "iso-8859-2"}, {"iso88592", "iso-8859-2"},
    {"iso_8859-2", "iso-8859-2"}, {"latin2", "iso-8859-2"}, {"l2", "iso-8859-2"},
    {"iso-8859-5", "iso-8859-5"}, {"iso8859-5", "iso-8859-5"}, {"iso88595", "iso-8859-5"},
    {"iso_8859-5", "iso-8859-5"}, {"cyrillic", "iso-8859-5"},
    {"iso-8859-7", "iso-8859-7"}, {"iso8859-7", "iso-8859-7"}, {"iso88597", "iso-8859-7"},
    {"iso_8859-7", "iso-8859-7"}, {"greek", "iso-8859-7"},
    {"iso-8859-8", "iso-8859-8"}, {"iso8859-8", "iso-8859-8"}, {"iso88598", "iso-8859-8"},
    {"iso_8859-8", "iso-8859-8"}, {"hebrew", "iso-8859-8"},
    {"iso-8859-15", "iso-8859-15"}, {"iso8859-15", "iso-8859-15"},
    {"iso885915", "iso-8859-15"}, {"iso_8859-15", "iso-8859-15"}, {"l9", "iso-8859-15"},
    // Cyrillic single-byte
    {"cskoi8r", "koi8-r"}, {"koi", "koi8-r"}, {"koi8", "koi8-r"}, {"koi8-r", "koi8-r"},
    {"koi8_r", "koi8-r"}, {"koi8-ru", "koi8-u"}, {"koi8-u", "koi8-u"},
    {"866", "ibm866"}, {"cp866", "ibm866"}, {"csibm866", "ibm866"}, {"ibm866", "ibm866"},
};

struct IconvName {
  std::string_view encoding;  // canonical name
  const char* iconv;          // glibc iconv name
};

// glibc names for the canonical encodings. shift_jis and euc-kr are the
// Microsoft supersets, as WHATWG decodes them.
constexpr IconvName kIconvNames[] = {
    {"utf-8", "UTF-8"},           {"gb18030", "GB18030"},        {"big5", "BIG5-HKSCS"},
    {"euc-jp", "EUC-JP"},         {"iso-2022-jp", "ISO-2022-JP"}, {"shift_jis", "CP932"},
    {"euc-kr", "CP949"},          {"utf-16le", "UTF-16LE"},      {"utf-16be", "UTF-16BE"},
    {"windows-1250", "CP1250"},   {"windows-1251", "CP1251"},    {"windows-1252", "CP1252"},
    {"windows-1253", "CP1253"},   {"windows-1254", "CP1254"},    {"windows-1255", "CP1255"},
    {"windows-1256", "CP1256"},   {"windows-1257", "CP1257"},    {"windows-1258", "CP1258"},
    {"windows-874", "CP874"},     {"iso-8859-2", "ISO-8859-2"},  {"iso-8859-5", "ISO-8859-5"},
    {"iso-8859-7", "ISO-8859-7"}, {"iso-8859-8", "ISO-8859-8"},  {"iso-8859-15", "ISO-8859-15"},
    {"koi8-r", "KOI8-R"},         {"koi8-u", "KOI8-U"},          {"ibm866", "IBM866"},
};

const char* IconvNameFor(std::string_view encoding) {
  for (const IconvName& n : kIconvNames) {
    if (n.encoding == encoding) return n.iconv;
  }
  return nullptr;
}

// ---- Decoding ------------------------------------------------------------

struct IconvCloser {
  void operator()(void* cd) const { iconv_close(static_cast<iconv_t>(cd)); }
};
// iconv_t is a pointer type in glibc.
static_assert(std::is_pointer_v<iconv_t>);
using IconvPtr = std::unique_ptr<std::remove_pointer_t<iconv_t>, IconvCloser>;

struct Decoded {
  std::string text;
  int replacements = 0;
};

// Number of code points in valid-or-replaced UTF-8 `text`.
size_t CountChars(std::string_view text) {
  size_t n = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

// Length of the well-formed UTF-8 sequence at bytes[i], or 0 when ill-formed;
// `*subpart` is then the length of its maximal well-formed prefix (at least
// 1), which becomes one U+FFFD as in the WHATWG decoder.
size_t Utf8SequenceAt(const unsigned char* p, size_t n, size_t i, size_t* subpart) {
  *subpart = 1;
  const unsigned char c = p[i];
  if (c < 0x80) return 1;
  size_t len;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;  // no overlongs
    if (c == 0xED) hi = 0x9F;  // no surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;  // no overlongs
    if (c == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
  } else {
    return 0;
  }
  for (size_t k = 1; k < len; ++k) {
    if (i + k >= n) return 0;
    const unsigned char b = p[i + k];
    if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) return 0;
    *subpart = k + 1;
  }
  return len;
}

// Decodes `bytes` from `encoding` (canonical) to UTF-8. Each byte iconv
// cannot decode becomes one U+FFFD and decoding resumes at the next byte; a
// truncated sequence at the end becomes one U+FFFD. An encoding iconv does
// not know is decoded as UTF-8.
Decoded DecodeAs(std::string_view bytes, std::string_view encoding) {
  Decoded d;
  const char* from = IconvNameFor(encoding);
  if (encoding == "utf-8" || from == nullptr) {
    // Not through iconv: glibc's UTF-8 decoder lets some ill-formed
    // sequences (e.g. F4 AF ..) through.
    d.text = RepairUtf8(bytes, &d.replacements);
    return d;
  }
  iconv_t raw = iconv_open("UTF-8", from);
  if (raw == reinterpret_cast<iconv_t>(-1)) {
    // Not expected with glibc; keep the valid ASCII, replace the rest.
    for (char c : bytes) {
      if (static_cast<unsigned char>(c) < 0x80) {
        d.text.push_back(c);
      } else {
        d.text += kReplacement;
        ++d.replacements;
      }
    }
    return d;
  }
  IconvPtr cd(raw);

  // iconv's interface takes char** for input it does not modify.
  char* in = const_cast<char*>(bytes.data());
  size_t in_left = bytes.size();
  char buffer[16384];
  d.text.reserve(bytes.size() + bytes.size() / 2);
  while (true) {
    char* out = buffer;
    size_t out_left = sizeof(buffer);
    size_t rc = in_left > 0 ? iconv(cd.get(), &in, &in_left, &out, &out_left)
                            : iconv(cd.get(), nullptr, nullptr, &out, &out_left);  // flush state
    int err = errno;
    d.text.append(buffer, static_cast<size_t>(out - buffer));
    if (rc != static_cast<size_t>(-1)) {
      if (in_left == 0) {
        // All input consumed; flush once more for stateful encodings.
        out = buffer;
        out_left = sizeof(buffer);
        iconv(cd.get(), nullptr, nullptr, &out, &out_left);
        d.text.append(buffer, static_cast<size_t>(out - buffer));
        break;
      }
      continue;
    }
    if (err == E2BIG) continue;  // output buffer full: drained above
    d.text += kReplacement;
    ++d.replacements;
    if (err == EINVAL) break;  // incomplete sequence at the end of input
    // EILSEQ (or anything else): skip one byte and go on.
    ++in;
    --in_left;
    if (in_left == 0) break;
  }
  return d;
}

bool IsGb(std::string_view encoding) { return encoding == "gb18030"; }

bool HasNonAscii(std::string_view bytes) {
  for (char c : bytes) {
    if (static_cast<unsigned char>(c) >= 0x80) return true;
  }
  return false;
}

// More than a handful of U+FFFD: > 4 and > 0.1% of the characters.
// Well-formed multi-byte UTF-8 sequences in `bytes`. Text in another
// encoding read as UTF-8 forms few of them by chance; UTF-8 text with some
// damaged bytes forms many.
size_t CountUtf8MultiByte(std::string_view bytes) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(bytes.data());
  size_t count = 0, subpart = 0;
  for (size_t i = 0; i < bytes.size();) {
    const size_t len = Utf8SequenceAt(p, bytes.size(), i, &subpart);
    count += len > 1;
    i += len > 0 ? len : subpart;
  }
  return count;
}

bool TooManyReplacements(const Decoded& d) {
  if (d.replacements <= 4) return false;
  return static_cast<size_t>(d.replacements) * 1000 > CountChars(d.text);
}

// uchardet's guess as a canonical name, or "".
std::string Detect(std::string_view bytes) {
  struct UchardetDeleter {
    void operator()(std::remove_pointer_t<uchardet_t>* u) const { uchardet_delete(u); }
  };
  std::unique_ptr<std::remove_pointer_t<uchardet_t>, UchardetDeleter> ud(uchardet_new());
  if (!ud) return "";
  if (uchardet_handle_data(ud.get(), bytes.data(), bytes.size()) != 0) return "";
  uchardet_data_end(ud.get());
  const char* charset = uchardet_get_charset(ud.get());
  if (charset == nullptr || *charset == '\0') return "";
  // Pure ASCII is reported as "ASCII", which WHATWG maps to windows-1252;
  // UTF-8 is the better reading of it.
  if (EqualsNoCase(charset, "ascii")) return "utf-8";
  return EncodingForLabel(charset);
}

}  // namespace

std::string HeaderCharset(std::string_view content_type) {
  // Only parameters (after the first ';') may hold the charset.
  size_t semi = content_type.find(';');
  if (semi == std::string_view::npos) return "";
  return ExtractCharset(content_type.substr(semi + 1));
}

std::string MetaCharset(std::string_view bytes) {
  std::string_view s = bytes.substr(0, 1024);
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] != '<') {
      ++i;
      continue;
    }
    std::string_view rest = s.substr(i);
    if (rest.starts_with("<!--")) {
      // The comment ends at the first "-->" after "<!--" ("<!-->" too).
      size_t end = s.find("-->", i + 2);
      if (end == std::string_view::npos) return "";
      i = end + 3;
    } else if (StartsWithNoCase(rest, "<meta") && rest.size() > 5 &&
               (ascii::IsSpace(rest[5]) || rest[5] == '/')) {
      size_t pos = i + 5;
      std::string charset = MetaTagCharset(s, &pos);
      if (!charset.empty()) return charset;
      i = pos + 1;
    } else if ((rest.size() > 1 && IsAsciiAlpha(rest[1])) ||
               (rest.size() > 2 && rest[1] == '/' && IsAsciiAlpha(rest[2]))) {
      // Some other tag: skip its name, then its attributes (whose values
      // may hold '>').
      size_t pos = i + 1;
      while (pos < s.size() && !ascii::IsSpace(s[pos]) && s[pos] != '>') ++pos;
      Attribute ignored;
      while (GetAttribute(s, &pos, &ignored)) {
      }
      i = pos + 1;
    } else if (rest.starts_with("<!") || rest.starts_with("</") || rest.starts_with("<?")) {
      size_t end = s.find('>', i + 2);
      if (end == std::string_view::npos) return "";
      i = end + 1;
    } else {
      ++i;
    }
  }
  return "";
}

std::string EncodingForLabel(std::string_view label) {
  std::string key(ascii::Trim(label));
  for (char& c : key) c = ascii::Lower(c);
  for (const LabelEntry& e : kLabels) {
    if (e.label == key) return std::string(e.encoding);
  }
  return "";
}

bool IsValidUtf8(std::string_view bytes) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(bytes.data());
  size_t subpart = 0;
  for (size_t i = 0; i < bytes.size();) {
    const size_t len = Utf8SequenceAt(p, bytes.size(), i, &subpart);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

DecodedPage DecodePage(std::string_view bytes, std::string_view content_type_header) {
  DecodedPage page;
  page.charset_header = HeaderCharset(content_type_header);
  page.charset_meta = MetaCharset(bytes);

  // 1. A byte order mark decides, and is not part of the text.
  std::string bom_encoding;
  if (bytes.starts_with("\xEF\xBB\xBF")) {
    bom_encoding = "utf-8";
    bytes.remove_prefix(3);
  } else if (bytes.starts_with("\xFF\xFE")) {
    bom_encoding = "utf-16le";
    bytes.remove_prefix(2);
  } else if (bytes.starts_with("\xFE\xFF")) {
    bom_encoding = "utf-16be";
    bytes.remove_prefix(2);
  }
  if (!bom_encoding.empty()) {
    Decoded d = DecodeAs(bytes, bom_encoding);
    page.text = std::move(d.text);
    page.encoding = bom_encoding;
    page.source = "bom";
    page.replacements = d.replacements;
    return page;
  }

  // 2-4. Header, then <meta>, then detection, then UTF-8.
  std::string declared_label;  // as written, for the note
  std::string encoding = EncodingForLabel(page.charset_header);
  if (!encoding.empty()) {
    page.source = "header";
    declared_label = page.charset_header;
  } else {
    encoding = EncodingForLabel(page.charset_meta);
    // A <meta> found by an ASCII prescan cannot be truthful about UTF-16.
    if (encoding == "utf-16le" || encoding == "utf-16be") encoding = "utf-8";
    if (!encoding.empty()) {
      page.source = "meta";
      declared_label = page.charset_meta;
    }
  }
  std::string detected;  // computed at most once
  bool detection_done = false;
  if (encoding.empty()) {
    detected = Detect(bytes);
    detection_done = true;
    if (!detected.empty()) {
      encoding = detected;
      page.source = "detected";
      declared_label = detected;
    } else {
      encoding = "utf-8";
      page.source = "default";
    }
  }
  std::string how = page.source == "detected" ? "detected " : "declared ";

  // Declared GB but the bytes are UTF-8 (and not plain ASCII, which both
  // read the same): UTF-8 it is. Real GBK text is practically never valid
  // UTF-8.
  if (IsGb(encoding) && HasNonAscii(bytes) && IsValidUtf8(bytes)) {
    page.text.assign(bytes);
    page.encoding = "utf-8";
    page.source = "fallback";
    page.note = how + declared_label + " but bytes are valid UTF-8";
    return page;
  }

  Decoded best = DecodeAs(bytes, encoding);
  std::string best_encoding = encoding;
  // UTF-8 with a few damaged bytes among many good sequences stays UTF-8.
  const bool damaged_utf8 = encoding == "utf-8" && CountUtf8MultiByte(bytes) >= 4 * static_cast<size_t>(best.replacements);
  if (TooManyReplacements(best) && !damaged_utf8) {
    // Candidates in order of preference: the UTF-8 <-> GB18030 alternative,
    // the <meta> label when the header was used, and uchardet's guess.
    std::string candidates[3];
    if (encoding == "utf-8") {
      candidates[0] = "gb18030";
    } else if (IsGb(encoding)) {
      candidates[0] = "utf-8";
    }
    if (page.source == "header") {
      candidates[1] = EncodingForLabel(page.charset_meta);
      if (candidates[1] == "utf-16le" || candidates[1] == "utf-16be") candidates[1] = "utf-8";
    }
    if (!detection_done) detected = Detect(bytes);
    candidates[2] = detected;

    int original_replacements = best.replacements;
    for (const std::string& candidate : candidates) {
      if (candidate.empty() || candidate == best_encoding || candidate == encoding) continue;
      Decoded d = DecodeAs(bytes, candidate);
      if (d.replacements < best.replacements) {
        best = std::move(d);
        best_encoding = candidate;
      }
    }
    if (best_encoding != encoding) {
      std::string what = page.source == "default" ? std::string("default utf-8")
                                                  : how + declared_label;
      page.source = "fallback";
      page.note = what + " gave " + std::to_string(original_replacements) +
                  " replacement characters; " + best_encoding + " gave " +
                  std::to_string(best.replacements);
    }
  }
  page.text = std::move(best.text);
  page.encoding = best_encoding;
  page.replacements = best.replacements;
  return page;
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string RepairUtf8(std::string_view bytes, int* replacements) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t n = bytes.size();
  std::string out;
  out.reserve(n);
  for (size_t i = 0; i < n;) {
    size_t subpart = 0;
    const size_t len = Utf8SequenceAt(p, n, i, &subpart);
    if (len > 0) {
      out.append(bytes.substr(i, len));
      i += len;
    } else {
      out += kReplacement;
      ++*replacements;
      i += subpart;
    }
  }
  return out;
}

}  // namespace govharvest
