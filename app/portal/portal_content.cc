#include "app/portal/portal_content.h"

#include <stdexcept>

#include <sstream>

#include <fstream>

#include <iconv.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "store/html_escape.h"

namespace govharvest::portal {

namespace {

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

bool IsPipeOnly(std::string_view s) {
  bool pipe = false;
  for (char c : s) {
    if (c == '|') {
      pipe = true;
    } else if (c != ' ' && c != '\t') {
      return false;
    }
  }
  return pipe;
}

bool IsMdSeparator(std::string_view s) {
  if (s.empty() || s[0] != '|') return false;
  for (char c : s) {
    if (c != '|' && c != '-' && c != ':' && c != ' ') return false;
  }
  return s.find('-') != std::string_view::npos;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsImageLine(std::string_view s) {
  if (s.empty() || s.size() > 64 || s.find(' ') != std::string_view::npos) return false;
  const std::string l = Lower(s);
  return EndsWith(l, ".png") || EndsWith(l, ".jpg") || EndsWith(l, ".jpeg") || EndsWith(l, ".gif");
}

// "一、总体情况" and the like: a Chinese numeral (一 … 十) followed by 、.
bool IsHeading(std::string_view s) {
  static constexpr std::string_view kNumerals[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
  for (auto n : kNumerals) {
    if (StartsWith(s, n) && s.substr(n.size(), 3) == "、") return true;
  }
  return false;
}

// Starts a new item in hard-wrapped text: headings, (一), （一）, 1. 1、
bool StartsItem(std::string_view s) {
  if (IsHeading(s) || StartsWith(s, "（") || StartsWith(s, "(") || StartsWith(s, "#")) return true;
  size_t i = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  return i > 0 && i < 3 && i < s.size() && (s[i] == '.' || s.substr(i, 3) == "、");
}

bool IsNumericCell(std::string_view s) {
  if (s.empty()) return true;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c)) && c != '.' && c != ',' && c != '%' && c != '-' && c != ' ') {
      return false;
    }
  }
  return true;
}

std::vector<std::string> SplitCells(std::string_view line) {
  std::vector<std::string> cells;
  size_t start = 0;
  while (true) {
    size_t bar = line.find('|', start);
    cells.push_back(Trim(line.substr(start, bar == std::string_view::npos ? std::string_view::npos : bar - start)));
    if (bar == std::string_view::npos) break;
    start = bar + 1;
  }
  return cells;
}

// Row-format table line ("a | b | c |", "| a | b |").
bool IsRowLine(std::string_view line) {
  if (!line.empty() && line[0] == '|') return true;
  int filled = 0;
  for (const auto& c : SplitCells(line)) filled += c.empty() ? 0 : 1;
  return filled >= 2;
}

// Cell text of a one-cell line and whether the row ends after it.
std::string CellOf(std::string_view line, bool* ends_row) {
  size_t bar = line.find('|');
  size_t pipes = static_cast<size_t>(std::count(line.begin(), line.end(), '|'));
  *ends_row = pipes >= 2;
  return Trim(line.substr(0, bar));
}

class TableBuilder {
 public:
  bool empty() const { return rows_.empty() && row_.empty(); }
  void EndRow() {
    if (!row_.empty()) rows_.push_back(std::move(row_));
    row_.clear();
  }
  void AddRowLine(std::string_view line) {
    EndRow();
    std::vector<std::string> cells = SplitCells(line);
    if (!line.empty() && line[0] == '|' && !cells.empty()) cells.erase(cells.begin());
    while (!cells.empty() && cells.back().empty()) cells.pop_back();
    if (!cells.empty()) rows_.push_back(std::move(cells));
  }
  // `next_numeric`: the following line is a one-cell line holding a number.
  void AddCell(std::string cell, bool ends_row, bool next_numeric) {
    const bool numeric = IsNumericCell(cell);
    if (!row_.empty() && !numeric) {
      bool all_text = row_.size() >= 2;
      for (const auto& c : row_) all_text = all_text && !IsNumericCell(c);
      if (IsNumericCell(row_.back()) || (all_text && next_numeric)) EndRow();
    }
    row_.push_back(std::move(cell));
    if (ends_row) EndRow();
  }
  Block Take() {
    EndRow();
    Block b;
    b.kind = Block::Kind::kTable;
    b.rows = std::move(rows_);
    rows_.clear();
    return b;
  }

