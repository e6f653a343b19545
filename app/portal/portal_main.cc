// govharvest-portal: serves a simulated multi-site government portal on
// loopback (127.0.0.11, .12, ... on one port) for tests and the demo.
// See docs/portal.md.
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>

#include "app/portal/portal_columns.h"
#include "app/portal/portal_server.h"
#include "app/portal/portal_sites.h"
#include "app/portal/portal_trees.h"

#ifndef GOVHARVEST_SOURCE_DIR
#define GOVHARVEST_SOURCE_DIR "."
#endif

namespace {

constexpr const char* kUsage =
    "usage: govharvest-portal [--columns | --trees] [--port N] [--root DIR] [--config-out FILE] [--manifest-out FILE] [--seed N]\n"
    "\n"
    "Serves six simulated government portals (TRS, Hanweb, gkmlpt, generic GBK, JS-shell column,\n"
    "spam mirror), site i on http://127.0.0.(11+i):PORT/. When ready, prints one JSON line\n"
    "{\"port\":P,\"sites\":{...},\"manifest\":\"http://127.0.0.11:P/__manifest.json\"} and serves\n"
    "until SIGINT or SIGTERM.\n"
    "\n"
    "  --columns           serve the annual-report column variants of app/portal/columns/variants.json\n"
    "                      instead of the six sites: variant i on http://127.0.0.(101+i):PORT/\n"
    "  --trees             serve the portal trees of app/portal/trees/trees.json instead: named hosts\n"
    "                      (www.simhd.gov.cn, ...) on http://127.0.0.200:PORT/, told apart by the Host of\n"
    "                      each request; use http://127.0.0.200:PORT as the client's HTTP proxy\n"
    "  --port N            port for every site (default 0: a free port)\n"
    "  --root DIR          repository root holding app/portal/site and tests/fixtures\n"
    "                      (default " GOVHARVEST_SOURCE_DIR ")\n"
    "  --config-out FILE   write a govharvest config (TOML) for the sites\n"
    "  --manifest-out FILE write the manifest (JSON) of every report\n"
    "  --seed N            seed of dates, ids and injected failures (default 1)\n";

bool WriteText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  return static_cast<bool>(out);
}

bool ParseNumber(const char* text, long long lo, long long hi, long long* value) {
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || v < lo || v > hi) return false;
  *value = v;
  return true;
}

// Serves `portal` (Portal or ColumnPortal) until SIGINT or SIGTERM.
template <typename P>
int Serve(P& portal, long long port, const std::string& config_out, const std::string& manifest_out) {
  govharvest::portal::PortalServer server(
      portal.Addresses(), static_cast<int>(port),
      [&portal](size_t site, const govharvest::portal::HttpRequest& request) { return portal.Handle(site, request); });
  portal.SetPort(server.port());
  if (!config_out.empty() && !WriteText(config_out, portal.ConfigToml())) {
    std::cerr << "govharvest-portal: cannot write " << config_out << ": " << std::strerror(errno) << "\n";
    return 1;
  }
  if (!manifest_out.empty() && !WriteText(manifest_out, portal.Manifest().dump(1) + "\n")) {
    std::cerr << "govharvest-portal: cannot write " << manifest_out << ": " << std::strerror(errno) << "\n";
    return 1;
  }
  std::cout << portal.ReadyLine().dump() << std::endl;
  server.Run(2);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  long long port = 0, seed = 1;
  bool columns = false, trees = false;
  std::string root = GOVHARVEST_SOURCE_DIR, config_out, manifest_out;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      return 0;
    }
    if (arg == "--columns") {
      columns = true;
      continue;
    }
    if (arg == "--trees") {
      trees = true;
      continue;
    }
    if (i + 1 >= argc) {
      std::cerr << "govharvest-portal: " << arg << ": " << (arg.rfind("--", 0) == 0 ? "missing value" : "unknown argument")
                << "\n" << kUsage;
      return 2;
    }
    const char* value = argv[++i];
    bool ok = true;
    if (arg == "--port") {
      ok = ParseNumber(value, 0, 65535, &port);
    } else if (arg == "--seed") {
      ok = ParseNumber(value, 0, (1LL << 62), &seed);
    } else if (arg == "--root") {
      root = value;
    } else if (arg == "--config-out") {
      config_out = value;
    } else if (arg == "--manifest-out") {
      manifest_out = value;
    } else {
      std::cerr << "govharvest-portal: unknown option " << arg << "\n" << kUsage;
      return 2;
    }
    if (!ok) {
      std::cerr << "govharvest-portal: " << arg << ": bad value '" << value << "'\n";
      return 2;
    }
  }
  if (columns && trees) {
    std::cerr << "govharvest-portal: --columns and --trees exclude each other\n" << kUsage;
    return 2;
  }
  try {
    if (trees) {
      govharvest::portal::TreePortal portal(root, static_cast<uint64_t>(seed));
      return Serve(portal, port, config_out, manifest_out);
    }
    if (columns) {
      govharvest::portal::ColumnPortal portal(root, static_cast<uint64_t>(seed));
      return Serve(portal, port, config_out, manifest_out);
    }
    govharvest::portal::Portal portal(root, static_cast<uint64_t>(seed));
    return Serve(portal, port, config_out, manifest_out);
  } catch (const std::exception& e) {
    std::cerr << "govharvest-portal: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
