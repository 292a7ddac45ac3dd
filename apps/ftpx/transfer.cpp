// File transfers in large blocks, resumable, with times preserved.
#include "transfer.h"

#include "ftp_errors.h"
#include "interrupt.h"
#include "part_file.h"
#include "sys/unique_fd.h"

#include <fcntl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

namespace wirekit::ftpx {

namespace {

/// One read or write of the data path: large enough that the system calls
/// cost little beside the copy, small enough for a router's memory.
constexpr std::size_t blockBytes = 1 << 20;
/// How much a plain download lets arrive before it is woken to read it.
constexpr std::size_t readBatchBytes = 256 << 10;
/// The smallest buffer: a whole TLS record, so a small file still takes one read.
constexpr std::size_t minimumBlockBytes = 16 << 10;

/// A buffer for what is left of a file, when that is known. A mirror of
/// many small files allocates one per file, and clearing a whole 1 MiB
/// block for a 4 KiB file cost an FTPS upload mirror 8% of its CPU.
std::vector<char> blockFor(std::optional<std::uint64_t> remaining) {
    std::size_t bytes = blockBytes;
    if (remaining && *remaining < blockBytes) bytes = std::max(minimumBlockBytes, static_cast<std::size_t>(*remaining));
    return std::vector<char>(bytes);
}

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

std::string errnoReason() { return std::strerror(errno); }

void writeAll(int fd, const char* data, std::size_t size, const std::string& path) {
    while (size > 0) {
        const ssize_t put = ::write(fd, data, size);
        if (put < 0) {
            if (errno == EINTR) continue;
            throw LocalError(path, errno);
        }
        data += put;
        size -= static_cast<std::size_t>(put);
    }
}

std::optional<std::uint64_t> localSize(const std::string& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) return std::nullopt;
    return static_cast<std::uint64_t>(info.st_size);
}

void setLocalTime(const std::string& path, std::int64_t seconds) {
    struct timespec times[2];
    times[0].tv_sec = times[1].tv_sec = static_cast<time_t>(seconds);
    times[0].tv_nsec = times[1].tv_nsec = 0;
    ::utimensat(AT_FDCWD, path.c_str(), times, 0);
}

/// Moves a plain data connection's bytes into `fd` through a pipe with
/// splice(2): the kernel hands pages from the socket to the file without a
/// copy through our memory. Returns the bytes moved.
std::uint64_t spliceToFile(DataConnection& data, int fd, const std::string& path, const std::string& where,
                           ProgressBar& progress) {
    int ends[2];
    if (::pipe2(ends, O_CLOEXEC) != 0) throw LocalError("pipe", errno);
    const sys::UniqueFd pipeOut(ends[0]), pipeIn(ends[1]);
    ::fcntl(pipeIn.get(), F_SETPIPE_SZ, static_cast<int>(blockBytes));
    std::uint64_t moved = 0;
    for (;;) {
        // The socket's receive timeout does not apply to splice: wait for it.
        if (!data.waitReadable()) throw ConnectionError(where + ": data connection timed out");
        const ssize_t got = ::splice(data.fd(), nullptr, pipeIn.get(), nullptr, blockBytes, SPLICE_F_MOVE);
        if (got < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            throw ConnectionError(where + ": data connection: " + errnoReason());
        }
        if (got == 0) return moved;
        for (ssize_t left = got; left > 0;) {
            const ssize_t put =
                ::splice(pipeOut.get(), nullptr, fd, nullptr, static_cast<std::size_t>(left), SPLICE_F_MOVE);
            if (put < 0) {
                if (errno == EINTR) continue;
                throw LocalError(path, errno);
            }
            left -= put;
        }
        moved += static_cast<std::uint64_t>(got);
        progress.advance(static_cast<std::uint64_t>(got));
    }
}

/// Copies a TLS (or stdout-bound) data connection into `fd`. A TLS read
/// returns one record, 16 KiB at most; the records already here are
/// gathered into the block and written at once (a 1 GiB download made
/// 65,000 writes, one per record). What was gathered is written before a
/// read that would wait, and before an error is passed on: the .part keeps
/// every byte that arrived. Returns the bytes written.
std::uint64_t receiveToFile(DataConnection& data, int fd, const std::string& path, std::vector<char> block,
                            ProgressBar& progress) {
    std::uint64_t written = 0;
    std::size_t filled = 0;
    const auto flush = [&] {
        writeAll(fd, block.data(), filled, path);
        written += filled;
        progress.advance(filled);
        filled = 0;
    };
    for (;;) {
        std::size_t got = 0;
        try {
            got = data.receive(block.data() + filled, block.size() - filled);
        } catch (...) {
            flush();
            throw;
        }
        filled += got;
        if (got == 0 || filled == block.size() || !data.moreWaiting()) flush();
        if (got == 0) return written;
    }
}

/// Whether the last bytes (at most 64 KiB) of the remote file, `size`
/// long, are the local file's bytes before `size`: an upload cut short, or
/// another file that happens to be shorter. Continuing the other file would
/// leave a splice of two that a later mirror takes for complete. A server
/// that cannot send from an offset leaves it unknown: false.
bool remoteEndMatches(FtpSession& session, const std::string& remote, int fd, const std::string& local,
                      std::uint64_t size) {
    const std::uint64_t length = std::min<std::uint64_t>(size, 64 * 1024);
    std::string theirs, ours(length, '\0');
    if (::pread(fd, ours.data(), length, static_cast<off_t>(size - length)) != static_cast<ssize_t>(length))
        throw LocalError(local, errno);
    std::uint64_t received = 0;
    try {
        DataConnection data = session.beginDownload(remote, size - length);
        try {
            // A server that takes REST but sends from byte 0 sends the whole
            // file: its end is compared all the same.
            char buffer[16384];
            while (const std::size_t got = data.receive(buffer, sizeof buffer)) {
                received += got;
                if (received > size) break;
                theirs.append(buffer, got);
                if (theirs.size() > length) theirs.erase(0, theirs.size() - length);
            }
        } catch (...) {
            session.abandonTransfer(data);
            throw;
        }
        if (received > size) {
            session.abandonTransfer(data);
            throw ConnectionError(session.where() + ": " + remote + " grew while it was read");
        }
        session.finishTransfer(data);
    } catch (const ReplyError&) {
        return false;
    }
    return (received == length || received == size) && theirs == ours;
}

/// Whether an attempt continues what the destination holds: when asked
/// (-c), and after an earlier attempt of the run had its transfer accepted.
bool resumes(bool asked, const TransferAttempts* attempts) { return asked || (attempts && attempts->started); }

/// Where a transfer starts, as the resume decision says.
void startAt(const ResumeDecision& decision, std::optional<std::uint64_t> total, TransferResult& result) {
    if (decision.kind == ResumeDecision::Kind::complete) {
        result.alreadyComplete = true;
        result.offset = total.value_or(0);
    } else if (decision.kind == ResumeDecision::Kind::resume) {
        result.offset = decision.offset;
    }
}

/// The .part file, truncated for a fresh start or positioned at `offset`;
/// or a copy of stdout.
sys::UniqueFd openDownloadTarget(bool toStdout, const std::string& part, std::uint64_t offset) {
    if (toStdout) {
        sys::UniqueFd out(::dup(STDOUT_FILENO));
        if (!out) throw LocalError("stdout", errno);
        return out;
    }
    // A symbolic link in place of the .part is not followed: it could point
    // anywhere, out of a mirrored tree.
    sys::UniqueFd file(
        ::open(part.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | (offset == 0 ? O_TRUNC : 0), 0666));
    if (!file && errno == ELOOP) throw LocalError(part + ": a symbolic link; not followed");
    if (!file) throw LocalError(part, errno);
    if (offset > 0 && ::lseek(file.get(), static_cast<off_t>(offset), SEEK_SET) < 0) throw LocalError(part, errno);
    return file;
}

}  // namespace

