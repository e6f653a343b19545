// Damage to an archive's files, and what Open, GetBlob, Verify and Repair
// make of it (docs/storage.md, "Damage: verify and repair"). Each test builds
// an archive, damages its files in one way, and checks every outcome.
#include <gtest/gtest.h>
#include <leveldb/db.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>

#include "store/archive.h"
#include "store/keys.h"
#include "tests/test_util.h"

namespace govharvest {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::ProcessResult;
using testing::ReadFile;
using testing::RunGovharvest;
using testing::ScratchDir;
using testing::WriteFile;

constexpr int kCaptures = 24;
constexpr size_t kPayloadBytes = 150000;  // 3.6 MB in all: several 1 MB tables

std::string UrlOf(int i) { return "http://www.example.gov.cn/report/" + std::to_string(i) + ".pdf"; }

// Random bytes: incompressible, so LevelDB stores them verbatim and a test
// finds a blob's bytes in a table file by searching for them.
std::string Payload(int i) {
  std::mt19937 rng(1000 + i);
  std::string out(kPayloadBytes, '\0');
  for (char& c : out) c = static_cast<char>(rng() & 0xff);
  return out;
}

std::unique_ptr<Archive> Open(const std::string& dir, Status* status, bool create = false) {
  ArchiveOptions options;
  options.create_if_missing = create;
  options.read_only = !create;
  std::unique_ptr<Archive> archive;
  *status = Archive::Open(dir, options, &archive);
  return archive;
}

// Captures `first`..`last`-1, one batch each, in one session.
void AddCaptures(const std::string& dir, int first, int last) {
  Status s;
  auto archive = Open(dir, &s, /*create=*/true);
  ASSERT_TRUE(s.ok()) << s.ToString();
  for (int i = first; i < last; ++i) {
    CaptureRecord r;
    r.requested_url = UrlOf(i);
    r.final_url = r.requested_url;
    r.http_status = 200;
    r.fetched_at = 1700000000000000 + i;
    r.outcome = "ok";
    r.source = "http";
    r.content_type = "application/pdf";
    ASSERT_TRUE(archive->PutCapture(r, Payload(i)).ok());
  }
}

// Moves everything into tables of about `table_bytes` each (compaction
// output is cut at the opening handle's max_file_size, at least 1 MB).
void CompactIntoTables(const std::string& dir, size_t table_bytes) {
  leveldb::Options options;
  options.max_file_size = table_bytes;
  leveldb::DB* raw = nullptr;
  ASSERT_TRUE(leveldb::DB::Open(options, dir, &raw).ok());
  std::unique_ptr<leveldb::DB> db(raw);
  db->CompactRange(nullptr, nullptr);
}

// Opening with a raw handle writes the log into a level-0 table.
void FlushLogIntoTable(const std::string& dir) {
  leveldb::DB* raw = nullptr;
  ASSERT_TRUE(leveldb::DB::Open(leveldb::Options(), dir, &raw).ok());
  delete raw;
}

std::vector<fs::path> FilesEndingIn(const std::string& dir, const std::string& ext) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ext) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool FileHolds(const fs::path& file, const std::string& bytes) {
  return ReadFile(file.string()).find(bytes) != std::string::npos;
}

// The table file holding `bytes`, and their offset in it.
std::pair<fs::path, size_t> Locate(const std::string& dir, const std::string& bytes) {
  for (const auto& f : FilesEndingIn(dir, ".ldb")) {
    const size_t at = ReadFile(f.string()).find(bytes);
    if (at != std::string::npos) return {f, at};
  }
  return {};
}

void FlipBytes(const fs::path& file, size_t offset, size_t n) {
  std::string bytes = ReadFile(file.string());
  ASSERT_LE(offset + n, bytes.size());
  for (size_t i = offset; i < offset + n; ++i) bytes[i] = static_cast<char>(bytes[i] ^ 0xff);
  WriteFile(file.string(), bytes);
}

