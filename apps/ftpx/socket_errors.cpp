// POCO socket exceptions to ftpx errors.
#include "socket_errors.h"

#include "ftp_errors.h"
#include "net/tls.h"

#include <Poco/Net/SSLException.h>

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

}  // namespace wirekit::ftpx
