// .part names and resume offsets.
#include "part_file.h"

namespace wirekit::ftpx {

namespace {
constexpr std::string_view partSuffix = ".part";
}

std::string partFileName(std::string_view name) { return std::string(name) + std::string(partSuffix); }

std::optional<std::string> nameOfPartFile(std::string_view partName) {
    if (partName.size() <= partSuffix.size() || partName.substr(partName.size() - partSuffix.size()) != partSuffix)
        return std::nullopt;
    return std::string(partName.substr(0, partName.size() - partSuffix.size()));
}

ResumeDecision decideResume(std::optional<std::uint64_t> haveSize, std::optional<std::uint64_t> sourceSize) {
    using Kind = ResumeDecision::Kind;
    if (!haveSize || *haveSize == 0) return {Kind::fresh, 0, "nothing to resume"};
    if (!sourceSize) return {Kind::fresh, 0, "source size unknown: starting over"};
    if (*haveSize > *sourceSize)
        return {Kind::fresh, 0,
                "partial of " + std::to_string(*haveSize) + " bytes is larger than the source's " +
                    std::to_string(*sourceSize) + ": starting over"};
    if (*haveSize == *sourceSize) return {Kind::complete, *haveSize, "already complete"};
    return {Kind::resume, *haveSize,
            "resuming at byte " + std::to_string(*haveSize) + " of " + std::to_string(*sourceSize)};
}

bool partIsComplete(std::uint64_t partSize, std::optional<std::uint64_t> expectedSize) {
    return !expectedSize || partSize == *expectedSize;
}

}  // namespace wirekit::ftpx
