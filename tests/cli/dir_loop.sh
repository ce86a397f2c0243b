# gaztag tag DIR follows symbolic links, but not one back to a directory
# being walked: each file is read once, the loop is named in a warning, and
# the walk ends (two such links used to make it run for ever).
. "$(dirname "$0")/lib.bash"

printf 'Kiev\tPLACE\n' > "$WORK/k.tsv"
"$GAZTAG" compile --quiet -o "$WORK/k.gaz" "$WORK/k.tsv" 2>/dev/null
mkdir -p "$WORK/docs/sub"
printf 'Kiev\n' > "$WORK/docs/a.txt"
printf 'Kiev\n' > "$WORK/docs/sub/b.txt"
ln -s .. "$WORK/docs/sub/up"
ln -s . "$WORK/docs/self"
ln -s sub/b.txt "$WORK/docs/link.txt"
cd "$WORK"
timeout 60 "$GAZTAG" tag --no-rules -g k.gaz docs > out.jsonl 2> err
expect_eq "status" "$?" 0
expect_eq "each file once" "$(grep -o '"doc": "[^"]*"' out.jsonl)" '"doc": "docs/a.txt"
"doc": "docs/link.txt"
"doc": "docs/sub/b.txt"'
expect_eq "warnings" "$(cat err)" "gaztag: warning: docs/self: a loop of symbolic links, not followed
gaztag: warning: docs/sub/up: a loop of symbolic links, not followed"

finish
