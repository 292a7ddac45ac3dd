// What the kernel knows about the system clock's synchronisation (adjtimex).
#pragma once

#include "sntp_responder.h"

#include <optional>

namespace wirekit::timed {

struct KernelClockStatus {
    bool synchronised = false;  ///< an NTP daemon disciplines the clock
    LeapIndicator pendingLeap = LeapIndicator::none;
    double maxErrorSeconds = 16;  ///< the kernel's maximum error estimate
};

/// Reads adjtimex(2) without changing anything.
KernelClockStatus readKernelClockStatus();

/// How the server presents its clock: `stratum` while the kernel reports the
/// clock synchronised; `localStratum`, if set, to serve an unsynchronised
/// clock anyway (as chrony's "local stratum" does).
struct ClockPolicy {
    int stratum = 2;
    std::optional<int> localStratum;
};

/// The state advertised in replies, from the kernel's status and the policy.
/// An unsynchronised clock without a local stratum is advertised with leap
/// indicator 3 and stratum 0 and the "INIT" code, as ntpd does, so clients
/// discard the time.
ServerClockState advertisedClockState(const KernelClockStatus& status, const ClockPolicy& policy,
                                      const sys::WallTime& now, std::int8_t precision);

/// log2 of the smallest step this machine's clock can be read in, as NTP's
/// precision field wants it; measured by reading the clock repeatedly.
std::int8_t measureClockPrecision();

}  // namespace wirekit::timed
