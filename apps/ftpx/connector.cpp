// Sessions made on demand, in the URL's directory.
#include "connector.h"

namespace wirekit::ftpx {

FtpSession& Connector::session() {
    if (session_ && session_->usable()) return *session_;
    session_.reset();
    auto session = std::make_unique<FtpSession>(settings_);
    if (url_.absolute) session->changeDirectory("/");
    for (const auto& segment : url_.directorySegments()) session->changeDirectory(segment);
    if (!reentry_.empty()) session->changeDirectory(reentry_);
    try {
        directory_ = session->currentDirectory();
    } catch (const std::exception&) {
        // A server without PWD still works with relative names; one whose
        // answer did not come in time would answer the next command with it,
        // and one out of step since the login (a 1xx to PBSZ or FEAT) would
        // not send PWD at all.
        if (!session->usable()) throw;
        directory_.clear();
    }
    session_ = std::move(session);
    return *session_;
}

void Connector::close() {
    // QUIT on a broken session would wait for an answer the next reply
    // cannot be told from.
    if (session_ && session_->usable()) session_->quit();
    session_.reset();
}

}  // namespace wirekit::ftpx