 private:
  std::vector<std::vector<std::string>> rows_;
  std::vector<std::string> row_;
};

uint32_t Crc32(std::string_view data, uint32_t crc = 0) {
  static const std::array<uint32_t, 256> kTable = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  crc = ~crc;
  for (unsigned char ch : data) crc = kTable[(crc ^ ch) & 0xFF] ^ (crc >> 8);
  return ~crc;
}

void Put16(std::string* out, uint32_t v) {
  out->push_back(static_cast<char>(v & 0xFF));
  out->push_back(static_cast<char>((v >> 8) & 0xFF));
}
void Put32(std::string* out, uint32_t v) {
  Put16(out, v & 0xFFFF);
  Put16(out, v >> 16);
}
void Put32Be(std::string* out, uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out->push_back(static_cast<char>((v >> s) & 0xFF));
}

// A ZIP archive with stored (uncompressed) members.
std::string StoredZip(const std::vector<std::pair<std::string, std::string>>& files) {
  std::string out, central;
  const uint32_t dos_time = (10u << 11);                               // 10:00:00
  const uint32_t dos_date = ((2022u - 1980u) << 9) | (3u << 5) | 1u;  // 2022-03-01
  for (const auto& [name, data] : files) {
    const uint32_t offset = static_cast<uint32_t>(out.size());
    const uint32_t crc = Crc32(data);
    auto header = [&](std::string* h, bool central_entry) {
      Put32(h, central_entry ? 0x02014b50u : 0x04034b50u);
      if (central_entry) Put16(h, 20);  // made by
      Put16(h, 20);                     // needed to extract
      Put16(h, 0x0800);                 // UTF-8 names
      Put16(h, 0);                      // stored
      Put16(h, dos_time);
      Put16(h, dos_date);
      Put32(h, crc);
      Put32(h, static_cast<uint32_t>(data.size()));
      Put32(h, static_cast<uint32_t>(data.size()));
      Put16(h, static_cast<uint32_t>(name.size()));
      Put16(h, 0);  // extra
      if (central_entry) {
        Put16(h, 0);  // comment
        Put16(h, 0);  // disk
        Put16(h, 0);  // internal attributes
        Put32(h, 0);  // external attributes
        Put32(h, offset);
      }
      h->append(name);
    };
    header(&out, false);
    out.append(data);
    header(&central, true);
  }
  const uint32_t central_offset = static_cast<uint32_t>(out.size());
  out.append(central);
  Put32(&out, 0x06054b50u);
  Put16(&out, 0);
  Put16(&out, 0);
  Put16(&out, static_cast<uint32_t>(files.size()));
  Put16(&out, static_cast<uint32_t>(files.size()));
  Put32(&out, static_cast<uint32_t>(central.size()));
  Put32(&out, central_offset);
  Put16(&out, 0);
  return out;
}

std::string XmlEscape(std::string_view s) { return HtmlEscape(s); }

std::string DocxParagraph(std::string_view text, bool bold, bool center) {
  std::string p = "<w:p>";
  if (center) p += "<w:pPr><w:jc w:val=\"center\"/></w:pPr>";
  p += "<w:r>";
  if (bold) p += "<w:rPr><w:b/></w:rPr>";
  p += "<w:t xml:space=\"preserve\">" + XmlEscape(text) + "</w:t></w:r></w:p>";
  return p;
}

