#!/usr/bin/env python3
"""Deterministic workloads for bench/run (standard library only).

    workload.py debian OUTDIR        corpus.txt (>= 50 MB) and gaz.tsv
                                     (100,000 names) from Debian packages
    workload.py million GAZ.tsv OUT  a 1,000,000-entry gazetteer
    workload.py agreement CORPUS GAZ.tsv OUTDIR
                                     agree_corpus.txt and agree_gaz.tsv
    workload.py slice CORPUS BYTES OUT
                                     the first BYTES of CORPUS, cut after
                                     the last newline within them
    workload.py documents CORPUS OUT [BYTES]
                                     CORPUS as JSON Lines documents
                                     {"text": ...}: its paragraphs (cut at
                                     blank lines) in order, each record the
                                     next ones up to BYTES (5,000) or more
    workload.py triggers GAZ.tsv RULES_DIR OUT
                                     GAZ.tsv plus the words the rules start
                                     from, as entries of label TRG: given
                                     names, head and suffix cues, the last
                                     two words of before and lead cues (what
                                     the matcher would report if the rules
                                     were driven by its scan; bench/README.md)

Nothing here draws random numbers: inputs are read in sorted order and
picked by fixed arithmetic strides, so the same inputs give the same bytes.
"""

import gzip
import hashlib
import json
import math
import os
import re
import subprocess
import sys

MB = 1000 * 1000
DEBIAN_MIN_BYTES = 50 * MB
DEBIAN_MAX_BYTES = 64 * MB
DEBIAN_NAMES = 100_000
MILLION = 1_000_000
MAX_MAN_PAGES = 2000

DOC_NAME = re.compile(r"^(readme|news|changelog|changes|copyright|authors|"
                      r"todo|faq|thanks|history)|\.(txt|md|rst)$", re.I)
PLACE_WORDS = ["Lake", "Mount", "Port", "Saint", "San", "Fort", "New", "Val",
               "Bay", "Cape", "Glen", "Isle", "Mont", "Pointe", "Rio", "Sainte"]


# ------------------------------------------------------------------ helpers

def stride_pick(items, k):
    """The k-th item of a fixed walk that visits each item once per
    len(items) steps."""
    return items[walk(k, len(items))]


def walk(k, span):
    """A fixed permutation of range(span): k times a multiplier prime to
    span, plus an offset, modulo span."""
    mult = 7_919
    while math.gcd(mult, span) != 1:
        mult += 2
    return (k * mult + 12_345) % span


def digits(k, base, width):
    """`width` digits of k in `base`, least significant first."""
    out = []
    for _ in range(width):
        out.append(k % base)
        k //= base
    return out


def write_lines(path, lines):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for line in lines:
            f.write(line + "\n")


# ------------------------------------------------------- debian: the text

def doc_files():
    """Regular text files of /usr/share/common-licenses and /usr/share/doc,
    sorted by path, each real file once."""
    seen = set()
    roots = ["/usr/share/common-licenses", "/usr/share/doc"]
    for root in roots:
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                base = name[:-3] if name.endswith(".gz") else name
                if root.endswith("doc") and not DOC_NAME.search(base):
                    continue
                real = os.path.realpath(path)
                if real not in seen and os.path.isfile(real):
                    seen.add(real)
                    yield path


def read_text(path):
    """The file's text if it is valid UTF-8 without NUL, else None."""
    try:
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rb") as f:
            data = f.read()
        if b"\x00" in data:
            return None
        data.decode("utf-8")
        return data
    except (OSError, UnicodeDecodeError, EOFError):
        return None


def man_pages():
    """Man pages of sections 1, 5 and 8 rendered as plain text, 80 columns,
    sorted by path (English pages only: /usr/share/man/manN)."""
    env = dict(os.environ, MANWIDTH="80", LC_ALL="C.UTF-8", MANPAGER="cat",
               PAGER="cat")
    paths = []
    for section in ("man1", "man5", "man8"):
        folder = os.path.join("/usr/share/man", section)
        if os.path.isdir(folder):
            paths += [os.path.join(folder, n)
                      for n in sorted(os.listdir(folder))]
    for path in paths[:MAX_MAN_PAGES]:
        try:
            out = subprocess.run(["man", "-P", "cat", "-l", path], env=env,
                                 capture_output=True, timeout=20).stdout
        except (OSError, subprocess.TimeoutExpired):
            return
        try:
            out.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if out:
            yield path, out


def debian_documents():
    """The documentation first, then rendered man pages (rendered only if
    the documentation is not enough)."""
    for path in doc_files():
        text = read_text(path)
        if text:
            yield text
    for _, text in man_pages():
        yield text


