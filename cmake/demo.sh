#!/bin/sh
# `make demo`: each finished tool doing its main job on loopback.
set -eu
build=${1:-build}
timed="$build/apps/timed/timed"
pscan="$build/apps/pscan/pscan"

say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

# Ports above 1024 so no privilege is needed; both loopback families.
time_port=10037 daytime_port=10013 sntp_port=10123
log=$(mktemp)
"$timed" serve --bind 127.0.0.1 --bind ::1 --time-port $time_port --daytime-port $daytime_port \
    --sntp-port $sntp_port --local-stratum 10 2>"$log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -f "$log"' EXIT INT TERM
# Wait for the last listener; give up after five seconds.
i=0
until grep -q "listening: sntp \[::1\]" "$log" 2>/dev/null; do
    i=$((i + 1)); [ $i -lt 50 ] || { cat "$log"; exit 1; }; sleep 0.1
done

echo "== timed: time client and server =="
say "timed serve --bind 127.0.0.1 --bind ::1 --time-port $time_port --daytime-port $daytime_port --sntp-port $sntp_port --local-stratum 10 &"
cat "$log"
say "timed query 127.0.0.1:$sntp_port [::1]:$sntp_port"
"$timed" query 127.0.0.1:$sntp_port "[::1]:$sntp_port"
say "timed query -P time 127.0.0.1:$time_port        # RFC 868 over TCP"
"$timed" query -P time 127.0.0.1:$time_port
say "timed query -P daytime -u [::1]:$daytime_port   # RFC 867 over UDP"
"$timed" query -P daytime -u "[::1]:$daytime_port"
say "timed query --json 127.0.0.1:$sntp_port 127.0.0.1:9"
"$timed" query --json -w 1 127.0.0.1:$sntp_port 127.0.0.1:9 || true
say "kill -USR1 \$server   # counters on demand"
kill -USR1 $server; sleep 0.2; tail -n 1 "$log"

echo
echo "== pscan: port scanner (SYN scan as root, connect scan otherwise; finds the timed server above) =="
say "pscan -p 10000-10200 127.0.0.1"
"$pscan" -p 10000-10200 127.0.0.1
say "pscan -p 10000-10200 --json ::1"
"$pscan" -p 10000-10200 --json ::1

echo
echo "== bwmeter: bandwidth meter (loopback, with 64 MiB sent through it) =="
bwmeter="$build/apps/bwmeter/bwmeter"
db=$(mktemp -d)/demo.db
# 64 MiB through a TCP connection on loopback, a quarter of a second from now.
traffic() {
    python3 -c '
import socket, threading, time
time.sleep(0.25)
server = socket.socket(); server.bind(("127.0.0.1", 0)); server.listen(1)
client = socket.create_connection(server.getsockname()); peer, _ = server.accept()
def drain():
    while peer.recv(1 << 16): pass
reader = threading.Thread(target=drain); reader.start()
block = bytes(1 << 16)
for _ in range(1024): client.sendall(block)
client.close(); reader.join()'
}
"$bwmeter" sample --db "$db" -i lo
say "bwmeter -i lo -I 0.5 -n 3"
traffic &
sender=$!
"$bwmeter" -i lo -I 0.5 -n 3
wait $sender
"$bwmeter" sample --db "$db" -i lo
say "bwmeter report --hours --db $db"
"$bwmeter" report --hours --db "$db"
say "bwmeter graph --hours --ascii --db $db"
"$bwmeter" graph --hours --ascii --db "$db"
rm -rf "$(dirname "$db")"