// Length of the UTF-8 sequence starting with `lead` (1 for invalid bytes).
size_t Utf8Length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xE) return 3;
  if ((lead >> 3) == 0x1E) return 4;
  return 1;
}

uint32_t Utf8Decode(std::string_view s, size_t len) {
  const auto b = [&](size_t i) { return static_cast<uint32_t>(static_cast<unsigned char>(s[i])); };
  if (len == 1 || s.size() < len) return b(0);
  if (len == 2) return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
  if (len == 3) return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
  return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
}

}  // namespace

std::string Trim(std::string_view s) {
  auto space = [](std::string_view t, size_t i, bool front) -> size_t {
    // ASCII whitespace, U+3000 (E3 80 80) and NBSP (C2 A0).
    if (front) {
      if (i < t.size() && std::isspace(static_cast<unsigned char>(t[i]))) return 1;
      if (t.substr(i, 3) == "\xE3\x80\x80") return 3;
      if (t.substr(i, 2) == "\xC2\xA0") return 2;
    } else {
      if (i >= 1 && std::isspace(static_cast<unsigned char>(t[i - 1]))) return 1;
      if (i >= 3 && t.substr(i - 3, 3) == "\xE3\x80\x80") return 3;
      if (i >= 2 && t.substr(i - 2, 2) == "\xC2\xA0") return 2;
    }
    return 0;
  };
  size_t b = 0, e = s.size();
  for (size_t n; b < e && (n = space(s, b, true)) > 0;) b += n;
  for (size_t n; e > b && (n = space(s, e, false)) > 0;) e -= n;
  return std::string(s.substr(b, e - b));
}

std::vector<std::string> SplitLines(std::string_view s) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start <= s.size()) {
    size_t nl = s.find('\n', start);
    std::string_view line = s.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.emplace_back(line);
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return lines;
}

std::vector<Block> ParseText(const std::vector<std::string>& raw_lines, bool markdown) {
  std::vector<std::string> lines;
  for (const auto& l : raw_lines) {
    std::string t = Trim(l);
    if (!t.empty()) lines.push_back(std::move(t));
  }
  std::vector<Block> blocks;
  TableBuilder table;
  auto flush_table = [&] {
    if (!table.empty()) {
      Block b = table.Take();
      if (!b.rows.empty()) blocks.push_back(std::move(b));
    }
  };
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (line.find('|') != std::string::npos) {
      if (IsPipeOnly(line)) {
        table.EndRow();
      } else if (IsMdSeparator(line)) {
        continue;
      } else if (IsRowLine(line)) {
        table.AddRowLine(line);
      } else {
        bool ends = false;
        std::string cell = CellOf(line, &ends);
        bool next_numeric = false;
        if (i + 1 < lines.size() && lines[i + 1].find('|') != std::string::npos && !IsRowLine(lines[i + 1])) {
          bool unused = false;
          next_numeric = IsNumericCell(CellOf(lines[i + 1], &unused)) && !IsPipeOnly(lines[i + 1]);
        }
        table.AddCell(std::move(cell), ends, next_numeric);
      }
      continue;
    }
    flush_table();
    if (IsImageLine(line)) {
      blocks.push_back({Block::Kind::kImage, line, {}});
      continue;
    }
    std::string text = line;
    if (markdown) {
      while (!text.empty() && text[0] == '#') text.erase(0, 1);
      text = Trim(text);
      while (i + 1 < lines.size() && lines[i + 1].find('|') == std::string::npos && !StartsItem(lines[i + 1]) &&
             !IsHeading(text) && !EndsWith(text, "。") && !EndsWith(text, "：") && !IsImageLine(lines[i + 1])) {
        text += lines[++i];
      }
    }
    blocks.push_back({IsHeading(text) ? Block::Kind::kHeading : Block::Kind::kParagraph, text, {}});
  }
  flush_table();
  return blocks;
}

