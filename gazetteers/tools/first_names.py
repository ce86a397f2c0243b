#!/usr/bin/env python3
"""first_names.py -- the generated given-name lists of gazetteers/rules/.

The rules layer (include/gaztag.h, "rules") tags `Given-name Capitalised
[Capitalised]` as PERSON, so a given name that is also an ordinary word
(`Will`, `Rose`, `Marine`), a place (`Georgia`, `Paris`) or a title
(`Prince`) would fire on prose. This script writes the lists from the person
providers of the npm package @faker-js/faker (MIT licence), keeping only the
names that survive the precision filters below, and checks every rules file.

Writes, sorted and deduplicated (one spelling per folded key):
  first-names-fr.txt      locales fr, fr_BE, fr_CH (French, Belgian, Swiss)
  first-names-en.txt      locales en, en_AU (US-derived English list)
  first-names-africa.txt  locales fr_SN, en_GH, en_NG, yo_NG, less the names
                          already in the two lists above
first-names-west-africa.txt is hand-curated (not written here) but goes
through the same filters in --check.

A name is dropped (and named in the file's header and on standard output)
when it is not one word of letters, possibly hyphenated (`Nana Ama`,
`COmfort`); when it has at most two letters (`Al` as in `Al Jazeera`,
`Jo`); when its folded form (NFKC, case and accents folded, as the tagger
keys words) is in gazetteers/common/fr.txt or en.txt (frequent words of
prose: `Will`, `May`, `Mark`, `Avril`); when it is a single-word PLACE name
of gazetteers/places.tsv or guinea.tsv (`Georgia`, `Jordan`, `Florence`);
when it is in WORDS below, a hand list made by reviewing the names that are
lower-case words of Debian's wamerican, wbritish and wfrench dictionaries
(`Ange`, `Roman`, `Sierra`, `Ivory`, `Ford`); or when it is in
gazetteers/rules/not-names.txt (`Prince`, `Emir`); or when it is a civility
or honorific of one word that cues.tsv puts before a person (`Hadja`:
`Hadja Aïssatou Barry` is `Aïssatou Barry`). COMMON_EXCEPTIONS and
PLACE_EXCEPTIONS keep the few names that are overwhelmingly names in the
press despite a word or place reading (`Alpha` as in Alpha Condé).

Regenerate (needs node and npm; the package goes to --work):
    python3 gazetteers/tools/first_names.py
Check every file of gazetteers/rules/ (formats, duplicates, first names that
are common words, places or not-names, cues.tsv fields); exits 1 on a
problem, prints nothing else when all is well:
    python3 gazetteers/tools/first_names.py --check
Options: --work DIR (default /tmp/gaztag-first-names), --rules DIR (default
gazetteers/rules beside this script).
"""

import argparse
import json
import os
import re
import subprocess
import sys
import textwrap
import unicodedata

PACKAGE = "@faker-js/faker"
VERSION = "9.9.0"

# output file -> (locales, what it holds)
LISTS = [
    ("first-names-fr.txt", ["fr", "fr_BE", "fr_CH"], "French"),
    ("first-names-en.txt", ["en", "en_AU"], "English"),
    ("first-names-africa.txt", ["fr_SN", "en_GH", "en_NG", "yo_NG"],
     "West African (Senegal, Ghana, Nigeria)"),
]
# Names of this list already in the lists before it are left out.
DEDUP_AGAINST_EARLIER = {"first-names-africa.txt"}
HAND_LISTS = ["first-names-west-africa.txt"]

