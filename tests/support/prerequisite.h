// Prerequisites of integration tests (root, a peer program, namespaces).
#pragma once

#include <string>

namespace wirekit::test {

/// True when `available`. Otherwise, under CI=true the test fails ("missing
/// prerequisite: ..."); elsewhere it prints "SKIPPED: ..." and returns false
/// so the test returns early. Never skips quietly.
bool requirePrerequisite(bool available, const std::string& what);

/// Whether an executable file exists at `path`.
bool isExecutable(const std::string& path);

}  // namespace wirekit::test