std::string BlocksToHtml(const std::vector<Block>& blocks, TableMode mode, const std::string& image_prefix,
                         std::vector<std::string>* images) {
  std::string html;
  int table_no = 0;
  auto image = [&](std::string name) {
    if (size_t dot = name.rfind('.'); dot != std::string::npos) name = name.substr(0, dot) + ".png";
    if (images) images->push_back(name);
    html += "<p style=\"text-align: center;\"><img src=\"" + image_prefix + name +
            "\" border=\"0\" alt=\"\" style=\"width: 600px;\" /></p>\n";
  };
  for (const Block& b : blocks) {
    switch (b.kind) {
      case Block::Kind::kHeading:
        html += "<p style=\"text-indent: 2em;\"><strong>" + HtmlEscape(b.text) + "</strong></p>\n";
        break;
      case Block::Kind::kParagraph:
        html += "<p style=\"text-indent: 2em;\">" + HtmlEscape(b.text) + "</p>\n";
        break;
      case Block::Kind::kImage:
        image(b.text);
        break;
      case Block::Kind::kTable:
        ++table_no;
        if (mode == TableMode::kImages) {
          image("biao" + std::to_string(table_no) + ".png");
        } else if (mode == TableMode::kHtml) {
          html += "<table border=\"1\" cellspacing=\"0\" cellpadding=\"0\" width=\"100%\" "
                  "style=\"border-collapse: collapse;\">\n<tbody>\n";
          for (const auto& row : b.rows) {
            html += "<tr>";
            for (const auto& cell : row) {
              html += "<td style=\"border: 1px solid #000;\">" + (cell.empty() ? std::string("&nbsp;") : HtmlEscape(cell)) +
                      "</td>";
            }
            html += "</tr>\n";
          }
          html += "</tbody>\n</table>\n";
        }
        break;
    }
  }
  return html;
}

std::string BlocksToDocx(const std::string& title, const std::vector<Block>& blocks) {
  std::string body = DocxParagraph(title, true, true);
  for (const Block& b : blocks) {
    if (b.kind == Block::Kind::kTable) {
      size_t cols = 1;
      for (const auto& r : b.rows) cols = std::max(cols, r.size());
      body += "<w:tbl><w:tblPr><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblBorders>"
              "<w:top w:val=\"single\" w:sz=\"4\"/><w:left w:val=\"single\" w:sz=\"4\"/>"
              "<w:bottom w:val=\"single\" w:sz=\"4\"/><w:right w:val=\"single\" w:sz=\"4\"/>"
              "<w:insideH w:val=\"single\" w:sz=\"4\"/><w:insideV w:val=\"single\" w:sz=\"4\"/>"
              "</w:tblBorders></w:tblPr><w:tblGrid>";
      for (size_t c = 0; c < cols; ++c) body += "<w:gridCol w:w=\"" + std::to_string(9000 / cols) + "\"/>";
      body += "</w:tblGrid>";
      for (const auto& r : b.rows) {
        body += "<w:tr>";
        for (const auto& cell : r) body += "<w:tc>" + DocxParagraph(cell, false, false) + "</w:tc>";
        body += "</w:tr>";
      }
      body += "</w:tbl>";
    } else if (b.kind != Block::Kind::kImage) {
      body += DocxParagraph(b.text, b.kind == Block::Kind::kHeading, false);
    }
  }
  const std::string document =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>" +
      body + "<w:sectPr/></w:body></w:document>";
  const std::string content_types =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
      "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
      "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
      "<Override PartName=\"/word/document.xml\" "
      "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
      "</Types>";
  const std::string rels =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"rId1\" "
      "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
      "Target=\"word/document.xml\"/></Relationships>";
  return StoredZip({{"[Content_Types].xml", content_types}, {"_rels/.rels", rels}, {"word/document.xml", document}});
}

