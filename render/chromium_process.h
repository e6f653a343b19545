// Headless Chromium as a managed child process (issue 17): started when
// first needed, asked whether it still runs, restarted by the caller after a
// crash, and killed, with every process it started, when the object goes.
//
// Invariants: while Running(), WebSocketUrl() is the browser's DevTools
// endpoint on 127.0.0.1; the browser has its own temporary profile, removed
// on Stop(); it never reaches the network by itself in govharvest's use,
// since every request is intercepted (page_renderer.h), but it is also
// started with no proxy of its own and its background services off.
#ifndef GOVHARVEST_RENDER_CHROMIUM_PROCESS_H_
#define GOVHARVEST_RENDER_CHROMIUM_PROCESS_H_

#include <sys/types.h>

#include <string>

#include "store/status.h"

namespace govharvest {

struct ChromiumOptions {
  // The program: "" finds `chromium`, then `chromium-browser`, on PATH.
  std::string executable;
  int startup_timeout_ms = 20000;
  // V8 heap limit per renderer (MB) and renderer processes: the resource
  // limits of one browser (docs/rendering.md).
  int js_heap_mb = 256;
  int renderer_process_limit = 2;
};

class ChromiumProcess {
 public:
  explicit ChromiumProcess(ChromiumOptions options);
  ~ChromiumProcess();  // Stop()
  ChromiumProcess(const ChromiumProcess&) = delete;
  ChromiumProcess& operator=(const ChromiumProcess&) = delete;

  // Starts the browser unless it runs. NotFound naming the programs looked
  // for when Chromium is not installed; IoError when it does not come up.
  Status Start();
  // True while the browser process is alive (a crashed one is reaped).
  bool Running();
  // SIGTERM to the browser's process group, SIGKILL after 2 s; the profile is removed.
  void Stop();

  const std::string& WebSocketUrl() const { return ws_url_; }
  pid_t pid() const { return pid_; }
  // The executable that runs, for messages.
  const std::string& executable() const { return executable_; }

 private:
  ChromiumOptions options_;
  std::string executable_;
  std::string profile_dir_;
  std::string ws_url_;
  pid_t pid_ = -1;
};

// The Chromium executable found as ChromiumOptions::executable says, or "".
std::string FindChromium(const std::string& configured);

}  // namespace govharvest

#endif  // GOVHARVEST_RENDER_CHROMIUM_PROCESS_H_
