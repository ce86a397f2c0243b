#!/usr/bin/env bash
# The CLI tests with gaztag under valgrind memcheck: tests/cli/*.sh run with
# a wrapper as their GAZTAG, which runs the build's gaztag under
#   valgrind --error-exitcode=99 --leak-check=full
# For a build without AddressSanitizer (valgrind and ASan do not mix), e.g.
# Release:
#
#   tests/valgrind.sh BUILD_DIR [SCRIPT.sh...]   (default: every script but
#                                                 the ones listed below)
#
# Each gaztag process writes its report to its own log file, so the tests'
# exact standard error is unchanged; a script fails if it fails (status 99
# is no status a test expects) or if any of its processes logged an error
# or a leak, even one whose status or output the script does not look at.
#
# Left out by default: nothing_lost.sh, whose kills, file size limits and
# signal statuses are about the process, not its memory, and whose 20 big
# compiles would take minutes under valgrind (compile.sh and tag.sh run the
# same code on small inputs).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:?usage: tests/valgrind.sh BUILD_DIR [SCRIPT.sh...]}" && pwd)
shift
command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; exit 1; }
[ -x "$build/gaztag" ] || { echo "$build/gaztag: no such program" >&2; exit 1; }
if grep -q 'GAZTAG_SANITIZE:BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null; then
  echo "$build is built with sanitizers: valgrind needs a build without" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/bin" "$work/logs"
# The wrapper keeps the name gaztag; gaztag finds gaztag-default.gaz beside
# the real program through /proc/self/exe, which valgrind reports as it.
cat > "$work/bin/gaztag" <<EOF
#!/bin/sh
exec valgrind -q --error-exitcode=99 --leak-check=full \\
  --log-file="$work/logs/vg.%p.log" "$build/gaztag" "\$@"
EOF
chmod +x "$work/bin/gaztag"

if [ $# -eq 0 ]; then
  for s in "$here"/cli/*.sh; do
    case $(basename "$s") in nothing_lost.sh) continue ;; esac
    set -- "$@" "$s"
  done
fi

failed=0
for s in "$@"; do
  name=$(basename "$s" .sh)
  rm -f "$work/logs"/*
  start=$SECONDS
  bash "$s" "$work/bin/gaztag" "$here" "$build/gaztag-default.gaz" > "$work/out" 2>&1
  st=$?
  bad=$(find "$work/logs" -type f -size +0 | sort)
  runs=$(find "$work/logs" -type f | wc -l)
  if [ "$st" -eq 77 ]; then
    echo "SKIP $name ($(tail -1 "$work/out"))"
  elif [ "$st" -ne 0 ] || [ -n "$bad" ]; then
    failed=$((failed + 1))
    echo "FAIL $name: status $st, $(echo "$bad" | grep -c .) of $runs processes reported"
    tail -30 "$work/out"
    for f in $bad; do echo "--- $f"; cat "$f"; done
  else
    echo "ok   $name: $runs processes clean, $((SECONDS - start)) s"
  fi
done
[ "$failed" -eq 0 ]