std::string MakeTablePng(int w, int h, int variant) {
  std::string raw;
  const int row_step = 10 + variant % 5, col_step = 30 + (variant * 7) % 20;
  for (int y = 0; y < h; ++y) {
    raw.push_back('\0');  // filter: none
    for (int x = 0; x < w; ++x) {
      const bool line = y % row_step == 0 || y == h - 1 || x % col_step == 0 || x == w - 1;
      raw.push_back(static_cast<char>(line ? 0 : 255));
    }
  }
  // zlib stream of stored deflate blocks.
  std::string z = "\x78\x01";
  for (size_t at = 0; at < raw.size() || at == 0;) {
    const size_t n = std::min<size_t>(65535, raw.size() - at);
    const bool last = at + n >= raw.size();
    z.push_back(static_cast<char>(last ? 1 : 0));
    Put16(&z, static_cast<uint32_t>(n));
    Put16(&z, static_cast<uint32_t>(~n & 0xFFFF));
    z.append(raw, at, n);
    at += n;
    if (last) break;
  }
  uint32_t a = 1, b = 0;
  for (unsigned char c : raw) {
    a = (a + c) % 65521;
    b = (b + a) % 65521;
  }
  Put32Be(&z, (b << 16) | a);
  auto chunk = [](std::string* png, std::string_view type, std::string_view data) {
    Put32Be(png, static_cast<uint32_t>(data.size()));
    std::string td = std::string(type) + std::string(data);
    png->append(td);
    Put32Be(png, Crc32(td));
  };
  std::string png = "\x89PNG\r\n\x1a\n";
  std::string ihdr;
  Put32Be(&ihdr, static_cast<uint32_t>(w));
  Put32Be(&ihdr, static_cast<uint32_t>(h));
  ihdr += std::string("\x08\x00\x00\x00\x00", 5);  // 8-bit grayscale, deflate, no filter, no interlace
  chunk(&png, "IHDR", ihdr);
  chunk(&png, "IDAT", z);
  chunk(&png, "IEND", "");
  return png;
}

std::string ShiftYears(std::string_view text, int delta) {
  if (delta == 0) return std::string(text);
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) {
      out.push_back(text[i++]);
      continue;
    }
    size_t j = i;
    while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j]))) ++j;
    std::string_view run = text.substr(i, j - i);
    const int value = run.size() == 4 ? std::stoi(std::string(run)) : 0;
    const bool doc_no = (i >= 3 && text.substr(i - 3, 3) == "〔") || (i >= 1 && text[i - 1] == '[');
    if (value >= 2000 && value <= 2035 && !doc_no) {
      out += std::to_string(value + delta);
    } else {
      out.append(run);
    }
    i = j;
  }
  return out;
}

std::string ReplaceAll(std::string s, std::string_view from, std::string_view to) {
  if (from.empty()) return s;
  size_t at = 0;
  while ((at = s.find(from, at)) != std::string::npos) {
    s.replace(at, from.size(), to);
    at += to.size();
  }
  return s;
}

