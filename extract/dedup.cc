// Duplicate keys: normalized text, its SimHash.
#include <array>
#include <bit>
#include <cstdint>
#include <string>

#include "extract/clean.h"
#include "extract/text.h"

namespace govharvest {

std::string NormalizeForDigest(std::string_view input) {
  std::string out;
  out.reserve(input.size());
  bool pending_space = false;
  char32_t previous = 0;
  for (char32_t cp : text::Decode(input)) {
    if (cp >= 0xFF01 && cp <= 0xFF5E) cp = cp - 0xFF01 + 0x21;  // full-width ASCII forms
    if (cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF) continue;
    if (text::IsSpaceLike(cp)) {
      pending_space = previous != 0;
      continue;
    }
    if (cp >= 'A' && cp <= 'Z') cp = cp - 'A' + 'a';
    // A space survives only between two ASCII characters.
    if (pending_space && previous < 0x80 && cp < 0x80) out.push_back(' ');
    pending_space = false;
    text::AppendUtf8(cp, &out);
    previous = cp;
  }
  return out;
}

namespace {

uint64_t Mix64(uint64_t x) {  // splitmix64 finalizer
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

uint64_t HashShingle(std::u32string_view shingle) {
  uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a over the code points
  for (char32_t cp : shingle) {
    h ^= static_cast<uint64_t>(cp);
    h *= 0x100000001b3ULL;
  }
  return Mix64(h);
}

}  // namespace

// kBitLanes[v] holds bit i of the byte v in byte lane i, so that adding
// kBitLanes of a hash's byte j counts the set bits j*8..j*8+7 in parallel.
constexpr std::array<uint64_t, 256> kBitLanes = [] {
  std::array<uint64_t, 256> lanes{};
  for (unsigned v = 0; v < 256; ++v) {
    for (int i = 0; i < 8; ++i) lanes[v] |= static_cast<uint64_t>((v >> i) & 1) << (8 * i);
  }
  return lanes;
}();

uint64_t SimHash64(std::string_view input) {
  constexpr size_t kShingle = 3;
  const std::u32string cps = text::Decode(NormalizeForDigest(input));
  if (cps.empty()) return 0;
  const size_t count = cps.size() >= kShingle ? cps.size() - kShingle + 1 : 1;
  // ones[b]: shingles whose hash has bit b set. Byte lanes of `packed` hold at
  // most 255, so they are moved into `ones` every 255 shingles.
  int64_t ones[64] = {};
  uint64_t packed[8] = {};
  auto unpack = [&] {
    for (int j = 0; j < 8; ++j) {
      for (int i = 0; i < 8; ++i) ones[8 * j + i] += static_cast<int64_t>((packed[j] >> (8 * i)) & 0xFF);
      packed[j] = 0;
    }
  };
  for (size_t i = 0; i < count; ++i) {
    const uint64_t h = HashShingle(std::u32string_view(cps).substr(i, kShingle));
    for (int j = 0; j < 8; ++j) packed[j] += kBitLanes[(h >> (8 * j)) & 0xFF];
    if ((i + 1) % 255 == 0) unpack();
  }
  unpack();
  // Bit b is set when more shingle hashes have it set than not.
  uint64_t out = 0;
  for (int b = 0; b < 64; ++b) {
    if (2 * ones[b] > static_cast<int64_t>(count)) out |= (uint64_t{1} << b);
  }
  return out;
}

int HammingDistance(uint64_t a, uint64_t b) { return std::popcount(a ^ b); }

}  // namespace govharvest
