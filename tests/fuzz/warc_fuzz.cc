// Fuzz target for reading and importing WARC files (export/warc.h,
// export/warc_import.h): any bytes, read as they are, as one gzip member, as
// one gzip member per record, or so with the gzip data cut or damaged, must
// go through ReadWarcBytes and warc_internal::BuildCapture without crashing
// or hanging, and keep the reader's contract: no record block over the
// record limit, no payload over the body limit, offsets and lengths inside
// the file, every problem with an offset and a message, and the same answers
// for the same bytes. With the mode's high bit, the bytes also go through a
// whole WarcImporter (both passes and the revisit resolution) into a LevelDB
// archive in a temporary directory, kept for the whole run.
//
// Built as a libFuzzer binary (warc_fuzz) with clang and -DGOVHARVEST_FUZZ=ON;
// every build also runs the same entry point over mutated seeds in the ctest
// WarcFuzzSmoke (warc_fuzz_smoke.cc). Seeds: tests/fuzz/corpus/warc.
//
// Mode byte (the input's first byte):
//   bits 0-1  0 as is, 1 one gzip member, 2 a member per record, 3 the same
//             with the compressed bytes cut or a byte flipped (bits 2-3: which)
//   bits 4-5  record limit: 64 B, 1 KiB, 64 KiB, the default (51 MiB)
//   bit 6     read twice, compare
//   bit 7     import into the archive
#include <stdlib.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "export/warc.h"
#include "export/warc_import.h"
#include "export/warc_internal.h"
#include "store/archive.h"

namespace {

using govharvest::WarcProblem;
using govharvest::WarcRecord;

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "warc_fuzz: invariant violated: %s\n", what);
    std::abort();
  }
}

std::string Gzip(std::string_view bytes) {
  std::string out;
  Check(govharvest::warc_internal::GzipMember(bytes, &out).ok(), "GzipMember failed");
  return out;
}

// One gzip member per record, as archivers write them: split before each
// "WARC/1." at the start of a line.
std::string GzipPerRecord(std::string_view text) {
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t next = text.find("\nWARC/1.", start + 1);
    next = next == std::string_view::npos ? text.size() : next + 1;
    out += Gzip(text.substr(start, next - start));
    start = next;
  }
  return out;
}

