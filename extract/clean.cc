// CleanPage: decoding, the builders, then spam stripping, identity, text and
// duplicate keys.
#include "extract/clean.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "crawler/encoding.h"
#include "extract/internal.h"
#include "extract/report.h"
#include "extract/text.h"

namespace govharvest {

using clean_internal::StripSpamStrings;

const std::string& CleanTable::TextAt(int row, int col) const {
  const Cell& c = rows.at(row).at(col);
  return c.covered ? rows.at(c.origin_row).at(c.origin_col).text : c.text;
}

std::string_view BlockKindName(ContentBlock::Kind kind) {
  switch (kind) {
    case ContentBlock::Kind::kHeading: return "heading";
    case ContentBlock::Kind::kParagraph: return "paragraph";
    case ContentBlock::Kind::kTable: return "table";
    case ContentBlock::Kind::kImage: return "image";
    case ContentBlock::Kind::kAttachment: return "attachment";
  }
  return "paragraph";
}

namespace {

// Everything on the page that spam can hide in, as one text: occurrences in
// different contexts tell where a replaced name's spam begins and ends.
std::string SpamSearchText(const CleanPage& page, const std::vector<std::string>& hidden) {
  std::string all = page.raw_title + "\n" + page.heading + "\n";
  for (const auto& [k, v] : page.metadata) all += v + "\n";
  for (const char* tag : {"Keywords", "Description", "SiteName", "ArticleTitle", "ColumnName"}) {
    if (auto it = page.meta_tags.find(tag); it != page.meta_tags.end()) all += it->second + "\n";
  }
  for (const auto& b : page.blocks) {
    if (b.kind == ContentBlock::Kind::kTable) {
      for (const auto& row : b.table.rows) {
        for (const auto& cell : row) all += cell.text + "\n";
      }
    } else {
      all += b.text + "\n";
    }
  }
  for (const auto& h : hidden) all += h + "\n";
  return all;
}

size_t CountOccurrences(std::string_view haystack, std::string_view needle) {
  size_t n = 0;
  for (size_t at = haystack.find(needle); at != std::string_view::npos; at = haystack.find(needle, at + 1)) ++n;
  return n;
}

std::string BodyText(const CleanPage& page) {
  std::string all;
  for (const auto& b : page.blocks) {
    if (b.kind == ContentBlock::Kind::kTable) {
      for (const auto& row : b.table.rows) {
        for (const auto& cell : row) all += cell.text + "\n";
      }
    } else if (b.kind != ContentBlock::Kind::kImage && b.kind != ContentBlock::Kind::kAttachment) {
      all += b.text + "\n";
    }
  }
  return all;
}

// The title without spam and without the site's name ("X - 某某门户网站").
std::string CleanTitle(const CleanPage& page, const std::string& stripped_raw_title) {
  std::vector<std::string> parts;
  std::string rest = stripped_raw_title;
  for (const char* sep : {" - ", " -- ", "_", " — ", "——", " | ", "|", "－", " – "}) rest = text::ReplaceAll(rest, sep, "\x1f");
  size_t start = 0;
  for (size_t i = 0; i <= rest.size(); ++i) {
    if (i == rest.size() || rest[i] == '\x1f') {
      std::string part = text::CollapseWhitespace(rest.substr(start, i - start));
      if (!part.empty()) parts.push_back(std::move(part));
      start = i + 1;
    }
  }
  const auto site = page.meta_tags.find("SiteName");
  auto is_site_name = [&](const std::string& p) {
    if (site != page.meta_tags.end() && (p == site->second || text::Contains(site->second, p))) return true;
    return p.ends_with("门户网站") || p.ends_with("政府网") || p.ends_with("网站") || p == "中国政府网";
  };
  std::string best;
  for (const auto& p : parts) {
    if (!is_site_name(p) && text::Length(p) > text::Length(best)) best = p;
  }
  const std::string& heading = page.heading;
  if (!heading.empty()) {
    const std::string h = text::RemoveSpaces(heading), b = text::RemoveSpaces(best);
    if (best.empty() || text::Contains(b, h) || text::Contains(h, b)) return heading;
  }
  if (best.empty()) {
    if (auto it = page.meta_tags.find("ArticleTitle"); it != page.meta_tags.end()) return it->second;
  }
  return best;
}

// The date of a page-info line ("祥符区人民政府门户网站 www.xiangfuqu.gov.cn
// 时间:2019-02-07 浏览:0"), as written, or "". The date must follow its label
// (发布时间, 发布日期, 时间:, 日期:) at once, within the first 600 bytes.
std::string PageInfoDate(const std::string& clean_text) {
  // Cuts end on a character boundary, so the date handed over is valid UTF-8.
  auto boundary = [&](size_t end) {
    while (end < clean_text.size() && (static_cast<unsigned char>(clean_text[end]) & 0xC0) == 0x80) ++end;
    return std::min(end, clean_text.size());
  };
  const std::string head = clean_text.substr(0, boundary(600));
  for (const char* label : {"发布时间", "发布日期", "时间:", "时间：", "日期:", "日期："}) {
    const size_t at = head.find(label);
    if (at == std::string::npos) continue;
    const std::string window = head.substr(at, boundary(at + 40) - at);
    size_t b = 0, e = 0;
    if (!ParseReportDate(window, &b, &e).empty() && b <= std::string_view(label).size() + 3 && e <= window.size()) {
      return text::CollapseWhitespace(window.substr(b, e - b));
    }
  }
  return "";
}

// What each spam chain of a name-replaced page stands for, longest chain
// first: the replaced string stands for the inferred name. A mirror may
// replace a county's names with chains built of one another: "A_B" where the
// page said 洪泽区, "C" where it said 淮安市, and "A_B_C" where it said
// 淮安市洪泽区 (before 人民政府). When the inferred name is a county of a
// prefecture ("淮安市洪泽区") and the replaced chain R is joined to another spam
// string C ("R_C" or "C_R") somewhere on the page, the joined chain is the full
// name, R the county alone and C the prefecture.
std::vector<std::pair<std::string, std::string>> RestoredNames(const CleanPage& page, const std::string& body) {
  const std::string& name = page.identity.name;
  const std::string& replaced = page.identity.replaced_string;
  if (name.empty() || replaced.empty()) return {};
  const size_t city_end = name.find("市");
  const std::string prefecture =
      city_end == std::string::npos ? "" : name.substr(0, city_end + std::string_view("市").size());
  const std::string county = name.substr(prefecture.size());
  const bool is_county = !prefecture.empty() && text::Length(county) >= 2 &&
                         (county.ends_with("区") || county.ends_with("县") || county.ends_with("市") ||
                          county.ends_with("旗"));
  std::string joined, city_chain;
  size_t joined_count = 0;
  for (const std::string& c : page.spam_strings) {
    if (!is_county || c.find(replaced) != std::string::npos || replaced.find(c) != std::string::npos) continue;
    for (const std::string& candidate : {replaced + "_" + c, c + "_" + replaced}) {
      const size_t n = CountOccurrences(body, candidate);
      if (n > joined_count) {
        joined_count = n;
        joined = candidate;
        city_chain = c;
      }
    }
  }
  if (joined.empty()) return {{replaced, name}};
  return {{joined, name}, {replaced, county}, {city_chain, prefecture}};
}

void FinishPage(const CleanOptions& options, const std::vector<std::string>& hidden, CleanPage* page) {
  // Host.
  page->host = clean_internal::HostOfUrl(page->url);
  if (page->host.empty()) {
    page->host_class = "unknown";
  } else if (IsAuthoritativeHost(page->host, {})) {
    page->host_class = "gov";
  } else if (IsAuthoritativeHost(page->host, options.allowed_hosts)) {
    page->host_class = "allowed";
  } else {
    page->host_class = "mirror";
    page->flags.insert("mirror_host");
  }

  // Spam: found anywhere, stripped from titles, metadata and text.
  page->spam_strings = FindSpamStrings(SpamSearchText(*page, hidden));
  if (!page->spam_strings.empty()) page->flags.insert("spam_injected");
  const std::string body = BodyText(*page);
  // A chain standing where the agency's name was: repeated in the body, or
  // followed by 人民政府 / 政府.
  size_t best_count = 0;
  for (const auto& s : page->spam_strings) {
    if (s.find('_') == std::string::npos) continue;
    size_t n = CountOccurrences(body, s);
    if (n < 2 && CountOccurrences(body, s + "人民政府") == 0 && CountOccurrences(body, s + "政府") == 0) continue;
    if (n > best_count) {
      best_count = n;
      page->identity.replaced_string = s;
    }
  }
  std::map<std::string, std::string> substitutions;
  if (!page->identity.replaced_string.empty()) {
    page->flags.insert("name_replaced");
    const InferredIdentity inferred =
        clean_internal::InferIdentity(StripSpamStrings(body, page->spam_strings), page->meta_tags);
    page->identity.name = inferred.name;
    page->identity.evidence = inferred.evidence;
  }
  const std::vector<std::pair<std::string, std::string>> restored = RestoredNames(*page, body);
  auto clean = [&](const std::string& s) {
    std::string out = s;
    const std::string& name = page->identity.name;
    for (const auto& [chain, real] : restored) out = text::ReplaceAll(out, chain, real);
    out = StripSpamStrings(out, page->spam_strings);
    // A chain cut in two by the substitution leaves its separator behind.
    if (!name.empty()) out = text::ReplaceAll(out, name + "_", name);
    return out;
  };
  if (!page->spam_strings.empty()) {
    page->heading = clean(page->heading);
    for (auto& [k, v] : page->metadata) v = clean(v);
    std::vector<ContentBlock> kept;
    for (auto& b : page->blocks) {
      if (b.kind == ContentBlock::Kind::kTable) {
        for (auto& row : b.table.rows) {
          for (auto& cell : row) cell.text = clean(cell.text);
        }
      } else {
        b.text = clean(b.text);
        if (b.text.empty() && (b.kind == ContentBlock::Kind::kParagraph || b.kind == ContentBlock::Kind::kHeading)) {
          continue;
        }
      }
      kept.push_back(std::move(b));
    }
    page->blocks = std::move(kept);
  }
  page->title = CleanTitle(*page, clean(page->raw_title));

  // The page-info line of a dump ("…门户网站 www.… 时间:2019-02-07 浏览:0"),
  // among the first blocks: its date is handed over as metadata "page_date"
  // (ExtractReport's published_date source "page"), and the line, chrome, is
  // dropped.
  for (size_t i = 0, seen = 0; i < page->blocks.size() && seen < 6; ++i) {
    const ContentBlock& b = page->blocks[i];
    if (b.kind != ContentBlock::Kind::kParagraph && b.kind != ContentBlock::Kind::kHeading) continue;
    ++seen;
    if (text::Length(b.text) > 80 || text::Contains(b.text, "。")) continue;
    const std::string date = PageInfoDate(b.text);
    if (date.empty()) continue;
    page->metadata.emplace("page_date", date);
    page->blocks.erase(page->blocks.begin() + static_cast<std::ptrdiff_t>(i));
    break;
  }

  // Text, flags.
  std::string clean_text;
  int words = 0, tables = 0, images = 0, attachments = 0;
  for (const auto& b : page->blocks) {
    switch (b.kind) {
      case ContentBlock::Kind::kHeading:
      case ContentBlock::Kind::kParagraph:
        clean_text += b.text + "\n";
        words += text::CountWordChars(b.text);
        break;
      case ContentBlock::Kind::kTable:
        ++tables;
        for (const auto& row : b.table.rows) {
          std::string line;
          for (size_t c = 0; c < row.size(); ++c) {
            if (c > 0) line += " | ";
            line += row[c].text;
            words += text::CountWordChars(row[c].text);
          }
          clean_text += line + "\n";
        }
        break;
      case ContentBlock::Kind::kImage: ++images; break;
      case ContentBlock::Kind::kAttachment: ++attachments; break;
    }
  }
  page->clean_text = std::move(clean_text);
  if (words < 30) page->flags.insert("empty_body");
  if (tables > 0) page->flags.insert("has_tables");
  if (attachments > 0) page->flags.insert("has_attachments");
  if (tables == 0 && images > 0 &&
      (text::Contains(page->clean_text, "政府信息公开") || text::Contains(page->title, "年度报告"))) {
    page->flags.insert("image_tables");
  }

  // Duplicate keys: the text without its title lines.
  const std::string title_key = NormalizeForDigest(page->title);
  const std::string heading_key = NormalizeForDigest(page->heading);
  std::string digest_text;
  size_t start = 0;
  const std::string& t = page->clean_text;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i] != '\n') continue;
    const std::string line = NormalizeForDigest(std::string_view(t).substr(start, i - start));
    start = i + 1;
    if (line.empty() || line == title_key || line == heading_key) continue;
    digest_text += line + "\n";
  }
  page->document_digest = PayloadDigest(digest_text);
  page->simhash = SimHash64(digest_text);
}

