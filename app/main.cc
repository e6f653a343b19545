// govharvest: command-line entry point. Logs go to stderr, machine-readable
// output (JSON) to stdout. Exit codes (app/exit_codes.h): 0 success, 1
// failure or damage found, 2 usage or configuration error, 75 the archive is
// in use by another process.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "app/archive_commands.h"
#include "app/clean_commands.h"
#include "app/columns_command.h"
#include "app/crawl_commands.h"
#include "app/discover_command.h"
#include "app/exit_codes.h"
#include "app/export_commands.h"
#include "app/show_commands.h"
#include "config/config.h"

namespace govharvest {
namespace {

// The command line: the global options, every command's arguments, and the
// commands, which CLI11 marks as parsed. The pointers are owned by the CLI::App.
struct CommandLine {
  std::string config_path;
  std::string archive_flag;
  std::string log_level_flag;
  ImportArgs import_args;
  StatsArgs stats_args;
  GetArgs get_args;
  ListArgs list_args;
  VerifyArgs verify_args;
  ImportWarcArgs import_warc_args;
  CrawlArgs fetch_args;
  int64_t fetch_min_delay = -1;
  int fetch_per_host = 0;
  CrawlArgs crawl_args;
  int64_t crawl_min_delay = -1;
  int crawl_per_host = 0;
  CrawlArgs backfill_args;
  ColumnsArgs columns_args;
  DiscoverArgs discover_args;
  CleanArgs clean_args;
  ExtractArgs extract_args;
  ShowArgs show_args;
  ExportArgs export_args;
  std::string check_path;
  CLI::App* import = nullptr;
  CLI::App* stats = nullptr;
  CLI::App* get = nullptr;
  CLI::App* list = nullptr;
  CLI::App* verify = nullptr;
  CLI::App* repair = nullptr;
  CLI::App* import_warc = nullptr;
  CLI::App* fetch = nullptr;
  CLI::App* crawl = nullptr;
  CLI::App* backfill = nullptr;
  CLI::App* columns = nullptr;
  CLI::App* discover = nullptr;
  CLI::App* clean = nullptr;
  CLI::App* extract = nullptr;
  CLI::App* show = nullptr;
  CLI::App* export_cmd = nullptr;
  CLI::App* check = nullptr;
};

// The program, its global options and exit codes.
void AddGlobalOptions(CLI::App& app, CommandLine* command_line) {
  CommandLine& c = *command_line;
  app.require_subcommand(1);
  app.fallthrough();
  app.footer("Exit codes: 0 success; 1 failure (a site failed, damage found, a file unreadable); 2 usage or "
             "configuration error; 75 the archive is in use by another process, run again later "
             "(docs/reliability.md).");
  app.add_option("--archive", c.archive_flag,
                 "Archive directory (default: [harvest].archive from the config, else ./archive)");
  app.add_option("--config", c.config_path, "TOML config file (see docs/config.md)")
      ->check(CLI::ExistingFile);
  app.add_option("--log-level", c.log_level_flag, "trace, debug, info, warn, error or off (default: info)")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));
}

