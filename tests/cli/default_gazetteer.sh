# Without -g, gaztag tag uses the default gazetteer beside the program;
# GAZTAG_GAZETTEER overrides it.
. "$(dirname "$0")/lib.bash"

# default_spans FIELD TEXT: the FIELD ("text", "id") of each span the
# default gazetteer alone gives in TEXT, on one line.
default_spans() {
  printf '%s' "$2" | GAZTAG_GAZETTEER= "$GAZTAG" tag --no-rules |
    grep -o "\"$1\": \"[^\"]*\"" | tr '\n' ' '
}

out=$(default_spans text 'MOSCOU, 11 novembre (TASS). Vladimir Poutine a appelé Conakry.')
expect_eq "default gazetteer" "$out" '"text": "MOSCOU" "text": "TASS" "text": "Vladimir Poutine" "text": "Conakry" '

# English words and common surnames are no towns (world-places.tsv leaves
# out such names of places under 100,000 inhabitants): larger ones stay.
out=$(default_spans text 'The Congress of the Republic met at the University. Smith and Jones welcomed the Pacific delegation to the West. Then they flew from Conakry to Lincoln and Independence.')
expect_eq "English words and surnames" "$out" '"text": "Conakry" "text": "Lincoln" "text": "Independence" '

# A month's abbreviation is no town either (Nov, Tajikistan).
out=$(default_spans text 'WASHINGTON, Nov. 26 (AP) - Hier, à Conakry.')
expect_eq "a month's abbreviation" "$out" '"text": "WASHINGTON" "text": "AP" "text": "Conakry" '

# Every US state but those whose names are taken (Georgia, Virginia,
# Washington), in English and French.
out=$(default_spans id 'The governors of Missouri, Kansas and New Mexico met in Montana, et ceux du Dakota du Nord.')
expect_eq "US states" "$out" '"id": "place:missouri" "id": "place:kansas" "id": "place:new-mexico" "id": "place:montana" "id": "place:north-dakota" '

# A village named like a family (Chirac, Coulon: world-places.tsv's rows
# yield) gives way, with the default rules, to the person's name that a
# given name before it begins; alone, or with --no-rules, it is the place.
out=$(printf '%s' 'Hier, Jacques Chirac a parlé.' |
  GAZTAG_GAZETTEER= GAZTAG_RULES= "$GAZTAG" tag --format tsv | cut -f2-8 | tail -n +2)
expect_eq "a place that yields, taken" "$out" "$(printf '6\t20\tPERSON\t\tJacques Chirac\trule\tfirst-name')"
out=$(default_spans text 'Hier, Jacques Chirac a parlé.')
expect_eq "a place that yields, without the rules" "$out" '"text": "Chirac" '
out=$(printf '%s' 'Le maire de Coulon a parlé.' |
  GAZTAG_GAZETTEER= GAZTAG_RULES= "$GAZTAG" tag --format tsv | cut -f4,6,7 | tail -n +2)
expect_eq "a place that yields, alone" "$out" "$(printf 'PLACE\tCoulon\tgazetteer')"
# Software is no place nor name for the default rules (not-names.txt).
out=$(printf '%s' 'Il est passé à Linux, puis à Kolabounyi.' |
  GAZTAG_GAZETTEER= GAZTAG_RULES= "$GAZTAG" tag --format tsv | cut -f4,6,8 | tail -n +2)
expect_eq "software is no place" "$out" "$(printf 'PLACE\tKolabounyi\tat-place')"
# Words that take `à` for their object make it no place cue (cues.tsv,
# label `-`).
out=$(printf '%s' 'Grâce à Kolabounyi, connecté à Internet, il est allé à Kolabounyi.' |
  GAZTAG_GAZETTEER= GAZTAG_RULES= "$GAZTAG" tag --format tsv | cut -f2-8 | tail -n +2)
