#include "app/saved_file.h"

#include "crawler/encoding.h"
#include "crawler/url.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace govharvest {

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

std::string SniffContentType(std::string_view bytes, std::string_view file_name) {
  auto starts = [&](std::string_view magic) { return bytes.substr(0, magic.size()) == magic; };
  const std::string ext = Lower(std::filesystem::path(file_name).extension().string());
  if (starts("%PDF-")) return "application/pdf";
  if (starts(std::string_view("PK\x03\x04", 4))) {
    if (bytes.find("word/") != std::string_view::npos || ext == ".docx") {
      return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    }
    if (bytes.find("xl/") != std::string_view::npos || ext == ".xlsx") {
      return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    }
    return "application/zip";
  }
  if (starts(std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))) {
    if (ext == ".xls" || ext == ".et") return "application/vnd.ms-excel";
    if (ext == ".wps") return "application/vnd.ms-works";
    return "application/msword";
  }
  const std::string head = Lower(bytes.substr(0, 1024));
  if (head.find("<!doctype html") != std::string::npos || head.find("<html") != std::string::npos ||
      head.find("<head") != std::string::npos || head.find("<body") != std::string::npos) {
    return "text/html";
  }
  if (ext == ".html" || ext == ".htm" || ext == ".shtml") return "text/html";
  if (ext == ".xml") return "application/xml";
  if (ext == ".json") return "application/json";
  if (ext == ".png") return "image/png";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".txt" || ext == ".md" || ext == ".csv") return "text/plain";
  return bytes.find('\0') == std::string_view::npos ? "text/plain" : "application/octet-stream";
}

std::string FileUrl(std::string_view absolute_path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string url = "file://";
  for (unsigned char c : absolute_path) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      url.push_back(static_cast<char>(c));
    } else {
      url.push_back('%');
      url.push_back(kHex[c >> 4]);
      url.push_back(kHex[c & 0xf]);
    }
  }
  return url;
}

Status CheckRecordedUrl(std::string_view url, std::string* recorded) {
  const bool printable = std::all_of(url.begin(), url.end(), [](unsigned char c) { return c > 0x20 && c != 0x7f; });
  if (printable && url.starts_with("file:///") && url.size() > 8) {
    *recorded = std::string(url);
    return Status::Ok();
  }
  if (printable && CanonicalizeUrl(url, recorded).ok()) return Status::Ok();
  return Status::InvalidArgument("--url '" + std::string(url) +
                                 "' is not an absolute http(s) URL or a file:/// URL");
}

Status ReadSavedFile(const std::string& path, const SavedFileOptions& options,
                     CaptureRecord* record, std::string* payload) {
  std::string recorded_url;
  if (!options.url.empty()) GOVHARVEST_RETURN_IF_ERROR(CheckRecordedUrl(options.url, &recorded_url));
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return Status::IoError("cannot read '" + path + "': " + std::strerror(errno));
  }
  if (!S_ISREG(st.st_mode)) return Status::InvalidArgument("'" + path + "' is not a regular file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("cannot read '" + path + "': " + std::strerror(errno));
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) return Status::IoError("error while reading '" + path + "'");
  *payload = std::move(buf).str();

  std::error_code ec;
  const std::string absolute = std::filesystem::absolute(path, ec).lexically_normal().string();
  CaptureRecord r;
  r.requested_url = options.url.empty() ? FileUrl(absolute) : recorded_url;
  r.final_url = r.requested_url;
  r.fetched_at = options.fetched_at
                     ? *options.fetched_at
                     : static_cast<TimestampUs>(st.st_mtim.tv_sec) * 1000000 + st.st_mtim.tv_nsec / 1000;
  r.content_type = SniffContentType(*payload, path);
  if (r.content_type == "text/html" || r.content_type == "text/plain") {
    DecodedPage page = DecodePage(*payload, "");
    r.charset_meta = page.charset_meta;
    r.charset_used = page.encoding;
  }
  r.job_id = options.job_id;
  r.outcome = "ok";
  r.source = "import:" + absolute;
  *record = std::move(r);
  return Status::Ok();
}

}  // namespace govharvest
