// The simulated portal: six government sites (TRS WCM, Hanweb jcms,
// Guangdong gkmlpt, a generic GBK site, a JS-shell column and a spam mirror)
// built from app/portal/site/sites.json, the templates beside it and the
// report texts under tests/fixtures. See docs/portal.md.
#ifndef GOVHARVEST_APP_PORTAL_PORTAL_SITES_H_
#define GOVHARVEST_APP_PORTAL_PORTAL_SITES_H_

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/portal/portal_server.h"

namespace govharvest::portal {

class Portal {
 public:
  // Reads `root`/app/portal/site/sites.json and everything it names (paths are
  // relative to `root`). The same `seed` gives the same sites, dates, ids and
  // the same sequence of injected failures. Throws std::runtime_error.
  Portal(const std::string& root, uint64_t seed);
  ~Portal();
  Portal(const Portal&) = delete;
  Portal& operator=(const Portal&) = delete;

  // The loopback address of each site, in site order: 127.0.0.11, .12, ...
  std::vector<std::string> Addresses() const;
  // Must be called once the port is known, before serving.
  void SetPort(int port);

  // Answers one request that came in on site `site`'s address. Thread-safe.
  HttpResponse Handle(size_t site, const HttpRequest& request);

  // Ground truth: every report, non-report and special URL of every site.
  nlohmann::json Manifest() const;
  // {"port":P,"sites":{"<name>":"http://127.0.0.X:P/",...},"manifest":"…/__manifest.json"}
  nlohmann::json ReadyLine() const;
  // A govharvest config (TOML) with one [[site]] per site.
  std::string ConfigToml() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace govharvest::portal

#endif  // GOVHARVEST_APP_PORTAL_PORTAL_SITES_H_
