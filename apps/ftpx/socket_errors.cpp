// POCO socket exceptions to ftpx errors.
#include "socket_errors.h"

#include "ftp_errors.h"
#include "net/tls.h"

#include <Poco/Net/SSLException.h>

namespace wirekit::ftpx {

namespace {

const char* const cutShort = "connection closed without TLS close_notify; the data may be cut short";

}  // namespace

void rethrowSocketError(const std::string& what) {
    try {
        throw;
    } catch (const Poco::TimeoutException&) {
        throw ConnectionError(what + ": timed out");
    } catch (const Poco::Net::SSLConnectionUnexpectedlyClosedException&) {
        throw ConnectionError(what + ": " + cutShort);
    } catch (const Poco::Net::SSLException& e) {
        // OpenSSL 3 names a TCP close without close_notify this way: the
        // network failed, not TLS, and a retry may resume.
        if (e.message().find("unexpected eof") != std::string::npos) throw ConnectionError(what + ": " + cutShort);
        throw TlsError(net::describeNetError(what + ": TLS", e));
    } catch (const Poco::Exception& e) {
        throw ConnectionError(net::describeNetError(what, e));
    }
}

}  // namespace wirekit::ftpx
