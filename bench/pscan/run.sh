#!/bin/bash
# bench/pscan/run.sh: pscan against nmap 7.93 and masscan 1.3.2 on the same
# work in one run, inside private network namespaces (nothing of the host is
# scanned):
#   1. connect scan of all 65,535 TCP ports of a namespace's loopback
#      (nmap -sT -T4 vs pscan -sT);
#   2. SYN scan of all 65,535 ports across a veth pair (nmap -sS -T4,
#      masscan, pscan -sS);
#   3. 254 hosts (198.18.1.0/24, routed to the target namespace, which answers
#      for all of them) x pscan's top 1,000 ports (nmap is given the same list;
#      masscan took 247 s for it here, so it is left out of 3 and 4);
#   4. a million probes: 16 of those hosts x 65,535 ports (pscan only: nmap
#      would take minutes), for peak memory;
#   5. scan 2 with 3% random loss each way on the target side (nft numgen).
# Medians of wall time and peak RSS, and how many runs found exactly the open ports.
#
#   BUILD_DIR=build BENCH_RUNS=5 BENCH_LOSS_RUNS=3 bash bench/pscan/run.sh   (as root)
set -euo pipefail

build=$(cd "${BUILD_DIR:-build}" && pwd)
runs=${BENCH_RUNS:-5}
loss_runs=${BENCH_LOSS_RUNS:-3}
peers=$build/peers/root
nmap=$peers/usr/bin/nmap
masscan=$peers/usr/bin/masscan
nft=$peers/usr/sbin/nft
pscan=$build/apps/pscan/pscan
timed=$build/apps/timed/timed
for program in "$nmap" "$masscan" "$nft" "$pscan" "$timed" /usr/bin/time; do
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
# The target answers for every address of 198.18.1.0/24 (a local route), and
# the scanner reaches them through it.
ip netns exec "$target" ip route add local 198.18.1.0/24 dev lo
ip netns exec "$scan" ip route add 198.18.1.0/24 via 198.18.0.2
target_mac=$(ip netns exec "$target" cat /sys/class/net/wkbt$$/address)
# The open ports, on every address of the target: timed's TCP listeners on 37
# and 65535 (it drops to nobody after binding).
ip netns exec "$target" "$timed" serve -b 0.0.0.0 --time-port 37 --daytime-port 65535 \
    --sntp-port 0 --local-stratum 10 2>"$work/timed.log" &
servers+=($!)
for ((i = 0; i < 50; i++)); do
    ip netns exec "$scan" "$pscan" -sT -p 37 -q --json 198.18.0.2 2>/dev/null | grep -q open && break
    sleep 0.1
done
# Ready; a link that has just come up drops packets for a moment.
sleep 1

measure() {  # namespace, name, then the command; appends "seconds kib open-ports" to $work/name.runs
    local ns=$1 name=$2; shift 2
    # masscan finds everything in its first seconds but here often hangs in
    # its exit wait ("waiting -80-secs") until killed: it gets 5 s, what it
    # found counts, and its time is at most that cap (its RSS then unknown).
    local limit=600 started ended kib
    [[ $name == masscan* ]] && limit=5
    rm -f "$work/time" "$work/masscan.list"
    started=$(date +%s.%N)
    # (In a subshell, so the shell's "Killed" notice for a capped masscan stays quiet.)
    (ip netns exec "$ns" timeout -s INT -k 1 $limit /usr/bin/time -f "%M" -o "$work/time" "$@" \
        >"$work/out" 2>"$work/err") 2>/dev/null || true
    ended=$(date +%s.%N)
    kib=$(grep -E '^[0-9]+$' "$work/time" 2>/dev/null | tail -n 1 || true)
    echo "$(awk -v a="$started" -v b="$ended" 'BEGIN {printf "%.2f", b - a}') ${kib:-0}" >"$work/time"
    local open
    if [[ $name == nmap* ]]; then
        open=$(awk -F/ '/^[0-9]+\/tcp +open / {print $1}' "$work/out" | sort -n | xargs)
    elif [[ $name == masscan* ]]; then
        open=$(awk '$1 == "open" {print $3}' "$work/masscan.list" | sort -n | xargs)
    else
        open=$(sed -n 's/.*"port":\([0-9]*\).*"state":"open".*/\1/p' "$work/out" | sort -n | xargs)
    fi
    echo "$(cat "$work/time") $open" >>"$work/$name.runs"
}

median() { sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
report() {  # label, name, runs, the open ports expected
    local file=$work/$2.runs seconds kib exact truth=$4
    seconds=$(cut -d' ' -f1 "$file" | median)
    kib=$(cut -d' ' -f2 "$file" | median)
    exact=$(awk -v truth="$truth" '{ $1=""; $2=""; sub(/^ +/, ""); if ($0 == truth) n++ } END {print n+0}' "$file")
    printf '%-34s %9s %13s %8s\n' "$1" "$seconds" "$(awk -v k="$kib" 'BEGIN {printf "%.1f", k/1024}')" "$exact/$3"
    echo "$seconds" >"$work/$2.median"
}
ratio() {  # label, ours, theirs
    awk -v p="$(cat "$work/$2.median")" -v n="$(cat "$work/$3.median")" -v l="$1" 'BEGIN {printf "%s: %.2f\n", l, p/n}'
}

nmap_args=(--datadir "$peers/usr/share/nmap" -p- -T4 -n -Pn)
# masscan sends on the link itself: it is told the interface and next hop.
masscan_args=(--interface "wkbs$$" --router-mac "$target_mac" --rate 200000 --wait 1 -oL "$work/masscan.list")
# pscan's top 1,000 ports, as nmap's -p list (from pscan's own XML scaninfo).
top1000=$(ip netns exec "$target" "$pscan" -sT --top-ports 1000 -q -oX - 127.0.0.1 |
    sed -n 's/.*services="\([^"]*\)".*/\1/p')
hosts254=$(for ((h = 1; h <= 254; h++)); do echo -n "37 "; done | xargs)
hosts16=$(for ((h = 1; h <= 16; h++)); do echo -n "37 "; done; for ((h = 1; h <= 16; h++)); do echo -n "65535 "; done)
hosts16=$(echo $hosts16 | xargs)
for ((i = 1; i <= runs; i++)); do
    measure "$target" nmap-connect "$nmap" "${nmap_args[@]}" -sT 127.0.0.1
    measure "$target" pscan-connect "$pscan" -sT -p- -q --json 127.0.0.1
    measure "$scan" nmap-syn "$nmap" "${nmap_args[@]}" -sS 198.18.0.2
    measure "$scan" masscan-syn "$masscan" "${masscan_args[@]}" -p1-65535 198.18.0.2
    measure "$scan" pscan-syn "$pscan" -sS -p- -q --json 198.18.0.2
done
for ((i = 1; i <= ${BENCH_WIDE_RUNS:-3}; i++)); do
    measure "$scan" nmap-254 "$nmap" --datadir "$peers/usr/share/nmap" -T4 -n -Pn -sS -p "$top1000" 198.18.1.1-254
    measure "$scan" pscan-254 "$pscan" -sS --top-ports 1000 -q --json 198.18.1.1-254
    measure "$scan" pscan-million "$pscan" -sS -p- -q --json 198.18.1.1-16
done
ip netns exec "$target" "$nft" "add table inet loss; \
    add chain inet loss in { type filter hook input priority 0; }; \
    add chain inet loss out { type filter hook output priority 0; }; \
    add rule inet loss in numgen random mod 100 < 3 drop; \
    add rule inet loss out numgen random mod 100 < 3 drop"
for ((i = 1; i <= loss_runs; i++)); do
    measure "$scan" nmap-loss "$nmap" "${nmap_args[@]}" -sS 198.18.0.2
    measure "$scan" masscan-loss "$masscan" "${masscan_args[@]}" -p1-65535 198.18.0.2
    measure "$scan" pscan-loss "$pscan" -sS -p- -q --json 198.18.0.2
done

truth="37 65535"
wide=${BENCH_WIDE_RUNS:-3}
echo "pscan vs nmap 7.93 and masscan 1.3.2; medians; $(nproc) cores"
printf '%-34s %9s %13s %8s\n' SCAN SECONDS "PEAK RSS MiB" EXACT
report "nmap -sT -T4, 65535 ports (lo)" nmap-connect "$runs" "$truth"
report "pscan -sT, 65535 ports (lo)" pscan-connect "$runs" "$truth"
report "nmap -sS -T4, 65535 ports (veth)" nmap-syn "$runs" "$truth"
report "masscan, 65535 ports (veth) [5 s cap]" masscan-syn "$runs" "$truth"
report "pscan -sS, 65535 ports (veth)" pscan-syn "$runs" "$truth"
report "nmap -sS -T4, 254 hosts x 1000" nmap-254 "$wide" "$hosts254"
report "pscan -sS, 254 hosts x 1000" pscan-254 "$wide" "$hosts254"
report "pscan -sS, 16 x 65535 = 1M probes" pscan-million "$wide" "$hosts16"
report "nmap -sS -T4, 65535, 3% loss" nmap-loss "$loss_runs" "$truth"
report "masscan, 65535, 3% loss [5 s cap]" masscan-loss "$loss_runs" "$truth"
report "pscan -sS, 65535, 3% loss" pscan-loss "$loss_runs" "$truth"
ratio "connect scan, pscan/nmap time (goal < 1)" pscan-connect nmap-connect
ratio "SYN scan, pscan/nmap time (goal <= 0.7)" pscan-syn nmap-syn
ratio "254 hosts x top 1000, pscan/nmap time (goal < 1)" pscan-254 nmap-254
ratio "SYN scan at 3% loss, pscan/nmap time (goal <= 0.1)" pscan-loss nmap-loss
awk -v k="$(cut -d' ' -f2 "$work/pscan-million.runs" | median)" \
    'BEGIN {printf "a million probes, pscan peak RSS: %.1f MiB (goal < 16)\n", k/1024}'
