# gaztag compile and verify: errors name FILE:LINE, a failed compile keeps
# the previous file, corrupt files are refused.
. "$(dirname "$0")/lib.bash"

printf 'Kiev\tPLACE\tplace:kyiv\n' > "$WORK/good.tsv"
"$GAZTAG" compile -o "$WORK/out.gaz" "$WORK/good.tsv" 2> "$WORK/err"
expect_eq "compile ok" "$?" 0
size=$(stat -c %s "$WORK/out.gaz")
expect_eq "compile report" "$(cat "$WORK/err")" "gaztag: wrote $WORK/out.gaz: 1 entries, 1 token keys, 0 phrases, $size bytes"
cp "$WORK/out.gaz" "$WORK/before.gaz"

# Deterministic: the same sources give the same bytes.
"$GAZTAG" compile -o "$WORK/again.gaz" "$WORK/good.tsv" 2>/dev/null
expect_eq "deterministic" "$(cmp "$WORK/out.gaz" "$WORK/again.gaz" && echo same)" same

# A bad row stops the compile with FILE:LINE: reason; the old file stays.
printf '# comment\n\nMoscou\tPLACE\nRome\n' > "$WORK/bad.tsv"
"$GAZTAG" compile -o "$WORK/out.gaz" "$WORK/good.tsv" "$WORK/bad.tsv" 2> "$WORK/err"
expect_eq "bad row status" "$?" 1
expect_eq "bad row message" "$(cat "$WORK/err")" "gaztag: $WORK/bad.tsv:4: missing label (column 2)"
expect_eq "old file kept" "$(cmp "$WORK/out.gaz" "$WORK/before.gaz" && echo same)" same
expect_eq "no temporary left" "$(ls "$WORK" | grep -c tmp)" 0

printf 'Kiev\tplace\n' > "$WORK/lower.tsv"
"$GAZTAG" compile -o "$WORK/x.gaz" "$WORK/lower.tsv" 2> "$WORK/err"
expect_eq "lower label" "$(cat "$WORK/err")" "gaztag: $WORK/lower.tsv:1: label 'place' is not an upper-case word (A-Z, 0-9, _ and -)"
printf 'Ki\377v\tPLACE\n' > "$WORK/utf8.tsv"
"$GAZTAG" compile -o "$WORK/x.gaz" "$WORK/utf8.tsv" 2> "$WORK/err"
expect_eq "invalid utf8" "$(cat "$WORK/err")" "gaztag: $WORK/utf8.tsv:1: column 1 (name) has invalid UTF-8"
"$GAZTAG" compile -o "$WORK/x.gaz" "$WORK/missing.tsv" 2> "$WORK/err"
expect_eq "missing source" "$(cat "$WORK/err")" "gaztag: $WORK/missing.tsv: No such file or directory"
"$GAZTAG" compile "$WORK/good.tsv" 2> /dev/null
expect_eq "no -o" "$?" 2

# --case-sensitive is recorded and applied.
printf 'US\tPLACE\n' > "$WORK/us.tsv"
"$GAZTAG" compile --case-sensitive -o "$WORK/cs.gaz" "$WORK/us.tsv" 2>/dev/null
out=$(printf 'us US' | "$GAZTAG" tag --no-rules -g "$WORK/cs.gaz" | grep -o '"start": [0-9]*')
expect_eq "case-sensitive" "$out" '"start": 3'

# verify: whole-file checksum.
out=$("$GAZTAG" verify "$WORK/out.gaz")
expect_eq "verify ok" "$out" "$WORK/out.gaz: ok: format 3, 1 entries, 1 token keys, 0 phrases, 1 labels, longest entry 1 tokens, $size bytes, Unicode 15.0.0, case-folded, accents removed"
cp "$WORK/out.gaz" "$WORK/body.gaz"
# The file ends with the string pool: change a byte of the entry id there.
printf X | dd of="$WORK/body.gaz" bs=1 seek=$(( $(stat -c %s "$WORK/body.gaz") - 10 )) conv=notrunc 2>/dev/null
"$GAZTAG" verify "$WORK/body.gaz" > /dev/null 2> "$WORK/err"
expect_eq "verify corrupt status" "$?" 1
expect_eq "verify corrupt message" "$(cat "$WORK/err")" "gaztag: $WORK/body.gaz: body checksum mismatch"

# A truncated or foreign file is refused by tag, with the reason.
head -c 200 "$WORK/out.gaz" > "$WORK/short.gaz"
"$GAZTAG" tag --no-rules -g "$WORK/short.gaz" < /dev/null > /dev/null 2> "$WORK/err"
expect_eq "truncated status" "$?" 1
expect_eq "truncated message" "$(cat "$WORK/err")" "gaztag: $WORK/short.gaz: file is 200 bytes, header says $size (truncated?)"
"$GAZTAG" tag --no-rules -g "$WORK/good.tsv" < /dev/null > /dev/null 2> "$WORK/err"
expect_eq "foreign message" "$(cat "$WORK/err")" "gaztag: $WORK/good.tsv: too small to be a gaztag gazetteer"
printf 'GZTG\r\n\032\n\004\000\000\000' > "$WORK/v4.gaz"
head -c 400 /dev/zero >> "$WORK/v4.gaz"
"$GAZTAG" tag --no-rules -g "$WORK/v4.gaz" < /dev/null > /dev/null 2> "$WORK/err"
expect_eq "version message" "$(cat "$WORK/err")" "gaztag: $WORK/v4.gaz: format version 4, this library reads version 3: recompile the sources"

# Common words: a single-token entry equal to one is left out, with a
# warning naming the row, unless flagged cap or case; --quiet counts them.
printf '# words\npolice\norange\n' > "$WORK/common.txt"
printf 'Police\tPLACE\tgeo:1\nOrange\tORG\torg:orange\t\tcap\nPolice Nationale\tORG\n' > "$WORK/flags.tsv"
"$GAZTAG" compile --common "$WORK/common.txt" -o "$WORK/flags.gaz" "$WORK/flags.tsv" 2> "$WORK/err"
expect_eq "common status" "$?" 0
expect_eq "common warnings" "$(head -2 "$WORK/err")" "gaztag: $WORK/flags.tsv:1: warning: 'Police' is the common word 'police': left out (add cap or case)
gaztag: 1 warning"
"$GAZTAG" compile --quiet --common "$WORK/common.txt" -o "$WORK/flags.gaz" "$WORK/flags.tsv" 2> "$WORK/err"
expect_eq "quiet warnings" "$(head -1 "$WORK/err")" "gaztag: 1 warning"
printf 'Police, orange, Orange and Police Nationale.\n' > "$WORK/flags.txt"
"$GAZTAG" tag --no-rules -g "$WORK/flags.gaz" "$WORK/flags.txt" > "$WORK/out.json"
expect_eq "flags tagged" "$(grep -o '"text": "[^"]*"' "$WORK/out.json" | tr '\n' ' ')" '"text": "Orange" "text": "Police Nationale" '
printf 'Paris\tPLACE\t\t\tcapital\n' > "$WORK/badflag.tsv"
"$GAZTAG" compile -o "$WORK/x.gaz" "$WORK/badflag.tsv" 2> "$WORK/err"
expect_eq "bad flag" "$(cat "$WORK/err")" "gaztag: $WORK/badflag.tsv:1: unknown flag 'capital' (cap, case, accents, -, yield, none)"

finish
