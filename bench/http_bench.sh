#!/usr/bin/env bash
# http_bench.sh — `calculate` requests a second and latency percentiles through the HTTP door
# (`caremeter serve --http`) over keep-alive connections, with wrk (Debian package `wrk`).
# Usage: bench/http_bench.sh [--bin build/service/caremeter] [--seconds 10] [--connections 16]
#                            [--threads 1] [--workers 2]
# Prints wrk's report (requests/s, latency distribution with p50/p90/p99) and the door's count
# of answers; every request must be answered 200 with the expected figures.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/service/caremeter seconds=10 connections=16 threads=1 workers=2
while (($#)); do
  case "$1" in
    --bin) bin=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --workers) workers=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
log=$(mktemp)
"$bin" serve --http 127.0.0.1:0 --workers "$workers" --rules rules 2>"$log" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 100); do grep -q 'listening on' "$log" && break; sleep 0.1; done
url=$(grep -o 'http://[0-9.]*:[0-9]*' "$log")
echo "caremeter serve --http with $workers worker(s); wrk: $threads thread(s), $connections keep-alive connections, ${seconds}s"
wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency -s bench/http_calculate.lua "$url"
