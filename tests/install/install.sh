# The installed library, as a user sees it: `cmake --install` into a
# temporary prefix, then examples/tag_example.c built against it with
# pkg-config, with a CMake project (find_package(gaztag), shared and static)
# and run on the installed default gazetteer, with exact output; the man
# page rendered without a groff warning (when man is installed).
#   bash install.sh BUILD_DIR SOURCE_DIR CC CMAKE flags:CFLAGS
# CFLAGS are the build's (the sanitizers, whose runtime the example must
# load first when the library is instrumented).
BUILD=$1 SRC=$2 CC=$3 CMAKE=$4 CFLAGS=${5#flags:}
# expect_eq, expect_file, finish and $WORK (removed at exit).
. "$SRC/tests/cli/lib.bash" "$BUILD/gaztag" "$SRC/tests"
PREFIX=$WORK/prefix
EXPECTED=$SRC/tests/install/expected.txt

"$CMAKE" --install "$BUILD" --prefix "$PREFIX" > "$WORK/install.log" 2>&1
expect_eq "cmake --install status" "$?" 0
for f in bin/gaztag include/gaztag.h share/gaztag/default.gaz \
    share/man/man1/gaztag.1; do
  [ -f "$PREFIX/$f" ]
  expect_eq "installed $f" "$?" 0
done
pc=$(find "$PREFIX" -name gaztag.pc)
config=$(find "$PREFIX" -name gaztagConfig.cmake)
libdir=$(dirname "$(dirname "$pc")")
for f in "$pc" "$config" "$libdir/libgaztag.a" "$libdir/libgaztag.so" \
    "$libdir/libgaztag.so.0"; do
  [ -n "$f" ] && [ -e "$f" ]
  expect_eq "installed ${f#"$PREFIX"/}" "$?" 0
done
expect_eq "installed program" "$("$PREFIX/bin/gaztag" version)" "gaztag 0.1.0"

# pkg-config: the prefix comes from the .pc file's directory.
export PKG_CONFIG_PATH=$(dirname "$pc")
expect_eq "pkg-config version" "$(pkg-config --modversion gaztag)" "0.1.0"
gaz=$(pkg-config --variable=default_gazetteer gaztag)
[ "$(cd "$(dirname "$gaz")" && pwd)" = "$PREFIX/share/gaztag" ]
expect_eq "pkg-config default_gazetteer ($gaz)" "$?" 0
# The rules data, where pkg-config says, used by the installed program.
rules=$(pkg-config --variable=rules_dir gaztag)
[ "$(cd "$rules" && pwd)" = "$PREFIX/share/gaztag/rules" ] &&
  [ -f "$rules/cues.tsv" ] && [ -f "$rules/not-names.txt" ] &&
  [ -f "$rules/first-names-fr.txt" ]
expect_eq "pkg-config rules_dir ($rules) and its files" "$?" 0
expect_eq "installed program with the installed rules" \
  "$(echo 'Hier, Moussa Kourouma est venu.' |
     "$PREFIX/bin/gaztag" tag --rules "$rules" -g "$gaz" -)" \
  '{"doc": "-", "spans": [{"start": 6, "end": 21, "cstart": 6, "cend": 21, "ustart": 6, "uend": 21, "text": "Moussa Kourouma", "label": "PERSON", "source": "rule", "rule": "first-name"}]}'
# The installed program finds its default gazetteer and rules from its own
# directory: the tree still works once moved elsewhere (no -g, no --rules;
# the configured data directory, $CMAKE_INSTALL_PREFIX's, is not $PREFIX).
cp -a "$PREFIX" "$WORK/moved"
expect_eq "moved tree: default gazetteer and rules" \
  "$(echo 'Hier, Moussa Kourouma est venu à Conakry.' |
     env -u GAZTAG_GAZETTEER -u GAZTAG_RULES "$WORK/moved/bin/gaztag" tag --format tsv - 2>&1)" \
  "$(printf 'doc\tstart\tend\tlabel\tid\ttext\tsource\trule\n-\t6\t21\tPERSON\t\tMoussa Kourouma\trule\tfirst-name\n-\t34\t41\tPLACE\tplace:conakry\tConakry\tgazetteer\t')"
# Without its data the moved program names the file it looked for last.
rm -r "$WORK/moved/share/gaztag"
env -u GAZTAG_GAZETTEER "$WORK/moved/bin/gaztag" tag - < /dev/null > /dev/null 2> "$WORK/moved.err"
expect_eq "moved tree without data: status" "$?" 1
grep -q 'default.gaz' "$WORK/moved.err"
expect_eq "moved tree without data: message ($(cat "$WORK/moved.err"))" "$?" 0
# shellcheck disable=SC2086,SC2046 # flags are lists of words
"$CC" -std=c11 -Wall -Wextra -Werror $CFLAGS "$SRC/examples/tag_example.c" \
  $(pkg-config --cflags --libs gaztag) -o "$WORK/example-pc" 2> "$WORK/cc.log"
expect_eq "cc with pkg-config" "$?$(cat "$WORK/cc.log")" 0
LD_LIBRARY_PATH=$libdir "$WORK/example-pc" "$gaz" > "$WORK/out-pc.txt"
expect_eq "pkg-config example status" "$?" 0
expect_file "pkg-config example output" "$WORK/out-pc.txt" "$EXPECTED"

# CMake: find_package(gaztag) with CMAKE_PREFIX_PATH, shared then static.
for kind in shared static; do
  static=OFF; [ "$kind" = static ] && static=ON
  "$CMAKE" -S "$SRC/examples" -B "$WORK/cmake-$kind" -DCMAKE_PREFIX_PATH="$PREFIX" \
    -DCMAKE_C_COMPILER="$CC" -DCMAKE_C_FLAGS="$CFLAGS" \
    -DGAZTAG_EXAMPLE_STATIC=$static > "$WORK/cmake-$kind.log" 2>&1 &&
    "$CMAKE" --build "$WORK/cmake-$kind" >> "$WORK/cmake-$kind.log" 2>&1
  status=$?
  [ $status -eq 0 ] || cat "$WORK/cmake-$kind.log"
  expect_eq "find_package example ($kind) builds" "$status" 0
  grep -q "default gazetteer $PREFIX/share/gaztag/default.gaz" "$WORK/cmake-$kind.log"
  expect_eq "GAZTAG_DEFAULT_GAZETTEER ($kind)" "$?" 0
  LD_LIBRARY_PATH=$libdir "$WORK/cmake-$kind/tag_example" \
    "$PREFIX/share/gaztag/default.gaz" > "$WORK/out-$kind.txt"
  expect_eq "find_package example ($kind) status" "$?" 0
  expect_file "find_package example ($kind) output" "$WORK/out-$kind.txt" "$EXPECTED"
done
# The static one must not need libgaztag.so.
readelf -d "$WORK/cmake-static/tag_example" 2>/dev/null | grep -q 'libgaztag\.so'
expect_eq "static example has no libgaztag.so" "$?" 1

# The man page renders without warnings (groff's go to standard error).
if command -v man > /dev/null; then
  man --warnings -l "$PREFIX/share/man/man1/gaztag.1" > "$WORK/man.txt" 2> "$WORK/man.err"
  expect_eq "man status" "$?" 0
  expect_eq "man warnings" "$(cat "$WORK/man.err")" ""
  for cmd in compile tag check import lookup explain stats diff verify; do
    grep -q "^   gaztag $cmd" "$WORK/man.txt"
    expect_eq "man page documents $cmd" "$?" 0
  done
else
  echo "man is not installed: the man page was not rendered"
fi
finish
