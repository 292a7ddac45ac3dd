#!/usr/bin/env python3
"""The least a check can ask of the server: for each USER at once (a thread
each), a TLS connection, a login and the one cheap question (IMAP: LOGIN and
STATUS in one write; POP3: USER, PASS, STAT and UIDL, which every POP3
checker needs to tell new from old), then a logout not waited for. Timed
from inside an already running process, so no program start, no dynamic
loading and no configuration is counted: a floor that no client goes far
below on this server. Prints the elapsed microseconds.

With "status-latency" for the protocol it prints instead how long the
slowest user's STATUS took, in ms, one user after another: dovecot answers
it in well under a millisecond from its index, but re-reads a 10,000
message Maildir's list (some 20 ms here) for a while after a client has
fetched message contents; the benchmark waits for that to pass.

    floor_client.py imap|pop3|status-latency PORT CAFILE PASSWORD USER...
"""
import socket
import ssl
import sys
import threading
import time


def read_until(stream, done):
    data = b""
    while not done(data):
        chunk = stream.recv(65536)
        if not chunk:
            raise EOFError("server closed the connection")
        data += chunk
    return data


def line_ends(data):
    return data.endswith(b"\r\n")


def imap_check(stream, user, password):
    read_until(stream, line_ends)  # greeting
    stream.sendall(b"a LOGIN %s %s\r\nb STATUS INBOX (MESSAGES UNSEEN UIDNEXT UIDVALIDITY)\r\n"
                   % (user.encode(), password.encode()))
    reply = read_until(stream, lambda d: b"\r\nb " in b"\r\n" + d and line_ends(d))
    if b"\r\nb OK" not in b"\r\n" + reply:
        raise RuntimeError("IMAP STATUS failed: %r" % reply[-200:])
    stream.sendall(b"c LOGOUT\r\n")


def pop3_check(stream, user, password):
    read_until(stream, line_ends)  # greeting
    stream.sendall(b"USER %s\r\nPASS %s\r\nSTAT\r\nUIDL\r\n" % (user.encode(), password.encode()))
    reply = read_until(stream, lambda d: d.count(b"+OK") >= 4 and d.endswith(b"\r\n.\r\n"))
    if b"-ERR" in reply:
        raise RuntimeError("POP3 check failed: %r" % reply[:200])
    stream.sendall(b"QUIT\r\n")


def status_latency(context, port, users, password):
    slowest = 0.0
    for user in users:
        with socket.create_connection(("127.0.0.1", port), timeout=30) as raw:
            with context.wrap_socket(raw, server_hostname="localhost") as stream:
                read_until(stream, line_ends)
                stream.sendall(b"a LOGIN %s %s\r\n" % (user.encode(), password.encode()))
                read_until(stream, lambda d: b"\r\na " in b"\r\n" + d and line_ends(d))
                started = time.perf_counter()
                stream.sendall(b"b STATUS INBOX (MESSAGES UNSEEN UIDNEXT UIDVALIDITY)\r\n")
                read_until(stream, lambda d: b"\r\nb " in b"\r\n" + d and line_ends(d))
                slowest = max(slowest, time.perf_counter() - started)
                stream.sendall(b"c LOGOUT\r\n")
    print("%.1f" % (slowest * 1000))


def main():
    protocol, port, cafile, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    users = sys.argv[5:]
    context = ssl.create_default_context(cafile=cafile)
    if protocol == "status-latency":
        status_latency(context, port, users, password)
        return
    check = imap_check if protocol == "imap" else pop3_check
    failures = []

    def one(user):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=30) as raw:
                with context.wrap_socket(raw, server_hostname="localhost") as stream:
                    check(stream, user, password)
        except Exception as error:  # reported after the timing, never hidden
            failures.append("%s: %s" % (user, error))

    started = time.perf_counter()
    threads = [threading.Thread(target=one, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if failures:
        sys.exit("floor_client: " + "; ".join(failures))
    print(int(elapsed * 1e6))


if __name__ == "__main__":
    main()
