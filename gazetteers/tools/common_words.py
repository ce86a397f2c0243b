#!/usr/bin/env python3
"""common_words.py -- the frequent French and English words of gazetteers/common/.

Builds gazetteers/common/fr.txt and en.txt: one lower-case word a line, most
frequent first. The compiler's --common option uses them to keep gazetteer
names that are ordinary words (Nice, Page, Police, Mobile, Orange...) from
matching prose unless the entry is flagged cap or case.

The corpus is real prose shipped in Debian packages (the PACKAGES table below):
the Dasher text-entry training texts (general prose), the fortune cookies
(English), man pages, the Debian Reference, the Debian Administrator's
Handbook and the GIMP and LibreOffice help. The packages are fetched with
`apt-get download` and unpacked with `dpkg-deb -x` into a work directory; no
package is installed.

From each document (a man page, an HTML page, a text file; files longer than
DOC_TOKENS words are cut into several documents) the script keeps the prose:
man pages are rendered with groff after their SYNOPSIS sections and literal
blocks (.nf/.fi, .EX/.EE, .Bd -literal/.Ed) are dropped, and HTML pages lose
their code, commands, file names, navigation and foreign phrases (SKIP_TAGS,
SKIP_CLASSES). Paragraphs that look written in the other language (more
English than French marker words in a French document, or the reverse) are
dropped too: translations leave some paragraphs untranslated.

Tokens: text is split on white space; a chunk that, once its surrounding
punctuation is stripped, holds anything but letters, hyphens and apostrophes
(digits, paths, options, identifiers) is dropped whole; the others are split
on hyphens and apostrophes (l'homme -> l, homme) into words of Latin letters,
accents kept, lower-cased.

Ranking: each package's relative frequencies are averaged within its kind
(prose or docs), and the kinds are weighted KIND_WEIGHT, so that neither one
big package nor technical vocabulary dominates. A word is kept only if it
occurs in at least MIN_DOCS documents of at least MIN_PACKAGES packages, and if
at least MIN_LOWER of its occurrences that are not all capitals are written in
lower case (which drops names such as Linux, Debian, GIMP; a word only ever
seen in capitals is kept only if it is one letter, like English I), and if it
is not LEAK_RATIO times as frequent in the other language's corpus (English
"the", "of" in untranslated passages of French pages; "de" in English ones).
The SIZE best are written, then the SUPPLEMENT words that the corpus did not
rank (listed in the header).

Run from anywhere (Debian, as root or with apt-get download allowed):
    apt-get update && python3 gazetteers/tools/common_words.py
Options: --work DIR (default /tmp/gaztag-common-words), --out DIR (default
gazetteers/common beside this script), --size N (default 3000).
"""

import argparse
import collections
import concurrent.futures
import gzip
import html.parser
import os
import re
import shutil
import subprocess
import sys
import textwrap
import unicodedata

SIZE = 3000
DOC_TOKENS = 5000
MIN_DOCS = 3
MIN_PACKAGES = 2
MIN_LOWER = 0.3
KIND_WEIGHT = {"prose": 0.45, "docs": 0.55}
LEAK_RATIO = 100

# language -> [(package, kind, reader, path glob relative to the package root)]
PACKAGES = {
    "fr": [
        ("dasher-data", "prose", "text",
         "usr/share/dasher/training_french_FR.txt"),
        ("manpages-fr", "docs", "man", "usr/share/man/fr/man*/*"),
        ("manpages-fr-dev", "docs", "man", "usr/share/man/fr/man*/*"),
        ("debian-reference-fr", "docs", "html",
         "usr/share/debian-reference/*.fr.html"),
        ("debian-handbook", "docs", "html",
         "usr/share/doc/debian-handbook/html/fr-FR/*.html"),
        ("gimp-help-fr", "docs", "html", "usr/share/gimp/2.0/help/fr/*.html"),
        ("libreoffice-help-fr", "docs", "html",
         "usr/share/libreoffice/help/fr/text/**/*.html"),
    ],
    "en": [
        ("dasher-data", "prose", "text",
         "usr/share/dasher/training_english_GB.txt"),
        ("fortunes", "prose", "fortune", "usr/share/games/fortunes/*"),
        ("manpages", "docs", "man", "usr/share/man/man*/*"),
        ("manpages-dev", "docs", "man", "usr/share/man/man*/*"),
        ("debian-reference-en", "docs", "html",
         "usr/share/debian-reference/*.en.html"),
        ("debian-handbook", "docs", "html",
         "usr/share/doc/debian-handbook/html/en-US/*.html"),
        ("gimp-help-en", "docs", "html", "usr/share/gimp/2.0/help/en/*.html"),
        ("libreoffice-help-en-us", "docs", "html",
         "usr/share/libreoffice/help/en-US/text/**/*.html"),
    ],
}

