// Reading WARC 1.0/1.1 files, plain or gzip (one or many members), in
// bounded memory: gzip members are inflated as their records are parsed,
// never whole, and a record over the size limit is dropped as it is read.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <limits>

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

// The end of the header block: index just past the first blank line at or
// after `from`, or npos.
size_t FindHeadEnd(std::string_view text, size_t from) {
  const size_t crlf = text.find("\r\n\r\n", from);
  const size_t lf = text.find("\n\n", from);
  if (crlf == std::string_view::npos) return lf == std::string_view::npos ? lf : lf + 2;
  if (lf != std::string_view::npos && lf < crlf) return lf + 2;
  return crlf + 4;
}

// WARC header blocks are a few hundred bytes; one that does not end within
// this is malformed (and must not make the reader buffer a whole member).
constexpr size_t kMaxHeadBytes = size_t{1} << 20;
// A file with more problems than this is not a WARC: the rest of it is not
// read (the list of problems, kept in memory, stays bounded).
constexpr size_t kMaxProblemsPerFile = 1000;
// Inflated bytes made available per step.
constexpr size_t kInflateStep = 64 * 1024;

// The bytes of a plain file or of one gzip member, read front to back.
// Invariant: Available() is a prefix of what is left, Consume drops from its
// front, and More() only appends; nothing beyond what the parser asked for
// (plus one inflate step) is held in memory.
class Source {
 public:
  virtual ~Source() = default;
  // Bytes read but not consumed yet.
  virtual std::string_view Available() const = 0;
  // Appends more bytes to Available(); false at the end (or after an error).
  virtual bool More() = 0;
  // Drops the first n available bytes; n <= Available().size().
  virtual void Consume(size_t n) = 0;
  // Bytes consumed so far (for a plain file: the file offset).
  virtual int64_t Position() const = 0;
  // What ended the source early (a corrupt or truncated gzip member), else OK.
  virtual Status status() const { return Status::Ok(); }

  // Available() holds at least n bytes, or the source ended first.
  bool Ensure(size_t n) {
    while (Available().size() < n) {
      if (!More()) return false;
    }
    return true;
  }
  enum class Skipped { kAll, kEnded, kOverBudget };
  // Drops n bytes: kAll, or kEnded when the source ends first, or
  // kOverBudget once `budget` bytes were dropped and more are wanted.
  Skipped Skip(uint64_t n, uint64_t budget) {
    uint64_t dropped = 0;
    while (true) {
      const size_t have = Available().size();
      if (have >= n) {
        Consume(static_cast<size_t>(n));
        return Skipped::kAll;
      }
      Consume(have);
      n -= have;
      dropped += have;
      if (dropped >= budget) return Skipped::kOverBudget;
      if (!More()) return Skipped::kEnded;
    }
  }
};

// A plain file: everything is available at once (it is mapped).
class PlainSource : public Source {
 public:
  explicit PlainSource(std::string_view bytes) : bytes_(bytes) {}
  std::string_view Available() const override { return bytes_.substr(pos_); }
  bool More() override { return false; }
  void Consume(size_t n) override { pos_ += n; }
  int64_t Position() const override { return static_cast<int64_t>(pos_); }

 private:
  std::string_view bytes_;
  size_t pos_ = 0;
};

// One gzip member, inflated kInflateStep bytes at a time as the parser asks.
class GzipMemberSource : public Source {
 public:
  // `in` starts at the member's header and may run past its end.
  explicit GzipMemberSource(std::string_view in) : in_(in) {
    if (inflateInit2(&z_, 15 + 16) != Z_OK) {
      status_ = Status::IoError("zlib inflateInit2 failed");
      ended_ = true;
      return;
    }
    ready_ = true;
  }
  ~GzipMemberSource() override {
    if (ready_) inflateEnd(&z_);
  }
  GzipMemberSource(const GzipMemberSource&) = delete;
  GzipMemberSource& operator=(const GzipMemberSource&) = delete;

  std::string_view Available() const override { return std::string_view(window_).substr(start_); }
  void Consume(size_t n) override {
    start_ += n;
    consumed_ += static_cast<int64_t>(n);
    if (start_ == window_.size()) {
      window_.clear();
      start_ = 0;
    }
  }
  int64_t Position() const override { return consumed_; }
  Status status() const override { return status_; }

  // True once the member was inflated to its end without error.
  bool complete() const { return ended_ && status_.ok(); }
  // Compressed bytes of the member; meaningful when complete().
  size_t compressed_length() const { return in_pos_ - z_.avail_in; }

