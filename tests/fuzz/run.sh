#!/usr/bin/env bash
# run.sh SECONDS [--update-corpus] — builds the request fuzzer with clang-14 (libFuzzer with
# AddressSanitizer and UndefinedBehaviorSanitizer) in build-fuzz/ and runs it for SECONDS over
# tests/fuzz/corpus. New inputs go to a scratch directory; with --update-corpus they are merged
# into the corpus afterwards (-merge=1 on edge coverage alone, -use_counters=0, which keeps the
# committed corpus to a few hundred small files). A crash leaves its input in build-fuzz/ and
# makes the script fail.
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
cmake --build "$build" --target request_fuzz -j"${CAREMETER_FUZZ_JOBS:-2}"

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

"$build/tests/fuzz/request_fuzz" "$scratch" "$here/corpus" \
  -dict="$here/request.dict" -max_total_time="$seconds" -max_len=8192 -timeout=10 \
  -rss_limit_mb=2048 -artifact_prefix="$build/" -print_final_stats=1

if [[ "$update" == "--update-corpus" ]]; then
  merged="$(mktemp -d)"
  "$build/tests/fuzz/request_fuzz" -merge=1 -use_counters=0 "$merged" "$here/corpus" "$scratch"
  rm -f "$here/corpus"/*
  cp "$merged"/* "$here/corpus/"
  rm -rf "$merged"
  echo "corpus: $(ls "$here/corpus" | wc -l) inputs"
fi
