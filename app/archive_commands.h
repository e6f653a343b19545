// The `govharvest archive ...` commands. Each returns the process exit code.
#ifndef GOVHARVEST_APP_ARCHIVE_COMMANDS_H_
#define GOVHARVEST_APP_ARCHIVE_COMMANDS_H_

#include <spdlog/logger.h>

#include <memory>
#include <string>
#include <vector>

#include "config/config.h"

namespace govharvest {

struct GlobalOptions {
  std::string archive_dir;
  const Config* config = nullptr;
  std::shared_ptr<spdlog::logger> logger;
};

struct ImportArgs {
  std::vector<std::string> files;
  std::string url;
  std::string fetched_at;
};

struct StatsArgs {
  bool json = false;
};

struct GetArgs {
  std::string target;
  bool raw = false;
  bool all = false;
};

// Filters of `archive list`; an empty filter matches everything.
struct ListArgs {
  std::string job;
  std::string site;
  std::string role;
  std::string outcome;  // exact, or a prefix ending in ':' ("error:")
};

struct VerifyArgs {
  bool json = false;
};

int RunImport(const GlobalOptions& global, const ImportArgs& args);
int RunStats(const GlobalOptions& global, const StatsArgs& args);
int RunGet(const GlobalOptions& global, const GetArgs& args);
int RunList(const GlobalOptions& global, const ListArgs& args);
int RunVerify(const GlobalOptions& global, const VerifyArgs& args);
int RunRepair(const GlobalOptions& global);

}  // namespace govharvest

#endif  // GOVHARVEST_APP_ARCHIVE_COMMANDS_H_
