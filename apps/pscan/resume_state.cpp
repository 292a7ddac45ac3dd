// The resume file's format.
#include "resume_state.h"

#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace wirekit::pscan {

namespace {

constexpr const char* header = "# pscan resume state; continue the scan with: pscan --resume FILE";

/// Arguments may hold any byte but a line break may not end a line early.
std::string escape(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

std::string unescape(const std::string& text, std::size_t line) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\\') {
            out += text[i];
            continue;
        }
        if (++i == text.size() || (text[i] != '\\' && text[i] != 'n'))
            throw std::runtime_error("line " + std::to_string(line) + ": bad escape");
        out += text[i] == 'n' ? '\n' : '\\';
    }
    return out;
}

std::uint64_t number(const std::string& text, std::size_t line) {
    if (text.empty() || text.size() > 20 || !std::all_of(text.begin(), text.end(), ::isdigit))
        throw std::runtime_error("line " + std::to_string(line) + ": '" + text + "' is not a number");
    const unsigned long long value = std::stoull(text);
    return static_cast<std::uint64_t>(value);
}

}  // namespace

std::string formatResumeState(const ResumeState& state) {
    std::ostringstream out;
    out << header << "\nversion 1\n";
    for (const auto& arg : state.args) out << "arg " << escape(arg) << '\n';
    out << "seed " << state.seed << "\nplan " << state.fingerprint << "\nposition " << state.position << '\n';
    for (const auto& [first, last] : state.pending) {
        out << "pending " << first;
        if (last != first) out << '-' << last;
        out << '\n';
    }
    return out.str();
}

ResumeState parseResumeState(const std::string& text) {
    ResumeState state;
    std::istringstream in(text);
    std::string line;
    std::size_t lineNumber = 0;
    bool sawVersion = false, sawSeed = false, sawPosition = false;
    while (std::getline(in, line)) {
        ++lineNumber;
        if (line.empty() || line[0] == '#') continue;
        const auto space = line.find(' ');
        const std::string key = line.substr(0, space);
        const std::string value = space == std::string::npos ? "" : line.substr(space + 1);
        if (key == "version") {
            if (value != "1") throw std::runtime_error("line " + std::to_string(lineNumber) + ": unknown version");
            sawVersion = true;
        } else if (key == "arg") {
            state.args.push_back(unescape(value, lineNumber));
        } else if (key == "seed") {
            state.seed = number(value, lineNumber);
            sawSeed = true;
        } else if (key == "plan") {
            state.fingerprint = number(value, lineNumber);
        } else if (key == "position") {
            state.position = number(value, lineNumber);
            sawPosition = true;
        } else if (key == "pending") {
            const auto dash = value.find('-');
            const std::uint64_t first = number(value.substr(0, dash), lineNumber);
            const std::uint64_t last = dash == std::string::npos ? first : number(value.substr(dash + 1), lineNumber);
            if (last < first || (!state.pending.empty() && first <= state.pending.back().second))
                throw std::runtime_error("line " + std::to_string(lineNumber) + ": pending probes out of order");
            state.pending.emplace_back(first, last);
        } else {
            throw std::runtime_error("line " + std::to_string(lineNumber) + ": unknown key '" + key + "'");
        }
    }
    if (!sawVersion || !sawSeed || !sawPosition)
        throw std::runtime_error("not a pscan resume file (no version, seed or position)");
    return state;
}

ProbeRanges unfinishedProbes(const ScanPlan& plan, const std::vector<bool>& reported) {
    std::vector<std::uint64_t> probes;
    for (std::uint64_t position = 0; position < plan.furthest(); ++position) {
        if (plan.doneBefore(position)) continue;
        const std::uint64_t probe = plan.probeAt(position);
        if (!reported[probe]) probes.push_back(probe);
    }
    std::sort(probes.begin(), probes.end());
    ProbeRanges ranges;
    for (const auto probe : probes) {
        if (!ranges.empty() && ranges.back().second + 1 == probe)
            ranges.back().second = probe;
        else
            ranges.emplace_back(probe, probe);
    }
    return ranges;
}

}  // namespace wirekit::pscan
