# gaztag tag: documents, --lines, --all, standard input, exit codes.
. "$(dirname "$0")/lib.bash"

"$GAZTAG" compile -o "$WORK/fx.gaz" "$TESTS/data/fixture.tsv" 2>/dev/null
expect_eq "compile status" "$?" 0

# A document: golden output (offsets checked independently in test_tagger).
(cd "$TESTS/data" && "$GAZTAG" tag --no-rules -g "$WORK/fx.gaz" article_fr.txt) > "$WORK/doc.jsonl"
expect_eq "tag status" "$?" 0
expect_file "article document" "$WORK/doc.jsonl" "$TESTS/cli/expected/article_fr.jsonl"

# Standard input is the document "-".
out=$(printf 'Kiev et Boké' | "$GAZTAG" tag --no-rules -g "$WORK/fx.gaz")
expect_eq "stdin" "$out" '{"doc": "-", "spans": [{"start": 0, "end": 4, "cstart": 0, "cend": 4, "ustart": 0, "uend": 4, "text": "Kiev", "label": "PLACE", "id": "place:kyiv", "canonical": "Kyiv", "source": "gazetteer"}, {"start": 8, "end": 13, "cstart": 8, "cend": 12, "ustart": 8, "uend": 12, "text": "Boké", "label": "PLACE", "id": "place:boke", "canonical": "Boké", "source": "gazetteer"}]}'

# --lines: one output line per input line, empty ones included, offsets
# relative to the line, CR LF excluded.
printf 'Kiev\n\n  Moscou\r\nrien\nWashington' > "$WORK/lines.txt"
"$GAZTAG" tag --no-rules -g "$WORK/fx.gaz" --lines "$WORK/lines.txt" > "$WORK/lines.jsonl"
expect_eq "lines count" "$(wc -l < "$WORK/lines.jsonl")" 5
expect_eq "lines 2" "$(sed -n 2p "$WORK/lines.jsonl")" '{"line": 2, "spans": []}'
expect_eq "lines 3" "$(sed -n 3p "$WORK/lines.jsonl")" '{"line": 3, "spans": [{"start": 2, "end": 8, "cstart": 2, "cend": 8, "ustart": 2, "uend": 8, "text": "Moscou", "label": "PLACE", "id": "place:moscow", "canonical": "Moscow", "source": "gazetteer"}]}'
expect_eq "lines 5 also" "$(sed -n 5p "$WORK/lines.jsonl")" '{"line": 5, "spans": [{"start": 0, "end": 10, "cstart": 0, "cend": 10, "ustart": 0, "uend": 10, "text": "Washington", "label": "PLACE", "id": "place:washington", "canonical": "Washington, D.C.", "source": "gazetteer", "also": [{"label": "PERSON", "id": "per:george-washington", "canonical": "George Washington"}]}]}'

# --all returns nested matches.
n=$(printf 'Dmitri Peskov' | "$GAZTAG" tag --no-rules -g "$WORK/fx.gaz" --all | grep -o '"label"' | wc -l)
expect_eq "all nested" "$n" 2

# Invalid UTF-8 in the text is written as \ufffd: the output stays JSON.
out=$(printf 'x\377"Kiev"\n' | "$GAZTAG" tag --no-rules -g "$WORK/fx.gaz" --lines)
expect_eq "invalid utf8" "$out" '{"line": 1, "spans": [{"start": 3, "end": 7, "cstart": 3, "cend": 7, "ustart": 3, "uend": 7, "text": "Kiev", "label": "PLACE", "id": "place:kyiv", "canonical": "Kyiv", "source": "gazetteer"}]}'

# Escaping: quotes and backslashes in the gazetteer's strings, a control
# character inside a span's text.
printf 'New York\tPLACE\tplace:nyc\tThe "Big" Apple \\ NYC\n' > "$WORK/esc.tsv"
"$GAZTAG" compile -o "$WORK/esc.gaz" "$WORK/esc.tsv" 2>/dev/null
out=$(printf 'New\001York' | "$GAZTAG" tag --no-rules -g "$WORK/esc.gaz" --lines)
expect_eq "escaping" "$out" '{"line": 1, "spans": [{"start": 0, "end": 8, "cstart": 0, "cend": 8, "ustart": 0, "uend": 8, "text": "New\u0001York", "label": "PLACE", "id": "place:nyc", "canonical": "The \"Big\" Apple \\ NYC", "source": "gazetteer"}]}'
echo "$out" | python3 -c 'import json,sys; json.loads(sys.stdin.read())' 2>/dev/null
expect_eq "escaping is valid JSON" "$?" 0

