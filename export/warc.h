// WARC in and out: writing the archive's captures as WARC/1.1 files with a
// CDXJ index (`govharvest export --format warc`), and reading WARC files
// written by any archiver (`govharvest archive import-warc`).
// File layout, record types and digests are described in docs/export.md.
#ifndef GOVHARVEST_EXPORT_WARC_H_
#define GOVHARVEST_EXPORT_WARC_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "store/archive.h"
#include "store/records.h"
#include "store/status.h"

namespace govharvest {

// ---------------------------------------------------------------- reading

// One WARC record as read from a file.
struct WarcRecord {
  std::string version;               // "WARC/1.0" or "WARC/1.1"
  std::vector<HttpHeader> headers;   // named fields, in file order
  std::string block;                 // exactly Content-Length bytes
  // Where the record starts in the file: for .warc.gz the offset of the gzip
  // member holding it (every record of a multi-record member shares it).
  int64_t offset = 0;
  // Bytes of the file the record (or its gzip member) occupies. For a gzip
  // member of several records only the last one has it (the member's length
  // is known once it is read to its end); the others have 0.
  int64_t length = 0;

  // The first field called `name` (case-insensitive), or "".
  std::string Field(std::string_view name) const { return FindHeader(headers, name); }
  std::string Type() const { return Field("WARC-Type"); }
  // WARC-Target-URI without the <...> that WARC 1.1 drafts and some tools add.
  std::string TargetUri() const;
};

// A record (or gzip member) that could not be read, and why.
struct WarcProblem {
  int64_t offset = 0;
  std::string message;
  bool too_large = false;  // a record over WarcReadOptions::max_record_bytes
};

// Room for a record's WARC and HTTP headers on top of a payload limit: the
// reader's record limit is an importer's payload limit plus this.
constexpr int64_t kWarcHeadAllowanceBytes = int64_t{1} << 20;

struct WarcReadOptions {
  // The largest Content-Length read. A record declaring more is reported
  // (offset, declared size, limit) and skipped without being held in memory:
  // in a gzip member its bytes are inflated and dropped 64 KiB at a time, at
  // most this many; a member with more left is abandoned and reading resumes
  // at the next gzip member that holds a record. So a gzip bomb costs the
  // time of reading one record at the limit, and no memory.
  // Default: the crawler's default max_body_bytes (50 MiB) plus the headers.
  int64_t max_record_bytes = (int64_t{50} << 20) + kWarcHeadAllowanceBytes;
};

// Reads every record of `path` (a .warc, or a gzip file of one or more
// members; recognised by its first bytes, not its name) in file order and
// calls `on_record` for each until it returns false. A malformed record or
// gzip member is appended to `problems` with its byte offset and skipped; the
// reader resumes at the next record or gzip member. A record over
// options.max_record_bytes is appended with too_large set and skipped (see
// WarcReadOptions); in a plain file whose end comes before its declared end,
// the rest of the file is not read (no record boundary after it can be
// trusted). Memory is bounded by the record limit (plus 1 MiB of WARC
// header), whatever the file holds.
// Fails only when the file cannot be opened or read.
Status ReadWarcFile(const std::string& path, const WarcReadOptions& options,
                    const std::function<bool(const WarcRecord&)>& on_record, std::vector<WarcProblem>* problems);
// As above with the default options.
Status ReadWarcFile(const std::string& path, const std::function<bool(const WarcRecord&)>& on_record,
                    std::vector<WarcProblem>* problems);
// As ReadWarcFile, for the bytes of a whole file in memory (fuzzing, tests).
void ReadWarcBytes(std::string_view bytes, const WarcReadOptions& options,
                   const std::function<bool(const WarcRecord&)>& on_record, std::vector<WarcProblem>* problems);

// ---------------------------------------------------------------- writing

struct WarcExportOptions {
  std::string dir;                             // created if missing; files are written here
  std::string file_prefix = "govharvest";      // files are <prefix>-NNNNN.warc.gz
  int64_t max_file_bytes = int64_t{1} << 30;   // roll to a new file past this size
  std::string software = "govharvest";         // warcinfo `software`
  // Captures to export; every capture when empty.
  std::function<bool(const CaptureRecord&)> include;
};

struct WarcExportResult {
  std::vector<std::string> files;                // file names in `dir`, in order, then "index.cdxj"
  std::map<std::string, int64_t> records;        // WARC-Type -> records written
  int64_t captures = 0;                          // captures exported
  std::map<std::string, int64_t> without_payload;  // outcome -> captures written as metadata only
  int64_t unresolved_not_modified = 0;  // 304s whose earlier payload is not in the export
  int64_t cdxj_lines = 0;
  std::vector<std::string> job_ids;              // sorted, distinct, of the exported captures
  // Captures left out because their blob is damaged (Archive::GetBlob says
  // Corruption), one line each: "<url> @<time>: <error>". Not in `captures`.
  std::vector<std::string> damaged_captures;
};

// Writes the captures of `archive` chosen by options.include as WARC/1.1
// files, one gzip member per record, ordered by (requested URL, fetched_at),
// plus `index.cdxj` sorted by SURT key. A capture whose blob is damaged is
// left out (no record carries bytes that do not match their digest) and
// listed in result->damaged_captures; the export goes on. The same archive and options give
// byte-identical files: record ids are derived from content and warcinfo
// dates from the captures, never from the clock.
Status WriteWarcExport(const Archive& archive, const WarcExportOptions& options, WarcExportResult* result);

// ---------------------------------------------------------------- helpers

// "sha256:<base32>" (RFC 4648 alphabet with padding) of `bytes`, the form of
// WARC-Block-Digest and WARC-Payload-Digest that WriteWarcExport writes.
std::string WarcSha256(std::string_view bytes);

// The archive's "sha256:<hex>" for a WARC labelled digest of SHA-256 in hex
// or base32 (padded or not); "" for other algorithms or malformed values.
std::string ArchiveDigestFromWarc(std::string_view warc_digest);

// SURT form of a URL as pywb and warcio.js compute it for CDXJ keys:
// lower case, "www." dropped, host labels reversed and comma-joined, ")"
// then path, query arguments sorted. Other URLs are returned unchanged.
std::string SurtKey(std::string_view url);

}  // namespace govharvest

#endif  // GOVHARVEST_EXPORT_WARC_H_
