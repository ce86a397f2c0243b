# gaztag tag and the rules layer: spans say where they come from
# ("source": gazetteer, rule or document, and the rule's name), --no-rules,
# --no-propagation, --propagation-window, --rules DIR, $GAZTAG_RULES, the rules beside the
# program, errors naming FILE:LINE; every output format.
. "$(dirname "$0")/lib.bash"

# A gazetteer of our own: a name the first-name rule would also find.
printf 'Kiev\tPLACE\tplace:kyiv\tKyiv\nMoussa Dadis Camara\tPERSON\tper:dadis\tMoussa Dadis Camara\n' > "$WORK/g.tsv"
"$GAZTAG" compile -o "$WORK/g.gaz" "$WORK/g.tsv" 2>/dev/null
expect_eq "compile status" "$?" 0
G="$WORK/g.gaz"
RULES="$TESTS/data/rules" # Moussa; `ministre X` PERSON (title); `Consortium X` ORG (org-head)
TEXT='Moussa Dadis Camara a reçu à Kiev le ministre Sylla et Moussa Kourouma, du Consortium Bauxite. Il a dit que Kourouma partait.'

# Gazetteer spans as they were, and the rule spans: a given name and a
# capitalised word, a title cue before a name, an organisation head word;
# the gazetteer's `Moussa Dadis Camara` is left alone; the later
# `Kourouma` repeats `Moussa Kourouma` (source document, rule propagation).
printf '%s' "$TEXT" | "$GAZTAG" tag -g "$G" --rules "$RULES" > "$WORK/rules.jsonl" 2> "$WORK/err"
expect_eq "rules status" "$?" 0
expect_eq "rules stderr" "$(cat "$WORK/err")" ""
expect_file "rules spans" "$WORK/rules.jsonl" "$TESTS/cli/expected/rules_tag.jsonl"

# The same from $GAZTAG_RULES, and with -j and --lines (one line a record).
out=$(printf '%s' "$TEXT" | GAZTAG_RULES="$RULES" "$GAZTAG" tag -g "$G")
expect_eq "GAZTAG_RULES" "$out" "$(cat "$TESTS/cli/expected/rules_tag.jsonl")"
out=$(printf '%s\n%s\n' "$TEXT" "$TEXT" | "$GAZTAG" tag -g "$G" --rules "$RULES" -j2 --lines | sed 's/^{"line": [0-9]*, /{"doc": "-", /' | sort -u)
expect_eq "lines, two workers" "$out" "$(cat "$TESTS/cli/expected/rules_tag.jsonl")"

# --no-rules: the gazetteer alone; --no-propagation: rules, no document
# span; --all: the gazetteer's matches only (the library applies rules to
# leftmost-longest spans only).
out=$(printf '%s' "$TEXT" | "$GAZTAG" tag -g "$G" --no-rules | grep -o '"source": "[a-z]*"' | sort | uniq -c | tr -s ' ')
expect_eq "no rules: gazetteer only" "$out" ' 2 "source": "gazetteer"'
out=$(printf '%s' "$TEXT" | GAZTAG_RULES="$RULES" "$GAZTAG" tag -g "$G" --no-rules | grep -o '"source": "[a-z]*"' | sort | uniq -c | tr -s ' ')
expect_eq "no rules beats GAZTAG_RULES" "$out" ' 2 "source": "gazetteer"'
out=$(printf '%s' "$TEXT" | "$GAZTAG" tag -g "$G" --rules "$RULES" --no-propagation | grep -o '"source": "[a-z]*"' | sort | uniq -c | tr -s ' ')
expect_eq "no propagation" "$out" ' 2 "source": "gazetteer"
 3 "source": "rule"'
out=$(printf '%s' "$TEXT" | "$GAZTAG" tag -g "$G" --rules "$RULES" --all | grep -o '"source": "[a-z]*"' | sort | uniq -c | tr -s ' ')
expect_eq "all: gazetteer only" "$out" ' 2 "source": "gazetteer"'

# --propagation-window: Kourouma (byte 110) is 53 bytes after Moussa
# Kourouma (57): a window of 53 bytes reaches it, one of 40 does not.
out=$(printf '%s' "$TEXT" | "$GAZTAG" tag -g "$G" --rules "$RULES" --propagation-window 53 | grep -o '"start": [0-9]*, [^}]*"source": "document"' | cut -d, -f1)
expect_eq "window of 53 bytes" "$out" '"start": 110'
out=$(printf '%s' "$TEXT" | "$GAZTAG" tag -g "$G" --rules "$RULES" --propagation-window 40 | grep -c '"source": "document"')
expect_eq "window of 40 bytes" "$out" 0

