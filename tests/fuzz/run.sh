#!/usr/bin/env bash
# Fuzz one target for a while:  tests/fuzz/run.sh TARGET SECONDS [BUILD_DIR]
#
# TARGET is fuzz_tag, fuzz_source, fuzz_gazfile or fuzz_input, built in
# BUILD_DIR (default: build-fuzz at the top of the repository) with
#   CC=clang cmake -S . -B build-fuzz -DGAZTAG_FUZZ=ON
#   cmake --build build-fuzz --target fuzz_targets
# One libFuzzer process (this machine's other work keeps the other core).
# It starts from the seed corpus and the regression inputs (only read) and
# grows its own corpus in BUILD_DIR/fuzz-corpus/TARGET, kept from run to
# run.  A crash, a leak, a check failed or an input slower than the timeout
# stops it: the input is saved in BUILD_DIR/fuzz-artifacts/TARGET/ and the
# script exits non-zero.  Extra libFuzzer options: $GAZTAG_FUZZ_OPTIONS.
set -euo pipefail

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  echo "usage: $0 TARGET SECONDS [BUILD_DIR]" >&2
  exit 2
fi
target=$1
seconds=$2
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=$(cd "${3:-$top/build-fuzz}" && pwd)
bin=$build/tests/fuzz/$target
if [ ! -x "$bin" ]; then
  echo "$0: no $bin: build it with -DGAZTAG_FUZZ=ON (tests/fuzz/README.md)" >&2
  exit 2
fi

corpus=$build/fuzz-corpus/$target
artifacts=$build/fuzz-artifacts/$target
mkdir -p "$corpus" "$artifacts"
inputs=("$corpus" "$here/corpus/$target")
if [ -d "$here/regressions/$target" ]; then
  inputs+=("$here/regressions/$target")
fi
options=(-max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048
         -print_final_stats=1 -artifact_prefix="$artifacts/")
case $target in
  fuzz_tag|fuzz_source) options+=(-dict="$here/tsv.dict") ;;
  fuzz_input) options+=(-dict="$here/json.dict") ;;
  fuzz_gazfile) options+=(-max_len=8192) ;;
esac

# shellcheck disable=SC2086 # GAZTAG_FUZZ_OPTIONS is a list of options
exec "$bin" "${options[@]}" ${GAZTAG_FUZZ_OPTIONS:-} "${inputs[@]}"
