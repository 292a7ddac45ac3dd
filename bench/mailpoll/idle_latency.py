#!/usr/bin/env python3
"""Delivery-to-report latency of a mail watcher: starts COMMAND (which must
print one line per new message containing its subject), delivers ROUNDS
messages into MAILDIR one at a time, and prints each latency in ms."""
import os
import subprocess
import sys
import threading
import time


def main():
    maildir, rounds, owner = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    command = sys.argv[4:]
    seen = {}
    watcher = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)

    def read():
        for line in watcher.stdout:
            seen.setdefault(line, time.monotonic())

    threading.Thread(target=read, daemon=True).start()
    time.sleep(3)  # connected, first check done, in IDLE
    latencies = []
    for n in range(rounds):
        subject = f"latency probe {n} {os.getpid()}"
        name = f"{int(time.time())}.L{n}P{os.getpid()}.bench"
        tmp = os.path.join(maildir, "tmp", name)
        with open(tmp, "w") as f:
            f.write(f"From: Probe <p@example.org>\r\nSubject: {subject}\r\n\r\nx\r\n")
        os.chown(tmp, owner, owner)
        delivered = time.monotonic()
        os.rename(tmp, os.path.join(maildir, "new", name))
        deadline = delivered + 10
        found = None
        while time.monotonic() < deadline and found is None:
            for line, when in list(seen.items()):
                if subject in line:
                    found = when
            time.sleep(0.002)
        latencies.append((found - delivered) * 1000 if found else float("inf"))
        time.sleep(0.5)
    watcher.terminate()
    watcher.wait()
    print(" ".join(f"{x:.0f}" for x in latencies))


main()
