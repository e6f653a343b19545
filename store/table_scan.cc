// Reading an archive's LevelDB tables one by one, to say which key ranges
// are unreadable (store/archive_internal.h).
#include <leveldb/comparator.h>
#include <leveldb/env.h>
#include <leveldb/iterator.h>
#include <leveldb/options.h>
#include <leveldb/table.h>

#include <cstdio>
#include <memory>
#include <regex>
#include <sstream>

#include "store/archive_internal.h"

namespace govharvest::internal {

namespace {

// LevelDB's internal key order (user key ascending, then the 8-byte
// sequence/type tag descending), so that a table read on its own seeks as
// the database does. Tables are only read with it, never written.
class InternalKeyOrder : public leveldb::Comparator {
 public:
  const char* Name() const override { return "leveldb.InternalKeyComparator"; }
  int Compare(const leveldb::Slice& a, const leveldb::Slice& b) const override {
    if (a.size() < 8 || b.size() < 8) return a.compare(b);
    const int r = leveldb::Slice(a.data(), a.size() - 8).compare(leveldb::Slice(b.data(), b.size() - 8));
    if (r != 0) return r;
    const uint64_t ta = Tag(a), tb = Tag(b);
    return ta > tb ? -1 : (ta < tb ? 1 : 0);
  }
  void FindShortestSeparator(std::string*, const leveldb::Slice&) const override {}
  void FindShortSuccessor(std::string*) const override {}

 private:
  static uint64_t Tag(const leveldb::Slice& k) {
    uint64_t t = 0;
    for (int i = 7; i >= 0; --i) t = (t << 8) | static_cast<unsigned char>(k.data()[k.size() - 8 + i]);
    return t;
  }
};

std::string UserKey(const leveldb::Slice& internal_key) {
  const size_t n = internal_key.size() >= 8 ? internal_key.size() - 8 : internal_key.size();
  return PrintableKey(std::string_view(internal_key.data(), n));
}

struct LiveTable {
  int level = 0;
  uint64_t number = 0;
  std::string range;  // "'first' .. 'last'" as LevelDB prints it
};

// Parses the "leveldb.sstables" property: "--- level N ---" headers, then
// " NUMBER:SIZE['smallest' @ seq : type .. 'largest' @ seq : type]" lines.
std::vector<LiveTable> ParseLiveTables(const std::string& text) {
  std::vector<LiveTable> out;
  static const std::regex kTag("' @ [0-9]+ : [0-9]+");
  std::istringstream in(text);
  std::string line;
  int level = 0;
  while (std::getline(in, line)) {
    if (line.rfind("--- level ", 0) == 0) {
      level = std::atoi(line.c_str() + 10);
      continue;
    }
    const size_t colon = line.find(':');
    const size_t open = line.find('[');
    const size_t close = line.rfind(']');
    if (colon == std::string::npos || open == std::string::npos || close == std::string::npos || close < open) {
      continue;
    }
    LiveTable t;
    t.level = level;
    t.number = std::strtoull(line.c_str(), nullptr, 10);
    t.range = std::regex_replace(line.substr(open + 1, close - open - 1), kTag, "'");
    out.push_back(std::move(t));
  }
  return out;
}

std::string TableName(uint64_t number, const char* ext) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%06llu.%s", static_cast<unsigned long long>(number), ext);
  return buf;
}

}  // namespace

std::string PrintableKey(std::string_view key) {
  constexpr size_t kMaxBytes = 200;
  std::string s(key.substr(0, kMaxBytes));
  for (char& c : s) {
    if (c == '\0') {
      c = ' ';
    } else if (static_cast<unsigned char>(c) < ' ' || c == 0x7f) {
      c = '?';
    }
  }
  if (key.size() > kMaxBytes) s += "...";
  return s;
}

bool IsLevelDbFileName(std::string_view name) {
  if (name == "CURRENT" || name.rfind("MANIFEST-", 0) == 0) return true;
  const size_t dot = name.find('.');
  if (dot == 0 || dot == std::string_view::npos) return false;
  if (name.substr(0, dot).find_first_not_of("0123456789") != std::string_view::npos) return false;
  const std::string_view ext = name.substr(dot + 1);
  return ext == "ldb" || ext == "sst" || ext == "log";
}

void FindUnreadableRanges(leveldb::DB* db, const std::string& dir, std::vector<std::string>* out,
                          int64_t* tables) {
  std::string property;
  if (!db->GetProperty("leveldb.sstables", &property)) return;
  InternalKeyOrder order;
  leveldb::Options options;
  options.comparator = &order;
  options.paranoid_checks = true;  // the index and meta blocks too
  leveldb::ReadOptions ro;
  ro.verify_checksums = true;
  ro.fill_cache = false;
  leveldb::Env* env = leveldb::Env::Default();
  for (const LiveTable& t : ParseLiveTables(property)) {
    *tables += 1;
    std::string name = TableName(t.number, "ldb");
    if (!env->FileExists(dir + "/" + name) && env->FileExists(dir + "/" + TableName(t.number, "sst"))) {
      name = TableName(t.number, "sst");
    }
    const std::string where = "table " + name + " (level " + std::to_string(t.level) + ")";
    const std::string path = dir + "/" + name;
    uint64_t size = 0;
    leveldb::RandomAccessFile* raw_file = nullptr;
    leveldb::Status s = env->GetFileSize(path, &size);
    if (s.ok()) s = env->NewRandomAccessFile(path, &raw_file);
    std::unique_ptr<leveldb::RandomAccessFile> file(raw_file);
    leveldb::Table* raw_table = nullptr;
    if (s.ok()) s = leveldb::Table::Open(options, file.get(), size, &raw_table);
    std::unique_ptr<leveldb::Table> table(raw_table);
    if (!s.ok()) {
      out->push_back(where + " cannot be read (" + s.ToString() + "): keys " + PrintableKey(t.range) +
                     " are unreadable");
      continue;
    }
    // The table iterator skips a block it cannot read and keeps the first
    // error in status(); a fresh iterator seeked to the key after the gap
    // finds the next one. Seeking to a key read from a good block lands in
    // that block, so every round moves forward.
    std::unique_ptr<leveldb::Iterator> it(table->NewIterator(ro));
    it->SeekToFirst();
    std::string last;  // user key of the last entry read, "" before the first
    for (;;) {
      if (!it->status().ok()) {
        const std::string after = last.empty() ? "from the start of the table" : "after '" + last + "'";
        const std::string before = it->Valid() ? "before '" + UserKey(it->key()) + "'" : "to the end of the table";
        out->push_back(where + ": keys " + after + " and " + before + " are unreadable (" +
                       it->status().ToString() + ")");
        if (!it->Valid()) break;
        const std::string resume = it->key().ToString();
        it.reset(table->NewIterator(ro));
        it->Seek(resume);
        if (!it->status().ok() || !it->Valid()) break;  // cannot happen (see above); never loop
      }
      if (!it->Valid()) break;
      last = UserKey(it->key());
      it->Next();
    }
  }
}

}  // namespace govharvest::internal
