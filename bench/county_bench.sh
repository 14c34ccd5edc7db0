#!/usr/bin/env bash
# county_bench.sh — county-scale timings: generate, recalc, compare, against sha256sum of the
# same input in the same run. Prints the median of several runs of each and the ratios the
# performance goals are stated in (bench/RESULTS.md, doc/benchmarks.md).
#
# Usage: bench/county_bench.sh [--runs N] [--threads T] [--bin PATH] [--dir DIR] [--keep] [--only LIST] SIZE...
#   SIZE     people in a county, e.g. 23000 50000 (1200000 for all of England, by hand)
#   --runs   rounds of measurement (default 7); each round runs every command once, in turn,
#            so a burst of load from elsewhere hits them alike
#   --threads  worker threads for recalc and compare (default 2)
#   --bin    the caremeter binary (default: build/service/caremeter, else build-bench/…)
#   --dir    scratch directory for the counties and outputs (default: $TMPDIR or /tmp,
#            under caremeter-county-bench); never inside the repository
#   --keep   keep the generated counties and outputs (deleted by default: 1.2 million people
#            are about 850 MB in and 2.3 GB out)
#   --only   a comma-separated list of the measurements to make (names as printed), e.g.
#            --only sha256sum,recalc for a quick look at a big county
#
# Not run in CI (it takes minutes and wants a quiet machine); run it by hand.
set -euo pipefail

