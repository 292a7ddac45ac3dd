#!/bin/bash
# bench/ftpx/run.sh: ftpx against curl 7.88 and lftp 4.9.2 on the same
# private vsftpd 3.0.3 servers in one run, all on 127.0.0.1: one plain FTP,
# one explicit FTPS only (AUTH TLS, PROT P forced, TLS session reuse on data
# connections required), written by cmake/private-vsftpd.sh, and a second
# FTPS one in vsftpd's one_process_model for the FTPS mirrors (section 3).
#   1. a 1 GiB file downloaded and uploaded: throughput, CPU time of the
#      client (user+sys) and its peak RSS;
#   2. a mirror of 2,000 files of 4 KiB (20 directories of 100) both ways:
#      ftpx mirror with -j 1 and -j 4 against lftp mirror with -P 1 and -P 4
#      (curl has no mirror), and for FTPS ftpx -j 4 --tls-max 1.2 besides
#      (TLS 1.2 resumption has no key exchange). lftp's FTPS download mirror takes some 100 s
#      (30 s with -P 4), so it runs BENCH_SLOW_RUNS times (default 1), all of
#      2,000 files, in the first runs; everything else BENCH_RUNS times.
#   3. the FTPS single-file cases and mirrors with -j 4 / -P 4 again against
#      the one-process vsftpd: in its default model every TLS record of a
#      session, control and data, passes between the session process and an
#      SSL helper process (the privileged parent), one round trip per
#      record: most of the server's CPU per file, and the bound of every
#      client's single-file FTPS.
# Both sides of every transfer sit in /dev/shm, so no disk is measured. Each
# run takes the clients in turn, starting with a different one each time;
# every transfer's size is checked, its SHA-256 once per case and client; a
# failed transfer counts as failed, never as a time. "srv CPU" is the CPU
# time vsftpd's sessions for that client took. Medians of the runs.
#
#   BUILD_DIR=build BENCH_RUNS=5 bash bench/ftpx/run.sh   (as root: vsftpd chroots)
# BENCH_ONLY, an extended regular expression, runs only the clients whose
# function below matches it, for more runs of one case:
#   BENCH_ONLY='^(get|nul)_.*_tls$' BENCH_RUNS=11 bash bench/ftpx/run.sh
set -euo pipefail

