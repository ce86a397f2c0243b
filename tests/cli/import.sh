# gaztag import: GeoNames dumps, spaCy patterns and GATE lists to TSV
# sources.  Exact output, messages and exit codes; the output compiles and
# tags.  Run from the fixtures' directory so that messages name the files
# as given.
. "$(dirname "$0")/lib.bash"

EXP=$TESTS/cli/expected
cd "$TESTS/data/import" || exit 1

# run NAME ARGS...: import into $WORK/NAME.tsv and $WORK/NAME.err; $rc
run() {
  local name=$1
  shift
  "$GAZTAG" import "$@" > "$WORK/$name.tsv" 2> "$WORK/$name.err"
  rc=$?
}

# compiles NAME: the output is a valid source that tags what it lists.
compiles() {
  "$GAZTAG" compile -o "$WORK/$1.gaz" "$WORK/$1.tsv" 2> "$WORK/compile.err"
  expect_eq "$1 compiles" "$?" 0
}

# tagged NAME TEXT: the ids of the spans of TEXT with NAME's gazetteer.
tagged() {
  printf '%s' "$2" | "$GAZTAG" tag --no-rules -g "$WORK/$1.gaz" |
    grep -o '"id": "[^"]*"' | tr '\n' ' '
}

# --- GeoNames ---------------------------------------------------------------

# name and asciiname rows, fr/en alternate names without the colloquial,
# historic, link, iata, wkdt, post, abbr and unlc ones; duplicates dropped.
run geo geonames --alternate alternateNamesV2.txt allCountries.txt
expect_eq "geonames status" "$rc" 0
expect_eq "geonames stderr" "$(cat "$WORK/geo.err")" ""
expect_file "geonames output" "$WORK/geo.tsv" "$EXP/import_geonames.tsv"
compiles geo
expect_eq "geonames aliases tag" "$(tagged geo 'De Moscou à Kiev, puis Boke.')" \
  '"id": "geonames:524901" "id": "geonames:703448" "id": "geonames:2422488" '

# Ordered by geonameid whatever the order of the dumps.
head -n 5 allCountries.txt > "$WORK/part1.txt"
tail -n +6 allCountries.txt > "$WORK/part2.txt"
run split geonames --alternate alternateNamesV2.txt "$WORK/part2.txt" \
  "$WORK/part1.txt"
expect_file "geonames order" "$WORK/split.tsv" "$EXP/import_geonames.tsv"
# A place given twice (citiesNNNN.txt files overlap) gives its rows once.
run twice geonames --alternate alternateNamesV2.txt allCountries.txt \
  "$WORK/part1.txt"
expect_file "geonames duplicates" "$WORK/twice.tsv" "$EXP/import_geonames.tsv"

# Filters, language, label and a flags column.
run cities geonames --min-population 100000 --feature-class P --lang fr \
  --label CITY --flags cap --alternate alternateNamesV2.txt allCountries.txt
expect_eq "filters status" "$rc" 0
expect_file "filters output" "$WORK/cities.tsv" "$EXP/import_geonames_cities.tsv"
compiles cities
expect_eq "flags column kept" "$(tagged cities 'nice Nice')" '"id": "geonames:2990440" '
run classes geonames --feature-class A,H --lang en allCountries.txt
expect_eq "feature classes" "$(cut -f3 "$WORK/classes.tsv" | uniq | tr '\n' ' ')" \
  "geonames:2420477 geonames:2975246 geonames:3012874 geonames:3017382 "
run pop geonames --min-population 2797553 allCountries.txt
expect_eq "population bound" "$(cut -f1 "$WORK/pop.tsv" | tr '\n' ' ')" \
  "Moscow Kyiv Guinea Île-de-France Ile-de-France République Française Republique Francaise "