# A document too large for one unit is streamed in pieces: the rules
# apply, and a name found in the first piece is propagated to the last
# when the window reaches it (0: the whole document; 8M: 8 MiB); the
# default window (64 KiB) and one of 4 MiB do not reach 5 MB further.
{ printf 'Le ministre Sylla et Moussa Kourouma. '
  yes 'lorem ipsum dolor' | head -c 5000000
  printf ' Il a dit que Kourouma partait.'; } > "$WORK/big.txt"
SPANS='"text": "[^"]*", "label": "[A-Z]*", "source": "[a-z]*"'
BIG='"text": "Sylla", "label": "PERSON", "source": "rule"
"text": "Moussa Kourouma", "label": "PERSON", "source": "rule"'
for w in 0 8M; do
  "$GAZTAG" tag -g "$G" --rules "$RULES" --propagation-window $w "$WORK/big.txt" | grep -o "$SPANS" > "$WORK/big.out"
  expect_eq "streamed document, window $w" "$(cat "$WORK/big.out")" "$BIG
\"text\": \"Kourouma\", \"label\": \"PERSON\", \"source\": \"document\""
done
for w in default 4M; do
  if [ $w = default ]; then set --; else set -- --propagation-window $w; fi
  "$GAZTAG" tag -g "$G" --rules "$RULES" "$@" "$WORK/big.txt" | grep -o "$SPANS" > "$WORK/big.out"
  expect_eq "streamed document, window $w" "$(cat "$WORK/big.out")" "$BIG"
done

# Other formats: TSV's source and rule columns, brat's notes, HTML's
# data-source and title.
out=$(printf '%s' "$TEXT" | "$GAZTAG" tag -g "$G" --rules "$RULES" --format tsv)
expect_eq "tsv" "$out" 'doc	start	end	label	id	text	source	rule
-	0	19	PERSON	per:dadis	Moussa Dadis Camara	gazetteer	
-	31	35	PLACE	place:kyiv	Kiev	gazetteer	
-	48	53	PERSON		Sylla	rule	title
-	57	72	PERSON		Moussa Kourouma	rule	first-name
-	77	95	ORG		Consortium Bauxite	rule	org-head
-	110	118	PERSON		Kourouma	document	propagation'
printf '%s' "$TEXT" | "$GAZTAG" tag -g "$G" --rules "$RULES" --format brat --out-dir "$WORK/brat"
expect_eq "brat status" "$?" 0
expect_eq "brat" "$(cat "$WORK/brat/stdin.ann")" 'T1	PERSON 0 19	Moussa Dadis Camara
#1	AnnotatorNotes T1	per:dadis
T2	PLACE 29 33	Kiev
#2	AnnotatorNotes T2	place:kyiv
T3	PERSON 46 51	Sylla
#3	AnnotatorNotes T3	source: rule title
T4	PERSON 55 70	Moussa Kourouma
#4	AnnotatorNotes T4	source: rule first-name
T5	ORG 75 93	Consortium Bauxite
#5	AnnotatorNotes T5	source: rule org-head
T6	PERSON 108 116	Kourouma
#6	AnnotatorNotes T6	source: document propagation'
out=$(printf '%s' "$TEXT" | "$GAZTAG" tag -g "$G" --rules "$RULES" --format html | grep -o '<mark [^>]*>Sylla</mark>\|<tr><td>108</td>.*')
expect_eq "html" "$out" '<mark class="ent L-PERSON" data-source="rule" style="background:#ffd6a5" title="PERSON (rule title)">Sylla</mark>
<tr><td>108</td><td>116</td><td>Kourouma</td><td>PERSON</td><td></td><td></td><td>document propagation</td></tr>'
out=$(printf '%s' "$TEXT" | "$GAZTAG" tag -g "$G" --rules "$RULES" --format conll | grep $'\t[BI]-' | tr '\n' ' ')
expect_eq "conll" "$out" 'Moussa	B-PERSON Dadis	I-PERSON Camara	I-PERSON Kiev	B-PLACE Sylla	B-PERSON Moussa	B-PERSON Kourouma	I-PERSON Consortium	B-ORG Bauxite	I-ORG Kourouma	B-PERSON '

