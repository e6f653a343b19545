// ReadAttachment: format detection and the CleanPage around a reader's
// content; ReportWithAttachmentTables.
#include "extract/attachment.h"

#include <algorithm>
#include <string>

#include "extract/attachment_internal.h"
#include "extract/internal.h"
#include "extract/text.h"

namespace govharvest {

namespace {

enum class Format { kNone, kPdf, kDocx, kDoc, kWps };

std::string LowerExtension(std::string_view url) {
  std::string_view path = url.substr(0, url.find_first_of("?#"));
  const size_t slash = path.rfind('/');
  if (slash != std::string_view::npos) path = path.substr(slash + 1);
  const size_t dot = path.rfind('.');
  return dot == std::string_view::npos ? "" : text::AsciiLower(path.substr(dot + 1));
}

Format DetectFormat(std::string_view bytes, std::string_view content_type, std::string_view url) {
  const std::string ct = text::AsciiLower(content_type);
  const std::string ext = LowerExtension(url);
  // "%PDF" may follow a little junk (some servers prepend a BOM or blank line).
  if (bytes.substr(0, 1024).find("%PDF-") != std::string_view::npos) return Format::kPdf;
  if (bytes.starts_with(std::string_view("PK\x03\x04", 4))) {
    // A ZIP: a DOCX when it holds word/document.xml (the name sits in the
    // local headers and the central directory).
    if (bytes.find("word/document.xml") != std::string_view::npos) return Format::kDocx;
    return Format::kNone;
  }
  if (bytes.starts_with(std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))) {
    if (ext == "wps" || text::Contains(ct, "wps") || text::Contains(ct, "kingsoft")) return Format::kWps;
    if (ext == "xls" || ext == "ppt" || text::Contains(ct, "excel") || text::Contains(ct, "powerpoint")) {
      return Format::kNone;
    }
    return Format::kDoc;
  }
  return Format::kNone;
}

const char* KindName(Format f) {
  switch (f) {
    case Format::kPdf: return "pdf";
    case Format::kDocx: return "docx";
    case Format::kDoc: return "doc";
    case Format::kWps: return "wps";
    case Format::kNone: break;
  }
  return "";
}

}  // namespace

bool IsAttachmentCandidate(std::string_view content_type, std::string_view url) {
  const std::string ct = text::AsciiLower(content_type);
  for (const char* t : {"application/pdf", "application/x-pdf", "application/msword", "wordprocessingml",
                        "application/vnd.ms-works", "application/wps", "application/kswps", "application/vnd.wps"}) {
    if (text::Contains(ct, t)) return true;
  }
  const std::string ext = LowerExtension(url);
  return ext == "pdf" || ext == "docx" || ext == "doc" || ext == "wps";
}

Status ReadAttachment(std::string_view bytes, const CaptureRecord& capture, const CleanOptions& options,
                      CleanPage* out) {
  const std::string url = capture.final_url.empty() ? capture.requested_url : capture.final_url;
  const Format format = DetectFormat(bytes, capture.content_type, url);
  if (format == Format::kNone) {
    return Status::InvalidArgument("'" + url + "' is not a PDF, DOCX, DOC or WPS document (content type '" +
                                   capture.content_type + "')");
  }
  CleanPage page;
  page.url = url;
  page.input_kind = KindName(format);
  page.encoding = "utf-8";
  attachment_internal::DocumentContent content;
  Status s;
  bool unparsed = false;
  if (format == Format::kPdf) {
    s = attachment_internal::ReadPdf(bytes, &content);
  } else if (format == Format::kDocx) {
    s = attachment_internal::ReadDocx(bytes, &content);
  } else {
    std::string text;
    s = attachment_internal::ReadLegacyWord(bytes, &text);
    if (s.ok()) {
      clean_internal::BuildFromPlainText(text, &page);
      content.blocks = std::move(page.blocks);
      content.title = page.heading;
      content.has_text = !content.blocks.empty();
    } else if (s.IsUnsupported()) {
      unparsed = true;  // no antiword or catdoc here
      s = Status::Ok();
    }
  }
  if (!s.ok()) return s;
  if (!content.has_text) unparsed = true;
  page.blocks = std::move(content.blocks);
  page.heading = content.title;
  page.raw_title = content.title;
  clean_internal::FinishBuiltPage(options, &page);
  if (unparsed) page.flags.insert("attachment_unparsed");
  page.payload_digest = capture.payload_digest.empty() ? PayloadDigest(bytes) : capture.payload_digest;
  *out = std::move(page);
  return Status::Ok();
}

ReportRecord ReportWithAttachmentTables(const ReportRecord& page_record, ReportRecord r,
                                        std::string_view attachment_url) {
  auto fill = [](std::string* mine, const std::string& theirs) {
    if (mine->empty()) *mine = theirs;
  };
  if (r.agency_name.empty()) {
    r.agency_name = page_record.agency_name;
    r.agency_name_source = page_record.agency_name_source;
    r.agency_type = page_record.agency_type;
    r.admin_level = page_record.admin_level;
  }
  if (r.title.empty()) r.title = page_record.title;
  if (r.report_year == 0 && page_record.report_year != 0) {
    r.report_year = page_record.report_year;
    r.report_year_source = page_record.report_year_source;
    r.flags.erase(std::remove(r.flags.begin(), r.flags.end(), "no_year"), r.flags.end());
  }
  // The page's metadata knows the publication and the agency's codes; an
  // attachment only has its signature.
  const bool page_date_from_meta = page_record.published_date_source.starts_with("meta");
  if (page_date_from_meta || r.published_date.empty()) {
    r.published_date = page_record.published_date;
    r.published_date_source = page_record.published_date_source;
  }
  if (!page_record.agency_key.empty() && (!page_record.agency_key.starts_with("name:") || r.agency_key.empty())) {
    r.agency_key = page_record.agency_key;
  }
  fill(&r.division_code, page_record.division_code);
  fill(&r.signature_date, page_record.signature_date);
  fill(&r.signature_date_raw, page_record.signature_date_raw);
  if (r.identity_evidence.empty()) r.identity_evidence = page_record.identity_evidence;
  for (const std::string& f : page_record.flags) {
    if (f == "mirror_host" || f == "spam_injected" || f == "name_replaced" || f == "identity_inferred") {
      r.flags.push_back(f);
    }
  }
  r.attachment_urls = page_record.attachment_urls;
  r.tables_source = std::string(attachment_url);
  if (r.tables_status == "html") r.tables_status = "attachment";
  r.flags.push_back("tables_from_attachment");
  std::sort(r.flags.begin(), r.flags.end());
  r.flags.erase(std::unique(r.flags.begin(), r.flags.end()), r.flags.end());
  return r;
}

}  // namespace govharvest
