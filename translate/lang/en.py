"""English: the rules record (translate/lang/__init__.py explains what each field is for)."""

from __future__ import annotations

import re

from . import NAME, QUOTE_MARK, LanguageRules

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december",
)
TIMES_OF_DAY = ("morning", "lunchtime", "noon", "midday", "afternoon", "evening", "night", "midnight", "tonight", "dawn")

# Verbs that say who said or reported something. One list serves both uses: finding the
# attribution of a claim (segment.py) and cutting it off to compare what was claimed (english.core).
SPEECH_VERBS = (
    r"said|says|say|told|tells|added|adds|stressed|stresses|announced|noted|signalled|signaled|wrote|writes|"
    r"declared|insisted|warned|claimed|claims|argued|explained|described|urged|reported|reports|stated|"
    r"emphasized|emphasised|underlined|outlined|spoke of|made clear|made it clear"
)

ABBREVIATIONS = frozenset(
    """mr. mrs. ms. dr. prof. sen. rep. gov. gen. col. lt. sgt. st. no. vs. e.g. i.e. etc. approx.
    jan. feb. mar. apr. jun. jul. aug. sep. sept. oct. nov. dec. sec. u.s. u.k. u.n. a.m. p.m.""".split()
)

# "The Russian leader", "a Kremlin spokesman": a speaker described, resolved to a name later.
DESCRIPTION = (
    r"(?:[Tt]he|[Aa]n?) (?:[A-Za-z-]+ ){0,2}(?:leader|president|chief|broadcaster|minister|agency|spokesman|spokeswoman|"
    r"spokesperson|official|professor|adviser|advisor)"
)
# A statement speaks for itself: named by what it is, never resolved to a person.
_DOCUMENT = r"(?:[Tt]he|[Aa]) (?P<document>(?:joint |official )?(?:statement|communiqué|declaration|report))"

ATTRIBUTION = (
    # "according to the AP", "According to a Reuters report": scope the whole sentence.
    ("sentence", re.compile(r"\b[Aa]ccording to (?:a |an |the )?(?P<who>" + NAME + r")")),
    # "…,” said Hoo Tiang Boon"
    ("sentence", re.compile(QUOTE_MARK + r"\s*(?:said|says|added|told) (?P<who>" + NAME + r")")),
    # "Putin told Xi", "Xi, who also called Putin ¤, said", "the broadcaster said", "he added": at the
    # start of the claim, after a comma or after a quotation, never inside a subordinate clause.
    ("forward", re.compile(
        r"(?:^|,\s*|" + QUOTE_MARK + r"\s*)(?P<who>" + NAME + r"|" + DESCRIPTION + r"|" + _DOCUMENT
        + r"|[Hh]e|[Ss]he|[Ii]t|[Tt]hey|[Ww]e)"
        r"(?:, [^;]{1,160}?,)? (?:also |then |later |earlier |jointly |repeatedly )?(?:" + SPEECH_VERBS + r")\b"
    )),
)

CLAUSE_SPLIT = re.compile(
    r",\s+(?:and|but)\s+(?=(?:he|she|they|we|it|I|has|have|had|was|were|is|are|will|would|urged|called|[a-z]+ed)\b)"
    r"|\s+and\s+(?=(?:said|stressed|added|claimed|insisted|warned)\s+that\b)"
)

RULES = LanguageRules(
    code="en",
    name="English",
    sentencex="en",
    abbreviations=ABBREVIATIONS,
    speech_verbs=SPEECH_VERBS,
    pronouns=frozenset({"he", "she", "it", "they", "we", "i"}),
    attribution=ATTRIBUTION,
    clause_split=CLAUSE_SPLIT,
    conjunctions=("and", "but"),
    name_openers=frozenset({"The", "A", "An", "In", "On", "At", "As", "By", "For", "But", "And", "I"}),
    descriptions=("the ",),
    description=re.compile(DESCRIPTION),
    weekdays={w: w for w in WEEKDAYS},
    months={m: m for m in MONTHS},
    times_of_day={t: (t,) for t in TIMES_OF_DAY},
    widgets=(
        r"no comments?:?|post a comment|leave a (?:reply|comment)|\d+ comments?|comments?:?|"
        r"share(?: this(?: article| story)?)?:?|print|email|subscribe.*|sign up.*"
    ),
    widget_phrases=r"your email address will not be published|required fields are marked|we use cookies",
    cross_links=r"see also|read (?:more|also)|related(?: articles?)?|more on this",
    credits=r"contributed to (?:this|the) report",
    photo_words=r"photo|image|picture",
    byline_words=r"[Bb]y",
    dated_words=r"published|updated",
)
