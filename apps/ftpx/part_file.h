// Partial downloads: the NAME.part file a download writes before it is
// complete, and the offset a resumed transfer starts at (REST, APPE).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wirekit::ftpx {

/// "a.txt" -> "a.txt.part": where a download of "a.txt" writes until the
/// transfer is complete and its size checked, so an interrupted one never
/// looks finished.
std::string partFileName(std::string_view name);

/// "a.txt.part" -> "a.txt"; nothing for a name without the suffix (or ".part" alone).
std::optional<std::string> nameOfPartFile(std::string_view partName);

struct ResumeDecision {
    enum class Kind {
        fresh,     ///< transfer from byte 0, replacing what is there
        resume,    ///< continue at `offset` (REST offset + RETR; APPE or REST + STOR)
        complete,  ///< the partial already has every byte: only rename (downloads)
    };
    Kind kind = Kind::fresh;
    std::uint64_t offset = 0;
    std::string reason;  ///< for verbose mode and --dry-run
};

/// Where to start given what the destination already holds (`haveSize`: the
/// .part file for a download, the remote file for an upload; nothing when
/// absent) and the source's size (nothing when the server reported none).
/// Empty or absent: fresh. Larger than the source: fresh ("larger than the
/// source: starting over"), the partial belongs to another version. Equal:
/// complete. Smaller: resume at its size. Unknown source size: fresh, since
/// a larger partial could not be told apart.
ResumeDecision decideResume(std::optional<std::uint64_t> haveSize, std::optional<std::uint64_t> sourceSize);

/// Whether a finished download may be renamed from NAME.part to NAME: its
/// size equals the announced one (SIZE, the listing, or the 150 reply), or
/// none was announced.
bool partIsComplete(std::uint64_t partSize, std::optional<std::uint64_t> expectedSize);

}  // namespace wirekit::ftpx
