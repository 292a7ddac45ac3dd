#!/bin/sh
# `make deps`: what the build, the tests and the demo need, without changing
# how the machine runs.
#
# Build tools and libraries are installed from Debian's packages (as root; a
# normal user is shown the apt-get line). Peer programs that only the tests
# run are never installed: they are downloaded and unpacked under
# BUILD_DIR/peers/root, and the tests start them from there with private
# configurations. chrony's package would remove systemd-timesyncd, xinetd's
# would start a service.
set -eu

build_dir=${1:-build}

# Packages installed on the machine: build tools, libraries, test tools, and
# the shared libraries the unpacked peers load at run time.
packages="cmake g++ make pkg-config
  libpoco-dev libcppunit-dev libpcap-dev libnet1-dev libsqlite3-dev libedit-dev
  mandoc iproute2 procps util-linux libcap2-bin openssl
  libcap2 libedit2 libgnutls30 libnettle8 libseccomp2
  libselinux1 libtirpc3 libwrap0 libbsd0
  liblinear4 liblua5.3-0 lua-lpeg libssh2-1 libpcre3 libnftables1 python3 time
  libsnmp40 libncurses6 libsqlite3-0 libgsasl18 libsecret-1-0 python3-openssl"

# Servers the tests run with private configurations. Their packages create the
# system users the daemons need (dovecot, dovenull), so they are installed,
# not unpacked; but a package installed here never starts and never stays
# enabled as a system service.
service_packages="dovecot-core dovecot-imapd dovecot-pop3d"

# Packages unpacked, not installed, for the tests and benchmarks (nftables
# adds loss and drop rules inside test namespaces only).
# vsftpd runs unpacked with a private configuration (its package would start
# a service on port 21); pyftpdlib runs from the unpacked tree with
# PYTHONPATH=.../usr/lib/python3/dist-packages under /usr/bin/python3.
peers="chrony xinetd rdate nmap nmap-common nftables ndiff masscan vnstat ifstat bwm-ng fetchmail mpop
  vsftpd python3-pyftpdlib lftp"

say() { echo "deps: $*" >&2; }

# The packages of the list given that are not installed, space-separated.
not_installed() {
    for package in "$@"; do
        case "$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)" in
        *" installed") ;;
        *) printf ' %s' "$package" ;;
        esac
    done
}

missing=$(not_installed $packages)

apt_install() {
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
}

if [ -n "$missing" ]; then
    if [ "$(id -u)" -ne 0 ]; then
        say "missing packages:$missing"
        say "run: sudo apt-get install -y --no-install-recommends$missing"
        exit 1
    fi
    say "installing$missing"
    # A fresh machine has no package lists yet: update once, then retry.
    apt_install $missing || { apt-get update && apt_install $missing; }
fi

missing_services=$(not_installed $service_packages)
if [ -n "$missing_services" ]; then
    if [ "$(id -u)" -ne 0 ]; then
        say "missing packages:$missing_services"
        say "run: sudo apt-get install -y --no-install-recommends$missing_services"
        say "then: sudo systemctl disable --now dovecot.service dovecot.socket"
        exit 1
    fi
    say "installing$missing_services (not started, not enabled)"
    # policy-rc.d answering 101 keeps the maintainer scripts from starting the
    # daemons; one already there (a container's) is left as it is.
    policy=/usr/sbin/policy-rc.d
    own_policy=""
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' >"$policy"
        chmod 755 "$policy"
        own_policy=yes
    fi
    apt_install $missing_services || { apt-get update && apt_install $missing_services; } || {
        [ -z "$own_policy" ] || rm -f "$policy"
        exit 1
    }
    [ -z "$own_policy" ] || rm -f "$policy"
    # Only what this run installed is disabled: a dovecot the machine already
    # had keeps its settings.
    if command -v deb-systemd-helper >/dev/null 2>&1; then
        deb-systemd-helper disable dovecot.service dovecot.socket >/dev/null 2>&1 || true
    fi
    if command -v update-rc.d >/dev/null 2>&1; then
        update-rc.d dovecot disable >/dev/null 2>&1 || true
    fi
fi

peer_root="$build_dir/peers/root"
stamp="$build_dir/peers/.stamp"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$peers" ] && [ -x "$peer_root/usr/sbin/chronyd" ]; then
    [ -n "$missing$missing_services" ] || say "all present"
    exit 0
fi

download=$(mktemp -d)
trap 'rm -rf "$download"' EXIT
# apt-get warns that its _apt user cannot write the private directory and
# downloads as root instead: keep that out of sight unless the download fails.
fetch() { (cd "$download" && apt-get download $peers >"$download/log" 2>&1) || { cat "$download/log" >&2; false; }; }
if ! fetch; then
    if [ "$(id -u)" -eq 0 ]; then
        apt-get update >/dev/null && fetch
    else
        say "cannot download$peers: run 'sudo apt-get update' and retry"
        exit 1
    fi
fi
rm -rf "$peer_root"
mkdir -p "$peer_root"
for deb in "$download"/*.deb; do
    dpkg -x "$deb" "$peer_root"
done
for program in usr/sbin/chronyd usr/sbin/xinetd usr/sbin/rdate usr/bin/nmap usr/sbin/nft usr/bin/masscan usr/sbin/vnstatd usr/bin/ifstat usr/bin/bwm-ng usr/bin/fetchmail usr/bin/mpop usr/sbin/vsftpd usr/bin/lftp; do
    [ -x "$peer_root/$program" ] || { say "unpacked peers lack $program"; exit 1; }
done
[ -d "$peer_root/usr/lib/python3/dist-packages/pyftpdlib" ] || { say "unpacked peers lack pyftpdlib"; exit 1; }
echo "$peers" >"$stamp"
say "peers unpacked in $peer_root:$(for p in $peers; do printf ' %s' "$p"; done)"
