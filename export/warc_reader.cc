// Reading WARC 1.0/1.1 files, plain or gzip (one or many members).
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>

#include "export/warc.h"
#include "export/warc_internal.h"

namespace govharvest {

namespace {

// A read-only mapping of a whole file, unmapped on destruction.
class MappedFile {
 public:
  MappedFile() = default;
  ~MappedFile() {
    if (data_ != nullptr) munmap(data_, size_);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  Status Open(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Status::IoError("cannot open '" + path + "': " + std::strerror(errno));
    struct stat st {};
    Status s;
    if (fstat(fd, &st) != 0) {
      s = Status::IoError("cannot stat '" + path + "': " + std::strerror(errno));
    } else if (!S_ISREG(st.st_mode)) {
      s = Status::InvalidArgument("'" + path + "' is not a regular file");
    } else if (st.st_size > 0) {
      void* p = mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
      if (p == MAP_FAILED) {
        s = Status::IoError("cannot map '" + path + "': " + std::strerror(errno));
      } else {
        data_ = p;
        size_ = static_cast<size_t>(st.st_size);
      }
    }
    ::close(fd);
    return s;
  }
  std::string_view bytes() const { return {static_cast<const char*>(data_), size_}; }

 private:
  void* data_ = nullptr;
  size_t size_ = 0;
};

// The end of the header block: index just past the blank line, or npos.
size_t FindHeadEnd(std::string_view text, size_t from) {
  const size_t crlf = text.find("\r\n\r\n", from);
  const size_t lf = text.find("\n\n", from);
  if (crlf == std::string_view::npos) return lf == std::string_view::npos ? lf : lf + 2;
  if (lf != std::string_view::npos && lf < crlf) return lf + 2;
  return crlf + 4;
}

// Next "WARC/1." at the start of a line after `from`, or npos.
size_t FindNextRecordStart(std::string_view text, size_t from) {
  size_t p = from;
  while (true) {
    p = text.find("WARC/1.", p + 1);
    if (p == std::string_view::npos) return p;
    if (text[p - 1] == '\n') return p;
  }
}

// Parses the record at `pos` of `text`. On success sets *next just past the
// record and its trailing CRLF CRLF.
Status ParseRecordAt(std::string_view text, size_t pos, WarcRecord* rec, size_t* next) {
  if (text.substr(pos, 7) != "WARC/1.") {
    return Status::Corruption("no WARC version line (expected WARC/1.0 or WARC/1.1)");
  }
  const size_t head_end = FindHeadEnd(text, pos);
  if (head_end == std::string_view::npos) return Status::Corruption("record header is not terminated");
  const size_t version_end = text.find('\n', pos);
  std::string_view version = text.substr(pos, version_end - pos);
  if (!version.empty() && version.back() == '\r') version.remove_suffix(1);
  if (version != "WARC/1.0" && version != "WARC/1.1") {
    return Status::Corruption("unsupported version line '" + std::string(version.substr(0, 20)) + "'");
  }
  rec->version = std::string(version);
  rec->headers.clear();
  size_t p = version_end + 1;
  while (p < head_end) {
    size_t eol = text.find('\n', p);
    std::string_view line = text.substr(p, eol - p);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    p = eol + 1;
    if (line.empty()) break;
    if ((line[0] == ' ' || line[0] == '\t') && !rec->headers.empty()) {
      rec->headers.back().value += " " + std::string(line.substr(line.find_first_not_of(" \t")));
      continue;
    }
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      return Status::Corruption("malformed header line '" + std::string(line.substr(0, 60)) + "'");
    }
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    rec->headers.push_back({std::string(line.substr(0, colon)), std::string(value)});
  }
  if (rec->Field("WARC-Type").empty()) return Status::Corruption("record has no WARC-Type");
  const std::string length_text = rec->Field("Content-Length");
  if (length_text.empty() || length_text.size() > 15 ||
      length_text.find_first_not_of("0123456789") != std::string::npos) {
    return Status::Corruption("record has no valid Content-Length ('" + length_text + "')");
  }
  const size_t length = std::stoull(length_text);
  if (length > text.size() - head_end) {
    return Status::Corruption("record is truncated: Content-Length " + length_text + " but " +
                              std::to_string(text.size() - head_end) + " bytes follow");
  }
  rec->block = std::string(text.substr(head_end, length));
  size_t end = head_end + length;
  // Records end with CRLF CRLF; tolerate bare LFs and a missing pair at EOF.
  for (int i = 0; i < 4 && end < text.size() && (text[end] == '\r' || text[end] == '\n'); ++i) ++end;
  *next = end;
  return Status::Ok();
}

// Parses every record of `text` (a plain file or one decompressed member).
// `file_offset` >= 0: all records share that offset and `member_length`
// (gzip); < 0: offsets are positions in `text` (plain file).
bool ParseRecords(std::string_view text, int64_t file_offset, int64_t member_length,
                  const std::function<bool(const WarcRecord&)>& on_record, std::vector<WarcProblem>* problems) {
  size_t pos = 0;
  while (pos < text.size()) {
    // Blank lines between records are tolerated.
    if (text[pos] == '\r' || text[pos] == '\n') {
      ++pos;
      continue;
    }
    WarcRecord rec;
    size_t next = 0;
    Status s = ParseRecordAt(text, pos, &rec, &next);
    const int64_t offset = file_offset >= 0 ? file_offset : static_cast<int64_t>(pos);
    if (!s.ok()) {
      problems->push_back({offset, s.message()});
      const size_t resume = FindNextRecordStart(text, pos);
      if (resume == std::string_view::npos) return true;
      pos = resume;
      continue;
    }
    rec.offset = offset;
    rec.length = file_offset >= 0 ? member_length : static_cast<int64_t>(next - pos);
    if (!on_record(rec)) return false;
    pos = next;
  }
  return true;
}

// Inflates the gzip member at the start of `in`; sets *consumed to its
// compressed length.
Status InflateMember(std::string_view in, std::string* out, size_t* consumed) {
  z_stream z{};
  if (inflateInit2(&z, 15 + 16) != Z_OK) return Status::IoError("zlib inflateInit2 failed");
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(std::min<size_t>(in.size(), 1u << 30));
  out->clear();
  char buf[64 * 1024];
  int rc = Z_OK;
  Status s;
  while (rc != Z_STREAM_END) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof(buf);
    rc = inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      s = Status::Corruption(std::string("gzip member is corrupt (") + (z.msg ? z.msg : "zlib error") + ")");
      break;
    }
    out->append(buf, sizeof(buf) - z.avail_out);
    if (rc == Z_OK && z.avail_in == 0 && z.avail_out != 0) {
      s = Status::Corruption("gzip member is truncated");
      break;
    }
  }
  *consumed = in.size() - z.avail_in;
  inflateEnd(&z);
  return s;
}

