# gaztag tag in batch: directories, --glob, standard input, --jsonl records,
# -j (output identical for any number of threads), bad records and
# --on-error, progress, a document too large for one unit.
. "$(dirname "$0")/lib.bash"

"$GAZTAG" compile -o "$WORK/fx.gaz" "$TESTS/data/fixture.tsv" 2>/dev/null
expect_eq "compile status" "$?" 0
FX="$WORK/fx.gaz"
cd "$TESTS/data/batch" || exit 1

# A directory: every regular file, recursively, in sorted path order; each
# document is named by its path.  --glob filters the files found by name.
"$GAZTAG" tag --no-rules -g "$FX" --quiet docs > "$WORK/dir.jsonl"
expect_eq "dir status" "$?" 0
expect_file "dir" "$WORK/dir.jsonl" "$TESTS/cli/expected/batch_dir.jsonl"
"$GAZTAG" tag --no-rules -g "$FX" --glob '*.txt' docs | cut -d'"' -f4 > "$WORK/glob"
expect_eq "glob" "$(cat "$WORK/glob")" "docs/a.txt
docs/b.txt
docs/sub/c.txt"
out=$(printf 'Kiev' | "$GAZTAG" tag --no-rules -g "$FX" docs/a.txt - | cut -d'"' -f4)
expect_eq "file and stdin" "$out" "docs/a.txt
-"

# --jsonl: the other fields keep their bytes and order, "spans" is added.
"$GAZTAG" tag --no-rules -g "$FX" --jsonl records.jsonl > "$WORK/rec.jsonl"
expect_eq "jsonl status" "$?" 0
expect_file "jsonl records" "$WORK/rec.jsonl" "$TESTS/cli/expected/batch_records.jsonl"
out=$(printf '{"body": "Kiev", "text": 1}' | "$GAZTAG" tag --no-rules -g "$FX" --jsonl --text-field body)
expect_eq "text field" "$out" '{"text": 1, "spans": [{"start": 0, "end": 4, "cstart": 0, "cend": 4, "ustart": 0, "uend": 4, "text": "Kiev", "label": "PLACE", "id": "place:kyiv", "canonical": "Kyiv", "source": "gazetteer"}]}'
# Kept members are cut by their closing quotes: a run of backslashes before
# a quote escapes it when odd ("\"hi\\\"" goes on), not when even ("a\\").
cat > "$WORK/escaped.jsonl" <<'JSONL'
{"t": "a\\", "q": "say \"hi\\\" \\\\", "body": "Kiev", "z": ["\\", "x"]}
JSONL
out=$("$GAZTAG" tag --no-rules -g "$FX" --jsonl --text-field body "$WORK/escaped.jsonl")
expect_eq "escaped members" "$out" '{"t": "a\\", "q": "say \"hi\\\" \\\\", "z": ["\\", "x"], "spans": [{"start": 0, "end": 4, "cstart": 0, "cend": 4, "ustart": 0, "uend": 4, "text": "Kiev", "label": "PLACE", "id": "place:kyiv", "canonical": "Kyiv", "source": "gazetteer"}]}'

# -j: the same bytes whatever the number of workers, on 200 records, a
# directory of 60 files and 3,000 lines (several units each).
for i in $(seq 1 200); do
  printf '{"n": %d, "text": "Doc %d: Kiev, Moscou et le Washington Post %d fois."}\n' "$i" "$i" "$i"
done > "$WORK/200.jsonl"
mkdir "$WORK/many"
for i in $(seq 10 69); do printf 'Texte %d sur Conakry et Boké.\n' "$i" > "$WORK/many/f$i.txt"; done
for i in $(seq 1 3000); do echo "ligne $i Peskov"; done > "$WORK/3000.txt"
for j in 1 2 4; do
  "$GAZTAG" tag --no-rules -g "$FX" -j $j --jsonl "$WORK/200.jsonl" > "$WORK/200.j$j"
  "$GAZTAG" tag --no-rules -g "$FX" -j $j "$WORK/many" > "$WORK/many.j$j"
  "$GAZTAG" tag --no-rules -g "$FX" -j $j --lines "$WORK/3000.txt" > "$WORK/lines.j$j"
