// Key layout of the archive's LevelDB database (see docs/storage.md).
// Every key starts with a one-letter keyspace tag and '/'.
#ifndef GOVHARVEST_STORE_KEYS_H_
#define GOVHARVEST_STORE_KEYS_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace govharvest::keys {

inline constexpr std::string_view kSchemaVersion = "m/schema_version";
inline constexpr std::string_view kMetaPrefix = "m/";
inline constexpr std::string_view kBlobPrefix = "b/";
inline constexpr std::string_view kCapturePrefix = "c/";
inline constexpr std::string_view kRefPrefix = "r/";
inline constexpr std::string_view kUrlPrefix = "u/";
inline constexpr std::string_view kFrontierPrefix = "f/";
inline constexpr std::string_view kDocPrefix = "d/";
inline constexpr std::string_view kJobPrefix = "j/";

// Separates a URL from the time that follows it; URLs never contain NUL.
inline constexpr char kSep = '\0';

// 16 lower-case hex digits, so that byte order is time order.
std::string EncodeTime(int64_t t);
bool DecodeTime(std::string_view hex, int64_t* t);

// "sha256:<hex>" -> "<hex>".
inline std::string_view DigestHex(std::string_view digest) {
  return digest.substr(digest.find(':') + 1);
}

std::string Blob(std::string_view digest);
std::string Capture(std::string_view url, int64_t fetched_at);
// Prefix of all captures of one URL.
std::string CaptureUrlPrefix(std::string_view url);
std::string Ref(std::string_view digest, std::string_view url, int64_t fetched_at);
std::string RefDigestPrefix(std::string_view digest);
std::string Url(std::string_view url);
std::string Frontier(std::string_view key);
std::string Doc(std::string_view digest);
std::string Job(std::string_view id);

// Splits the "<url>\0<time>" tail of capture and reference keys.
bool SplitUrlTime(std::string_view tail, std::string_view* url, int64_t* t);

// Keyspace name for a key ("blob", "capture", ...), "unknown" otherwise.
std::string_view KeyspaceName(std::string_view key);

}  // namespace govharvest::keys

#endif  // GOVHARVEST_STORE_KEYS_H_
