#!/usr/bin/env bash
# Runs nginx with deploy/nginx/cnn-demo.conf on loopback, as a foreground process (no daemon, no
# system files touched): for tests/browser/nginx.test.js and bench/load/run.sh.
#   deploy/nginx/local.sh PREFIX SITE PORT [FRAME_ANCESTORS] [CSP_MAP]
# PREFIX  an empty temporary directory: the generated nginx.conf, logs, pid and temp files go there
# SITE    the directory to serve (deploy/hash_names.py's output, or a plain dist/)
# PORT    serves http://127.0.0.1:PORT/
# FRAME_ANCESTORS  the frame-ancestors source list (default: 'self')
# CSP_MAP hash_names.py's --csp-map file (default: none, so no page policy header)
# ACCESS_LOG=off in the environment turns the access log off (the load test).
# Stop it by its process id (it execs nginx: the pid is nginx's master); SIGTERM stops it fast.
set -euo pipefail
[ $# -ge 3 ] || { sed -n '2,12p' "$0" >&2; exit 2; }
prefix=$(cd "$1" && pwd); site=$(cd "$2" && pwd); port=$3
ancestors=${4:-"'self'"}; csp_map=${5:-}
here=$(cd "$(dirname "$0")" && pwd)
PATH=$PATH:/usr/sbin
command -v nginx >/dev/null || { echo "local.sh: nginx is not installed (scripts/install_deps.sh hosting)" >&2; exit 3; }
mkdir -p "$prefix/logs" "$prefix/tmp"
# Debian's workers run as nobody when the master is root: they must be able to read the site.
chmod 755 "$prefix" "$prefix/tmp"
if [ -n "$csp_map" ]; then cp "$csp_map" "$prefix/csp.map"; else : >"$prefix/csp.map"; fi
printf 'set $cnn_demo_frame_ancestors "%s";\n' "$ancestors" >"$prefix/frame-ancestors.conf"
# The site file as shipped, pointed at this prefix, site and port.
sed -e "s|listen 80;|listen 127.0.0.1:$port;|" -e '/listen \[::\]:80;/d' \
    -e "s|root /var/www/cnn-demo;|root $site;|" -e "s|/etc/nginx/cnn-demo/|$prefix/|g" \
    "$here/cnn-demo.conf" >"$prefix/cnn-demo.conf"
cat >"$prefix/nginx.conf" <<CONF
daemon off;
master_process on;
worker_processes auto;
worker_rlimit_nofile 8192;
pid $prefix/nginx.pid;
error_log $prefix/logs/error.log warn;
events { worker_connections 4096; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log ${ACCESS_LOG:-$prefix/logs/access.log};
    client_body_temp_path $prefix/tmp/body;
    proxy_temp_path $prefix/tmp/proxy;
    fastcgi_temp_path $prefix/tmp/fastcgi;
    uwsgi_temp_path $prefix/tmp/uwsgi;
    scgi_temp_path $prefix/tmp/scgi;
    keepalive_timeout 65;
    include $prefix/cnn-demo.conf;
}
CONF
exec nginx -e "$prefix/logs/error.log" -p "$prefix/" -c "$prefix/nginx.conf"
