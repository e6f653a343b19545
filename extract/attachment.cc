// ReadAttachment: format detection and the CleanPage around a reader's
// content; ReportWithAttachmentTables.
#include "extract/attachment.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <functional>
#include <new>
#include <nlohmann/json.hpp>
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

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAddressSanitizer = true;  // its shadow memory needs terabytes of address space
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kAddressSanitizer = true;
#else
constexpr bool kAddressSanitizer = false;
#endif
#else
constexpr bool kAddressSanitizer = false;
#endif

using nlohmann::json;
using attachment_internal::DocumentContent;

// DocumentContent and the reader's Status, as the child hands them over.
std::string EncodeResult(const Status& status, const DocumentContent& content) {
  json blocks = json::array();
  for (const ContentBlock& b : content.blocks) {
    json rows = json::array();
    for (const auto& row : b.table.rows) {
      json cells = json::array();
      for (const CleanTable::Cell& c : row) {
        cells.push_back({c.text, c.header, c.covered, c.origin_row, c.origin_col, c.missing, c.lost_blanks});
      }
      rows.push_back(std::move(cells));
    }
    blocks.push_back({{"kind", static_cast<int>(b.kind)}, {"level", b.level}, {"text", b.text}, {"url", b.url},
                      {"caption", b.table.caption}, {"rows", std::move(rows)}});
  }
  return json{{"code", static_cast<int>(status.code())}, {"limit", status.limit()}, {"message", status.message()},
              {"title", content.title}, {"has_text", content.has_text}, {"blocks", std::move(blocks)}}
      .dump(-1, ' ', false, json::error_handler_t::replace);
}

Status DecodeResult(std::string_view text, DocumentContent* out) {
  const json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return Status::Corruption("attachment reader process gave no readable result");
  try {
    const auto code = static_cast<Status::Code>(j.at("code").get<int>());
    const std::string message = j.at("message").get<std::string>();
    switch (code) {
      case Status::Code::kOk: break;
      case Status::Code::kLimitExceeded: return Status::LimitExceeded(j.at("limit").get<std::string>(), message);
      case Status::Code::kInvalidArgument: return Status::InvalidArgument(message);
      case Status::Code::kUnsupported: return Status::Unsupported(message);
      default: return Status::Corruption(message);
    }
    DocumentContent content;
    content.title = j.at("title").get<std::string>();
    content.has_text = j.at("has_text").get<bool>();
    for (const json& b : j.at("blocks")) {
      ContentBlock block;
      block.kind = static_cast<ContentBlock::Kind>(b.at("kind").get<int>());
      block.level = b.at("level").get<int>();
      block.text = b.at("text").get<std::string>();
      block.url = b.at("url").get<std::string>();
      block.table.caption = b.at("caption").get<std::string>();
      for (const json& row : b.at("rows")) {
        auto& cells = block.table.rows.emplace_back();
        for (const json& c : row) {
          cells.push_back({c.at(0).get<std::string>(), c.at(1).get<bool>(), c.at(2).get<bool>(), c.at(3).get<int>(),
                           c.at(4).get<int>(), c.at(5).get<bool>(), c.at(6).get<bool>()});
        }
      }
      content.blocks.push_back(std::move(block));
    }
    *out = std::move(content);
  } catch (const json::exception& e) {
    return Status::Corruption(std::string("attachment reader process gave a malformed result: ") + e.what());
  }
  return Status::Ok();
}

// Runs `read` in a child process (fork, no exec) with an address-space limit
// of options.attachment_memory_bytes (not under AddressSanitizer) and a
// wall-clock limit of options.attachment_time_ms, so that a document that
// makes the reader allocate gigabytes, loop or crash costs this process
// nothing. The parent never runs the readers itself, so no reader lock can
// be held by another thread when the child starts.
Status ReadInChildProcess(const std::function<Status(DocumentContent*)>& read, const CleanOptions& options,
                          DocumentContent* out) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return Status::IoError(std::string("pipe: ") + std::strerror(errno));
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return Status::IoError(std::string("fork: ") + std::strerror(errno));
  }
  if (pid == 0) {
    ::close(fds[0]);
    if (!kAddressSanitizer) {
      const rlimit memory{static_cast<rlim_t>(options.attachment_memory_bytes),
                          static_cast<rlim_t>(options.attachment_memory_bytes)};
      ::setrlimit(RLIMIT_AS, &memory);
    }
    std::string result;
    try {
      DocumentContent content;
      const Status s = read(&content);
      result = EncodeResult(s, content);
    } catch (const std::bad_alloc&) {
      result = EncodeResult(Status::LimitExceeded("too_large", "reading it needs more than " +
                                                                   std::to_string(options.attachment_memory_bytes >> 20) +
                                                                   " MiB of memory"),
                            DocumentContent());
    } catch (const std::exception& e) {
      result = EncodeResult(Status::Corruption(std::string("reader failed: ") + e.what()), DocumentContent());
    }
    size_t done = 0;
    while (done < result.size()) {
      const ssize_t n = ::write(fds[1], result.data() + done, result.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    ::_exit(0);  // no atexit handlers, no destructors of the parent's objects
  }
  ::close(fds[1]);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(options.attachment_time_ms);
  std::string result;
  bool timed_out = false;
  char buffer[65536];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    pollfd p{fds[0], POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(std::min<int64_t>(left.count(), 1000)));
    if (ready < 0 && errno != EINTR) break;
    if (ready <= 0) continue;
    const ssize_t n = ::read(fds[0], buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // EOF: the child is done (or died)
    result.append(buffer, static_cast<size_t>(n));
  }
  ::close(fds[0]);
  if (timed_out) ::kill(pid, SIGKILL);
  int status = 0;
  rusage usage{};
  while (::wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {
  }
  if (timed_out) {
    return Status::LimitExceeded("timeout", "reading it took longer than " +
                                                std::to_string(options.attachment_time_ms / 1000) + " s");
  }
  if (WIFSIGNALED(status)) {
    // A reader that aborts when an allocation fails (poppler does) ran into
    // the memory limit when it used most of it.
    const int64_t peak_bytes = static_cast<int64_t>(usage.ru_maxrss) * 1024;
    if (!kAddressSanitizer && peak_bytes > options.attachment_memory_bytes / 2) {
      return Status::LimitExceeded("too_large", "reading it needs more than " +
                                                    std::to_string(options.attachment_memory_bytes >> 20) +
                                                    " MiB of memory (reader stopped by signal " +
                                                    std::to_string(WTERMSIG(status)) + ")");
    }
    return Status::Corruption("the reader crashed on it (signal " + std::to_string(WTERMSIG(status)) + ")");
  }
  return DecodeResult(result, out);
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
    s = ReadInChildProcess([&](DocumentContent* c) { return attachment_internal::ReadPdf(bytes, options, c); },
                           options, &content);
  } else if (format == Format::kDocx) {
    s = ReadInChildProcess([&](DocumentContent* c) { return attachment_internal::ReadDocx(bytes, options, c); },
                           options, &content);
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
