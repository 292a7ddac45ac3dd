// The NTP packet header, RFC 5905 section 7.3.
#include "ntp_packet.h"

#include "era.h"

#include <cmath>

namespace wirekit::timed {

namespace {

void putU32(std::uint8_t* out, std::uint32_t value) {
    out[0] = static_cast<std::uint8_t>(value >> 24);
    out[1] = static_cast<std::uint8_t>(value >> 16);
    out[2] = static_cast<std::uint8_t>(value >> 8);
    out[3] = static_cast<std::uint8_t>(value);
}

std::uint32_t getU32(const std::uint8_t* in) {
    return static_cast<std::uint32_t>(in[0]) << 24 | static_cast<std::uint32_t>(in[1]) << 16 |
           static_cast<std::uint32_t>(in[2]) << 8 | in[3];
}

void putTimestamp(std::uint8_t* out, const NtpTimestamp& ts) {
    putU32(out, ts.seconds);
    putU32(out + 4, ts.fraction);
}

NtpTimestamp getTimestamp(const std::uint8_t* in) { return NtpTimestamp{getU32(in), getU32(in + 4)}; }

}  // namespace

NtpTimestamp NtpTimestamp::fromWallTime(const sys::WallTime& time) {
    // fraction = nanoseconds * 2^32 / 10^9, exact in 64 bits.
    const auto fraction = (static_cast<std::uint64_t>(time.nanoseconds) << 32) / 1000000000ULL;
    return NtpTimestamp{toEraSeconds(time.seconds), static_cast<std::uint32_t>(fraction)};
}

sys::WallTime NtpTimestamp::toWallTime(std::int64_t pivotUnixSeconds) const {
    const auto nanoseconds = (static_cast<std::uint64_t>(fraction) * 1000000000ULL) >> 32;
    return sys::WallTime{fromEraSeconds(seconds, pivotUnixSeconds), static_cast<std::int32_t>(nanoseconds)};
}

std::array<std::uint8_t, ntpHeaderSize> NtpPacket::encode() const {
    std::array<std::uint8_t, ntpHeaderSize> out{};
    // Byte 0: LI in bits 7-6, version in bits 5-3, mode in bits 2-0.
    out[0] =
        static_cast<std::uint8_t>(static_cast<unsigned>(leap) << 6 | (version & 7u) << 3 | static_cast<unsigned>(mode));
    out[1] = stratum;
    out[2] = static_cast<std::uint8_t>(poll);
    out[3] = static_cast<std::uint8_t>(precision);
    putU32(&out[4], rootDelay);
    putU32(&out[8], rootDispersion);
    putU32(&out[12], referenceId);
    putTimestamp(&out[16], referenceTime);
    putTimestamp(&out[24], originTime);
    putTimestamp(&out[32], receiveTime);
    putTimestamp(&out[40], transmitTime);
    return out;
}

std::optional<NtpPacket> NtpPacket::decode(const std::uint8_t* data, std::size_t size) {
    if (data == nullptr || size < ntpHeaderSize) return std::nullopt;
    NtpPacket packet;
    packet.leap = static_cast<LeapIndicator>(data[0] >> 6);
    packet.version = static_cast<std::uint8_t>((data[0] >> 3) & 7u);
    packet.mode = static_cast<NtpMode>(data[0] & 7u);
    packet.stratum = data[1];
    packet.poll = static_cast<std::int8_t>(data[2]);
    packet.precision = static_cast<std::int8_t>(data[3]);
    packet.rootDelay = getU32(&data[4]);
    packet.rootDispersion = getU32(&data[8]);
    packet.referenceId = getU32(&data[12]);
    packet.referenceTime = getTimestamp(&data[16]);
    packet.originTime = getTimestamp(&data[24]);
    packet.receiveTime = getTimestamp(&data[32]);
    packet.transmitTime = getTimestamp(&data[40]);
    return packet;
}

std::uint32_t toNtpShort(double seconds) {
    if (!(seconds > 0)) return 0;
    if (seconds >= 65535.0) return 0xFFFFFFFFu;
    return static_cast<std::uint32_t>(std::llround(seconds * 65536.0));
}

double fromNtpShort(std::uint32_t value) { return value / 65536.0; }

std::string referenceIdText(std::uint32_t referenceId) {
    std::string text;
    for (int shift = 24; shift >= 0; shift -= 8) {
        const auto c = static_cast<char>((referenceId >> shift) & 0xFF);
        if (c == '\0') break;
        text += (c >= 0x20 && c < 0x7F) ? c : '.';
    }
    return text;
}

std::string referenceIdAddress(std::uint32_t referenceId) {
    return std::to_string(referenceId >> 24) + "." + std::to_string(referenceId >> 16 & 0xFF) + "." +
           std::to_string(referenceId >> 8 & 0xFF) + "." + std::to_string(referenceId & 0xFF);
}

std::string referenceIdForDisplay(std::uint32_t referenceId, int stratum) {
    if (stratum < 2) return referenceIdText(referenceId);
    bool name = (referenceId >> 24) != 0;
    bool ended = false;
    for (int shift = 24; shift >= 0 && name; shift -= 8) {
        const auto c = static_cast<char>((referenceId >> shift) & 0xFF);
        if (c == '\0')
            ended = true;
        else
            name = !ended && c >= 'A' && c <= 'Z';
    }
    return name ? referenceIdText(referenceId) : referenceIdAddress(referenceId);
}

std::uint32_t referenceIdFromText(const char (&text)[5]) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(text[0])) << 24 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(text[1])) << 16 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(text[2])) << 8 | static_cast<unsigned char>(text[3]);
}

}  // namespace wirekit::timed
