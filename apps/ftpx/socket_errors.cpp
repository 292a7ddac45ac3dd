// POCO socket exceptions to ftpx errors.
#include "socket_errors.h"

#include "ftp_errors.h"
#include "net/tls.h"

#include <Poco/Net/SSLException.h>

#include <cctype>
#include <cstring>

namespace wirekit::ftpx {

void rethrowSocketError(const std::string& what) {
    try {
        throw;
    } catch (const Poco::TimeoutException&) {
        throw ConnectionError(what + ": timed out");
    } catch (const Poco::Net::SSLException& e) {
        throw TlsError(net::describeNetError(what + ": TLS", e));
    } catch (const Poco::Exception& e) {
        throw ConnectionError(net::describeNetError(what, e));
    }
}

std::string describeErrno(int code) {
    std::string text = std::strerror(code);
    if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
    return text;
}

}  // namespace wirekit::ftpx
