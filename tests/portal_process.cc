#include "tests/portal_process.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>

namespace govharvest::testing {

PortalProcess::PortalProcess(const std::vector<std::string>& extra_args) {
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) return;
  std::vector<std::string> argv = {GOVHARVEST_PORTAL_BIN, "--root", GOVHARVEST_SOURCE_DIR};
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  pid_ = ::fork();
  if (pid_ == 0) {
    ::dup2(out[1], STDOUT_FILENO);
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  ::close(out[1]);
  fd_ = out[0];
  std::string line;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (line.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 200) <= 0) continue;
    char buf[4096];
    const ssize_t n = ::read(fd_, buf, sizeof(buf));
    if (n <= 0) break;
    line.append(buf, static_cast<size_t>(n));
  }
  ready_ = nlohmann::json::parse(line.substr(0, line.find('\n')), nullptr, false);
}

PortalProcess::~PortalProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  if (fd_ >= 0) ::close(fd_);
}

namespace {

size_t Append(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

}  // namespace

HttpClient::HttpClient() : curl_(curl_easy_init()) {}
HttpClient::~HttpClient() { curl_easy_cleanup(static_cast<CURL*>(curl_)); }

Reply HttpClient::GetRetrying(const std::string& url, int attempts) {
  Reply r;
  for (int i = 0; i < attempts; ++i) {
    r = Get(url);
    if (r.status != 0 && r.status != 503) break;
  }
  return r;
}

nlohmann::json HttpClient::GetJson(const std::string& url) {
  Reply r = GetRetrying(url);
  if (r.status != 200) return nlohmann::json(nlohmann::json::value_t::discarded);
  return nlohmann::json::parse(r.body, nullptr, false);
}

Reply HttpClient::Do(const std::string& url, const std::string* form) {
  CURL* curl = static_cast<CURL*>(curl_);
  Reply r;
  curl_easy_reset(curl);
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Append);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &r.body);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 10000L);
  curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
  if (form) curl_easy_setopt(curl, CURLOPT_POSTFIELDS, form->c_str());
  if (curl_easy_perform(curl) != CURLE_OK) return Reply{};
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r.status);
  char* type = nullptr;
  curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &type);
  if (type) r.content_type = type;
  char* location = nullptr;
  curl_easy_getinfo(curl, CURLINFO_REDIRECT_URL, &location);
  if (location) r.location = location;
  curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &r.new_connections);
  return r;
}

}  // namespace govharvest::testing
