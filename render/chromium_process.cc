// Headless Chromium as a child process: its own process group, a temporary
// profile, the DevTools endpoint read from the profile's DevToolsActivePort.

#include "render/chromium_process.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

namespace govharvest {

namespace fs = std::filesystem;

std::string FindChromium(const std::string& configured) {
  auto executable = [](const std::string& path) { return ::access(path.c_str(), X_OK) == 0; };
  if (!configured.empty()) {
    if (configured.find('/') != std::string::npos) return executable(configured) ? configured : "";
  }
  const char* path_env = std::getenv("PATH");
  const std::string path = path_env != nullptr ? path_env : "/usr/bin:/bin";
  std::vector<std::string> names;
  if (!configured.empty()) {
    names = {configured};
  } else {
    names = {"chromium", "chromium-browser"};
  }
  for (const std::string& name : names) {
    size_t from = 0;
    while (from <= path.size()) {
      const size_t colon = path.find(':', from);
      const std::string dir = path.substr(from, colon == std::string::npos ? std::string::npos : colon - from);
      if (!dir.empty() && executable(dir + "/" + name)) return dir + "/" + name;
      if (colon == std::string::npos) break;
      from = colon + 1;
    }
  }
  return "";
}

ChromiumProcess::ChromiumProcess(ChromiumOptions options) : options_(std::move(options)) {}

ChromiumProcess::~ChromiumProcess() { Stop(); }

bool ChromiumProcess::Running() {
  if (pid_ <= 0) return false;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) == pid_) {
    ::kill(-pid_, SIGKILL);  // its renderers, if any outlived it
    pid_ = -1;
    return false;
  }
  return true;
}

Status ChromiumProcess::Start() {
  if (Running()) return Status::Ok();
  Stop();
  executable_ = FindChromium(options_.executable);
  if (executable_.empty()) {
    return Status::NotFound(options_.executable.empty()
                                ? std::string("Chromium is not installed (looked for chromium and chromium-browser on PATH; "
                                              ".ci/bootstrap.sh installs Debian's chromium)")
                                : "Chromium '" + options_.executable + "' is not an executable program");
  }
  char dir_template[] = "/tmp/govharvest-chromium.XXXXXX";
  if (::mkdtemp(dir_template) == nullptr) return Status::IoError("cannot make a temporary Chromium profile");
  profile_dir_ = dir_template;
  const std::string log = profile_dir_ + "/chromium.log";
  std::vector<std::string> args = {
      executable_,
      "--headless=new",
      "--no-sandbox",  // as root (CI) the sandbox refuses to start
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--no-first-run",
      "--no-default-browser-check",
      "--disable-extensions",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-default-apps",
      "--metrics-recording-only",
      "--mute-audio",
      "--no-proxy-server",
      "--remote-debugging-address=127.0.0.1",
      "--remote-debugging-port=0",
      "--renderer-process-limit=" + std::to_string(options_.renderer_process_limit),
      "--js-flags=--max-old-space-size=" + std::to_string(options_.js_heap_mb),
      "--user-data-dir=" + profile_dir_,
      "about:blank"};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) return Status::IoError(std::string("cannot start Chromium: ") + std::strerror(errno));
  if (pid == 0) {
    ::setpgid(0, 0);  // its own group: Stop() kills the renderers with it
    // Killed with the crawl even when the crawl is killed (kill -9): the
    // browser gets SIGKILL when the thread that started it ends.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    const int in = ::open("/dev/null", O_RDONLY);
    const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (in >= 0) ::dup2(in, 0);
    if (out >= 0) {
      ::dup2(out, 1);
      ::dup2(out, 2);
    }
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  pid_ = pid;
  ::setpgid(pid_, pid_);
  // The browser writes its port and path to DevToolsActivePort when it listens.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.startup_timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    std::ifstream in(profile_dir_ + "/DevToolsActivePort");
    std::string port, path;
    if (in && std::getline(in, port) && std::getline(in, path) && !port.empty() && !path.empty()) {
      ws_url_ = "ws://127.0.0.1:" + port + path;
      return Status::Ok();
    }
    if (!Running()) {
      return Status::IoError("Chromium (" + executable_ + ") exited while starting; its log: " + log);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  Stop();
  return Status::IoError("Chromium (" + executable_ + ") did not open its DevTools port within " +
                         std::to_string(options_.startup_timeout_ms) + " ms");
}

void ChromiumProcess::Stop() {
  if (pid_ > 0) {
    ::kill(-pid_, SIGTERM);
    ::kill(pid_, SIGTERM);
    int status = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    bool reaped = false;
    while (std::chrono::steady_clock::now() < deadline) {
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        reaped = true;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ::kill(-pid_, SIGKILL);
    if (!reaped) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
    }
    pid_ = -1;
  }
  ws_url_.clear();
  if (!profile_dir_.empty()) {
    std::error_code ignored;
    fs::remove_all(profile_dir_, ignored);
    profile_dir_.clear();
  }
}

}  // namespace govharvest
