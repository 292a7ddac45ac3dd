#!/bin/sh
# Writes a private dovecot into DIR for the demo and the benchmark: a
# self-signed certificate (localhost, 127.0.0.1), users with password
# "secret" and Maildirs under DIR/home, and DIR/dovecot.conf listening on
# 127.0.0.1 with the given ports. Start it with: dovecot -F -c DIR/dovecot.conf
# (the tests' C++ fixture, tests/mailpoll/dovecot_fixture.cpp, does the same).
#
#   sh cmake/private-dovecot.sh DIR IMAP_PORT IMAPS_PORT POP3_PORT POP3S_PORT USER...
set -eu
dir=$1 imap=$2 imaps=$3 pop3=$4 pop3s=$5
shift 5
mkdir -p "$dir/run" "$dir/state" "$dir/home"
chmod 755 "$dir"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=localhost \
    -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout "$dir/key.pem" -out "$dir/cert.pem" \
    -days 30 2>/dev/null
: >"$dir/passwd"
for user in "$@"; do
    echo "$user:{PLAIN}secret" >>"$dir/passwd"
    mkdir -p "$dir/home/$user/Maildir/new" "$dir/home/$user/Maildir/cur" "$dir/home/$user/Maildir/tmp"
done
chown -R nobody:nogroup "$dir/home"
echo secret >"$dir/password"
chmod 600 "$dir/password"
cat >"$dir/dovecot.conf" <<CONF
base_dir = $dir/run
state_dir = $dir/state
log_path = $dir/dovecot.log
instance_name = wirekit-$$
listen = 127.0.0.1
protocols = imap pop3
ssl_cert = <$dir/cert.pem
ssl_key = <$dir/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
passdb {
  driver = passwd-file
  args = $dir/passwd
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=$dir/home/%u
}
mail_location = maildir:~/Maildir
service imap-login {
  chroot =
  inet_listener imap {
    port = $imap
  }
  inet_listener imaps {
    port = $imaps
    ssl = yes
  }
}
service pop3-login {
  chroot =
  inet_listener pop3 {
    port = $pop3
  }
  inet_listener pop3s {
    port = $pop3s
    ssl = yes
  }
}
pop3_uidl_format = %08Xu%08Xv
CONF
