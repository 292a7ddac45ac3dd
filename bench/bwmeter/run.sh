#!/bin/bash
# bench/bwmeter/run.sh: bwmeter against ifstat 1.1, bwm-ng 0.6.3 and vnstat 2.10
# on the same work in one run, inside a private network namespace:
#   1. CPU time per 1,000 samples, live mode, with 1 interface and with 200
#      (100 veth pairs inside the namespace), sampling every 0.1 s; and the
#      peak RSS of each (ifstat's and bwm-ng's live modes against bwmeter's);
#   2. peak RSS in record mode: vnstatd -n against bwmeter record -f, 20 s each
#      (VmHWM of the process started; bwmeter record executes bwmeter-record
#      in that same process, so it is the daemon's own);
#   3. database size after a year of hourly data for one interface: bwmeter's
#      from bwmeter-year (a year of commits on a simulated clock), vnstat's
#      with the rows its default retention keeps after a year, written into
#      the schema vnstatd --initdb makes.
# Medians of BENCH_RUNS runs (default 3).
#
#   BUILD_DIR=build bash bench/bwmeter/run.sh   (as root)
set -euo pipefail

build=$(cd "${BUILD_DIR:-build}" && pwd)
runs=${BENCH_RUNS:-3}
samples=${BENCH_SAMPLES:-200}
peers=$build/peers/root
bwmeter=$build/apps/bwmeter/bwmeter
year=$build/bench/bwmeter-year
ifstat=$peers/usr/bin/ifstat
bwmng=$peers/usr/bin/bwm-ng
vnstatd=$peers/usr/sbin/vnstatd
vnstat=$peers/usr/bin/vnstat
for program in "$bwmeter" "$year" "$ifstat" "$bwmng" "$vnstatd" "$vnstat" /usr/bin/time python3; do
    command -v "$program" >/dev/null || { echo "bench: missing $program (run make deps and make)" >&2; exit 1; }
done
[ "$(id -u)" -eq 0 ] || { echo "bench: needs root for a network namespace" >&2; exit 1; }