void CutTo(const fs::path& file, size_t size) { fs::resize_file(file, size); }

std::string Joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

// URLs of the captures the archive holds.
std::set<std::string> CaptureUrls(const Archive& archive) {
  std::set<std::string> out;
  EXPECT_TRUE(archive.ForEachCapture([&](const CaptureRecord& c) {
    out.insert(c.requested_url);
    return true;
  }).ok());
  return out;
}

// After any repair: the archive opens (so it has its schema version), every
// capture left is listed, and every blob left reads back intact.
void ExpectUsableAfterRepair(const std::string& dir, int expected_captures) {
  Status s;
  auto archive = Open(dir, &s);
  ASSERT_TRUE(s.ok()) << s.ToString();
  const std::set<std::string> urls = CaptureUrls(*archive);
  EXPECT_EQ(static_cast<int>(urls.size()), expected_captures);
  for (int i = 0; i < kCaptures; ++i) {
    std::string bytes;
    s = archive->GetBlob(PayloadDigest(Payload(i)), &bytes);
    if (s.ok()) {
      EXPECT_EQ(bytes, Payload(i));
    } else {
      EXPECT_TRUE(s.IsNotFound() || s.IsCorruption()) << s.ToString();  // lost or refused, never served damaged
    }
  }
}

TEST(DamageTest, FlippedBytesInABlobInsideATable) {
  ScratchDir tmp;
  const std::string dir = tmp / "archive";
  AddCaptures(dir, 0, kCaptures);
  CompactIntoTables(dir, 1 << 20);
  const std::string victim = Payload(5);
  const std::string digest = PayloadDigest(victim);
  auto [table, offset] = Locate(dir, victim.substr(8000, 64));
  ASSERT_FALSE(table.empty());
  FlipBytes(table, offset, 64);

  // Open reads no table; the damaged blob is refused, its neighbours are not.
  Status s;
  auto archive = Open(dir, &s);
  ASSERT_TRUE(s.ok()) << s.ToString();
  std::string bytes = "left over";
  s = archive->GetBlob(digest, &bytes);
  EXPECT_TRUE(s.IsCorruption()) << s.ToString();
  EXPECT_NE(s.message().find("blob " + digest + " is damaged"), std::string::npos) << s.message();
  EXPECT_EQ(s.message().find('\n'), std::string::npos);
  EXPECT_TRUE(bytes.empty());
  ASSERT_TRUE(archive->GetBlob(PayloadDigest(Payload(6)), &bytes).ok());
  EXPECT_EQ(bytes, Payload(6));

  // Verify goes on past the damaged block and names its table.
  VerifyReport report;
  ASSERT_TRUE(archive->Verify(&report).ok());
  EXPECT_FALSE(report.ok());
  ASSERT_EQ(report.unreadable_ranges.size(), 1u) << Joined(report.problems);
  EXPECT_NE(report.unreadable_ranges[0].find(table.filename().string()), std::string::npos);
  EXPECT_EQ(report.blobs_checked, kCaptures - 1);
  EXPECT_EQ(report.captures_checked, kCaptures);
  EXPECT_EQ(report.captures_missing_blob, 1);
  EXPECT_EQ(report.dangling_references, 1);
  EXPECT_NE(Joined(report.problems).find("capture " + UrlOf(5)), std::string::npos) << Joined(report.problems);
  archive.reset();

  // Repair drops the damaged block (checksums on) and keeps the rest.
  RepairReport repair;
  ASSERT_TRUE(Archive::Repair(dir, &repair).ok());
  EXPECT_EQ(repair.keys_before["blob"], kCaptures);
  EXPECT_EQ(repair.keys_after["blob"], kCaptures - 1);
  EXPECT_EQ(repair.keys_after["capture"], kCaptures);
  EXPECT_FALSE(repair.schema_version_restored);
  EXPECT_NE(Joined(repair.set_aside).find("lost/" + table.filename().string()), std::string::npos)
      << Joined(repair.set_aside);
  EXPECT_TRUE(fs::exists(fs::path(dir) / "lost" / table.filename()));
  EXPECT_FALSE(repair.leveldb_notes.empty());
  EXPECT_FALSE(repair.verify.ok());
  EXPECT_EQ(repair.verify.captures_missing_blob, 1);
  EXPECT_EQ(repair.verify.dangling_references, 1);
  EXPECT_TRUE(repair.verify.unreadable_ranges.empty());
  ExpectUsableAfterRepair(dir, kCaptures);
}