// archive import, stats, get, list, verify, repair, import-warc.
void AddArchiveCommands(CLI::App& app, CommandLine* command_line) {
  CommandLine& c = *command_line;
  CLI::App* archive = app.add_subcommand("archive", "Inspect and maintain the archive");
  archive->require_subcommand(1);

  c.import = archive->add_subcommand(
      "import", "Put saved files (HTML, PDF, DOC/DOCX, XLS, text) into the archive as captures; "
                "prints one capture record per line");
  c.import->add_option("files", c.import_args.files, "Files to import")->required();
  c.import->add_option("--url", c.import_args.url,
                       "URL the file was saved from (one file only; default file://<absolute path>)");
  c.import->add_option("--fetched-at", c.import_args.fetched_at,
                       "When it was fetched, e.g. 2021-03-01T10:00:00+08:00 (default: file mtime)");

  c.stats =
      archive->add_subcommand("stats", "Counts and bytes per keyspace, captures per outcome, dedup ratio");
  c.stats->add_flag("--json", c.stats_args.json, "Print JSON instead of a table");

  c.get = archive->add_subcommand(
      "get", "Print the capture record of a URL (latest) or of a payload digest as JSON, or its raw bytes");
  c.get->add_option("target", c.get_args.target, "URL, or payload digest sha256:<hex>")->required();
  c.get->add_flag("--raw", c.get_args.raw, "Write the payload bytes to stdout, byte for byte");
  c.get->add_flag("--all", c.get_args.all, "Every capture of the URL or digest, oldest first");

  c.list = archive->add_subcommand(
      "list", "Print capture records as JSON lines (URL order, oldest first per URL), optionally filtered");
  c.list->add_option("--job", c.list_args.job, "Only captures of this crawl job id");
  c.list->add_option("--site", c.list_args.site, "Only captures of this config site");
  c.list->add_option("--role", c.list_args.role, "Only captures with this role")
      ->check(CLI::IsMember({"list", "report", "attachment", "robots"}));
  c.list->add_option("--outcome", c.list_args.outcome,
                     "Only captures with this outcome (ok, not_modified, out_of_scope, robots_denied, "
                     "blocked_challenge, error:<kind>, or error: for every error)");

  c.verify = archive->add_subcommand(
      "verify", "Re-hash every blob and check every reference; exit 1 when damage is found");
  c.verify->add_flag("--json", c.verify_args.json, "Print the report as JSON");

  c.repair = archive->add_subcommand(
      "repair", "Rebuild a corrupt archive from what survives (LevelDB repair), then verify it");

  c.import_warc = archive->add_subcommand(
      "import-warc", "Read WARC files (.warc or .warc.gz, from govharvest, Heritrix, wget, Browsertrix) into the "
                     "archive as captures; revisits resolved, malformed and oversized records reported with their "
                     "offset and skipped; prints a JSON summary");
  c.import_warc->add_option("files", c.import_warc_args.files, "WARC files")->required();
  c.import_warc->add_option("--max-body-bytes", c.import_warc_args.max_body_bytes,
                            "Largest payload imported, decoded (default: [limits] max_body_bytes of the config, "
                            "50 MiB); larger records are reported and skipped")
      ->check(CLI::PositiveNumber);
}

