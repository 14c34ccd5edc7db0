#!/usr/bin/env bash
# run.sh SECONDS [--update-corpus] — builds the fuzzers with clang-14 (libFuzzer with
# AddressSanitizer and UndefinedBehaviorSanitizer) in build-fuzz/ and runs them one after the
# other within SECONDS in all (half each):
#   request_fuzz  over tests/fuzz/corpus (request lines, dictionary request.dict);
#   person_fuzz   over tests/fuzz/person_corpus (person documents, dictionary person.dict).
# New inputs go to a scratch directory; with --update-corpus they are merged into each corpus
# afterwards (-merge=1 on edge coverage alone, -use_counters=0, which keeps the committed
# corpora to a few hundred small files). A crash leaves its input in build-fuzz/ and makes the
# script fail.
set -euo pipefail

seconds="${1:?usage: run.sh SECONDS [--update-corpus]}"
update="${2:-}"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${CAREMETER_FUZZ_BUILD_DIR:-$root/build-fuzz}"

cmake -S "$root" -B "$build" -G Ninja \
  -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCAREMETER_FUZZ=ON -DCAREMETER_SANITIZE=ON \
  -DCAREMETER_BUILD_TESTS=OFF -DCAREMETER_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" --target request_fuzz person_fuzz -j"${CAREMETER_FUZZ_JOBS:-2}"

# The time budget is shared: the first target gets half (at least one second), the second the rest.
first=$(( seconds / 2 > 0 ? seconds / 2 : 1 ))
second=$(( seconds - first > 0 ? seconds - first : 1 ))

scratch_dirs=()
trap 'rm -rf "${scratch_dirs[@]}"' EXIT

# fuzz TARGET CORPUS DICTIONARY SECONDS
fuzz() {
  local target="$1" corpus="$2" dict="$3" time="$4"
  local scratch
  scratch="$(mktemp -d)"
  scratch_dirs+=("$scratch")
  "$build/tests/fuzz/$target" "$scratch" "$corpus" \
    -dict="$dict" -max_total_time="$time" -max_len=8192 -timeout=10 \
    -rss_limit_mb=2048 -artifact_prefix="$build/$target-" -print_final_stats=1
  if [[ "$update" == "--update-corpus" ]]; then
    local merged
    merged="$(mktemp -d)"
    "$build/tests/fuzz/$target" -merge=1 -use_counters=0 "$merged" "$corpus" "$scratch"
    rm -f "$corpus"/*
    cp "$merged"/* "$corpus/"
    rm -rf "$merged"
    echo "$target corpus: $(ls "$corpus" | wc -l) inputs"
  fi
}

fuzz request_fuzz "$here/corpus" "$here/request.dict" "$first"
fuzz person_fuzz "$here/person_corpus" "$here/person.dict" "$second"