# Errors: a bad line names FILE:LINE (status 1, nothing tagged); a
# missing directory, from --rules or $GAZTAG_RULES; --rules with
# --no-rules is a usage error.
mkdir "$WORK/bad"
printf 'Moussa\n' > "$WORK/bad/first-names.txt"
printf '# cues\nbefore\tministre\n' > "$WORK/bad/cues.tsv"
printf 'Kiev' | "$GAZTAG" tag -g "$G" --rules "$WORK/bad" > "$WORK/out" 2> "$WORK/err"
expect_eq "bad rules status" "$?" 1
expect_eq "bad rules output" "$(cat "$WORK/out")" ""
case $(cat "$WORK/err") in
  "gaztag: $WORK/bad/cues.tsv:2: "?*) ok=yes ;;
  *) ok="no: $(cat "$WORK/err")" ;;
esac
expect_eq "bad rules message names FILE:LINE" "$ok" yes
printf 'Kiev' | "$GAZTAG" tag -g "$G" --rules "$WORK/none" > /dev/null 2> "$WORK/err"
expect_eq "missing rules status" "$?" 1
expect_eq "missing rules message" "$(cat "$WORK/err")" "gaztag: $WORK/none: No such file or directory"
printf 'Kiev' | GAZTAG_RULES="$WORK/none" "$GAZTAG" tag -g "$G" > /dev/null 2> "$WORK/err"
expect_eq "missing GAZTAG_RULES status" "$?" 1
expect_eq "missing GAZTAG_RULES message" "$(cat "$WORK/err")" "gaztag: $WORK/none: No such file or directory"
"$GAZTAG" tag -g "$G" --rules "$RULES" --no-rules < /dev/null > /dev/null 2>&1
expect_eq "rules and no-rules status" "$?" 2
"$GAZTAG" tag -g "$G" --rules "$RULES" --propagation-window 12x < /dev/null > /dev/null 2> "$WORK/err"
expect_eq "bad window status" "$?" 2
expect_eq "bad window message" "$(head -n 1 "$WORK/err")" "gaztag: --propagation-window: a number of bytes (64K, 1M; 0: the whole document)"
"$GAZTAG" tag -g "$G" --rules "$RULES" --propagation-window 1K --no-propagation < /dev/null > /dev/null 2>&1
expect_eq "window and no-propagation status" "$?" 2

# Without --rules: gaztag-rules/ beside the program, which the build
# copies from gazetteers/rules/, with the default gazetteer.
BUILD=$(dirname "${DEFAULT_GAZ:-.}")
if [ -n "$(ls "$TESTS"/../gazetteers/rules/first-names*.txt 2>/dev/null)" ]; then
  [ -d "$BUILD/gaztag-rules" ]
  expect_eq "the build copies the rules beside the program" "$?" 0
  out=$(printf 'Hier, Moussa Kourouma est arrivé.' | GAZTAG_GAZETTEER= GAZTAG_RULES= "$GAZTAG" tag |
        grep -o '"text": "Moussa Kourouma", "label": "PERSON", "source": "rule", "rule": "first-name"')
  expect_eq "rules beside the program" "$out" '"text": "Moussa Kourouma", "label": "PERSON", "source": "rule", "rule": "first-name"'
  # The shipped place cues: a locality the gazetteer does not know, after
  # "la population de" / "les habitants de" (issue 7's Dakatougui case).
  out=$(printf 'La population de Koumbaya et les habitants de Sankarani attendent.' |
        GAZTAG_GAZETTEER= GAZTAG_RULES= "$GAZTAG" tag --format tsv | cut -f2,3,4,6,7,8 | tail -n +2 | tr '\n\t' ';,')
  expect_eq "shipped place cues" "$out" '17,25,PLACE,Koumbaya,rule,place-cue;46,55,PLACE,Sankarani,rule,place-cue;'
else
  echo "skipped: no gazetteers/rules/first-names*.txt yet"
fi

# No rules directory anywhere: the gazetteer alone, without a word.  (A
# copy of the program, away from its gaztag-rules/; not for a wrapper
# script, nor when rules are installed under the default prefix.)
if [ "$(head -c 4 "$GAZTAG" | od -An -c | tr -d ' ')" = '177ELF' ] &&
   [ ! -d /usr/local/share/gaztag/rules ]; then
  mkdir "$WORK/bin" && cp "$GAZTAG" "$WORK/bin/gaztag"
  out=$(printf '%s' "$TEXT" | GAZTAG_RULES= "$WORK/bin/gaztag" tag -g "$G" 2> "$WORK/err" |
        grep -o '"source": "[a-z]*"' | sort | uniq -c | tr -s ' ')
  expect_eq "no rules found: gazetteer only" "$out" ' 2 "source": "gazetteer"'
  expect_eq "no rules found: no message" "$(cat "$WORK/err")" ""
fi

finish
