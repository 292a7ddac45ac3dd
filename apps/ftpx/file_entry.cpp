// Names of entry types.
#include "file_entry.h"

namespace wirekit::ftpx {

const char* entryTypeName(EntryType type) {
    switch (type) {
        case EntryType::file: return "file";
        case EntryType::directory: return "directory";
        case EntryType::symlink: return "symlink";
        case EntryType::other: return "other";
    }
    return "other";
}

}  // namespace wirekit::ftpx
