// The "portal trees" mode of the portal simulator (govharvest-portal
// --trees): whole government portals (home pages, a disclosure platform on a
// second host, department and township directories, body pages, each body's
// annual-report column, and look-alikes) under invented *.gov.cn host names,
// all served on one loopback address and told apart by the Host of each
// request. Clients reach them by using the simulator as their HTTP proxy
// (govharvest's `[harvest] proxy`): libcurl then sends absolute-form requests
// to the proxy and resolves no host name, so nothing leaves 127.0.0.0/8.
// Hosts that no tree serves answer 502.
//
// Trees are data (app/portal/trees/trees.json and templates beside it); each
// body's column is a column variant of app/portal/columns/variants.json served
// by a ColumnPortal. See docs/portal.md ("Portal trees") and
// docs/discovery-evidence.md ("Simulator trees") for the real structures.
#ifndef GOVHARVEST_APP_PORTAL_PORTAL_TREES_H_
#define GOVHARVEST_APP_PORTAL_PORTAL_TREES_H_

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/portal/portal_server.h"

namespace govharvest::portal {

class TreePortal {
 public:
  // Reads `root`/app/portal/trees/trees.json, its templates and the column
  // variants. The same `seed` gives the same trees. Throws std::runtime_error
  // on a bad spec (and when any page fails to render).
  TreePortal(const std::string& root, uint64_t seed);
  ~TreePortal();
  TreePortal(const TreePortal&) = delete;
  TreePortal& operator=(const TreePortal&) = delete;

  // One address: 127.0.0.200.
  std::vector<std::string> Addresses() const;
  // Must be called once the port is known, before serving.
  void SetPort(int port);
  // Answers one request. Thread-safe.
  HttpResponse Handle(size_t listener, const HttpRequest& request);

  // Ground truth per tree: bodies (agency, level, parent, division_code,
  // entries, hosts, has_column, the column's reports), decoys, chrome links,
  // out-of-scope links, dead links.
  nlohmann::json Manifest() const;
  // {"port":P,"mode":"trees","proxy":"http://127.0.0.200:P","trees":{"<id>":"http://www.sim….gov.cn/",…},
  //  "manifest":"http://127.0.0.200:P/__manifest.json"}
  nlohmann::json ReadyLine() const;
  // A govharvest config (TOML) of the ground truth: the proxy, and one
  // [[site]] per body with a column.
  std::string ConfigToml() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace govharvest::portal

#endif  // GOVHARVEST_APP_PORTAL_PORTAL_TREES_H_
