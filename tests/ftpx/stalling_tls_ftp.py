# A hostile FTPS server for test_hostile.cpp: it logs in over explicit TLS,
# accepts the data connection for RETR, answers 150, and then never starts
# the data connection's TLS handshake.
#   python3 stalling_tls_ftp.py PORT CERT KEY
import socket
import ssl
import sys
import time

port, cert, key = int(sys.argv[1]), sys.argv[2], sys.argv[3]
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
client.sendall(b"220 stalling server\r\n")
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
        held.append(connection)  # accepted, never handshaken
        secure.sendall(b"150 here it comes\r\n")
    else:
        secure.sendall(b"200 ok\r\n")
time.sleep(10)
