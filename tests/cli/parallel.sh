# gaztag tag --lines under GNU parallel: cut into blocks and tagged by two
# processes, a text gives the records one process gives, each line's spans
# unchanged.  Skipped (exit 77) when GNU parallel is not installed.
#
# Records of a block are numbered from 1 within the block, so each input
# line starts with a marker, Mk0001..., that the gazetteer knows (label
# MARK, id mark:N): a record says which line it is by its first span, and
# records are compared with their "line" field removed, after sorting.
# Markers are unique, so the sorted lists are equal only if every line's
# record is there exactly once with the same spans.
. "$(dirname "$0")/lib.bash"

if ! parallel --version 2>/dev/null | grep -q 'GNU parallel'; then
  echo "SKIP: GNU parallel is not installed (apt-get install parallel)"
  exit 77
fi

N=700
{
  cat "$TESTS/data/fixture.tsv"
  for ((i = 1; i <= N; i++)); do
    printf 'Mk%04d\tMARK\tmark:%d\n' "$i" "$i"
  done
} > "$WORK/marked.tsv"
"$GAZTAG" compile --quiet -o "$WORK/marked.gaz" "$WORK/marked.tsv" > "$WORK/compile.log" 2>&1
expect_eq "compile status" "$?" 0

# N lines of 0 to 14 words after the marker: names (multi-byte, nested,
# punctuated), common words; about 50 KB, some 25 blocks of 2 KB.
awk -v n="$N" 'BEGIN {
  split("Kiev|Kievan|Moscou|MOSCOU|Washington|Washington Post|Washington. Post|" \
        "Vladimir Poutine|Poutine|Dmitri Peskov|Côte d’Ivoire|l’Ukraine|" \
        "Haut-Karabakh|Boké|𝗖𝗼𝗻𝗮𝗸𝗿𝘆|AGP|(APS)|Union africaine|le|la|" \
        "président|a dit|«\302\240selon|»,|et|de", w, "|")
  srand(5)
  for (i = 1; i <= n; i++) {
    line = sprintf("Mk%04d", i)
    k = int(rand() * 15)
    for (j = 0; j < k; j++) line = line " " w[1 + int(rand() * 26)]
    print line
  }
}' > "$WORK/input.txt"
expect_eq "input lines" "$(wc -l < "$WORK/input.txt")" "$N"

# One process: the reference, one record per line, each starting with its
# line's marker.
"$GAZTAG" tag --no-rules -g "$WORK/marked.gaz" --lines < "$WORK/input.txt" > "$WORK/one.jsonl"
expect_eq "one process status" "$?" 0
expect_eq "one process records" "$(wc -l < "$WORK/one.jsonl")" "$N"
bad=$(awk -v n="$N" '{
  want = sprintf("{\"line\": %d, \"spans\": [{\"start\": 0, \"end\": 6, ", NR)
  if (index($0, want) != 1 || index($0, sprintf("\"text\": \"Mk%04d\", \"label\": \"MARK\", \"id\": \"mark:%d\", \"source\": \"gazetteer\"}", NR, NR)) == 0) print NR
}' "$WORK/one.jsonl" | head -3)
expect_eq "every record starts with its marker" "$bad" ""
spans=$(grep -o '"label"' "$WORK/one.jsonl" | wc -l)
nonmark=$((spans - $(grep -o '"label": "MARK"' "$WORK/one.jsonl" | wc -l)))
[ "$nonmark" -gt "$N" ]
expect_eq "more names than markers ($nonmark)" "$?" 0

strip() { sed 's/^{"line": [0-9]*, /{/' "$1"; }
strip "$WORK/one.jsonl" | sort > "$WORK/one.sorted"
expect_eq "markers unique" "$(sort -u "$WORK/one.sorted" | wc -l)" "$N"

# Two processes, blocks of 2 KB cut at line ends, records in any order.
q=$(printf '%q' "$GAZTAG")
g=$(printf '%q' "$WORK/marked.gaz")
parallel --will-cite --pipe -j2 --block 2k "$q tag --no-rules -g $g --lines" \
  < "$WORK/input.txt" > "$WORK/par.jsonl"
expect_eq "parallel status" "$?" 0
expect_eq "parallel records" "$(wc -l < "$WORK/par.jsonl")" "$N"
blocks=$(grep -c '^{"line": 1, ' "$WORK/par.jsonl")
[ "$blocks" -ge 10 ]
expect_eq "input cut into blocks ($blocks)" "$?" 0
strip "$WORK/par.jsonl" | sort > "$WORK/par.sorted"
expect_file "parallel = one process, by record" "$WORK/par.sorted" "$WORK/one.sorted"

# With -k (keep order) the records come in input order: equal as they are.
parallel --will-cite --pipe -k -j2 --block 2k "$q tag --no-rules -g $g --lines" \
  < "$WORK/input.txt" | sed 's/^{"line": [0-9]*, /{/' > "$WORK/park.jsonl"
strip "$WORK/one.jsonl" > "$WORK/one.stripped"
expect_file "parallel -k = one process, in order" "$WORK/park.jsonl" "$WORK/one.stripped"

finish