# Given names that are ordinary words, titles or brands often capitalised
# in prose or at the head of a proper noun (`Roman Empire`, `Ivory Coast`,
# `Sierra Leone`, `Ford Motor`, `Marine nationale`, `Christ Roi`), or
# places not in places.tsv (`Dakota`, `Chelsea`). Folded forms. Reviewed
# from the names that are lower-case words of wamerican/wbritish/wfrench.
WORDS = set("""
abondance acanthe aimable alize amande amant amante amaryllis amber ambre
ambroisie amen amour amethyste ange angel anemone anis arcade arch archange
ascension assomption astride atlas aube august autumn azalee baron barbe beau
bienvenu birdie blanche blaze blessed brook brooks brune buck bud buddy buster
camelia candide celeste cerise chance charity chase christ christian chretien
clay colombe colt constance crystal dahlia dakota dallas delta destiny diamond
divine dock dolly douce duke dune dusty earl earnest ebony eglantine emerald
emir era espoir esperance eve faith felicite felicity fern fiacre fidele fleur
flore ford forest fortune fortunee foster garland garnet genesis ginger
glory grace gui guy hardy harmony haven heath holly hunter innocent iris
islam ivory ivy jade jewel juste justice king kitty lacy lane laurel lilas
lion lord loup loyal lyric mac magnolia malin mamie marin marine marquis
marquise marshal martial maverick merle milan miracle modeste myrtille myrtle
nil noble noel normand nova olive opal oral pansy parfait paterne patience
pearl penny perla perle pepin phoenix pink pinkie poppy precious prince
princess primerose prudence prune queen ransom raven reine rich rocky rod
roman ruby sage sauveur savanna savannah sierra sincere sixte sterling
summer sunny swan sylvan talon tanner tiara toussaint toy trinity unique
urbain urban victoire vigile viola violet violette vital viva ward wellington
willow winter young zephyr
chelsea carolina brooklyn madison aurora camden orlando houston lincoln
devon kent cornwall florida montana nevada arizona texas austin sahara
abu el le la di da de du van von bin dame
dean page nice les long china india virginia florence lourdes gai ain sunday
lorraine lorrain victoria toscane moche lean misty boubou samba mama baba dado
soda shade promise bless esse toke tope wale carmel franco gunner newton ova
palma romaine rusty serenity shad sim tad coy curt dell gust halle brandy
candida carmine destin jalon marlin leu libere lino loan mats mete rim
benigne hermine santa
""".split())

# Kept although a common word: overwhelmingly a given name in the press.
COMMON_EXCEPTIONS = {"alpha"}
# Kept although a place of places.tsv/guinea.tsv.
PLACE_EXCEPTIONS = set()

NAME_SHAPE = re.compile(r"^[^\W\d_][^\W\d_]*(?:-[^\W\d_]+)*$")


# ---------------------------------------------------------------- folding
def fold(text):
    """A word as the tagger keys it: NFKC, case folded, accents removed."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", text).replace("\u2019", "'")


def tokens(text):
    """Tagger tokens: runs of letters/digits/marks, or one other character."""
    out, word = [], ""
    for ch in unicodedata.normalize("NFKC", text):
        if ch.isalnum() or unicodedata.category(ch).startswith("M"):
            word += ch
            continue
        if word:
            out.append(word)
            word = ""
        if not ch.isspace():
            out.append(ch)
    if word:
        out.append(word)
    return out


def key(text):
    return " ".join(fold(t) for t in tokens(text))


# ---------------------------------------------------------------- inputs
def data_lines(path):
    """(line number, text) of a file's lines that are not comments/blank."""
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if line.strip() and not line.startswith("#"):
                yield n, line


def common_words(gaz):
    words = set()
    for lang in ("fr", "en"):
        for _, line in data_lines(os.path.join(gaz, "common", lang + ".txt")):
            words.add(fold(line.strip()))
    return words


def place_names(gaz):
    names = set()
    for name in ("places.tsv", "guinea.tsv"):
        for _, line in data_lines(os.path.join(gaz, name)):
            cols = line.split("\t")
            if len(cols) >= 2 and cols[1] == "PLACE":
                names.add(key(cols[0]))
    return names


