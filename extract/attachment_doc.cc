// DOC / WPS attachments through antiword (tables as |-separated rows), else
// catdoc: run on a private temporary copy, stdout read with a timeout, the
// child killed when it runs over.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "extract/attachment_internal.h"

extern char** environ;

namespace govharvest::attachment_internal {

namespace {

constexpr auto kToolTimeout = std::chrono::seconds(20);
constexpr size_t kMaxToolOutput = 32u << 20;

// A file descriptor closed on destruction.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() { Reset(); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  void Reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

// A temporary file holding the document, removed on destruction.
class TempCopy {
 public:
  TempCopy() = default;
  ~TempCopy() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  TempCopy(const TempCopy&) = delete;
  TempCopy& operator=(const TempCopy&) = delete;

  Status Write(std::string_view bytes) {
    std::error_code ec;
    std::string pattern = (std::filesystem::temp_directory_path(ec) / "govharvest-doc-XXXXXX").string();
    if (ec) pattern = "/tmp/govharvest-doc-XXXXXX";
    Fd fd(::mkstemp(pattern.data()));
    if (fd.get() < 0) return Status::IoError("cannot create a temporary file for the DOC");
    path_ = pattern;
    for (size_t done = 0; done < bytes.size();) {
      const ssize_t n = ::write(fd.get(), bytes.data() + done, bytes.size() - done);
      if (n <= 0) return Status::IoError("cannot write the temporary DOC copy");
      done += static_cast<size_t>(n);
    }
    return Status::Ok();
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Runs argv, returns its stdout. Unsupported when the program is not installed.
Status RunTool(const std::vector<std::string>& argv, std::string* out) {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return Status::IoError("pipe failed");
  Fd read_end(pipe_fds[0]);
  Fd write_end(pipe_fds[1]);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, write_end.get(), STDOUT_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  const int rc = ::posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return Status::Unsupported(argv[0] + " is not installed");
  write_end.Reset();
  std::string output;
  const auto deadline = std::chrono::steady_clock::now() + kToolTimeout;
  bool timed_out = false;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || output.size() > kMaxToolOutput) {
      timed_out = true;
      break;
    }
    pollfd p{read_end.get(), POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;
    char buf[65536];
    const ssize_t n = ::read(read_end.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    output.append(buf, static_cast<size_t>(n));
  }
  if (timed_out) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) return Status::IoError(argv[0] + " timed out or wrote too much");
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    // exec failure inside the child (127) also means: not usable here.
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127) return Status::Unsupported(argv[0] + " is not installed");
    return Status::Corruption(argv[0] + " could not read the document");
  }
  *out = std::move(output);
  return Status::Ok();
}

}  // namespace

Status ReadLegacyWord(std::string_view bytes, std::string* utf8_text) {
  TempCopy copy;
  Status s = copy.Write(bytes);
  if (!s.ok()) return s;
  Status last = Status::Unsupported("neither antiword nor catdoc is installed");
  const std::vector<std::vector<std::string>> tools = {
      {"antiword", "-m", "UTF-8.txt", "-w", "0", copy.path()},
      {"catdoc", "-d", "utf-8", "-w", copy.path()},
  };
  for (const auto& argv : tools) {
    std::string text;
    s = RunTool(argv, &text);
    if (s.ok() && !text.empty()) {
      *utf8_text = std::move(text);
      return Status::Ok();
    }
    if (!s.IsUnsupported()) last = s.ok() ? Status::Corruption(argv[0] + " found no text") : s;
  }
  return last;
}

}  // namespace govharvest::attachment_internal
