#!/bin/bash
# bench/mailpoll/run.sh: mailpoll against fetchmail 6.4 (-c, check only) and
# mpop 1.4 (-s, status only) on the same private dovecot in one run. dovecot
# runs inside a network namespace of its own, so the namespace's loopback
# counters are exactly the bytes a check exchanged (TLS included).
#
# The mailbox: 10,000 messages, 9,900 seen and 100 new. mailpoll's state is
# taken from before the 100 arrived, so each of its checks finds and lists
# those 100 (From, Subject, Date fetched); fetchmail -c and mpop -s only count.
# A second mailpoll row checks again with the state it just saved: nothing
# new, its everyday cron check.
#   1. one account, IMAPS; 2. one account, POP3S;
#   3. 20 accounts on the server (20 users with the same mailbox), IMAPS and
#      POP3S: fetchmail polls them one after another, mailpoll concurrently;
#   4. IDLE: delivery-to-report latency of mailpoll --idle.
# Beside them a floor (floor_client.py): the least exchange a check needs
# (TLS, login, STATUS; for POP3 STAT and UIDL), for one account and for the
# 20 at once, timed inside a running process: what the server itself takes,
# which no client goes far below. Every time is taken inside the namespace.
# 1 to 3 run twice: against dovecot's default configuration (a new login
# process for every connection, a new mail process for every session) and
# against one tuned as busy servers run it (processes started in advance and
# reused), where the server's process start-up no longer hides the clients'
# own costs. Medians of wall time and bytes; the server's CPU is a mean.
#
#   BUILD_DIR=build BENCH_RUNS=11 bash bench/mailpoll/run.sh   (as root)
set -euo pipefail

