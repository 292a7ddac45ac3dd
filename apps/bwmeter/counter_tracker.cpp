// Deltas, wraps and resets.
#include "counter_tracker.h"

namespace wirekit::bwmeter {

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
            if (const auto named = byIndex_.find(now.ifindex); named != byIndex_.end())
                if (const auto memory = byName_.find(named->second); memory != byName_.end() &&
                                                                     memory->second.ifindex == now.ifindex &&
                                                                     memory->second.bootId == snapshot.bootId)
                    before = &memory->second;
        if (before != nullptr && before->name != now.name) {
            delta.event = CounterEvent::renamed;
            delta.previousName = before->name;
        } else if (before == nullptr) {
            if (const auto same = byName_.find(now.name); same != byName_.end()) before = &same->second;
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
    for (std::size_t i = 0; i < deltas.size(); ++i) {
        const auto& now = snapshot.interfaces[i];
        if (deltas[i].event == CounterEvent::renamed) byName_.erase(deltas[i].previousName);
        CounterMemory& memory = byName_[now.name];
        memory.name = now.name;  // no allocation when unchanged
        memory.ifindex = now.ifindex;
        memory.rxBytes = now.rxBytes;
        memory.txBytes = now.txBytes;
        memory.width = now.width;
        if (memory.bootId != snapshot.bootId) memory.bootId = snapshot.bootId;
        if (now.ifindex != 0) byIndex_[now.ifindex] = now.name;
    }
    updated_ = true;
    return deltas;
}

std::vector<CounterMemory> CounterTracker::memory() const {
    std::vector<CounterMemory> saved;
    for (const auto& [name, memory] : byName_) saved.push_back(memory);
    return saved;
}

void CounterTracker::remember(const std::vector<CounterMemory>& saved) {
    byName_.clear();
    byIndex_.clear();
    for (const auto& memory : saved) {
        byName_[memory.name] = memory;
        if (memory.ifindex != 0) byIndex_[memory.ifindex] = memory.name;
    }
}

}  // namespace wirekit::bwmeter