std::string ToGbk(std::string_view utf8) {
  iconv_t cd = iconv_open("GBK", "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::string(utf8);
  std::string out;
  out.reserve(utf8.size());
  size_t pos = 0;
  char buf[16384];
  while (pos < utf8.size()) {
    char* in = const_cast<char*>(utf8.data() + pos);
    size_t in_left = utf8.size() - pos;
    char* o = buf;
    size_t o_left = sizeof(buf);
    const size_t r = iconv(cd, &in, &in_left, &o, &o_left);
    const int err = errno;
    out.append(buf, sizeof(buf) - o_left);
    pos = utf8.size() - in_left;
    if (r != static_cast<size_t>(-1)) break;
    if (err == E2BIG) continue;
    // EILSEQ / EINVAL: a character GBK has no code for, or broken UTF-8.
    const size_t len = std::min(Utf8Length(static_cast<unsigned char>(utf8[pos])), utf8.size() - pos);
    out += "&#" + std::to_string(Utf8Decode(utf8.substr(pos), len)) + ";";
    pos += len;
    iconv(cd, nullptr, nullptr, nullptr, nullptr);
  }
  iconv_close(cd);
  return out;
}

std::string UrlDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out.push_back(' ');
    } else if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::string QueryValue(std::string_view query, std::string_view key) {
  size_t start = 0;
  while (start <= query.size()) {
    size_t amp = query.find('&', start);
    std::string_view pair = query.substr(start, amp == std::string_view::npos ? std::string_view::npos : amp - start);
    size_t eq = pair.find('=');
    if (pair.substr(0, eq) == key) return eq == std::string_view::npos ? "" : UrlDecode(pair.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    start = amp + 1;
  }
  return "";
}

uint64_t Rng::Next() {
  uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

int Rng::Range(int lo, int hi) {
  if (hi <= lo) return lo;
  return lo + static_cast<int>(Next() % static_cast<uint64_t>(hi - lo + 1));
}

int64_t DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::string CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int y = static_cast<int>(yoe + era * 400 + (m <= 2));
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", y, m, d);
  return buf;
}

bool ParseDate(std::string_view date, int* y, int* m, int* d) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!std::isdigit(static_cast<unsigned char>(date[i]))) return false;
  }
  *y = std::stoi(std::string(date.substr(0, 4)));
  *m = std::stoi(std::string(date.substr(5, 2)));
  *d = std::stoi(std::string(date.substr(8, 2)));
  return *m >= 1 && *m <= 12 && *d >= 1 && *d <= 31;
}


std::string ReadFileOrThrow(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream s;
  s << in.rdbuf();
  return std::move(s).str();
}

std::string LoadTemplate(const std::filesystem::path& base, const std::vector<std::string>& dirs,
                         const std::string& name, int depth) {
  if (depth > 8) throw std::runtime_error("template include loop at " + name);
  for (const auto& dir : dirs) {
    const std::filesystem::path p = base / dir / name;
    if (!std::filesystem::exists(p)) continue;
    const std::string text = ReadFileOrThrow(p);
    std::string out;
    size_t at = 0;
    while (true) {
      const size_t open = text.find("{{>", at);
      if (open == std::string::npos) break;
      const size_t close = text.find("}}", open);
      if (close == std::string::npos) break;
      out.append(text, at, open - at);
      out += LoadTemplate(base, dirs, text.substr(open + 3, close - open - 3), depth + 1);
      at = close + 2;
      if (at < text.size() && text[at] == '\n') ++at;
    }
    out.append(text, at, std::string::npos);
    return out;
  }
  throw std::runtime_error("no template " + name + " in " + (base / (dirs.empty() ? "" : dirs.front())).string());
}

std::string RenderTemplate(const std::string& tpl, const std::map<std::string, std::string>& ctx) {
  std::string out;
  out.reserve(tpl.size() * 2);
  size_t at = 0;
  while (true) {
    const size_t open = tpl.find("{{", at);
    if (open == std::string::npos) break;
    const size_t close = tpl.find("}}", open + 2);
    if (close == std::string::npos) break;
    out.append(tpl, at, open - at);
    const std::string key = tpl.substr(open + 2, close - open - 2);
    at = close + 2;
    if (!key.empty() && (key[0] == '#' || key[0] == '^')) {
      const std::string name = key.substr(1);
      const std::string end_tag = "{{/" + name + "}}";
      const size_t end = tpl.find(end_tag, at);
      if (end == std::string::npos) throw std::runtime_error("template section {{" + key + "}} is not closed");
      const auto it = ctx.find(name);
      const bool set = it != ctx.end() && !it->second.empty() && it->second != "0";
      if (set == (key[0] == '#')) out += RenderTemplate(tpl.substr(at, end - at), ctx);
      at = end + end_tag.size();
      continue;
    }
    const auto it = ctx.find(key);
    if (it != ctx.end()) out += it->second;
  }
  out.append(tpl, at, std::string::npos);
  return out;
}

}  // namespace govharvest::portal