TEST(DamageTest, BlobWithWrongBytesUnderItsDigest) {
  ScratchDir tmp;
  const std::string dir = tmp / "archive";
  AddCaptures(dir, 0, 3);
  const std::string digest = PayloadDigest(Payload(1));
  {
    leveldb::DB* raw = nullptr;
    ASSERT_TRUE(leveldb::DB::Open(leveldb::Options(), dir, &raw).ok());
    std::unique_ptr<leveldb::DB> db(raw);
    std::string bytes = Payload(1);
    bytes[100] ^= 1;  // LevelDB's checksums hold: only the content hash tells
    ASSERT_TRUE(db->Put(leveldb::WriteOptions(), keys::Blob(digest), bytes).ok());
  }
  Status s;
  auto archive = Open(dir, &s);
  ASSERT_TRUE(s.ok()) << s.ToString();
  std::string bytes;
  s = archive->GetBlob(digest, &bytes);
  EXPECT_TRUE(s.IsCorruption());
  std::string altered = Payload(1);
  altered[100] ^= 1;
  EXPECT_NE(s.message().find("blob " + digest + " is damaged: content hashes to " + PayloadDigest(altered)),
            std::string::npos)
      << s.message();
  EXPECT_TRUE(bytes.empty());
  VerifyReport report;
  ASSERT_TRUE(archive->Verify(&report).ok());
  EXPECT_EQ(report.damaged_blobs, 1);
  EXPECT_EQ(report.problems.size(), 1u) << Joined(report.problems);
  archive.reset();
  // Repair cannot tell these bytes are wrong (its checksums are LevelDB's); Verify still does.
  RepairReport repair;
  ASSERT_TRUE(Archive::Repair(dir, &repair).ok());
  EXPECT_EQ(repair.verify.damaged_blobs, 1);
}

TEST(DamageTest, HalfOfATableOfBlobsCut) {
  ScratchDir tmp;
  const std::string dir = tmp / "archive";
  AddCaptures(dir, 0, kCaptures);
  CompactIntoTables(dir, 1 << 20);
  const auto tables = FilesEndingIn(dir, ".ldb");
  ASSERT_GE(tables.size(), 3u);
  const fs::path cut = tables[0];  // the smallest keys: blobs only
  ASSERT_FALSE(FileHolds(cut, "schema_version"));
  std::set<int> in_cut;
  for (int i = 0; i < kCaptures; ++i) {
    if (FileHolds(cut, Payload(i).substr(0, 64))) in_cut.insert(i);
  }
  ASSERT_FALSE(in_cut.empty());
  CutTo(cut, fs::file_size(cut) / 2);

  Status s;
  auto archive = Open(dir, &s);
  ASSERT_TRUE(s.ok()) << s.ToString();
  std::string bytes;
  s = archive->GetBlob(PayloadDigest(Payload(*in_cut.begin())), &bytes);
  EXPECT_TRUE(s.IsCorruption()) << s.ToString();
  VerifyReport report;
  ASSERT_TRUE(archive->Verify(&report).ok());
  ASSERT_EQ(report.unreadable_ranges.size(), 1u) << Joined(report.problems);
  EXPECT_NE(report.unreadable_ranges[0].find(cut.filename().string() + " (level"), std::string::npos);
  EXPECT_NE(report.unreadable_ranges[0].find("cannot be read"), std::string::npos) << report.unreadable_ranges[0];
  EXPECT_EQ(report.captures_missing_blob, static_cast<int64_t>(in_cut.size()));
  EXPECT_EQ(report.captures_checked, kCaptures);
  archive.reset();

  RepairReport repair;
  ASSERT_TRUE(Archive::Repair(dir, &repair).ok());
  EXPECT_FALSE(repair.schema_version_restored);
  ASSERT_EQ(repair.unreadable_before.size(), 1u);
  EXPECT_NE(repair.unreadable_before[0].find(cut.filename().string()), std::string::npos);
  EXPECT_EQ(repair.keys_after["blob"], kCaptures - static_cast<int64_t>(in_cut.size()));
  EXPECT_EQ(repair.verify.captures_missing_blob, static_cast<int64_t>(in_cut.size()));
  EXPECT_EQ(repair.verify.dangling_references, static_cast<int64_t>(in_cut.size()));
  EXPECT_TRUE(fs::exists(fs::path(dir) / "lost" / cut.filename()));
  ExpectUsableAfterRepair(dir, kCaptures);
}

