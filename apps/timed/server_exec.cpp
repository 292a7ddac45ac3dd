// Executing timed-serve.
#include "server_exec.h"

#include "sys/sibling.h"

namespace wirekit::timed {

void execServer(int argc, char* const argv[], int first) {
    sys::execSibling("timed-serve", std::vector<std::string>(argv + first, argv + argc));
}

}  // namespace wirekit::timed
