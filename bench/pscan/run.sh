#!/bin/bash
# bench/pscan/run.sh: pscan's connect scan against nmap -sT on all 65,535
# TCP ports of loopback, inside a private network namespace so nothing of
# the host is scanned. Both in one run, interleaved; medians of the wall
# time and of the peak RSS, and whether each found exactly the open ports.
#
#   BUILD_DIR=build BENCH_RUNS=5 bash bench/pscan/run.sh   (as root)
set -euo pipefail

build=$(cd "${BUILD_DIR:-build}" && pwd)
runs=${BENCH_RUNS:-5}
peers=$build/peers/root
nmap=$peers/usr/bin/nmap
pscan=$build/apps/pscan/pscan
timed=$build/apps/timed/timed
for program in "$nmap" "$pscan" "$timed" /usr/bin/time; do
    [ -x "$program" ] || { echo "bench: missing $program (run make deps and make)" >&2; exit 1; }
done
[ "$(id -u)" -eq 0 ] || { echo "bench: needs root for a network namespace" >&2; exit 1; }

ns=wk-bench-$$
work=$(mktemp -d)
server=
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
    ip netns del "$ns" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT INT TERM
ip netns add "$ns"
ip netns exec "$ns" ip link set lo up
# The open ports: timed's TCP listeners on 37 and 65535 (it drops to nobody).
ip netns exec "$ns" "$timed" serve -b 127.0.0.1 --time-port 37 --daytime-port 65535 --sntp-port 0 \
    --local-stratum 10 2>"$work/timed.log" &
server=$!
sleep 0.5
truth="37 65535"

measure() {  # name, then the command; prints "seconds kib open-ports"
    local name=$1; shift
    ip netns exec "$ns" /usr/bin/time -f "%e %M" -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err"
    local open
    if [ "$name" = nmap ]; then
        open=$(awk -F/ '/^[0-9]+\/tcp +open/ {print $1}' "$work/$name.out" | sort -n | xargs)
    else
        open=$(sed -n 's/.*"port":\([0-9]*\).*"state":"open".*/\1/p' "$work/$name.out" | sort -n | xargs)
    fi
    echo "$(cat "$work/$name.time") $open"
}

: >"$work/nmap.runs"; : >"$work/pscan.runs"
for ((i = 1; i <= runs; i++)); do
    measure nmap "$nmap" --datadir "$peers/usr/share/nmap" -sT -p- -T4 -n -Pn 127.0.0.1 >>"$work/nmap.runs"
    measure pscan "$pscan" -sT -p- -q --json 127.0.0.1 >>"$work/pscan.runs"
done

median() { sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
report() {  # name
    local file=$work/$1.runs
    local seconds kib exact
    seconds=$(cut -d' ' -f1 "$file" | median)
    kib=$(cut -d' ' -f2 "$file" | median)
    exact=$(awk -v truth="$truth" '{ $1=""; $2=""; sub(/^ +/, ""); if ($0 == truth) n++ } END {print n+0}' "$file")
    printf '%-6s %10s %12s %10s\n' "$1" "$seconds" "$(awk -v k="$kib" 'BEGIN {printf "%.1f", k/1024}')" "$exact/$runs"
    echo "$seconds" >"$work/$1.median"
}
echo "connect scan of 65,535 loopback ports (open: $truth), $runs runs, medians, $(nproc) cores"
printf '%-6s %10s %12s %10s\n' TOOL SECONDS "PEAK RSS MiB" EXACT
report nmap
report pscan
awk -v p="$(cat "$work/pscan.median")" -v n="$(cat "$work/nmap.median")" \
    'BEGIN {printf "pscan/nmap time: %.2f (goal < 1)\n", p/n}'