# Words that must be in a list because gazetteer names collide with them, added
# after the ranked words when the corpus (technical on the whole) ranks them
# below SIZE or not at all.
SUPPLEMENT = {
    "fr": ["page", "les", "police", "mobile", "orange", "bat", "tours",
           "grenade", "sucre", "roseau", "eau", "salé", "vienne", "détroit",
           "équateur", "chili", "canton", "tigre", "pacifique", "réunion",
           "cap"],
    "en": ["of", "can", "one", "than", "many", "nice", "page", "police",
           "mobile", "orange", "bat", "bath", "reading", "split", "sale",
           "turkey", "cork", "anchorage", "independent", "hill", "nation",
           "national", "times", "guardian", "mint", "punch", "vanguard",
           "dawn", "express", "time", "map", "shell", "apple", "total",
           "fed", "bad", "who", "us"],
}

# Marker words of one language that are not words of the other.
MARKERS = {
    "fr": {"le", "la", "les", "des", "du", "une", "est", "et", "dans",
           "que", "qui", "pas", "sur", "avec", "ce", "sont", "cette",
           "peut", "être", "aux", "au", "ou", "leur", "vous", "nous", "il",
           "elle", "ne", "se", "sa", "ses", "mais", "été", "fichier"},
    "en": {"the", "of", "and", "to", "is", "in", "for", "that", "this",
           "with", "are", "be", "by", "it", "not", "or", "from", "which",
           "if", "you", "can", "will", "was", "have", "has", "these",
           "when", "its", "into", "used", "should", "file"},
}

SKIP_TAGS = {"script", "style", "pre", "code", "tt", "kbd", "samp", "var",
             "head", "header", "nav", "aside", "footer", "button", "label",
             "select", "textarea", "math", "svg"}
SKIP_CLASSES = {"command", "filename", "literal", "option", "replaceable",
                "userinput", "computeroutput", "programlisting", "screen",
                "systemitem", "envar", "varname", "parameter", "function",
                "type", "classname", "structname", "uri", "url", "email",
                "foreignphrase", "indexterm", "navheader", "navfooter",
                "docnav", "toc", "keycode", "keycap", "acronym", "package",
                "application", "productname", "guimenu", "guimenuitem",
                "guisubmenu", "guibutton", "guilabel", "literallayout",
                "synopsis", "cmdsynopsis", "funcsynopsis", "citerefentry",
                "refentrytitle", "MAC"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input",
             "link", "meta", "param", "source", "track", "wbr"}
BLOCK_TAGS = {"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "td", "th",
              "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "br",
              "blockquote", "section", "title", "caption", "figcaption"}

STRIP = "\"'`’‘“”«»‹›()[]{}<>.,;:!?…*_•·—–-"
APOSTROPHES = "'’"
SPLIT_RE = re.compile(r"[-'’]")


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def fetch(packages, work):
    """apt-get download and dpkg-deb -x each package; returns {pkg: version}."""
    debs = os.path.join(work, "debs")
    root = os.path.join(work, "root")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(debs)
    os.makedirs(root)
    run(["apt-get", "download", "-q", "-o", "APT::Sandbox::User=root"]
        + sorted(packages), cwd=debs, stdout=subprocess.DEVNULL)
    versions = {}
    for name in sorted(os.listdir(debs)):
        path = os.path.join(debs, name)
        pkg, ver = run(["dpkg-deb", "-f", path, "Package", "Version"],
                       capture_output=True, text=True).stdout.split("\n")[:2]
        pkg, ver = pkg.split(": ", 1)[1], ver.split(": ", 1)[1]
        versions[pkg] = ver
        run(["dpkg-deb", "-x", path, os.path.join(root, pkg)])
    return versions


def glob_files(root, pattern):
    import glob
    out = []
    for path in glob.glob(os.path.join(root, pattern), recursive=True):
        if os.path.isfile(path) and not os.path.islink(path):
            out.append(path)
    return sorted(out)


# ---------------------------------------------------------------- man pages
ROFF_LITERAL_START = {".nf", ".EX", ".Bd", ".DS"}
ROFF_LITERAL_END = {".fi", ".EE", ".Ed", ".DE"}


def roff_prose(src):
    """The roff source less its SYNOPSIS sections and literal blocks."""
    out, literal, synopsis = [], False, False
    for line in src.split("\n"):
        words = line.split()
        req = words[0] if words and line[:1] in ".'" else ""
        if req in (".SH", ".Sh"):
            title = " ".join(words[1:]).strip('"').upper()
            synopsis = title in ("SYNOPSIS", "SYNOPSIS DETAILLÉ", "SYNTAXE")
        elif req in ROFF_LITERAL_START:
            literal = True
            continue
        elif req in ROFF_LITERAL_END:
            literal = False
            continue
        if (literal or synopsis) and req not in (".SH", ".Sh", ".TH", ".Dt"):
            continue
        out.append(line)
    return "\n".join(out) + "\n"