ns=wk-bbw-$$
work=$(mktemp -d)
cleanup() { ip netns del "$ns" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT INT TERM
ip netns add "$ns"
ip -n "$ns" link set lo up
for ((i = 0; i < 100; i++)); do
    ip -n "$ns" link add "va$i" type veth peer name "vb$i"
    ip -n "$ns" link set "va$i" up
    ip -n "$ns" link set "vb$i" up
done

median() { sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
measure() {  # name, then the command: appends "cpu-seconds kib"
    local name=$1; shift
    # CPU from bash's `times` (milliseconds, where time(1) prints hundredths,
    # and a sample costs well under a millisecond): the children of that
    # shell are time(1), which uses next to nothing, and the tool. Peak RSS
    # from time(1), whose own is smaller than any tool's.
    ip netns exec "$ns" bash -c '/usr/bin/time -f %M -o "$0" "$@" >/dev/null 2>&1; times' "$work/time" "$@" |
        awk 'NR == 2 {
                 n = split($0, t, /[ ms]+/)   # 0m0.123s 0m0.045s
                 printf "%.4f", t[1] * 60 + t[2] + t[3] * 60 + t[4]
             }' >"$work/cpu"
    echo "$(cat "$work/cpu") $(tail -n 1 "$work/time")" >>"$work/$name.runs"
}
period=0.1
for ((r = 1; r <= runs; r++)); do
    measure bwmeter-1 "$bwmeter" -i va0 -I $period -n "$samples"
    measure ifstat-1 "$ifstat" -i va0 $period "$samples"
    measure bwmng-1 "$bwmng" -o plain -c "$samples" -t 100 -I va0
    measure bwmeter-200 "$bwmeter" -I $period -n "$samples"
    measure ifstat-200 "$ifstat" -a $period "$samples"
    measure bwmng-200 "$bwmng" -o plain -c "$samples" -t 100 -a
done

# Record mode: each for 20 s with its own database directory.
cat >"$work/vnstat.conf" <<CONF
DatabaseDir "$work/vnstat"
UpdateInterval 20
PollInterval 5
SaveInterval 5
UseLogging 0
CONF
mkdir -p "$work/vnstat"
# The daemon's own high-water mark (VmHWM), read while it runs.
record_rss() {  # name, then the command
    local name=$1; shift
    ip netns exec "$ns" "$@" >/dev/null 2>&1 &
    local pid=$!
    sleep 20
    awk '/^VmHWM:/ {print "0", $2}' "/proc/$pid/status" >>"$work/$name.runs"
    kill -INT "$pid"
    wait "$pid" 2>/dev/null || true
}
for ((r = 1; r <= runs; r++)); do
    rm -rf "$work/vnstat"/* "$work/bw.db"
    record_rss vnstatd-record "$vnstatd" -n --config "$work/vnstat.conf" --alwaysadd
    record_rss bwmeter-record "$bwmeter" record -f --db "$work/bw.db"
done

# A year of data.
ours=$("$year" "$work/year.db")
rm -rf "$work/vnstat"/*
"$vnstatd" --initdb --config "$work/vnstat.conf" >/dev/null 2>&1
"$vnstat" --add -i eth0 --config "$work/vnstat.conf" >/dev/null 2>&1 || true
python3 - "$work/vnstat/vnstat.db" <<'PY'
import sqlite3, sys, random
db = sqlite3.connect(sys.argv[1])
iface = db.execute("select id from interface where name = 'eth0'").fetchone()[0]
random.seed(1)
end = 1798761600  # 2027-01-01
def rows(table, count, step, fmt):
    for i in range(count):
        t = end - (count - i) * step
        db.execute(f"insert or replace into {table}(interface, date, rx, tx) values(?, datetime(?, 'unixepoch', ?), ?, ?)",
                   (iface, t, fmt, random.randrange(1 << 32), random.randrange(1 << 30)))
# vnstat 2.10's defaults: 5-minute data 48 h, hours 4 days, days 62, months 25, years all, top 20 days.
rows("fiveminute", 576, 300, "localtime")
rows("hour", 96, 3600, "localtime")
rows("day", 62, 86400, "localtime")
rows("month", 12, 30 * 86400, "localtime")
rows("year", 1, 365 * 86400, "localtime")
rows("top", 20, 86400, "localtime")
db.commit()
PY
theirs=$(stat -c %s "$work/vnstat/vnstat.db")

col() { cut -d' ' -f"$2" "$work/$1.runs" | median; }
per1000() { awk -v s="$(col "$1" 1)" -v n="$samples" 'BEGIN {printf "%.3f", s / n * 1000}'; }
mib() { awk -v k="$(col "$1" 2)" 'BEGIN {printf "%.1f", k / 1024}'; }
echo "bwmeter vs ifstat 1.1, bwm-ng 0.6.3, vnstat 2.10; medians of $runs; $(nproc) cores"
printf '%-34s %22s %13s\n' "LIVE MODE, $samples SAMPLES" "CPU s PER 1000 SAMPLES" "PEAK RSS MiB"
for n in 1 200; do
    for tool in bwmeter ifstat bwmng; do
        printf '%-34s %22s %13s\n' "$tool, $n interface(s)" "$(per1000 $tool-$n)" "$(mib $tool-$n)"
    done
done
printf '%-34s %13s\n' "RECORD MODE, 20 s" "PEAK RSS MiB"
printf '%-34s %13s\n' "vnstatd -n" "$(mib vnstatd-record)"
printf '%-34s %13s\n' "bwmeter record -f" "$(mib bwmeter-record)"
echo "a year of hourly data, one interface: bwmeter $((ours / 1024)) KiB, vnstat $((theirs / 1024)) KiB"
for n in 1 200; do
    for tool in ifstat bwmng; do
        awk -v a="$(col bwmeter-$n 1)" -v b="$(col $tool-$n 1)" -v l="CPU per sample, $n interface(s), bwmeter/$tool" \
            'BEGIN {printf "%s: %.2f (goal < 1)\n", l, (b > 0 ? a / b : 0)}'
    done
done
awk -v a="$(col bwmeter-1 2)" -v b="$(col ifstat-1 2)" 'BEGIN {printf "live peak RSS, bwmeter/ifstat: %.2f (goal <= 1)\n", a / b}'
awk -v a="$(col bwmeter-record 2)" -v b="$(col vnstatd-record 2)" \
    'BEGIN {printf "record peak RSS, bwmeter/vnstatd: %.2f (goal <= 1)\n", a / b}'
# Each run's figure too: where both programs' shared libraries fall against
# the kernel's 64 KiB fault-around windows changes with every exec (ASLR),
# which moves either one by some 100 KiB from run to run.
echo "record peak RSS per run, KiB: vnstatd $(cut -d' ' -f2 "$work/vnstatd-record.runs" | paste -sd' ');" \
    "bwmeter $(cut -d' ' -f2 "$work/bwmeter-record.runs" | paste -sd' ')"
awk -v a="$ours" -v b="$theirs" 'BEGIN {printf "database size, bwmeter/vnstat: %.2f (goal <= 1)\n", a / b}'