def person_cues(rules):
    """Folded words of the one-word `before` cues of rule `civility` in
    cues*.tsv: civilities and honorifics (`Hadja`, `Docteur`). Titles may
    be given names too (`cheikh`: `Cheikh Tidiane Gadio`)."""
    words = set()
    for name in sorted(os.listdir(rules)) if os.path.isdir(rules) else []:
        if not (name.startswith("cues") and name.endswith(".tsv")):
            continue
        for _, line in data_lines(os.path.join(rules, name)):
            f = line.split("\t")
            if len(f) == 4 and f[0] == "before" and f[3] == "civility" \
                    and len(tokens(f[1])) == 1:
                words.add(fold(f[1]))
    return words


def not_names(rules):
    path = os.path.join(rules, "not-names.txt")
    if not os.path.exists(path):
        return set()
    return {fold(line) for _, line in data_lines(path)}


DUMP_JS = """
const {allLocales} = require(process.argv[1]);
const out = {};
for (const loc of process.argv.slice(2)) {
  const fn = ((allLocales[loc] || {}).person || {}).first_name || {};
  out[loc] = [].concat(fn.generic || [], fn.female || [], fn.male || []);
}
process.stdout.write(JSON.stringify(out));
"""


def fetch(work, locales):
    """Install the package into work; {locale: [names]}."""
    os.makedirs(work, exist_ok=True)
    subprocess.run(["npm", "install", "--prefix", work, "--no-save",
                    "--no-package-lock", "--no-audit", "--no-fund",
                    "--loglevel=error", f"{PACKAGE}@{VERSION}"],
                   check=True, stdout=subprocess.DEVNULL)
    pkg = os.path.join(work, "node_modules", *PACKAGE.split("/"))
    out = subprocess.run(["node", "-e", DUMP_JS, pkg, *locales],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


# ---------------------------------------------------------------- filters
class Filter:
    def __init__(self, gaz, rules):
        self.common = common_words(gaz)
        self.places = place_names(gaz)
        self.not_names = not_names(rules)
        self.person_cues = person_cues(rules)

    def reason(self, name):
        """Why a given name must not be listed, or None."""
        k = fold(name)
        if not NAME_SHAPE.match(name) or not name[0].isupper() \
                or (len(name) > 1 and name[1].isupper()):
            return "not one capitalised word"
        if len(k) <= 2:
            return "two letters or fewer"
        if k in self.common and k not in COMMON_EXCEPTIONS:
            return "common word"
        if key(name) in self.places and k not in PLACE_EXCEPTIONS:
            return "place"
        if k in WORDS:
            return "word, title or place (hand list)"
        if k in self.not_names:
            return "in not-names.txt"
        if k in self.person_cues:
            return "a civility of cues.tsv"
        return None


def preferred(spellings):
    """One spelling per folded key: accented if any, then the first sorted."""
    return sorted(spellings, key=lambda s: (s.isascii(), s))[0]


def select(names, flt, earlier):
    """(kept names sorted by folded key, {reason: [dropped names]})."""
    by_key, dropped = {}, {}
    for raw in names:
        name = unicodedata.normalize("NFC", raw.strip())
        if not name:
            continue
        why = flt.reason(name)
        if why:
            dropped.setdefault(why, set()).add(name)
            continue
        if fold(name) in earlier:
            continue
        by_key.setdefault(fold(name), set()).add(name)
    kept = [preferred(by_key[k]) for k in sorted(by_key)]
    return kept, {why: sorted(v) for why, v in sorted(dropped.items())}


def header(out, locales, what, n, dropped):
    lines = [
        f"# gaztag rules: {what} given names, one a line ({n} names).",
        "# Generated by gazetteers/tools/first_names.py; do not edit by hand:",
        "# change the script's WORDS or exceptions and rerun it.",
        f"# Source: npm package {PACKAGE} {VERSION} (MIT licence), person",
        f"# first names of the locales {', '.join(locales)}.",
    ]
    if out in DEDUP_AGAINST_EARLIER:
        lines.append("# Names already in first-names-fr.txt or "
                     "first-names-en.txt are left out.")
    lines.append("# Sorted by folded form, one spelling per folded form.")
    lines.append("# Dropped for precision (see the script's docstring):")
    for why, names in dropped.items():
        text = f"{why} ({len(names)}): " + " ".join(names)
        lines += textwrap.wrap(text, 76, initial_indent="#   ",
                               subsequent_indent="#     ",
                               break_on_hyphens=False)
    lines.append("# Regenerate: python3 gazetteers/tools/first_names.py")
    return "\n".join(lines) + "\n"


def generate(args, gaz):
    flt = Filter(gaz, args.rules)
    locales = sorted({loc for _, locs, _ in LISTS for loc in locs})
    data = fetch(args.work, locales)
    earlier = set()
    for out, locs, what in LISTS:
        names = [n for loc in locs for n in data.get(loc, [])]
        kept, dropped = select(names, flt,
                               earlier if out in DEDUP_AGAINST_EARLIER else ())
        earlier |= {fold(n) for n in kept}
        with open(os.path.join(args.rules, out), "w", encoding="utf-8",
                  newline="\n") as f:
            f.write(header(out, locs, what, len(kept), dropped))
            f.write("".join(n + "\n" for n in kept))
        print(f"{out}: {len(kept)} names, "
              f"{sum(len(v) for v in dropped.values())} dropped")
        for why, v in dropped.items():
            print(f"  {why} ({len(v)}): {' '.join(v)}")


# ---------------------------------------------------------------- check
CUE_KINDS = {"before": True, "head": True, "suffix": True, "lead": True,
             "connector": False, "month": False, "trail": False,
             "complement": False, "term": False}
LABELS = {"PERSON", "PLACE", "ORG", "OUTLET"}
RULE_NAME = re.compile(r"^[a-z]+(?:-[a-z]+)*$")


def check_text(path, problems):
    """UTF-8, NFC, no trailing space, no tab outside .tsv, no duplicates."""
    with open(path, "rb") as f:
        raw = f.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        problems.append(f"{path}: invalid UTF-8 at byte {e.start}")
        return
    if text and not text.endswith("\n"):
        problems.append(f"{path}: no newline at the end")
    seen = {}
    for n, line in enumerate(text.split("\n")[:-1], 1):
        where = f"{path}:{n}"
        if line != line.rstrip():
            problems.append(f"{where}: trailing white space")
        if "\r" in line:
            problems.append(f"{where}: carriage return")
        if unicodedata.normalize("NFC", line) != line:
            problems.append(f"{where}: not NFC")
        if not line.strip() or line.startswith("#"):
            continue
        if line in seen:
            problems.append(f"{where}: duplicate of line {seen[line]}")
        seen.setdefault(line, n)


def check_first_names(path, flt, problems):
    seen = {}
    for n, line in data_lines(path):
        where = f"{path}:{n}"
        why = flt.reason(line)
        if why:
            problems.append(f"{where}: {line}: {why}")
        k = fold(line)
        if k in seen:
            problems.append(f"{where}: {line}: same folded form as line "
                            f"{seen[k]}")
        seen.setdefault(k, n)


def check_not_names(path, problems):
    seen = {}
    for n, line in data_lines(path):
        where = f"{path}:{n}"
        if len(tokens(line)) != 1 or not tokens(line)[0].isalnum():
            problems.append(f"{where}: {line}: not one word")
        k = fold(line)
        if k in seen:
            problems.append(f"{where}: {line}: same folded form as line "
                            f"{seen[k]}")
        seen.setdefault(k, n)


def check_family_first(path, not_names, problems):
    """One word a line, and not a not-name (it would never be learnt)."""
    check_not_names(path, problems)
    nots = {fold(w) for _, w in data_lines(not_names)}
    for n, line in data_lines(path):
        if fold(line) in nots:
            problems.append(f"{path}:{n}: {line}: in not-names.txt, so never "
                            f"learnt")


def check_cue(fields, problems, where):
    """The loader's rules (src/rules.c): before/head/suffix/lead take 4
    fields, connector/month/trail/complement/term 2; a cue has 1 to 8
    tokens; a connector, month, trail, complement or term is one word (a full stop or
    apostrophe after it is allowed)."""
    kind = fields[0]
    if kind not in CUE_KINDS:
        problems.append(f"{where}: unknown kind {kind!r}")
        return
    labelled = CUE_KINDS[kind]
    if len(fields) != (4 if labelled else 2):
        problems.append(f"{where}: {kind} needs {4 if labelled else 2} "
                        f"tab-separated fields, not {len(fields)}")
        return
    words = fields[1]
    toks = tokens(words)
    if not words or words != words.strip() or "  " in words:
        problems.append(f"{where}: empty words or stray spaces")
    if not 1 <= len(toks) <= 8:
        problems.append(f"{where}: a cue has 1 to 8 tokens")
        return
    if not labelled:
        if any(t.isalnum() for t in toks[1:]):
            problems.append(f"{where}: a {kind} is one word")
        return
    if not any(t.isalnum() for t in toks):
        problems.append(f"{where}: words hold no word")
    label, rule = fields[2], fields[3]
    if label == "-":  # words that are no cue (a before cue's only)
        if kind != "before" or rule != "-":
            problems.append(f"{where}: only a before cue has no label, "
                            f"and its rule is '-'")
        return
    if label not in LABELS:
        problems.append(f"{where}: label {label!r} not one of "
                        f"{', '.join(sorted(LABELS))}")
    if not RULE_NAME.match(rule):
        problems.append(f"{where}: bad rule name {rule!r}")


def check_cues(path, problems):
    seen = {}
    for n, line in data_lines(path):
        where = f"{path}:{n}"
        fields = line.split("\t")
        check_cue(fields, problems, where)
        if len(fields) >= 2:
            # (lead cues share the before cues' table: one replaces the other)
            kind = "before" if fields[0] == "lead" else fields[0]
            k = (kind, key(fields[1]))
            if not CUE_KINDS.get(fields[0], True):
                k = (fields[0], key(fields[1]).split(" ")[0])
            if k in seen:
                problems.append(f"{where}: {fields[0]} {fields[1]!r}: same "
                                f"folded words as line {seen[k]}")
            seen.setdefault(k, n)


def check(args, gaz):
    problems = []
    flt = Filter(gaz, args.rules)
    files = sorted(os.listdir(args.rules))
    for name in files:
        path = os.path.join(args.rules, name)
        check_text(path, problems)
        if name.startswith("first-names") and name.endswith(".txt"):
            check_first_names(path, flt, problems)
        elif name.startswith("not-names") and name.endswith(".txt"):
            check_not_names(path, problems)
        elif name.startswith("cues") and name.endswith(".tsv"):
            check_cues(path, problems)
        elif name.startswith("family-first") and name.endswith(".txt"):
            check_family_first(path, os.path.join(args.rules,
                                                  "not-names.txt"), problems)
        elif name.startswith("surnames") and name.endswith(".txt"):
            # data for world_places.py, one word a line (not loaded by gaztag)
            check_not_names(path, problems)
        else:
            problems.append(f"{path}: not a rules file name")
    for name in [out for out, _, _ in LISTS] + HAND_LISTS + \
            ["not-names.txt", "cues.tsv"]:
        if name not in files:
            problems.append(f"{args.rules}: {name} is missing")
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    gaz = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="validate gazetteers/rules/ and exit")
    ap.add_argument("--work", default="/tmp/gaztag-first-names")
    ap.add_argument("--rules", default=os.path.join(gaz, "rules"))
    args = ap.parse_args()
    if args.check:
        return check(args, gaz)
    generate(args, gaz)
    return check(args, gaz)


if __name__ == "__main__":
    sys.exit(main())
