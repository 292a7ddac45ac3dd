// From raw counters to traffic: what each interface moved since the last
// read. Wraps and resets are told apart by facts, never by a bandwidth
// guess: a new boot id, or a new interface index under the same name, is a
// reset (the counter counts from zero again); a 64-bit counter going down is
// a reset; a 32-bit counter going down on the same interface in the same
// boot is a wrap.
#pragma once

#include "counters.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace wirekit::bwmeter {

enum class CounterEvent {
    steady,    ///< counted on from the last read
    first,     ///< seen at the start: nothing counted yet
    appeared,  ///< came up after the start: all it has counted is new
    wrapped,   ///< a 32-bit counter passed 2^32
    reset,     ///< counting restarted (reboot, interface re-created, driver reload)
    renamed,   ///< same interface index, new name: counted on
};

struct InterfaceDelta {
    std::string name;
    int ifindex = 0;
    std::uint64_t rxBytes = 0, txBytes = 0;  ///< moved since the last read
    CounterEvent event = CounterEvent::steady;
    std::string previousName;  ///< for `renamed`: what it was called at the last read
};

/// The last raw reading of one interface, as saved between runs of `sample`.
struct CounterMemory {
    std::string name;
    int ifindex = 0;
    std::uint64_t rxBytes = 0, txBytes = 0;
    unsigned width = 64;
    std::string bootId;
};

class CounterTracker {
public:
    /// The traffic of every interface in `snapshot` since the previous
    /// update. Interfaces in the first snapshot report event `first` and no
    /// bytes; one that comes up later (a USB adapter, a PPPoE link back)
    /// counted from zero since it was made, so all it shows is new
    /// (`appeared`). A vanished interface is remembered, so that its return
    /// under a new index is a reset and not a wrap.
    std::vector<InterfaceDelta> update(const CounterSnapshot& snapshot);

    /// What the tracker knows, to carry over to a later process, by name.
    const std::vector<CounterMemory>& memory() const { return memory_; }
    /// Starts from a saved memory instead of nothing.
    void remember(const std::vector<CounterMemory>& saved);

private:
    CounterMemory* findName(const std::string& name);
    CounterMemory& nameSlot(const std::string& name);
    const std::string* findIndex(int ifindex) const;
    void setIndex(int ifindex, const std::string& name);

    // Sorted vectors rather than node containers: a daemon watching 200
    // interfaces keeps these for good, and a node per entry costs its
    // allocation overhead and scatters the entries over the heap; the
    // memory is also handed to every commit as it is, without a copy.
    // Lookups are binary searches; entries come and go only when
    // interfaces do.
    std::vector<CounterMemory> memory_;                 ///< by name
    std::vector<std::pair<int, std::string>> byIndex_;  ///< interface index → name, as last seen; by index
    bool updated_ = false;                              ///< whether this tracker has seen a snapshot itself
};

/// Bytes a counter moved from `before` to `after`, for one reading pair.
/// Nothing when the move can only be a reset (the caller counts `after`).
std::optional<std::uint64_t> counterAdvance(std::uint64_t before, std::uint64_t after, unsigned width);

}  // namespace wirekit::bwmeter
