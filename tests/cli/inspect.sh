# gaztag lookup, explain, stats and diff: exact output on fixtures with every
# flag, a removal and an overlay pair; exit statuses; error messages; and
# explain's spans checked against gaztag tag's.
. "$(dirname "$0")/lib.bash"

TESTS=$(cd "$TESTS" && pwd)
DATA=$TESTS/data/inspect
EXPECTED=$TESTS/cli/expected
# Gazetteers are shown by the path given: run where they are, so the
# golden files say "base.gaz".
cd "$WORK" || exit 1

for f in base news old new; do
  "$GAZTAG" compile -o "$f.gaz" "$DATA/$f.tsv" 2>/dev/null
  expect_eq "compile $f" "$?" 0
done
"$GAZTAG" compile --case-sensitive -o old_cs.gaz "$DATA/old.tsv" 2>/dev/null

# run NAME COMMAND...: stdout in NAME.out, stderr in NAME.err, $status.
run() {
  local name=$1
  shift
  "$GAZTAG" "$@" > "$name.out" 2> "$name.err"
  status=$?
}

# ------------------------------------------------------------------ lookup
# Curly apostrophe, a missing name, a removal entry, two entries, cap and
# case entries listed whatever the name's case; one name missing: exit 1.
run lookup lookup -g base.gaz "Côte d’Ivoire" Lagos Kiev WASHINGTON nice us
expect_eq "lookup status (one missing)" "$status" 1
expect_file "lookup output" lookup.out "$EXPECTED/inspect_lookup.txt"
expect_eq "lookup stderr" "$(cat lookup.err)" ""

# Overlays: each gazetteer's entries under its name; all found: exit 0.
run lookup2 lookup -g base.gaz -g news.gaz Paris Orange "washington post" Saint-Denis
expect_eq "lookup overlay status" "$status" 0
expect_file "lookup overlay output" lookup2.out "$EXPECTED/inspect_lookup_overlay.txt"

# Without -g, the default gazetteer ($GAZTAG_GAZETTEER here); `--` ends the
# options; control characters are escaped.
out=$(GAZTAG_GAZETTEER=base.gaz "$GAZTAG" lookup -- Paris "$(printf -- '-x\tNice')")
expect_eq "lookup default, --, escapes" "$out" 'Paris -> key "paris"
  base.gaz: PLACE place:paris
-x\x09Nice -> key "x nice": no entry'

# ----------------------------------------------------------------- explain
# One gazetteer: a name inside a longer one, cap, case, accents and
# cap+accents refusals, a removal, two entries on one span.
run explain explain -g base.gaz "Dmitri Peskov à Nice, nice US us BENIN bénin Québec Quebec Kiev Washington"
expect_eq "explain status" "$status" 0
expect_file "explain output" explain.out "$EXPECTED/inspect_explain.txt"

# Overlays: removed by, replaced by, a name only in the overlay, an overlay
# entry refusing what the base accepts.
run explain2 explain -g base.gaz -g news.gaz "Paris, Orange, Saint-Denis, washington post et le Washington Post Office"
expect_eq "explain overlay status" "$status" 0
expect_file "explain overlay output" explain2.out "$EXPECTED/inspect_explain_overlay.txt"

# Standard input as `-` gives the same as the argument.
printf 'Nice, nice US' | "$GAZTAG" explain -g base.gaz - > stdin.out
"$GAZTAG" explain -g base.gaz 'Nice, nice US' > arg.out
expect_file "explain stdin = argument" stdin.out arg.out

# A newline inside a candidate is escaped: one line per candidate.
out=$(printf 'Dmitri\nPeskov' | "$GAZTAG" explain -g base.gaz - | grep '^  0-13 ')
expect_eq "explain escapes" "$out" '  0-13 "Dmitri\x0APeskov" tokens 0-1 key "dmitri peskov"
  0-13 "Dmitri\x0APeskov" base.gaz: PERSON per:peskov "Dmitry Peskov"'

# explain's spans are gaztag tag's, and its overlay rule never disagrees
# with the tagger's choice ("not chosen by the tagger").
# spans_of_tag / spans_of_explain FILE: "START-END" per span.
spans_of_tag() {
  grep -o '"start": [0-9]*, "end": [0-9]*' | sed 's/"start": \([0-9]*\), "end": \([0-9]*\)/\1-\2/'
}
spans_of_explain() {
  sed -n '/^spans:$/,/^not taken:$/p' | grep -o '^  [0-9]*-[0-9]*' | tr -d ' '
}
check_same_spans() { # NAME TEXT_FILE GAZ_ARGS...
  local name=$1 text=$2
  shift 2
  "$GAZTAG" explain "$@" - < "$text" > same.out
  expect_eq "$name: explain = tag" "$(spans_of_explain < same.out)" \
    "$("$GAZTAG" tag --no-rules "$@" < "$text" | spans_of_tag)"
  expect_eq "$name: no disagreement" "$(grep -c 'not chosen' same.out)" 0
}
printf 'Paris, Orange, Saint-Denis, washington post et le Washington Post Office. Nice, nice, US, us, Dmitri Peskov, Kiev' > mixed.txt
check_same_spans "overlay" mixed.txt -g base.gaz -g news.gaz
check_same_spans "overlay reversed" mixed.txt -g news.gaz -g base.gaz
check_same_spans "single" mixed.txt -g base.gaz
if [ -n "$DEFAULT_GAZ" ] && [ -f "$DEFAULT_GAZ" ]; then
  check_same_spans "article" "$TESTS/data/article_fr.txt" -g "$DEFAULT_GAZ"
  check_same_spans "article overlay" "$TESTS/data/article_fr.txt" -g "$DEFAULT_GAZ" -g news.gaz
