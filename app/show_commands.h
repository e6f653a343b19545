// `govharvest show DIGEST|URL [--json]`: the report record of one document
// (issue 6, "CLI"), read from the doc keyspace (store/documents.h).
//
// The target is a document digest (`d/<digest>`), a payload digest
// (sha256:<hex>, through its `d/cleaned/<payload>` marker) or a URL (its latest
// capture, then that payload's marker). The text form shows the identity with
// the evidence for inferred fields, the template, tables 二/三/四 laid out as
// rows and columns with each failed hard identity marked (`✗ H3 ...`) under the
// row it concerns, the soft checks and the flags; --json prints the stored
// record. Unknown targets and documents without a report: one line, exit 1.
#ifndef GOVHARVEST_APP_SHOW_COMMANDS_H_
#define GOVHARVEST_APP_SHOW_COMMANDS_H_

#include <string>

#include "app/archive_commands.h"

namespace govharvest {

struct ShowArgs {
  std::string target;  // document digest, payload digest (sha256:<hex>) or URL
  bool json = false;
};

int RunShow(const GlobalOptions& global, const ShowArgs& args);

}  // namespace govharvest

#endif  // GOVHARVEST_APP_SHOW_COMMANDS_H_
