#!/usr/bin/env bash
# The main job on the bundled sample pages: installs what is missing, builds,
# imports the sample reports and government pages into ./demo-archive, and
# prints what the archive holds.
set -euo pipefail
cd "$(dirname "$0")"
.ci/bootstrap.sh build
gh=build/app/govharvest
archive=demo-archive

echo "== importing the sample reports (tests/fixtures/seeds), real government pages"
echo "   (tests/fixtures/gov-pages) and published report PDFs (tests/fixtures/peer-samples)"
"$gh" --archive "$archive" archive import tests/fixtures/seeds/* tests/fixtures/gov-pages/* \
  tests/fixtures/peer-samples/* \
  | sed -E 's/.*"requested_url":"([^"]*)".*"size":([0-9]+).*/  \1  (\2 bytes)/'
echo
echo "== govharvest --archive $archive archive stats"
"$gh" --archive "$archive" archive stats
echo
echo "== govharvest --archive $archive archive verify"
"$gh" --archive "$archive" archive verify
echo
echo "Archive: $(pwd)/$archive. Try: $gh --archive $archive archive get <URL> --raw"