  bool More() override {
    if (ended_) return false;
    // Drop what was consumed before growing the window.
    if (start_ > 0) {
      window_.erase(0, start_);
      start_ = 0;
    }
    const size_t before = window_.size();
    window_.resize(before + kInflateStep);
    size_t produced = 0;
    while (produced < kInflateStep) {
      if (z_.avail_in == 0 && in_pos_ < in_.size()) {
        // avail_in is 32 bits: a larger file is fed a gigabyte at a time.
        const size_t n = std::min<size_t>(in_.size() - in_pos_, size_t{1} << 30);
        z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in_.data() + in_pos_));
        z_.avail_in = static_cast<uInt>(n);
        in_pos_ += n;
      }
      z_.next_out = reinterpret_cast<Bytef*>(window_.data() + before + produced);
      z_.avail_out = static_cast<uInt>(kInflateStep - produced);
      const uInt room = z_.avail_out;
      const int rc = inflate(&z_, Z_NO_FLUSH);
      produced += room - z_.avail_out;
      if (rc == Z_STREAM_END) {
        ended_ = true;
        break;
      }
      if (rc == Z_BUF_ERROR && z_.avail_in == 0 && in_pos_ == in_.size()) {
        status_ = Status::Corruption("gzip member is truncated");
        ended_ = true;
        break;
      }
      if (rc != Z_OK && rc != Z_BUF_ERROR) {
        status_ = Status::Corruption(std::string("gzip member is corrupt (") + (z_.msg ? z_.msg : "zlib error") + ")");
        ended_ = true;
        break;
      }
    }
    window_.resize(before + produced);
    return produced > 0;
  }

 private:
  std::string_view in_;
  size_t in_pos_ = 0;  // bytes of in_ handed to zlib
  z_stream z_{};
  bool ready_ = false;
  bool ended_ = false;
  Status status_;
  std::string window_;  // inflated bytes; [start_, size) not consumed yet
  size_t start_ = 0;
  int64_t consumed_ = 0;
};

// Content-Length: decimal digits only. A value too large for 64 bits
// saturates, so that it is over any limit rather than an error.
bool ParseContentLength(std::string_view text, uint64_t* out) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string_view::npos) return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  if (ec == std::errc::result_out_of_range) {
    *out = std::numeric_limits<uint64_t>::max();
    return true;
  }
  return ec == std::errc() && end == text.data() + text.size();
}

// `text` as shown in a message: at most `max` bytes.
std::string Shown(std::string_view text, size_t max) {
  if (text.size() <= max) return std::string(text);
  return std::string(text.substr(0, max)) + "... (" + std::to_string(text.size()) + " bytes)";
}