# Malformed lines: reported, skipped, status 1; the good lines are kept.
run bad geonames geonames_bad.txt
expect_eq "malformed status" "$rc" 1
expect_eq "malformed output" "$(cat "$WORK/bad.tsv")" "$(printf 'Kamsar\tPLACE\tgeonames:2419533\tKamsar')"
expect_eq "malformed messages" "$(cat "$WORK/bad.err")" "gaztag: geonames_bad.txt:1: 18 columns, expected 19 (a GeoNames dump: geonameid, name, asciiname, ...)
gaztag: geonames_bad.txt:2: geonameid '24x' is not a number
gaztag: geonames_bad.txt:3: population 'about 23000' is not a number
gaztag: geonames_bad.txt:4: invalid UTF-8"
run altbad geonames --alternate allCountries.txt allCountries.txt
expect_eq "alternate columns status" "$rc" 1
expect_eq "alternate columns message" "$(head -n 1 "$WORK/altbad.err")" \
  "gaztag: allCountries.txt:1: more than 10 columns, expected 10 (alternateNamesV2.txt: alternateNameId, geonameid, isolanguage, alternate name, ...)"

# Missing files are named; the others are still read.
run missing geonames nowhere.txt geonames_bad.txt
expect_eq "missing status" "$rc" 1
expect_eq "missing message" "$(head -n 1 "$WORK/missing.err")" "gaztag: nowhere.txt: No such file or directory"
expect_eq "missing others read" "$(cut -f1 "$WORK/missing.tsv")" "Kamsar"
run noalt geonames --alternate nowhere.txt allCountries.txt
expect_eq "missing alternate status" "$rc" 1
expect_eq "missing alternate message" "$(cat "$WORK/noalt.err")" "gaztag: nowhere.txt: No such file or directory"
expect_eq "missing alternate rows" "$(wc -l < "$WORK/noalt.tsv")" 14

# --- spaCy ------------------------------------------------------------------

# String patterns become rows (labels upper-cased, \t cleaned, the
# duplicate dropped); token patterns are a warning; broken lines errors.
run spacy spacy patterns.jsonl
expect_eq "spacy status" "$rc" 1
expect_file "spacy output" "$WORK/spacy.tsv" "$EXP/import_spacy.tsv"
expect_file "spacy messages" "$WORK/spacy.err" "$EXP/import_spacy.err"
compiles spacy
expect_eq "spacy tags" "$(tagged spacy 'Apple Inc. et José María Aznar')" \
  '"id": "apple" "id": "per:aznar" '

# Warnings alone leave the status at 0; a BOM and CR LF are accepted.
printf '\357\273\277{"label": "GPE", "pattern": [{"LOWER": "paris"}]}\r\n{"label": "gpe", "pattern": "Paris"}\r\n' > "$WORK/warn.jsonl"
run warn spacy "$WORK/warn.jsonl"
expect_eq "spacy warning status" "$rc" 0
expect_eq "spacy warning output" "$(cat "$WORK/warn.tsv")" "$(printf 'Paris\tGPE')"
expect_eq "spacy warning message" "$(cat "$WORK/warn.err")" \
  "gaztag: $WORK/warn.jsonl:1: warning: token pattern not supported (only string patterns)"

# Fields are cleaned of control characters; names compile would refuse are
# left out with a warning.
printf '%s\n' '{"label": "X", "pattern": "\u0001Tab\tand\nline\u007f\u0085end\r"}' \
  '{"label": "X", "pattern": "#hashtag"}' '{"label": "X", "pattern": " \t "}' \
  '{"label": "X", "pattern": "«»"}' '{"label": "X", "pattern": "°C", "id": "a\u0000b"}' > "$WORK/clean.jsonl"
run clean spacy "$WORK/clean.jsonl"
expect_eq "clean status" "$rc" 0
expect_eq "clean output" "$(cat -A "$WORK/clean.tsv")" 'Tab and line  end^IX$
M-BM-0C^IX^Ia b$'
expect_eq "clean warnings" "$(cat "$WORK/clean.err")" "gaztag: $WORK/clean.jsonl:2: warning: '#hashtag' left out: the name starts with '#' (a comment line in TSV)
gaztag: $WORK/clean.jsonl:3: warning: '' left out: empty name
gaztag: $WORK/clean.jsonl:4: warning: '«»' left out: name has no letter or digit"
compiles clean
long=$(printf 'a %.0s' $(seq 40))
printf '{"label": "X", "pattern": "%s"}\n' "$long" > "$WORK/long.jsonl"
run long spacy "$WORK/long.jsonl"
expect_eq "too many tokens" "$(cat "$WORK/long.err")" "gaztag: $WORK/long.jsonl:1: warning: '$(printf 'a %.0s' $(seq 30))...' left out: name has more than 32 tokens"