// fetch, crawl, backfill, columns and discover.
void AddCrawlCommands(CLI::App& app, CommandLine* command_line) {
  CommandLine& c = *command_line;
  c.fetch = app.add_subcommand(
      "fetch", "Fetch URLs into the archive (robots.txt and politeness obeyed, no link following); "
               "prints each capture record as a JSON line");
  c.fetch->add_option("urls", c.fetch_args.urls, "http(s) URLs")->required();
  c.fetch->add_option("--min-delay", c.fetch_min_delay, "Minimum delay between requests to one host, ms");
  c.fetch->add_option("--per-host", c.fetch_per_host, "Requests in flight per host (default 1)")
      ->check(CLI::PositiveNumber);
  c.fetch->add_option("--scope", c.fetch_args.scope, "Where redirects may go: host or domain (default host)")
      ->check(CLI::IsMember({"host", "domain"}));
  c.fetch->add_option("--summary-json", c.fetch_args.summary_json, "Also write the per-host summary to FILE");

  c.crawl = app.add_subcommand(
      "crawl",
      "Scheduled harvest of the annual-report columns of the config's sites (incremental: list pages are "
      "revisited, reports fetched when new), or with --start an ad-hoc breadth-first crawl. Killed or "
      "interrupted, the same command resumes the job. Exit 0 all sites ok, 1 some failed, 2 usage/config");
  c.crawl->add_option("--start", c.crawl_args.urls, "Ad-hoc crawl from this URL (repeatable) instead of the sites");
  c.crawl->add_option("--site", c.crawl_args.sites, "Site name from the config (repeatable; default all)");
  c.crawl->add_option("--years", c.crawl_args.years, "Report years wanted: 2019-2023 or 2021 (default all)");
  c.crawl->add_option("--scope", c.crawl_args.scope, "host (default) or domain (registrable domain)")
      ->check(CLI::IsMember({"host", "domain"}));
  c.crawl->add_option("--max-pages", c.crawl_args.max_pages, "Stop after N pages (0 = no limit)")
      ->check(CLI::NonNegativeNumber);
  c.crawl->add_option("--min-delay", c.crawl_min_delay, "Minimum delay between requests to one host, ms");
  c.crawl->add_option("--per-host", c.crawl_per_host, "Requests in flight per host (default 1)")
      ->check(CLI::PositiveNumber);
  c.crawl->add_option("--summary-json", c.crawl_args.summary_json, "Also write the per-host summary to FILE");

  c.backfill = app.add_subcommand(
      "backfill",
      "One-off harvest of historical years: walks each column's pagination until list dates fall before the "
      "first year asked for (no incremental stop). Resumes after kill -9 like crawl");
  c.backfill->add_option("--years", c.backfill_args.years, "Report years wanted: 2008-2018 or 2015")->required();
  c.backfill->add_option("--site", c.backfill_args.sites, "Site name from the config (repeatable; default all)");
  c.backfill->add_option("--max-pages", c.backfill_args.max_pages, "Stop after N pages (0 = no limit)")
      ->check(CLI::NonNegativeNumber);
  c.backfill->add_option("--summary-json", c.backfill_args.summary_json, "Also write the per-site summary to FILE");

  c.columns = app.add_subcommand(
      "columns",
      "Show what the column walker sees on one column page: each item with its classification and why, "
      "sub-columns, script APIs, the pager's evidence and the next requests (URL: fetched once, robots.txt "
      "obeyed, nothing archived). Exit 0 when the page lists a report, 1 when it lists none or is no list");
  c.columns->add_option("target", c.columns_args.target, "Column page: http(s) URL or saved file")->required();
  c.columns->add_option("--site", c.columns_args.site, "Apply this config site's cms and hints");
  c.columns->add_option("--url", c.columns_args.url, "The saved file's URL (its links resolve against it)");
  c.columns->add_option("--years", c.columns_args.years, "Report years wanted: 2019-2024 or 2023");
  c.columns->add_flag("--json", c.columns_args.json, "Print JSON");
  c.columns->add_flag("--render", c.columns_args.render,
                      "Also render the page in headless Chromium (every request of the browser through robots.txt, "
                      "the page's registrable domain and the per-host delay; nothing archived), click its pager, and "
                      "read every rendered state (docs/rendering.md)");

  c.discover = app.add_subcommand(
      "discover",
      "From portal home pages to every body's annual-report column: walks politely (robots.txt, per-host "
      "delay, every page archived) within the start URLs' registrable domains to the disclosure platform, "
      "the directories of departments and townships and each body's own 年报 column, confirmed by the report "
      "titles on its list (a list built by scripts is rendered in headless Chromium). Writes FILE as a config (one [[site]] per body, the evidence in comments); an "
      "existing FILE is updated (pinned sites kept as they are, vanished ones commented out). Prints a "
      "one-line JSON summary. Exit 0 when a column was found, 1 when none (or when a walk cut short left an existing "
      "FILE as it was), 2 usage (docs/discovery.md)");
  c.discover->add_option("urls", c.discover_args.urls, "Portal home pages, http(s) URLs")->required();
  c.discover->add_option("--out", c.discover_args.out, "Config file to write or update")->required();
  c.discover->add_option("--max-pages", c.discover_args.max_pages, "Stop after N pages (0 = no limit)")
      ->check(CLI::NonNegativeNumber);
  c.discover->add_option("--scope", c.discover_args.scope,
                         "domain (default: the start URLs' registrable domains, so a platform on another host "
                         "of the domain is in) or host (the start URLs' hosts only)")
      ->check(CLI::IsMember({"host", "domain"}));
  c.discover->add_option("--min-delay", c.discover_args.min_delay_ms,
                         "Minimum delay between requests to one host, ms (default: the config's)")
      ->check(CLI::NonNegativeNumber);
  c.discover->add_option("--report-json", c.discover_args.report_json,
                         "Also write the full report to FILE: every body with its evidence, bodies without a "
                         "column, rejected candidates, failed pages, other government sites linked");
}

