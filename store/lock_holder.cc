#include "store/lock_holder.h"

#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <iterator>

namespace govharvest {

namespace {

// /proc/PID/cmdline with NULs as spaces, cut to a readable length; "" when
// unreadable (another user's process, or not Linux).
std::string CommandLineOf(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline", std::ios::binary);
  if (!in) return "";
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!text.empty() && text.back() == '\0') text.pop_back();
  constexpr size_t kMaxChars = 200;
  if (text.size() > kMaxChars) text = text.substr(0, kMaxChars) + "...";
  for (char& c : text) {
    if (c == '\0') {
      c = ' ';
    } else if (static_cast<unsigned char>(c) < ' ') {
      c = '?';  // keeps the message on one line
    }
  }
  return text;
}

}  // namespace

std::string DescribeLockHolder(const std::string& lock_file) {
  const int fd = ::open(lock_file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return "";
  struct flock query = {};
  query.l_type = F_WRLCK;  // "could I take LevelDB's write lock?"
  query.l_whence = SEEK_SET;
  query.l_start = 0;
  query.l_len = 0;
  const int rc = ::fcntl(fd, F_GETLK, &query);
  ::close(fd);
  if (rc != 0 || query.l_type == F_UNLCK || query.l_pid <= 0) return "";
  std::string out = "pid " + std::to_string(query.l_pid);
  const std::string command = CommandLineOf(query.l_pid);
  if (!command.empty()) out += " (" + command + ")";
  return out;
}

}  // namespace govharvest