TransferResult download(FtpSession& session, const DownloadRequest& request, ProgressBar& progress) {
    const auto start = Clock::now();
    TransferResult result;
    const bool toStdout = request.local == "-";
    std::optional<std::uint64_t> expected = request.size;
    if (!expected) expected = session.size(request.remote);

    const std::string part = toStdout ? std::string() : partFileName(request.local);
    if (!toStdout && resumes(request.resume, request.attempts)) {
        startAt(decideResume(localSize(part), expected), expected, result);
    }

    if (!result.alreadyComplete) {
        // Standard output cannot be rewound, and what went out is not known
        // here: sending the file again from its start would double it.
        if (toStdout && request.attempts && request.attempts->started)
            throw LocalError("stdout: the transfer broke after output began; not retried");
        progress.start(request.remote, expected, result.offset);
        // The file is opened only once the server has accepted RETR: a
        // download that is refused leaves nothing behind, not an empty .part.
        DataConnection data = session.beginDownload(request.remote, result.offset);
        try {
            data.preferLargeReads(readBatchBytes);
            sys::UniqueFd file = openDownloadTarget(toStdout, part, result.offset);
            if (request.attempts) request.attempts->started = true;
            if (!data.secure() && !toStdout) {
                result.bytes = spliceToFile(data, file.get(), part, session.where(), progress);
            } else {
                std::optional<std::uint64_t> remaining;
                if (expected && *expected >= result.offset) remaining = *expected - result.offset;
                result.bytes =
                    receiveToFile(data, file.get(), toStdout ? "stdout" : part, blockFor(remaining), progress);
            }
            if (::close(file.release()) != 0) throw LocalError(part, errno);
        } catch (...) {
            progress.finish();
            session.abandonTransfer(data);
            throw;
        }
        progress.finish();
        session.finishTransfer(data);
    }
    if (toStdout) {
        result.seconds = secondsSince(start);
        return result;
    }

    const std::uint64_t have = result.offset + result.bytes;
    if (!partIsComplete(have, expected))
        throw ConnectionError(session.where() + ": transfer of " + request.remote + " ended after " +
                              std::to_string(have) + " of " + std::to_string(*expected) + " bytes");

    std::optional<std::int64_t> mtime;
    if (request.mtime && request.mtime->utc)
        mtime = request.mtime->seconds;
    else if (session.features().has("MDTM"))
        mtime = session.modificationTime(request.remote);
    if (mtime) setLocalTime(part, *mtime);
    if (::rename(part.c_str(), request.local.c_str()) != 0) throw LocalError(request.local, errno);
    result.seconds = secondsSince(start);
    return result;
}

