#include "store/html_escape.h"

#include <gtest/gtest.h>

namespace govharvest {
namespace {

TEST(HtmlEscapeTest, EscapesMarkupCharacters) {
  EXPECT_EQ(HtmlEscape("a & b"), "a &amp; b");
  EXPECT_EQ(HtmlEscape("<td>"), "&lt;td&gt;");
  EXPECT_EQ(HtmlEscape("say \"hi\""), "say &quot;hi&quot;");
  EXPECT_EQ(HtmlEscape("&amp;"), "&amp;amp;") << "an entity is text, escaped again";
}

TEST(HtmlEscapeTest, KeepsApostrophe) {
  // Attribute values are written in double quotes; earlier versions kept ',
  // and summary.html must stay byte for byte the same.
  EXPECT_EQ(HtmlEscape("it's"), "it's");
}

TEST(HtmlEscapeTest, PassesUtf8AndEmptyThrough) {
  EXPECT_EQ(HtmlEscape(""), "");
  EXPECT_EQ(HtmlEscape("政府信息公开工作年度报告"), "政府信息公开工作年度报告");
  EXPECT_EQ(HtmlEscape("表二 <第1项> & “引号”"), "表二 &lt;第1项&gt; &amp; “引号”");
  const std::string bytes("\x00\xff\xe4\xb8", 4);  // a NUL, a stray byte, a cut sequence
  EXPECT_EQ(HtmlEscape(bytes), bytes);
}

}  // namespace
}  // namespace govharvest