# --- GATE -------------------------------------------------------------------

# majorType as label, id and canonical (or string) features as columns,
# the list's types and other features in comments.
run gate gate lists.def
expect_eq "gate status" "$rc" 0
expect_eq "gate stderr" "$(cat "$WORK/gate.err")" ""
expect_file "gate output" "$WORK/gate.tsv" "$EXP/import_gate.tsv"
compiles gate
expect_eq "gate tags" "$(tagged gate 'St-Étienne et Renault')" \
  '"id": "geo:saint-etienne" "id": "org:renault" '
(cd "$WORK" && "$GAZTAG" import gate "$TESTS/data/import/lists.def" > from_elsewhere.tsv)
expect_file "gate lists relative to lists.def" "$WORK/from_elsewhere.tsv" "$EXP/import_gate.tsv"

run gatebad gate lists_bad.def
expect_eq "gate malformed status" "$rc" 1
expect_file "gate malformed output" "$WORK/gatebad.tsv" "$EXP/import_gate_bad.tsv"
expect_file "gate malformed messages" "$WORK/gatebad.err" "$EXP/import_gate_bad.err"

# Another separator: '&' is then part of the name.
printf 'orgs.lst:Organisation:company\n' > "$WORK/tab.def"
printf 'AT&T|id=org:att|canonical=AT&T Inc.|hq=Dallas\n' > "$WORK/orgs.lst"
run sep gate --separator '|' "$WORK/tab.def"
expect_eq "separator" "$(cat "$WORK/sep.tsv")" "$(printf '# GATE list orgs.lst: majorType=Organisation, minorType=company\n# features: hq=Dallas\nAT&T\tORGANISATION\torg:att\tAT&T Inc.')"
run gatemissing gate "$WORK/none.def"
expect_eq "gate missing status" "$rc" 1
expect_eq "gate missing" "$(cat "$WORK/gatemissing.err")" "gaztag: $WORK/none.def: No such file or directory"

# --- Usage ------------------------------------------------------------------

usage_status() {
  "$GAZTAG" import "$@" > /dev/null 2> "$WORK/usage.err"
  echo "$?"
}
expect_eq "no format" "$(usage_status)" 2
expect_eq "unknown format" "$(usage_status csv x)" 2
expect_eq "unknown format message" "$(head -n 1 "$WORK/usage.err")" "gaztag: unknown import format 'csv' (geonames, spacy, gate)"
expect_eq "no file" "$(usage_status geonames --lang fr)" 2
expect_eq "option of another format" "$(usage_status spacy --lang fr x)" 2
expect_eq "option of another format message" "$(head -n 1 "$WORK/usage.err")" "gaztag: import spacy has no option --lang"
expect_eq "no value" "$(usage_status gate --separator)" 2
expect_eq "pseudo language" "$(usage_status geonames --lang fr,link x)" 2
expect_eq "pseudo language message" "$(cat "$WORK/usage.err")" "gaztag: --lang 'fr,link': languages are ISO 639 codes (fr, en, zh-CN...), not GeoNames' link, post, iata..."
expect_eq "feature class" "$(usage_status geonames --feature-class P,X x)" 2
expect_eq "population" "$(usage_status geonames --min-population 1e5 x)" 2
expect_eq "label" "$(usage_status geonames --label place x)" 2
expect_eq "label message" "$(cat "$WORK/usage.err")" "gaztag: --label 'place': not an upper-case word (A-Z, 0-9, _ and -)"
expect_eq "separator length" "$(usage_status gate --separator '&&' x)" 2
expect_eq "flags" "$(usage_status spacy --flags cap,kap x)" 2
expect_eq "flags message" "$(cat "$WORK/usage.err")" "gaztag: --flags 'cap,kap': flags are cap, case, accents, -, yield and none"
expect_eq "usage listed" "$("$GAZTAG" help | grep -c '^  import geonames|spacy|gate')" 1

finish
