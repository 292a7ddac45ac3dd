// mkdir, rmdir, rm and mv on the server, retried without failing on their own
// success: when the connection drops after the server made the change but
// before its answer came, the retry is refused (the directory exists, the
// file is gone) although the user's change was made.
#pragma once

#include "connector.h"
#include "transfer.h"

#include <string>

namespace wirekit::ftpx {

enum class RemoteChange { makeDirectory, removeDirectory, removeFile, rename };

/// Makes `change` to `path` (renamed to `target`) under `policy`'s retries.
/// A retry that the server refuses outright (5yz), after an earlier attempt
/// lost its connection while making the change, succeeds when the server
/// shows what that attempt would have left: the directory there; the file or
/// directory gone; the source gone and the target there. Otherwise the
/// refusal is the error.
void changeRemote(Connector& connector, const RetryPolicy& policy, RemoteChange change, const std::string& path,
                  const std::string& target = "");

}  // namespace wirekit::ftpx