runs=7
threads=2
bin=""
dir="${TMPDIR:-/tmp}/caremeter-county-bench"
keep=0
only=""
sizes=()
while (($#)); do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --bin) bin="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    --only) only="$2"; shift 2 ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    -*) echo "county_bench.sh: unknown option $1" >&2; exit 2 ;;
    *) sizes+=("$1"); shift ;;
  esac
done
if ((${#sizes[@]} == 0)); then
  echo "usage: bench/county_bench.sh [--runs N] [--threads T] [--bin PATH] [--dir DIR] [--keep] [--only LIST] SIZE..." >&2
  exit 2
fi
repo="$(cd "$(dirname "$0")/.." && pwd)"
if [[ -z "$bin" ]]; then
  for candidate in "$repo/build/service/caremeter" "$repo/build-bench/service/caremeter"; do
    if [[ -x "$candidate" ]]; then bin="$candidate"; break; fi
  done
fi
if [[ -z "$bin" || ! -x "$bin" ]]; then
  echo "county_bench.sh: no caremeter binary; build first or pass --bin" >&2
  exit 2
fi
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
case "$dir/" in
  "$repo"/*) echo "county_bench.sh: --dir must be outside the repository" >&2; exit 2 ;;
esac

# The machine, for the record.
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)," \
  "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "binary:  $bin"
echo "scratch: $dir ($(df -h "$dir" | awk 'NR == 2 {print $4}') free)"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 minutes) before the run"
echo "runs:    $runs, threads: $threads"
echo

# One timed run: appends "wall user+sys" seconds to the file named by $1.
TIMEFORMAT='%R %U %S'
timed() {
  local log="$1"
  shift
  local t
  t=$({ time "$@" >/dev/null 2>&1; } 2>&1) || { echo "county_bench.sh: failed: $*" >&2; exit 1; }
  awk '{printf "%.4f %.4f\n", $1, $2 + $3}' <<<"$t" >>"$log"
}

median() {  # column $2 of file $1
  awk -v c="$2" '{print $c}' "$1" | sort -g | awk '{v[NR] = $1} END {
    if (NR % 2) printf "%.3f", v[(NR + 1) / 2]; else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }

scenarios=current-law,reform-2025-10,reform-2023-10
for n in "${sizes[@]}"; do
  county="$dir/county-$n.jsonl"
  logs="$dir/times-$n"
  rm -rf "$logs"
  mkdir -p "$logs"
  # The as-of dates: every generated account has started by 2027-03-31 (no error lines);
  # 2047-03-31 is the same county twenty years further out. Every run past 5 April 2026 carries
  # the last published figures forward ($past), as a policy run would, so it measures the
  # calculation rather than the refusal.
  past="--unpublished carry-forward"
  declare -A cmd=(
    [generate]="$bin generate --people $n --seed 1 --out $dir/generated-$n.jsonl"
    [sha256sum]="sha256sum $county"
    [recalc]="$bin recalc --people $county --as-of 2027-03-31 $past --threads $threads --out $dir/recalc-$n.jsonl"
    [recalc_output_discarded]="$bin recalc --people $county --as-of 2027-03-31 $past --threads $threads"
    [recalc_1_thread]="$bin recalc --people $county --as-of 2027-03-31 $past --threads 1 --out $dir/recalc_1_thread-$n.jsonl"
    [recalc_as_of_plus_20y]="$bin recalc --people $county --as-of 2047-03-31 $past --threads $threads --out $dir/recalc_as_of_plus_20y-$n.jsonl"
    [recalc_to_2030]="$bin recalc --people $county --as-of 2030-03-31 $past --threads $threads --out $dir/recalc_to_2030-$n.jsonl"
    [compare_3_scenarios]="$bin compare --people $county --scenarios $scenarios --from 2023-04-01 --to 2030-03-31 $past --threads $threads --out $dir/compare_3_scenarios-$n.csv"
    [recalc_to_2030_spend_down]="$bin recalc --people $county --as-of 2030-03-31 --capital spend_down $past --threads $threads --out $dir/recalc_to_2030_spend_down-$n.jsonl"
    [compare_3_scenarios_spend_down]="$bin compare --people $county --scenarios $scenarios --from 2023-04-01 --to 2030-03-31 --capital spend_down $past --threads $threads --out $dir/compare_3_scenarios_spend_down-$n.csv"
  )
  order=()
  for name in generate sha256sum recalc recalc_output_discarded recalc_1_thread recalc_as_of_plus_20y recalc_to_2030 compare_3_scenarios \
              recalc_to_2030_spend_down compare_3_scenarios_spend_down; do
    if [[ -z "$only" || ",$only," == *",$name,"* ]]; then order+=("$name"); fi
  done
  echo "== $n people"
  # A warm-up: the county is generated (timed runs of generate write another file, so the
  # county read by the others stays the same file), and every input and program is in the
  # page cache. Each command writes over its own output of the previous round, as a nightly
  # run would (replacing a file costs the removal of the old one).
  $bin generate --people "$n" --seed 1 --out "$county" >/dev/null 2>&1
  for name in "${order[@]}"; do
    if [[ $name != generate ]]; then eval "${cmd[$name]}" >/dev/null 2>&1; fi
  done
  echo "input: $(du -h "$county" | cut -f1), $(wc -l <"$county") lines; recalc output: $(du -h "$dir/recalc-$n.jsonl" | cut -f1)"
  for ((r = 1; r <= runs; r++)); do
    for name in "${order[@]}"; do
      # What the previous command left for the disk to write is written before the next is
      # timed (each command's own fsync still counts in its time).
      sync
      # shellcheck disable=SC2086  # the command lines are split on purpose
      timed "$logs/$name" ${cmd[$name]}
    done
  done
  printf '%-32s %10s %12s %s\n' "what" "wall (s)" "cpu (s)" "command"
  for name in "${order[@]}"; do
    printf '%-32s %10s %12s %s\n' "$name" "$(median "$logs/$name" 1)" "$(median "$logs/$name" 2)" "${cmd[$name]}"
  done
  have() { for m in "$@"; do [[ -s "$logs/$m" ]] || return 1; done; }
  echo
  if have recalc sha256sum; then
    echo "recalc / sha256sum of the input:                 $(ratio "$(median "$logs/recalc" 1)" "$(median "$logs/sha256sum" 1)")  (goal: at most 10)"
  fi
  if have recalc recalc_as_of_plus_20y; then
    echo "recalc as of 20 years later / recalc:            $(ratio "$(median "$logs/recalc_as_of_plus_20y" 1)" "$(median "$logs/recalc" 1)")  (goal: at most 1.3)"
  fi
  if have compare_3_scenarios recalc_to_2030; then
    echo "compare, 3 scenarios / recalc to the same date:  $(ratio "$(median "$logs/compare_3_scenarios" 1)" "$(median "$logs/recalc_to_2030" 1)")  (goal: under 3)"
  fi
  if have compare_3_scenarios_spend_down recalc_to_2030_spend_down; then
    echo "  the same with --capital spend_down:            $(ratio "$(median "$logs/compare_3_scenarios_spend_down" 1)" "$(median "$logs/recalc_to_2030_spend_down" 1)")"
  fi
  if have recalc recalc_output_discarded; then
    echo "recalc with the output discarded / recalc:      $(ratio "$(median "$logs/recalc_output_discarded" 1)" "$(median "$logs/recalc" 1)")  (the share that is not writing the file)"
  fi
  if have recalc recalc_1_thread; then
    echo "speed-up of $threads threads over 1:                   $(ratio "$(median "$logs/recalc_1_thread" 1)" "$(median "$logs/recalc" 1)")"
  fi
  if have recalc; then
    echo "people a second, $threads threads (wall):              $(awk -v n="$n" -v t="$(median "$logs/recalc" 1)" 'BEGIN {printf "%.0f", n / t}')"
  fi
  if have recalc_1_thread; then
    echo "people per CPU-second (1 worker, cpu time):      $(awk -v n="$n" -v t="$(median "$logs/recalc_1_thread" 2)" 'BEGIN {printf "%.0f", n / t}')"
  fi
  echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  if ((keep == 0)); then
    rm -f "$county" "$dir/generated-$n.jsonl"
    for name in "${order[@]}"; do rm -f "$dir/$name-$n.jsonl" "$dir/$name-$n.csv"; done
  fi
  unset cmd
done
