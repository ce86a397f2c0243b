#!/usr/bin/env python3
"""Precision of a gazetteer on ordinary prose (issue 4, item 8).

    bench/quality.py [--gaztag BIN] [--gaz FILE.gaz] [--common FILE]...
                     [--pages N] [--out DIR]

Renders French and English manual pages installed from Debian packages
(man-db's `man -l`, in sorted path order, at most N pages a language) to
plain text, tags each language's text with `gaztag tag` and prints, per
language: words, spans, spans per 10,000 words, and the 50 most frequent
matched strings with their count, label and whether the string is a common
word (case-folded, in the --common lists).  Manual pages name few entities,
so every span is a candidate false positive: the figures measure how often
ordinary words fire.  The last line says how many of the top 50 strings are
common words (the target is none).  Standard library only; deterministic
for the same installed pages.
"""

import argparse
import collections
import glob
import json
import os
import re
import subprocess
import sys

WORD = re.compile(r"\w+", re.UNICODE)
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def pages(pattern, limit):
    return sorted(glob.glob(pattern))[:limit]


def render(path):
    env = dict(os.environ, MANWIDTH="80", LANG="C.UTF-8", MAN_KEEP_FORMATTING="")
    try:
        out = subprocess.run(["man", "-E", "UTF-8", "-l", path], env=env,
                             capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    text = out.stdout.decode("utf-8", "replace")
    return re.sub(r".\x08", "", text)  # overstrike bold and underline


def corpus(lang, limit, out_dir):
    if lang == "fr":
        paths = pages("/usr/share/man/fr/man[1-8]/*", limit)
    else:
        paths = pages("/usr/share/man/man[1-8]/*", limit)
    text = "\n".join(render(p) for p in paths)
    path = os.path.join(out_dir, "prose_%s.txt" % lang)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path, len(paths), len(WORD.findall(text))


def load_common(paths):
    words = set()
    for p in paths:
        with open(p, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if line and not line.startswith("#"):
                    words.add(line.casefold())
    return words


def tag(gaztag, gaz, path):
    # (the gazetteer alone: the rules layer, on by default, is measured by
    # tests/test_eval)
    cmd = [gaztag, "tag", "--no-rules"] + (["-g", gaz] if gaz else []) + [path]
    out = subprocess.run(cmd, capture_output=True, check=True)
    return json.loads(out.stdout)["spans"]


def report(lang, n_pages, words, spans, common):
    per_10k = 10000.0 * len(spans) / words if words else 0.0
    print("%s: %d pages, %d words, %d spans, %.2f spans per 10,000 words"
          % (lang, n_pages, words, len(spans), per_10k))
    counts = collections.Counter((s["text"], s["label"]) for s in spans)
    bad = 0
    for rank, ((text, label), n) in enumerate(counts.most_common(50), 1):
        is_common = text.casefold() in common
        bad += is_common
        print("  %2d. %6d  %-32s %-8s%s" % (rank, n, text, label,
                                            "  COMMON WORD" if is_common else ""))
    return bad


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gaztag", default=os.path.join(ROOT, "build-bench", "gaztag"))
    ap.add_argument("--gaz", default=None, help="default: gaztag's default")
    ap.add_argument("--common", action="append", default=None)
    ap.add_argument("--pages", type=int, default=400)
    ap.add_argument("--out", default=os.path.join(ROOT, "build-bench", "quality"))
    a = ap.parse_args()
    common_files = a.common or sorted(glob.glob(os.path.join(ROOT, "gazetteers",
                                                             "common", "*.txt")))
    common = load_common(common_files)
    os.makedirs(a.out, exist_ok=True)
    bad = 0
    for lang in ("fr", "en"):
        path, n_pages, words = corpus(lang, a.pages, a.out)
        if words == 0:
            print("%s: no manual pages found (install manpages%s)"
                  % (lang, "-fr" if lang == "fr" else ""))
            continue
        bad += report(lang, n_pages, words, tag(a.gaztag, a.gaz, path), common)
    print("common words among the top-50 strings: %d (target 0)" % bad)
    return 0


if __name__ == "__main__":
    sys.exit(main())
