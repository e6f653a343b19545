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
#include "app/crawl_commands.h"
#include "app/exit_codes.h"
#include "app/export_commands.h"
#include "app/show_commands.h"
#include "config/config.h"

namespace govharvest {
namespace {

int Run(int argc, char** argv) {
  GlobalOptions global;
  std::string config_path;
  std::string archive_flag;
  std::string log_level_flag;

  CLI::App app{
      "govharvest: harvest, archive and extract Chinese government open-information annual "
      "reports (政府信息公开工作年度报告).",
      "govharvest"};
  app.set_version_flag("--version", std::string("govharvest ") + GOVHARVEST_VERSION);
  app.require_subcommand(1);
  app.fallthrough();
  app.footer("Exit codes: 0 success; 1 failure (a site failed, damage found, a file unreadable); 2 usage or "
             "configuration error; 75 the archive is in use by another process, run again later "
             "(docs/reliability.md).");
  app.add_option("--archive", archive_flag,
                 "Archive directory (default: [harvest].archive from the config, else ./archive)");
  app.add_option("--config", config_path, "TOML config file (see docs/config.md)")
      ->check(CLI::ExistingFile);
  app.add_option("--log-level", log_level_flag, "trace, debug, info, warn, error or off (default: info)")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));

  // archive ...
  CLI::App* archive = app.add_subcommand("archive", "Inspect and maintain the archive");
  archive->require_subcommand(1);

  ImportArgs import_args;
  CLI::App* import = archive->add_subcommand(
      "import", "Put saved files (HTML, PDF, DOC/DOCX, XLS, text) into the archive as captures; "
                "prints one capture record per line");
  import->add_option("files", import_args.files, "Files to import")->required();
  import->add_option("--url", import_args.url,
                     "URL the file was saved from (one file only; default file://<absolute path>)");
  import->add_option("--fetched-at", import_args.fetched_at,
                     "When it was fetched, e.g. 2021-03-01T10:00:00+08:00 (default: file mtime)");

  StatsArgs stats_args;
  CLI::App* stats =
      archive->add_subcommand("stats", "Counts and bytes per keyspace, captures per outcome, dedup ratio");
  stats->add_flag("--json", stats_args.json, "Print JSON instead of a table");

  GetArgs get_args;
  CLI::App* get = archive->add_subcommand(
      "get", "Print the capture record of a URL (latest) or of a payload digest as JSON, or its raw bytes");
  get->add_option("target", get_args.target, "URL, or payload digest sha256:<hex>")->required();
  get->add_flag("--raw", get_args.raw, "Write the payload bytes to stdout, byte for byte");
  get->add_flag("--all", get_args.all, "Every capture of the URL or digest, oldest first");

  ListArgs list_args;
  CLI::App* list = archive->add_subcommand(
      "list", "Print capture records as JSON lines (URL order, oldest first per URL), optionally filtered");
  list->add_option("--job", list_args.job, "Only captures of this crawl job id");
  list->add_option("--site", list_args.site, "Only captures of this config site");
  list->add_option("--role", list_args.role, "Only captures with this role")
      ->check(CLI::IsMember({"list", "report", "attachment", "robots"}));
  list->add_option("--outcome", list_args.outcome,
                   "Only captures with this outcome (ok, not_modified, out_of_scope, robots_denied, "
                   "blocked_challenge, error:<kind>, or error: for every error)");

  VerifyArgs verify_args;
  CLI::App* verify = archive->add_subcommand(
      "verify", "Re-hash every blob and check every reference; exit 1 when damage is found");
  verify->add_flag("--json", verify_args.json, "Print the report as JSON");

  CLI::App* repair = archive->add_subcommand(
      "repair", "Rebuild a corrupt archive from what survives (LevelDB repair), then verify it");

  ImportWarcArgs import_warc_args;
  CLI::App* import_warc = archive->add_subcommand(
      "import-warc", "Read WARC files (.warc or .warc.gz, from govharvest, Heritrix, wget, Browsertrix) into the "
                     "archive as captures; revisits resolved, malformed and oversized records reported with their "
                     "offset and skipped; prints a JSON summary");
  import_warc->add_option("files", import_warc_args.files, "WARC files")->required();
  import_warc->add_option("--max-body-bytes", import_warc_args.max_body_bytes,
                          "Largest payload imported, decoded (default: [limits] max_body_bytes of the config, "
                          "50 MiB); larger records are reported and skipped")
      ->check(CLI::PositiveNumber);

