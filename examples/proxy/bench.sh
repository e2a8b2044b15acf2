#!/usr/bin/env bash
# bench.sh measures the proxy's throughput on loopback with wrk, beside a
# plain static server (a Go http.FileServer, benchupstream -serve) that
# serves the same page and file bytes. It starts everything it needs in a
# temporary folder and stops it all on exit. Run from anywhere:
#
#	examples/proxy/bench.sh            # 10 s per run, 2 threads, 16 connections
#	DURATION=3s ROUNDS=3 examples/proxy/bench.sh
#
# Needs wrk (Debian: apt-get install wrk), curl and go.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
CONNS=${CONNS:-16}
BIG_SIZE=${BIG_SIZE:-4194304}
ROUNDS=${ROUNDS:-1}
for tool in wrk curl go; do
	command -v "$tool" >/dev/null || { echo "bench.sh: $tool not found" >&2; exit 2; }
done

work=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

go build -o "$work/proxy" ./examples/proxy
go build -o "$work/benchupstream" ./examples/proxy/benchupstream
"$work/benchupstream" -write "$work/index" -big-size "$BIG_SIZE"

# serve DIR NAME: a static server on DIR; its address in $work/NAME.addr.
serve() {
	"$work/benchupstream" -serve "$1" >"$work/$2.addr" &
	pids+=($!)
	until [ -s "$work/$2.addr" ]; do sleep 0.05; done
}
# proxy NAME FLAGS...: a proxy; its address in $work/NAME.addr.
proxy() {
	local name=$1; shift
	"$work/proxy" -config "$work/safeindex.toml" -listen 127.0.0.1:0 "$@" 2>"$work/$name.log" &
	pids+=($!)
	until grep -q 'msg=serving' "$work/$name.log" 2>/dev/null; do sleep 0.05; done
	sed -n 's|.*addr=http://\([^/]*\)/simple/.*|\1|p' "$work/$name.log" | head -1 >"$work/$name.addr"
}

serve "$work/index" upstream
UP=$(cat "$work/upstream.addr")
cat >"$work/safeindex.toml" <<TOML
[[source]]
name = "internal"
url = "http://$UP/internal/"
claims = ["acme-*"]

[[source]]
name = "pypi"
url = "http://$UP/pypi/"
TOML
proxy cached -cache "$work/cache-a"
proxy streamed -cache "$work/cache-b" -no-file-cache
A=$(cat "$work/cached.addr")
B=$(cat "$work/streamed.addr")

JSON='Accept: application/vnd.pypi.simple.v1+json'
PAGE=/simple/acme-billing/
FILE=/files/internal/acme-big/acme_big-1.0.0-py3-none-any.whl

# Warm the caches, and give the static server the very same bytes.
mkdir -p "$work/static"
curl -fsS -H "$JSON" "http://$A$PAGE" -o "$work/static/page.json"
curl -fsS -H "$JSON" "http://$B$PAGE" -o /dev/null
curl -fsS "http://$A$FILE" -o "$work/static/big.whl"
cmp -s "$work/static/big.whl" "$work/index/internal/acme-big/acme_big-1.0.0-py3-none-any.whl"
serve "$work/static" static
S=$(cat "$work/static.addr")

# bench LABEL URL [HEADER]: one wrk run; prints "LABEL req/s MB/s".
bench() {
	local out
	if [ -n "${3:-}" ]; then
		out=$(wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" -H "$3" "$2")
	else
		out=$(wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" "$2")
	fi
	echo "$out" >>"$work/wrk.txt"
	if echo "$out" | grep -q 'Non-2xx'; then echo "bench.sh: $1: non-2xx answers" >&2; echo "$out" >&2; exit 1; fi
	local rps mbs
	rps=$(echo "$out" | awk '/^Requests\/sec:/ {print $2}')
	mbs=$(echo "$out" | awk '/^Transfer\/sec:/ {v=$2; if (v ~ /GB$/) v*=1024; else if (v ~ /KB$/) v/=1024; else v+=0; print v}')
	printf '%-34s %12s req/s %10.1f MB/s\n' "$1" "$rps" "$mbs"
	sleep 1
}

echo "wrk -t$THREADS -c$CONNS -d$DURATION; page $(wc -c <"$work/static/page.json") bytes (JSON, 120 files); file $BIG_SIZE bytes"
for round in $(seq "$ROUNDS"); do
	[ "$ROUNDS" = 1 ] || echo "round $round"
	{
		bench "page: static server" "http://$S/page.json" "$JSON"
		bench "page: proxy (cached pages)" "http://$A$PAGE" "$JSON"
		bench "file: static server" "http://$S/big.whl"
		bench "file: proxy (file cache)" "http://$A$FILE"
		bench "file: proxy (streamed from source)" "http://$B$FILE"
	} | tee "$work/summary.txt"
	awk '
		/^page: static/ {ps=$(NF-3)} /^page: proxy/ {pp=$(NF-3)}
		/^file: static/ {fs=$(NF-1)} /^file: proxy \(file cache\)/ {fc=$(NF-1)} /^file: proxy \(streamed/ {fst=$(NF-1)}
		END {
			printf "ratios: pages %.2f, files from the file cache %.2f, files streamed from the source %.2f (goal: >= 0.5)\n", pp/ps, fc/fs, fst/fs
		}' "$work/summary.txt"
done
