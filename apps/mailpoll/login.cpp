// Session setup for both protocols.
#include "login.h"

#include "sasl.h"

namespace wirekit::mailpoll {

void loginImap(ImapClient& client, const Account& account, const std::string& secret) {
    client.readGreeting();
    if (account.tls == TlsMode::starttls) {
        if (client.loggedIn())
            throw CommandRefused("server logged us in (PREAUTH) before STARTTLS could secure the session");
        client.startTls();
    }
    if (client.loggedIn()) return;
    switch (account.auth) {
        case AuthMethod::automatic:
        case AuthMethod::login: client.beginLogin(account.user, secret); break;
        case AuthMethod::plain:
        case AuthMethod::xoauth2:
        case AuthMethod::oauthbearer: {
            const std::string mechanism = saslMechanismName(account.auth);
            if (!client.hasCapability("AUTH=" + mechanism))
                throw CommandRefused("server does not offer AUTHENTICATE " + mechanism);
            client.authenticate(mechanism, saslInitialResponse(account.auth, account.user, secret, account.host,
                                                               account.effectivePort()));
            break;
        }
    }
}

void loginPop3(Pop3Client& client, const Account& account, const std::string& secret) {
    client.readGreeting();
    if (account.tls == TlsMode::starttls) client.startTls();
    switch (account.auth) {
        case AuthMethod::automatic:
        case AuthMethod::login: client.login(account.user, secret); break;
        case AuthMethod::plain:
        case AuthMethod::xoauth2:
        case AuthMethod::oauthbearer: {
            const std::string mechanism = saslMechanismName(account.auth);
            // A server without CAPA may still take AUTH; one that lists its SASL mechanisms is believed.
            const auto& capabilities = client.capabilities();
            if (!capabilities.empty() && !capabilities.count("SASL=" + mechanism))
                throw CommandRefused("server does not offer AUTH " + mechanism);
            client.authenticate(mechanism, saslInitialResponse(account.auth, account.user, secret, account.host,
                                                               account.effectivePort()));
            break;
        }
    }
}

}  // namespace wirekit::mailpoll
