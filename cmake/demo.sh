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

echo
echo "== mailpoll: POP3 and IMAP mail checker (a private dovecot on loopback) =="
mailpoll="$build/apps/mailpoll/mailpoll"
if [ "$(id -u)" -ne 0 ] || ! [ -x /usr/sbin/dovecot ]; then
    echo "(skipped: the demo's private dovecot needs root and make deps)"
    exit 0
fi
mail=$(mktemp -d)
sh "$(dirname "$0")/private-dovecot.sh" "$mail" 10143 10993 10110 10995 alice
deliver() {  # from, subject
    name="$(date +%s).$$.$(od -An -N4 -tx4 /dev/urandom | tr -d ' ').demo"
    printf 'From: %s\r\nTo: alice@example.org\r\nSubject: %s\r\nDate: %s\r\n\r\nHello.\r\n' \
        "$1" "$2" "$(date -R)" >"$mail/home/alice/Maildir/tmp/$name"
    chown nobody:nogroup "$mail/home/alice/Maildir/tmp/$name"
    mv "$mail/home/alice/Maildir/tmp/$name" "$mail/home/alice/Maildir/new/$name"
}
deliver 'Ada Lovelace <ada@example.org>' 'Notes on the analytical engine'
deliver '=?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <jm@example.org>' '=?UTF-8?Q?Gr=C3=BC=C3=9Fe_aus_Z=C3=BCrich?='
/usr/sbin/dovecot -F -c "$mail/dovecot.conf" 2>/dev/null &
dovecot=$!
trap 'kill $server $dovecot 2>/dev/null; wait $server $dovecot 2>/dev/null; rm -f "$log"; rm -rf "$mail"' EXIT INT TERM
i=0
until python3 -c 'import socket; socket.create_connection(("127.0.0.1", 10995), 1)' 2>/dev/null; do
    i=$((i + 1)); [ $i -lt 50 ] || { cat "$mail/dovecot.log"; exit 1; }; sleep 0.1
done
cat >"$mail/config" <<CONF
# two accounts on one server: IMAPS and POP3 with STLS
cacert = $mail/cert.pem
password-file = $mail/password
user = alice
host = localhost

[work]
port = 10993

[home]
protocol = pop3
tls = starttls
port = 10110
CONF
say "cat config"
cat "$mail/config"
say "mailpoll --once -v -f config      # first check: unseen mail counts as new"
"$mailpoll" --once -v -f "$mail/config" -s "$mail/seen" || true
deliver 'Grace Hopper <grace@example.org>' 'Found a moth in relay 70'
say "mailpoll --once -f config         # after one more message arrived"
"$mailpoll" --once -f "$mail/config" -s "$mail/seen" || true
say "mailpoll --once -f config; echo \$?   # nothing new: exit status 1, like grep"
"$mailpoll" --once -f "$mail/config" -s "$mail/seen" && echo 0 || echo $?
say "mailpoll --idle --json -f config work &   # then a message arrives"
"$mailpoll" --idle --json -f "$mail/config" -s "$mail/seen" work >"$mail/idle.out" 2>&1 &
watcher=$!
sleep 1.5
deliver 'Edsger Dijkstra <ewd@example.org>' 'Go To Statement Considered Harmful'
sleep 1
kill $watcher; wait $watcher 2>/dev/null || true
cat "$mail/idle.out"

echo
echo "== ftpx: FTP and FTPS client (a private vsftpd on loopback, FTPS only) =="
ftpx=$(cd "$build" && pwd)/apps/ftpx/ftpx
vsftpd="$build/peers/root/usr/sbin/vsftpd"
ftp=$(mktemp -d)
sh "$(dirname "$0")/private-vsftpd.sh" "$ftp" 10021 tls
pub="$ftp/root/pub"
mkdir -p "$pub/site/css" "$pub/site/img"
printf '<h1>wirekit</h1>\n' >"$pub/site/index.html"
printf 'body { margin: 0 }\n' >"$pub/site/css/main.css"
head -c 200000 /dev/urandom >"$pub/site/img/logo.png"
head -c 3000000 /dev/urandom >"$pub/release.tar.gz"
chown -R daemon "$pub"
"$vsftpd" "$ftp/vsftpd.conf" 2>/dev/null &
vsftpd_pid=$!
# vsftpd dies of the signal: under set -e, wait's status 143 would end the
# trap before the clean-up, and make would see the demo fail.
trap 'kill $server $dovecot $vsftpd_pid 2>/dev/null; wait $server $dovecot $vsftpd_pid 2>/dev/null || true; rm -f "$log"; rm -rf "$mail" "$ftp"' EXIT INT TERM
i=0
until python3 -c 'import socket; socket.create_connection(("127.0.0.1", 10021), 1)' 2>/dev/null; do
    i=$((i + 1)); [ $i -lt 50 ] || exit 1; sleep 0.1
done
cd "$ftp"
mkdir here
url=ftp://localhost:10021/pub
say "ftpx --tls --cacert cert.pem ls -l $url/"
"$ftpx" --tls --cacert cert.pem ls -l "$url/"
say "ftpx --tls ls $url/      # the system's CA store does not know this server"
"$ftpx" --tls --retries 0 ls "$url/" || echo "exit status $?"
say "ftpx --tls --cacert cert.pem -v get $url/release.tar.gz here/"
"$ftpx" --tls --cacert cert.pem -v get "$url/release.tar.gz" here/
say "ftpx --tls --cacert cert.pem -v mirror $url/site here/site"
"$ftpx" --tls --cacert cert.pem -v mirror "$url/site" here/site
printf '<h1>wirekit, now with ftpx</h1>\n' >"$pub/site/index.html"
rm "$pub/site/css/main.css"
say "ftpx --tls --cacert cert.pem --dry-run --delete mirror $url/site here/site   # after a change on the server"
"$ftpx" --tls --cacert cert.pem --dry-run --delete mirror "$url/site" here/site
say "ftpx --tls --cacert cert.pem --json --delete mirror $url/site here/site"
"$ftpx" --tls --cacert cert.pem --json --delete mirror "$url/site" here/site
printf 'notes\n' >here/notes.txt
say "printf 'cd pub\\\\nput here/notes.txt\\\\nls\\\\nbye\\\\n' | ftpx --tls --cacert cert.pem localhost:10021"
printf 'cd pub\nput here/notes.txt\nls\nbye\n' | "$ftpx" --tls --cacert cert.pem localhost:10021