done
expect_eq "200 records" "$(wc -l < "$WORK/200.j1")" 200
expect_eq "200 records last" "$(tail -n1 "$WORK/200.j1" | cut -c1-12)" '{"n": 200, "'
expect_eq "60 documents" "$(wc -l < "$WORK/many.j1")" 60
expect_eq "3000 lines" "$(sed -n 3000p "$WORK/lines.j1" | cut -c1-14)" '{"line": 3000,'
for j in 2 4; do
  cmp -s "$WORK/200.j1" "$WORK/200.j$j"; expect_eq "records -j$j = -j1" "$?" 0
  cmp -s "$WORK/many.j1" "$WORK/many.j$j"; expect_eq "dir -j$j = -j1" "$?" 0
  cmp -s "$WORK/lines.j1" "$WORK/lines.j$j"; expect_eq "lines -j$j = -j1" "$?" 0
done

# Bad records: FILE:LINE: reason.  Stop (default): the records before are
# written, exit 1.  Skip: every good record is tagged, a count, exit 3.
"$GAZTAG" tag --no-rules -g "$FX" -j2 --jsonl bad.jsonl > "$WORK/out" 2> "$WORK/err"
expect_eq "stop status" "$?" 1
expect_eq "stop output" "$(cut -c1-10 "$WORK/out")" '{"id": 1, '
expect_eq "stop message" "$(cat "$WORK/err")" 'gaztag: bad.jsonl:2: column 27: the input ends inside an object'
"$GAZTAG" tag --no-rules -g "$FX" -j2 --jsonl --on-error skip bad.jsonl > "$WORK/out" 2> "$WORK/err"
expect_eq "skip status" "$?" 3
expect_eq "skip output" "$(cut -c1-10 "$WORK/out")" '{"id": 1, 
{"id": 6, '
expect_eq "skip messages" "$(cat "$WORK/err")" 'gaztag: bad.jsonl:2: column 27: the input ends inside an object
gaztag: bad.jsonl:3: no "text" field
gaztag: bad.jsonl:4: field "text" is not a string
gaztag: bad.jsonl:5: column 1: expected a value, found the end
gaztag: 4 bad records skipped'
# Line numbers count across units.
{ cat "$WORK/200.jsonl" "$WORK/200.jsonl" "$WORK/200.jsonl"; echo '{"n": 601}'; } > "$WORK/601.jsonl"
"$GAZTAG" tag --no-rules -g "$FX" -j4 --jsonl --on-error skip "$WORK/601.jsonl" 2>&1 > /dev/null | sed "s|$WORK/||" > "$WORK/err"
expect_eq "late line" "$(cat "$WORK/err")" 'gaztag: 601.jsonl:601: no "text" field
gaztag: 1 bad record skipped'

# Progress: forced with --progress (stderr is not a terminal here), redrawn
# in place and erased at the end; --quiet and a pipe show nothing.
"$GAZTAG" tag --no-rules -g "$FX" --progress --jsonl "$WORK/200.jsonl" 2> "$WORK/err" > /dev/null
last=$(tr '\r' '\n' < "$WORK/err" | grep documents | tail -n1 | sed 's/, [0-9.]* MB\/s//')
expect_eq "progress line" "$last" $'\e[K200 documents, 0.0 MB, 100%, ETA 0:00'
expect_eq "progress erased" "$(tail -c 4 "$WORK/err" | od -An -c | tr -s ' ')" ' \r 033 [ K'
"$GAZTAG" tag --no-rules -g "$FX" --jsonl "$WORK/200.jsonl" 2> "$WORK/err" > /dev/null
expect_eq "no progress on a pipe" "$(wc -c < "$WORK/err")" 0

# A document larger than a unit (4 MiB) is streamed in pieces: the same
# spans, offsets from the start of the document.
{ printf 'Kiev '; yes 'lorem ipsum dolor' | head -c 5000000; printf ' Moscou'; } > "$WORK/big.txt"
"$GAZTAG" tag --no-rules -g "$FX" -j2 "$WORK/big.txt" docs/a.txt > "$WORK/out"
expect_eq "streamed" "$(head -n1 "$WORK/out" | grep -o '"start": [0-9]*')" '"start": 0
"start": 5000006'
expect_eq "after streamed" "$(sed -n 2p "$WORK/out" | cut -c1-21)" '{"doc": "docs/a.txt",'

# A regular file, the same file on stdin and a pipe: the same spans.  The
# document is tagged in pieces (a file of 256 KiB, a pipe of 4 MiB then
# 256 KiB); the paragraph repeats with a period that does not divide them, so
# names fall across every piece boundary, after non-ASCII text (code point
# and UTF-16 offsets differ from byte offsets).  5 MiB of letters without a
# place to cut make the buffer grow.
para=$'Le pr\xc3\xa9sident \xc3\xa0 Kiev, \xc2\xab\xc2\xa0Moscou\xc2\xa0\xc2\xbb et \xf0\x9d\x97\x9e Kiev. '
{ for ((i = 0; i < 4096; i++)); do printf '%s' "$para"; done; } > "$WORK/para.txt"
{ for ((i = 0; i < 40; i++)); do cat "$WORK/para.txt"; done
  head -c 5242880 /dev/zero | tr '\0' 'x'; printf ' Kiev'; } > "$WORK/file.txt"
"$GAZTAG" tag --no-rules -g "$FX" "$WORK/file.txt" > "$WORK/file.out"
expect_eq "file status" "$?" 0
"$GAZTAG" tag --no-rules -g "$FX" - < "$WORK/file.txt" > "$WORK/stdin_file.out"
cat "$WORK/file.txt" | "$GAZTAG" tag --no-rules -g "$FX" > "$WORK/piped.out"
expect_eq "file spans" "$(grep -o '"start"' "$WORK/file.out" | wc -l)" $((40 * 4096 * 3 + 1))
expect_eq "file = piped" "$(sed 's/"doc": "[^"]*"//' "$WORK/file.out" | md5sum)" \
  "$(sed 's/"doc": "[^"]*"//' "$WORK/piped.out" | md5sum)"
expect_eq "stdin file = piped" "$(md5sum < "$WORK/stdin_file.out")" "$(md5sum < "$WORK/piped.out")"
expect_eq "file last span" "$(grep -o '{"start": [0-9]*, "end": [0-9]*, "cstart": [0-9]*, "cend": [0-9]*, "ustart": [0-9]*' "$WORK/file.out" | tail -1)" \
  "{\"start\": $(( $(wc -c < "$WORK/file.txt") - 4 )), \"end\": $(wc -c < "$WORK/file.txt"), \"cstart\": $(( $(LC_ALL=C.UTF-8 wc -m < "$WORK/file.txt") - 4 )), \"cend\": $(LC_ALL=C.UTF-8 wc -m < "$WORK/file.txt"), \"ustart\": $(( $(LC_ALL=C.UTF-8 wc -m < "$WORK/file.txt") - 4 + 40 * 4096 ))"

# Usage errors.
"$GAZTAG" tag --no-rules -g "$FX" --format brat < /dev/null > /dev/null 2>&1
expect_eq "brat without out-dir" "$?" 2
"$GAZTAG" tag --no-rules -g "$FX" -j 0 < /dev/null > /dev/null 2>&1
expect_eq "-j 0" "$?" 2
"$GAZTAG" tag --no-rules -g "$FX" --on-error maybe < /dev/null > /dev/null 2>&1
expect_eq "on-error value" "$?" 2

finish
