# A hostile FTPS server for test_hostile.cpp. It logs in over explicit TLS,
# accepts the data connection for RETR and answers 150; then, by its mode:
#   stall              never starts the data connection's TLS handshake;
#   other-certificate  handshakes with a context of its own (no session to
#                      resume) and the certificate DATA_CERT, then sends the
#                      file: one trusted but for another name.
#   stall-after-data   handshakes (resuming the control session), sends the
#                      first 300,000 bytes of the file (byte i is i % 251)
#                      in records of all sizes, then holds both connections
#                      open and silent.
#   truncated          handshakes, sends the first 100,000 bytes of that
#                      file, closes the TCP connection without TLS's
#                      close_notify and answers 226: the end an attacker
#                      who cuts the connection would fake.
#   python3 hostile_tls_ftp.py MODE PORT CERT KEY [DATA_CERT DATA_KEY]
import socket
import ssl
import sys
import time

mode, port, cert, key = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(cert, key)
control = socket.socket()
control.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
control.bind(("127.0.0.1", port))
control.listen(1)
data = socket.socket()
data.bind(("127.0.0.1", 0))
data.listen(1)
print("ready", file=sys.stderr, flush=True)
client, _ = control.accept()
client.sendall(b"220 hostile server\r\n")
client.makefile("rb").readline()  # AUTH TLS
client.sendall(b"234 go ahead\r\n")
secure = context.wrap_socket(client, server_side=True)
lines = secure.makefile("rb")
held = []
for line in lines:
    verb = line.split()[0].upper() if line.split() else b""
    if verb == b"USER":
        secure.sendall(b"331 password\r\n")
    elif verb == b"PASS":
        secure.sendall(b"230 logged in\r\n")
    elif verb == b"EPSV":
        secure.sendall(b"229 Entering Extended Passive Mode (|||%d|)\r\n" % data.getsockname()[1])
    elif verb in (b"SIZE", b"FEAT"):
        secure.sendall(b"550 no\r\n")
    elif verb == b"RETR":
        connection, _ = data.accept()
        secure.sendall(b"150 here it comes\r\n")
        if mode == "stall":
            held.append(connection)  # accepted, never handshaken
            continue
        if mode == "stall-after-data":
            wrapped = context.wrap_socket(connection, server_side=True)
            content = bytes(i % 251 for i in range(300000))
            at, size = 0, 1
            while at < len(content):
                wrapped.sendall(content[at:at + size])
                at += size
                size = size * 3 + 1 if size < 20000 else 1
            held.append(wrapped)
            continue
        if mode == "truncated":
            wrapped = context.wrap_socket(connection, server_side=True)
            wrapped.sendall(bytes(i % 251 for i in range(100000)))
            wrapped.close()  # no unwrap(): no close_notify
            secure.sendall(b"226 done\r\n")
            continue
        other = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        other.load_cert_chain(sys.argv[5], sys.argv[6])
        try:
            wrapped = other.wrap_socket(connection, server_side=True)
            wrapped.sendall(b"not for you\n")
            wrapped.unwrap().close()  # close_notify: a complete file
            secure.sendall(b"226 done\r\n")
        except (ssl.SSLError, OSError):
            secure.sendall(b"426 aborted\r\n")
    else:
        secure.sendall(b"200 ok\r\n")
time.sleep(10)
