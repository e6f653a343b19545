#include "crawler/encoding.h"

#include <errno.h>
#include <iconv.h>

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace govharvest {
namespace {

// `utf8` converted to `to` with iconv; fails the test if it cannot be.
std::string Encode(std::string_view utf8, const char* to) {
  iconv_t cd = iconv_open(to, "UTF-8");
  EXPECT_NE(reinterpret_cast<iconv_t>(-1), cd) << to;
  if (cd == reinterpret_cast<iconv_t>(-1)) return "";
  std::string in(utf8);
  std::string out(in.size() * 4 + 16, '\0');
  char* inp = in.data();
  size_t in_left = in.size();
  char* outp = out.data();
  size_t out_left = out.size();
  size_t rc = iconv(cd, &inp, &in_left, &outp, &out_left);
  EXPECT_NE(static_cast<size_t>(-1), rc) << "errno " << errno;
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

constexpr std::string_view kBody = "开封市祥符区人民政府2019年度政府信息公开工作年度报告";
const std::string kGbPage = std::string("<html><head><meta charset=\"gb2312\"></head><body>") +
                            std::string(kBody) + "</body></html>";
const std::string kPlainPage = std::string("<html><head></head><body>") + std::string(kBody) +
                               "</body></html>";

TEST(HeaderCharsetTest, Variants) {
  EXPECT_EQ("GBK", HeaderCharset("text/html; charset=GBK"));
  EXPECT_EQ("gb2312", HeaderCharset("text/html;charset=\"gb2312\""));
  EXPECT_EQ("utf-8", HeaderCharset("text/html; Charset = utf-8 ; foo=bar"));
  EXPECT_EQ("gbk", HeaderCharset("text/html; CHARSET='gbk'"));
  EXPECT_EQ("", HeaderCharset("text/html"));
  EXPECT_EQ("", HeaderCharset(""));
  EXPECT_EQ("", HeaderCharset("text/html; charset="));
  EXPECT_EQ("utf-8", HeaderCharset("text/html; format=flowed; charset=utf-8"));
}

TEST(MetaCharsetTest, Variants) {
  EXPECT_EQ("gb2312", MetaCharset("<html><head><meta charset=\"gb2312\"></head>"));
  EXPECT_EQ("GBK", MetaCharset("<HTML><HEAD><META CHARSET=GBK></HEAD>"));
  EXPECT_EQ("gbk", MetaCharset("<meta charset='gbk'/>"));
  EXPECT_EQ("gb2312",
            MetaCharset("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">"));
  EXPECT_EQ("GB2312",
            MetaCharset("<META CONTENT='text/html; CHARSET=GB2312' HTTP-EQUIV='content-type'>"));
  EXPECT_EQ("utf-8",
            MetaCharset("<meta http-equiv=Content-Type content=text/html;charset=utf-8>"));
  // A pragma without http-equiv=content-type does not count.
  EXPECT_EQ("", MetaCharset("<meta content=\"text/html; charset=gbk\">"));
  EXPECT_EQ("", MetaCharset("<meta name=\"description\" content=\"charset=gbk\">"));
  EXPECT_EQ("", MetaCharset("<html><body>no meta here</body></html>"));
  EXPECT_EQ("", MetaCharset(""));
}

TEST(MetaCharsetTest, SkipsCommentsAndAttributeValues) {
  EXPECT_EQ("utf-8", MetaCharset("<!-- <meta charset=big5> --><meta charset=utf-8>"));
  EXPECT_EQ("utf-8", MetaCharset("<!--[if IE]><meta charset=big5><![endif]--><meta charset=utf-8>"));
  EXPECT_EQ("gbk", MetaCharset("<div title=\"<meta charset=big5>\"><meta charset=gbk>"));
  EXPECT_EQ("", MetaCharset("<!-- unterminated <meta charset=big5>"));
  EXPECT_EQ("", MetaCharset("<metadata charset=big5>"));
}

TEST(MetaCharsetTest, OnlyFirst1024Bytes) {
  std::string filler = "<html><head><title>" + std::string(1000, 'x') + "</title>";
  EXPECT_EQ("", MetaCharset(filler + "<meta charset=gbk>"));
  std::string short_filler = "<html><head><title>" + std::string(900, 'x') + "</title>";
  EXPECT_EQ("gbk", MetaCharset(short_filler + "<meta charset=gbk>"));
}

TEST(EncodingForLabelTest, Labels) {
  for (const char* gb : {"gbk", "GBK", " gb2312 ", "GB2312", "x-gbk", "cp936", "gb18030",
                         "GB18030", "chinese", "csgb2312", "gb_2312-80", "iso-ir-58", "euc-cn"}) {
    EXPECT_EQ("gb18030", EncodingForLabel(gb)) << gb;
  }
  EXPECT_EQ("utf-8", EncodingForLabel("UTF-8"));
  EXPECT_EQ("utf-8", EncodingForLabel("utf8"));
  EXPECT_EQ("utf-8", EncodingForLabel("unicode-1-1-utf-8"));
  EXPECT_EQ("big5", EncodingForLabel("Big5"));
  EXPECT_EQ("big5", EncodingForLabel("big5-hkscs"));
  EXPECT_EQ("shift_jis", EncodingForLabel("Shift_JIS"));
  EXPECT_EQ("shift_jis", EncodingForLabel("sjis"));
  EXPECT_EQ("euc-jp", EncodingForLabel("EUC-JP"));
  EXPECT_EQ("euc-kr", EncodingForLabel("euc-kr"));
  EXPECT_EQ("windows-1251", EncodingForLabel("windows-1251"));
  EXPECT_EQ("windows-1252", EncodingForLabel("ISO-8859-1"));
  EXPECT_EQ("windows-1252", EncodingForLabel("latin1"));
  EXPECT_EQ("windows-1252", EncodingForLabel("us-ascii"));
  EXPECT_EQ("windows-1254", EncodingForLabel("iso-8859-9"));
  EXPECT_EQ("iso-8859-2", EncodingForLabel("iso-8859-2"));
  EXPECT_EQ("utf-16le", EncodingForLabel("utf-16"));
  EXPECT_EQ("utf-16le", EncodingForLabel("UTF-16LE"));
  EXPECT_EQ("utf-16be", EncodingForLabel("utf-16be"));
  EXPECT_EQ("", EncodingForLabel("bogus"));
  EXPECT_EQ("", EncodingForLabel(""));
  EXPECT_EQ("", EncodingForLabel("utf-8 gbk"));
}

TEST(IsValidUtf8Test, Cases) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ascii"));
  EXPECT_TRUE(IsValidUtf8(kBody));
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80"));       // U+1F600
  EXPECT_FALSE(IsValidUtf8("\xC0\x80"));              // overlong NUL
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));          // surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));      // > U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xE5\xBC"));              // truncated
  EXPECT_FALSE(IsValidUtf8("\xFF"));
  EXPECT_FALSE(IsValidUtf8(Encode(kBody, "GBK")));
}

TEST(DecodePageTest, GbkPageWithGbkHeader) {
  std::string bytes = Encode(kGbPage, "GBK");
  DecodedPage page = DecodePage(bytes, "text/html; charset=GBK");
  EXPECT_EQ(kGbPage, page.text);
  EXPECT_EQ("gb18030", page.encoding);
  EXPECT_EQ("header", page.source);
  EXPECT_EQ("GBK", page.charset_header);
  EXPECT_EQ("gb2312", page.charset_meta);
  EXPECT_EQ(0, page.replacements);
  EXPECT_EQ("", page.note);
}

TEST(DecodePageTest, GbkPageWithMetaOnly) {
  std::string bytes = Encode(kGbPage, "GBK");
  DecodedPage page = DecodePage(bytes, "text/html");
  EXPECT_EQ(kGbPage, page.text);
  EXPECT_EQ("gb18030", page.encoding);
  EXPECT_EQ("meta", page.source);
  EXPECT_EQ("", page.note);
}

TEST(DecodePageTest, WrongUtf8HeaderFallsBackToGb18030) {
  // WHATWG: the header wins over <meta>; the replacement count then shows
  // it was wrong.
  std::string bytes = Encode(kGbPage, "GBK");
  DecodedPage page = DecodePage(bytes, "text/html; charset=utf-8");
  EXPECT_EQ(kGbPage, page.text);
  EXPECT_EQ("gb18030", page.encoding);
  EXPECT_EQ("fallback", page.source);
  EXPECT_EQ("utf-8", page.charset_header);
  EXPECT_EQ("gb2312", page.charset_meta);
  EXPECT_EQ(0, page.replacements);
  EXPECT_NE(std::string::npos, page.note.find("declared utf-8")) << page.note;
  EXPECT_NE(std::string::npos, page.note.find("gb18030")) << page.note;
}

TEST(DecodePageTest, NoLabelsUsesDetection) {
  std::string bytes = Encode(kPlainPage, "GBK");
  DecodedPage page = DecodePage(bytes, "");
  EXPECT_EQ(kPlainPage, page.text);
  EXPECT_EQ("gb18030", page.encoding);
  EXPECT_EQ("detected", page.source);
  EXPECT_EQ("", page.charset_header);
  EXPECT_EQ("", page.charset_meta);
  EXPECT_EQ(0, page.replacements);
}

TEST(DecodePageTest, NoLabelsUtf8) {
  DecodedPage page = DecodePage(kPlainPage, "text/html");
  EXPECT_EQ(kPlainPage, page.text);
  EXPECT_EQ("utf-8", page.encoding);
  EXPECT_EQ(0, page.replacements);
}

TEST(DecodePageTest, Utf8PageLabelledGbk) {
  DecodedPage page = DecodePage(kGbPage, "text/html; charset=gbk");
  EXPECT_EQ(kGbPage, page.text);
  EXPECT_EQ("utf-8", page.encoding);
  EXPECT_EQ("fallback", page.source);
  EXPECT_EQ("declared gbk but bytes are valid UTF-8", page.note);

  DecodedPage by_meta = DecodePage(kGbPage, "");
  EXPECT_EQ(kGbPage, by_meta.text);
  EXPECT_EQ("utf-8", by_meta.encoding);
  EXPECT_EQ("declared gb2312 but bytes are valid UTF-8", by_meta.note);
}

TEST(DecodePageTest, BomWins) {
  std::string bytes = "\xEF\xBB\xBF" + kPlainPage;
  DecodedPage page = DecodePage(bytes, "text/html; charset=gbk");
  EXPECT_EQ(kPlainPage, page.text);
  EXPECT_EQ("utf-8", page.encoding);
  EXPECT_EQ("bom", page.source);
  EXPECT_EQ("", page.note);

  std::string le = "\xFF\xFE" + Encode(kPlainPage, "UTF-16LE");
  page = DecodePage(le, "text/html; charset=gbk");
  EXPECT_EQ(kPlainPage, page.text);
  EXPECT_EQ("utf-16le", page.encoding);
  EXPECT_EQ("bom", page.source);

  std::string be = "\xFE\xFF" + Encode(kPlainPage, "UTF-16BE");
  page = DecodePage(be, "");
  EXPECT_EQ(kPlainPage, page.text);
  EXPECT_EQ("utf-16be", page.encoding);
}

TEST(DecodePageTest, AsciiPageKeepsDeclaredLabel) {
  const std::string ascii =
      "<html><head><meta charset=gbk></head><body>Annual report 2019</body></html>";
  DecodedPage page = DecodePage(ascii, "text/html; charset=GB2312");
  EXPECT_EQ(ascii, page.text);
  EXPECT_EQ("gb18030", page.encoding);
  EXPECT_EQ("header", page.source);
  EXPECT_EQ("", page.note);
  EXPECT_EQ(0, page.replacements);
}

TEST(DecodePageTest, InvalidBytesCountedAsReplacements) {
  DecodedPage page = DecodePage("abc\xFF" "def\xFE", "text/html; charset=utf-8");
  EXPECT_EQ("abc\xEF\xBF\xBD" "def\xEF\xBF\xBD", page.text);
  EXPECT_EQ(2, page.replacements);
  EXPECT_EQ("utf-8", page.encoding);  // a handful: no fallback
  EXPECT_EQ("", page.note);

  // A GBK page with a stray byte and a truncated character at the end.
  std::string bytes = Encode(kGbPage, "GBK") + "\xFF" + Encode("年", "GBK").substr(0, 1);
  page = DecodePage(bytes, "text/html; charset=gbk");
  EXPECT_EQ(kGbPage + "\xEF\xBF\xBD\xEF\xBF\xBD", page.text);
  EXPECT_EQ(2, page.replacements);
  EXPECT_EQ("gb18030", page.encoding);
}

// Ill-formed UTF-8 that glibc's iconv lets through (a 4-byte lead F4 with a
// second byte past 8F, i.e. above U+10FFFF), truncated sequences and
// surrogates: each maximal ill-formed subpart becomes one U+FFFD.
TEST(DecodePageTest, IllFormedUtf8NeverPassesThrough) {
  const std::string r = "\xEF\xBF\xBD";  // U+FFFD
  const struct {
    std::string bytes, text;
    int replacements;
  } cases[] = {
      {"a\xF4\xAF\xBD\x82" "b", "a" + r + r + r + r + "b", 4},  // above U+10FFFF
      {"c\xED\xA0\x80" "d", "c" + r + r + r + "d", 3},          // a surrogate
      {"\xE5\xB9\xB4\xE6\x97", "\xE5\xB9\xB4" + r, 1},        // truncated: one U+FFFD for the subpart
  };
  for (const auto& c : cases) {
    DecodedPage page = DecodePage(c.bytes, "text/html; charset=utf-8");
    EXPECT_EQ(c.text, page.text);
    EXPECT_EQ(c.replacements, page.replacements);
    EXPECT_TRUE(IsValidUtf8(page.text));
  }
}

TEST(DecodePageTest, FallbackToDetectedEncoding) {
  // Neither UTF-8 nor GB18030 reads these bytes; uchardet's single-byte
  // guess does, with no replacements.
  std::string bytes;
  for (int i = 0; i < 50; ++i) bytes += "\x80\xFF\xFE";
  DecodedPage page = DecodePage(bytes, "text/html; charset=utf-8");
  EXPECT_EQ("windows-1252", page.encoding);
  EXPECT_EQ("fallback", page.source);
  EXPECT_EQ(0, page.replacements);
  EXPECT_EQ("declared utf-8 gave 150 replacement characters; windows-1252 gave 0", page.note);
}

TEST(DecodePageTest, KeepsDeclaredWhenNothingIsBetter) {
  std::string bytes = "abc";
  for (int i = 0; i < 20; ++i) bytes += "\xC3\x28";  // bad UTF-8, bad GB18030
  DecodedPage page = DecodePage(bytes, "text/html; charset=utf-8");
  EXPECT_EQ("utf-8", page.encoding);
  EXPECT_EQ("header", page.source);
  EXPECT_EQ(20, page.replacements);
  EXPECT_EQ("", page.note);
  EXPECT_TRUE(IsValidUtf8(page.text));
}

}  // namespace
}  // namespace govharvest
