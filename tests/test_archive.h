// Opening scratch archives in tests.
#ifndef GOVHARVEST_TESTS_TEST_ARCHIVE_H_
#define GOVHARVEST_TESTS_TEST_ARCHIVE_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "store/archive.h"

namespace govharvest::testing {

// Creates (or opens) the archive in `dir`; a failure fails the test.
inline std::unique_ptr<Archive> CreateArchive(const std::string& dir) {
  ArchiveOptions options;
  options.create_if_missing = true;
  std::unique_ptr<Archive> archive;
  Status s = Archive::Open(dir, options, &archive);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return archive;
}

}  // namespace govharvest::testing

#endif  // GOVHARVEST_TESTS_TEST_ARCHIVE_H_
