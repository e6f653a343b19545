// Helpers shared by the tests: scratch directories and running programs.
#ifndef GOVHARVEST_TESTS_TEST_UTIL_H_
#define GOVHARVEST_TESTS_TEST_UTIL_H_

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace govharvest::testing {

// A fresh directory under the system temp dir, removed with its contents on
// destruction.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal
  std::string out;
  std::string err;
};

// Runs `argv` with stdout and stderr captured; kills it after `timeout_s`.
ProcessResult RunProcess(const std::vector<std::string>& argv, int timeout_s = 60);

// Starts `argv` with stdout and stderr sent to /dev/null; returns its pid.
int SpawnQuiet(const std::vector<std::string>& argv);

// Absolute path of a program on PATH, or "" (RunProcess does not search PATH).
std::string Which(const std::string& name);

// Runs the govharvest binary as `govharvest --archive ARCHIVE --log-level warn ARGS...`.
ProcessResult RunGovharvest(const std::string& archive, const std::vector<std::string>& args, int timeout_s = 60);

bool Contains(std::string_view haystack, std::string_view needle);
// True for exactly one line of text, ending in '\n'.
bool IsOneLine(std::string_view text);

std::string ReadFile(const std::string& path);
void WriteFile(const std::string& path, const std::string& bytes);

}  // namespace govharvest::testing

#endif  // GOVHARVEST_TESTS_TEST_UTIL_H_
