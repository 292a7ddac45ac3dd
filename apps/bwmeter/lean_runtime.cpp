// The lean bwmeter's own terminate handler. libstdc++'s verbose one prints
// the type of an escaping exception and so links the C++ demangler, some
// 30 KiB of text that would be resident in a daemon that catches every
// exception in main anyway (cli::guardedMain); only a noexcept violation
// ends up here.
#include <cstdlib>

namespace __gnu_cxx {

void __verbose_terminate_handler() { std::abort(); }

}  // namespace __gnu_cxx
