// Path-traversal checks on listed names.
#include "safe_name.h"

namespace wirekit::ftpx {

std::optional<std::string> unsafeNameReason(std::string_view name) {
    if (name.empty()) return std::string("empty name");
    if (name == ".") return std::string("'.' is the directory itself");
    if (name == "..") return std::string("'..' leaves the directory");
    if (name.front() == '/') return std::string("absolute name");
    for (const char c : name) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '/') return std::string("name holds '/'");
        if (byte == 0) return std::string("name holds NUL");
        if (byte < 0x20 || byte == 0x7f) return std::string("name holds a control character");
    }
    return std::nullopt;
}

std::optional<std::string> unsafePathReason(std::string_view path) {
    if (path.empty()) return std::string("empty path");
    if (path.front() == '/') return std::string("absolute path");
    std::size_t start = 0;
    for (;;) {
        const auto slash = path.find('/', start);
        const std::string_view name = path.substr(start, slash == std::string_view::npos ? path.npos : slash - start);
        if (auto reason = unsafeNameReason(name)) return reason;
        if (slash == std::string_view::npos) return std::nullopt;
        start = slash + 1;
    }
}

}  // namespace wirekit::ftpx
