// The "column variants" mode of the portal simulator (govharvest-portal
// --columns): annual-report columns (政府信息公开工作年度报告 list pages,
// their pagination and their report pages) of real government CMSes,
// re-rendered from app/portal/columns/variants.json and the templates beside
// it. Each variant re-renders mechanisms documented in
// tests/fixtures/columns/SOURCES.md. See docs/portal.md ("Column variants").
#ifndef GOVHARVEST_APP_PORTAL_PORTAL_COLUMNS_H_
#define GOVHARVEST_APP_PORTAL_PORTAL_COLUMNS_H_

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/portal/portal_server.h"

namespace govharvest::portal {

// A column served inside another mode (the portal trees): variant `variant`
// of variants.json with `patch` merged into its spec (a JSON merge patch;
// "agency" may be an object {"agency","city","short"} instead of a pool
// index), named `id`, its URLs on `base` ("http://host", no trailing slash).
struct ColumnInstance {
  std::string id;
  std::string variant;
  nlohmann::json patch;
  std::string base;
};

class ColumnPortal {
 public:
  // Reads `root`/app/portal/columns/variants.json and its templates. The same
  // `seed` gives the same columns. Throws std::runtime_error on a bad spec.
  ColumnPortal(const std::string& root, uint64_t seed);
  // Serves `instances` instead of the variants themselves: instance i is
  // Handle(i, …), its manifest entry Manifest()["variants"][id]. Addresses(),
  // ReadyLine() and ConfigToml() are not meant for this form.
  ColumnPortal(const std::string& root, uint64_t seed, const std::vector<ColumnInstance>& instances);
  ~ColumnPortal();
  ColumnPortal(const ColumnPortal&) = delete;
  ColumnPortal& operator=(const ColumnPortal&) = delete;

  // Variant i listens on 127.0.0.(101+i).
  std::vector<std::string> Addresses() const;
  // Must be called once the port is known, before serving.
  void SetPort(int port);
  // Answers one request that came in on variant `variant`'s address, and
  // logs it (GET /__admin/requests lists every request served: host, path
  // with query, method, time in microseconds since start, status). Thread-safe.
  HttpResponse Handle(size_t variant, const HttpRequest& request);

  // Ground truth per variant: reports (URL, year, full title), decoys, list
  // pages (with POST bodies), expected counts; needs_rendering, and for the
  // script-built columns every request a browser makes (api_requests) and
  // how it shows each page (list_views).
  nlohmann::json Manifest() const;
  // {"port":P,"mode":"columns","sites":{"<id>":"http://127.0.0.X:P/",...},"manifest":"…/__manifest.json"}
  nlohmann::json ReadyLine() const;
  // A govharvest config (TOML): one [[site]] per variant, cms = "auto".
  std::string ConfigToml() const;

 private:
  ColumnPortal(const std::string& root, uint64_t seed, const std::vector<ColumnInstance>* instances);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace govharvest::portal

#endif  // GOVHARVEST_APP_PORTAL_PORTAL_COLUMNS_H_