// Parses the header block `head` (version line to blank line) into `rec`
// and its Content-Length.
Status ParseHead(std::string_view head, WarcRecord* rec, uint64_t* length, std::string* length_text) {
  const size_t version_end = head.find('\n');
  std::string_view version = head.substr(0, version_end);
  if (!version.empty() && version.back() == '\r') version.remove_suffix(1);
  if (version != "WARC/1.0" && version != "WARC/1.1") {
    return Status::Corruption("unsupported version line '" + std::string(version.substr(0, 20)) + "'");
  }
  rec->version = std::string(version);
  rec->headers.clear();
  size_t p = version_end + 1;
  while (p < head.size()) {
    const size_t eol = head.find('\n', p);
    std::string_view line = head.substr(p, eol - p);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    p = eol == std::string_view::npos ? head.size() : eol + 1;
    if (line.empty()) break;
    if ((line[0] == ' ' || line[0] == '\t') && !rec->headers.empty()) {
      const size_t text = line.find_first_not_of(" \t");
      if (text != std::string_view::npos) rec->headers.back().value += " " + std::string(line.substr(text));
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
  *length_text = rec->Field("Content-Length");
  if (!ParseContentLength(*length_text, length)) {
    return Status::Corruption("record has no valid Content-Length ('" + Shown(*length_text, 40) + "')");
  }
  return Status::Ok();
}

// Drops bytes up to the next "WARC/1." at the start of a line after the
// first byte, or everything when there is none.
void Resync(Source* src) {
  static constexpr std::string_view kStart = "\nWARC/1.";
  while (true) {
    const std::string_view a = src->Available();
    const size_t at = a.find(kStart);
    if (at != std::string_view::npos) {
      src->Consume(at + 1);
      return;
    }
    // Keep a tail that may be the beginning of kStart.
    src->Consume(a.size() > kStart.size() ? a.size() - kStart.size() : 0);
    if (!src->More()) {
      src->Consume(src->Available().size());
      return;
    }
  }
}

// Drops CR and LF bytes (blank lines between records, the CRLF CRLF that
// ends a record), at most `max`; false when the source ended.
bool SkipLineEnds(Source* src, size_t max) {
  size_t skipped = 0;
  while (skipped < max) {
    const std::string_view a = src->Available();
    size_t n = 0;
    while (n < a.size() && skipped + n < max && (a[n] == '\r' || a[n] == '\n')) ++n;
    src->Consume(n);
    skipped += n;
    if (n < a.size()) return true;
    if (skipped < max && !src->More()) return false;
  }
  return true;
}

// Why ParseRecords returned.
enum class Parsed {
  kEnd,            // the source ended (a gzip member may have ended with an error)
  kStopped,        // on_record returned false
  kRestOfFile,     // the rest of the file is not read (a plain file's length past its end, too many problems)
  kMemberDropped,  // a gzip member was left unread past an oversized record
};

// Parses every record of `src` (a plain file, or one gzip member whose
// offset in the file is `member_offset`; -1 for a plain file).
Parsed ParseRecords(Source* src, int64_t member_offset, const WarcReadOptions& options,
                    const std::function<bool(const WarcRecord&)>& on_record, std::vector<WarcProblem>* problems,
                    size_t first_problem) {
  const bool plain = member_offset < 0;
  const uint64_t limit = static_cast<uint64_t>(std::max<int64_t>(options.max_record_bytes, 0));
  // Invariant: no blank line starts before this Position() and after the
  // current one (searched already), so a malformed file is scanned once.
  int64_t no_blank_line_before = 0;
  while (true) {
    if (problems->size() - first_problem >= kMaxProblemsPerFile) {
      problems->push_back({plain ? src->Position() : member_offset,
                           "more than " + std::to_string(kMaxProblemsPerFile) +
                               " problems: the rest of the file is not read"});
      return Parsed::kRestOfFile;
    }
    // Blank lines between records are tolerated.
    SkipLineEnds(src, std::numeric_limits<size_t>::max());
    if (src->Available().empty() && !src->More()) return Parsed::kEnd;
    const int64_t offset = plain ? src->Position() : member_offset;
    auto problem = [&](std::string message, bool too_large = false) {
      problems->push_back({offset, std::move(message), too_large});
    };

    src->Ensure(7);
    if (!src->Available().starts_with("WARC/1.")) {
      if (!src->status().ok()) return Parsed::kEnd;  // the member's error is the problem
      problem("no WARC version line (expected WARC/1.0 or WARC/1.1)");
      Resync(src);
      continue;
    }
    size_t head_end = std::string_view::npos;
    while (true) {
      const std::string_view window = src->Available().substr(0, kMaxHeadBytes + 4);
      const int64_t searched = no_blank_line_before - src->Position() - 3;
      head_end = FindHeadEnd(window, searched > 0 ? static_cast<size_t>(searched) : 0);
      if (head_end != std::string_view::npos) break;
      no_blank_line_before = src->Position() + static_cast<int64_t>(window.size());
      if (window.size() > kMaxHeadBytes || !src->More()) break;
    }
    if (head_end == std::string_view::npos || head_end > kMaxHeadBytes) {
      if (!src->status().ok()) return Parsed::kEnd;
      problem(src->Available().size() > kMaxHeadBytes ? "record header is longer than 1 MiB"
                                                      : "record header is not terminated");
      Resync(src);
      continue;
    }
    WarcRecord rec;
    uint64_t length = 0;
    std::string length_text;
    Status s = ParseHead(src->Available().substr(0, head_end), &rec, &length, &length_text);
    if (!s.ok()) {
      problem(s.message());
      Resync(src);
      continue;
    }
    if (length > limit) {
      std::string message = "record declares Content-Length " + Shown(length_text, 40) + ", over the limit of " +
                            std::to_string(limit) + " bytes; skipped";
      src->Consume(head_end);
      if (plain && length > src->Available().size()) {
        // Past the limit and past the end of the file: no record boundary
        // after it can be trusted.
        problem(message + "; it runs past the end of the file (" + std::to_string(src->Available().size()) +
                    " bytes follow), so the rest of the file is not read",
                true);
        return Parsed::kRestOfFile;
      }
      problem(std::move(message), true);
      // In a gzip member the bytes are inflated and dropped a step at a time
      // (memory stays bounded), but no more of them than a record at the
      // limit holds (so does time): past that the member is left.
      switch (src->Skip(length, plain ? length : std::max<uint64_t>(limit, kMaxHeadBytes))) {
        case Source::Skipped::kAll:
          SkipLineEnds(src, 4);
          continue;
        case Source::Skipped::kEnded:
          return Parsed::kEnd;
        case Source::Skipped::kOverBudget:
          return Parsed::kMemberDropped;
      }
    }
    if (!src->Ensure(head_end + static_cast<size_t>(length))) {
      if (!src->status().ok()) return Parsed::kEnd;
      problem("record is truncated: Content-Length " + length_text + " but " +
              std::to_string(src->Available().size() - head_end) + " bytes follow");
      Resync(src);
      continue;
    }
    rec.block = std::string(src->Available().substr(head_end, static_cast<size_t>(length)));
    src->Consume(head_end + static_cast<size_t>(length));
    // Records end with CRLF CRLF; tolerate bare LFs and a missing pair at EOF.
    SkipLineEnds(src, 4);
    rec.offset = offset;
    if (plain) {
      rec.length = src->Position() - offset;
    } else {
      // The member's length, when this record is its last.
      auto* member = static_cast<GzipMemberSource*>(src);
      SkipLineEnds(src, std::numeric_limits<size_t>::max());
      if (src->Available().empty() && !src->More() && member->complete()) {
        rec.length = static_cast<int64_t>(member->compressed_length());
      }
    }
    if (!on_record(rec)) return Parsed::kStopped;
  }
}

bool IsGzipAt(std::string_view bytes, size_t pos) {
  return pos + 3 <= bytes.size() && static_cast<unsigned char>(bytes[pos]) == 0x1f &&
         static_cast<unsigned char>(bytes[pos + 1]) == 0x8b && bytes[pos + 2] == 8;
}

// True when a gzip member starts at `in` and its first bytes are a WARC
// version line: a record's member, not bytes of compressed data that happen
// to look like a gzip header. Inflates 7 bytes at most.
bool IsWarcMemberAt(std::string_view in) {
  z_stream z{};
  if (inflateInit2(&z, 15 + 16) != Z_OK) return false;
  char head[7];
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(std::min<size_t>(in.size(), size_t{1} << 30));
  z.next_out = reinterpret_cast<Bytef*>(head);
  z.avail_out = sizeof(head);
  int rc = Z_OK;
  while (rc == Z_OK && z.avail_out > 0) rc = inflate(&z, Z_NO_FLUSH);
  const bool ok = z.avail_out == 0 && std::string_view(head, sizeof(head)) == "WARC/1.";
  inflateEnd(&z);
  return ok;
}

}  // namespace

void ReadWarcBytes(std::string_view bytes, const WarcReadOptions& options,
                   const std::function<bool(const WarcRecord&)>& on_record, std::vector<WarcProblem>* problems) {
  if (!IsGzipAt(bytes, 0)) {
    PlainSource src(bytes);
    ParseRecords(&src, -1, options, on_record, problems, problems->size());
    return;
  }
  const size_t first_problem = problems->size();
  size_t pos = 0;
  while (pos < bytes.size()) {
    if (problems->size() - first_problem >= kMaxProblemsPerFile) {
      problems->push_back({static_cast<int64_t>(pos), "more than " + std::to_string(kMaxProblemsPerFile) +
                                                          " problems: the rest of the file is not read"});
      return;
    }
    if (!IsGzipAt(bytes, pos)) {
      problems->push_back({static_cast<int64_t>(pos), "bytes between gzip members are not a gzip member"});
    } else {
      GzipMemberSource member(bytes.substr(pos));
      const Parsed parsed =
          ParseRecords(&member, static_cast<int64_t>(pos), options, on_record, problems, first_problem);
      if (parsed == Parsed::kStopped || parsed == Parsed::kRestOfFile) return;
      if (parsed == Parsed::kMemberDropped) {
        // Its end is not known without inflating it all: resume at the next
        // gzip member that holds a record (the oversized record's compressed
        // bytes may contain a gzip header by chance; they are passed over).
        size_t next = pos + 1;
        while (next < bytes.size() && !(IsGzipAt(bytes, next) && IsWarcMemberAt(bytes.substr(next)))) {
          next = bytes.find('\x1f', next + 1);
          if (next == std::string_view::npos) next = bytes.size();
        }
        pos = next;
        continue;
      }
      // kEnd: the member was read to its end, or to its error.
      if (member.complete()) {
        pos += std::max<size_t>(member.compressed_length(), 1);
        continue;
      }
      problems->push_back({static_cast<int64_t>(pos), member.status().message()});
    }
    // Resume at the next gzip member header.
    size_t next = pos + 1;
    while (next < bytes.size() && !IsGzipAt(bytes, next)) {
      next = bytes.find('\x1f', next + 1);
      if (next == std::string_view::npos) next = bytes.size();
    }
    pos = next;
  }
}

Status ReadWarcFile(const std::string& path, const WarcReadOptions& options,
                    const std::function<bool(const WarcRecord&)>& on_record, std::vector<WarcProblem>* problems) {
  MappedFile file;
  GOVHARVEST_RETURN_IF_ERROR(file.Open(path));
  ReadWarcBytes(file.bytes(), options, on_record, problems);
  return Status::Ok();
}

Status ReadWarcFile(const std::string& path, const std::function<bool(const WarcRecord&)>& on_record,
                    std::vector<WarcProblem>* problems) {
  return ReadWarcFile(path, WarcReadOptions(), on_record, problems);
}

}  // namespace govharvest
