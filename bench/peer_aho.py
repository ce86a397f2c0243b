#!/usr/bin/python3
"""The pyahocorasick peer: lower-cased automaton, whole words, leftmost-longest.

    peer_aho.py build SOURCE.tsv OUT.aho
    peer_aho.py scan AUTOMATON.aho CORPUS [--dump FILE]

Run it with Debian's /usr/bin/python3 and python3-ahocorasick (1.4.1).

build: the first column of each TSV row ('#' lines and blank lines skipped),
ASCII-lowercased, becomes a key of an Automaton(STORE_LENGTH), saved to OUT.
Prints keys= and build_s= (adding the keys and make_automaton).

scan: loads the automaton (open_s=), reads CORPUS (read_s=), then (scan_s=)
lowercases it (ASCII), finds every whole-word occurrence of a key and keeps
the leftmost-longest ones without overlap, as gaztag does.  Prints matches=;
--dump writes "start<TAB>end" byte offsets.

Bytes are handled as Latin-1 characters, one per byte, so that case folding
(ASCII only, like Hyperscan's) and offsets are the bytes'.  Whole words: a
marker byte (NUL) is put around every run of ASCII letters and digits, in
the keys and in the text, so a key is found only where its letters and
digits are whole words (a key that starts or ends with punctuation is
checked only at its letter-or-digit ends).  The automaton's iter() then
reports whole-word matches only, and they are selected leftmost-longest
here: Debian's 1.4.1 iter_long() misses a shorter key reached through a
failure link (keys 'b', 'c', 'abd' in 'abc' give only 'c'; upstream issue
#133, fixed in 2.x), which would lose real matches.
"""

import re
import sys
import time

import ahocorasick

CHUNK_BYTES = 1 << 20  # the text is marked and scanned a chunk at a time
WORD = re.compile(rb"([a-z0-9]+)")


def marked(data):
    """ASCII-lowercased bytes with NUL around each run of letters/digits
    (a NUL already there becomes 0x01, which separates words as well).
    split() with a group alternates non-words and words, so a NUL at every
    joint is a NUL at every word boundary."""
    return b"\x00".join(WORD.split(data.replace(b"\x00", b"\x01").lower()))


def line_chunks(data):
    """(offset, bytes) pieces of about CHUNK_BYTES, cut after a newline: no
    key holds a newline, so no match crosses a cut."""
    i = 0
    while i < len(data):
        j = data.find(b"\n", i + CHUNK_BYTES)
        j = len(data) if j < 0 else j + 1
        yield i, data[i:j]
        i = j


def source_names(path):
    with open(path, "rb") as f:
        for line in f:
            name = line.split(b"\t", 1)[0].rstrip(b"\r\n")
            if name and not name.startswith(b"#"):
                yield name


def build(tsv, out):
    names = sorted(set(marked(n) for n in source_names(tsv)))
    t0 = time.monotonic()
    automaton = ahocorasick.Automaton(ahocorasick.STORE_LENGTH)
    for key in names:
        automaton.add_word(key.decode("latin-1"))
    automaton.make_automaton()
    t1 = time.monotonic()
    automaton.save(out)  # STORE_LENGTH: no serializer
    print(f"keys={len(names)}\nbuild_s={t1 - t0:.6f}")


def leftmost_longest(automaton, text):
    """(start, end) in `text` (marked) of the selected whole-word matches."""
    found = [(end + 1 - length, end + 1)
             for end, length in automaton.iter(text)]
    found.sort(key=lambda m: (m[0], -m[1]))
    selected, covered = [], -1
    for start, end in found:
        if start >= covered:
            selected.append((start, end))
            covered = end
    return selected


def scan_text(automaton, data):
    """Byte offsets (start, end) in `data` of the selected matches.  Every
    NUL before a position in the marked text was inserted: subtract them."""
    for base, chunk in line_chunks(data):
        text = marked(chunk).decode("latin-1")
        nuls, counted = 0, 0
        for start, end in leftmost_longest(automaton, text):
            nuls += text.count("\x00", counted, start)
            counted = start
            inner = text.count("\x00", start, end)
            yield base + start - nuls, base + end - nuls - inner


def scan(aho_path, corpus, dump):
    t0 = time.monotonic()
    automaton = ahocorasick.load(aho_path, lambda data: None)  # unused
    t1 = time.monotonic()
    with open(corpus, "rb") as f:
        data = f.read()
    t2 = time.monotonic()
    spans = list(scan_text(automaton, data))
    t3 = time.monotonic()
    print(f"bytes={len(data)}\nmatches={len(spans)}\nopen_s={t1 - t0:.6f}\n"
          f"read_s={t2 - t1:.6f}\nscan_s={t3 - t2:.6f}")
    if dump:
        with open(dump, "w") as f:
            for start, end in spans:
                f.write(f"{start}\t{end}\n")


def main(argv):
    if len(argv) == 4 and argv[1] == "build":
        return build(argv[2], argv[3])
    if len(argv) in (4, 6) and argv[1] == "scan":
        dump = argv[5] if len(argv) == 6 and argv[4] == "--dump" else None
        if len(argv) == 6 and not dump:
            return usage()
        return scan(argv[2], argv[3], dump)
    return usage()


def usage():
    sys.stderr.write("usage: peer_aho.py build SOURCE.tsv OUT.aho\n"
                     "       peer_aho.py scan AUTOMATON.aho CORPUS "
                     "[--dump FILE]\n")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