def read_man(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        src = f.read().decode("utf-8", "replace")
    if src.lstrip().startswith(".so "):
        return ""
    proc = subprocess.run(
        ["groff", "-k", "-t", "-mandoc", "-Tutf8", "-rLL=1000n", "-rHY=0",
         "-rcR=1", "-P-cbou"],
        input=roff_prose(src).encode("utf-8"), capture_output=True)
    lines = [ln for ln in proc.stdout.decode("utf-8", "replace").split("\n")]
    body = [i for i, ln in enumerate(lines) if ln.strip()]
    if len(body) < 3:
        return ""
    # the first and last non-blank lines are the page header and footer
    return "\n".join(lines[body[0] + 1:body[-1]])


# ---------------------------------------------------------------- HTML
class ProseParser(html.parser.HTMLParser):
    """Text of an HTML page outside code, navigation and foreign phrases;
    block elements become blank lines (paragraph breaks)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # (tag, skips)
        self.skipping = 0
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self.parts.append("\n\n")
        if tag in VOID_TAGS:
            return
        attrs = dict(attrs)
        classes = set((attrs.get("class") or "").split())
        skips = (tag in SKIP_TAGS or bool(classes & SKIP_CLASSES)
                 or "hidden" in attrs)
        self.stack.append((tag, skips))
        self.skipping += skips

    def handle_endtag(self, tag):
        if tag in BLOCK_TAGS:
            self.parts.append("\n\n")
        if not any(t == tag for t, _ in self.stack):
            return
        while self.stack:
            t, skips = self.stack.pop()
            self.skipping -= skips
            if t == tag:
                break

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data.replace("\n", " "))


def read_html(path):
    with open(path, "rb") as f:
        parser = ProseParser()
        parser.feed(f.read().decode("utf-8", "replace"))
        parser.close()
    return "".join(parser.parts)


def read_text(path):
    with open(path, "rb") as f:
        text = f.read().decode("utf-8", "replace")
    return text.replace("\x85", "\n")


def read_fortune(path):
    if "." in os.path.basename(path):
        return ""  # .dat indexes and .u8 links
    text = read_text(path)
    return "\n\n".join(text.split("\n%\n"))


READERS = {"man": read_man, "html": read_html, "text": read_text,
           "fortune": read_fortune}


# ---------------------------------------------------------------- tokens
def is_latin_letter(ch):
    return ch.isalpha() and "LATIN" in unicodedata.name(ch, "")


def chunk_words(chunk):
    """The words of one white-space-separated chunk ([] if it is code)."""
    chunk = chunk.strip(STRIP)
    if not chunk:
        return []
    for ch in chunk:
        if not (ch.isalpha() or ch == "-" or ch in APOSTROPHES):
            return []
    words = SPLIT_RE.split(chunk)
    if any(not w for w in words):
        return []  # "--", "a--b": not prose
    if not all(is_latin_letter(ch) for w in words for ch in w):
        return []
    return words


def paragraph_words(par):
    out = []
    for chunk in unicodedata.normalize("NFC", par).split():
        out.extend(chunk_words(chunk))
    return out


def case_class(word):
    if word.islower():
        return "lower"
    if word.isupper():
        return "upper"
    return "other"


SEGMENT_RE = re.compile(r"\n\s*\n|[.!?;:()\[\]«»\"“”]\s")


def document_words(text, lang):
    """The words of the segments (sentences, clauses, paragraphs) of a text
    that are written in lang."""
    other = MARKERS["en" if lang == "fr" else "fr"]
    mine = MARKERS[lang]
    out = []
    for par in SEGMENT_RE.split(text):
        words = paragraph_words(par)
        low = [w.lower() for w in words]
        if sum(w in other for w in low) > sum(w in mine for w in low):
            continue
        out.extend(words)
    return out


class Counts:
    """Occurrence counts of one language, per package and per document."""

    def __init__(self):
        self.freq = collections.defaultdict(collections.Counter)  # pkg->w->n
        self.docs = collections.Counter()       # word -> documents
        self.packages = collections.defaultdict(set)  # word -> packages
        self.cases = collections.defaultdict(collections.Counter)
        self.ndocs = collections.Counter()      # pkg -> documents

    def add_file(self, pkg, words):
        for start in range(0, len(words), DOC_TOKENS):
            doc = words[start:start + DOC_TOKENS]
            seen = set()
            for w in doc:
                low = w.lower()
                self.freq[pkg][low] += 1
                self.cases[low][case_class(w)] += 1
                seen.add(low)
            for low in seen:
                self.docs[low] += 1
                self.packages[low].add(pkg)
            self.ndocs[pkg] += 1


def count_language(lang, root):
    counts = Counts()
    for pkg, _, reader, pattern in PACKAGES[lang]:
        files = glob_files(os.path.join(root, pkg), pattern)
        with concurrent.futures.ThreadPoolExecutor(os.cpu_count()) as pool:
            texts = pool.map(READERS[reader], files)
            for text in texts:
                counts.add_file(pkg, document_words(text, lang))
        print(f"{lang}: {pkg}: {len(files)} files, {counts.ndocs[pkg]} "
              f"documents, {sum(counts.freq[pkg].values())} words",
              file=sys.stderr)
    return counts


def mostly_lower(cases, word):
    lower, other = cases["lower"], cases["other"]
    if lower + other == 0:
        return len(word) == 1
    return lower >= MIN_LOWER * (lower + other)


def scores(lang, counts):
    """word -> weighted relative frequency in the packages of lang."""
    kinds = collections.defaultdict(list)
    for pkg, kind, _, _ in PACKAGES[lang]:
        kinds[kind].append(pkg)
    score = collections.Counter()
    for kind, pkgs in kinds.items():
        for pkg in pkgs:
            total = sum(counts.freq[pkg].values())
            weight = KIND_WEIGHT[kind] / len(pkgs) / total
            for w, n in counts.freq[pkg].items():
                score[w] += n * weight
    return score


def rank(counts, score, other_score):
    """The words that pass the filters, most frequent first."""
    ranked = [w for w in score
              if counts.docs[w] >= MIN_DOCS
              and len(counts.packages[w]) >= MIN_PACKAGES
              and mostly_lower(counts.cases[w], w)
              and other_score[w] <= LEAK_RATIO * score[w]]
    ranked.sort(key=lambda w: (-score[w], w))
    return ranked


LANG_NAMES = {"fr": "French", "en": "English"}


def write_list(path, lang, words, supplement, versions):
    pkgs = []
    for pkg, kind, _, pattern in PACKAGES[lang]:
        pkgs.append(f"#   {pkg} {versions[pkg]} ({kind}: {pattern})")
    header = [
        f"# gaztag common words: {LANG_NAMES[lang]}, {len(words)} most "
        f"frequent words, most frequent first,",
        f"# then {len(supplement)} supplement words.",
        "# Counted by gazetteers/tools/common_words.py in prose from these "
        "Debian bookworm packages:",
        *pkgs,
        f"# Ranking: relative frequency averaged per package, prose "
        f"{KIND_WEIGHT['prose']:.0%} and documentation "
        f"{KIND_WEIGHT['docs']:.0%};",
        f"# kept: words of Latin letters (no digits) seen in >= {MIN_DOCS} "
        f"documents of >= {MIN_PACKAGES} packages and",
        f"# written in lower case in >= {MIN_LOWER:.0%} of their non-capital "
        f"occurrences, and not {LEAK_RATIO} times as",
        "# frequent in the other language's corpus (untranslated passages). "
        "Not edited by hand.",
        *textwrap.wrap(
            "Supplement (names of places, outlets or organisations that are "
            f"ordinary words, not ranked in the top {len(words)} by the "
            "corpus; the script's SUPPLEMENT list): "
            + (" ".join(supplement) or "none") + ".",
            width=88, initial_indent="# ", subsequent_indent="# "),
        "# Regenerate: apt-get update && python3 "
        "gazetteers/tools/common_words.py",
    ]
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(header) + "\n")
        for w in words:
            f.write(w + "\n")
        if supplement:
            f.write("# supplement\n")
            for w in supplement:
                f.write(w + "\n")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--work", default="/tmp/gaztag-common-words")
    ap.add_argument("--out",
                    default=os.path.normpath(os.path.join(here, "..",
                                                          "common")))
    ap.add_argument("--size", type=int, default=SIZE)
    args = ap.parse_args()
    packages = {p for lang in PACKAGES.values() for p, _, _, _ in lang}
    versions = fetch(packages, args.work)
    os.makedirs(args.out, exist_ok=True)
    root = os.path.join(args.work, "root")
    counts = {lang: count_language(lang, root) for lang in sorted(PACKAGES)}
    score = {lang: scores(lang, counts[lang]) for lang in counts}
    for lang in sorted(PACKAGES):
        other = "en" if lang == "fr" else "fr"
        ranked = rank(counts[lang], score[lang], score[other])
        words = ranked[:args.size]
        top = set(words)
        supplement = [w for w in dict.fromkeys(SUPPLEMENT[lang])
                      if w not in top]
        path = os.path.join(args.out, f"{lang}.txt")
        write_list(path, lang, words, supplement, versions)
        print(f"{path}: {len(words)} + {len(supplement)} supplement",
              file=sys.stderr)

if __name__ == "__main__":
    main()
