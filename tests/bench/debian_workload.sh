#!/usr/bin/env bash
# tests/bench/debian_workload.sh: the workload bench/run generates from
# Debian packages when the shared one is missing (bench/workload.py debian):
# at least 50 MB of valid UTF-8 text and 100,000 names, the same bytes when
# made twice.  Skipped (77) without python3.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
command -v python3 >/dev/null || { echo "SKIP: no python3"; exit 77; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
FAILS=0
fail() { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }

for run in a b; do
  python3 "$ROOT/bench/workload.py" debian "$WORK/$run" > "$WORK/$run.log" ||
    fail "workload.py debian ($run): $(cat "$WORK/$run.log")"
done
size=$(stat -c %s "$WORK/a/corpus.txt" 2>/dev/null || echo 0)
[ "$size" -ge 50000000 ] || fail "corpus of $size bytes, fewer than 50,000,000"
names=$(grep -cv '^#' "$WORK/a/gaz.tsv")
[ "$names" -ge 100000 ] || fail "$names names, fewer than 100,000"
python3 -c 'import sys; open(sys.argv[1], "rb").read().decode("utf-8")' \
  "$WORK/a/corpus.txt" 2>/dev/null || fail "the corpus is not valid UTF-8"
cmp -s "$WORK/a/corpus.txt" "$WORK/b/corpus.txt" || fail "two runs made different corpora"
cmp -s "$WORK/a/gaz.tsv" "$WORK/b/gaz.tsv" || fail "two runs made different gazetteers"
[ "$FAILS" -eq 0 ] || exit 1
echo "debian workload: $size bytes, $names names, the same twice"
