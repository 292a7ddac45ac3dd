// How long a failing account waits before the next attempt: doubling from
// 15 s to 30 min, so a server that is down is not hammered and one that
// comes back is noticed soon.
#pragma once

namespace wirekit::mailpoll {

/// The wait after `failures` consecutive failures (1 for the first).
inline double retryDelaySeconds(int failures) {
    double delay = 15;
    for (int i = 1; i < failures && delay < 1800; ++i) delay *= 2;
    return delay < 1800 ? delay : 1800;
}

}  // namespace wirekit::mailpoll
