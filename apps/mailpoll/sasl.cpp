// SASL messages, base64 by POCO.
#include "sasl.h"

#include <Poco/Base64Encoder.h>

#include <sstream>

namespace wirekit::mailpoll {

std::string base64(const std::string& bytes) {
    std::ostringstream out;
    Poco::Base64Encoder encoder(out);
    encoder.rdbuf()->setLineLength(0);
    encoder << bytes;
    encoder.close();
    return out.str();
}

const char* saslMechanismName(AuthMethod method) {
    switch (method) {
        case AuthMethod::xoauth2: return "XOAUTH2";
        case AuthMethod::oauthbearer: return "OAUTHBEARER";
        default: return "PLAIN";
    }
}

std::string saslInitialResponse(AuthMethod method, const std::string& user, const std::string& secret,
                                const std::string& host, unsigned port) {
    switch (method) {
        case AuthMethod::xoauth2:
            return base64("user=" + user +
                          "\x01"
                          "auth=Bearer " +
                          secret + "\x01\x01");
        case AuthMethod::oauthbearer:
            return base64("n,a=" + user +
                          ",\x01"
                          "host=" +
                          host +
                          "\x01"
                          "port=" +
                          std::to_string(port) +
                          "\x01"
                          "auth=Bearer " +
                          secret + "\x01\x01");
        default: return base64(std::string(1, '\0') + user + std::string(1, '\0') + secret);
    }
}

}  // namespace wirekit::mailpoll
