# Nothing lost: a compile killed at any moment (SIGKILL) or out of disk
# space leaves the previous output file whole and no partial file under its
# name, and gaztag tag stops quietly when the reader of its output goes
# away (gaztag tag ... | head).
#
# A compile killed while it writes leaves its temporary file,
# OUT.tmp.PID.N, beside the output (nothing can remove it after SIGKILL):
# the trials count them, and a later compile is checked to be unaffected.
# The kill trials take 20 compiles of a 200,000-row source (under 20 s
# with AddressSanitizer); their delays come from a fixed seed, spread over
# the time a whole compile takes here, so some trials hit the parse, some
# the write of the temporary file, some land after the rename.
. "$(dirname "$0")/lib.bash"

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
# files_in DIR: the names in DIR, one a line, sorted
files_in() { (cd "$1" && LC_ALL=C ls -A); }

# ------------------------------------------------------------ kill trials
K=$WORK/kill
mkdir "$K"
printf 'Kiev\tPLACE\tplace:kyiv\n' > "$WORK/old.tsv"
awk 'BEGIN { for (i = 0; i < 200000; i++)
  printf "Name%d Xq%d\tPLACE\tplace:%d\tCanon %d\n", i, i * 7, i, i }' > "$WORK/big.tsv"
"$GAZTAG" compile --quiet -o "$WORK/old.gaz" "$WORK/old.tsv" 2>/dev/null
expect_eq "old compile" "$?" 0
t0=$(now_ms)
"$GAZTAG" compile --quiet -o "$WORK/new.gaz" "$WORK/big.tsv" 2>/dev/null
expect_eq "new compile" "$?" 0
span=$(( ($(now_ms) - t0) * 11 / 10 + 1 )) # ms: a whole compile, and 10%

RANDOM=20261126
kept=0 replaced=0 finished=0 leftovers=0
kill_trial() { # kill_trial NAME DELAY_MS|tmp
  cp "$WORK/old.gaz" "$K/out.gaz"
  local before=$(files_in "$K" | grep -c '^out\.gaz\.tmp\.')
  "$GAZTAG" compile --quiet -o "$K/out.gaz" "$WORK/big.tsv" 2>/dev/null &
  local pid=$!
  if [ "$2" = tmp ]; then # as soon as the temporary file exists
    while kill -0 "$pid" 2>/dev/null &&
        [ "$(files_in "$K" | grep -c '^out\.gaz\.tmp\.')" -eq "$before" ]; do :; done
  else
    sleep "$(printf '%d.%03d' $(($2 / 1000)) $(($2 % 1000)))"
  fi
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  local st=$? outcome
  [ "$st" -eq 0 ] && finished=$((finished + 1))
  if cmp -s "$K/out.gaz" "$WORK/old.gaz"; then
    kept=$((kept + 1)) outcome="old file"
  elif cmp -s "$K/out.gaz" "$WORK/new.gaz"; then
    replaced=$((replaced + 1)) outcome="new file"
  else
    outcome="PARTIAL FILE"
    expect_eq "$1: out.gaz is the old or the new file" "partial ($st)" "whole"
  fi
  # Nothing but the output and temporaries.
  expect_eq "$1: other files" "$(files_in "$K" | grep -v -e '^out\.gaz$' -e '^out\.gaz\.tmp\.[0-9]*\.[0-9]*$')" ""
  local after=$(files_in "$K" | grep -c '^out\.gaz\.tmp\.')
  leftovers=$((leftovers + after - before))
  local when="after $2 ms"
  [ "$2" = tmp ] && when="once its temporary file existed"
  echo "$1, $when: status $st, $outcome, $((after - before)) temporary file left"
}
for ((trial = 1; trial <= 20; trial++)); do
  kill_trial "kill $trial" $(( (RANDOM * 32768 + RANDOM) % span ))
done
# Three more killed while the temporary file is being written.
for trial in 1 2 3; do
  kill_trial "kill in write $trial" tmp
done
echo "kill trials: 23 (20 after 0-$span ms, 3 in the write): $kept kept the old file, $replaced had the new one ($finished had finished), $leftovers left a temporary file"
expect_eq "every trial whole" "$((kept + replaced))" 23

# The temporaries are never read: a later compile writes its own and
# renames it, the leftovers stay as they are.
temps_before=$(files_in "$K" | grep '^out\.gaz\.tmp\.')
"$GAZTAG" compile --quiet -o "$K/out.gaz" "$WORK/big.tsv" 2>/dev/null
expect_eq "compile after kills" "$?" 0
expect_eq "compile after kills: new file" "$(cmp "$K/out.gaz" "$WORK/new.gaz" && echo same)" same
expect_eq "compile after kills: leftovers untouched" "$(files_in "$K" | grep '^out\.gaz\.tmp\.')" "$temps_before"
"$GAZTAG" verify "$K/out.gaz" > /dev/null
expect_eq "compile after kills: verify" "$?" 0
rm -rf "$K"

