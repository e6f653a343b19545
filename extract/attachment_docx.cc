// DOCX attachments: word/document.xml (libzip, pugixml). Paragraphs and
// headings in body order; w:tbl as grids with w:gridSpan, w:gridBefore and
// w:vMerge resolved into covered slots.
#include <zip.h>

#include <algorithm>
#include <memory>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "extract/attachment_internal.h"
#include "extract/internal.h"
#include "extract/text.h"
#include "store/numbers.h"

namespace govharvest::attachment_internal {

namespace {

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
struct ZipFileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};
struct ZipSourceFreer {
  void operator()(zip_source_t* s) const { zip_source_free(s); }
};

// Upper bound on word/document.xml: a report is far smaller; guards zip bombs.
constexpr zip_uint64_t kMaxDocumentXml = 64u << 20;

Status ReadZipMember(std::string_view bytes, const char* name, std::string* out) {
  zip_error_t error;
  zip_error_init(&error);
  std::unique_ptr<zip_source_t, ZipSourceFreer> source(zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error));
  if (source == nullptr) {
    zip_error_fini(&error);
    return Status::Corruption("DOCX: cannot read the ZIP");
  }
  std::unique_ptr<zip_t, ZipCloser> archive(zip_open_from_source(source.get(), ZIP_RDONLY, &error));
  zip_error_fini(&error);
  if (archive == nullptr) return Status::Corruption("DOCX: not a ZIP archive");
  source.release();  // owned by the archive now
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat(archive.get(), name, 0, &st) != 0) return Status::InvalidArgument(std::string("no ") + name + " in the ZIP");
  if ((st.valid & ZIP_STAT_SIZE) == 0) return Status::Corruption(std::string("DOCX: no size for ") + name);
  if (st.size > kMaxDocumentXml) {
    return Status::LimitExceeded("too_large", std::string("DOCX: ") + name + " inflates to " + std::to_string(st.size) +
                                                  " bytes (limit " + std::to_string(kMaxDocumentXml) + ")");
  }
  std::unique_ptr<zip_file_t, ZipFileCloser> file(zip_fopen(archive.get(), name, 0));
  if (file == nullptr) return Status::Corruption(std::string("DOCX: cannot open ") + name);
  std::string data(static_cast<size_t>(st.size), '\0');
  zip_int64_t done = 0;
  while (done < static_cast<zip_int64_t>(data.size())) {
    const zip_int64_t n = zip_fread(file.get(), data.data() + done, data.size() - static_cast<size_t>(done));
    if (n <= 0) return Status::Corruption(std::string("DOCX: truncated ") + name);
    done += n;
  }
  *out = std::move(data);
  return Status::Ok();
}

bool Is(const pugi::xml_node& n, const char* name) { return std::string_view(n.name()) == name; }

// The visible text under `node` (w:t, tabs and breaks as spaces); nested
// tables included, deleted text (w:delText) and field codes excluded.
void AppendText(const pugi::xml_node& node, std::string* out) {
  for (pugi::xml_node c : node.children()) {
    if (Is(c, "w:t")) {
      *out += c.text().get();
    } else if (Is(c, "w:tab") || Is(c, "w:br") || Is(c, "w:cr")) {
      *out += ' ';
    } else if (Is(c, "w:p")) {
      if (!out->empty()) *out += ' ';
      AppendText(c, out);
    } else if (!Is(c, "w:instrText") && !Is(c, "w:delText") && !Is(c, "w:pPr") && !Is(c, "w:rPr")) {
      AppendText(c, out);
    }
  }
}

int Attr(const pugi::xml_node& n, const char* child, int fallback) {
  const pugi::xml_node c = n.child(child);
  if (!c) return fallback;
  return std::max(1, c.attribute("w:val").as_int(fallback));
}

CleanTable ReadTable(const pugi::xml_node& tbl) {
  CleanTable table;
  std::vector<std::vector<CleanTable::Cell>> rows;
  for (pugi::xml_node tr : tbl.children("w:tr")) {
    std::vector<CleanTable::Cell> row;
    const int r = static_cast<int>(rows.size());
    const pugi::xml_node tr_pr = tr.child("w:trPr");
    for (int k = tr_pr ? Attr(tr_pr, "w:gridBefore", 0) : 0; k > 0; --k) {
      CleanTable::Cell empty;
      empty.origin_row = r;
      empty.origin_col = static_cast<int>(row.size());
      row.push_back(empty);
    }
    for (pugi::xml_node tc : tr.children("w:tc")) {
      const pugi::xml_node pr = tc.child("w:tcPr");
      const int span = pr ? Attr(pr, "w:gridSpan", 1) : 1;
      const pugi::xml_node vmerge = pr ? pr.child("w:vMerge") : pugi::xml_node();
      const std::string vval = vmerge ? vmerge.attribute("w:val").as_string() : "";
      const bool continues = vmerge && vval != "restart";
      const int c = static_cast<int>(row.size());
      CleanTable::Cell cell;
      cell.origin_row = r;
      cell.origin_col = c;
      if (continues && r > 0 && c < static_cast<int>(rows[r - 1].size())) {
        const CleanTable::Cell& above = rows[r - 1][c];
        cell.covered = true;
        cell.origin_row = above.covered ? above.origin_row : r - 1;
        cell.origin_col = above.covered ? above.origin_col : c;
      } else {
        std::string t;
        AppendText(tc, &t);
        cell.text = text::CollapseWhitespace(t);
      }
      row.push_back(cell);
      for (int k = 1; k < span; ++k) {
        CleanTable::Cell covered;
        covered.covered = true;
        covered.origin_row = cell.origin_row;
        covered.origin_col = cell.covered ? cell.origin_col + k : c;
        if (cell.covered) {
          // Under a merged block: follow the slot above.
          const CleanTable::Cell& above = rows[r - 1][std::min<size_t>(c + k, rows[r - 1].size() - 1)];
          covered.origin_row = above.covered ? above.origin_row : r - 1;
          covered.origin_col = above.covered ? above.origin_col : c + k;
        }
        row.push_back(covered);
      }
    }
    rows.push_back(std::move(row));
  }
  size_t width = 0;
  for (const auto& row : rows) width = std::max(width, row.size());
  for (size_t r = 0; r < rows.size(); ++r) {
    while (rows[r].size() < width) {
      CleanTable::Cell pad;
      pad.origin_row = static_cast<int>(r);
      pad.origin_col = static_cast<int>(rows[r].size());
      rows[r].push_back(pad);
    }
  }
  table.rows = std::move(rows);
  return table;
}