build=$(cd "${BUILD_DIR:-build}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
runs=${BENCH_RUNS:-5}
only=${BENCH_ONLY:-.}
slow_runs=${BENCH_SLOW_RUNS:-1}
peers=$build/peers/root
ftpx=$build/apps/ftpx/ftpx
vsftpd=$peers/usr/sbin/vsftpd
lftp=$peers/usr/bin/lftp
curl=/usr/bin/curl
resumption=$build/bench/ftpx-tls-resumption
for program in "$ftpx" "$vsftpd" "$lftp" "$curl" "$resumption" /usr/bin/time openssl python3 sha256sum; do
    command -v "$program" >/dev/null || { echo "bench: missing $program (run make deps and make)" >&2; exit 1; }
done
[ "$(id -u)" -eq 0 ] || { echo "bench: needs root (vsftpd chroots its sessions)" >&2; exit 1; }
# A 1 GiB file on the server, a downloaded copy and an uploaded one at once.
[ "$(df -k --output=avail /dev/shm | tail -n 1)" -gt $((4 * 1024 * 1024)) ] ||
    { echo "bench: needs 4 GiB free in /dev/shm" >&2; exit 1; }

work=$(mktemp -d /dev/shm/wk-bftpx.XXXXXX)
pids=()
cleanup() {
    local pid
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT INT TERM
chmod 755 "$work"
mkdir -p "$work/home" "$work/res" "$work/src"
# A copy of ftpx, so that a rebuild during the run cannot mix two versions.
ftpx_built=$ftpx
built_at=$(date -r "$ftpx_built" '+%F %T')
cp "$ftpx_built" "$work/ftpx"
ftpx=$work/ftpx

# Three free ports whose passive ranges (port mod 45, see private-vsftpd.sh) differ.
read -r plain_port tls_port tls1_port < <(python3 -c '
import socket
held, ports = [], []
while len(ports) < 3:
    s = socket.socket(); s.bind(("127.0.0.1", 0)); held.append(s)
    p = s.getsockname()[1]
    if all(p % 45 != q % 45 for q in ports): ports.append(p)
print(*ports)')
sh "$here/../../cmake/private-vsftpd.sh" "$work/plain" "$plain_port"
sh "$here/../../cmake/private-vsftpd.sh" "$work/tls" "$tls_port" tls
sh "$here/../../cmake/private-vsftpd.sh" "$work/tls1" "$tls1_port" tls one-process
cert=$work/tls/cert.pem cert1=$work/tls1/cert.pem
for server in plain tls tls1; do
    # Started directly so that $! is vsftpd's own pid: cleanup stops it by that pid.
    "$vsftpd" "$work/$server/vsftpd.conf" >"$work/$server/stdout" 2>&1 &
    pids+=($!)
done
for port in "$plain_port" "$tls_port" "$tls1_port"; do
    for ((i = 0; i < 100; i++)); do
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
        sleep 0.1
    done
done

# The data: one 1 GiB file (hard links: one copy serves both servers and the
# uploads), and the tree of 2,000 files with a manifest of their checksums.
head -c 1G /dev/urandom >"$work/plain/root/pub/big.bin"
chmod 644 "$work/plain/root/pub/big.bin"
ln "$work/plain/root/pub/big.bin" "$work/tls/root/pub/big.bin"
ln "$work/plain/root/pub/big.bin" "$work/tls1/root/pub/big.bin"
ln "$work/plain/root/pub/big.bin" "$work/src/big.bin"
big_size=$((1 << 30))
big_sha=$(sha256sum <"$work/src/big.bin" | cut -d' ' -f1)
python3 - "$work/src/tree" <<'PY'
import os, sys
for d in range(20):
    os.makedirs(f"{sys.argv[1]}/d{d:02d}")
    for f in range(100):
        with open(f"{sys.argv[1]}/d{d:02d}/f{f:03d}.bin", "wb") as out:
            out.write(os.urandom(4096))
PY
tree_files=2000 tree_bytes=$((2000 * 4096))
manifest() { (cd "$1" && find . -type f | LC_ALL=C sort | xargs sha256sum); }
manifest "$work/src/tree" >"$work/tree.sha"
for server in plain tls tls1; do
    cp -r "$work/src/tree" "$work/$server/root/pub/tree"
    chmod -R a+rX "$work/$server/root/pub/tree"
done

# The clients' command lines. All run with HOME an empty directory (no
# ~/.netrc, ~/.curlrc or ~/.lftprc; curl -q and lftp --norc besides). ftpx
# --retries 0 and lftp net:max-retries 1 (one try): a failure shows as a
# failure, not as a slow success.
plain_url=ftp://127.0.0.1:$plain_port tls_url=ftp://127.0.0.1:$tls_port tls1_url=ftp://127.0.0.1:$tls1_port
lftp_plain="set ftp:ssl-allow no; set net:max-retries 1; set cmd:fail-exit yes; open $plain_url"
# ftp:ssl-allow-anonymous: lftp never sends AUTH TLS for an anonymous login
# otherwise, and the FTPS server refuses that login in the clear.
lftp_tls_settings="set ftp:ssl-force yes; set ftp:ssl-protect-data yes; set ftp:ssl-allow-anonymous yes; set net:max-retries 1; set cmd:fail-exit yes"
lftp_tls="set ssl:ca-file $cert; $lftp_tls_settings; open $tls_url"
lftp_tls1="set ssl:ca-file $cert1; $lftp_tls_settings; open $tls1_url"
ftpx_tls=(--tls --cacert "$cert")
curl_tls=(--ssl-reqd --cacert "$cert")
ftpx_tls1=(--tls --cacert "$cert1")
curl_tls1=(--ssl-reqd --cacert "$cert1")
dl=$work/dl
srv() { echo "$work/$1/root/pub"; }  # server: the directory behind /pub

# What each client left behind, checked after each run; the SHA-256 once per
# case and client. Each prints nothing and fails on a wrong result.
check_file() {  # name file
    [ "$(stat -c %s "$2" 2>/dev/null)" = "$big_size" ] || { echo "size $(stat -c %s "$2" 2>/dev/null || echo missing), not $big_size" >"$work/why"; return 1; }
    [ -e "$work/res/$1.sha" ] && return 0
    [ "$(sha256sum <"$2" | cut -d' ' -f1)" = "$big_sha" ] || { echo "SHA-256 differs" >"$work/why"; return 1; }
    touch "$work/res/$1.sha"
}
# A download to /dev/null leaves nothing to check but the exit status.
check_status() { return 0; }
check_tree() {  # name dir
    local files bytes
    files=$(find "$2" -type f 2>/dev/null | wc -l)
    bytes=$(find "$2" -type f -printf '%s\n' 2>/dev/null | awk '{s += $1} END {print s + 0}')
    if [ "$files" != "$tree_files" ] || [ "$bytes" != "$tree_bytes" ]; then
        echo "$files files of $bytes bytes, not $tree_files of $tree_bytes" >"$work/why"
        return 1
    fi
    [ -e "$work/res/$1.sha" ] && return 0
    manifest "$2" | cmp -s - "$work/tree.sha" || { echo "checksums differ" >"$work/why"; return 1; }
    touch "$work/res/$1.sha"
}

show() {  # a command line as a shell would take it, the work directory as $W
    local arg out=""
    for arg in "$@"; do
        case $arg in *[\ \;\"\$]*) arg="'$arg'" ;; esac
        out+="$arg "
    done
    out=${out% }
    echo "${out//"$work"/\$W}"
}
# The CPU time (user+sys, seconds) of a vsftpd's finished sessions: each
# session is a process (and its helpers) that the listener reaps, so the
# listener's children's time grows by what a client's sessions cost the server.
server_cpu() {  # listener-pid
    local i
    # The sessions end when the client quits; wait until they are reaped.
    for ((i = 0; i < 100; i++)); do
        pgrep -P "$1" >/dev/null || break
        sleep 0.05
    done
    awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f\n", ($16 + $17) / hz}' "/proc/$1/stat"
}
# These machines' memory balloon reports freed pages to the host, which
# takes them back: the next write into them faults on the host. A 1 GiB file
# written to /dev/shm right after the last one was deleted then costs up to
# ten times the CPU (measured: the same download 0.5 s and 4.7 s of CPU).
# Touching 3 GiB just before each single-file transfer and freeing it hands
# the transfer pages the host still backs (reporting waits ~2 s).
warm_memory() { python3 -c 'b = bytes(1) * (3 << 30)'; }
# Runs the command, checks its result, appends "ok|fail wall-ms cpu-s kib
# server-cpu-s" to res/NAME.runs. CPU (user+sys, hundredths) and peak RSS
# from time(1): they cover the client and any process it waits for, time(1)
# itself next to nothing; the server's CPU from server_cpu.
measure() {  # name check-function check-argument, then the command
    local name=$1 check=$2 target=$3 started ended rc=0 status=ok server server_before
    shift 3
    case $name in *-ftps.*) server=${pids[1]} ;; *-ftps1.*) server=${pids[2]} ;; *) server=${pids[0]} ;; esac
    [ -e "$work/res/$name.cmd" ] || show "$@" >"$work/res/$name.cmd"
    server_before=$(server_cpu "$server")
    case $name in get-* | nul-* | put-*) warm_memory ;; esac
    started=$(date +%s%N)
    env -u XDG_CONFIG_HOME -u XDG_DATA_HOME -u XDG_CACHE_HOME HOME="$work/home" \
        /usr/bin/time -f '%U %S %M' -o "$work/time" "$@" </dev/null >/dev/null 2>"$work/err" || rc=$?
    ended=$(date +%s%N)
    if [ $rc -ne 0 ]; then
        echo "exit status $rc" >"$work/why"
        status=fail
    elif ! $check "$name" "$target"; then
        status=fail
    fi
    if [ $status = fail ]; then
        echo "$name: $(cat "$work/why")" >>"$work/failures"
        [ -e "$work/res/$name.err" ] || { cat "$work/why" "$work/err"; } | head -n 8 >"$work/res/$name.err"
    fi
    tail -n 1 "$work/time" | awk -v s=$status -v ms=$(((ended - started) / 1000000)) \
        -v sc="$(awk -v a="$server_before" -v b="$(server_cpu "$server")" 'BEGIN {printf "%.2f", b - a}')" \
        '{printf "%s %d %.2f %d %s\n", s, ms, $1 + $2, $3, sc}' >>"$work/res/$name.runs"
}

