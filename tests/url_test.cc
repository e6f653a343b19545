#include "crawler/url.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>

namespace govharvest {
namespace {

std::string Canon(const std::string& url) {
  std::string out;
  Status s = CanonicalizeUrl(url, &out);
  EXPECT_TRUE(s.ok()) << url << ": " << s.ToString();
  return out;
}

std::string Resolve(const std::string& base, const std::string& ref) {
  std::string out;
  Status s = ResolveUrl(base, ref, &out);
  EXPECT_TRUE(s.ok()) << base << " + " << ref << ": " << s.ToString();
  return out;
}

TEST(CanonicalizeUrlTest, LowerCasesSchemeAndHost) {
  EXPECT_EQ("http://www.gov.cn/Path/A.html", Canon("HTTP://WWW.Gov.CN/Path/A.html"));
  EXPECT_EQ("https://www.gov.cn/", Canon("HtTpS://www.GOV.cn"));
}

TEST(CanonicalizeUrlTest, DropsDefaultPortKeepsOthers) {
  EXPECT_EQ("http://www.gov.cn/", Canon("http://WWW.Gov.CN:80"));
  EXPECT_EQ("https://www.gov.cn/x", Canon("https://www.gov.cn:443/x"));
  EXPECT_EQ("http://www.gov.cn:8080/x", Canon("http://www.gov.cn:8080/x"));
  EXPECT_EQ("https://www.gov.cn:80/x", Canon("https://www.gov.cn:80/x"));
  EXPECT_EQ("http://www.gov.cn:443/", Canon("http://www.gov.cn:443/"));
}

TEST(CanonicalizeUrlTest, DropsFragment) {
  EXPECT_EQ("http://a.gov.cn/p.html?x=1", Canon("http://a.gov.cn/p.html?x=1#top"));
  EXPECT_EQ("http://a.gov.cn/", Canon("http://a.gov.cn/#"));
}

TEST(CanonicalizeUrlTest, PercentEncodingNormalized) {
  EXPECT_EQ("http://a.cn/~user/", Canon("http://a.cn/%7euser/"));
  EXPECT_EQ("http://a.cn/~user/", Canon("http://a.cn/%7Euser/"));
  EXPECT_EQ("http://a.cn/a-b_c.d/", Canon("http://a.cn/%61%2D%62%5f%63%2E%64/"));
  EXPECT_EQ("http://a.cn/a%2Fb", Canon("http://a.cn/a%2fb"));
  EXPECT_EQ("http://a.cn/a%2Fb", Canon("http://a.cn/a%2Fb"));
  EXPECT_EQ("http://a.cn/%E4%B8%AD?q=%E6%96%87", Canon("http://a.cn/%e4%b8%ad?q=%e6%96%87"));
  EXPECT_EQ("http://a.cn/a%20b?q=c%20d", Canon("http://a.cn/a b?q=c d"));
  EXPECT_EQ("http://a.cn/100%25", Canon("http://a.cn/100%"));
  EXPECT_EQ("http://a.cn/x%25zz", Canon("http://a.cn/x%zz"));
  // Reserved characters keep their form, encoded or not.
  EXPECT_EQ("http://a.cn/a;b=c/d:e@f?x=%26&y=a+b&z=(1),*",
            Canon("http://a.cn/a;b=c/d:e@f?x=%26&y=a+b&z=(1),*"));
  EXPECT_EQ("http://a.cn/%22%3C%3E%7B%7D%7C%5E%60", Canon("http://a.cn/%22<>{}|^`"));
}

TEST(CanonicalizeUrlTest, ChinesePathIsUtf8PercentEncoded) {
  EXPECT_EQ(
      "http://www.kaifeng.gov.cn/%E5%BC%80%E5%B0%81/%E5%B9%B4%E6%8A%A5.html?"
      "t=%E7%A5%A5%E7%AC%A6",
      Canon("http://www.kaifeng.gov.cn/开封/年报.html?t=祥符"));
}

TEST(CanonicalizeUrlTest, DotSegmentsResolved) {
  EXPECT_EQ("http://a.cn/c/d", Canon("http://a.cn/a/b/../../c/./d"));
  EXPECT_EQ("http://a.cn/x", Canon("http://a.cn/../../x"));
  EXPECT_EQ("http://a.cn/a/", Canon("http://a.cn/a/b/.."));
  EXPECT_EQ("http://a.cn/a/c", Canon("http://a.cn/a/b/%2E%2E/c"));
}

TEST(CanonicalizeUrlTest, EmptyPathAndQueryOrder) {
  EXPECT_EQ("http://a.cn/", Canon("http://a.cn"));
  EXPECT_EQ("http://a.cn/?x=1", Canon("http://a.cn?x=1"));
  EXPECT_EQ("http://a.cn/s?z=1&a=2&m=3&a=1", Canon("http://a.cn/s?z=1&a=2&m=3&a=1"));
}

TEST(CanonicalizeUrlTest, DuplicateSlashesKept) {
  EXPECT_EQ("http://a.cn//b///c", Canon("http://a.cn//b///c"));
}

TEST(CanonicalizeUrlTest, CleansWhitespaceAndBackslashes) {
  EXPECT_EQ("http://a.cn/b/c.html", Canon("  http://a.cn/b/\nc.html \t"));
  EXPECT_EQ("http://a.cn/b/c", Canon("http://a.cn\\b\\c"));
}

TEST(CanonicalizeUrlTest, Idempotent) {
  for (const char* url : {"HTTP://WWW.Gov.CN:80/开封/a b/../c?q=中 文&x=%7e#f",
                          "http://a.cn/a%2fb/%2E%2E/c", "https://a.cn:8443//x?"}) {
    std::string once = Canon(url);
    EXPECT_EQ(once, Canon(once)) << url;
  }
}

TEST(CanonicalizeUrlTest, IdnHostKeptLowerCased) {
  EXPECT_EQ("http://中国.cn/x", Canon("http://中国.CN/x"));
}

TEST(CanonicalizeUrlTest, BracketsAndSemicolonsKept) {
  EXPECT_EQ("http://a.cn/a[1].html?x[]=1", Canon("http://a.cn/a[1].html?x[]=1"));
  EXPECT_EQ("http://a.cn/;jsessionid=ABC?x", Canon("http://a.cn/;jsessionid=ABC?x"));
}

TEST(CanonicalizeUrlTest, Ipv6Host) {
  EXPECT_EQ("http://[::1]:8080/x", Canon("http://[::1]:8080/x"));
}

TEST(CanonicalizeUrlTest, Rejects) {
  std::string out;
  for (const char* bad : {"mailto:office@gov.cn", "javascript:void(0)", "ftp://ftp.gov.cn/a",
                          "not a url", "", "/relative/path", "//a.cn/x", "http://",
                          "data:text/html,hi", "tel:12345"}) {
    Status s = CanonicalizeUrl(bad, &out);
    EXPECT_FALSE(s.ok()) << bad;
    EXPECT_TRUE(s.IsInvalidArgument()) << bad;
    EXPECT_NE(std::string::npos, s.message().find(bad)) << s.message();
  }
}

TEST(ResolveUrlTest, RelativeReferences) {
  const std::string base = "http://www.xiangfuqu.gov.cn/zwgk/ndbg/index.html?x=1#top";
  EXPECT_EQ("http://www.xiangfuqu.gov.cn/zwgk/ndbg/2019.html", Resolve(base, "2019.html"));
  EXPECT_EQ("http://www.xiangfuqu.gov.cn/zwgk/ndbg/2019.html", Resolve(base, "./2019.html"));
  EXPECT_EQ("http://www.xiangfuqu.gov.cn/zwgk/other/a.html", Resolve(base, "../other/a.html"));
  EXPECT_EQ("http://www.xiangfuqu.gov.cn/a.html", Resolve(base, "../../../../a.html"));
  EXPECT_EQ("http://www.xiangfuqu.gov.cn/root.html", Resolve(base, "/root.html"));
  EXPECT_EQ("http://cdn.gov.cn/x.pdf", Resolve(base, "//cdn.gov.cn/x.pdf"));
  EXPECT_EQ("http://www.xiangfuqu.gov.cn/zwgk/ndbg/index.html?page=2",
            Resolve(base, "?page=2"));
  EXPECT_EQ("https://www.gov.cn/", Resolve(base, "HTTPS://WWW.GOV.CN"));
}

TEST(ResolveUrlTest, SchemeRelativeKeepsBaseScheme) {
  EXPECT_EQ("https://cdn.gov.cn/x", Resolve("https://a.gov.cn/p", "//cdn.gov.cn/x"));
}

TEST(ResolveUrlTest, BaseWithFileName) {
  EXPECT_EQ("http://a.cn/dir/b.html", Resolve("http://a.cn/dir/a.html", "b.html"));
  EXPECT_EQ("http://a.cn/b.html", Resolve("http://a.cn/dir", "b.html"));
  EXPECT_EQ("http://a.cn/dir/b.html", Resolve("http://a.cn/dir/", "b.html"));
}

TEST(ResolveUrlTest, EmptyAndFragmentOnlyMeanTheBase) {
  // libcurl 7.88 alone would give "http://a.cn/dir/" for these.
  EXPECT_EQ("http://a.cn/dir/a.html?q=1", Resolve("http://a.cn/dir/a.html?q=1#x", ""));
  EXPECT_EQ("http://a.cn/dir/a.html?q=1", Resolve("http://a.cn/dir/a.html?q=1", "#sec2"));
}

TEST(ResolveUrlTest, ChineseAndSpacesInReference) {
  EXPECT_EQ("http://www.shanxi.gov.cn/search/sxgovsearch.jsp?sword=%E8%BD%AC%E5%9E%8B",
            Resolve("http://www.shanxi.gov.cn/yw/", "/search/sxgovsearch.jsp?sword=转型 "));
  EXPECT_EQ("http://a.cn/d/%E5%B9%B4%E6%8A%A5%202019.pdf",
            Resolve("http://a.cn/d/", "年报 2019.pdf"));
}

TEST(ResolveUrlTest, RejectsNonHttp) {
  std::string out;
  for (const char* ref : {"javascript:void(0);", "JavaScript:share.qq()", "mailto:a@gov.cn",
                          "tel:0371-12345678", "data:image/png;base64,AAAA", "ftp://a.cn/x"}) {
    Status s = ResolveUrl("http://a.cn/", ref, &out);
    EXPECT_TRUE(s.IsInvalidArgument()) << ref;
    EXPECT_NE(std::string::npos, s.message().find(ref)) << s.message();
  }
  EXPECT_FALSE(ResolveUrl("not a base", "x.html", &out).ok());
  EXPECT_FALSE(ResolveUrl("mailto:a@b.cn", "x.html", &out).ok());
}

TEST(SplitUrlTest, Parts) {
  UrlParts parts;
  ASSERT_TRUE(SplitUrl("HTTP://WWW.Gov.CN:80/a/b?x=1#f", &parts).ok());
  EXPECT_EQ("http", parts.scheme);
  EXPECT_EQ("www.gov.cn", parts.host);
  EXPECT_EQ(80, parts.port);
  EXPECT_EQ("/a/b?x=1", parts.path_and_query);

  ASSERT_TRUE(SplitUrl("https://a.gov.cn", &parts).ok());
  EXPECT_EQ(443, parts.port);
  EXPECT_EQ("/", parts.path_and_query);

  ASSERT_TRUE(SplitUrl("http://a.gov.cn:8080/x", &parts).ok());
  EXPECT_EQ(8080, parts.port);

  ASSERT_TRUE(SplitUrl("http://[::1]:81/", &parts).ok());
  EXPECT_EQ("::1", parts.host);
  EXPECT_EQ(81, parts.port);

  EXPECT_FALSE(SplitUrl("mailto:x@y.cn", &parts).ok());
}

TEST(OriginOfTest, DefaultPortOmitted) {
  UrlParts parts;
  ASSERT_TRUE(SplitUrl("http://WWW.Gov.CN:80/a", &parts).ok());
  EXPECT_EQ("http://www.gov.cn", OriginOf(parts));
  ASSERT_TRUE(SplitUrl("https://a.gov.cn:443/a", &parts).ok());
  EXPECT_EQ("https://a.gov.cn", OriginOf(parts));
  ASSERT_TRUE(SplitUrl("https://a.gov.cn:8443/a", &parts).ok());
  EXPECT_EQ("https://a.gov.cn:8443", OriginOf(parts));
  ASSERT_TRUE(SplitUrl("http://[::1]:8080/", &parts).ok());
  EXPECT_EQ("http://[::1]:8080", OriginOf(parts));
}

TEST(RegistrableDomainTest, PublicSuffixList) {
  EXPECT_EQ("xiangfuqu.gov.cn", RegistrableDomain("www.xiangfuqu.gov.cn"));
  EXPECT_EQ("shanxi.gov.cn", RegistrableDomain("xfj.shanxi.gov.cn"));
  // gov.cn is itself a public suffix, so www.gov.cn is registrable.
  EXPECT_EQ("www.gov.cn", RegistrableDomain("www.gov.cn"));
  EXPECT_EQ("www.gov.cn", RegistrableDomain("WWW.GOV.CN"));
  EXPECT_EQ("example.com", RegistrableDomain("a.b.example.com"));
  EXPECT_EQ("lib.sx.cn", RegistrableDomain("lib.sx.cn"));
}

TEST(RegistrableDomainTest, FallsBackToHost) {
  EXPECT_EQ("127.0.0.1", RegistrableDomain("127.0.0.1"));  // libpsl alone says "0.1"
  EXPECT_EQ("::1", RegistrableDomain("::1"));
  EXPECT_EQ("gov.cn", RegistrableDomain("gov.cn"));
  EXPECT_EQ("localhost", RegistrableDomain("localhost"));
}

}  // namespace
}  // namespace govharvest