def debian_corpus(out_path):
    """Distinct documents, in order, up to DEBIAN_MAX_BYTES; if they are
    fewer than DEBIAN_MIN_BYTES, the whole is repeated up to that size."""
    parts, total, hashes = [], 0, set()
    for text in debian_documents():
        digest = hashlib.sha256(text).digest()
        if digest in hashes:
            continue
        hashes.add(digest)
        parts.append(text if text.endswith(b"\n") else text + b"\n")
        total += len(parts[-1])
        if total >= DEBIAN_MAX_BYTES:
            break
    corpus = b"".join(parts)
    if not corpus:
        sys.exit("workload.py: no text found under /usr/share")
    copies = -(-DEBIAN_MIN_BYTES // len(corpus))
    with open(out_path, "wb") as f:
        f.write(corpus * copies)
    return len(parts), len(corpus) * copies, copies


# ------------------------------------------------------ debian: the names

def dict_words(path):
    try:
        with open(path, encoding="utf-8") as f:
            return sorted({w.strip() for w in f if w.strip()})
    except OSError:
        return []


def proper_nouns(corpus_path):
    """Capitalised words of three letters or more (no apostrophe, no
    acronym) from wamerican; if it is not installed, the capitalised words
    of the corpus, sorted."""
    words = [w for w in dict_words("/usr/share/dict/american-english")
             if len(w) > 2 and w.isalpha() and w[0].isupper()
             and w[1:].islower()]
    if words:
        return words
    found = set()
    with open(corpus_path, encoding="utf-8") as f:
        for line in f:
            found.update(re.findall(r"\b[A-Z][a-z]{2,}\b", line))
    return sorted(found)


def french_words():
    """wfrench's words of letters and hyphens, capitalised (place-like)."""
    words = dict_words("/usr/share/dict/french")
    return [w[0].upper() + w[1:] for w in words
            if len(w) > 3 and w.replace("-", "").isalpha()]


def debian_names(corpus_path):
    """DEBIAN_NAMES rows: every proper noun (NAME), places "Mount Word" from
    French words or the proper nouns (LOC), then "First Last" pairs (PER)."""
    nouns = proper_nouns(corpus_path)
    french = french_words() or nouns
    rows = [f"{w}\tNAME" for w in nouns][:DEBIAN_NAMES // 2]
    places = (DEBIAN_NAMES - len(rows)) // 2
    for k in range(places):
        place = stride_pick(french, k)
        word = PLACE_WORDS[k % len(PLACE_WORDS)]
        rows.append(f"{word} {place}\tLOC")
    n = len(nouns)
    for k in range(DEBIAN_NAMES - len(rows)):
        first, last = digits(walk(k, n * n), n, 2)
        rows.append(f"{nouns[first]} {nouns[last]}\tPER")
    return rows


def cmd_debian(outdir):
    os.makedirs(outdir, exist_ok=True)
    corpus = os.path.join(outdir, "corpus.txt")
    files, size, copies = debian_corpus(corpus)
    rows = debian_names(corpus)
    write_lines(os.path.join(outdir, "gaz.tsv"), ["# name\tlabel"] + rows)
    print(f"corpus: {files} documents, {size} bytes"
          + (f" ({copies} copies)" if copies > 1 else ""))
    print(f"gazetteer: {len(rows)} names")


# ---------------------------------------------------------------- million

def name_tokens(gaz_path):
    """Distinct ASCII words of letters in the names of a source, lowercased
    then capitalised and sorted: the vocabulary of the synthetic names.
    ASCII and distinct in lower case, so that no two names get one key."""
    tokens = set()
    with open(gaz_path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("#"):
                continue
            for token in line.split("\t", 1)[0].split():
                if token.isascii() and token.isalpha():
                    tokens.add(token.lower())
    return sorted(t[0].upper() + t[1:] for t in tokens)


def cmd_million(gaz_path, out_path, count=MILLION):
    """COUNT (default a million) distinct names: the k-th is k's digits in
    base n (n = the vocabulary size), each digit picking a word; the first
    half "First Last" (PER), the second a place word and a name (LOC)."""
    words = name_tokens(gaz_path)
    if len(words) < 2:
        words = sorted({w.lower() for w in dict_words(
            "/usr/share/dict/american-english") if w.isascii() and w.isalpha()})
        words = [w[0].upper() + w[1:] for w in words]
    if len(words) < 2:
        sys.exit("workload.py: too few words for the 1M gazetteer")
    n, width = len(words), 2
    while n ** width < count:
        width += 1
    span = n ** width
    rows = ["# name\tlabel"]
    for k in range(count):
        picks = digits(walk(k, span), n, width)
        name = " ".join(words[d] for d in picks)
        if k < count // 2:
            rows.append(f"{name}\tPER")
        else:
            rows.append(f"{PLACE_WORDS[k % len(PLACE_WORDS)]} {name}\tLOC")
    write_lines(out_path, rows)
    print(f"{count} names from {n} words")


# -------------------------------------------------------------- agreement

ASCII_NAME = re.compile(r"^[A-Za-z0-9]+( [A-Za-z0-9]+)*$")
SEPARATORS = re.compile(rb"[\x00-\x20\x7f'-]+")


def cmd_agreement(corpus_path, gaz_path, outdir):
    """The corpus lines that are pure ASCII, each run of separators made one
    space (none at the ends); the names of ASCII letters and digits separated
    by single spaces (32 words at most), with their label.  Separators are
    what gaztag's tokenizer reads as a space: white space, control characters,
    and the apostrophe and hyphen (so "high-level" holds the name "High
    Level" for gaztag, and for a literal matcher only once it is "high
    level")."""
    os.makedirs(outdir, exist_ok=True)
    lines = 0
    with open(corpus_path, "rb") as src, \
            open(os.path.join(outdir, "agree_corpus.txt"), "wb") as out:
        for raw in src:
            if raw.isascii():
                line = SEPARATORS.sub(b" ", raw).strip(b" ")
                out.write(line + b"\n")
                lines += 1
    rows = []
    with open(gaz_path, encoding="utf-8", errors="replace") as f:
        for line in f:
            fields = line.rstrip("\r\n").split("\t")
            if (len(fields) >= 2 and ASCII_NAME.match(fields[0])
                    and fields[0].count(" ") < 32 and not line.startswith("#")):
                rows.append(f"{fields[0]}\t{fields[1]}")
    write_lines(os.path.join(outdir, "agree_gaz.tsv"), rows)
    print(f"{lines} ASCII lines, {len(rows)} ASCII names")


def cmd_slice(corpus_path, size, out_path):
    with open(corpus_path, "rb") as f:
        data = f.read(size)
    cut = data.rfind(b"\n") + 1
    with open(out_path, "wb") as f:
        f.write(data[:cut] if cut else data)


def cmd_documents(corpus_path, out_path, size=5000):
    with open(corpus_path, "r", encoding="utf-8") as f:
        text = f.read()
    records, doc = 0, []
    length = 0
    with open(out_path, "w", encoding="utf-8") as out:
        for para in re.split(r"\n[ \t]*\n", text):
            doc.append(para)
            length += len(para.encode("utf-8")) + 2
            if length >= size:
                out.write(json.dumps({"text": "\n\n".join(doc)},
                                     ensure_ascii=False) + "\n")
                records += 1
                doc, length = [], 0
        if doc:
            out.write(json.dumps({"text": "\n\n".join(doc)},
                                 ensure_ascii=False) + "\n")
            records += 1
    print(f"{records} documents")


def cmd_triggers(gaz_path, rules_dir, out_path):
    keys = set()
    for name in sorted(os.listdir(rules_dir)):
        if not name.startswith("first-names-"):
            continue
        with open(os.path.join(rules_dir, name), encoding="utf-8") as f:
            keys.update(line.split("\t")[0].strip() for line in f
                        if line.strip() and not line.startswith("#"))
    given = len(keys)
    with open(os.path.join(rules_dir, "cues.tsv"), encoding="utf-8") as f:
        for line in f:
            fields = line.rstrip("\n").split("\t")
            if line.startswith("#") or len(fields) < 2:
                continue
            if fields[0] in ("before", "lead"):
                words = re.sub("[’']", " ", fields[1]).split()
                keys.add(" ".join(words[-2:]))
            elif fields[0] in ("head", "suffix"):
                keys.add(fields[1])
    with open(gaz_path, encoding="utf-8") as f:
        rows = [line.rstrip("\n") for line in f]
    write_lines(out_path, rows + [f"{k}\tTRG" for k in sorted(keys)])
    print(f"{len(keys)} trigger keys ({given} given names)")


def main(argv):
    if len(argv) == 3 and argv[1] == "debian":
        return cmd_debian(argv[2])
    if len(argv) in (4, 5) and argv[1] == "million":
        return cmd_million(argv[2], argv[3], *(int(a) for a in argv[4:]))
    if len(argv) == 5 and argv[1] == "agreement":
        return cmd_agreement(argv[2], argv[3], argv[4])
    if len(argv) == 5 and argv[1] == "slice":
        return cmd_slice(argv[2], int(argv[3]), argv[4])
    if len(argv) in (4, 5) and argv[1] == "documents":
        return cmd_documents(argv[2], argv[3], *(int(a) for a in argv[4:]))
    if len(argv) == 5 and argv[1] == "triggers":
        return cmd_triggers(argv[2], argv[3], argv[4])
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