// Heading level of a paragraph from its style or outline level; 0 for body text.
int HeadingLevel(const pugi::xml_node& p) {
  const pugi::xml_node pr = p.child("w:pPr");
  if (!pr) return 0;
  if (const pugi::xml_node o = pr.child("w:outlineLvl")) return static_cast<int>(LeadingInt(o.attribute("w:val").as_string(), 0, 5, 0)) + 1;
  std::string style = text::AsciiLower(pr.child("w:pStyle").attribute("w:val").as_string());
  if (style == "title") return 1;
  for (const char* prefix : {"heading", "标题"}) {
    if (style.starts_with(prefix)) {
      return static_cast<int>(LeadingInt(std::string_view(style).substr(std::string_view(prefix).size()), 1, 6, 1));
    }
  }
  return 0;
}

void ReadBody(const pugi::xml_node& body, DocumentContent* out) {
  for (pugi::xml_node n : body.children()) {
    if (Is(n, "w:p")) {
      std::string t;
      AppendText(n, &t);
      t = text::CollapseWhitespace(t);
      if (t.empty()) continue;
      ContentBlock b;
      b.text = t;
      const int level = HeadingLevel(n);
      if (level > 0) {
        b.kind = ContentBlock::Kind::kHeading;
        b.level = level;
      } else if (clean_internal::LooksLikeSectionHeading(t)) {
        b.kind = ContentBlock::Kind::kHeading;
        b.level = 2;
      }
      out->blocks.push_back(std::move(b));
    } else if (Is(n, "w:tbl")) {
      ContentBlock b;
      b.kind = ContentBlock::Kind::kTable;
      b.table = ReadTable(n);
      if (b.table.row_count() > 0) out->blocks.push_back(std::move(b));
    } else if (Is(n, "w:sdt")) {
      ReadBody(n.child("w:sdtContent"), out);
    }
  }
}

// Depth of the element tree under `root`, walked with an explicit stack;
// stops counting past `limit`.
int XmlDepth(const pugi::xml_node& root, int limit) {
  int deepest = 0;
  std::vector<std::pair<pugi::xml_node, int>> stack{{root, 1}};
  while (!stack.empty() && deepest <= limit) {
    const auto [n, depth] = stack.back();
    stack.pop_back();
    deepest = std::max(deepest, depth);
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
      if (c.type() == pugi::node_element) stack.emplace_back(c, depth + 1);
    }
  }
  return deepest;
}

}  // namespace

Status ReadDocx(std::string_view bytes, const CleanOptions& options, DocumentContent* out) {
  std::string xml;
  Status s = ReadZipMember(bytes, "word/document.xml", &xml);
  if (!s.ok()) return s;
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed = doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata_single, pugi::encoding_utf8);
  if (!parsed) return Status::Corruption(std::string("DOCX: word/document.xml: ") + parsed.description());
  const pugi::xml_node body = doc.child("w:document").child("w:body");
  if (!body) return Status::Corruption("DOCX: word/document.xml has no w:body");
  // The readers below recurse into nested tables.
  if (const int depth = XmlDepth(body, options.max_depth); depth > options.max_depth) {
    return Status::LimitExceeded("too_deep", "DOCX: word/document.xml nests elements " + std::to_string(depth) +
                                                 " deep (limit " + std::to_string(options.max_depth) + ")");
  }
  DocumentContent content;
  ReadBody(body, &content);
  // The title: the first paragraph when it names the report.
  for (const ContentBlock& b : content.blocks) {
    if (b.kind == ContentBlock::Kind::kTable) break;
    if (text::Contains(b.text, "报告") && text::Length(b.text) <= 60) {
      content.title = b.text;
      break;
    }
  }
  content.has_text = !content.blocks.empty();
  *out = std::move(content);
  return Status::Ok();
}

}  // namespace govharvest::attachment_internal
