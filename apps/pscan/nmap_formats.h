// Results in nmap's own file formats, so tools that read nmap's output
// (ndiff, report converters, grep pipelines) read ours: -oX and -oG.
#pragma once

#include "scan_report.h"

#include <ostream>
#include <string>

namespace wirekit::pscan {

/// What the files say about the run besides the ports.
struct RunInfo {
    std::string args;      ///< the command line, as typed
    std::string scanType;  ///< nmap's name: "syn", "connect", "udp"
    std::string portSpec;  ///< the ports scanned, as "1-1024"
    std::size_t portCount = 0;
    std::int64_t start = 0;  ///< Unix seconds
    std::int64_t end = 0;
    double elapsed = 0;
    bool interrupted = false;
};

/// nmap's XML output (nmap.dtd 1.05): nmaprun, scaninfo, a host element per
/// address with its listed ports and extraports for the counted ones, runstats.
void writeNmapXml(std::ostream& out, const ScanReport& report, const RunInfo& run, const ServiceNames& services);

/// nmap's greppable output: a "Host: ... Ports: ..." line per host.
void writeNmapGrepable(std::ostream& out, const ScanReport& report, const RunInfo& run, const ServiceNames& services);

/// "1-1024,8080" from a sorted port list, for scaninfo and headers.
std::string portRanges(const std::vector<std::uint16_t>& ports);

}  // namespace wirekit::pscan
