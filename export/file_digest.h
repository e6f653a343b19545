// SHA-256 of a file, read in pieces (export files can be gigabytes).
#ifndef GOVHARVEST_EXPORT_FILE_DIGEST_H_
#define GOVHARVEST_EXPORT_FILE_DIGEST_H_

#include <cstdint>
#include <string>

#include "store/status.h"

namespace govharvest {

// Lower-case hex SHA-256 of the file at `path`, and its size in bytes.
Status Sha256OfFile(const std::string& path, std::string* hex, int64_t* bytes);

}  // namespace govharvest

#endif  // GOVHARVEST_EXPORT_FILE_DIGEST_H_