// clean, extract and show.
void AddDocumentCommands(CLI::App& app, CommandLine* command_line) {
  CommandLine& c = *command_line;
  c.clean = app.add_subcommand(
      "clean", "Print the cleaned page (chrome and spam removed, metadata, tables) of a saved FILE, of the "
               "latest archived capture of a URL, or of an archived payload sha256:<hex>");
  c.clean->add_option("target", c.clean_args.target, "FILE, URL or payload digest sha256:<hex>")->required();
  c.clean->add_option("--format", c.clean_args.format, "text (default), json (the CleanPage) or html (readable page)")
      ->check(CLI::IsMember({"text", "json", "html"}));
  c.clean->add_option("--url", c.clean_args.url, "For a FILE: the URL it was saved from (default file://<path>)");

  c.extract = app.add_subcommand(
      "extract", "Clean every archived page capture not yet cleaned (or all) into the doc keyspace: one "
                 "document per distinct clean text, listing all its captures, with a report record for each "
                 "report; mirror copies merged into their originals, cross-year checks stored; prints a JSON "
                 "summary (--log-level debug: time per phase). Exit 1 when a page could not be read (damaged "
                 "blob, reader error, over a limit: recorded and skipped by later runs unless --all)");
  c.extract->add_flag("--all", c.extract_args.all, "Re-clean pages that were already cleaned");
  c.extract->add_option("--jobs", c.extract_args.jobs, "Worker threads (default: one per core)")
      ->check(CLI::PositiveNumber);

  c.show = app.add_subcommand(
      "show", "Print the report record of a document (tables laid out as in the report, failed identities "
              "marked, evidence for inferred fields) by document digest, payload digest or URL");
  c.show->add_option("target", c.show_args.target, "DIGEST (document or payload, sha256:<hex>) or URL")->required();
  c.show->add_flag("--json", c.show_args.json, "Print the stored record as JSON");
}

// export.
void AddExportCommand(CLI::App& app, CommandLine* command_line) {
  CommandLine& c = *command_line;
  c.export_cmd = app.add_subcommand(
      "export", "Write a reproducible snapshot into DIR (built beside it, renamed at the end): reports.jsonl, "
                "stats_long.csv, stats_wide.csv, govharvest.sqlite, summary.html, texts/ (with --texts), WARC/1.1 "
                "files and a CDXJ index under DIR/warc/; manifest.json with every file's SHA-256 (docs/export.md)");
  c.export_cmd->add_option("--out", c.export_args.out, "Snapshot directory")->required();
  c.export_cmd->add_option("--format", c.export_args.formats,
                           "Format to write: jsonl, csv, sqlite, texts, summary, warc (repeatable; default: all but "
                           "texts)");
  c.export_cmd->add_option("--years", c.export_args.years,
                           "Only reports of these years (A-B or A); the WARC keeps their captures and attachments");
  c.export_cmd->add_flag("--texts", c.export_args.texts, "Also write texts/: the clean text of each report");
  c.export_cmd->add_flag("--excel", c.export_args.excel, "Start the CSVs with a UTF-8 BOM (for Excel)");
  c.export_cmd->add_option("--site", c.export_args.sites, "Only captures of this config site (repeatable)");
  c.export_cmd->add_option("--job", c.export_args.job, "Only captures of this crawl job id");
  c.export_cmd->add_option("--since", c.export_args.since, "Only captures fetched at or after this time");
  c.export_cmd->add_flag("--force", c.export_args.force, "Replace DIR when it exists and is not empty");
  c.export_cmd->add_option("--warc-file-size", c.export_args.warc_file_bytes,
                           "Start a new WARC file past this many bytes (default 1 GiB)")
      ->check(CLI::PositiveNumber);
}

// config check.
void AddConfigCommands(CLI::App& app, CommandLine* command_line) {
  CommandLine& c = *command_line;
  CLI::App* config = app.add_subcommand("config", "Check configuration files");
  config->require_subcommand(1);
  c.check = config->add_subcommand(
      "check", "Validate a config file and print every effective setting as JSON");
  c.check->add_option("file", c.check_path, "Config file (default: --config)");
}