bool LooksLikeHtml(std::string_view bytes) {
  const std::string head = text::AsciiLower(bytes.substr(0, 4096));
  for (const char* tag : {"<html", "<!doctype html", "<body", "<head", "<div", "<p>", "<p ", "<table", "<meta"}) {
    if (text::Contains(head, tag)) return true;
  }
  return false;
}

bool IsBinaryPayload(std::string_view bytes, std::string_view content_type) {
  const std::string ct = text::AsciiLower(content_type);
  for (const char* t : {"application/pdf", "application/msword", "officedocument", "ms-excel", "image/", "application/zip",
                        "application/octet-stream", "application/vnd", "audio/", "video/"}) {
    if (text::Contains(ct, t)) return true;
  }
  for (std::string_view magic : {std::string_view("%PDF"), std::string_view("PK\x03\x04", 4),
                                 std::string_view("\xD0\xCF\x11\xE0", 4), std::string_view("\x89PNG", 4),
                                 std::string_view("\xFF\xD8\xFF", 3), std::string_view("GIF8")}) {
    if (bytes.starts_with(magic)) return true;
  }
  return false;
}

}  // namespace

void clean_internal::FinishBuiltPage(const CleanOptions& options, CleanPage* page) { FinishPage(options, {}, page); }

namespace {

// `text` itself when it is well-formed UTF-8, else its repair in `*storage`.
// Callers of CleanHtml/CleanPlainText may hand over ill-formed text; a
// CleanPage only ever holds valid UTF-8 (ToJson would throw otherwise).
std::string_view ValidUtf8(std::string_view text, std::string* storage, int* replaced) {
  if (IsValidUtf8(text)) return text;
  *storage = RepairUtf8(text, replaced);
  return *storage;
}

}  // namespace