# One case: its clients in turn, starting with a different one each run.
# Each client is a function taking the run number.
in_turn() {  # run, then the client functions
    local r=$1 n i
    shift
    n=$#
    local clients=("$@")
    for ((i = 0; i < n; i++)); do
        [[ ${clients[$(((i + r - 1) % n))]} =~ $only ]] || continue
        "${clients[$(((i + r - 1) % n))]}" "$r"
    done
}

# 1. One file of 1 GiB.
get_ftpx_plain() { measure get-ftp.ftpx check_file "$dl/big.bin" "$ftpx" -q --retries 0 get "$plain_url/pub/big.bin" "$dl/big.bin"; rm -f "$dl"/*; }
get_curl_plain() { measure get-ftp.curl check_file "$dl/big.bin" "$curl" -q -sS -o "$dl/big.bin" "$plain_url/pub/big.bin"; rm -f "$dl"/*; }
get_lftp_plain() { measure get-ftp.lftp check_file "$dl/big.bin" "$lftp" --norc -c "$lftp_plain; get pub/big.bin -o $dl/big.bin"; rm -f "$dl"/*; }
get_ftpx_tls() { measure get-ftps.ftpx check_file "$dl/big.bin" "$ftpx" -q --retries 0 "${ftpx_tls[@]}" get "$tls_url/pub/big.bin" "$dl/big.bin"; rm -f "$dl"/*; }
get_curl_tls() { measure get-ftps.curl check_file "$dl/big.bin" "$curl" -q -sS "${curl_tls[@]}" -o "$dl/big.bin" "$tls_url/pub/big.bin"; rm -f "$dl"/*; }
get_lftp_tls() { measure get-ftps.lftp check_file "$dl/big.bin" "$lftp" --norc -c "$lftp_tls; get pub/big.bin -o $dl/big.bin"; rm -f "$dl"/*; }
# The same downloads to /dev/null (the clients' stdout; lftp will not "get" to
# it): the transfer without the page cache.
nul_ftpx_plain() { measure nul-ftp.ftpx check_status "" "$ftpx" -q --retries 0 get "$plain_url/pub/big.bin" -; }
nul_curl_plain() { measure nul-ftp.curl check_status "" "$curl" -q -sS -o /dev/null "$plain_url/pub/big.bin"; }
nul_lftp_plain() { measure nul-ftp.lftp check_status "" "$lftp" --norc -c "$lftp_plain; cat pub/big.bin"; }
nul_ftpx_tls() { measure nul-ftps.ftpx check_status "" "$ftpx" -q --retries 0 "${ftpx_tls[@]}" get "$tls_url/pub/big.bin" -; }
nul_curl_tls() { measure nul-ftps.curl check_status "" "$curl" -q -sS "${curl_tls[@]}" -o /dev/null "$tls_url/pub/big.bin"; }
nul_lftp_tls() { measure nul-ftps.lftp check_status "" "$lftp" --norc -c "$lftp_tls; cat pub/big.bin"; }
put_ftpx_plain() { measure put-ftp.ftpx check_file "$(srv plain)/up.bin" "$ftpx" -q --retries 0 put "$work/src/big.bin" "$plain_url/pub/up.bin"; rm -f "$(srv plain)/up.bin"; }
put_curl_plain() { measure put-ftp.curl check_file "$(srv plain)/up.bin" "$curl" -q -sS -T "$work/src/big.bin" "$plain_url/pub/up.bin"; rm -f "$(srv plain)/up.bin"; }
put_lftp_plain() { measure put-ftp.lftp check_file "$(srv plain)/up.bin" "$lftp" --norc -c "$lftp_plain; put $work/src/big.bin -o pub/up.bin"; rm -f "$(srv plain)/up.bin"; }
put_ftpx_tls() { measure put-ftps.ftpx check_file "$(srv tls)/up.bin" "$ftpx" -q --retries 0 "${ftpx_tls[@]}" put "$work/src/big.bin" "$tls_url/pub/up.bin"; rm -f "$(srv tls)/up.bin"; }
put_curl_tls() { measure put-ftps.curl check_file "$(srv tls)/up.bin" "$curl" -q -sS "${curl_tls[@]}" -T "$work/src/big.bin" "$tls_url/pub/up.bin"; rm -f "$(srv tls)/up.bin"; }
put_lftp_tls() { measure put-ftps.lftp check_file "$(srv tls)/up.bin" "$lftp" --norc -c "$lftp_tls; put $work/src/big.bin -o pub/up.bin"; rm -f "$(srv tls)/up.bin"; }
# The same against the one-process server: the default one hands each data
# write to its SSL helper and waits for it (131,000 a GiB), a chain no client
# can hurry, so there the client makes little difference; here it does.
get_ftpx_tls1() { measure get-ftps1.ftpx check_file "$dl/big.bin" "$ftpx" -q --retries 0 "${ftpx_tls1[@]}" get "$tls1_url/pub/big.bin" "$dl/big.bin"; rm -f "$dl"/*; }
get_curl_tls1() { measure get-ftps1.curl check_file "$dl/big.bin" "$curl" -q -sS "${curl_tls1[@]}" -o "$dl/big.bin" "$tls1_url/pub/big.bin"; rm -f "$dl"/*; }
get_lftp_tls1() { measure get-ftps1.lftp check_file "$dl/big.bin" "$lftp" --norc -c "$lftp_tls1; get pub/big.bin -o $dl/big.bin"; rm -f "$dl"/*; }
nul_ftpx_tls1() { measure nul-ftps1.ftpx check_status "" "$ftpx" -q --retries 0 "${ftpx_tls1[@]}" get "$tls1_url/pub/big.bin" -; }
nul_curl_tls1() { measure nul-ftps1.curl check_status "" "$curl" -q -sS "${curl_tls1[@]}" -o /dev/null "$tls1_url/pub/big.bin"; }
nul_lftp_tls1() { measure nul-ftps1.lftp check_status "" "$lftp" --norc -c "$lftp_tls1; cat pub/big.bin"; }
put_ftpx_tls1() { measure put-ftps1.ftpx check_file "$(srv tls1)/up.bin" "$ftpx" -q --retries 0 "${ftpx_tls1[@]}" put "$work/src/big.bin" "$tls1_url/pub/up.bin"; rm -f "$(srv tls1)/up.bin"; }
put_curl_tls1() { measure put-ftps1.curl check_file "$(srv tls1)/up.bin" "$curl" -q -sS "${curl_tls1[@]}" -T "$work/src/big.bin" "$tls1_url/pub/up.bin"; rm -f "$(srv tls1)/up.bin"; }
put_lftp_tls1() { measure put-ftps1.lftp check_file "$(srv tls1)/up.bin" "$lftp" --norc -c "$lftp_tls1; put $work/src/big.bin -o pub/up.bin"; rm -f "$(srv tls1)/up.bin"; }

# 2. Mirrors; the destination removed after each run.
mget() {  # name url lftp-settings ftpx-options lftp-options
    local name=$1 url=$2 settings=$3 ftpx_opts=$4 lftp_opts=$5
    if [ "${name##*.}" = lftp ] || [ "${name##*.}" = lftp-P4 ]; then
        measure "$name" check_tree "$work/mdl" "$lftp" --norc -c "$settings; mirror ${lftp_opts:+$lftp_opts }pub/tree $work/mdl"
    else
        # shellcheck disable=SC2086  # the option words
        measure "$name" check_tree "$work/mdl" "$ftpx" -q --retries 0 $ftpx_opts mirror "$url/pub/tree/" "$work/mdl"
    fi
    rm -rf "$work/mdl"
}
mput() {  # name server url lftp-settings ftpx-options lftp-options
    local name=$1 server=$2 url=$3 settings=$4 ftpx_opts=$5 lftp_opts=$6
    if [ "${name##*.}" = lftp ] || [ "${name##*.}" = lftp-P4 ]; then
        measure "$name" check_tree "$(srv "$server")/up" "$lftp" --norc -c "$settings; mirror -R ${lftp_opts:+$lftp_opts }$work/src/tree pub/up"
    else
        # shellcheck disable=SC2086
        measure "$name" check_tree "$(srv "$server")/up" "$ftpx" -q --retries 0 $ftpx_opts mirror -R "$work/src/tree" "$url/pub/up/"
    fi
    rm -rf "$(srv "$server")/up"
}
tls_opts="--tls --cacert $cert"
mget_ftpx_plain() { mget mget-ftp.ftpx "$plain_url" "" "" ""; }
mget_ftpx4_plain() { mget mget-ftp.ftpx-j4 "$plain_url" "" "-j 4" ""; }
mget_lftp_plain() { mget mget-ftp.lftp "" "$lftp_plain" "" ""; }
mget_lftp4_plain() { mget mget-ftp.lftp-P4 "" "$lftp_plain" "" "-P 4"; }
mput_ftpx_plain() { mput mput-ftp.ftpx plain "$plain_url" "" "" ""; }
mput_ftpx4_plain() { mput mput-ftp.ftpx-j4 plain "$plain_url" "" "-j 4" ""; }
mput_lftp_plain() { mput mput-ftp.lftp plain "" "$lftp_plain" "" ""; }
mput_lftp4_plain() { mput mput-ftp.lftp-P4 plain "" "$lftp_plain" "" "-P 4"; }
mget_ftpx_tls() { mget mget-ftps.ftpx "$tls_url" "" "$tls_opts" ""; }
mget_ftpx4_tls() { mget mget-ftps.ftpx-j4 "$tls_url" "" "$tls_opts -j 4" ""; }
mget_ftpx12_tls() { mget mget-ftps.ftpx-j4-tls12 "$tls_url" "" "$tls_opts --tls-max 1.2 -j 4" ""; }
mget_lftp_tls() { [ "$1" -gt "$slow_runs" ] || mget mget-ftps.lftp "" "$lftp_tls" "" ""; }
mget_lftp4_tls() { [ "$1" -gt "$slow_runs" ] || mget mget-ftps.lftp-P4 "" "$lftp_tls" "" "-P 4"; }
mput_ftpx_tls() { mput mput-ftps.ftpx tls "$tls_url" "" "$tls_opts" ""; }
mput_ftpx4_tls() { mput mput-ftps.ftpx-j4 tls "$tls_url" "" "$tls_opts -j 4" ""; }
mput_ftpx12_tls() { mput mput-ftps.ftpx-j4-tls12 tls "$tls_url" "" "$tls_opts --tls-max 1.2 -j 4" ""; }
mput_lftp_tls() { mput mput-ftps.lftp tls "" "$lftp_tls" "" ""; }
mput_lftp4_tls() { mput mput-ftps.lftp-P4 tls "" "$lftp_tls" "" "-P 4"; }
tls1_opts="--tls --cacert $cert1"
mget_ftpx4_tls1() { mget mget-ftps1.ftpx-j4 "$tls1_url" "" "$tls1_opts -j 4" ""; }
mget_ftpx12_tls1() { mget mget-ftps1.ftpx-j4-tls12 "$tls1_url" "" "$tls1_opts --tls-max 1.2 -j 4" ""; }
mget_lftp4_tls1() { [ "$1" -gt "$slow_runs" ] || mget mget-ftps1.lftp-P4 "" "$lftp_tls1" "" "-P 4"; }
mput_ftpx4_tls1() { mput mput-ftps1.ftpx-j4 tls1 "$tls1_url" "" "$tls1_opts -j 4" ""; }
mput_ftpx12_tls1() { mput mput-ftps1.ftpx-j4-tls12 tls1 "$tls1_url" "" "$tls1_opts --tls-max 1.2 -j 4" ""; }
mput_lftp4_tls1() { mput mput-ftps1.lftp-P4 tls1 "" "$lftp_tls1" "" "-P 4"; }

mkdir -p "$dl"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date +%s)
for ((r = 1; r <= runs; r++)); do
    in_turn $r get_ftpx_plain get_curl_plain get_lftp_plain
    in_turn $r get_ftpx_tls get_curl_tls get_lftp_tls
    in_turn $r nul_ftpx_plain nul_curl_plain nul_lftp_plain
    in_turn $r nul_ftpx_tls nul_curl_tls nul_lftp_tls
    in_turn $r put_ftpx_plain put_curl_plain put_lftp_plain
    in_turn $r put_ftpx_tls put_curl_tls put_lftp_tls
    in_turn $r get_ftpx_tls1 get_curl_tls1 get_lftp_tls1
    in_turn $r nul_ftpx_tls1 nul_curl_tls1 nul_lftp_tls1
    in_turn $r put_ftpx_tls1 put_curl_tls1 put_lftp_tls1
    in_turn $r mget_ftpx_plain mget_ftpx4_plain mget_lftp_plain mget_lftp4_plain
    in_turn $r mput_ftpx_plain mput_ftpx4_plain mput_lftp_plain mput_lftp4_plain
    in_turn $r mget_ftpx_tls mget_ftpx4_tls mget_ftpx12_tls mget_lftp_tls mget_lftp4_tls
    in_turn $r mput_ftpx_tls mput_ftpx4_tls mput_ftpx12_tls mput_lftp_tls mput_lftp4_tls
    in_turn $r mget_ftpx4_tls1 mget_ftpx12_tls1 mget_lftp4_tls1
    in_turn $r mput_ftpx4_tls1 mput_ftpx12_tls1 mput_lftp4_tls1
done
elapsed=$(($(date +%s) - started))
# What the TLS of a mirror's data connections costs by itself, measured
# apart from any server or socket (tls_resumption.cpp): per 2,000 files.
tls_costs=$("$resumption" 2000)
tls_cpu() { awk -v v="$1" '$1 == "TLS" && $2 == v ":" {printf "%.2f", ($4 + $7) * 2000 / 1e6}' <<<"$tls_costs"; }

# Report. A figure is the median of the runs that succeeded; a name with a
# failed run says so instead.
median() { sort -n | awk '{v[NR]=$1} END {if (NR == 0) print "nan"; else print (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
col() { awk -v c="$2" '$1 == "ok" {print $c}' "$work/res/$1.runs" | median; }
lo() { awk '$1 == "ok" {print $2}' "$work/res/$1.runs" | sort -n | head -n 1; }
hi() { awk '$1 == "ok" {print $2}' "$work/res/$1.runs" | sort -n | tail -n 1; }
count() { wc -l <"$work/res/$1.runs"; }
failed() { grep -c '^fail' "$work/res/$1.runs" || true; }
mibs() { awk -v ms="$1" -v b="$big_size" 'BEGIN {printf "%.0f", b / 1048576 / (ms / 1000)}'; }
secs() { awk -v ms="$1" 'BEGIN {printf "%.2f", ms / 1000}'; }
row() {  # label name kind(file|tree)
    local name=$2 fig range
    if ! [ -e "$work/res/$name.runs" ]; then
        printf '  %-22s not run\n' "$1"
        return
    fi
    if [ "$(failed "$name")" -gt 0 ]; then
        printf '  %-22s FAILED in %d of %d runs (see below)\n' "$1" "$(failed "$name")" "$(count "$name")"
        return
    fi
    if [ "$3" = file ]; then
        fig=$(mibs "$(col "$name" 2)") range="$(mibs "$(hi "$name")")-$(mibs "$(lo "$name")")"
    else
        fig=$(secs "$(col "$name" 2)") range="$(secs "$(lo "$name")")-$(secs "$(hi "$name")")"
    fi
    printf '  %-22s %9s %15s %8s %8s %8s %5s\n' "$1" "$fig" "$range" "$(col "$name" 3)" \
        "$(awk -v k="$(col "$name" 4)" 'BEGIN {printf "%.1f", k / 1024}')" "$(col "$name" 5)" "$(count "$name")"
}
ok() { [ -e "$work/res/$1.runs" ] && [ "$(failed "$1")" -eq 0 ]; }
# ftpx's medians over the best of the peers: wall time (the lowest; for a
# file, throughput is its inverse), CPU and RSS (the lowest). Prints
# "time cpu rss" ratios, or nothing if a figure is missing.
ratios() {  # ftpx-name peer-names...
    local ours=$1 name
    shift
    ok "$ours" || return 0
    local t c m
    for name in "$@"; do ok "$name" || return 0; done
    t=$(for name in "$@"; do col "$name" 2; done | sort -n | head -n 1)
    c=$(for name in "$@"; do col "$name" 3; done | sort -n | head -n 1)
    m=$(for name in "$@"; do col "$name" 4; done | sort -n | head -n 1)
    awk -v ot="$(col "$ours" 2)" -v oc="$(col "$ours" 3)" -v om="$(col "$ours" 4)" -v t="$t" -v c="$c" -v m="$m" \
        'BEGIN {printf "%.2f %s %.2f\n", t / ot, (c > 0 ? sprintf("%.2f", oc / c) : "inf"), om / m}'
}
ratio_row() {  # label kind ftpx-name peer-names...
    local label=$1 kind=$2 r
    shift 2
    [ -e "$work/res/$1.runs" ] || return 0  # not run (BENCH_ONLY)
    r=$(ratios "$@")
    [ -n "$r" ] || { printf '  %-22s (a run failed: no ratio)\n' "$label"; return; }
    read -r rt rc rr <<<"$r"
    # For a file the column is throughput: ftpx over the fastest peer (higher
    # is better); for a mirror it is time: ftpx over the quickest (lower is better).
    [ "$kind" = file ] || rt=$(awk -v x="$rt" 'BEGIN {printf "%.2f", 1 / x}')
    printf '  %-22s %9s %15s %8s %8s\n' "$label" "$rt" "" "$rc" "$rr"
}

echo "ftpx vs curl 7.88.1 and lftp 4.9.2, vsftpd 3.0.3 on 127.0.0.1 (one FTP, one FTPS-only server, one FTPS-only in one_process_model), both sides in /dev/shm"
echo "$("$ftpx" -V): \$W/ftpx, a copy of $ftpx_built as built at $built_at, sha256 $(sha256sum <"$ftpx" | cut -c1-12)"
echo "medians of $runs runs (lftp's FTPS download mirrors: $slow_runs run(s), all 2,000 files); $(nproc) cores;" \
    "load average before $load_before, after $(cut -d' ' -f1-3 /proc/loadavg); $elapsed s in all"
echo "ratio = ftpx / best peer: MiB/s higher is better (best = the fastest peer); seconds, CPU and RSS lower is better (best = the lowest peer)"
echo
printf '%-24s %9s %15s %8s %8s %8s %5s\n' "ONE FILE OF 1 GiB" "MiB/s" "(min-max)" "CPU s" "RSS MiB" "srv CPU" "runs"
for c in get-ftp:"download, FTP" get-ftps:"download, FTPS" nul-ftp:"download to /dev/null, FTP" \
    nul-ftps:"download to /dev/null, FTPS" put-ftp:"upload, FTP" put-ftps:"upload, FTPS" \
    get-ftps1:"download, FTPS, one-process server" nul-ftps1:"download to /dev/null, FTPS, one-process server" \
    put-ftps1:"upload, FTPS, one-process server"; do
    case=${c%%:*}
    echo "${c#*:}"
    row "ftpx" "$case.ftpx" file
    row "curl" "$case.curl" file
    row "lftp" "$case.lftp" file
    ratio_row "ftpx / best peer" file "$case.ftpx" "$case.curl" "$case.lftp"
done
echo
printf '%-24s %9s %15s %8s %8s %8s %5s\n' "MIRROR, 2,000 x 4 KiB" "seconds" "(min-max)" "CPU s" "RSS MiB" "srv CPU" "runs"
for c in mget-ftp:"download, FTP" mput-ftp:"upload (-R), FTP" mget-ftps:"download, FTPS" mput-ftps:"upload (-R), FTPS"; do
    case=${c%%:*}
    echo "${c#*:}"
    row "ftpx mirror" "$case.ftpx" tree
    row "ftpx mirror -j 4" "$case.ftpx-j4" tree
    [ -e "$work/res/$case.ftpx-j4-tls12.runs" ] && row "  --tls-max 1.2" "$case.ftpx-j4-tls12" tree
    row "lftp mirror" "$case.lftp" tree
    row "lftp mirror -P 4" "$case.lftp-P4" tree
    ratio_row "ftpx / best lftp" tree "$case.ftpx" "$case.lftp" "$case.lftp-P4"
    ratio_row "ftpx -j 4 / best lftp" tree "$case.ftpx-j4" "$case.lftp" "$case.lftp-P4"
    [ -e "$work/res/$case.ftpx-j4-tls12.runs" ] &&
        ratio_row "  --tls-max 1.2 / best" tree "$case.ftpx-j4-tls12" "$case.lftp" "$case.lftp-P4"
done
echo "vsftpd one_process_model, FTPS"
for c in mget-ftps1:"download" mput-ftps1:"upload (-R)"; do
    case=${c%%:*}
    echo "${c#*:}"
    row "ftpx mirror -j 4" "$case.ftpx-j4" tree
    row "  --tls-max 1.2" "$case.ftpx-j4-tls12" tree
    row "lftp mirror -P 4" "$case.lftp-P4" tree
    ratio_row "ftpx -j 4 / lftp -P 4" tree "$case.ftpx-j4" "$case.lftp-P4"
    ratio_row "  --tls-max 1.2 / lftp" tree "$case.ftpx-j4-tls12" "$case.lftp-P4"
done

echo
echo "TLS RESUMPTION ALONE (bench/ftpx/tls_resumption.cpp: client and server in one process, no sockets)"
sed 's/^/  /' <<<"$tls_costs"
echo
echo "GOALS"
for c in get-ftp:"download, FTP" get-ftps:"download, FTPS" nul-ftp:"download to /dev/null, FTP" \
    nul-ftps:"download to /dev/null, FTPS" put-ftp:"upload, FTP" put-ftps:"upload, FTPS" \
    get-ftps1:"download, FTPS, one-process server" nul-ftps1:"download to /dev/null, FTPS, one-process server" \
    put-ftps1:"upload, FTPS, one-process server"; do
    case=${c%%:*}
    [ -e "$work/res/$case.ftpx.runs" ] || continue
    if ! ok "$case.ftpx" || ! ok "$case.curl" || ! ok "$case.lftp"; then
        echo "one file, ${c#*:}: no verdict, a transfer failed"
        continue
    fi
    awk -v l="${c#*:}" -v ot="$(col "$case.ftpx" 2)" -v ct="$(col "$case.curl" 2)" -v lt="$(col "$case.lftp" 2)" \
        -v oc="$(col "$case.ftpx" 3)" -v cc="$(col "$case.curl" 3)" -v lc="$(col "$case.lftp" 3)" 'BEGIN {
        best = (ct < lt) ? ct : lt; low = (cc < lc) ? cc : lc
        r = best / ot
        printf "one file, %s: throughput %.2f of the faster peer (goal >= 0.95), CPU %.2f s against %.2f (curl) and %.2f (lftp) (goal: no more than either): %s\n",
            l, r, oc, cc, lc, (r >= 0.95 && oc <= low) ? "met" : "NOT met"
    }'
done
for case in mget-ftp mput-ftp; do
    for ours in ftpx ftpx-j4; do
        [ -e "$work/res/$case.$ours.runs" ] || continue
        if ! ok "$case.$ours" || ! ok "$case.lftp-P4"; then echo "$case, $ours: no verdict, a transfer failed"; continue; fi
        awk -v l="$case" -v o="$ours" -v a="$(col "$case.$ours" 2)" -v b="$(col "$case.lftp-P4" 2)" \
            'BEGIN {printf "FTP mirror (%s), %s: %.2f of lftp -P 4'"'"'s time (goal <= 1): %s\n", l, o, a / b, (a <= b) ? "met" : "NOT met"}'
    done
done
for case in mget-ftps mput-ftps mget-ftps1 mput-ftps1; do
    for ours in ftpx ftpx-j4 ftpx-j4-tls12; do
        [ -e "$work/res/$case.$ours.runs" ] || continue
        if ! ok "$case.$ours" || ! ok "$case.lftp-P4"; then echo "$case, $ours: no verdict, a transfer failed"; continue; fi
        awk -v l="$case" -v o="$ours" -v a="$(col "$case.$ours" 2)" -v b="$(col "$case.lftp-P4" 2)" \
            'BEGIN {printf "FTPS mirror (%s), %s: %.1f times as fast as lftp -P 4 (goal >= 5): %s\n", l, o, b / a, (b >= 5 * a) ? "met" : "NOT met"}'
    done
    # What the goal leaves for the whole mirror against what vsftpd alone
    # spent on ftpx's sessions: on this many cores no client can finish
    # sooner than the server's CPU time over the cores.
    ok "$case.ftpx-j4" && ok "$case.lftp-P4" &&
        awk -v l="$case" -v goal="$(col "$case.lftp-P4" 2)" -v srv="$(col "$case.ftpx-j4" 5)" -v n="$(nproc)" \
            'BEGIN {printf "FTPS mirror (%s): the goal leaves %.2f s; vsftpd alone spent %.2f s of CPU on ftpx -j 4'"'"'s sessions, at least %.2f s on %d cores\n", l, goal / 5000, srv, srv / n, n}'
    # The data connections' TLS by itself, client and server together: a
    # floor under any client's mirror on these cores before a byte moves.
    [[ $case == mput-* ]] && ok "$case.lftp-P4" &&
        awk -v l="$case" -v goal="$(col "$case.lftp-P4" 2)" -v t13="$(tls_cpu 1.3)" -v t12="$(tls_cpu 1.2)" -v n="$(nproc)" \
            'BEGIN {printf "FTPS mirror (%s): 2,000 resumed handshakes alone cost %.2f s of CPU under TLS 1.3 (%.2f s on %d cores), %.2f s under TLS 1.2 (%.2f s), against the %.2f s the goal leaves\n", l, t13, t13 / n, n, t12, t12 / n, goal / 5000}'
done

if [ -s "$work/failures" ]; then
    echo
    echo "FAILURES (each run; then each failing command's first error)"
    sed 's/^/  /' "$work/failures"
    for f in "$work"/res/*.err; do
        name=$(basename "$f" .err)
        echo "  $name: $(cat "$work/res/$name.cmd")"
        sed 's/^/    /' "$f"
    done
fi
echo
echo "COMMANDS (W = the work directory in /dev/shm; the 1 GiB file is pub/big.bin, the tree pub/tree)"
for f in "$work"/res/*.cmd; do
    printf '  %-20s %s\n' "$(basename "$f" .cmd)" "$(cat "$f")"
done
