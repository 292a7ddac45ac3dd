// The SNTP server's answer to one request (RFC 4330, section 5).
#include "sntp_responder.h"

namespace wirekit::timed {

SntpAnswer answerSntp(const std::uint8_t* request, std::size_t size, const sys::WallTime& received,
                      const sys::WallTime& transmit, const ServerClockState& clock) {
    SntpAnswer answer;
    const auto packet = NtpPacket::decode(request, size);
    if (!packet) {
        answer.verdict = SntpVerdict::tooShort;
        return answer;
    }
    if (packet->version < 1 || packet->version > 4) {
        answer.verdict = SntpVerdict::badVersion;
        return answer;
    }
    if (packet->mode != NtpMode::client) {
        // Symmetric, broadcast, control and private modes are not ours to
        // answer; answering them would make the server a reflector.
        answer.verdict = SntpVerdict::notClientMode;
        return answer;
    }
    NtpPacket reply;
    reply.leap = clock.leap;
    reply.version = packet->version;
    reply.mode = NtpMode::server;
    reply.stratum = clock.stratum;
    reply.poll = packet->poll;  // RFC 4330: copied from the request
    reply.precision = clock.precision;
    reply.rootDelay = toNtpShort(clock.rootDelay);
    reply.rootDispersion = toNtpShort(clock.rootDispersion);
    reply.referenceId = clock.referenceId;
    reply.referenceTime =
        clock.referenceTime.seconds == 0 ? NtpTimestamp{} : NtpTimestamp::fromWallTime(clock.referenceTime);
    reply.originTime = packet->transmitTime;
    reply.receiveTime = NtpTimestamp::fromWallTime(received);
    reply.transmitTime = NtpTimestamp::fromWallTime(transmit);
    answer.verdict = SntpVerdict::reply;
    answer.reply = reply.encode();
    return answer;
}

}  // namespace wirekit::timed
