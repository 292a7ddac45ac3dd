#!/usr/bin/env python3
"""Writes COUNT messages into a Maildir (FIRST numbering the first), seen
(cur/, flag S) or unseen (new/), as an MDA would: the bench's mailbox."""
import os
import sys
import time


def main():
    maildir, first, count, kind = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    for sub in ("new", "cur", "tmp"):
        os.makedirs(os.path.join(maildir, sub), exist_ok=True)
    base = 1795593600
    for n in range(first, first + count):
        when = time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime(base + n * 60))
        text = (f"From: Sender {n % 97} <sender{n % 97}@example.org>\r\n"
                f"To: user@example.org\r\nSubject: Bench message {n}\r\nDate: {when}\r\n"
                f"Message-ID: <{n}@bench.wirekit>\r\n\r\n" + "Body line.\r\n" * 20)
        name = f"{base + n}.M{n}P1.bench"
        if kind == "seen":
            path = os.path.join(maildir, "cur", name + ":2,S")
        else:
            path = os.path.join(maildir, "new", name)
        with open(path, "w") as f:
            f.write(text)


main()
