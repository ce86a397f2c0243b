#!/usr/bin/env python3
"""Compare gaztag's matches with the peers' (standard library only).

    compare.py agree CORPUS GAZTAG_LINES.jsonl [NAME=DUMP ...]
        The agreement check: gaztag's spans (`gaztag tag --lines` output,
        offsets made absolute) against each peer's dump ("start<TAB>end"
        byte offsets).  Prints the counts and "agree", or the first spans
        that only one side has, in context.  Exits 1 when they differ.

    compare.py unicode GAZTAG.json GAZ.tsv GAZ_KEY
        What Unicode folding finds that an ASCII-caseless literal matcher
        cannot: the spans of `gaztag tag` output (one document) whose text
        is not a gazetteer name up to ASCII case, and the most frequent of
        them with the gazetteer rows they were matched through (same key,
        computed by the GAZ_KEY program, bench/gaz_key).
"""

import collections
import json
import subprocess
import sys

EXAMPLES = 5


# -------------------------------------------------------------- agreement

def line_starts(data):
    starts, i = [0], data.find(b"\n")
    while i >= 0:
        starts.append(i + 1)
        i = data.find(b"\n", i + 1)
    return starts


def gaztag_spans(jsonl_path, starts):
    spans = set()
    with open(jsonl_path, encoding="utf-8") as f:
        for line in f:
            doc = json.loads(line)
            base = starts[doc["line"] - 1]
            spans.update((base + s["start"], base + s["end"])
                         for s in doc["spans"])
    return spans


def dump_spans(path):
    with open(path) as f:
        return {tuple(map(int, line.split("\t"))) for line in f}


def context(data, start, end):
    left = data[max(0, start - 30):start].decode("utf-8", "replace")
    middle = data[start:end].decode("utf-8", "replace")
    right = data[end:end + 30].decode("utf-8", "replace")
    return f"...{left}[{middle}]{right}...".replace("\n", " ")


def cmd_agree(corpus, jsonl, dumps):
    with open(corpus, "rb") as f:
        data = f.read()
    ours = gaztag_spans(jsonl, line_starts(data))
    counts = [f"gaztag {len(ours)}"]
    differing = []
    for item in dumps:
        name, path = item.split("=", 1)
        theirs = dump_spans(path)
        counts.append(f"{name} {len(theirs)}")
        if theirs != ours:
            differing.append((name, sorted(ours - theirs),
                              sorted(theirs - ours)))
    print("matches: " + ", ".join(counts))
    if not differing:
        print("agree" if dumps else "no peer to compare with")
        return 0
    for name, only_ours, only_theirs in differing:
        print(f"differ from {name}: {len(only_ours)} spans only gaztag has, "
              f"{len(only_theirs)} only {name} has")
        for who, spans in (("gaztag", only_ours), (name, only_theirs)):
            for start, end in spans[:EXAMPLES]:
                print(f"  only {who} at {start}: {context(data, start, end)}")
    return 1


# ---------------------------------------------------------------- unicode

def ascii_lower(text):
    return text.encode("utf-8").lower()


def gazetteer_names(path):
    names = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            name = line.rstrip("\r\n").split("\t", 1)[0]
            if name and not line.startswith("#"):
                names.append(name)
    return names


def keys_of(texts, gaz_key):
    """gaztag's key of each text (none holds a newline)."""
    out = subprocess.run([gaz_key], input="\n".join(texts) + "\n",
                         capture_output=True, text=True, check=True).stdout
    return out.split("\n")[:len(texts)]


def print_examples(title, counter, rows_by_key, gaz_key, limit):
    texts = [t for t, _ in counter.most_common(limit)]
    if not texts:
        return
    print(title)
    for text, key in zip(texts, keys_of(texts, gaz_key)):
        rows = sorted(set(rows_by_key.get(key, [])))
        shown = ", ".join(rows[:3]) + (", ..." if len(rows) > 3 else "")
        print(f"  {counter[text]:7d} x {text!r:<24} <- {shown}")


def cmd_unicode(json_path, gaz_path, gaz_key):
    with open(json_path, encoding="utf-8") as f:
        spans = [s for line in f for s in json.loads(line)["spans"]]
    names = gazetteer_names(gaz_path)
    literal = {ascii_lower(n) for n in names}
    rows_by_key = collections.defaultdict(list)
    for name, key in zip(names, keys_of(names, gaz_key)):
        rows_by_key[key].append(name)
    folded = [s["text"] for s in spans if ascii_lower(s["text"]) not in literal]
    non_ascii = [t for t in folded if not t.isascii()]
    casefolded = {n.casefold() for n in names}
    by_case = collections.Counter(t for t in non_ascii
                                  if t.casefold() in casefolded)
    capital = collections.Counter(t for t in non_ascii if t[:1].isupper()
                                  and t not in by_case)
    lower = collections.Counter(t for t in non_ascii if not t[:1].isupper()
                                and t not in by_case)
    ascii_only = collections.Counter(t for t in folded if t.isascii())
    print(f"{len(spans)} spans; {len(folded)} of them are no gazetteer name "
          f"up to ASCII case (an ASCII-caseless literal matcher cannot find "
          f"them); {len(non_ascii)} of these have non-ASCII text")
    print_examples(f"{sum(by_case.values())} differ from a row only in "
                   "case beyond ASCII (count x text <- gazetteer rows of the "
                   "same key):", by_case, rows_by_key, gaz_key, 5)
    print_examples("non-ASCII text, capitalised, other folding (accents, "
                   "NFKC):", capital, rows_by_key, gaz_key, 8)
    print_examples("non-ASCII text, lower case:", lower, rows_by_key,
                   gaz_key, 4)
    print_examples("ASCII text, through the rows' folding (accents removed):",
                   ascii_only, rows_by_key, gaz_key, 4)
    return 0


def main(argv):
    if len(argv) >= 4 and argv[1] == "agree":
        return cmd_agree(argv[2], argv[3], argv[4:])
    if len(argv) == 5 and argv[1] == "unicode":
        return cmd_unicode(argv[2], argv[3], argv[4])
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
