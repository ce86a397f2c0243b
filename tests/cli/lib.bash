# Shared by the CLI test scripts: run as  bash SCRIPT GAZTAG TESTS_DIR DEFAULT_GAZ
set -u
GAZTAG=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
TESTS=$2
DEFAULT_GAZ=${3:-}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
failures=0
checks=0

# expect_eq NAME ACTUAL EXPECTED
expect_eq() {
  checks=$((checks + 1))
  if [ "$2" != "$3" ]; then
    failures=$((failures + 1))
    printf 'FAIL %s\n--- expected\n%s\n--- actual\n%s\n' "$1" "$3" "$2"
  fi
}

# expect_file NAME ACTUAL_FILE EXPECTED_FILE
expect_file() {
  checks=$((checks + 1))
  if ! diff -u "$3" "$2"; then
    failures=$((failures + 1))
    echo "FAIL $1"
  fi
}

finish() {
  echo "$((checks - failures)) passed, $failures failed"
  [ "$failures" -eq 0 ]
}