Status CleanHtml(std::string_view utf8_html, std::string_view url, const CleanOptions& options, CleanPage* out) {
  CleanPage page;
  std::string html_storage, url_storage;
  int replaced = 0;
  utf8_html = ValidUtf8(utf8_html, &html_storage, &replaced);
  url = ValidUtf8(url, &url_storage, &replaced);
  page.url = std::string(url);
  page.input_kind = "html";
  page.encoding = "utf-8";
  if (replaced > 0) page.flags.insert("decode_replacements");
  std::vector<std::string> hidden;
  GOVHARVEST_RETURN_IF_ERROR(clean_internal::BuildFromHtml(utf8_html, url, options.max_depth, &page, &hidden));
  FinishPage(options, hidden, &page);
  *out = std::move(page);
  return Status::Ok();
}

Status CleanPlainText(std::string_view utf8_text, std::string_view url, const CleanOptions& options,
                      CleanPage* out) {
  CleanPage page;
  std::string text_storage, url_storage;
  int replaced = 0;
  utf8_text = ValidUtf8(utf8_text, &text_storage, &replaced);
  url = ValidUtf8(url, &url_storage, &replaced);
  page.url = std::string(url);
  page.input_kind = "text";
  page.encoding = "utf-8";
  page.flags.insert("plain_text");
  if (replaced > 0) page.flags.insert("decode_replacements");
  clean_internal::BuildFromPlainText(utf8_text, &page);
  FinishPage(options, {}, &page);
  *out = std::move(page);
  return Status::Ok();
}

