// Page cleaning: from an archived capture (raw bytes + capture record) to a
// CleanPage that the extraction stage can trust: titles, the 信息公开
// metadata block, the main content as blocks in reading order (headings,
// paragraphs, tables as grids, images, attachment links), the content as
// text, flags, and the document's duplicate keys.
//
// Invariants:
//  - The input bytes are never modified; a CleanPage is recomputable from the
//    archive at any time (same bytes + same record + same options => same
//    CleanPage, byte for byte in ToJson).
//  - Cleaning never drops a data table or a paragraph of the chosen content:
//    only chrome (navigation, hidden blocks, widgets, standard tails) and
//    injected spam strings are removed.
//  - Every table cell's text is kept exactly (only whitespace runs are
//    collapsed to one space and the ends trimmed).
//  - clean_text holds no injected spam string that was detected: detected
//    strings are removed from titles, metadata values and text (and listed in
//    `spam_strings`).
//  - document_digest is "sha256:<hex>" of NormalizeForDigest(clean_text
//    without the title lines), so the same report with other chrome, at
//    another URL or on a mirror whose spam was stripped has the same digest.
//
// Thread safety: every function here is a pure function of its arguments.
#ifndef GOVHARVEST_EXTRACT_CLEAN_H_
#define GOVHARVEST_EXTRACT_CLEAN_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "store/records.h"
#include "store/status.h"

namespace govharvest {

// A table with its rowspan/colspan resolved into a rectangular grid.
struct CleanTable {
  struct Cell {
    std::string text;      // the cell's text (for covered slots: "")
    bool header = false;   // <th>
    bool covered = false;  // slot covered by a span of the cell at (origin_row, origin_col)
    int origin_row = 0;
    int origin_col = 0;
    // Text tables only (a dump flattened to lines): `missing` is a slot the
    // source line did not have (its row was shorter than the table), not a
    // blank cell; `lost_blanks` is a line of bars alone ("||||||"), where the
    // dump dropped blank cells of the row around it — how many is unknown.
    bool missing = false;
    bool lost_blanks = false;
  };
  std::vector<std::vector<Cell>> rows;  // every row has the same number of columns
  std::string caption;

  int row_count() const { return static_cast<int>(rows.size()); }
  int column_count() const { return rows.empty() ? 0 : static_cast<int>(rows[0].size()); }
  // The text at (row, col), following a covered slot to its spanning cell.
  const std::string& TextAt(int row, int col) const;
};

struct ContentBlock {
  enum class Kind { kHeading, kParagraph, kTable, kImage, kAttachment };
  Kind kind = Kind::kParagraph;
  int level = 0;      // headings: 1..6
  std::string text;   // heading/paragraph text; attachment link text; image alt
  CleanTable table;   // kTable
  std::string url;    // kImage: src; kAttachment: href (both resolved against the page URL)
};

std::string_view BlockKindName(ContentBlock::Kind kind);

// One clue from which an agency's identity was inferred on a spam page.
struct IdentityEvidence {
  std::string kind;   // "site_name", "address", "postcode", "phone_area_code", "site_id_code"
  std::string value;  // the text as found on the page
  std::string place;  // the place it points at ("" when unknown)
};

struct InferredIdentity {
  std::string name;             // e.g. "温州市"; "" when nothing could be inferred
  std::string replaced_string;  // the spam string that stood where the name was
  std::vector<IdentityEvidence> evidence;
};

struct CleanPage {
  // Provenance.
  std::string url;             // final URL of the capture (else the requested one)
  std::string host;            // lower-case host of `url`, "" for files
  std::string host_class;      // "gov", "allowed", "mirror", "unknown" (no host)
  std::string payload_digest;  // of the raw bytes this page was cleaned from
  std::string encoding;        // encoding used to decode the bytes
  std::string input_kind;      // "html" or "text"

  // Titles: the raw <title>, the page's own heading (h1/h2 or title class),
  // and the cleaned title (spam and site-name suffixes removed).
  std::string raw_title;
  std::string heading;
  std::string title;

