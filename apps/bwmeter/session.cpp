// Session totals and rates.
#include "session.h"

#include <algorithm>

namespace wirekit::bwmeter {

void Session::add(const std::vector<InterfaceDelta>& deltas, double now) {
    const double interval = now - last_;
    present_.clear();
    for (const auto& delta : deltas) {
        auto it = std::find_if(interfaces_.begin(), interfaces_.end(),
                               [&](const InterfaceSession& s) { return s.name == delta.name; });
        if (it == interfaces_.end() && delta.event == CounterEvent::renamed) {
            it = std::find_if(interfaces_.begin(), interfaces_.end(),
                              [&](const InterfaceSession& s) { return s.name == delta.previousName; });
            if (it != interfaces_.end()) it->name = delta.name;  // followed under its new name
        }
        if (it == interfaces_.end()) {
            interfaces_.push_back(InterfaceSession{delta.name, 0, 0, 0, 0, 0, 0, now});
            it = std::prev(interfaces_.end());
        }
        it->rxBytes += delta.rxBytes;
        it->txBytes += delta.txBytes;
        it->rxRate = interval > 0 ? static_cast<double>(delta.rxBytes) / interval : 0;
        it->txRate = interval > 0 ? static_cast<double>(delta.txBytes) / interval : 0;
        if (delta.event == CounterEvent::first) it->rxRate = it->txRate = 0;
        it->rxPeak = std::max(it->rxPeak, it->rxRate);
        it->txPeak = std::max(it->txPeak, it->txRate);
        present_.push_back(delta.name);
    }
    last_ = now;
}

std::vector<InterfaceSession> Session::current() const {
    std::vector<InterfaceSession> result;
    for (const auto& name : present_)
        for (const auto& s : interfaces_)
            if (s.name == name) result.push_back(s);
    return result;
}

}  // namespace wirekit::bwmeter