Status CleanCapture(std::string_view bytes, const CaptureRecord& capture, const CleanOptions& options,
                    CleanPage* out) {
  const std::string url = capture.final_url.empty() ? capture.requested_url : capture.final_url;
  if (IsBinaryPayload(bytes, capture.content_type)) {
    return Status::InvalidArgument("'" + url + "' is not a page (content type '" + capture.content_type +
                                   "'); only HTML and text are cleaned");
  }
  std::string content_type = FindHeader(capture.response_headers, "Content-Type");
  if (content_type.empty() && !capture.charset_header.empty()) {
    content_type = (capture.content_type.empty() ? "text/html" : capture.content_type) +
                   "; charset=" + capture.charset_header;
  }
  const DecodedPage decoded = DecodePage(bytes, content_type);
  const bool plain = capture.content_type == "text/plain" || !LooksLikeHtml(decoded.text);
  Status s = plain ? CleanPlainText(decoded.text, url, options, out) : CleanHtml(decoded.text, url, options, out);
  if (!s.ok()) return s;
  out->encoding = decoded.encoding;
  out->payload_digest = capture.payload_digest.empty() ? PayloadDigest(bytes) : capture.payload_digest;
  if (decoded.replacements > 0) out->flags.insert("decode_replacements");
  return Status::Ok();
}