// An archive in a temporary directory for the whole run, removed at exit.
class Sandbox {
 public:
  Sandbox() {
    const char* tmp = std::getenv("TMPDIR");
    std::string tmpl = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/warc_fuzz.XXXXXX";
    Check(mkdtemp(tmpl.data()) != nullptr, "mkdtemp failed");
    dir_ = tmpl;
    govharvest::ArchiveOptions options;
    options.create_if_missing = true;
    Check(govharvest::Archive::Open(dir_ + "/archive", options, &archive_).ok(), "cannot open the archive");
  }
  ~Sandbox() {
    archive_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  govharvest::Archive* archive() { return archive_.get(); }
  std::string file() const { return dir_ + "/input.warc"; }
  int64_t NextJob() { return ++jobs_; }

 private:
  std::string dir_;
  std::unique_ptr<govharvest::Archive> archive_;
  int64_t jobs_ = 0;
};

struct ReadResult {
  std::vector<std::string> records;  // type, offset, length, block size of each
  std::vector<std::string> problems;
};

ReadResult Read(const std::string& input, const govharvest::WarcReadOptions& options, int64_t max_body) {
  ReadResult result;
  std::vector<WarcProblem> problems;
  govharvest::ReadWarcBytes(
      input, options,
      [&](const WarcRecord& r) {
        Check(static_cast<int64_t>(r.block.size()) <= options.max_record_bytes, "a record over the limit was read");
        Check(r.offset >= 0 && static_cast<size_t>(r.offset) < input.size(), "record offset outside the file");
        Check(r.length >= 0 && static_cast<size_t>(r.offset + r.length) <= input.size(), "record length past the end");
        Check(!r.Type().empty(), "a record without WARC-Type was read");
        Check(r.version == "WARC/1.0" || r.version == "WARC/1.1", "a record of another version was read");
        govharvest::CaptureRecord capture;
        std::string body, why;
        const auto built = govharvest::warc_internal::BuildCapture(r, max_body, &capture, &body, &why);
        if (built == govharvest::warc_internal::CaptureBuild::kOk) {
          Check(static_cast<int64_t>(body.size()) <= max_body, "a payload over the limit was built");
          Check(capture.http_status == 0 || (capture.http_status >= 100 && capture.http_status <= 999),
                "HTTP status out of range");
          Check(capture.requested_url == r.TargetUri(), "capture of another URL");
          (void)capture.ToJson();
        } else {
          Check(!why.empty(), "a record refused without a reason");
        }
        result.records.push_back(r.Type() + " " + std::to_string(r.offset) + " " + std::to_string(r.length) + " " +
                                 std::to_string(r.block.size()) + " " + std::to_string(static_cast<int>(built)));
        return true;
      },
      &problems);
  for (const WarcProblem& p : problems) {
    Check(p.offset >= 0 && static_cast<size_t>(p.offset) <= input.size(), "problem offset outside the file");
    Check(!p.message.empty() && p.message.find('\n') == std::string::npos, "problem message empty or multi-line");
    result.problems.push_back(std::to_string(p.offset) + " " + p.message);
  }
  return result;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t mode = data[0];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  std::string input;
  switch (mode & 3) {
    case 0:
      input = std::string(text);
      break;
    case 1:
      input = Gzip(text);
      break;
    case 2:
      input = GzipPerRecord(text);
      break;
    case 3:
      input = GzipPerRecord(text);
      if (!input.empty()) {
        const size_t at = (size * 7919) % input.size();
        if (mode & 4) {
          input.resize(at);
        } else {
          input[at] = static_cast<char>(input[at] ^ (1 << ((mode >> 3) & 1 ? 7 : 0)));
        }
      }
      break;
  }
  static constexpr int64_t kLimits[] = {64, 1024, 64 * 1024, govharvest::WarcReadOptions().max_record_bytes};
  govharvest::WarcReadOptions options;
  options.max_record_bytes = kLimits[(mode >> 4) & 3];
  const int64_t max_body = std::max<int64_t>(options.max_record_bytes - 32, 1);

  const ReadResult first = Read(input, options, max_body);
  if (mode & 0x40) {
    const ReadResult second = Read(input, options, max_body);
    Check(first.records == second.records && first.problems == second.problems,
          "the same bytes read differently twice");
  }

  if (mode & 0x80) {
    static Sandbox sandbox;
    {
      std::ofstream out(sandbox.file(), std::ios::binary | std::ios::trunc);
      out.write(input.data(), static_cast<std::streamsize>(input.size()));
      Check(static_cast<bool>(out), "cannot write the input file");
    }
    govharvest::WarcImportOptions import_options;
    import_options.max_body_bytes = max_body;
    govharvest::WarcImporter importer(sandbox.archive(), "fuzz-" + std::to_string(sandbox.NextJob()),
                                      import_options);
    const govharvest::Status added = importer.AddFile(sandbox.file());
    if (!added.ok()) std::fprintf(stderr, "warc_fuzz: AddFile: %s\n", added.message().c_str());
    Check(added.ok(), "AddFile failed");
    const govharvest::Status finished = importer.Finish();
    if (!finished.ok()) std::fprintf(stderr, "warc_fuzz: Finish: %s\n", finished.message().c_str());
    Check(finished.ok(), "Finish failed");
    const govharvest::WarcImportCounts& c = importer.counts();
    Check(c.files == 1, "one file, not counted once");
    Check(c.captures_imported + c.already_archived <= 2 * c.records, "more captures than records");
    Check(static_cast<size_t>(c.malformed + c.too_large) <= importer.problems().size(),
          "skipped records without a problem");
  }
  return 0;
}
