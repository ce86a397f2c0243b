# gaztag check: the report (stdout), the summary (stderr) and the exit
# status on sources that are clean, only suspicious, or refused; CRLF and
# BOM; #! defaults; the shipped gazetteers.
. "$(dirname "$0")/lib.bash"

TESTS=$(cd "$TESTS" && pwd)
DATA=$TESTS/data/check
EXPECTED=$TESTS/cli/expected
cd "$DATA" || exit 1

# run NAME ARGS...: the report in $WORK/NAME.out, the summary in
# $WORK/NAME.err, the status in $status.
run() {
  local name=$1
  shift
  "$GAZTAG" check "$@" > "$WORK/$name.out" 2> "$WORK/$name.err"
  status=$?
}

# A clean source: nothing but the summary, exit 0.  It has #! defaults
# (cap keeps Nice and Police from the common list), case entries sharing a
# key, a removal, Persian joiners, kana beside kanji.
run clean --common common.txt clean.tsv
expect_eq "clean status" "$status" 0
expect_eq "clean report" "$(cat "$WORK/clean.out")" ""
expect_eq "clean summary" "$(cat "$WORK/clean.err")" "0 errors, 0 warnings in 16 rows"

# Only warnings: exit 0, every warning in line order.
run warnings --common common.txt warnings.tsv
expect_eq "warnings status" "$status" 0
expect_file "warnings report" "$WORK/warnings.out" "$EXPECTED/check_warnings.txt"
expect_eq "warnings summary" "$(cat "$WORK/warnings.err")" "0 errors, 18 warnings in 30 rows"

# Without --common, no common-word check (and the rows left out before are
# now entries: Orange under #! flags=cap... is overridden by none).
run nocommon warnings.tsv
expect_eq "no common list" "$(grep -c 'common word' "$WORK/nocommon.out")" 0
expect_eq "no common list summary" "$(cat "$WORK/nocommon.err")" "0 errors, 16 warnings in 30 rows"

# Errors: exit 1, every bad row and every problem of a row, the rows after
# them still checked.
run errors errors.tsv
expect_eq "errors status" "$status" 1
expect_file "errors report" "$WORK/errors.out" "$EXPECTED/check_errors.txt"
expect_eq "errors summary" "$(cat "$WORK/errors.err")" "15 errors, 1 warnings in 12 rows"

# Bytes a fixture file should not hold: invalid UTF-8, control characters,
# a field over 1 KiB, a C1 control (a warning only).
long=$(printf 'x%.0s' $(seq 1025))
{
  printf 'Ki\377v\tPLACE\n'
  printf 'Kiev\tPLACE\tplace:\001kyiv\tKy\177iv\n'
  printf 'Ki\377v\tplace\t\tKy\300iv\tkap\n'
  printf 'Kiev\tPLACE\t%s\n' "$long"
  printf 'Kiev\tPLACE\tplace:kyiv\tKy\302\205iv\n'
} > "$WORK/raw.tsv"
run raw "$WORK/raw.tsv"
expect_eq "raw status" "$status" 1
expect_eq "raw report" "$(sed "s|$WORK/||g" "$WORK/raw.out")" \
"raw.tsv:1: error: column 1 (name) has invalid UTF-8
raw.tsv:2: error: column 3 (id) has a control character
raw.tsv:2: error: column 4 (canonical) has a control character
raw.tsv:3: error: column 1 (name) has invalid UTF-8
raw.tsv:3: error: column 4 (canonical) has invalid UTF-8
raw.tsv:3: error: label 'place' is not an upper-case word (A-Z, 0-9, _ and -)
raw.tsv:3: error: unknown flag 'kap' (cap, case, accents, -, yield, none)
raw.tsv:4: error: column 3 (id) is longer than 1024 bytes
raw.tsv:5: warning: column 4 (canonical) has a control character: U+0085"
expect_eq "raw summary" "$(cat "$WORK/raw.err")" "8 errors, 1 warnings in 5 rows"

