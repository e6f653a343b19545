#include "export/file_digest.h"

#include <openssl/evp.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>

namespace govharvest {

Status Sha256OfFile(const std::string& path, std::string* hex, int64_t* bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("cannot open '" + path + "': " + std::strerror(errno));
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) {
    return Status::IoError("OpenSSL SHA-256 unavailable");
  }
  *bytes = 0;
  char buf[1 << 16];
  while (in) {
    in.read(buf, sizeof(buf));
    const std::streamsize n = in.gcount();
    if (n > 0) {
      EVP_DigestUpdate(ctx.get(), buf, static_cast<size_t>(n));
      *bytes += n;
    }
  }
  if (in.bad()) return Status::IoError("cannot read '" + path + "'");
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx.get(), md, &len);
  static constexpr char kHex[] = "0123456789abcdef";
  hex->clear();
  for (unsigned int i = 0; i < len; ++i) {
    hex->push_back(kHex[md[i] >> 4]);
    hex->push_back(kHex[md[i] & 15]);
  }
  return Status::Ok();
}

}  // namespace govharvest
