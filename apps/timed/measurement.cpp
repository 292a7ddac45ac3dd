// The client's pure core: offset and delay from each protocol's reply.
#include "measurement.h"

#include "rfc867.h"
#include "rfc868.h"

#include <cstdio>

namespace wirekit::timed {

namespace {

sys::WallTime fromSeconds(double seconds) {
    auto whole = static_cast<std::int64_t>(seconds);
    double fraction = seconds - static_cast<double>(whole);
    if (fraction < 0) {
        fraction += 1;
        --whole;
    }
    auto nanos = static_cast<std::int32_t>(fraction * 1e9);
    if (nanos >= 1000000000) nanos = 999999999;
    return sys::WallTime{whole, nanos};
}

// Differences of large epoch values in double lose precision; subtract the
// whole seconds as integers first.
double difference(const sys::WallTime& a, const sys::WallTime& b) {
    return static_cast<double>(a.seconds - b.seconds) + (a.nanoseconds - b.nanoseconds) * 1e-9;
}

}  // namespace

const char* protocolName(Protocol protocol) {
    switch (protocol) {
        case Protocol::time: return "time";
        case Protocol::daytime: return "daytime";
        case Protocol::sntp: return "sntp";
    }
    return "?";
}

const char* transportName(Transport transport) { return transport == Transport::udp ? "udp" : "tcp"; }

std::uint16_t defaultPort(Protocol protocol) {
    switch (protocol) {
        case Protocol::time: return 37;
        case Protocol::daytime: return 13;
        case Protocol::sntp: return 123;
    }
    return 0;
}

SntpExchange::SntpExchange(const sys::WallTime& sent, std::uint32_t nonce) : sent_(sent) {
    transmitted_ = NtpTimestamp::fromWallTime(sent);
    // Below 2^-24 s (60 ns) the fraction is noise to us: make it unguessable.
    transmitted_.fraction = (transmitted_.fraction & 0xFFFFFF00u) | (nonce & 0xFFu);
    NtpPacket packet;
    packet.leap = LeapIndicator::none;
    packet.version = 4;
    packet.mode = NtpMode::client;
    packet.transmitTime = transmitted_;
    request_ = packet.encode();
}

bool SntpExchange::answers(const std::uint8_t* reply, std::size_t size) const {
    const auto packet = NtpPacket::decode(reply, size);
    return packet && packet->originTime == transmitted_;
}

Measurement SntpExchange::interpret(const std::uint8_t* reply, std::size_t size, const sys::WallTime& received) const {
    const auto packet = NtpPacket::decode(reply, size);
    if (!packet) throw ProtocolError("short reply (" + std::to_string(size) + " bytes, SNTP needs 48)");
    if (packet->mode != NtpMode::server)
        throw ProtocolError("not a server reply (mode " + std::to_string(static_cast<int>(packet->mode)) + ")");
    if (packet->version < 1 || packet->version > 4)
        throw ProtocolError("reply of unknown NTP version " + std::to_string(packet->version));
    if (!(packet->originTime == transmitted_))
        throw ProtocolError("reply does not answer our request (origin mismatch)");
    if (packet->stratum == 0) {
        // RFC 4330 section 8: stratum 0 carries a kiss code in the reference id.
        throw ProtocolError("server sent kiss-of-death " + referenceIdText(packet->referenceId));
    }
    if (packet->leap == LeapIndicator::unsynchronised || packet->stratum > 15)
        throw ProtocolError("server clock is not synchronised (leap " + std::to_string(static_cast<int>(packet->leap)) +
                            ", stratum " + std::to_string(packet->stratum) + ")");
    if (packet->transmitTime.isZero()) throw ProtocolError("server sent a zero transmit time");

    const std::int64_t pivot = received.seconds;
    const sys::WallTime t1 = sent_;
    const sys::WallTime t2 = packet->receiveTime.toWallTime(pivot);
    const sys::WallTime t3 = packet->transmitTime.toWallTime(pivot);
    const sys::WallTime t4 = received;
    Measurement m;
    m.offset = (difference(t2, t1) + difference(t3, t4)) / 2;
    m.delay = difference(t4, t1) - difference(t3, t2);
    if (m.delay < 0) m.delay = 0;  // a server whose clock steps mid-request
    m.serverTime = fromSeconds(static_cast<double>(t4.seconds) + t4.nanoseconds * 1e-9 + m.offset);
    m.stratum = packet->stratum;
    m.leap = static_cast<int>(packet->leap);
    m.referenceId = referenceIdForDisplay(packet->referenceId, packet->stratum);
    return m;
}

Measurement interpretTimeReply(const std::uint8_t* reply, std::size_t size, const sys::WallTime& sent,
                               const sys::WallTime& received) {
    if (size != 4) throw ProtocolError("reply of " + std::to_string(size) + " bytes, RFC 868 sends 4");
    if ((reply[0] | reply[1] | reply[2] | reply[3]) == 0) throw ProtocolError("server sent time zero");
    const auto serverSeconds = rfc868::decode(reply, size, received.seconds);
    Measurement m;
    const double middle = static_cast<double>(sent.seconds) + sent.nanoseconds * 1e-9 + difference(received, sent) / 2;
    m.offset = static_cast<double>(*serverSeconds) + 0.5 - middle;
    m.delay = difference(received, sent);
    m.serverTime = sys::WallTime{*serverSeconds, 0};
    return m;
}

Measurement interpretDaytimeReply(const std::string& reply, const sys::WallTime& sent, const sys::WallTime& received,
                                  int localOffsetSeconds) {
    auto parsed = rfc867::parse(reply);
    if (!parsed) {
        std::string line = reply.substr(0, 60);
        while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
        std::string shown;
        for (char c : line) shown += (c >= 0x20 && c < 0x7F) ? c : '.';
        throw ProtocolError("unreadable daytime reply '" + shown + "'");
    }
    if (!parsed->utcOffsetSeconds) parsed->utcOffsetSeconds = localOffsetSeconds;
    const auto serverSeconds = *rfc867::toUnixSeconds(*parsed);
    Measurement m;
    const double middle = static_cast<double>(sent.seconds) + sent.nanoseconds * 1e-9 + difference(received, sent) / 2;
    m.offset = static_cast<double>(serverSeconds) + 0.5 - middle;
    m.delay = difference(received, sent);
    m.serverTime = sys::WallTime{serverSeconds, 0};
    return m;
}

std::optional<std::size_t> chooseBest(const std::vector<ServerAnswer>& answers) {
    std::optional<std::size_t> best;
    for (std::size_t i = 0; i < answers.size(); ++i) {
        if (!answers[i].measurement) continue;
        if (!best || answers[i].measurement->delay < answers[*best].measurement->delay) best = i;
    }
    return best;
}

std::string formatIsoUtc(const sys::WallTime& time) {
    const std::int64_t days = (time.seconds >= 0 ? time.seconds : time.seconds - 86399) / 86400;
    const std::int64_t secondsOfDay = time.seconds - days * 86400;
    const auto date = rfc867::civilFromDays(days);
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%04lld-%02d-%02dT%02d:%02d:%02d.%06dZ", static_cast<long long>(date.year),
                  date.month, date.day, static_cast<int>(secondsOfDay / 3600), static_cast<int>(secondsOfDay / 60 % 60),
                  static_cast<int>(secondsOfDay % 60), time.nanoseconds / 1000);
    return buffer;
}

}  // namespace wirekit::timed