# CRLF line ends and a byte order mark change nothing (#! lines included).
for f in clean warnings; do
  printf '\357\273\277' > "$WORK/$f.tsv"
  sed 's/$/\r/' "$f.tsv" >> "$WORK/$f.tsv"
done
run crlf_clean --common common.txt "$WORK/clean.tsv"
expect_eq "crlf clean" "$status $(cat "$WORK/crlf_clean.out") $(cat "$WORK/crlf_clean.err")" \
  "0  0 errors, 0 warnings in 16 rows"
run crlf_warnings --common common.txt "$WORK/warnings.tsv"
sed "s|$WORK/||g" "$WORK/crlf_warnings.out" > "$WORK/crlf_warnings.txt"
expect_file "crlf warnings" "$WORK/crlf_warnings.txt" "$EXPECTED/check_warnings.txt"

# #! defaults hold until the next #! line, per file; a row's own flags win.
printf '#! flags=cap\nPolice\tORG\nOrange\tORG\t\t\tnone\n#! flags=\nPage\tPERSON\n' > "$WORK/defaults.tsv"
printf 'Nice\tPLACE\n' > "$WORK/second.tsv"
run defaults --common common.txt "$WORK/defaults.tsv" "$WORK/second.tsv"
expect_eq "defaults" "$(sed "s|$WORK/||g" "$WORK/defaults.out")" \
"defaults.tsv:3: warning: 'Orange' is the common word 'orange': it will be left out (add cap or case)
defaults.tsv:5: warning: 'Page' is the common word 'page': it will be left out (add cap or case)
second.tsv:1: warning: 'Nice' is the common word 'nice': it will be left out (add cap or case)"

# Across files, in command-line order: duplicates and removals see the
# earlier files; an unreadable source is an error and the others are read.
printf 'Abidjan\tPLACE\tplace:abidjan\tAbidjan\nCôte d’Ivoire\tPLACE\tplace:civ\tIvory Coast\n' > "$WORK/later.tsv"
printf 'Nice\tPLACE\t\t\t-\n' >> "$WORK/second.tsv"
run files clean.tsv "$WORK/missing.tsv" "$WORK/later.tsv" "$WORK/second.tsv"
expect_eq "files status" "$status" 1
expect_eq "files report" "$(sed "s|$WORK/||g" "$WORK/files.out")" \
"missing.tsv: error: No such file or directory
later.tsv:1: warning: duplicate row (same as clean.tsv:18)
later.tsv:2: warning: id 'place:civ' has canonical 'Ivory Coast' here, 'Côte d'Ivoire' at clean.tsv:3
second.tsv:1: warning: key 'nice' has several ids: (no id) here, place:nice at clean.tsv:8 ('Nice')"

# Usage errors exit 2; an unreadable common list 1.
"$GAZTAG" check 2> /dev/null
expect_eq "no source" "$?" 2
"$GAZTAG" check --bogus clean.tsv 2> /dev/null
expect_eq "unknown option" "$?" 2
"$GAZTAG" check --common 2> /dev/null
expect_eq "common without file" "$?" 2
"$GAZTAG" check --common "$WORK/nope.txt" clean.tsv 2> "$WORK/err"
expect_eq "missing common list" "$? $(cat "$WORK/err")" "1 gaztag: $WORK/nope.txt: No such file or directory"

# The shipped gazetteers (with the common lists when they exist): no
# error.  The warnings are counted, not fixed here.
common=()
for f in "$TESTS"/../gazetteers/common/fr.txt "$TESTS"/../gazetteers/common/en.txt; do
  [ -f "$f" ] && common+=(--common "$f")
done
run shipped "${common[@]}" "$TESTS"/../gazetteers/*.tsv
expect_eq "shipped status" "$status" 0
expect_eq "shipped no error" "$(grep -c ': error: ' "$WORK/shipped.out")" 0
echo "shipped gazetteers (${#common[@]} common-list args): $(cat "$WORK/shipped.err")"

finish
