# Without -g, gaztag tag uses the default gazetteer beside the program;
# GAZTAG_GAZETTEER overrides it.
. "$(dirname "$0")/lib.bash"

out=$(printf 'MOSCOU, 11 novembre (TASS). Vladimir Poutine a appelé Conakry.' |
      GAZTAG_GAZETTEER= "$GAZTAG" tag --no-rules | grep -o '"text": "[^"]*"' | tr '\n' ' ')
expect_eq "default gazetteer" "$out" '"text": "MOSCOU" "text": "TASS" "text": "Vladimir Poutine" "text": "Conakry" '

# English words and common surnames are no towns (world-places.tsv leaves
# out such names of places under 100,000 inhabitants): larger ones stay.
out=$(printf 'The Congress of the Republic met at the University. Smith and Jones welcomed the Pacific delegation to the West. Then they flew from Conakry to Lincoln and Independence.' |
      GAZTAG_GAZETTEER= "$GAZTAG" tag --no-rules | grep -o '"text": "[^"]*"' | tr '\n' ' ')
expect_eq "English words and surnames" "$out" '"text": "Conakry" "text": "Lincoln" "text": "Independence" '

# A month's abbreviation is no town either (Nov, Tajikistan).
out=$(printf 'WASHINGTON, Nov. 26 (AP) - Hier, à Conakry.' |
      GAZTAG_GAZETTEER= "$GAZTAG" tag --no-rules | grep -o '"text": "[^"]*"' | tr '\n' ' ')
expect_eq "a month's abbreviation" "$out" '"text": "WASHINGTON" "text": "AP" "text": "Conakry" '

# Every US state but those whose names are taken (Georgia, Virginia,
# Washington), in English and French.
out=$(printf 'The governors of Missouri, Kansas and New Mexico met in Montana, et ceux du Dakota du Nord.' |
      GAZTAG_GAZETTEER= "$GAZTAG" tag --no-rules | grep -o '"id": "[^"]*"' | tr '\n' ' ')
expect_eq "US states" "$out" '"id": "place:missouri" "id": "place:kansas" "id": "place:new-mexico" "id": "place:montana" "id": "place:north-dakota" '

printf 'Zorglub\tPERSON\n' > "$WORK/z.tsv"
"$GAZTAG" compile -o "$WORK/z.gaz" "$WORK/z.tsv" 2>/dev/null
out=$(printf 'Zorglub et Conakry' | GAZTAG_GAZETTEER="$WORK/z.gaz" "$GAZTAG" tag --no-rules | grep -o '"text": "[^"]*"')
expect_eq "environment override" "$out" '"text": "Zorglub"'

# The default gazetteer verifies.
"$GAZTAG" verify "$DEFAULT_GAZ" > /dev/null
expect_eq "default verifies" "$?" 0

finish
