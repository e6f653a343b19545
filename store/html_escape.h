// Text put into HTML (or XML) markup: the one escaper of the program, used by
// `clean --format html`, the snapshot's summary.html and the portal simulator.
#ifndef GOVHARVEST_STORE_HTML_ESCAPE_H_
#define GOVHARVEST_STORE_HTML_ESCAPE_H_

#include <string>
#include <string_view>

namespace govharvest {

// `text` with & < > and " replaced by &amp; &lt; &gt; and &quot;, so that it
// is safe as element content and inside a double-quoted attribute value. Every
// other byte is copied unchanged: UTF-8 passes through, and ' stays as it is
// (attribute values are always written in double quotes), which keeps
// summary.html byte for byte what earlier versions wrote.
std::string HtmlEscape(std::string_view text);

}  // namespace govharvest

#endif  // GOVHARVEST_STORE_HTML_ESCAPE_H_