bool IsGzipAt(std::string_view bytes, size_t pos) {
  return pos + 3 <= bytes.size() && static_cast<unsigned char>(bytes[pos]) == 0x1f &&
         static_cast<unsigned char>(bytes[pos + 1]) == 0x8b && bytes[pos + 2] == 8;
}

}  // namespace

Status ReadWarcFile(const std::string& path, const std::function<bool(const WarcRecord&)>& on_record,
                    std::vector<WarcProblem>* problems) {
  MappedFile file;
  GOVHARVEST_RETURN_IF_ERROR(file.Open(path));
  const std::string_view bytes = file.bytes();
  if (!IsGzipAt(bytes, 0)) {
    ParseRecords(bytes, -1, 0, on_record, problems);
    return Status::Ok();
  }
  size_t pos = 0;
  std::string member;
  while (pos < bytes.size()) {
    if (!IsGzipAt(bytes, pos)) {
      problems->push_back({static_cast<int64_t>(pos), "bytes between gzip members are not a gzip member"});
    } else {
      size_t consumed = 0;
      Status s = InflateMember(bytes.substr(pos), &member, &consumed);
      if (s.ok()) {
        if (!ParseRecords(member, static_cast<int64_t>(pos), static_cast<int64_t>(consumed), on_record,
                          problems)) {
          return Status::Ok();
        }
        pos += consumed;
        continue;
      }
      problems->push_back({static_cast<int64_t>(pos), s.message()});
    }
    // Resume at the next gzip member header.
    size_t next = pos + 1;
    while (next < bytes.size() && !IsGzipAt(bytes, next)) {
      next = bytes.find('\x1f', next + 1);
      if (next == std::string_view::npos) next = bytes.size();
    }
    pos = next;
  }
  return Status::Ok();
}

}  // namespace govharvest