// The case: the cut table held the schema version, so every command
// refused the archive, and repair used to leave it without one.
TEST(DamageTest, HalfOfTheTableWithTheSchemaVersionCut) {
  ScratchDir tmp;
  const std::string dir = tmp / "archive";
  AddCaptures(dir, 0, kCaptures / 2);
  AddCaptures(dir, kCaptures / 2, kCaptures);  // opening flushed the first session into a table
  FlushLogIntoTable(dir);                        // and this the second: two level-0 tables
  const auto tables = FilesEndingIn(dir, ".ldb");
  ASSERT_GE(tables.size(), 2u);
  fs::path cut;
  for (const auto& t : tables) {
    if (FileHolds(t, "schema_version")) cut = t;
  }
  ASSERT_FALSE(cut.empty());
  std::set<int> survivors;
  for (int i = 0; i < kCaptures; ++i) {
    if (!FileHolds(cut, Payload(i).substr(0, 64))) survivors.insert(i);  // a session's batches share a table
  }
  ASSERT_FALSE(survivors.empty());
  ASSERT_LT(survivors.size(), static_cast<size_t>(kCaptures));
  CutTo(cut, fs::file_size(cut) / 2);

  // Reading the schema version fails: every command refuses the archive.
  Status s;
  auto archive = Open(dir, &s);
  EXPECT_TRUE(s.IsCorruption() || s.IsIoError()) << s.ToString();
  EXPECT_NE(s.message().find(cut.filename().string()), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("archive repair"), std::string::npos) << s.message();

  RepairReport repair;
  s = Archive::Repair(dir, &repair);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_TRUE(repair.schema_version_restored);
  EXPECT_EQ(repair.keys_after["capture"], static_cast<int64_t>(survivors.size()));
  EXPECT_EQ(repair.keys_after["meta"], 1);
  EXPECT_FALSE(repair.unreadable_before.empty());
  ExpectUsableAfterRepair(dir, static_cast<int>(survivors.size()));
}