fi

# ------------------------------------------------------------------- stats
# Exact, but for the values the file format decides: those are checked
# against the file itself, then masked.
run stats stats base.gaz
expect_eq "stats status" "$status" 0
size=$(stat -c %s base.gaz)
bpe=$(awk -v s="$size" 'BEGIN { printf "%.1f", s / 13 }')
expect_eq "stats file size" "$(grep '^file size: ' stats.out)" "file size: $size"
expect_eq "stats bytes per entry" "$(grep '^bytes per entry: ' stats.out)" "bytes per entry: $bpe"
sed -E -e 's/^(format version: )[0-9]+$/\1N/' \
  -e 's/^(unicode version: )[0-9]+\.[0-9]+\.[0-9]+$/\1X.Y.Z/' \
  -e "s/^file size: $size\$/file size: SIZE/" \
  -e "s/^bytes per entry: $bpe\$/bytes per entry: SIZE\\/13/" stats.out > stats.masked
expect_file "stats output" stats.masked "$EXPECTED/inspect_stats.txt"

# -------------------------------------------------------------------- diff
run diff diff old.gaz new.gaz
expect_eq "diff status (differences)" "$status" 1
expect_file "diff output" diff.out "$EXPECTED/inspect_diff.txt"
run same diff old.gaz old.gaz
expect_eq "diff status (same)" "$status" 0
expect_eq "diff output (same)" "$(cat same.out)" "0 added, 0 removed, 0 changed"
run norm diff old.gaz old_cs.gaz
expect_eq "diff status (folding)" "$status" 1
expect_eq "diff folding first" "$(head -1 norm.out)" \
  "! normalisation: NFKC, case folded, accents removed -> NFKC, case kept, accents removed"
expect_eq "diff folding summary" "$(tail -1 norm.out)" "4 added, 4 removed, 0 changed"

# ------------------------------------------------------------------ errors
# A missing gazetteer: lookup and diff say 2 (1 means "not found" and
# "different"), explain and stats 1, as tag.
missing="gaztag: nope.gaz: No such file or directory"
run e lookup -g nope.gaz Paris
expect_eq "lookup missing gazetteer" "$status $(cat e.err)" "2 $missing"
run e explain -g base.gaz -g nope.gaz Paris
expect_eq "explain missing gazetteer" "$status $(cat e.err)" "1 $missing"
run e stats nope.gaz
expect_eq "stats missing gazetteer" "$status $(cat e.err)" "1 $missing"
run e diff old.gaz nope.gaz
expect_eq "diff missing gazetteer" "$status $(cat e.err)" "2 $missing"
expect_eq "diff missing gazetteer: no output" "$(cat e.out)" ""
run e stats "$DATA/base.tsv"
expect_eq "stats not a gazetteer" "$status $(cut -c1-8 e.err)" "1 gaztag: "

# Usage errors: status 2 and the command's usage line.
usage_lookup="gaztag: usage: gaztag lookup [-g GAZ]... NAME..."
usage_explain="gaztag: usage: gaztag explain [-g GAZ]... TEXT|-"
usage_stats="gaztag: usage: gaztag stats GAZ"
usage_diff="gaztag: usage: gaztag diff OLD.gaz NEW.gaz"
run e lookup -g base.gaz
expect_eq "lookup without a name" "$status $(cat e.err)" "2 $usage_lookup"
run e lookup --bogus Paris
expect_eq "lookup bad option" "$status $(cat e.err)" "2 $usage_lookup"
out=$(GAZTAG_GAZETTEER=base.gaz "$GAZTAG" lookup Paris -g)
expect_eq "lookup -g after a name is a name" "$?:$out" '1:Paris -> key "paris"
  base.gaz: PLACE place:paris
-g -> key "g": no entry'
run e explain -g base.gaz
expect_eq "explain without text" "$status $(cat e.err)" "2 $usage_explain"
run e explain -g base.gaz one two
expect_eq "explain two texts" "$status $(cat e.err)" "2 $usage_explain"
run e explain -g
expect_eq "explain -g without a file" "$status $(cat e.err)" "2 $usage_explain"
run e stats
expect_eq "stats without a file" "$status $(cat e.err)" "2 $usage_stats"
run e stats base.gaz news.gaz
expect_eq "stats two files" "$status $(cat e.err)" "2 $usage_stats"
run e diff old.gaz
expect_eq "diff one file" "$status $(cat e.err)" "2 $usage_diff"
run e diff --brief old.gaz new.gaz
expect_eq "diff bad option" "$status $(cat e.err)" "2 $usage_diff"

# The usage text names the four commands.
usage=$("$GAZTAG" help)
for c in "lookup [-g GAZ]... NAME..." "explain [-g GAZ]... TEXT|-" "stats GAZ" "diff OLD.gaz NEW.gaz"; do
  expect_eq "usage: $c" "$(printf '%s\n' "$usage" | grep -cF "  $c")" 1
done

finish
