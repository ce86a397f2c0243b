# gaztag tag --format tsv|brat|conll|html and --input conll: exact output.
. "$(dirname "$0")/lib.bash"

"$GAZTAG" compile -o "$WORK/fx.gaz" "$TESTS/data/fixture.tsv" 2>/dev/null
expect_eq "compile status" "$?" 0
FX="$WORK/fx.gaz"
cd "$TESTS/data/batch" || exit 1

# TSV: a header, a row per span; tab, newline, CR and backslash escaped.
"$GAZTAG" tag --no-rules -g "$FX" --format tsv docs > "$WORK/dir.tsv"
expect_eq "tsv status" "$?" 0
expect_file "tsv" "$WORK/dir.tsv" "$TESTS/cli/expected/formats_dir.tsv"
printf 'New York\tPLACE\tplace:ny\\c\n' > "$WORK/esc.tsv"
"$GAZTAG" compile -o "$WORK/esc.gaz" "$WORK/esc.tsv" 2>/dev/null
out=$(printf 'a New\tYork\nb New\nYork' | "$GAZTAG" tag --no-rules -g "$WORK/esc.gaz" --format tsv --lines)
expect_eq "tsv escapes" "$out" 'doc	start	end	label	id	text	source	rule
-:1	2	10	PLACE	place:ny\\c	New\tYork	gazetteer	'
out=$(printf 'New\nYork' | "$GAZTAG" tag --no-rules -g "$WORK/esc.gaz" --format tsv)
expect_eq "tsv newline" "$out" 'doc	start	end	label	id	text	source	rule
-	0	8	PLACE	place:ny\\c	New\nYork	gazetteer	'
"$GAZTAG" tag --no-rules -g "$FX" --format tsv -j4 docs | cmp -s - "$WORK/dir.tsv"
expect_eq "tsv -j4" "$?" 0

# brat: NAME.txt (the text) and NAME.ann per document, code point offsets.
"$GAZTAG" tag --no-rules -g "$FX" --format brat --out-dir "$WORK/brat" docs > "$WORK/out"
expect_eq "brat status" "$?" 0
expect_eq "brat stdout" "$(wc -c < "$WORK/out")" 0
expect_eq "brat files" "$(cd "$WORK/brat" && ls | tr '\n' ' ')" \
  "docs_a.ann docs_a.txt docs_b.ann docs_b.txt docs_other_notes.ann docs_other_notes.txt docs_sub_c.ann docs_sub_c.txt "
cmp -s "$WORK/brat/docs_sub_c.txt" docs/sub/c.txt
expect_eq "brat text copy" "$?" 0
cat "$WORK"/brat/*.ann > "$WORK/all.ann"
expect_file "brat ann" "$WORK/all.ann" "$TESTS/cli/expected/formats_brat.ann"

# CoNLL: -DOCSTART- per document, a token a line with its IOB2 tag, a
# blank line after each sentence.
"$GAZTAG" tag --no-rules -g "$FX" --format conll docs > "$WORK/dir.conll"
expect_eq "conll status" "$?" 0
expect_file "conll" "$WORK/dir.conll" "$TESTS/cli/expected/formats_dir.conll"

# --input conll with an exact-match gazetteer (case and accents kept): the
# output is the token-level lookup baseline, written by hand.
"$GAZTAG" compile --case-sensitive --keep-accents -o "$WORK/exact.gaz" exact.tsv 2>/dev/null
"$GAZTAG" tag --no-rules -g "$WORK/exact.gaz" --input conll exact.conll > "$WORK/exact.out"
expect_eq "conll input status" "$?" 0
expect_file "conll input" "$WORK/exact.out" "$TESTS/cli/expected/batch_exact.conll"
"$GAZTAG" tag --no-rules -g "$WORK/exact.gaz" --input conll --format jsonl exact.conll > /dev/null 2>&1
expect_eq "conll input, other format" "$?" 2

# HTML: one self-contained page, golden; nothing fetched from elsewhere.
"$GAZTAG" tag --no-rules -g "$FX" --format html docs > "$WORK/page.html"
expect_eq "html status" "$?" 0
expect_file "html" "$WORK/page.html" "$TESTS/cli/expected/formats_dir.html"
expect_eq "html no external" "$(grep -ciE 'src=|href=|url\(|@import' "$WORK/page.html")" 0
printf '<b>&"Kiev"</b>\001' | "$GAZTAG" tag --no-rules -g "$FX" --format html > "$WORK/esc.html"
expect_eq "html escapes" "$(grep -o '<pre class="text">.*</pre>' "$WORK/esc.html")" \
  '<pre class="text">&lt;b&gt;&amp;&quot;<mark class="ent L-PLACE" data-source="gazetteer" style="background:#9bf6ff" title="PLACE place:kyiv — Kyiv">Kiev</mark>&quot;&lt;/b&gt;�</pre>'

# In a browser: as many highlighted elements as spans.  Skipped without
# /usr/bin/chromium (CI installs it).
if [ -x /usr/bin/chromium ]; then
  spans=$("$GAZTAG" tag --no-rules -g "$FX" docs | grep -o '"label"' | wc -l)
  spans=$((spans - $(grep -o '"also"' "$TESTS/cli/expected/batch_dir.jsonl" | wc -l)))
  timeout 60 /usr/bin/chromium --headless --no-sandbox --disable-gpu \
    --user-data-dir="$WORK/chromium" --dump-dom "file://$WORK/page.html" \
    > "$WORK/dom.html" 2> /dev/null
  expect_eq "chromium marks" "$(grep -o '<mark class="ent ' "$WORK/dom.html" | wc -l)" "$spans"
  timeout 60 /usr/bin/chromium --headless --no-sandbox --disable-gpu \
    --user-data-dir="$WORK/chromium" --screenshot="$WORK/page.png" \
    --window-size=1000,1400 "file://$WORK/page.html" > /dev/null 2>&1
  expect_eq "chromium screenshot" "$(test -s "$WORK/page.png" && echo ok)" ok
else
  echo "skipped: no /usr/bin/chromium, the HTML page is not rendered"
fi

finish
