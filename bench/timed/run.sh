#!/bin/bash
# bench/timed/run.sh: requests answered per second by `timed serve` against
# xinetd's internal RFC 868 time service (UDP) and chronyd's SNTP, all three
# running in this one run on loopback, and each server's peak RSS.
#
#   BUILD_DIR=build BENCH_SECONDS=3 BENCH_RUNS=5 bash bench/timed/run.sh
#
# Peers come unpacked (not installed) from `make deps` under
# $BUILD_DIR/peers/root. Every process started here is stopped by PID.
set -euo pipefail

build=$(cd "${BUILD_DIR:-build}" && pwd)
seconds=${BENCH_SECONDS:-3}
runs=${BENCH_RUNS:-5}
peers=$build/peers/root
timed=$build/apps/timed/timed
loadgen=$build/bench/timed-loadgen
for program in "$peers/usr/sbin/xinetd" "$peers/usr/sbin/chronyd" "$timed" "$loadgen"; do
    [ -x "$program" ] || { echo "bench: missing $program (run make deps and make)" >&2; exit 1; }
done

work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

xinetd_port=41037 chrony_port=41123 timed_time_port=42037 timed_sntp_port=42123

cat >"$work/xinetd.conf" <<CONF
service time
{
    type = INTERNAL UNLISTED
    id = time-dgram
    socket_type = dgram
    protocol = udp
    wait = yes
    user = root
    bind = 127.0.0.1
    port = $xinetd_port
    # xinetd's defaults (50 requests a second, then 10 s off) would make it
    # look a thousand times slower than it is.
    cps = 1000000 1
    instances = UNLIMITED
}
CONF
"$peers/usr/sbin/xinetd" -dontfork -f "$work/xinetd.conf" -pidfile "$work/xinetd.pid" -filelog "$work/xinetd.log" &
xinetd_pid=$!; pids+=($xinetd_pid)

cat >"$work/chrony.conf" <<CONF
port $chrony_port
bindaddress 127.0.0.1
allow all
local stratum 8
cmdport 0
pidfile $work/chronyd.pid
driftfile $work/chrony.drift
CONF
# -x: never touch the system clock.
"$peers/usr/sbin/chronyd" -x -d -u root -f "$work/chrony.conf" 2>"$work/chronyd.log" &
chrony_pid=$!; pids+=($chrony_pid)

# No per-source limit: the load comes from one address, and neither peer limits it.
"$timed" serve --bind 127.0.0.1 --time-port $timed_time_port --daytime-port 0 --sntp-port $timed_sntp_port \
    --local-stratum 8 --rate-limit 0 2>"$work/timed.log" &
timed_pid=$!; pids+=($timed_pid)
sleep 1

rate() { "$loadgen" --protocol "$1" --target "127.0.0.1:$2" --duration "$seconds" | sed 's/.*rate=//'; }
median() { sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : int((v[NR/2]+v[NR/2+1])/2)}'; }
rss_mib() { awk '/VmHWM/ {printf "%.1f", $2/1024}' "/proc/$1/status"; }

: >"$work/xinetd.rates"; : >"$work/timed-time.rates"; : >"$work/chrony.rates"; : >"$work/timed-sntp.rates"
for ((i = 1; i <= runs; i++)); do
    rate time $xinetd_port >>"$work/xinetd.rates"
    rate time $timed_time_port >>"$work/timed-time.rates"
    rate sntp $chrony_port >>"$work/chrony.rates"
    rate sntp $timed_sntp_port >>"$work/timed-sntp.rates"
done
xinetd_rate=$(median <"$work/xinetd.rates")
timed_time_rate=$(median <"$work/timed-time.rates")
chrony_rate=$(median <"$work/chrony.rates")
timed_sntp_rate=$(median <"$work/timed-sntp.rates")
xinetd_rss=$(rss_mib $xinetd_pid) chrony_rss=$(rss_mib $chrony_pid) timed_rss=$(rss_mib $timed_pid)

echo "timed serve vs xinetd and chronyd: $runs runs of ${seconds}s each, medians, $(nproc) cores"
printf '%-8s %-14s %14s %14s\n' SERVER PROTOCOL "ANSWERED/S" "PEAK RSS MiB"
printf '%-8s %-14s %14s %14s\n' xinetd "RFC 868 UDP" "$xinetd_rate" "$xinetd_rss"
printf '%-8s %-14s %14s %14s\n' timed "RFC 868 UDP" "$timed_time_rate" "$timed_rss"
printf '%-8s %-14s %14s %14s\n' chronyd "SNTP" "$chrony_rate" "$chrony_rss"
printf '%-8s %-14s %14s %14s\n' timed "SNTP" "$timed_sntp_rate" "$timed_rss"
awk -v t="$timed_time_rate" -v x="$xinetd_rate" 'BEGIN {printf "timed/xinetd (RFC 868 UDP): %.1fx (goal >= 5x)\n", t/x}'
awk -v t="$timed_sntp_rate" -v c="$chrony_rate" 'BEGIN {printf "timed/chronyd (SNTP): %.2fx (goal >= 1x)\n", t/c}'
awk -v t="$timed_rss" -v c="$chrony_rss" 'BEGIN {printf "timed RSS / chronyd RSS: %.2f (goal <= 1)\n", t/c}'