TEST(DamageTest, MissingTable) {
  ScratchDir tmp;
  const std::string dir = tmp / "archive";
  AddCaptures(dir, 0, kCaptures);
  CompactIntoTables(dir, 1 << 20);
  const auto tables = FilesEndingIn(dir, ".ldb");
  ASSERT_GE(tables.size(), 3u);
  int in_missing = 0;
  for (int i = 0; i < kCaptures; ++i) in_missing += FileHolds(tables[1], Payload(i).substr(0, 64)) ? 1 : 0;
  ASSERT_GT(in_missing, 0);
  fs::remove(tables[1]);

  Status s;
  auto archive = Open(dir, &s);
  EXPECT_TRUE(s.IsCorruption()) << s.ToString();
  EXPECT_NE(s.message().find("missing files"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("archive repair"), std::string::npos);

  RepairReport repair;
  ASSERT_TRUE(Archive::Repair(dir, &repair).ok());
  EXPECT_TRUE(repair.keys_before.empty());  // the damaged archive would not open
  EXPECT_FALSE(repair.before_error.empty());
  EXPECT_EQ(repair.keys_after["blob"], kCaptures - in_missing);
  EXPECT_EQ(repair.verify.captures_missing_blob, in_missing);
  EXPECT_EQ(repair.verify.dangling_references, in_missing);
  ExpectUsableAfterRepair(dir, kCaptures);
}

TEST(DamageTest, DeletedCurrent) {
  ScratchDir tmp;
  const std::string dir = tmp / "archive";
  AddCaptures(dir, 0, kCaptures);
  CompactIntoTables(dir, 1 << 20);
  fs::remove(fs::path(dir) / "CURRENT");

  Status s;
  auto archive = Open(dir, &s);
  EXPECT_TRUE(s.IsCorruption()) << s.ToString();
  EXPECT_NE(s.message().find("no CURRENT"), std::string::npos) << s.message();
  // A crawl or import (create_if_missing) must not start a new archive over it either.
  archive = Open(dir, &s, /*create=*/true);
  EXPECT_TRUE(s.IsCorruption()) << s.ToString();

  RepairReport repair;
  ASSERT_TRUE(Archive::Repair(dir, &repair).ok());
  EXPECT_TRUE(repair.verify.ok()) << Joined(repair.verify.problems);
  EXPECT_EQ(repair.keys_after["capture"], kCaptures);
  ExpectUsableAfterRepair(dir, kCaptures);
}

TEST(DamageTest, FlippedBytesInABlobInsideTheLog) {
  ScratchDir tmp;
  const std::string dir = tmp / "archive";
  AddCaptures(dir, 0, kCaptures);  // all in the log: nothing was flushed
  const auto logs = FilesEndingIn(dir, ".log");
  ASSERT_EQ(logs.size(), 1u);
  const std::string log = ReadFile(logs[0].string());
  const size_t at = log.find(Payload(7).substr(8000, 64));
  ASSERT_NE(at, std::string::npos);
  FlipBytes(logs[0], at, 64);

  // The log's checksums catch it when the archive is opened.
  Status s;
  auto archive = Open(dir, &s);
  EXPECT_TRUE(s.IsCorruption()) << s.ToString();
  EXPECT_NE(s.message().find("archive repair"), std::string::npos);

  // LevelDB's repair reads logs without their checksums: the batch comes
  // through with the flipped bytes, and the content hash is what catches it.
  RepairReport repair;
  ASSERT_TRUE(Archive::Repair(dir, &repair).ok());
  EXPECT_EQ(repair.keys_after["capture"], kCaptures);
  EXPECT_NE(Joined(repair.set_aside).find(".log"), std::string::npos);
  EXPECT_FALSE(repair.verify.ok());
  EXPECT_EQ(repair.verify.damaged_blobs, 1);
  EXPECT_EQ(repair.verify.problems.size(), 1u) << Joined(repair.verify.problems);
  ExpectUsableAfterRepair(dir, kCaptures);
  auto reopened = Open(dir, &s);
  std::string bytes;
  s = reopened->GetBlob(PayloadDigest(Payload(7)), &bytes);
  EXPECT_TRUE(s.IsCorruption()) << s.ToString();
  EXPECT_NE(s.message().find("content hashes to"), std::string::npos);
}

TEST(DamageTest, GarbageAppendedToTheLog) {
  ScratchDir tmp;
  const std::string dir = tmp / "archive";
  AddCaptures(dir, 0, kCaptures);
  const auto logs = FilesEndingIn(dir, ".log");
  ASSERT_EQ(logs.size(), 1u);
  WriteFile(logs[0].string(), ReadFile(logs[0].string()) + std::string(100, '\x5a'));

  // Whatever the garbage says, the archive opens with every capture, or is
  // refused and repair keeps every capture.
  Status s;
  auto archive = Open(dir, &s);
  if (s.ok()) {
    EXPECT_EQ(CaptureUrls(*archive).size(), static_cast<size_t>(kCaptures));
    VerifyReport report;
    ASSERT_TRUE(archive->Verify(&report).ok());
    EXPECT_TRUE(report.ok()) << Joined(report.problems);
    archive.reset();
  } else {
    EXPECT_TRUE(s.IsCorruption()) << s.ToString();
  }
  RepairReport repair;
  ASSERT_TRUE(Archive::Repair(dir, &repair).ok());
  EXPECT_TRUE(repair.verify.ok()) << Joined(repair.verify.problems);
  ExpectUsableAfterRepair(dir, kCaptures);
}

TEST(DamageTest, TruncatedLog) {
  ScratchDir tmp;
  const std::string dir = tmp / "archive";
  AddCaptures(dir, 0, kCaptures);
  const auto logs = FilesEndingIn(dir, ".log");
  ASSERT_EQ(logs.size(), 1u);
  CutTo(logs[0], fs::file_size(logs[0]) * 6 / 10);

  // A cut log reads as a crash: its last batches are gone, whole; the rest is intact.
  Status s;
  auto archive = Open(dir, &s);
  ASSERT_TRUE(s.ok()) << s.ToString();
  const size_t left = CaptureUrls(*archive).size();
  EXPECT_GT(left, 0u);
  EXPECT_LT(left, static_cast<size_t>(kCaptures));
  VerifyReport report;
  ASSERT_TRUE(archive->Verify(&report).ok());
  EXPECT_TRUE(report.ok()) << Joined(report.problems);
  archive.reset();
  RepairReport repair;
  ASSERT_TRUE(Archive::Repair(dir, &repair).ok());
  EXPECT_TRUE(repair.verify.ok());
  ExpectUsableAfterRepair(dir, static_cast<int>(left));
}

TEST(DamageTest, RepairOfAHealthyArchiveLosesNothing) {
  ScratchDir tmp;
  const std::string dir = tmp / "archive";
  AddCaptures(dir, 0, kCaptures);
  RepairReport repair;
  ASSERT_TRUE(Archive::Repair(dir, &repair).ok());
  EXPECT_EQ(repair.keys_before, repair.keys_after);
  EXPECT_TRUE(repair.leveldb_notes.empty()) << Joined(repair.leveldb_notes);
  EXPECT_TRUE(repair.verify.ok());
  // A second repair keeps what the first set aside.
  ASSERT_TRUE(Archive::Repair(dir, &repair).ok());
  EXPECT_TRUE(fs::exists(fs::path(dir) / "lost-1"));
  ExpectUsableAfterRepair(dir, kCaptures);
}

TEST(DamageTest, RepairOfADirectoryThatIsNoArchiveIsRefused) {
  ScratchDir tmp;
  WriteFile(tmp / "notes.txt", "not an archive");
  RepairReport repair;
  Status s = Archive::Repair(tmp.path().string(), &repair);
  EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
  EXPECT_FALSE(fs::exists(tmp.path() / "CURRENT"));
}

// A child process that holds the archive open (crash_writer) until killed.
class Holder {
 public:
  explicit Holder(const std::string& dir) {
    int out[2];
    EXPECT_EQ(::pipe(out), 0);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(out[1], STDOUT_FILENO);
      ::close(out[0]);
      ::execl(GOVHARVEST_CRASH_WRITER, GOVHARVEST_CRASH_WRITER, dir.c_str(), "7", static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(out[1]);
    fd_ = out[0];
    pollfd p{fd_, POLLIN, 0};
    EXPECT_EQ(::poll(&p, 1, 10000), 1);  // it prints after its first write: it holds the lock
  }
  ~Holder() {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    ::close(fd_);
  }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int fd_ = -1;
};

TEST(DamageTest, RepairIsRefusedWhileAnotherProcessHoldsTheArchive) {
  ScratchDir tmp;
  const std::string dir = tmp / "archive";
  AddCaptures(dir, 0, 2);
  {
    Holder holder(dir);
    const std::string pid = "pid " + std::to_string(holder.pid());
    RepairReport repair;
    Status s = Archive::Repair(dir, &repair);
    EXPECT_TRUE(s.IsBusy()) << s.ToString();
    EXPECT_NE(s.message().find(pid + " ("), std::string::npos) << s.message();
    EXPECT_NE(s.message().find("crash_writer"), std::string::npos) << s.message();
    EXPECT_EQ(s.message().find('\n'), std::string::npos);
    EXPECT_FALSE(fs::exists(fs::path(dir) / "lost"));  // nothing was moved
    // Open says who holds it too.
    std::unique_ptr<Archive> archive;
    s = Archive::Open(dir, ArchiveOptions(), &archive);
    EXPECT_TRUE(s.IsBusy()) << s.ToString();
    EXPECT_NE(s.message().find(pid), std::string::npos) << s.message();
    EXPECT_NE(s.message().find("in use by another govharvest process"), std::string::npos);
  }
  // Once it is gone (killed mid-write), the archive opens with what it wrote.
  Status s;
  auto archive = Open(dir, &s);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_GE(CaptureUrls(*archive).size(), 3u);
}

// ---------------------------------------------------------------- the CLI

const std::string kFixtures = std::string(GOVHARVEST_SOURCE_DIR) + "/tests/fixtures";

// An archive of two imported pages, the second one's blob overwritten with
// other bytes (through a raw LevelDB handle, so LevelDB's checksums hold).
std::string DamagedArchive(const ScratchDir& tmp, std::string* damaged_url) {
  const std::string archive = tmp / "archive";
  const std::string good = kFixtures + "/gov-pages/other.html";
  const std::string bad = kFixtures + "/gov-pages/sxmu.html";
  EXPECT_EQ(RunGovharvest(archive, {"archive", "import", "--url", "http://www.example.gov.cn/a.html", good})
                .exit_code,
            0);
  EXPECT_EQ(RunGovharvest(archive, {"archive", "import", "--url", "http://www.example.gov.cn/b.html", bad})
                .exit_code,
            0);
  *damaged_url = "http://www.example.gov.cn/b.html";
  leveldb::DB* raw = nullptr;
  EXPECT_TRUE(leveldb::DB::Open(leveldb::Options(), archive, &raw).ok());
  std::unique_ptr<leveldb::DB> db(raw);
  std::string bytes = ReadFile(bad);
  bytes.replace(0, 64, std::string(64, 'X'));
  EXPECT_TRUE(db->Put(leveldb::WriteOptions(), keys::Blob(PayloadDigest(ReadFile(bad))), bytes).ok());
  return archive;
}

TEST(DamageCliTest, GetRawOfADamagedBlobPrintsNothing) {
  ScratchDir tmp;
  std::string url;
  const std::string archive = DamagedArchive(tmp, &url);
  ProcessResult r = RunGovharvest(archive, {"archive", "get", "--raw", url});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(r.out.empty()) << r.out.size() << " bytes on stdout";
  EXPECT_TRUE(testing::IsOneLine(r.err)) << r.err;
  EXPECT_NE(r.err.find("is damaged: content hashes to sha256:"), std::string::npos) << r.err;
  r = RunGovharvest(archive, {"archive", "get", "--raw", "http://www.example.gov.cn/a.html"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, ReadFile(kFixtures + "/gov-pages/other.html"));
}

TEST(DamageCliTest, ExportLeavesDamagedCapturesOutAndListsThem) {
  ScratchDir tmp;
  std::string url;
  const std::string archive = DamagedArchive(tmp, &url);
  const std::string out = tmp / "snapshot";
  ProcessResult r = RunGovharvest(archive, {"export", "--format", "warc", "--out", out});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("damaged capture left out of the WARC: " + url), std::string::npos) << r.err;
  const json summary = json::parse(r.out);
  ASSERT_EQ(summary["damaged_captures"].size(), 1u) << r.out;
  EXPECT_EQ(summary["captures"], 1);
  const json manifest = json::parse(ReadFile(out + "/manifest.json"));
  ASSERT_EQ(manifest["counts"]["damaged_captures"].size(), 1u);
  EXPECT_NE(manifest["counts"]["damaged_captures"][0].get<std::string>().find(url), std::string::npos);

  // The WARC holds the good capture only, and no record of the damaged one.
  const std::string fresh = tmp / "fresh";
  r = RunGovharvest(fresh, {"archive", "import-warc", out + "/warc/govharvest-00000.warc.gz"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  r = RunGovharvest(fresh, {"archive", "get", "--raw", "http://www.example.gov.cn/a.html"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(RunGovharvest(fresh, {"archive", "get", url}).exit_code, 0);
  EXPECT_EQ(RunGovharvest(fresh, {"archive", "verify"}).exit_code, 0);
}

TEST(DamageCliTest, VerifyListsEveryProblemAndRepairReportsLosses) {
  ScratchDir tmp;
  const std::string dir = tmp / "archive";
  AddCaptures(dir, 0, kCaptures);
  CompactIntoTables(dir, 1 << 20);
  for (int victim : {3, 17}) {
    auto [table, offset] = Locate(dir, Payload(victim).substr(8000, 64));
    ASSERT_FALSE(table.empty());
    FlipBytes(table, offset, 64);
  }
  ProcessResult r = RunGovharvest(dir, {"archive", "verify", "--json"});
  EXPECT_EQ(r.exit_code, 1);
  const json report = json::parse(r.out);
  const size_t ranges = report["unreadable_ranges"].size();
  EXPECT_GE(ranges, 1u);  // one per table, or one for two neighbouring blocks
  EXPECT_EQ(report["captures_missing_blob"], 2);
  EXPECT_EQ(report["dangling_references"], 2);
  ASSERT_EQ(report["problems"].size(), ranges + 4);  // per blob: its capture and its reference
  EXPECT_EQ(report["problem_count"], ranges + 4);
  r = RunGovharvest(dir, {"archive", "verify"});
  EXPECT_EQ(r.exit_code, 1);
  size_t damage_lines = 0;
  for (size_t at = r.out.find("DAMAGE "); at != std::string::npos; at = r.out.find("DAMAGE ", at + 1)) ++damage_lines;
  EXPECT_EQ(damage_lines, ranges + 4) << r.out;
  EXPECT_NE(r.out.find("DAMAGED: "), std::string::npos);
  EXPECT_NE(r.out.find(std::to_string(ranges + 4) + " problem(s) (" + std::to_string(ranges) + " unreadable range(s)"),
            std::string::npos)
      << r.out;

  r = RunGovharvest(dir, {"archive", "repair"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;  // two blobs stay lost
  EXPECT_NE(r.out.find("repair: blob      24 -> 22 (lost 2)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2 capture(s) whose blob is gone, 2 dangling reference(s)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(dir + "/lost/"), std::string::npos) << r.out;
  EXPECT_EQ(RunGovharvest(dir, {"archive", "stats"}).exit_code, 0);
}

TEST(DamageCliTest, RepairDuringAnotherRunIsRefused) {
  ScratchDir tmp;
  const std::string dir = tmp / "archive";
  AddCaptures(dir, 0, 2);
  Holder holder(dir);
  ProcessResult r = RunGovharvest(dir, {"archive", "repair"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_TRUE(testing::IsOneLine(r.err)) << r.err;
  EXPECT_NE(r.err.find("pid " + std::to_string(holder.pid())), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_FALSE(fs::exists(fs::path(dir) / "lost"));
}

}  // namespace
}  // namespace govharvest
