// Content helpers of the portal simulator: turning the plain-text report dumps
// in tests/fixtures into HTML (paragraphs and tables), shifting report years,
// GBK encoding, and the small binary files it serves (DOCX, PNG).
#ifndef GOVHARVEST_APP_PORTAL_PORTAL_CONTENT_H_
#define GOVHARVEST_APP_PORTAL_PORTAL_CONTENT_H_

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace govharvest::portal {

// One block of a report body.
struct Block {
  enum class Kind { kParagraph, kHeading, kTable, kImage };
  Kind kind = Kind::kParagraph;
  std::string text;                            // paragraph, heading, image file name
  std::vector<std::vector<std::string>> rows;  // tables
};

// Reads the lines of a text dump into blocks. Lines holding '|' are table
// cells or rows (the two flattenings found in the seeds: one cell per line
// ending in " |", with "|||" or trailing pipes closing a row; or whole rows
// "a | b | c |"; Markdown "| a | b |" rows with "|---|" separators are
// accepted too). A line that is only a file name ending in .png/.jpg is an
// image. `markdown` joins hard-wrapped lines (PDF-to-Markdown output).
std::vector<Block> ParseText(const std::vector<std::string>& lines, bool markdown);

enum class TableMode { kHtml, kImages, kOmit };

// Renders blocks as HTML. kImages replaces each table (and keeps each image
// line) with <img src="image_prefix + name">, and appends the image names
// used to `images`; kOmit drops tables.
std::string BlocksToHtml(const std::vector<Block>& blocks, TableMode mode, const std::string& image_prefix,
                         std::vector<std::string>* images);

// A minimal, valid .docx (stored ZIP) holding the title and the blocks, with
// tables as Word tables.
std::string BlocksToDocx(const std::string& title, const std::vector<Block>& blocks);

// A small valid grayscale PNG (w x h) drawing a table grid; `variant` moves the lines.
std::string MakeTablePng(int w, int h, int variant);

// Adds `delta` to every year 2000..2035 written with four digits, except in
// document numbers (〔2019〕, [2019]).
std::string ShiftYears(std::string_view text, int delta);

std::string ReplaceAll(std::string s, std::string_view from, std::string_view to);
std::string Trim(std::string_view s);

// The whole file; throws std::runtime_error naming it when it cannot be read.
std::string ReadFileOrThrow(const std::filesystem::path& path);
// Template `name` from the first of `dirs` (below `base`) that has it, with its
// {{>file}} includes expanded from the same directories (8 levels at most).
// Throws std::runtime_error when it is in none of them.
std::string LoadTemplate(const std::filesystem::path& base, const std::vector<std::string>& dirs,
                         const std::string& name, int depth = 0);
// Fills a template: {{key}} values, {{#key}}…{{/key}} when the value is set
// and not "0", {{^key}}…{{/key}} when it is not. Unknown keys render empty.
// Throws std::runtime_error on an unclosed section.
std::string RenderTemplate(const std::string& tpl, const std::map<std::string, std::string>& values);

// Splits into lines (LF or CRLF).
std::vector<std::string> SplitLines(std::string_view s);

// UTF-8 to GBK; characters GBK cannot hold become &#N; references.
std::string ToGbk(std::string_view utf8);

// Percent-decoding of a query or form value ('+' is a space).
std::string UrlDecode(std::string_view s);
// Value of `key` in "a=1&b=2", decoded; "" when absent.
std::string QueryValue(std::string_view query, std::string_view key);

// Deterministic pseudo-random numbers (splitmix64).
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next();
  // Uniform in [lo, hi].
  int Range(int lo, int hi);

 private:
  uint64_t state_;
};

// Days since 1970-01-01 for a civil date, and back ("YYYY-MM-DD").
int64_t DaysFromCivil(int y, int m, int d);
std::string CivilFromDays(int64_t days);
// "YYYY-MM-DD" parts; false when malformed.
bool ParseDate(std::string_view date, int* y, int* m, int* d);

}  // namespace govharvest::portal

#endif  // GOVHARVEST_APP_PORTAL_PORTAL_CONTENT_H_