# ------------------------------------------------------------- disk full
# About 270 KB of output, 2,000 rows.
head -2000 "$WORK/big.tsv" > "$WORK/mid.tsv"

# disk_full NAME DIR ERROR [ULIMIT_KB]: a compile into DIR, whose previous
# out.gaz is old.gaz, fails with ERROR and leaves only out.gaz, unchanged.
disk_full() {
  cp "$WORK/old.gaz" "$2/out.gaz"
  if [ $# -gt 3 ]; then
    (ulimit -f "$4" && exec "$GAZTAG" compile --quiet -o "$2/out.gaz" "$WORK/mid.tsv") 2> "$WORK/err"
  else
    "$GAZTAG" compile --quiet -o "$2/out.gaz" "$WORK/mid.tsv" 2> "$WORK/err"
  fi
  expect_eq "$1 status" "$?" 1
  expect_eq "$1 message" "$(cat "$WORK/err")" "gaztag: cannot write '$2/out.gaz': $3"
  expect_eq "$1 old file kept" "$(cmp "$2/out.gaz" "$WORK/old.gaz" && echo same)" same
  expect_eq "$1 no other file" "$(files_in "$2")" out.gaz
}

# A full file system: a 64 KiB tmpfs, when we may mount one (root).
mkdir "$WORK/full"
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=64k gaztag-test "$WORK/full" 2>/dev/null; then
  trap 'umount "$WORK/full"; rm -rf "$WORK"' EXIT
  disk_full "tmpfs full" "$WORK/full" "No space left on device"
  umount "$WORK/full"
  trap 'rm -rf "$WORK"' EXIT
else
  echo "SKIP tmpfs full: cannot mount a tmpfs (not root, or no privilege)"
fi
# The file size limit (RLIMIT_FSIZE): the compiler ignores SIGXFSZ and
# reports the write's EFBIG.
mkdir "$WORK/limit"
disk_full "ulimit -f" "$WORK/limit" "File too large" 64

# ------------------------------------------------------------ closed pipe
# Far more output than a pipe holds: the reader is gone before the end.
"$GAZTAG" compile --quiet -o "$WORK/fx.gaz" "$TESTS/data/fixture.tsv" 2>/dev/null
for ((i = 0; i < 1000; i++)); do cat "$TESTS/data/article_fr.txt"; done > "$WORK/big.txt"
for ((i = 0; i < 12; i++)); do cat "$WORK/big.txt"; done > "$WORK/huge.txt" # over 4 MiB: streamed
# closed_pipe NAME STATUS default|ignored -- ARGS: gaztag tag ARGS | head
# -c 10 with SIGPIPE's default action or ignored (whatever this script
# inherited): gaztag's status, its standard error (empty), the 10 bytes.
closed_pipe() {
  local name=$1 want=$2 sig=$3
  shift 4
  local st
  st=$(env --"$sig"-signal=PIPE "$GAZTAG" tag --no-rules -g "$WORK/fx.gaz" "$@" 2> "$WORK/err" |
         head -c 10 > "$WORK/head"
       echo "${PIPESTATUS[0]}")
  expect_eq "$name: status" "$st" "$want"
  expect_eq "$name: quiet" "$(cat "$WORK/err")" ""
  expect_eq "$name: head" "$(wc -c < "$WORK/head")" 10
}
for sig in default ignore; do
  # Killed by SIGPIPE, as cat or grep (128 + 13); with SIGPIPE ignored,
  # the write's EPIPE ends the run with status 1, without a message.
  want=141
  [ $sig = ignore ] && want=1
  closed_pipe "pipe document, SIGPIPE $sig" $want $sig -- "$WORK/big.txt"
  closed_pipe "pipe streamed document, SIGPIPE $sig" $want $sig -- "$WORK/huge.txt"
  closed_pipe "pipe streamed tsv, SIGPIPE $sig" $want $sig -- --format tsv "$WORK/huge.txt"
  closed_pipe "pipe --lines, SIGPIPE $sig" $want $sig -- -j1 --lines "$WORK/big.txt"
  closed_pipe "pipe -j2 --lines, SIGPIPE $sig" $want $sig -- -j2 --lines "$WORK/big.txt"
  closed_pipe "pipe -j2 documents, SIGPIPE $sig" $want $sig -- -j2 "$WORK/big.txt" "$WORK/big.txt" "$WORK/big.txt"
done

finish