  // fetch / crawl
  CrawlArgs fetch_args;
  int64_t fetch_min_delay = -1;
  int fetch_per_host = 0;
  CLI::App* fetch = app.add_subcommand(
      "fetch", "Fetch URLs into the archive (robots.txt and politeness obeyed, no link following); "
               "prints each capture record as a JSON line");
  fetch->add_option("urls", fetch_args.urls, "http(s) URLs")->required();
  fetch->add_option("--min-delay", fetch_min_delay, "Minimum delay between requests to one host, ms");
  fetch->add_option("--per-host", fetch_per_host, "Requests in flight per host (default 1)")
      ->check(CLI::PositiveNumber);
  fetch->add_option("--scope", fetch_args.scope, "Where redirects may go: host or domain (default host)")
      ->check(CLI::IsMember({"host", "domain"}));
  fetch->add_option("--summary-json", fetch_args.summary_json, "Also write the per-host summary to FILE");

  CrawlArgs crawl_args;
  int64_t crawl_min_delay = -1;
  int crawl_per_host = 0;
  CLI::App* crawl = app.add_subcommand(
      "crawl",
      "Scheduled harvest of the annual-report columns of the config's sites (incremental: list pages are "
      "revisited, reports fetched when new), or with --start an ad-hoc breadth-first crawl. Killed or "
      "interrupted, the same command resumes the job. Exit 0 all sites ok, 1 some failed, 2 usage/config");
  crawl->add_option("--start", crawl_args.urls, "Ad-hoc crawl from this URL (repeatable) instead of the sites");
  crawl->add_option("--site", crawl_args.sites, "Site name from the config (repeatable; default all)");
  crawl->add_option("--years", crawl_args.years, "Report years wanted: 2019-2023 or 2021 (default all)");
  crawl->add_option("--scope", crawl_args.scope, "host (default) or domain (registrable domain)")
      ->check(CLI::IsMember({"host", "domain"}));
  crawl->add_option("--max-pages", crawl_args.max_pages, "Stop after N pages (0 = no limit)")
      ->check(CLI::NonNegativeNumber);
  crawl->add_option("--min-delay", crawl_min_delay, "Minimum delay between requests to one host, ms");
  crawl->add_option("--per-host", crawl_per_host, "Requests in flight per host (default 1)")
      ->check(CLI::PositiveNumber);
  crawl->add_option("--summary-json", crawl_args.summary_json, "Also write the per-host summary to FILE");

  CrawlArgs backfill_args;
  CLI::App* backfill = app.add_subcommand(
      "backfill",
      "One-off harvest of historical years: walks each column's pagination until list dates fall before the "
      "first year asked for (no incremental stop). Resumes after kill -9 like crawl");
  backfill->add_option("--years", backfill_args.years, "Report years wanted: 2008-2018 or 2015")->required();
  backfill->add_option("--site", backfill_args.sites, "Site name from the config (repeatable; default all)");
  backfill->add_option("--max-pages", backfill_args.max_pages, "Stop after N pages (0 = no limit)")
      ->check(CLI::NonNegativeNumber);
  backfill->add_option("--summary-json", backfill_args.summary_json, "Also write the per-site summary to FILE");

  // clean / extract
  CleanArgs clean_args;
  CLI::App* clean = app.add_subcommand(
      "clean", "Print the cleaned page (chrome and spam removed, metadata, tables) of a saved FILE, of the "
               "latest archived capture of a URL, or of an archived payload sha256:<hex>");
  clean->add_option("target", clean_args.target, "FILE, URL or payload digest sha256:<hex>")->required();
  clean->add_option("--format", clean_args.format, "text (default), json (the CleanPage) or html (readable page)")
      ->check(CLI::IsMember({"text", "json", "html"}));
  clean->add_option("--url", clean_args.url, "For a FILE: the URL it was saved from (default file://<path>)");

  ExtractArgs extract_args;
  CLI::App* extract = app.add_subcommand(
      "extract", "Clean every archived page capture not yet cleaned (or all) into the doc keyspace: one "
                 "document per distinct clean text, listing all its captures, with a report record for each "
                 "report; mirror copies merged into their originals, cross-year checks stored; prints a JSON "
                 "summary (--log-level debug: time per phase). Exit 1 when a page could not be read (damaged "
                 "blob, reader error, over a limit: recorded and skipped by later runs unless --all)");
  extract->add_flag("--all", extract_args.all, "Re-clean pages that were already cleaned");
  extract->add_option("--jobs", extract_args.jobs, "Worker threads (default: one per core)")
      ->check(CLI::PositiveNumber);

  ShowArgs show_args;
  CLI::App* show = app.add_subcommand(
      "show", "Print the report record of a document (tables laid out as in the report, failed identities "
              "marked, evidence for inferred fields) by document digest, payload digest or URL");
  show->add_option("target", show_args.target, "DIGEST (document or payload, sha256:<hex>) or URL")->required();
  show->add_flag("--json", show_args.json, "Print the stored record as JSON");