expect_eq "no place cue" "$out" "$(printf '61\t71\tPLACE\t\tKolabounyi\trule\tat-place')"
# A nationality with its capital names the person after it (cues.tsv);
# in lower case it is the language, or an adjective.
out=$(printf '%s' "Elle succède au Belge Pieter Vanhoutte. L’Ivoirienne Zéhia Gbagbéhi et le Sénégalais Zobli Ndour parlent le français Tabouré." |
  GAZTAG_GAZETTEER= GAZTAG_RULES= "$GAZTAG" tag --format tsv | cut -f2-8 | tail -n +2)
expect_eq "nationalities" "$out" "$(printf '23\t39\tPERSON\t\tPieter Vanhoutte\trule\tnationality\n56\t72\tPERSON\t\tZéhia Gbagbéhi\trule\tnationality\n92\t103\tPERSON\t\tZobli Ndour\trule\tnationality')"
# A place's common noun ends its name (cues.tsv, place-suffix): the given
# name `Philippine` begins no person there.
out=$(printf '%s' "They sailed to the Philippine Islands, then to Wall Street." |
  GAZTAG_GAZETTEER= GAZTAG_RULES= "$GAZTAG" tag --format tsv | cut -f2-8 | tail -n +2)
expect_eq "a place's suffix" "$out" "$(printf '19\t37\tPLACE\t\tPhilippine Islands\trule\tplace-suffix\n47\t58\tPLACE\t\tWall Street\trule\tplace-suffix')"
# French adjectives of institutions end an organisation's name (cues.tsv,
# `trail`).
out=$(printf '%s' "Le Comité olympique et le Conseil exécutif ont siégé." |
  GAZTAG_GAZETTEER= GAZTAG_RULES= "$GAZTAG" tag --format tsv | cut -f2-8 | tail -n +2)
expect_eq "trail words" "$out" "$(printf '3\t20\tORG\t\tComité olympique\trule\torg-head\n27\t44\tORG\t\tConseil exécutif\trule\torg-head')"
# Words that spell an acronym are no organisation when they end a common
# term (cues.tsv, `term`).
out=$(printf '%s' "Le Gross Domestic Product (GDP) et le Front uni des Patriotes (FUP)." |
  GAZTAG_GAZETTEER= GAZTAG_RULES= "$GAZTAG" tag --format tsv | cut -f2-8 | tail -n +2)
expect_eq "a common term's acronym" "$out" "$(printf '38\t61\tORG\t\tFront uni des Patriotes\trule\torg-head\n63\t66\tORG\t\tFUP\tdocument\tacronym')"
out=$(printf '%s' "Selon le Chief Executive Officer (CEO) de la Société Bintoumani Mining (SBM), non." |
  GAZTAG_GAZETTEER= GAZTAG_RULES= "$GAZTAG" tag --format tsv | cut -f2-8 | tail -n +2)
expect_eq "a title's acronym" "$out" "$(printf '45\t72\tORG\t\tSociété Bintoumani Mining\trule\torg-head\n74\t77\tORG\t\tSBM\tdocument\tacronym')"
out=$(GAZTAG_GAZETTEER= "$GAZTAG" lookup Chirac | grep -o '\[.*\]')
expect_eq "lookup shows yield" "$out" '[cap,yield]'

# Former states (places.tsv): the Soviet Union is no organisation.
out=$(default_spans id "Né en Union soviétique, il a vécu en URSS, au Zaïre et en Haute-Volta.")
expect_eq "former states" "$out" '"id": "place:soviet-union" "id": "place:soviet-union" "id": "place:zaire" "id": "place:upper-volta" '

printf 'Zorglub\tPERSON\n' > "$WORK/z.tsv"
"$GAZTAG" compile -o "$WORK/z.gaz" "$WORK/z.tsv" 2>/dev/null
out=$(printf 'Zorglub et Conakry' | GAZTAG_GAZETTEER="$WORK/z.gaz" "$GAZTAG" tag --no-rules | grep -o '"text": "[^"]*"')
expect_eq "environment override" "$out" '"text": "Zorglub"'

# The default gazetteer verifies.
"$GAZTAG" verify "$DEFAULT_GAZ" > /dev/null
expect_eq "default verifies" "$?" 0

finish
