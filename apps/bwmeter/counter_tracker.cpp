// Deltas, wraps and resets.
#include "counter_tracker.h"

#include <algorithm>

namespace wirekit::bwmeter {

namespace {

bool nameBefore(const CounterMemory& memory, const std::string& name) { return memory.name < name; }
bool indexBefore(const std::pair<int, std::string>& entry, int ifindex) { return entry.first < ifindex; }

}  // namespace

CounterMemory* CounterTracker::findName(const std::string& name) {
    const auto at = std::lower_bound(memory_.begin(), memory_.end(), name, nameBefore);
    return at != memory_.end() && at->name == name ? &*at : nullptr;
}

CounterMemory& CounterTracker::nameSlot(const std::string& name) {
    const auto at = std::lower_bound(memory_.begin(), memory_.end(), name, nameBefore);
    if (at != memory_.end() && at->name == name) return *at;
    CounterMemory fresh;
    fresh.name = name;
    return *memory_.insert(at, std::move(fresh));
}

const std::string* CounterTracker::findIndex(int ifindex) const {
    const auto at = std::lower_bound(byIndex_.begin(), byIndex_.end(), ifindex, indexBefore);
    return at != byIndex_.end() && at->first == ifindex ? &at->second : nullptr;
}

void CounterTracker::setIndex(int ifindex, const std::string& name) {
    const auto at = std::lower_bound(byIndex_.begin(), byIndex_.end(), ifindex, indexBefore);
    if (at == byIndex_.end() || at->first != ifindex)
        byIndex_.emplace(at, ifindex, name);
    else if (at->second != name)
        at->second = name;
}

std::optional<std::uint64_t> counterAdvance(std::uint64_t before, std::uint64_t after, unsigned width) {
    if (after >= before) return after - before;
    if (width >= 64 || before >> width != 0) return std::nullopt;  // a 64-bit counter never wraps in practice
    const std::uint64_t modulus = std::uint64_t{1} << width;
    return modulus - before + after;
}

std::vector<InterfaceDelta> CounterTracker::update(const CounterSnapshot& snapshot) {
    // First every delta against the previous readings, then the new readings
    // replace them (vanished interfaces stay remembered).
    std::vector<InterfaceDelta> deltas;
    deltas.reserve(snapshot.interfaces.size());
    for (const auto& now : snapshot.interfaces) {
        InterfaceDelta delta;
        delta.name = now.name;
        delta.ifindex = now.ifindex;
        // The same interface: by index in this boot (so a rename is followed,
        // even onto a name another interface once had), else by name.
        const CounterMemory* before = nullptr;
        if (now.ifindex != 0)
            if (const std::string* named = findIndex(now.ifindex))
                if (const CounterMemory* memory = findName(*named);
                    memory != nullptr && memory->ifindex == now.ifindex && memory->bootId == snapshot.bootId)
                    before = memory;
        if (before != nullptr && before->name != now.name) {
            delta.event = CounterEvent::renamed;
            delta.previousName = before->name;
        } else if (before == nullptr) {
            before = findName(now.name);
        }
        if (before == nullptr && !updated_) {
            delta.event = CounterEvent::first;
        } else if (before == nullptr) {
            delta.event = CounterEvent::appeared;
            delta.rxBytes = now.rxBytes;
            delta.txBytes = now.txBytes;
        } else if (before->bootId != snapshot.bootId ||
                   (now.ifindex != 0 && before->ifindex != 0 && before->ifindex != now.ifindex)) {
            // Counting started over: everything now on the counter is new.
            delta.event = CounterEvent::reset;
            delta.rxBytes = now.rxBytes;
            delta.txBytes = now.txBytes;
        } else {
            const unsigned width = std::min(before->width, now.width);
            const auto rx = counterAdvance(before->rxBytes, now.rxBytes, width);
            const auto tx = counterAdvance(before->txBytes, now.txBytes, width);
            if (!rx || !tx) {
                delta.event = CounterEvent::reset;
                delta.rxBytes = now.rxBytes;
                delta.txBytes = now.txBytes;
            } else {
                if (now.rxBytes < before->rxBytes || now.txBytes < before->txBytes) delta.event = CounterEvent::wrapped;
                delta.rxBytes = *rx;
                delta.txBytes = *tx;
            }
        }
        deltas.push_back(std::move(delta));
    }
    if (memory_.empty()) memory_.reserve(snapshot.interfaces.size());  // a first run: all at once, not doubling
    for (std::size_t i = 0; i < deltas.size(); ++i) {
        const auto& now = snapshot.interfaces[i];
        if (deltas[i].event == CounterEvent::renamed)
            if (const CounterMemory* gone = findName(deltas[i].previousName))
                memory_.erase(memory_.begin() + (gone - memory_.data()));
        CounterMemory& memory = nameSlot(now.name);
        memory.ifindex = now.ifindex;
        memory.rxBytes = now.rxBytes;
        memory.txBytes = now.txBytes;
        memory.width = now.width;
        if (memory.bootId != snapshot.bootId) memory.bootId = snapshot.bootId;
        if (now.ifindex != 0) setIndex(now.ifindex, now.name);
    }
    updated_ = true;
    return deltas;
}

void CounterTracker::remember(const std::vector<CounterMemory>& saved) {
    memory_.clear();
    byIndex_.clear();
    memory_.reserve(saved.size());
    // One at a time into place (a later entry under a name wins): a few
    // hundred at most, once per process, and no sorting code to carry.
    for (const auto& memory : saved) {
        nameSlot(memory.name) = memory;
        if (memory.ifindex != 0) setIndex(memory.ifindex, memory.name);
    }
}

}  // namespace wirekit::bwmeter
