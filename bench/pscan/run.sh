#!/bin/bash
# bench/pscan/run.sh: pscan against nmap 7.93 on the same work in one run,
# inside private network namespaces (nothing of the host is scanned):
#   1. connect scan of all 65,535 TCP ports of a namespace's loopback
#      (nmap -sT -T4 vs pscan -sT);
#   2. SYN scan of all 65,535 ports across a veth pair (nmap -sS -T4 vs pscan -sS);
#   3. the same with 3% random loss each way on the target side (nft numgen).
# Medians of wall time and peak RSS, and how many runs found exactly the open ports.
#
#   BUILD_DIR=build BENCH_RUNS=5 BENCH_LOSS_RUNS=3 bash bench/pscan/run.sh   (as root)
set -euo pipefail

build=$(cd "${BUILD_DIR:-build}" && pwd)
runs=${BENCH_RUNS:-5}
loss_runs=${BENCH_LOSS_RUNS:-3}
peers=$build/peers/root
nmap=$peers/usr/bin/nmap
nft=$peers/usr/sbin/nft
pscan=$build/apps/pscan/pscan
timed=$build/apps/timed/timed
for program in "$nmap" "$nft" "$pscan" "$timed" /usr/bin/time; do
    [ -x "$program" ] || { echo "bench: missing $program (run make deps and make)" >&2; exit 1; }
done
[ "$(id -u)" -eq 0 ] || { echo "bench: needs root for network namespaces" >&2; exit 1; }

scan=wk-bscan-$$ target=wk-btarget-$$
work=$(mktemp -d)
servers=()
cleanup() {
    for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    ip netns del "$scan" 2>/dev/null || true
    ip netns del "$target" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

ip netns add "$scan"
ip netns add "$target"
ip link add wkbs$$ netns "$scan" type veth peer name wkbt$$ netns "$target"
for side in "$scan wkbs$$ 198.18.0.1" "$target wkbt$$ 198.18.0.2"; do
    set -- $side
    ip netns exec "$1" ip link set lo up
    ip netns exec "$1" ip addr add "$3/24" dev "$2"
    ip netns exec "$1" ip link set "$2" up
done
# The open ports, on the target's loopback and its veth address: timed's TCP
# listeners on 37 and 65535 (it drops to nobody after binding).
ip netns exec "$target" "$timed" serve -b 127.0.0.1 -b 198.18.0.2 --time-port 37 --daytime-port 65535 \
    --sntp-port 0 --local-stratum 10 2>"$work/timed.log" &
servers+=($!)
sleep 0.5
truth="37 65535"

measure() {  # namespace, name, then the command; appends "seconds kib open-ports" to $work/name.runs
    local ns=$1 name=$2; shift 2
    if ! ip netns exec "$ns" timeout 600 /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/out" 2>"$work/err"; then
        echo "600 0 failed" >>"$work/$name.runs"
        return
    fi
    local open
    if [[ $name == nmap* ]]; then
        open=$(awk -F/ '/^[0-9]+\/tcp +open / {print $1}' "$work/out" | sort -n | xargs)
    else
        open=$(sed -n 's/.*"port":\([0-9]*\).*"state":"open".*/\1/p' "$work/out" | sort -n | xargs)
    fi
    echo "$(cat "$work/time") $open" >>"$work/$name.runs"
}

median() { sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
report() {  # label, name, runs
    local file=$work/$2.runs seconds kib exact
    seconds=$(cut -d' ' -f1 "$file" | median)
    kib=$(cut -d' ' -f2 "$file" | median)
    exact=$(awk -v truth="$truth" '{ $1=""; $2=""; sub(/^ +/, ""); if ($0 == truth) n++ } END {print n+0}' "$file")
    printf '%-26s %9s %13s %8s\n' "$1" "$seconds" "$(awk -v k="$kib" 'BEGIN {printf "%.1f", k/1024}')" "$exact/$3"
    echo "$seconds" >"$work/$2.median"
}
ratio() {  # label, ours, theirs
    awk -v p="$(cat "$work/$2.median")" -v n="$(cat "$work/$3.median")" -v l="$1" 'BEGIN {printf "%s: %.2f\n", l, p/n}'
}

nmap_args=(--datadir "$peers/usr/share/nmap" -p- -T4 -n -Pn)
for ((i = 1; i <= runs; i++)); do
    measure "$target" nmap-connect "$nmap" "${nmap_args[@]}" -sT 127.0.0.1
    measure "$target" pscan-connect "$pscan" -sT -p- -q --json 127.0.0.1
    measure "$scan" nmap-syn "$nmap" "${nmap_args[@]}" -sS 198.18.0.2
    measure "$scan" pscan-syn "$pscan" -sS -p- -q --json 198.18.0.2
done
ip netns exec "$target" "$nft" "add table inet loss; \
    add chain inet loss in { type filter hook input priority 0; }; \
    add chain inet loss out { type filter hook output priority 0; }; \
    add rule inet loss in numgen random mod 100 < 3 drop; \
    add rule inet loss out numgen random mod 100 < 3 drop"
for ((i = 1; i <= loss_runs; i++)); do
    measure "$scan" nmap-loss "$nmap" "${nmap_args[@]}" -sS 198.18.0.2
    measure "$scan" pscan-loss "$pscan" -sS -p- -q --json 198.18.0.2
done

echo "pscan vs nmap 7.93, all 65,535 TCP ports, open: $truth; medians; $(nproc) cores"
printf '%-26s %9s %13s %8s\n' SCAN SECONDS "PEAK RSS MiB" EXACT
report "nmap -sT -T4 (loopback)" nmap-connect "$runs"
report "pscan -sT (loopback)" pscan-connect "$runs"
report "nmap -sS -T4 (veth)" nmap-syn "$runs"
report "pscan -sS (veth)" pscan-syn "$runs"
report "nmap -sS -T4 (veth, 3% loss)" nmap-loss "$loss_runs"
report "pscan -sS (veth, 3% loss)" pscan-loss "$loss_runs"
ratio "connect scan, pscan/nmap time (goal < 1)" pscan-connect nmap-connect
ratio "SYN scan, pscan/nmap time (goal <= 0.7)" pscan-syn nmap-syn
ratio "SYN scan at 3% loss, pscan/nmap time (goal <= 0.1)" pscan-loss nmap-loss