  // The 信息公开 metadata block, by synonym id (report-format.md §4):
  // index_no, publisher, created_date, published_date, doc_no, topic,
  // disclosure_mode, scope, validity, name, keywords, source, summary.
  // Also page_date: the date of the page-info line near the top of
  // clean_text ("时间:2019-02-07" beside the site name and a view counter,
  // or 发布时间/发布日期/日期: there), as written.
  std::map<std::string, std::string> metadata;
  // <meta name=...> tags of the 政府网站发展指引 set, by name: SiteName,
  // SiteIDCode, ColumnName, ArticleTitle, PubDate, ContentSource (and
  // SiteDomain, Keywords, Description when present).
  std::map<std::string, std::string> meta_tags;

  std::vector<ContentBlock> blocks;  // main content, reading order
  std::string clean_text;            // blocks as text; table rows as "a | b | c"

  // Flags: "spam_injected", "mirror_host", "name_replaced", "image_tables",
  // "empty_body", "plain_text", "decode_replacements", "has_tables",
  // "has_attachments".
  std::set<std::string> flags;
  std::vector<std::string> spam_strings;  // injected strings that were removed
  InferredIdentity identity;

  std::string document_digest;  // "sha256:<hex>", see the header comment
  uint64_t simhash = 0;         // 64-bit SimHash of the normalized text

  bool HasFlag(std::string_view flag) const { return flags.count(std::string(flag)) > 0; }
  std::string ToJson() const;
};

struct CleanOptions {
  // Hosts (lower case; a leading "." allows sub-domains) accepted as
  // authoritative besides *.gov.cn. Any other host makes the page "mirror".
  std::vector<std::string> allowed_hosts;

  // Bounded work (docs/reliability.md). An HTML page or DOCX body nested
  // deeper than this many elements fails with LimitExceeded("too_deep")
  // before any tree walk: real pages stay below 100, and the HTML parser's
  // time grows with the square of the depth.
  int max_depth = 1000;
  // Attachments (PDF, DOCX) are read in a child process with these limits;
  // past them ReadAttachment fails with LimitExceeded "too_large" (memory,
  // PDF pages, a DOCX body over 64 MiB) or "timeout" (wall-clock time).
  int64_t attachment_memory_bytes = 2LL << 30;
  int64_t attachment_time_ms = 60000;
  int max_pdf_pages = 1000;
};

// Cleans an archived payload. The bytes are decoded to UTF-8 with the
// crawler's DecodePage (BOM, the capture's Content-Type charset, <meta>,
// detection). HTML (by content type or sniffing) goes through Gumbo; text
// (text/plain, or no markup) is read as paragraphs and `|`-flattened tables.
// Fails with InvalidArgument for payloads that are not pages (PDF, Office,
// images, ...), LimitExceeded("too_deep") for HTML nested deeper than
// options.max_depth.
Status CleanCapture(std::string_view bytes, const CaptureRecord& capture,
                    const CleanOptions& options, CleanPage* out);

// The same, from text already decoded to UTF-8. `url` may be "".
Status CleanHtml(std::string_view utf8_html, std::string_view url, const CleanOptions& options,
                 CleanPage* out);
Status CleanPlainText(std::string_view utf8_text, std::string_view url, const CleanOptions& options,
                      CleanPage* out);

// Normalization for duplicate detection: full-width ASCII forms and the
// ideographic space folded to ASCII, NBSP and zero-width characters dropped
// or folded, whitespace runs collapsed to one space and whitespace next to a
// non-ASCII character removed, ASCII letters lower-cased.
std::string NormalizeForDigest(std::string_view text);

// 64-bit SimHash over overlapping 3-character shingles of NormalizeForDigest(text).
uint64_t SimHash64(std::string_view text);
int HammingDistance(uint64_t a, uint64_t b);
inline constexpr int kNearDuplicateMaxDistance = 3;
inline bool IsNearDuplicate(uint64_t a, uint64_t b) {
  return HammingDistance(a, b) <= kNearDuplicateMaxDistance;
}

// The injected spam strings found in `text` (lexicon hits and keyword-stuffed
// "A_B_C" chains), longest first; empty for clean text.
std::vector<std::string> FindSpamStrings(std::string_view text);

// True when `host` is a *.gov.cn host or matches `allowed_hosts`.
bool IsAuthoritativeHost(std::string_view host, const std::vector<std::string>& allowed_hosts);

}  // namespace govharvest

#endif  // GOVHARVEST_EXTRACT_CLEAN_H_
