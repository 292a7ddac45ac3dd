// Port lists as nmap users write them: "22,80,1000-2000", "-" for all.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace wirekit::pscan {

/// Parses a port spec into sorted, unique ports 1..65535: comma-separated
/// single ports and ranges ("1000-2000", "-1024", "60000-"), or "-" for all.
/// Throws cli::UsageError pointing at the bad part:
/// "invalid port spec '22,8x0': bad part '8x0'".
std::vector<std::uint16_t> parsePortSpec(const std::string& text);

}  // namespace wirekit::pscan