# Escaping past the first 8 bytes of a string (written 8 bytes at a time
# while nothing needs escaping), an invalid byte inside a span's text, and
# offsets of 5 to 7 digits.
printf 'New York\tPLACE\tplace:nyc\tA canonical name, then "quotes", \\, é and \342\200\231\n' > "$WORK/esc8.tsv"
"$GAZTAG" compile -o "$WORK/esc8.gaz" "$WORK/esc8.tsv" 2>/dev/null
out=$(printf 'New\377York' | "$GAZTAG" tag --no-rules -g "$WORK/esc8.gaz" --lines)
expect_eq "escaping after 8 bytes" "$out" '{"line": 1, "spans": [{"start": 0, "end": 8, "cstart": 0, "cend": 8, "ustart": 0, "uend": 8, "text": "New\ufffdYork", "label": "PLACE", "id": "place:nyc", "canonical": "A canonical name, then \"quotes\", \\, é and ’", "source": "gazetteer"}]}'
{ head -c 12345 /dev/zero | tr '\0' ' '; printf 'é New York '; head -c 1222200 /dev/zero | tr '\0' ' '; printf 'New York'; } > "$WORK/far.txt"
out=$("$GAZTAG" tag --no-rules -g "$WORK/esc8.gaz" "$WORK/far.txt" | grep -o '"start": [0-9]*, "end": [0-9]*, "cstart": [0-9]*, "cend": [0-9]*' | tr '\n' ';')
expect_eq "offsets of 5 to 7 digits" "$out" '"start": 12348, "end": 12356, "cstart": 12347, "cend": 12355;"start": 1234557, "end": 1234565, "cstart": 1234556, "cend": 1234564;'

# Overlays: a newsroom list over a base list, without recompiling the base.
printf 'Paris\tPLACE\tplace:paris\nOrange\tORG\torg:orange\n' > "$WORK/base.tsv"
printf 'Paris\tPLACE\t\t\t-\nOrange\tORG\torg:orange-sa\tOrange SA\nSaint-Denis\tPLACE\tplace:sd\n' > "$WORK/news.tsv"
"$GAZTAG" compile -o "$WORK/base.gaz" "$WORK/base.tsv" 2>/dev/null
"$GAZTAG" compile -o "$WORK/news.gaz" "$WORK/news.tsv" 2>/dev/null
out=$(printf 'Paris, Orange, Saint-Denis' | "$GAZTAG" tag --no-rules -g "$WORK/base.gaz" -g "$WORK/news.gaz" --lines)
expect_eq "overlay" "$out" '{"line": 1, "spans": [{"start": 7, "end": 13, "cstart": 7, "cend": 13, "ustart": 7, "uend": 13, "text": "Orange", "label": "ORG", "id": "org:orange-sa", "canonical": "Orange SA", "source": "gazetteer"}, {"start": 15, "end": 26, "cstart": 15, "cend": 26, "ustart": 15, "uend": 26, "text": "Saint-Denis", "label": "PLACE", "id": "place:sd", "source": "gazetteer"}]}'
out=$(printf 'Paris, Orange' | "$GAZTAG" tag --no-rules -g "$WORK/news.gaz" -g "$WORK/base.gaz" --lines)
expect_eq "overlay order matters" "$out" '{"line": 1, "spans": [{"start": 0, "end": 5, "cstart": 0, "cend": 5, "ustart": 0, "uend": 5, "text": "Paris", "label": "PLACE", "id": "place:paris", "source": "gazetteer"}, {"start": 7, "end": 13, "cstart": 7, "cend": 13, "ustart": 7, "uend": 13, "text": "Orange", "label": "ORG", "id": "org:orange", "source": "gazetteer"}]}'

# Errors: a missing input file, a missing gazetteer, a bad option.
"$GAZTAG" tag --no-rules -g "$WORK/fx.gaz" "$WORK/nope.txt" > /dev/null 2> "$WORK/err"
expect_eq "missing input status" "$?" 1
expect_eq "missing input message" "$(cat "$WORK/err")" "gaztag: $WORK/nope.txt: No such file or directory"
"$GAZTAG" tag --no-rules -g "$WORK/none.gaz" < /dev/null > /dev/null 2> "$WORK/err"
expect_eq "missing gazetteer status" "$?" 1
expect_eq "missing gazetteer message" "$(cat "$WORK/err")" "gaztag: $WORK/none.gaz: No such file or directory"
"$GAZTAG" tag --no-rules --bogus < /dev/null > /dev/null 2>&1
expect_eq "bad option status" "$?" 2

finish
