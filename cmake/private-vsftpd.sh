#!/bin/sh
# Writes a private vsftpd into DIR for the demo and the benchmark: anonymous
# login (any password) with write access to DIR/root/pub, listening on
# 127.0.0.1:PORT with passive ports of its own; with "tls", explicit FTPS
# only, on a self-signed certificate (localhost, 127.0.0.1) at DIR/cert.pem.
# Start it with: vsftpd DIR/vsftpd.conf (it stays in the foreground); run
# as root, which vsftpd needs to chroot its sessions. The tests start theirs
# from their own C++ fixture, tests/ftpx/ftp_servers.cpp. With "one-process"
# the sessions run in vsftpd's one_process_model (its option for busy
# anonymous sites: no privileged parent per session, so under TLS no SSL
# helper process that every TLS record passes through); the benchmark
# measures FTPS mirrors against both models.
#
#   sh cmake/private-vsftpd.sh DIR PORT [tls [one-process]]
set -eu
dir=$1 port=$2 tls=${3:-} model=${4:-}
case $port in '' | *[!0-9]*) echo "private-vsftpd: bad port: $port" >&2; exit 2 ;; esac
case $tls in '' | tls) ;; *) echo "private-vsftpd: third argument must be \"tls\"" >&2; exit 2 ;; esac
case $model in '' | one-process) ;; *) echo "private-vsftpd: fourth argument must be \"one-process\"" >&2; exit 2 ;; esac
# Passive ports: 100 of 61000-65499, above Linux's ephemeral range
# (32768-60999) so no client's own socket sits on one, chosen by PORT so two
# servers whose ports differ by less than 45 never share a port.
pasv_min=$((61000 + port % 45 * 100))
pasv_max=$((pasv_min + 99))

# The anonymous session's user: the package's `ftp` may not exist (the
# package is only unpacked), and nobody will not do: vsftpd changes into the
# user's home before anon_root and dies on nobody's "/nonexistent". daemon
# (base-passwd, home /usr/sbin) exists on every Debian system. vsftpd
# refuses a chroot root that user could write to: the root is root's, pub/
# is daemon's. The pre-login process runs as nobody in DIR/empty.
user=daemon
mkdir -p "$dir/root/pub" "$dir/empty"
chmod 755 "$dir" "$dir/root" "$dir/empty"
chown root:root "$dir/root" "$dir/empty"
chown "$user:$(id -gn $user)" "$dir/root/pub"
chmod 755 "$dir/root/pub"

cat >"$dir/vsftpd.conf" <<CONF
listen=YES
listen_ipv6=NO
listen_address=127.0.0.1
listen_port=$port
background=NO
secure_chroot_dir=$dir/empty
nopriv_user=nobody
local_enable=NO
anonymous_enable=YES
no_anon_password=YES
ftp_username=$user
anon_root=$dir/root
write_enable=YES
anon_upload_enable=YES
anon_mkdir_write_enable=YES
anon_other_write_enable=YES
# Uploads readable by anonymous again (anon_world_readable_only), so what a
# mirror -R sent can be mirrored back.
anon_umask=022
pasv_enable=YES
pasv_min_port=$pasv_min
pasv_max_port=$pasv_max
connect_from_port_20=NO
syslog_enable=NO
xferlog_enable=NO
CONF
[ "$model" = one-process ] && echo "one_process_model=YES" >>"$dir/vsftpd.conf"

[ "$tls" = tls ] || exit 0
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=localhost \
    -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout "$dir/key.pem" -out "$dir/cert.pem" \
    -days 30 2>/dev/null
chmod 600 "$dir/key.pem"
cat >>"$dir/vsftpd.conf" <<CONF
ssl_enable=YES
rsa_cert_file=$dir/cert.pem
rsa_private_key_file=$dir/key.pem
allow_anon_ssl=YES
# FTPS only: a client that skips AUTH TLS or PROT P is refused, so nothing
# measured or tested over "FTPS" can have run in the clear.
force_anon_logins_ssl=YES
force_anon_data_ssl=YES
# The default, written out: a data connection must resume the control
# connection's TLS session.
require_ssl_reuse=YES
# vsftpd 3.0.3's default list is DES-CBC3-SHA alone, which OpenSSL 3 no
# longer offers: without this only TLS 1.3 clients get in. (The server's
# only ECDHE group is P-256; an OpenSSL client that offers X25519 first gets
# a HelloRetryRequest on every connection.)
ssl_ciphers=HIGH
CONF