TransferResult upload(FtpSession& session, const UploadRequest& request, ProgressBar& progress) {
    const auto start = Clock::now();
    TransferResult result;
    sys::UniqueFd file(::open(request.local.c_str(), O_RDONLY | O_CLOEXEC));
    if (!file) throw LocalError(request.local, errno);
    struct stat info {};
    if (::fstat(file.get(), &info) != 0) throw LocalError(request.local, errno);
    if (!S_ISREG(info.st_mode)) throw LocalError(request.local + ": not a regular file");
    const auto total = static_cast<std::uint64_t>(info.st_size);

    if (resumes(request.resume, request.attempts)) {
        const auto remote = request.remoteSize ? request.remoteSize : session.size(request.remote);
        startAt(decideResume(remote, total), total, result);
    }
    // What an earlier attempt of this run sent needs no check.
    const bool ownBytes = request.attempts && request.attempts->started;
    if (request.checkOverlap && !ownBytes && result.offset > 0 && !result.alreadyComplete &&
        !remoteEndMatches(session, request.remote, file.get(), request.local, result.offset))
        result.offset = 0;

    if (!result.alreadyComplete) {
        progress.start(request.local, total, result.offset);
        DataConnection data = session.beginUpload(request.remote, result.offset);
        if (request.attempts) request.attempts->started = true;
        try {
            if (!data.secure()) {
                // The kernel copies from the page cache to the socket.
                off_t at = static_cast<off_t>(result.offset);
                while (static_cast<std::uint64_t>(at) < total) {
                    const ssize_t sent =
                        ::sendfile(data.fd(), file.get(), &at, std::min<std::uint64_t>(total - at, 1 << 30));
                    if (sent < 0) {
                        if (errno == EINTR) continue;
                        if (errno == EAGAIN) throw ConnectionError(session.where() + ": data connection timed out");
                        throw ConnectionError(session.where() + ": data connection: " + errnoReason());
                    }
                    if (sent == 0) break;
                    result.bytes += static_cast<std::uint64_t>(sent);
                    progress.advance(static_cast<std::uint64_t>(sent));
                }
            } else {
                if (::lseek(file.get(), static_cast<off_t>(result.offset), SEEK_SET) < 0)
                    throw LocalError(request.local, errno);
                std::vector<char> buffer = blockFor(total > result.offset ? total - result.offset : 0);
                for (;;) {
                    const ssize_t got = ::read(file.get(), buffer.data(), buffer.size());
                    if (got < 0) {
                        if (errno == EINTR) continue;
                        throw LocalError(request.local, errno);
                    }
                    if (got == 0) break;
                    data.send(buffer.data(), static_cast<std::size_t>(got));
                    result.bytes += static_cast<std::uint64_t>(got);
                    progress.advance(static_cast<std::uint64_t>(got));
                }
            }
        } catch (...) {
            progress.finish();
            session.abandonTransfer(data);
            throw;
        }
        progress.finish();
        session.finishTransfer(data);
    }
    session.setModificationTime(request.remote, static_cast<std::int64_t>(info.st_mtime));
    result.seconds = secondsSince(start);
    return result;
}

bool isRetryable(const std::exception& error) {
    if (dynamic_cast<const ConnectionError*>(&error)) return true;
    if (const auto* reply = dynamic_cast<const ReplyError*>(&error)) return reply->retryable();
    return false;
}

void withRetries(Connector& connector, const RetryPolicy& policy,
                 const std::function<void(FtpSession&, int attempt)>& operation) {
    double delay = policy.firstDelaySeconds;
    for (int attempt = 0;; ++attempt) {
        try {
            operation(connector.session(), attempt);
            return;
        } catch (const std::exception& e) {
            // ^C cut the connections: the user's stop, not a fault to retry.
            if (interrupted()) {
                connector.drop();
                throw InterruptedError();
            }
            if (attempt >= policy.retries || !isRetryable(e)) throw;
            connector.drop();
            if (policy.note)
                policy.note(std::string(e.what()) + "; retrying in " + std::to_string(static_cast<int>(delay)) +
                            " s (" + std::to_string(attempt + 1) + " of " + std::to_string(policy.retries) + ")");
            const auto wake = std::chrono::steady_clock::now() + std::chrono::duration<double>(delay);
            while (std::chrono::steady_clock::now() < wake) {
                throwIfInterrupted();
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
            delay = std::min(delay * 2, 30.0);
        }
    }
}

}  // namespace wirekit::ftpx
