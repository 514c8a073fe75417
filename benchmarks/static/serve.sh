#!/usr/bin/env bash
# `make bench-static`: the same benchmarks against nginx serving bytes dumped once from the mock,
# so the client is all that is measured (the mock still does some work per request; nginx sends a
# file). Keep-alive on (no request limit per connection), no gzip, the content types the mock sends.
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=$PWD/target/bench/static
# Waits for the package lock: other builds on the machine may be installing something.
apt_get() { apt-get -o DPkg::Lock::Timeout=600 "$@"; }
command -v nginx >/dev/null || { apt_get update -qq && apt_get install -y -qq nginx; }
.venv/bin/python benchmarks/static/dump.py "$dir/www"
port=$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$dir/tmp"
cat >"$dir/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  gzip off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 75s;
  keepalive_requests 1000000;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  types {}
  default_type application/json;
  server {
    listen 127.0.0.1:$port;
    root $dir/www;
    location / {
      try_files \$uri/index =404;
    }
    location ^~ /reports/events/sessions/csv/ {
      default_type "text/csv; charset=utf-8";
      try_files \$uri/index =404;
    }
  }
}
CONF
nginx -e "$dir/error.log" -p "$dir" -c "$dir/nginx.conf" &
nginx=$!
trap 'kill "$nginx"; wait "$nginx"' EXIT
for _ in $(seq 50); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done
echo "nginx $(nginx -v 2>&1 | cut -d/ -f2) on 127.0.0.1:$port serving $dir/www"
status=0
BENCH_BASE_URL="http://127.0.0.1:$port" bash benchmarks/run.sh python node || status=$?
exit $status
