// Report attachments (extract/attachment.h): the real PDFs of
// tests/fixtures/peer-samples (expected cells read by hand from
// `pdftotext -layout`), DOCX merged cells, the same report as HTML, PDF and
// DOCX, and `govharvest extract` taking a report's tables from its PDF.
#include "extract/attachment.h"

#include <gtest/gtest.h>
#include <zip.h>
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <cstdlib>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "app/portal/portal_content.h"
#include "extract/attachment_internal.h"
#include "extract/report.h"
#include "extract/text.h"
#include "store/archive.h"
#include "tests/test_archive.h"
#include "tests/test_util.h"

namespace govharvest {
namespace {

using nlohmann::json;
using testing::ReadFile;

const std::string kFixtures = std::string(GOVHARVEST_SOURCE_DIR) + "/tests/fixtures";
const std::string kHongze2023 = kFixtures + "/peer-samples/jiangsu-huaian-hongze-district-govt_2023_annual-report.pdf";
const std::string kHongze2024 = kFixtures + "/peer-samples/jiangsu-huaian-hongze-district-govt_2024_annual-report.pdf";
const std::string kHuaian2024 = kFixtures + "/peer-samples/jiangsu-huaian-municipal-govt_2024_annual-report.pdf";

CaptureRecord CaptureFor(const std::string& url, const std::string& content_type) {
  CaptureRecord c;
  c.requested_url = url;
  c.content_type = content_type;
  return c;
}

ReportRecord RecordOf(const std::string& bytes, const std::string& url, const std::string& content_type,
                      CleanPage* page_out = nullptr) {
  CleanPage page;
  const Status s = ReadAttachment(bytes, CaptureFor(url, content_type), CleanOptions(), &page);
  EXPECT_TRUE(s.ok()) << url << ": " << s.ToString();
  ReportRecord record;
  EXPECT_TRUE(ExtractReport(page, &record).ok()) << url;
  if (page_out != nullptr) *page_out = std::move(page);
  return record;
}

// Expected cells: field -> value. Every one must be reported with exactly that value.
void ExpectCells(const ReportRecord& r, const std::map<std::string, double>& expected) {
  for (const auto& [field, value] : expected) {
    const ReportCell* cell = r.Cell(field);
    ASSERT_NE(cell, nullptr) << field;
    EXPECT_EQ(cell->status, "reported") << field << " raw '" << cell->raw << "' from " << cell->source;
    ASSERT_TRUE(r.Value(field).has_value()) << field;
    EXPECT_DOUBLE_EQ(*r.Value(field), value) << field << " from " << cell->source;
  }
}

// A 表三 row of the seven applicant columns.
void AddApplyRow(std::map<std::string, double>* m, const std::string& row, std::vector<double> values) {
  static const char* kColumns[] = {"natural_person", "legal_commercial", "legal_research", "legal_social",
                                   "legal_lawfirm",  "legal_other",      "total"};
  for (size_t i = 0; i < values.size(); ++i) (*m)["apply." + row + "." + kColumns[i]] = values[i];
}

void ExpectNoHardFailures(const ReportRecord& r) {
  int checked = 0;
  for (const ReportCheck& c : r.hard_checks) {
    EXPECT_NE(c.outcome, "fail") << c.rule << " " << c.scope << ": " << c.detail;
    checked += c.outcome == "strict" ? 1 : 0;
  }
  EXPECT_GT(checked, 10) << "too few identities checked strictly";
}

TEST(AttachmentTest, Hongze2024PdfGivesEveryTableCell) {
  CleanPage page;
  const ReportRecord r = RecordOf(ReadFile(kHongze2024), "http://www.hongze.gov.cn/nb/2024.pdf", "application/pdf", &page);
  EXPECT_EQ(page.input_kind, "pdf");
  EXPECT_TRUE(page.HasFlag("has_tables"));
  EXPECT_EQ(r.template_version, "v2021");
  EXPECT_EQ(r.report_year, 2024);
  EXPECT_EQ(r.agency_name, "淮安市洪泽区人民政府");
  std::map<std::string, double> expected = {
      // 表二, read from pdftotext -layout (pages 2-3).
      {"active.regulation.issued", 0}, {"active.regulation.repealed", 0}, {"active.regulation.in_force", 0},
      {"active.normative.issued", 3}, {"active.normative.repealed", 0}, {"active.normative.in_force", 8},
      {"active.licensing.decisions", 9487}, {"active.penalty.decisions", 2776}, {"active.coercion.decisions", 84},
      {"active.admin_fee.amount_wan", 7545},
      // 表四: one row of 15 values.
      {"appeal.review.upheld", 1}, {"appeal.review.corrected", 1}, {"appeal.review.other", 0},
      {"appeal.review.pending", 0}, {"appeal.review.total", 2}, {"appeal.suit_direct.upheld", 1},
      {"appeal.suit_direct.total", 1}, {"appeal.suit_after_review.upheld", 2},
      {"appeal.suit_after_review.other", 1}, {"appeal.suit_after_review.total", 3}};
  // 表三 (spans pages 3-4): natural persons only.
  AddApplyRow(&expected, "new", {95, 0, 0, 0, 0, 0, 95});
  AddApplyRow(&expected, "carried_over", {0, 0, 0, 0, 0, 0, 0});
  AddApplyRow(&expected, "granted", {50, 0, 0, 0, 0, 0, 50});
  AddApplyRow(&expected, "partial", {9, 0, 0, 0, 0, 0, 9});
  AddApplyRow(&expected, "denied.state_secret", {0, 0, 0, 0, 0, 0, 0});
  AddApplyRow(&expected, "denied.law_forbidden", {0, 0, 0, 0, 0, 0, 0});
  AddApplyRow(&expected, "denied.three_safety", {1, 0, 0, 0, 0, 0, 1});
  AddApplyRow(&expected, "denied.third_party", {0, 0, 0, 0, 0, 0, 0});
  AddApplyRow(&expected, "denied.internal", {0, 0, 0, 0, 0, 0, 0});
  AddApplyRow(&expected, "denied.process", {1, 0, 0, 0, 0, 0, 1});
  AddApplyRow(&expected, "denied.enforcement_file", {1, 0, 0, 0, 0, 0, 1});
  AddApplyRow(&expected, "denied.admin_query", {0, 0, 0, 0, 0, 0, 0});
  AddApplyRow(&expected, "unable.not_held", {31, 0, 0, 0, 0, 0, 31});
  AddApplyRow(&expected, "unable.need_create", {1, 0, 0, 0, 0, 0, 1});
  AddApplyRow(&expected, "unable.unclear", {0, 0, 0, 0, 0, 0, 0});
  AddApplyRow(&expected, "unprocessed.petition", {1, 0, 0, 0, 0, 0, 1});
  AddApplyRow(&expected, "unprocessed.duplicate", {0, 0, 0, 0, 0, 0, 0});
  AddApplyRow(&expected, "unprocessed.publication", {0, 0, 0, 0, 0, 0, 0});
  AddApplyRow(&expected, "unprocessed.mass_repeat", {0, 0, 0, 0, 0, 0, 0});
  AddApplyRow(&expected, "unprocessed.confirm_reissue", {0, 0, 0, 0, 0, 0, 0});
  AddApplyRow(&expected, "other.total", {0, 0, 0, 0, 0, 0, 0});
  AddApplyRow(&expected, "result_total", {95, 0, 0, 0, 0, 0, 95});
  AddApplyRow(&expected, "carry_forward", {0, 0, 0, 0, 0, 0, 0});
  ExpectCells(r, expected);
  ExpectNoHardFailures(r);
  EXPECT_TRUE(r.unmapped_rows.empty()) << r.unmapped_rows.front();
  // Body text survives as paragraphs, lines of the PDF joined without breaks.
  EXPECT_NE(r.body_text.find("全面推动政务公开工作转职能、增效能、强功能，有力服务保障"), std::string::npos);
  EXPECT_EQ(r.section_headings.size(), 6u);
}

TEST(AttachmentTest, Hongze2023And2024PdfsChainAcrossYears) {
  const ReportRecord r2023 = RecordOf(ReadFile(kHongze2023), "http://www.hongze.gov.cn/nb/2023.pdf", "application/pdf");
  std::map<std::string, double> expected = {
      {"active.normative.issued", 0}, {"active.normative.repealed", 5}, {"active.normative.in_force", 5},
      {"active.licensing.decisions", 550}, {"active.penalty.decisions", 4119}, {"active.coercion.decisions", 195},
      {"active.admin_fee.amount_wan", 7730.28}};
  AddApplyRow(&expected, "new", {21, 0, 0, 0, 0, 0, 21});
  AddApplyRow(&expected, "partial", {4, 0, 0, 0, 0, 0, 4});
  AddApplyRow(&expected, "denied.state_secret", {1, 0, 0, 0, 0, 0, 1});
  AddApplyRow(&expected, "unable.not_held", {10, 0, 0, 0, 0, 0, 10});
  AddApplyRow(&expected, "unable.need_create", {3, 0, 0, 0, 0, 0, 3});
  AddApplyRow(&expected, "unprocessed.petition", {1, 0, 0, 0, 0, 0, 1});
  AddApplyRow(&expected, "result_total", {21, 0, 0, 0, 0, 0, 21});
  ExpectCells(r2023, expected);
  for (const ReportCheck& c : r2023.hard_checks) {
    if (c.rule != "H4") {
      EXPECT_NE(c.outcome, "fail") << c.rule << " " << c.scope;  // 表三 and H5; 表四 below
    }
  }
  // S2: in force 2024 (8) = in force 2023 (5) + issued (3) - repealed (0).
  ReportRecord r2024 = RecordOf(ReadFile(kHongze2024), "http://www.hongze.gov.cn/nb/2024.pdf", "application/pdf");
  CheckAcrossYears(r2023, &r2024);
  int s1_ok = 0, s2_ok = 0;
  for (const ReportCheck& c : r2024.soft_checks) {
    s1_ok += c.rule == "S1" && c.outcome == "ok";
    s2_ok += c.rule == "S2" && c.outcome == "ok";
  }
  EXPECT_EQ(s1_ok, 7);
  EXPECT_EQ(s2_ok, 2);
}

TEST(AttachmentTest, Huaian2024PdfWithLargeNumbersAndWrappedLabels) {
  const ReportRecord r = RecordOf(ReadFile(kHuaian2024), "http://www.huaian.gov.cn/nb/2024.pdf", "application/pdf");
  std::map<std::string, double> expected = {
      {"active.regulation.issued", 1}, {"active.regulation.in_force", 11}, {"active.normative.issued", 8},
      {"active.normative.repealed", 26}, {"active.normative.in_force", 66}, {"active.licensing.decisions", 447228},
      {"active.penalty.decisions", 3985758}, {"active.coercion.decisions", 88283},
      {"active.admin_fee.amount_wan", 96171.6}};
  AddApplyRow(&expected, "new", {3001, 53, 0, 0, 61, 4, 3119});
  AddApplyRow(&expected, "carried_over", {34, 0, 0, 0, 0, 0, 34});
  AddApplyRow(&expected, "granted", {1288, 21, 0, 0, 50, 3, 1362});
  AddApplyRow(&expected, "partial", {447, 7, 0, 0, 0, 0, 454});
  AddApplyRow(&expected, "denied.law_forbidden", {30, 1, 0, 0, 0, 0, 31});
  AddApplyRow(&expected, "denied.admin_query", {105, 0, 0, 0, 0, 0, 105});
  AddApplyRow(&expected, "unable.not_held", {746, 12, 0, 0, 10, 1, 769});
  AddApplyRow(&expected, "unprocessed.petition", {56, 6, 0, 0, 0, 0, 62});
  AddApplyRow(&expected, "unprocessed.confirm_reissue", {1, 0, 0, 0, 0, 0, 1});
  AddApplyRow(&expected, "other.no_correction", {67, 3, 0, 0, 1, 0, 71});
  AddApplyRow(&expected, "other.no_fee", {6, 0, 0, 0, 0, 0, 6});
  AddApplyRow(&expected, "other.other", {108, 2, 0, 0, 0, 0, 110});
  AddApplyRow(&expected, "result_total", {2932, 53, 0, 0, 61, 4, 3050});
  AddApplyRow(&expected, "carry_forward", {103, 0, 0, 0, 0, 0, 103});
  ExpectCells(r, expected);
  for (const ReportCheck& c : r.hard_checks) {
    if (c.rule != "H4") {
      EXPECT_NE(c.outcome, "fail") << c.rule << " " << c.scope << " " << c.detail;
    }
  }
}

// A DOCX built in memory with libzip.
std::string MakeDocx(const std::string& body_xml) {
  const std::string document =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>" +
      body_xml + "</w:body></w:document>";
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* out = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_source_keep(out);
  zip_t* z = zip_open_from_source(out, ZIP_TRUNCATE, &error);
  EXPECT_NE(z, nullptr);
  zip_source_t* member = zip_source_buffer(z, document.data(), document.size(), 0);
  EXPECT_GE(zip_file_add(z, "word/document.xml", member, ZIP_FL_ENC_UTF_8), 0);
  EXPECT_EQ(zip_close(z), 0);
  std::string bytes;
  zip_stat_t st;
  EXPECT_EQ(zip_source_stat(out, &st), 0);
  bytes.resize(static_cast<size_t>(st.size));
  EXPECT_EQ(zip_source_open(out), 0);
  EXPECT_EQ(zip_source_read(out, bytes.data(), bytes.size()), static_cast<zip_int64_t>(bytes.size()));
  zip_source_close(out);
  zip_source_free(out);
  zip_error_fini(&error);
  return bytes;
}

std::string Tc(const std::string& text, const std::string& props = "") {
  return "<w:tc>" + (props.empty() ? "" : "<w:tcPr>" + props + "</w:tcPr>") + "<w:p><w:r><w:t>" + text +
         "</w:t></w:r></w:p></w:tc>";
}

TEST(AttachmentTest, DocxMergedCellsBecomeCoveredSlots) {
  // 行政复议 spans two columns; 结果维持 spans two rows (vMerge).
  const std::string body =
      "<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t>某区2023年政府信息公开工作年度报告</w:t></w:r></w:p>"
      "<w:p><w:r><w:t>四、政府信息公开行政复议、行政诉讼情况</w:t></w:r></w:p>"
      "<w:tbl>"
      "<w:tr>" + Tc("分组", "<w:vMerge w:val=\"restart\"/>") + Tc("行政复议", "<w:gridSpan w:val=\"2\"/>") + "</w:tr>"
      "<w:tr>" + Tc("", "<w:vMerge/>") + Tc("结果维持") + Tc("结果纠正") + "</w:tr>"
      "<w:tr>" + Tc("件数") + Tc("7") + Tc("") + "</w:tr>"
      "</w:tbl>";
  CleanPage page;
  ASSERT_TRUE(ReadAttachment(MakeDocx(body), CaptureFor("http://x.gov.cn/a.docx", ""), CleanOptions(), &page).ok());
  EXPECT_EQ(page.input_kind, "docx");
  EXPECT_EQ(page.title, "某区2023年政府信息公开工作年度报告");
  const CleanTable* table = nullptr;
  int headings = 0;
  for (const ContentBlock& b : page.blocks) {
    if (b.kind == ContentBlock::Kind::kTable) table = &b.table;
    headings += b.kind == ContentBlock::Kind::kHeading;
  }
  EXPECT_EQ(headings, 2);
  ASSERT_NE(table, nullptr);
  ASSERT_EQ(table->row_count(), 3);
  ASSERT_EQ(table->column_count(), 3);
  EXPECT_EQ(table->rows[0][1].text, "行政复议");
  EXPECT_TRUE(table->rows[0][2].covered);
  EXPECT_EQ(table->TextAt(0, 2), "行政复议");
  EXPECT_TRUE(table->rows[1][0].covered);
  EXPECT_EQ(table->rows[1][0].origin_row, 0);
  EXPECT_EQ(table->TextAt(1, 0), "分组");
  EXPECT_EQ(table->rows[1][1].text, "结果维持");
  EXPECT_EQ(table->rows[2][1].text, "7");
  EXPECT_FALSE(table->rows[2][2].covered);
  EXPECT_EQ(table->rows[2][2].text, "");  // a blank stays blank
}

TEST(AttachmentTest, SameReportAsHtmlPdfAndDocxGivesIdenticalTables) {
  // Seed 002 as the portal simulator renders it: HTML tables, and its DOCX;
  // the PDF fixture was rendered once from the same blocks (tests/fixtures/SOURCES.md).
  const std::string seed = ReadFile(kFixtures + "/seeds/002_49ee148252c18417.txt");
  const std::vector<portal::Block> blocks = portal::ParseText(portal::SplitLines(seed), false);
  const std::string title = "贵阳市花溪区人民政府2021年政府信息公开工作年度报告";
  const std::string html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + title +
                           "</title></head><body><div class=\"article-content\"><h1>" + title + "</h1>\n" +
                           portal::BlocksToHtml(blocks, portal::TableMode::kHtml, "", nullptr) + "</div></body></html>";
  CleanPage html_page;
  ASSERT_TRUE(CleanHtml(html, "http://www.huaxi.gov.cn/nb/2021.html", CleanOptions(), &html_page).ok());
  ReportRecord from_html;
  ASSERT_TRUE(ExtractReport(html_page, &from_html).ok());
  const ReportRecord from_docx = RecordOf(portal::BlocksToDocx(title, blocks), "http://www.huaxi.gov.cn/nb/2021.docx",
                                          "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  const ReportRecord from_pdf = RecordOf(ReadFile(kFixtures + "/attachments/seed002-report.pdf"),
                                         "http://www.huaxi.gov.cn/nb/2021.pdf", "application/pdf");
  auto values = [](const ReportRecord& r) {
    std::map<std::string, std::pair<std::string, double>> out;
    for (const auto& [field, cell] : r.cells) out[field] = {cell.status, cell.value.value_or(-1)};
    return out;
  };
  const auto html_cells = values(from_html);
  EXPECT_GT(html_cells.size(), 150u);
  EXPECT_EQ(*from_html.Value("apply.new.total"), 125);
  // Differences as "field: html vs other" lines (empty when identical).
  auto differences = [&](const ReportRecord& other) {
    std::string out;
    const auto theirs = values(other);
    for (const auto& [field, v] : html_cells) {
      const auto it = theirs.find(field);
      if (it == theirs.end()) {
        out += field + ": missing\n";
      } else if (it->second != v) {
        out += field + ": " + v.first + " " + std::to_string(v.second) + " vs " + it->second.first + " " +
               std::to_string(it->second.second) + "\n";
      }
    }
    for (const auto& [field, v] : theirs) {
      if (html_cells.count(field) == 0) out += field + ": extra\n";
    }
    return out;
  };
  EXPECT_EQ(differences(from_docx), "");
  EXPECT_EQ(differences(from_pdf), "");
  for (const ReportRecord* r : {&from_docx, &from_pdf}) {
    EXPECT_EQ(r->template_version, from_html.template_version);
    EXPECT_EQ(r->report_year, 2021);
    EXPECT_EQ(r->active_extra.size(), from_html.active_extra.size());
  }
}

TEST(AttachmentTest, NonDocumentsAreRefusedAndDocWithoutToolsIsUnparsed) {
  CleanPage page;
  const Status s = ReadAttachment("<html><body>404</body></html>", CaptureFor("http://x.gov.cn/a.pdf", "application/pdf"),
                                  CleanOptions(), &page);
  EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
  EXPECT_TRUE(ReadAttachment(std::string("PK\x03\x04junk", 8), CaptureFor("http://x.gov.cn/a.zip", ""), CleanOptions(), &page)
                  .IsInvalidArgument());
  EXPECT_FALSE(ReadAttachment("%PDF-1.4\nbroken", CaptureFor("http://x.gov.cn/a.pdf", ""), CleanOptions(), &page).ok());
  EXPECT_TRUE(IsAttachmentCandidate("application/pdf", "http://x.gov.cn/a"));
  EXPECT_TRUE(IsAttachmentCandidate("", "http://x.gov.cn/P0202.WPS?x=1"));
  EXPECT_FALSE(IsAttachmentCandidate("text/html", "http://x.gov.cn/a.html"));
  // An OLE file that is no Word document: with no tool, or a tool that finds
  // nothing, it is never a page with text.
  const std::string ole = std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(600, '\0');
  const bool tools = std::system("command -v antiword >/dev/null 2>&1 || command -v catdoc >/dev/null 2>&1") == 0;
  const Status doc = ReadAttachment(ole, CaptureFor("http://x.gov.cn/a.doc", "application/msword"), CleanOptions(), &page);
  if (!tools) {
    ASSERT_TRUE(doc.ok()) << doc.ToString();
    EXPECT_EQ(page.input_kind, "doc");
    EXPECT_TRUE(page.HasFlag("attachment_unparsed"));
    EXPECT_TRUE(page.blocks.empty());
  } else {
    EXPECT_TRUE(!doc.ok() || page.HasFlag("attachment_unparsed"));
  }
}

// ------------------------------------------------------------------ limits (issue 12)

// A PDF of `pages` pages that all draw `content` (one shared stream, Flate
// compressed in chunks so that a stream inflating to gigabytes costs the test
// little memory), with a cross-reference table.
std::string MinimalPdf(int pages, const std::function<bool(std::string*)>& next_content_chunk) {
  std::string stream;
  z_stream z{};
  EXPECT_EQ(deflateInit(&z, 1), Z_OK);
  std::string chunk, out(1 << 16, '\0');
  bool more = true;
  while (more) {
    chunk.clear();
    more = next_content_chunk(&chunk);
    z.next_in = reinterpret_cast<Bytef*>(chunk.data());
    z.avail_in = static_cast<uInt>(chunk.size());
    do {
      z.next_out = reinterpret_cast<Bytef*>(out.data());
      z.avail_out = static_cast<uInt>(out.size());
      deflate(&z, more ? Z_NO_FLUSH : Z_FINISH);
      stream.append(out.data(), out.size() - z.avail_out);
    } while (z.avail_out == 0);
  }
  deflateEnd(&z);
  std::string pdf = "%PDF-1.4\n";
  std::vector<size_t> offsets;
  auto object = [&](const std::string& body) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(offsets.size()) + " 0 obj\n" + body + "\nendobj\n";
  };
  const int first_page = 5;
  std::string kids;
  for (int i = 0; i < pages; ++i) kids += std::to_string(first_page + i) + " 0 R ";
  object("<< /Type /Catalog /Pages 2 0 R >>");
  object("<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(pages) + " >>");
  object("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  object("<< /Length " + std::to_string(stream.size()) + " /Filter /FlateDecode >>\nstream\n" + stream + "\nendstream");
  for (int i = 0; i < pages; ++i) {
    object("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
           "/Contents 4 0 R >>");
  }
  const size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(offsets.size() + 1) + "\n0000000000 65535 f \n";
  char line[32];
  for (size_t o : offsets) {
    std::snprintf(line, sizeof(line), "%010zu 00000 n \n", o);
    pdf += line;
  }
  pdf += "trailer\n<< /Size " + std::to_string(offsets.size() + 1) + " /Root 1 0 R >>\nstartxref\n" +
         std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

std::string OnePdfText(const std::string& text) {
  return MinimalPdf(1, [&](std::string* c) {
    *c = "BT /F1 12 Tf 72 720 Td (" + text + ") Tj ET\n";
    return false;
  });
}

TEST(AttachmentLimitsTest, PdfIsReadInAChildProcessLikeInProcess) {
  CleanPage page;
  const Status s = ReadAttachment(OnePdfText("Annual report 2023"), CaptureFor("http://x.gov.cn/a.pdf", "application/pdf"),
                                  CleanOptions(), &page);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_NE(page.clean_text.find("Annual report 2023"), std::string::npos) << page.clean_text;
}

TEST(AttachmentLimitsTest, TwentyThousandPagesAreTooLargeAndCheap) {
  const std::string pdf = MinimalPdf(20000, [](std::string* c) {
    *c = "BT /F1 12 Tf 72 720 Td (page) Tj ET\n";
    return false;
  });
  CleanPage page;
  const auto started = std::chrono::steady_clock::now();
  const Status s = ReadAttachment(pdf, CaptureFor("http://x.gov.cn/big.pdf", "application/pdf"), CleanOptions(), &page);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(20));
  ASSERT_TRUE(s.IsLimitExceeded()) << s.ToString();
  EXPECT_EQ(s.limit(), "too_large");
  EXPECT_NE(s.message().find("20000 pages"), std::string::npos) << s.message();
}

// A small PDF whose content stream inflates to half a gigabyte of text
// operators: the reader runs out of its memory or its time in the child
// process, and this process goes on.
TEST(AttachmentLimitsTest, InflatingStreamStopsAtTheMemoryOrTimeLimit) {
  const std::string line = "BT /F1 1 Tf 1 1 Td (AAAAAAAA BBBBBBBB CCCCCCCC DDDDDDDD) Tj ET\n";
  std::string block;
  while (block.size() < (1 << 20)) block += line;
  int blocks = 512;
  const std::string pdf = MinimalPdf(1, [&](std::string* c) {
    *c = block;
    return --blocks > 0;
  });
  EXPECT_LT(pdf.size(), 8u << 20);
  CleanOptions options;
  options.attachment_memory_bytes = 384LL << 20;
  options.attachment_time_ms = 8000;
  CleanPage page;
  const auto started = std::chrono::steady_clock::now();
  const Status s = ReadAttachment(pdf, CaptureFor("http://x.gov.cn/bomb.pdf", "application/pdf"), options, &page);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(15));
  ASSERT_TRUE(s.IsLimitExceeded()) << s.ToString();
  EXPECT_TRUE(s.limit() == "too_large" || s.limit() == "timeout") << s.ToString();
}

TEST(AttachmentLimitsTest, DocxWithDeeplyNestedTablesIsTooDeep) {
  std::string body;
  constexpr int kDepth = 200000;
  body.reserve(kDepth * 40);
  for (int i = 0; i < kDepth; ++i) body += "<w:tbl><w:tr><w:tc>";
  body += "<w:p><w:r><w:t>x</w:t></w:r></w:p>";
  for (int i = 0; i < kDepth; ++i) body += "</w:tc></w:tr></w:tbl>";
  CleanPage page;
  const Status s = ReadAttachment(MakeDocx(body), CaptureFor("http://x.gov.cn/a.docx", ""), CleanOptions(), &page);
  ASSERT_TRUE(s.IsLimitExceeded()) << s.ToString();
  EXPECT_EQ(s.limit(), "too_deep");
  // Nested tables within the limit are read.
  body = "<w:tbl><w:tr>" + Tc("外") + "<w:tc><w:tbl><w:tr>" + Tc("内") + "</w:tr></w:tbl><w:p/></w:tc></w:tr></w:tbl>";
  ASSERT_TRUE(ReadAttachment(MakeDocx(body), CaptureFor("http://x.gov.cn/b.docx", ""), CleanOptions(), &page).ok());
  EXPECT_NE(page.clean_text.find("内"), std::string::npos) << page.clean_text;
}

// ------------------------------------------------------------------ PDF layout (issue 6)

using attachment_internal::PlacedWord;

// A word of a synthetic PDF page at (x0, y0): one em per CJK character, half
// an em per ASCII one, unless `x1` is given.
PlacedWord Word(const std::string& t, double x0, double y0, double size, double x1 = 0) {
  PlacedWord w;
  w.text = t;
  w.x0 = x0;
  w.y0 = y0;
  w.y1 = y0 + size;
  w.font_size = size;
  double width = 0;
  for (char32_t c : text::Decode(t)) width += c < 0x80 ? 0.5 * size : size;
  w.x1 = x1 > 0 ? x1 : x0 + width;
  return w;
}

// The rows of a table as "cell|cell" (non-empty, uncovered cells).
std::vector<std::string> RowTexts(const CleanTable& table) {
  std::vector<std::string> out;
  for (const auto& row : table.rows) {
    std::string line;
    for (const auto& cell : row) {
      if (cell.covered || cell.text.empty()) continue;
      line += (line.empty() ? "" : "|") + cell.text;
    }
    out.push_back(line);
  }
  return out;
}

TEST(AttachmentTest, RuledStatisticsTableKeepsWrappedLabelsBlankRowsAndGroups) {
  // Seed 001's 统计表 as reportlab rules it (8 pt in a 14 pt body): rows are
  // about one em apart, the lines of a wrapped label a quarter em, the value
  // centred on them; blank rows have a unit and no 统计数; a stray value sits
  // in the 单位 column.
  std::vector<PlacedWord> words;
  for (int i = 0; i < 8; ++i) {  // the body: most characters are set in 14 pt
    words.push_back(Word("本年度报告根据政府信息公开条例的规定编制全文由概述主要做法组成内容", 78, 60 + 24 * i, 14));
  }
  auto row = [&](double y, const std::string& label, const std::string& unit, const std::string& value) {
    words.push_back(Word(label, 78, y, 8));
    if (!unit.empty()) words.push_back(Word(unit, 258.5, y, 8));
    if (!value.empty()) words.push_back(Word(value, 393.9, y, 8));
  };
  row(300, "统计指标", "单位", "统计数");
  row(317, "一、主动公开情况", "", "");
  row(334, "（一）主动公开政府信息数（不同渠道和方式公开", "", "");
  row(339, "", "条", "147");
  row(344, "相同信息计1条）", "", "");
  row(360, "其中：主动公开规范性文件数", "条", "97");
  row(376, "（二）通过不同渠道和方式公开政府信息的情况", "", "");
  row(393, "1、政府公报公开政府信息数", "条", "");
  row(410, "2、政府网站公开政府信息数", "条", "124");
  row(427, "二、回应解读情况", "", "");
  row(444, "3、政策解读稿件发布数", "篇", "3");
  row(461, "九、政府信息公开会议和培训情况", "1", "");
  std::erase_if(words, [](const PlacedWord& w) { return w.text.empty(); });
  const attachment_internal::DocumentContent content = attachment_internal::LayOutWords(words);
  std::vector<const CleanTable*> tables;
  for (const ContentBlock& b : content.blocks) {
    if (b.kind == ContentBlock::Kind::kTable) tables.push_back(&b.table);
  }
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(RowTexts(*tables[0]), (std::vector<std::string>{
                                      "统计指标|单位|统计数",
                                      "一、主动公开情况",
                                      "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）|条|147",
                                      "其中：主动公开规范性文件数|条|97",
                                      "（二）通过不同渠道和方式公开政府信息的情况",
                                      "1、政府公报公开政府信息数|条",
                                      "2、政府网站公开政府信息数|条|124",
                                      "二、回应解读情况",
                                      "3、政策解读稿件发布数|篇|3",
                                      "九、政府信息公开会议和培训情况|1",
                                  }));
  CleanPage page;
  page.blocks = content.blocks;
  ReportRecord r;
  ASSERT_TRUE(ExtractReport(page, &r).ok());
  EXPECT_EQ(r.Value("legacy.active.items").value_or(-1), 147);
  EXPECT_EQ(r.Value("legacy.active.normative_published").value_or(-1), 97);
  EXPECT_EQ(r.Value("legacy.active.via.website").value_or(-1), 124);
  ASSERT_NE(r.Cell("legacy.active.via.gazette"), nullptr);
  EXPECT_EQ(r.Cell("legacy.active.via.gazette")->status, "blank");  // blank, never 0
  EXPECT_EQ(r.Value("legacy.response.policy_readings").value_or(-1), 3);
  EXPECT_TRUE(r.HasFlag("legacy_stray_value"));
}

TEST(AttachmentTest, Seed001PdfGivesTheLegacyStatisticsTable) {
  const ReportRecord r = RecordOf(ReadFile(kFixtures + "/attachments/seed001-report.pdf"),
                                  "http://www.huarong.gov.cn/nb/2018.pdf", "application/pdf");
  EXPECT_EQ(r.template_version, "legacy2016");
  const std::map<std::string, double> expected = {
      {"legacy.active.items", 147},       {"legacy.active.normative_published", 97},
      {"legacy.active.normative_issued", 85}, {"legacy.active.via.weixin", 124},
      {"legacy.active.via.other", 23},    {"legacy.response.hot_topics", 92},
      {"legacy.response.policy_readings", 3}, {"legacy.response.other", 89},
      {"legacy.org.units", 1},            {"legacy.org.reading_points", 8},
      {"legacy.org.staff", 3},            {"legacy.org.staff_full_time", 1},
      {"legacy.org.staff_part_time", 2},  {"legacy.org.budget_wan", 1},
      {"legacy.training.meetings", 1},    {"legacy.training.classes", 1},
      {"legacy.training.trainees", 34}};
  ExpectCells(r, expected);
  int blanks = 0;
  for (const auto& [field, cell] : r.cells) {
    if (!field.starts_with("legacy.")) continue;
    if (expected.count(field) == 0) {
      EXPECT_EQ(cell.status, "blank") << field;
      EXPECT_FALSE(cell.value.has_value()) << field;
      ++blanks;
    }
  }
  EXPECT_EQ(blanks, 42);
  EXPECT_TRUE(r.HasFlag("legacy_stray_value"));
}

TEST(AttachmentTest, PdfParagraphLinesJoinDespiteHangingPunctuation) {
  // A line ending in punctuation hangs past the right margin; the full lines
  // that end in a word are what set it, so "…主动公开政府信" / "息15445条" is one
  // paragraph. An indented line still starts the next paragraph.
  std::vector<PlacedWord> words = {
      Word("本报告包括总体情况、行政机关主动公开政府信息情况、行政机关", 106, 100, 14, 512),
      Word("议和提起行政诉讼情况、政府信息公开工作存在的主要问题及改进情况、", 78, 124, 14, 526),
      Word("其他需要报告的事项等6项内容。", 78, 148, 14, 389),
      Word("（一）主动公开。我区坚持便民、务实、高效原则，切实做到以公开促落实。", 106, 172, 14, 510),
      Word("2021年，我区主动公开政府信", 78, 196, 14, 504),
      Word("息15445条。其中，通过政府网站发布信息13135条，通过政务微博发布信", 78, 220, 14, 512),
      Word("息1187条。", 78, 244, 14, 160),
  };
  const attachment_internal::DocumentContent content = attachment_internal::LayOutWords(words);
  std::vector<std::string> paragraphs;
  for (const ContentBlock& b : content.blocks) {
    if (b.kind == ContentBlock::Kind::kParagraph) paragraphs.push_back(b.text);
  }
  ASSERT_EQ(paragraphs.size(), 2u);
  EXPECT_TRUE(paragraphs[0].ends_with("其他需要报告的事项等6项内容。")) << paragraphs[0];
  EXPECT_NE(paragraphs[1].find("主动公开政府信息15445条"), std::string::npos) << paragraphs[1];
}

// The tables of a page laid out from `words`, and its paragraph texts.
struct LaidOut {
  std::vector<std::vector<std::string>> tables;  // RowTexts of each table
  std::vector<std::string> paragraphs;
  std::vector<ContentBlock> blocks;
};
LaidOut LayOut(const std::vector<PlacedWord>& words) {
  LaidOut out;
  out.blocks = attachment_internal::LayOutWords(words).blocks;
  for (const ContentBlock& b : out.blocks) {
    if (b.kind == ContentBlock::Kind::kTable) out.tables.push_back(RowTexts(b.table));
    if (b.kind != ContentBlock::Kind::kTable) out.paragraphs.push_back(b.text);
  }
  return out;
}

// The body of a synthetic page: twelve lines of 12 pt prose from y = `y`, so
// that 12 pt is the body font and a 9 pt table is set smaller.
void AddBody(std::vector<PlacedWord>* words, double y, double size = 12) {
  for (int i = 0; i < 12; ++i) {
    words->push_back(
        Word("本年度报告根据政府信息公开条例的规定编制全文由概述主要做法等部分组成", 78, y + 20 * i, size));
  }
}

TEST(AttachmentTest, WrappedLabelLinesOfARuledCellStayInItsRow) {
  // 表三 as reportlab rules it (v05, 9 pt): a label wrapped over three lines
  // has its numbers on the middle line, and its first line is further from the
  // row above (cell padding) than two line heights. Every line of the cell
  // stays in the row; a group label (（四）无 / 法提供) beside it too.
  std::vector<PlacedWord> words;
  AddBody(&words, 40);
  const double xs[] = {268.0, 304.8, 341.5, 378.3, 415.0, 451.8, 488.5};
  auto values = [&](double y, const std::vector<std::string>& v) {
    for (size_t k = 0; k < v.size(); ++k) words.push_back(Word(v[k], xs[k], y, 9));
  };
  words.push_back(Word("8.属于行政查询事项", 155.2, 291.1, 9));
  values(291.1, {"0", "0", "0", "0", "0", "0", "0"});
  words.push_back(Word("1.本机关不掌握相关政府信", 155.2, 319.1, 9));
  values(326.1, {"11", "1", "0", "0", "0", "1", "13"});
  words.push_back(Word("息", 155.2, 333.1, 9));
  words.push_back(Word("（四）无", 110.1, 346.1, 9));
  words.push_back(Word("2.没有现成信息需要另行制", 155.2, 353.1, 9));
  words.push_back(Word("法提供", 110.1, 360.1, 9));
  values(360.1, {"1", "0", "0", "0", "0", "0", "1"});
  words.push_back(Word("作", 155.2, 367.1, 9));
  // A label set closer to its value than the gap between words ("…处理其" +
  // "2"): one fragment, split again at the value column.
  words.push_back(Word("1.申请人无正当理由逾期不", 155.2, 387.1, 9));
  words.push_back(Word("补正、行政机关不再处理其", 155.2, 401.1, 9, 264.0));
  values(401.1, {"2", "0", "0", "0", "0", "0", "2"});
  words.push_back(Word("政府信息公开申请", 155.2, 415.1, 9));
  AddBody(&words, 460);
  const LaidOut page = LayOut(words);
  ASSERT_EQ(page.tables.size(), 1u);
  EXPECT_EQ(page.tables[0], (std::vector<std::string>{
                                "8.属于行政查询事项|0|0|0|0|0|0|0",
                                "1.本机关不掌握相关政府信息|11|1|0|0|0|1|13",
                                "（四）无法提供|2.没有现成信息需要另行制作|1|0|0|0|0|0|1",
                                "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请|2|0|0|0|0|0|2",
                            }));
  for (const std::string& p : page.paragraphs) EXPECT_EQ(p.find("本机关不掌握"), std::string::npos) << p;
  for (const std::string& p : page.paragraphs) EXPECT_NE(p, "息");
}

TEST(AttachmentTest, HeaderCellWrappedBesideAOneLineCellIsAHeaderRow) {
  // 表二 第（八）项 (v02, 8 pt): "本年收费金额（单位：万" / "元）" in one ruled cell,
  // "信息内容" centred between its lines in the cell beside it. The three
  // lines are the table's header row, not paragraphs, and the value is read.
  // The body is set in the table's size (the tables hold most characters),
  // so being smaller than the body does not make them table lines.
  std::vector<PlacedWord> words;
  AddBody(&words, 400, 8);
  words.push_back(Word("二、主动公开政府信息情况", 102, 40, 12));
  words.push_back(Word("本年收费金额（单位：万", 227.4, 82.9, 8, 315.4));
  words.push_back(Word("信息内容", 74.0, 87.9, 8));
  words.push_back(Word("元）", 227.4, 92.9, 8));
  words.push_back(Word("行政事业性收费", 74.0, 109.9, 8));
  words.push_back(Word("2847", 227.4, 109.9, 8));
  const LaidOut page = LayOut(words);
  ASSERT_EQ(page.tables.size(), 1u);
  EXPECT_EQ(page.tables[0], (std::vector<std::string>{"信息内容|本年收费金额（单位：万元）", "行政事业性收费|2847"}));
  CleanPage clean;
  clean.blocks = page.blocks;
  ReportRecord r;
  ASSERT_TRUE(ExtractReport(clean, &r).ok());
  EXPECT_EQ(r.Value("active.admin_fee.amount_wan").value_or(-1), 2847);
}

TEST(AttachmentTest, NarrativeFactsOfWrappedPdfLines) {
  const ReportRecord s2 = RecordOf(ReadFile(kFixtures + "/attachments/seed002-report.pdf"),
                                   "http://www.huaxi.gov.cn/nb/2021.pdf", "application/pdf");
  const ReportRecord s0 = RecordOf(ReadFile(kFixtures + "/attachments/seed000-report.pdf"),
                                   "http://www.xiangfuqu.gov.cn/nb/2019.pdf", "application/pdf");
  auto fact = [](const ReportRecord& r, const std::string& key) {
    for (const NarrativeFact& f : r.narrative_facts) {
      if (f.key == key) return f.value;
    }
    return -1.0;
  };
  EXPECT_EQ(fact(s2, "narrative.active_items"), 15445);
  EXPECT_EQ(fact(s0, "narrative.active_items"), 3355);
  EXPECT_EQ(fact(s0, "narrative.suit_cases"), 8);
  EXPECT_EQ(fact(s0, "narrative.review_cases"), 7);
}

TEST(AttachmentTest, ExtractTakesTablesFromTheReportsPdf) {
  testing::ScratchDir dir;
  const std::string archive_dir = dir / "archive";
  const std::string page_url = "http://www.hongze.gov.cn/xxgk/nb/202501/t20250120_1.html";
  const std::string pdf_url = "http://www.hongze.gov.cn/xxgk/nb/202501/P020250120.pdf";
  {
    std::unique_ptr<Archive> archive = testing::CreateArchive(archive_dir);
    ASSERT_NE(archive, nullptr);
    const std::string html =
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>淮安市洪泽区人民政府2024年政府信息公开工作年度报告</title>"
        "</head><body><div class=\"article-content\"><h1>淮安市洪泽区人民政府2024年政府信息公开工作年度报告</h1>"
        "<table><tr><td>索引号：</td><td>01415082X/2025-00012</td><td>发布日期：</td><td>2025-01-20</td></tr></table>"
        "<p>淮安市洪泽区人民政府2024年政府信息公开工作年度报告全文见附件。</p>"
        "<p>附件：<a href=\"P020250120.pdf\">淮安市洪泽区人民政府2024年政府信息公开工作年度报告.pdf</a></p>"
        "</div></body></html>";
    CaptureRecord page = CaptureFor(page_url, "text/html");
    page.http_status = 200;
    page.fetched_at = 1737331200000000;
    page.role = "report";
    page.site = "hongze";
    page.listed_year = 2024;
    ASSERT_TRUE(archive->PutCapture(page, html).ok());
    CaptureRecord pdf = CaptureFor(pdf_url, "application/pdf");
    pdf.http_status = 200;
    pdf.fetched_at = page.fetched_at + 1000000;
    pdf.role = "attachment";
    pdf.site = "hongze";
    pdf.via = page_url;
    ASSERT_TRUE(archive->PutCapture(pdf, ReadFile(kHongze2024)).ok());
  }
  const testing::ProcessResult run =
      testing::RunProcess({GOVHARVEST_BIN, "--archive", archive_dir, "--log-level", "warn", "extract"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json summary = json::parse(run.out);
  EXPECT_EQ(summary["pages_cleaned"], 1);  // the PDF is no page of its own
  EXPECT_EQ(summary["reports_extracted"], 1);
  EXPECT_EQ(summary["reports_tables_from_attachments"], 1);

  const testing::ProcessResult clean = testing::RunProcess(
      {GOVHARVEST_BIN, "--archive", archive_dir, "--log-level", "warn", "clean", page_url, "--format", "json"});
  ASSERT_EQ(clean.exit_code, 0) << clean.err;
  std::unique_ptr<Archive> archive = testing::CreateArchive(archive_dir);
  ASSERT_NE(archive, nullptr);
  std::string doc_text;
  ASSERT_TRUE(archive->GetDoc(json::parse(clean.out)["document_digest"].get<std::string>(), &doc_text).ok());
  const json report = json::parse(doc_text)["report"];
  ASSERT_TRUE(report.is_object());
  EXPECT_EQ(report["template"]["tables_source"], pdf_url);
  EXPECT_EQ(report["template"]["tables_status"], "attachment");
  EXPECT_EQ(report["template"]["version"], "v2021");
  EXPECT_EQ(report["tables"]["apply"]["apply.new.total"], 95);
  EXPECT_EQ(report["tables"]["active"]["active.licensing.decisions"], 9487);
  EXPECT_EQ(report["tables"]["appeal"]["appeal.suit_after_review.total"], 3);
  // Identity: the page's index number and publication date, the PDF's name and year.
  EXPECT_EQ(report["identity"]["agency_key"], "index_no:01415082X");
  EXPECT_EQ(report["identity"]["published_date"], "2025-01-20");
  EXPECT_EQ(report["identity"]["report_year"], 2024);
  EXPECT_EQ(report["identity"]["agency_name"], "淮安市洪泽区人民政府");
  const auto& flags = report["validation"]["flags"];
  EXPECT_NE(std::find(flags.begin(), flags.end(), "tables_from_attachment"), flags.end());
  EXPECT_EQ(report["validation"]["score"]["hard_fail"], 0);
}

}  // namespace
}  // namespace govharvest
