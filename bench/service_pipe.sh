#!/usr/bin/env bash
# service_pipe.sh — calculate requests a second through the real `caremeter serve` process:
# requests written to its stdin as one file, answers read from its stdout, one process, the
# whole JSON-RPC path (reading the line, the strict person reader, the calculation, writing the
# answer, flushing it). Each request is one person of the closed county `generate --people 2000
# --seed 1`, so the people differ.
# Prints the median of several runs.
#
# Usage: bench/service_pipe.sh [--runs N] [--requests N] [--bin PATH]
#   --runs      rounds (default 7)
#   --requests  requests a round (default 20000; the county's 2,000 people, repeated)
#   --bin       the caremeter binary (default build/service/caremeter)
#
# Not run in CI; run it by hand on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=7
requests=20000
bin=build/service/caremeter
while (($#)); do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --requests) requests="$2"; shift 2 ;;
    --bin) bin="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "service_pipe.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

work="$(mktemp -d "${TMPDIR:-/tmp}/caremeter-service-pipe.XXXXXX")"
trap 'rm -rf "$work"' EXIT
# The closed county of 2,000 accounts these figures have always used (its bytes are pinned).
county="$work/county-2000.jsonl"
"$bin" generate --people 2000 --seed 1 --out "$county"

# Wrap each person in a calculate request; the id is the request's number.
awk -v n="$requests" '
  { people[NR] = $0 }
  END {
    for (i = 1; i <= n; ++i)
      printf "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"calculate\",\"params\":{\"person\":%s,\"as_of\":\"2027-03-31\",\"scenario\":\"reform-2025-10\"}}\n", i, people[(i - 1) % NR + 1]
  }' "$county" > "$work/requests.jsonl"

times=()
for ((r = 1; r <= runs; ++r)); do
  rm -f "$work"/db*
  start=$(date +%s.%N)
  "$bin" serve --db "$work/db" < "$work/requests.jsonl" > "$work/answers.jsonl" 2>/dev/null
  end=$(date +%s.%N)
  times+=("$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.6f", b - a}')")
done

answers=$(wc -l < "$work/answers.jsonl")
errors=$(grep -c '"error":' "$work/answers.jsonl" || true)
median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}')
printf 'requests %d, answers %d (errors %d), runs %d\n' "$requests" "$answers" "$errors" "$runs"
awk -v m="$median" -v n="$requests" 'BEGIN {printf "median %.3f s, %.0f requests a second\n", m, n / m}'
