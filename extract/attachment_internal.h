// Readers behind extract/attachment.h (internal header).
#ifndef GOVHARVEST_EXTRACT_ATTACHMENT_INTERNAL_H_
#define GOVHARVEST_EXTRACT_ATTACHMENT_INTERNAL_H_

#include <string>
#include <string_view>
#include <vector>

#include "extract/clean.h"
#include "store/status.h"

namespace govharvest::attachment_internal {

// What a reader produces: the document's title ("" when none stood out) and
// its content blocks in reading order.
struct DocumentContent {
  std::string title;
  std::vector<ContentBlock> blocks;
  bool has_text = false;  // false: nothing readable (scanned PDF, empty file)
};

// One word of a PDF page as poppler places it. Coordinates in points, page
// local, y growing downwards; x0 <= x1, y0 <= y1.
struct PlacedWord {
  std::string text;  // UTF-8, no spaces inside
  int page = 0;
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  double font_size = 0;
  bool vertical = false;     // vertical writing mode (a column of characters)
  bool space_after = false;  // the PDF had a space after this word
};

// Rebuilds paragraphs, headings and tables from placed words (pages in
// order): words -> lines -> fragments; runs of table lines become tables whose
// columns come from the value positions; tables running over a page break
// are one table.
DocumentContent LayOutWords(const std::vector<PlacedWord>& words);

// Both fail with LimitExceeded for documents over the limits of `options`
// that they check themselves: PDF pages (too_large), a DOCX body over
// 64 MiB (too_large) or nested deeper than max_depth (too_deep). Memory and
// time are bounded by the child process ReadAttachment runs them in.
Status ReadPdf(std::string_view bytes, const CleanOptions& options, DocumentContent* out);
Status ReadDocx(std::string_view bytes, const CleanOptions& options, DocumentContent* out);
// DOC / WPS through antiword, else catdoc (subprocess, 20 s timeout); the text
// is read like a plain-text page. Unsupported when neither tool runs.
Status ReadLegacyWord(std::string_view bytes, std::string* utf8_text);

// Joins two pieces of text of one line or cell: no space between CJK
// characters, one space between two Latin/digit runs.
std::string JoinPieces(std::string_view left, std::string_view right, bool space_between);

}  // namespace govharvest::attachment_internal

#endif  // GOVHARVEST_EXTRACT_ATTACHMENT_INTERNAL_H_