// Loads the config (the file of `config check`, else --config) into `cfg` and
// sets up the global options from it and the flags; 0, or the exit code of a
// usage error.
int SetUpGlobals(CommandLine& c, Config* cfg, GlobalOptions* global) {
  *cfg = DefaultConfig();
  if (c.check->parsed()) {
    if (c.check_path.empty()) c.check_path = c.config_path;
    if (c.check_path.empty()) {
      std::fprintf(stderr, "govharvest: error: config check needs a FILE or --config FILE\n");
      return kExitUsage;
    }
    c.config_path = c.check_path;
  }
  if (!c.config_path.empty()) {
    Status s = LoadConfig(c.config_path, cfg);
    if (!s.ok()) {
      std::fprintf(stderr, "govharvest: error: %s\n", s.message().c_str());
      return kExitUsage;
    }
  }
  global->archive_dir = c.archive_flag.empty() ? cfg->archive_dir : c.archive_flag;
  const std::string level = c.log_level_flag.empty() ? cfg->log_level : c.log_level_flag;

  auto logger = spdlog::stderr_color_mt("govharvest");
  logger->set_level(spdlog::level::from_str(level));
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  global->logger = logger;
  global->config = cfg;
  return 0;
}

// Runs the command parsed.
int Dispatch(const CommandLine& c, const Config& cfg, const GlobalOptions& global) {
  if (c.check->parsed()) {
    std::cout << cfg.ToJson() << "\n";
    return 0;
  }
  if (c.import->parsed()) return RunImport(global, c.import_args);
  if (c.import_warc->parsed()) return RunImportWarc(global, c.import_warc_args);
  if (c.export_cmd->parsed()) return RunExport(global, c.export_args);
  if (c.clean->parsed()) return RunClean(global, c.clean_args);
  if (c.extract->parsed()) return RunExtract(global, c.extract_args);
  if (c.show->parsed()) return RunShow(global, c.show_args);
  if (c.stats->parsed()) return RunStats(global, c.stats_args);
  if (c.get->parsed()) return RunGet(global, c.get_args);
  if (c.list->parsed()) return RunList(global, c.list_args);
  if (c.verify->parsed()) return RunVerify(global, c.verify_args);
  if (c.repair->parsed()) return RunRepair(global);
  if (c.fetch->parsed() || c.crawl->parsed()) {
    CrawlArgs args = c.fetch->parsed() ? c.fetch_args : c.crawl_args;
    const int64_t min_delay = c.fetch->parsed() ? c.fetch_min_delay : c.crawl_min_delay;
    const int per_host = c.fetch->parsed() ? c.fetch_per_host : c.crawl_per_host;
    if (min_delay >= 0) args.min_delay_ms = min_delay;
    if (per_host > 0) args.per_host = per_host;
    if (c.fetch->parsed()) return RunFetch(global, args);
    return args.urls.empty() ? RunColumnCrawl(global, args, /*backfill=*/false) : RunAdHocCrawl(global, args);
  }
  if (c.backfill->parsed()) return RunColumnCrawl(global, c.backfill_args, /*backfill=*/true);
  if (c.columns->parsed()) return RunColumns(global, c.columns_args);
  if (c.discover->parsed()) return RunDiscover(global, c.discover_args);
  std::fprintf(stderr, "govharvest: error: no command given; see govharvest --help\n");
  return kExitUsage;
}

int Run(int argc, char** argv) {
  CLI::App app{
      "govharvest: harvest, archive and extract Chinese government open-information annual "
      "reports (政府信息公开工作年度报告).",
      "govharvest"};
  app.set_version_flag("--version", std::string("govharvest ") + GOVHARVEST_VERSION);
  CommandLine command_line;
  AddGlobalOptions(app, &command_line);
  AddArchiveCommands(app, &command_line);
  AddCrawlCommands(app, &command_line);
  AddDocumentCommands(app, &command_line);
  AddExportCommand(app, &command_line);
  AddConfigCommands(app, &command_line);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version exit 0; every usage error exits 2.
    return app.exit(e) == 0 ? 0 : kExitUsage;
  }

  // Config first: it supplies defaults for the global options.
  Config cfg;
  GlobalOptions global;
  if (const int usage = SetUpGlobals(command_line, &cfg, &global); usage != 0) return usage;
  return Dispatch(command_line, cfg, global);
}

}  // namespace
}  // namespace govharvest

int main(int argc, char** argv) { return govharvest::Run(argc, argv); }
