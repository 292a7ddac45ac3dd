// Session totals and rates.
#include "session.h"

#include <algorithm>

namespace wirekit::bwmeter {

void Session::add(const std::vector<InterfaceDelta>& deltas, double now) {
    const double interval = now - last_;
    present_.clear();
    for (const auto& delta : deltas) {
        auto at = indexByName_.end();
        if (delta.event != CounterEvent::renamed) at = indexByName_.find(delta.name);
        if (delta.event == CounterEvent::renamed) {
            // Followed under its new name.
            if (const auto old = indexByName_.find(delta.previousName); old != indexByName_.end()) {
                const std::size_t index = old->second;
                indexByName_.erase(old);
                interfaces_[index].name = delta.name;
                indexByName_[delta.name] = index;  // a gone interface of that name keeps its own row
                at = indexByName_.find(delta.name);
            }
        }
        if (at == indexByName_.end()) at = indexByName_.find(delta.name);
        if (at == indexByName_.end()) {
            interfaces_.push_back(InterfaceSession{delta.name, 0, 0, 0, 0, 0, 0, now});
            at = indexByName_.emplace(delta.name, interfaces_.size() - 1).first;
        }
        InterfaceSession& s = interfaces_[at->second];
        s.rxBytes += delta.rxBytes;
        s.txBytes += delta.txBytes;
        s.rxRate = interval > 0 ? static_cast<double>(delta.rxBytes) / interval : 0;
        s.txRate = interval > 0 ? static_cast<double>(delta.txBytes) / interval : 0;
        if (delta.event == CounterEvent::first) s.rxRate = s.txRate = 0;
        s.rxPeak = std::max(s.rxPeak, s.rxRate);
        s.txPeak = std::max(s.txPeak, s.txRate);
        present_.push_back(at->second);
    }
    last_ = now;
}

std::vector<InterfaceSession> Session::current() const {
    std::vector<InterfaceSession> result;
    result.reserve(present_.size());
    for (const auto index : present_) result.push_back(interfaces_[index]);
    return result;
}

}  // namespace wirekit::bwmeter
