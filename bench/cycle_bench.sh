#!/usr/bin/env bash
# cycle_bench.sh — the April job on a generated county: `uplift` and `changes` against one
# `recalc` of the same county, each the median of several runs (the goal: each at most 2 ×
# one recalc). Not run in CI; run it by hand on a quiet machine.
#
# Usage: bench/cycle_bench.sh [--runs N] [--threads T] [--bin PATH] [--dir DIR] [SIZE]
#   SIZE       people in the county (default 23000), `caremeter generate --people SIZE --seed 1`
#   --runs     rounds (default 7); each round runs the three commands once, in turn
#   --threads  worker threads for every command (default 2)
#   --bin      the caremeter binary (default: build/service/caremeter)
#   --dir      scratch directory outside the repository (default: $TMPDIR or /tmp, under
#              caremeter-cycle-bench); its files are deleted at the end
set -euo pipefail

runs=7
threads=2
bin=""
dir="${TMPDIR:-/tmp}/caremeter-cycle-bench"
n=23000
while (($#)); do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --bin) bin="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    -*) echo "cycle_bench.sh: unknown option $1" >&2; exit 2 ;;
    *) n="$1"; shift ;;
  esac
done
repo="$(cd "$(dirname "$0")/.." && pwd)"
bin="${bin:-$repo/build/service/caremeter}"
[[ -x "$bin" ]] || { echo "cycle_bench.sh: no caremeter binary at $bin; build first or pass --bin" >&2; exit 2; }
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
case "$dir/" in "$repo"/*) echo "cycle_bench.sh: --dir must be outside the repository" >&2; exit 2 ;; esac

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "binary:  $bin ($("$bin" --version | head -1))"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) before the run; runs: $runs, threads: $threads"

county="$dir/county-$n.jsonl"
uplifted="$dir/uplifted-$n.jsonl"
"$bin" generate --people "$n" --seed 1 --out "$county" >/dev/null 2>&1
rates="$repo/rules/uprating/2026-04.json"
declare -A cmd=(
  [recalc]="$bin recalc --people $county --as-of 2026-04-06 --unpublished carry-forward --threads $threads --out $dir/recalc-$n.jsonl"
  [uplift]="$bin uplift --people $county --rates $rates --on 2026-04-06 --threads $threads --out $uplifted"
  [changes]="$bin changes --people $uplifted --before 2026-04-05 --after 2026-04-06 --unpublished carry-forward --threads $threads --out $dir/changes-$n.csv"
)
order=(recalc uplift changes)
for name in "${order[@]}"; do eval "${cmd[$name]}" >/dev/null 2>&1; done  # warm-up; uplift makes changes' input
echo "county: $n people, $(du -h "$county" | cut -f1); uplifted: $(du -h "$uplifted" | cut -f1)"

TIMEFORMAT='%R'
for name in "${order[@]}"; do : >"$dir/times-$name"; done
for ((r = 1; r <= runs; r++)); do
  for name in "${order[@]}"; do
    sync
    # shellcheck disable=SC2086  # the command lines are split on purpose
    { time ${cmd[$name]} >/dev/null 2>&1; } 2>>"$dir/times-$name"
  done
done
median() { sort -g "$1" | awk '{v[NR] = $1} END {if (NR % 2) printf "%.3f", v[(NR + 1) / 2]; else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
printf '%-8s %10s  %s\n' what "wall (s)" command
for name in "${order[@]}"; do printf '%-8s %10s  %s\n' "$name" "$(median "$dir/times-$name")" "${cmd[$name]}"; done
r=$(median "$dir/times-recalc")
for name in uplift changes; do
  echo "$name / recalc: $(awk -v a="$(median "$dir/times-$name")" -v b="$r" 'BEGIN {printf "%.2f", a / b}')  (goal: at most 2)"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -f "$county" "$uplifted" "$dir/recalc-$n.jsonl" "$dir/changes-$n.csv" "$dir"/times-*
