#!/usr/bin/env bash
# tests/bench/smoke.sh BUILD_DIR: bench/run end to end on a tiny workload of
# known content, with the programs of BUILD_DIR (--bin) and a gazetteer of
# 5,000 names instead of 1,000,000: the report's table, targets, profile,
# agreement and Unicode sections, with the exact match counts the workload
# was made to have.  Speeds are not checked (bench/README.md).  Skipped (77)
# without python3.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TREE=${1:?usage: smoke.sh BUILD_DIR}
command -v python3 >/dev/null || { echo "SKIP: no python3"; exit 77; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
FAILS=0
fail() { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }
expect_eq() { [ "$2" = "$3" ] || fail "$1: got [$2], expected [$3]"; }
expect_line() { grep -qE -- "$2" "$WORK/report" || fail "$1: no line matching [$2]"; }

# The workload: 1,000 ASCII lines with 6 names each (leftmost-longest:
# "New York" not "York", "Washington Post" not "Washington"), and 1,000
# lines whose 2 names only folding finds ("ZÜRICH", "São Paulo");
# "Zürichsee" is no name.
printf '# name\tlabel\nZurich\tLOC\nSao Paulo\tLOC\nNew York\tLOC\nYork\tLOC\nParis\tLOC\nWashington Post\tORG\nWashington\tLOC\nAda Lovelace\tPER\n' > "$WORK/gaz.tsv"
for ((i = 0; i < 1000; i++)); do
  printf 'Ada Lovelace went from York to New York and Paris, and the Washington Post wrote of Washington.\n'
  printf 'Le ZÜRICH et S\xc3\xa3o Paulo, pas le Z\xc3\xbcrichsee.\n'
done > "$WORK/corpus.txt"

"$ROOT/bench/run" --corpus "$WORK/corpus.txt" --gaz "$WORK/gaz.tsv" --repeat 1 \
  --no-install --bin "$TREE" --build "$WORK/bench" --million 5000 \
  > "$WORK/report" 2> "$WORK/err"
expect_eq "bench/run status" "$?" 0
cmp -s "$WORK/report" "$WORK/bench/bench-report.txt" || fail "the report file differs from standard output"

expect_line "corpus line" "^corpus: $(stat -c %s "$WORK/corpus.txt") bytes; gazetteer: 8 rows; times are the best of 1 run"
expect_line "table header" '^tool +matches compile/build s +open s +scan MB/s whole-process MB/s +peak RSS MB$'
expect_eq "gaztag matches" "$(awk '$1 == "gaztag" && $2 ~ /^[0-9]+\./ { print $3 }' "$WORK/report")" 8000
expect_line "rules row" '^gaztag \+ rules +- +- +- +- +[0-9.]+ +[0-9.]+$'
expect_line "floor row" '^floor \(tokenize only\) +- +- +- +[0-9.]+ +[0-9.]+ +[0-9.]+$'
# A peer is measured (6,000 ASCII-caseless whole-word matches) or skipped
# with a note.
for peer in hyperscan pyahocorasick; do
  if grep -q "^$peer " "$WORK/report"; then
    expect_eq "$peer matches" "$(awk -v p="$peer" '$1 == p { print $3 }' "$WORK/report")" 6000
  else
    expect_line "$peer skipped" "^note: .*skipped"
  fi
done

# Every target, each met or not.
for t in "whole-process gaztag tag / floor scan MB/s .* >= 0.6 " \
         "2 threads / 1 thread \(library, one gazetteer\) .* >= 1.8 " \
         "compile the workload \(8 entries\), s .* <= 0.5 " \
         "compile 5,000 entries, s .* <= 3 " \
         "open the workload's file, ms .* <= 1 " \
         "open the 5,000-entry file, ms .* <= 1 " \
         "peak RSS of gaztag tag, MB \(file 0.0 MB \+ 32\) .* <= 32.0 " \
         "gaztag tag with rules / without, whole-process MB/s .* >= 0.8 " \
         "the same, [0-9,]+ JSONL documents of ~5 KB .* >= 0.8 "; do
  expect_line "target [$t]" "^  $t+(met|NOT MET)$"
done
expect_line "large gazetteer" '^  5,000-entry: +5000 entries, compile [0-9.]+ s'

# The profile: four stages; instructions where perf or valgrind can count.
for s in "tokenize \(peer_floor scan\)" "\+ normalise \+ lookup" "\+ start, read, open, output" "= gaztag tag, whole process"; do
  expect_line "profile [$s]" "^  $s.* -?[0-9.]+ ms$"
done
if command -v valgrind >/dev/null || command -v perf >/dev/null; then
  expect_line "instructions" '^  instructions per MB \((perf|callgrind)\): floor process [0-9.]+ M, gaztag tag process [0-9.]+ M'
fi

# Agreement on the ASCII lines (the 1,000 lines of the first kind).
expect_line "agreement header" '^agreement on ASCII text \(1000 lines, 8 names\):$'
expect_line "agreement gaztag count" '^  matches: gaztag 6000'
if grep -qE '^(hyperscan|pyahocorasick) ' "$WORK/report"; then
  expect_line "agreement" '^  agree$'
else
  expect_line "agreement" '^  no peer to compare with$'
fi

# What folding adds: the 2,000 non-ASCII spans, both kinds shown.
expect_line "unicode spans" '^  8000 spans; 2000 of them are no gazetteer name up to ASCII case'
expect_line "unicode ZÜRICH" "^ +1000 x 'ZÜRICH' +<- Zurich$"
expect_line "unicode São Paulo" "^ +1000 x 'São Paulo' +<- Sao Paulo$"

if [ "$FAILS" -ne 0 ]; then
  echo "--- report"; cat "$WORK/report"; echo "--- stderr"; tail -20 "$WORK/err"
  exit 1
fi
echo "bench smoke: ok"