build=$(cd "${BUILD_DIR:-build}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
runs=${BENCH_RUNS:-11}
accounts=20
peers=$build/peers/root
fetchmail=$peers/usr/bin/fetchmail
mpop=$peers/usr/bin/mpop
mailpoll=$build/apps/mailpoll/mailpoll
for program in "$fetchmail" "$mpop" "$mailpoll" /usr/sbin/dovecot; do
    [ -x "$program" ] || { echo "bench: missing $program (run make deps and make)" >&2; exit 1; }
done
[ "$(id -u)" -eq 0 ] || { echo "bench: needs root for a network namespace" >&2; exit 1; }

ns=wk-bmail-$$
work=$(mktemp -d)
dovecot_pid=""
cleanup() {
    [ -z "$dovecot_pid" ] || { kill "$dovecot_pid" 2>/dev/null || true; wait "$dovecot_pid" 2>/dev/null || true; }
    ip netns del "$ns" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT INT TERM
chmod 755 "$work"
ip netns add "$ns"
ip netns exec "$ns" ip link set lo up
inns() { ip netns exec "$ns" "$@"; }

# The mailbox, then the same files (hard links) for every other user.
mkdir -p "$work/home"
python3 "$here/make_maildir.py" "$work/home/alice/Maildir" 1 9900 seen
users=(alice)
for ((u = 1; u < accounts; u++)); do
    user=$(printf 'user%02d' "$u")
    users+=("$user")
    mkdir -p "$work/home/$user/Maildir/new" "$work/home/$user/Maildir/tmp"
    cp -al "$work/home/alice/Maildir/cur" "$work/home/$user/Maildir/cur"
done
sh "$here/../../cmake/private-dovecot.sh" "$work" 143 993 110 995 "${users[@]}"
# A second configuration as busy servers run dovecot: login processes that
# serve many connections and mail processes started in advance, so that
# the server's own process start-up stops dominating what a check costs.
cp "$work/dovecot.conf" "$work/dovecot-tuned.conf"
for service in imap pop3; do
    printf 'service %s-login {\n  service_count = 0\n  process_min_avail = 2\n}\n' $service
    printf 'service %s {\n  service_count = 1000\n  process_min_avail = 4\n}\n' $service
done >>"$work/dovecot-tuned.conf"
start_dovecot() {  # configuration file
    # Started directly (not through a shell function) so that $! is
    # dovecot's own pid: cleanup stops it by that pid.
    ip netns exec "$ns" /usr/sbin/dovecot -F -c "$1" 2>/dev/null &
    dovecot_pid=$!
    for ((i = 0; i < 100; i++)); do
        inns bash -c 'exec 3<>/dev/tcp/127.0.0.1/995' 2>/dev/null && break
        sleep 0.1
    done
    sleep 0.5  # the processes it starts in advance
}
stop_dovecot() {
    kill "$dovecot_pid" 2>/dev/null || true
    wait "$dovecot_pid" 2>/dev/null || true
    dovecot_pid=""
}
start_dovecot "$work/dovecot.conf"

# Configurations: one account and twenty, for each protocol.
account() {  # name user protocol port
    printf '[%s]\nprotocol = %s\nhost = localhost\nport = %s\nuser = %s\n' "$1" "$3" "$4" "$2"
}
common="cacert = $work/cert.pem
password-file = $work/password
"
for proto in imap pop3; do
    port=993; [ $proto = pop3 ] && port=995
    { echo "$common"; account alice alice $proto $port; } >"$work/$proto-1.conf"
    { echo "$common"; for user in "${users[@]}"; do account "$user" "$user" $proto $port; done; } >"$work/$proto-20.conf"
    upper=IMAP; [ $proto = pop3 ] && upper=POP3
    echo "poll localhost protocol $upper port $port user alice password secret ssl sslcertfile $work/cert.pem sslcertck" \
        >"$work/$proto-1.fetchmailrc"
    for user in "${users[@]}"; do
        echo "poll localhost protocol $upper port $port user $user password secret ssl sslcertfile $work/cert.pem sslcertck"
    done >"$work/$proto-20.fetchmailrc"
done
chmod 600 "$work"/*.fetchmailrc
cat >"$work/mpoprc" <<CONF
account alice
host localhost
port 995
tls on
tls_starttls off
tls_trust_file $work/cert.pem
user alice
passwordeval cat $work/password
delivery mbox $work/mpop.mbox
CONF
chmod 600 "$work/mpoprc"

# mailpoll's state from before the 100 new messages (and dovecot's indexes warm).
for proto in imap pop3; do
    inns "$mailpoll" --once -q -f "$work/$proto-20.conf" -s "$work/before-$proto" >/dev/null || true
done
for user in "${users[@]}"; do
    python3 "$here/make_maildir.py" "$work/home/$user/Maildir" 9901 100 new
done
chown -R nobody:nogroup "$work/home"
for proto in imap pop3; do
    HOME=$work inns "$fetchmail" -c --nosyslog -f "$work/$proto-20.fetchmailrc" >/dev/null 2>&1 || true
done

lo_bytes() { inns cat /sys/class/net/lo/statistics/tx_bytes; }
clock_ticks=$(getconf CLK_TCK)
# dovecot's CPU time so far, in microseconds: each running process's own
# (schedstat, exact) and what the master has reaped of those that ended
# (its children's time, in clock ticks). The short wait lets the sessions
# finish the logout that no client waits for.
server_cpu() {
    local reaped p
    sleep 0.03
    reaped=$(sed 's/.*) //' "/proc/$dovecot_pid/stat" | awk '{print $14 + $15}')
    for p in $(ip netns pids "$ns"); do cat "/proc/$p/schedstat" 2>/dev/null || true; done |
        awk -v t="$reaped" -v hz="$clock_ticks" '{ns += $1} END {printf "%d\n", ns / 1000 + t * 1000000 / hz}'
}
# The clock is read inside the namespace, around the command alone: entering
# the namespace (ip netns exec, some 5 ms here) is not part of a check.
# Inside the namespace, around the command alone (entering the namespace,
# ip netns exec, costs some 5 ms here and is not part of a check): prints
# "microseconds client-CPU-microseconds", the CPU from the shell's times.
# With FLOOR set the command prints its own microseconds (floor_client.py
# times from inside its process).
in_ns_timed() {
    # shellcheck disable=SC2016  # expanded by the inner shell
    HOME=$work LC_ALL=C OUT=$work/out ERR=$work/err inns bash -c '
        started=$EPOCHREALTIME; "$@" >"$OUT" 2>"$ERR"; ended=$EPOCHREALTIME
        if [ -n "${FLOOR:-}" ]; then elapsed=$(cat "$OUT"); else elapsed=$((${ended/./} - ${started/./})); fi
        times >"$ERR.times"  # not in a pipe: a subshell would count no children
        echo "$elapsed $(tail -n 1 "$ERR.times")"' _ "$@" |
        awk 'function us(t, p) {split(t, p, "m"); sub("s", "", p[2]); return (p[1] * 60 + p[2]) * 1e6}
             {printf "%d %d\n", $1, us($2) + us($3)}'
}
measure() {  # name, then the command; appends "µs bytes server-CPU-µs client-CPU-µs" to $work/name.runs
    local name=$1 before timed after cpu_before
    shift
    cpu_before=$(server_cpu)
    before=$(lo_bytes)
    timed=$(in_ns_timed "$@")
    after=$(lo_bytes)
    echo "${timed% *} $((after - before)) $(($(server_cpu) - cpu_before)) ${timed#* }" >>"$work/$name.runs"
}
# The floor: the least exchange a check needs, timed inside a running
# process (floor_client.py). What no client can go far below on this server.
measure_floor() {  # name protocol port user...
    local name=$1 protocol=$2 port=$3
    shift 3
    FLOOR=1 measure "$name" /usr/bin/python3 "$here/floor_client.py" "$protocol" "$port" "$work/cert.pem" secret "$@"
}
fresh_state() {  # protocol
    rm -rf "$work/now-$1"
    cp -a "$work/before-$1" "$work/now-$1"
}
measure_all() {  # tag
    local tag=$1 i proto
    for ((i = 1; i <= runs; i++)); do
        for proto in imap pop3; do
            port=993; [ $proto = pop3 ] && port=995
            measure_floor $tag-floor-$proto-1 $proto $port alice
            measure_floor $tag-floor-$proto-20 $proto $port "${users[@]}"
            measure $tag-fetchmail-$proto-1 "$fetchmail" -c --nosyslog -f "$work/$proto-1.fetchmailrc"
            fresh_state $proto
            measure $tag-mailpoll-$proto-1 "$mailpoll" --once -f "$work/$proto-1.conf" -s "$work/now-$proto"
            grep -c 'Bench message' "$work/out" >>"$work/$tag-mailpoll-$proto-1.listed"
            measure $tag-mailpoll-$proto-1-again "$mailpoll" --once -f "$work/$proto-1.conf" -s "$work/now-$proto"
            measure $tag-fetchmail-$proto-20 "$fetchmail" -c --nosyslog -f "$work/$proto-20.fetchmailrc"
            fresh_state $proto
            measure $tag-mailpoll-$proto-20 "$mailpoll" --once -f "$work/$proto-20.conf" -s "$work/now-$proto"
            grep -c 'Bench message' "$work/out" >>"$work/$tag-mailpoll-$proto-20.listed"
            measure $tag-mailpoll-$proto-20-again "$mailpoll" --once -f "$work/$proto-20.conf" -s "$work/now-$proto"
        done
        measure $tag-mpop-pop3-1 "$mpop" -C "$work/mpoprc" -s alice
        measure $tag-mailpoll-start "$mailpoll" --version
    done
}

# After a client has fetched message contents (a "100 listed" check), dovecot
# re-reads the Maildir's list of 10,000 names at every session for some
# minutes: ~20 ms of the server's per check, whoever checks. The last phase
# waits for that to pass (at most 15 minutes), then measures only what does
# not fetch contents: the floor, fetchmail -c and mailpoll's "nothing new".
slowest_status() { inns /usr/bin/python3 "$here/floor_client.py" status-latency 993 "$work/cert.pem" secret "${users[@]}"; }
settle() {
    local i
    for ((i = 0; i < 90; i++)); do
        awk -v ms="$(slowest_status)" 'BEGIN {exit !(ms < 3)}' && return 0
        sleep 10
    done
    return 1
}
measure_settled() {  # tag
    local tag=$1 i proto port
    for ((i = 1; i <= runs; i++)); do
        for proto in imap pop3; do
            port=993; [ $proto = pop3 ] && port=995
            measure_floor $tag-floor-$proto-1 $proto $port alice
            measure_floor $tag-floor-$proto-20 $proto $port "${users[@]}"
            measure $tag-fetchmail-$proto-1 "$fetchmail" -c --nosyslog -f "$work/$proto-1.fetchmailrc"
            measure $tag-mailpoll-$proto-1-again "$mailpoll" --once -f "$work/$proto-1.conf" -s "$work/now-$proto"
            measure $tag-fetchmail-$proto-20 "$fetchmail" -c --nosyslog -f "$work/$proto-20.fetchmailrc"
            measure $tag-mailpoll-$proto-20-again "$mailpoll" --once -f "$work/$proto-20.conf" -s "$work/now-$proto"
        done
        measure $tag-mailpoll-start "$mailpoll" --version
    done
}
report_settled() {  # tag, description
    local tag=$1 proto label
    echo "mailpoll vs fetchmail -c: dovecot ($2), 10,000 messages (100 new), medians of $runs runs"
    printf '%-44s %9s %10s %8s %8s\n' "" "ms" "bytes" "srv CPU" "CPU"
    for proto in imap pop3; do
        label=IMAPS; [ $proto = pop3 ] && label=POP3S
        row "floor (least exchange), 1 account, $label" $tag-floor-$proto-1
        row "fetchmail -c, 1 account, $label" $tag-fetchmail-$proto-1
        row "mailpoll, 1 account, $label (nothing new)" $tag-mailpoll-$proto-1-again
        row "floor, $accounts accounts at once, $label" $tag-floor-$proto-20
        row "fetchmail -c, $accounts accounts, $label" $tag-fetchmail-$proto-20
        row "mailpoll, $accounts accounts, $label (nothing new)" $tag-mailpoll-$proto-20-again
    done
    row "mailpoll --version (start and exit)" $tag-mailpoll-start
    echo
    for proto in imap pop3; do
        label=IMAPS; [ $proto = pop3 ] && label=POP3S
        ratio "1 account $label, nothing new / fetchmail" $tag-mailpoll-$proto-1-again $tag-fetchmail-$proto-1
        ratio "$accounts accounts $label, nothing new / fetchmail" $tag-mailpoll-$proto-20-again $tag-fetchmail-$proto-20
        floor_ratios $tag $proto $label
    done
}

median() { sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
col() { cut -d' ' -f"$2" "$work/$1.runs" | median; }
# The server's CPU is a mean: part of it is counted in clock ticks.
mean_ms() { cut -d' ' -f"$2" "$work/$1.runs" | awk '{t += $1} END {printf "%.1f", t / NR / 1000}'; }
mean_server_ms() { mean_ms "$1" 3; }
mean_client_ms() { mean_ms "$1" 4; }
row() {  # label name
    printf '%-44s %9.1f %10d %8s %8s\n' "$1" "$(awk -v u="$(col "$2" 1)" 'BEGIN {print u / 1000}')" "$(col "$2" 2)" \
        "$(mean_server_ms "$2")" "$(mean_client_ms "$2")"
}
ratio() {  # label ours theirs
    awk -v o="$(col "$2" 1)" -v t="$(col "$3" 1)" -v ob="$(col "$2" 2)" -v tb="$(col "$3" 2)" -v l="$1" \
        'BEGIN {printf "%-44s time %.2f  bytes %.2f\n", l, o / t, ob / tb}'
}
# The floor against fetchmail, and the least any mailpoll check can take:
# its own start plus the floor.
floor_ratios() {  # tag protocol label
    ratio "floor, 1 account $3 / fetchmail" $1-floor-$2-1 $1-fetchmail-$2-1
    ratio "floor, $accounts accounts $3 / fetchmail" $1-floor-$2-20 $1-fetchmail-$2-20
    awk -v l="1 account $3, start + floor / fetchmail" -v s="$(col $1-mailpoll-start 1)" \
        -v f="$(col $1-floor-$2-1 1)" -v t="$(col $1-fetchmail-$2-1 1)" \
        'BEGIN {printf "%-44s time %.2f\n", l, (s + f) / t}'
    # On this machine client and server share the cores: a fifth of
    # fetchmail's time for the 20 can be no less than the CPU both take.
    awk -v l="$accounts accounts $3" -v t="$(col $1-fetchmail-$2-20 1)" -v c="$(nproc)" \
        -v s="$(mean_server_ms $1-mailpoll-$2-20-again)" -v m="$(mean_client_ms $1-mailpoll-$2-20-again)" \
        'BEGIN {printf "%s: a fifth of fetchmail is %.1f ms; dovecot spent %.1f ms of CPU on mailpoll'"'"'s sessions and mailpoll %.1f ms, at least %.1f ms on %d cores\n", l, t / 5000, s, m, (s + m) / c, c}'
}
report_all() {  # tag, description
    local tag=$1 proto label
    echo "mailpoll vs fetchmail -c and mpop -s: dovecot ($2), 10,000 messages (100 new), medians of $runs runs"
    printf '%-44s %9s %10s %8s %8s\n' "" "ms" "bytes" "srv CPU" "CPU"
    for proto in imap pop3; do
        label=IMAPS; [ $proto = pop3 ] && label=POP3S
        row "floor (least exchange), 1 account, $label" $tag-floor-$proto-1
        row "fetchmail -c, 1 account, $label" $tag-fetchmail-$proto-1
        [ $proto = pop3 ] && row "mpop -s, 1 account, POP3S" $tag-mpop-pop3-1
        row "mailpoll, 1 account, $label (100 listed)" $tag-mailpoll-$proto-1
        row "mailpoll, 1 account, $label (nothing new)" $tag-mailpoll-$proto-1-again
        row "floor, $accounts accounts at once, $label" $tag-floor-$proto-20
        row "fetchmail -c, $accounts accounts, $label" $tag-fetchmail-$proto-20
        row "mailpoll, $accounts accounts, $label (100 listed each)" $tag-mailpoll-$proto-20
        row "mailpoll, $accounts accounts, $label (nothing new)" $tag-mailpoll-$proto-20-again
    done
    echo
    for proto in imap pop3; do
        label=IMAPS; [ $proto = pop3 ] && label=POP3S
        ratio "1 account $label, 100 listed / fetchmail" $tag-mailpoll-$proto-1 $tag-fetchmail-$proto-1
        ratio "1 account $label, nothing new / fetchmail" $tag-mailpoll-$proto-1-again $tag-fetchmail-$proto-1
        ratio "$accounts accounts $label, 100 listed / fetchmail" $tag-mailpoll-$proto-20 $tag-fetchmail-$proto-20
        ratio "$accounts accounts $label, nothing new / fetchmail" $tag-mailpoll-$proto-20-again $tag-fetchmail-$proto-20
        floor_ratios $tag $proto $label
    done
    row "mailpoll --version (start and exit)" $tag-mailpoll-start
    echo "messages listed per run: IMAPS $(sort -u "$work/$tag-mailpoll-imap-1.listed" | xargs), POP3S $(sort -u "$work/$tag-mailpoll-pop3-1.listed" | xargs); 20 accounts: IMAPS $(sort -u "$work/$tag-mailpoll-imap-20.listed" | xargs), POP3S $(sort -u "$work/$tag-mailpoll-pop3-20.listed" | xargs)"
}

measure_all default
said=$(HOME=$work inns "$fetchmail" -c --nosyslog -f "$work/imap-1.fetchmailrc" 2>/dev/null | head -n 1)
latencies=$(python3 "$here/idle_latency.py" "$work/home/alice/Maildir" 20 "$(id -u nobody)" \
    ip netns exec "$ns" "$mailpoll" --idle --json -f "$work/imap-1.conf" -s "$work/idle-state")
stop_dovecot
start_dovecot "$work/dovecot-tuned.conf"
measure_all tuned
settle_started=$(date +%s)
if settle; then
    settled_after="settled $(($(date +%s) - settle_started)) s after the last listing"
    measure_settled settled
    settled_end="slowest STATUS after these runs: $(slowest_status) ms"
else
    settled_after=""
fi
echo
report_all default "default configuration: a process per login"
echo
report_all tuned "tuned: login and mail processes started in advance and reused"
echo
if [ -n "$settled_after" ]; then
    echo
    report_settled settled "tuned, $settled_after: every STATUS answered from the index"
    echo "$settled_end"
else
    echo
    echo "settled phase: not run, dovecot still re-read a mailbox after 15 minutes (slowest STATUS $(slowest_status) ms)"
fi
echo
echo "fetchmail said: $said"
echo "IDLE delivery-to-report latency, ms (20 deliveries, default configuration): $latencies"
echo "median $(echo "$latencies" | tr ' ' '\n' | median) ms, max $(echo "$latencies" | tr ' ' '\n' | sort -n | tail -n 1) ms"