std::string CleanPage::ToJson() const {
  using nlohmann::json;
  json j;
  j["url"] = url;
  j["host"] = host;
  j["host_class"] = host_class;
  j["payload_digest"] = payload_digest;
  j["encoding"] = encoding;
  j["input_kind"] = input_kind;
  j["raw_title"] = raw_title;
  j["heading"] = heading;
  j["title"] = title;
  j["metadata"] = metadata;
  j["meta_tags"] = meta_tags;
  json blocks_json = json::array();
  for (const auto& b : blocks) {
    json bj;
    bj["kind"] = std::string(BlockKindName(b.kind));
    switch (b.kind) {
      case ContentBlock::Kind::kHeading:
        bj["level"] = b.level;
        bj["text"] = b.text;
        break;
      case ContentBlock::Kind::kParagraph: bj["text"] = b.text; break;
      case ContentBlock::Kind::kTable: {
        json rows = json::array();
        json spans = json::array();
        for (size_t r = 0; r < b.table.rows.size(); ++r) {
          json row = json::array();
          for (size_t c = 0; c < b.table.rows[r].size(); ++c) {
            const auto& cell = b.table.rows[r][c];
            row.push_back(cell.text);
            if (cell.covered) spans.push_back({r, c, cell.origin_row, cell.origin_col});
          }
          rows.push_back(std::move(row));
        }
        bj["rows"] = std::move(rows);
        bj["covered"] = std::move(spans);  // [row, col, origin_row, origin_col]
        if (!b.table.caption.empty()) bj["caption"] = b.table.caption;
        break;
      }
      case ContentBlock::Kind::kImage:
        bj["src"] = b.url;
        bj["alt"] = b.text;
        break;
      case ContentBlock::Kind::kAttachment:
        bj["href"] = b.url;
        bj["text"] = b.text;
        break;
    }
    blocks_json.push_back(std::move(bj));
  }
  j["blocks"] = std::move(blocks_json);
  j["clean_text"] = clean_text;
  j["flags"] = flags;
  j["spam_strings"] = spam_strings;
  json identity_json;
  identity_json["name"] = identity.name;
  identity_json["replaced_string"] = identity.replaced_string;
  json evidence = json::array();
  for (const auto& e : identity.evidence) evidence.push_back({{"kind", e.kind}, {"value", e.value}, {"place", e.place}});
  identity_json["evidence"] = std::move(evidence);
  j["identity"] = std::move(identity_json);
  j["document_digest"] = document_digest;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(simhash));
  j["simhash"] = hex;
  return j.dump();
}

}  // namespace govharvest