  // export
  ExportArgs export_args;
  CLI::App* export_cmd = app.add_subcommand(
      "export", "Write a reproducible snapshot into DIR (built beside it, renamed at the end): reports.jsonl, "
                "stats_long.csv, stats_wide.csv, govharvest.sqlite, summary.html, texts/ (with --texts), WARC/1.1 "
                "files and a CDXJ index under DIR/warc/; manifest.json with every file's SHA-256 (docs/export.md)");
  export_cmd->add_option("--out", export_args.out, "Snapshot directory")->required();
  export_cmd->add_option("--format", export_args.formats,
                         "Format to write: jsonl, csv, sqlite, texts, summary, warc (repeatable; default: all but "
                         "texts)");
  export_cmd->add_option("--years", export_args.years,
                         "Only reports of these years (A-B or A); the WARC keeps their captures and attachments");
  export_cmd->add_flag("--texts", export_args.texts, "Also write texts/: the clean text of each report");
  export_cmd->add_flag("--excel", export_args.excel, "Start the CSVs with a UTF-8 BOM (for Excel)");
  export_cmd->add_option("--site", export_args.sites, "Only captures of this config site (repeatable)");
  export_cmd->add_option("--job", export_args.job, "Only captures of this crawl job id");
  export_cmd->add_option("--since", export_args.since, "Only captures fetched at or after this time");
  export_cmd->add_flag("--force", export_args.force, "Replace DIR when it exists and is not empty");
  export_cmd->add_option("--warc-file-size", export_args.warc_file_bytes,
                         "Start a new WARC file past this many bytes (default 1 GiB)")
      ->check(CLI::PositiveNumber);

  // config ...
  CLI::App* config = app.add_subcommand("config", "Check configuration files");
  config->require_subcommand(1);
  std::string check_path;
  CLI::App* check = config->add_subcommand(
      "check", "Validate a config file and print every effective setting as JSON");
  check->add_option("file", check_path, "Config file (default: --config)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version exit 0; every usage error exits 2.
    return app.exit(e) == 0 ? 0 : kExitUsage;
  }

  // Config first: it supplies defaults for the global options.
  Config cfg = DefaultConfig();
  if (check->parsed()) {
    if (check_path.empty()) check_path = config_path;
    if (check_path.empty()) {
      std::fprintf(stderr, "govharvest: error: config check needs a FILE or --config FILE\n");
      return kExitUsage;
    }
    config_path = check_path;
  }
  if (!config_path.empty()) {
    Status s = LoadConfig(config_path, &cfg);
    if (!s.ok()) {
      std::fprintf(stderr, "govharvest: error: %s\n", s.message().c_str());
      return kExitUsage;
    }
  }
  global.archive_dir = archive_flag.empty() ? cfg.archive_dir : archive_flag;
  const std::string level = log_level_flag.empty() ? cfg.log_level : log_level_flag;

  auto logger = spdlog::stderr_color_mt("govharvest");
  logger->set_level(spdlog::level::from_str(level));
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  global.logger = logger;
  global.config = &cfg;

  if (check->parsed()) {
    std::cout << cfg.ToJson() << "\n";
    return 0;
  }
  if (import->parsed()) return RunImport(global, import_args);
  if (import_warc->parsed()) return RunImportWarc(global, import_warc_args);
  if (export_cmd->parsed()) return RunExport(global, export_args);
  if (clean->parsed()) return RunClean(global, clean_args);
  if (extract->parsed()) return RunExtract(global, extract_args);
  if (show->parsed()) return RunShow(global, show_args);
  if (stats->parsed()) return RunStats(global, stats_args);
  if (get->parsed()) return RunGet(global, get_args);
  if (list->parsed()) return RunList(global, list_args);
  if (verify->parsed()) return RunVerify(global, verify_args);
  if (repair->parsed()) return RunRepair(global);
  if (fetch->parsed() || crawl->parsed()) {
    CrawlArgs& args = fetch->parsed() ? fetch_args : crawl_args;
    const int64_t min_delay = fetch->parsed() ? fetch_min_delay : crawl_min_delay;
    const int per_host = fetch->parsed() ? fetch_per_host : crawl_per_host;
    if (min_delay >= 0) args.min_delay_ms = min_delay;
    if (per_host > 0) args.per_host = per_host;
    if (fetch->parsed()) return RunFetch(global, args);
    return args.urls.empty() ? RunColumnCrawl(global, args, /*backfill=*/false) : RunAdHocCrawl(global, args);
  }
  if (backfill->parsed()) return RunColumnCrawl(global, backfill_args, /*backfill=*/true);
  std::fprintf(stderr, "govharvest: error: no command given; see govharvest --help\n");
  return kExitUsage;
}

}  // namespace
}  // namespace govharvest

int main(int argc, char** argv) { return govharvest::Run(argc, argv); }
