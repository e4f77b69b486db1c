"""One rules record per language: what the segmenter, the attribution finder and the translation guard need to know.

The way spaCy's ``lang/nb`` and sentencex's language classes do it: a language
is a module in this package that builds one ``LanguageRules``; ``rules_for``
looks it up by its ISO 639-1 code. Adding a language is adding a file and a
line in ``_MODULES``. No stage's logic lives here, and nothing here imports a
stage.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from ..errors import CorpusError

# Stands for a quotation in masked text (segment.py masks quotations before looking for
# an attribution): never a name, never a speech verb. Attribution patterns may refer to it.
QUOTE_MARK = "¤"
# Capital letters of the Latin alphabets the rules serve (A-Z, Æ Ø Å, Ä Ö Ü, É, …).
UPPER = "A-ZÀ-ÖØ-Þ"
# A name as news copy writes it: capitalised words in a row ("Jurij Usjakov", "RIA Novosti").
NAME = rf"[{UPPER}][\w’'.-]*(?:\s+(?:[{UPPER}][\w’'-]*))*"


@dataclass(frozen=True, slots=True, eq=False)  # compared and hashed by identity: one record per language
class LanguageRules:
    """What is particular to one language. Regular expressions are compiled once, here."""

    code: str  # ISO 639-1: "nb", "en"
    name: str  # for readers: "Norwegian Bokmål"
    sentencex: str  # the sentencex language whose rules fit (sentencex has no Norwegian: Danish shares its abbreviations)
    # Abbreviations after which a sentence never ends, even before a capital; lowercased, with their period.
    abbreviations: frozenset[str]
    # Verbs of saying, as one regular-expression alternation ("said|says|told|…").
    speech_verbs: str
    pronouns: frozenset[str]  # a speaker that is one of these is resolved to the last named speaker
    # Who said or reported a claim: (scope, pattern). Scope "forward" reaches the claims after it in
    # the same sentence, "sentence" the whole sentence. A pattern names the speaker in a group
    # "who", a document in "document", or a phrase in "rest" that ``name_from_phrase`` reads.
    attribution: tuple[tuple[str, re.Pattern[str]], ...]
    # Where a sentence joins two independent statements ("…, og han understreker at …").
    clause_split: re.Pattern[str]
    conjunctions: tuple[str, ...]  # "and", "but": a claim opening with one and a speech verb takes the sentence's subject
    name_openers: frozenset[str]  # capitalised words that open a phrase but are no part of a name ("The", "Det")
    descriptions: tuple[str, ...] = ()  # prefixes of a speaker described, not named ("the "): resolved like pronouns
    description: re.Pattern[str] | None = None  # a speaker described ("The Russian leader"), found by ``attribution``
    dialogue_dash: bool = False  # a line opening with a dash is one quotation with its attribution (Norwegian)
    # Nouns are capitalised (German): a capitalised word is no sign of a name, so the translation guard checks no names.
    capitalised_nouns: bool = False
    # Quotation marks, opening and closing (German opens with „ and closes with “, or »…«).
    quote_pairs: tuple[tuple[str, str], ...] = (("“", "”"), ("«", "»"), ("‘", "’"))
    name_from_phrase: Callable[[str], str | None] | None = None
    # The translation guard: this language's words for weekdays, months and times of day, and the
    # English words that render them; names whose English form is no spelling variant (Kina: China).
    weekdays: Mapping[str, str] = field(default_factory=dict)
    months: Mapping[str, str] = field(default_factory=dict)
    times_of_day: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    exonyms: Mapping[str, str] = field(default_factory=dict)
    # Web junk in this language, each a regular-expression alternation (segment.py anchors them).
    widgets: str = ""  # a whole line that is a page widget: "Post a Comment", "Del artikkelen"
    widget_phrases: str = ""  # a phrase that marks a widget anywhere: "we use cookies"
    cross_links: str = ""  # a line opening with one of these is a link to another article
    credits: str = ""  # a phrase that marks a credit line: "contributed to this report"
    photo_words: str = ""  # "photo", "foto": "Photo: …" is a credit
    byline_words: str = ""  # "By", "Av": "By Jane Doe" is a byline
    dated_words: str = ""  # "Published", "Oppdatert": "Published 12:04" is a byline

    def is_pronoun(self, who: str) -> bool:
        """A pronoun or a description ("he", "han", "the Russian leader"): resolved to the last named speaker."""
        return who.lower() in self.pronouns or who.lower().startswith(self.descriptions)


# Code -> the module that builds its rules. Codes the same rules serve map to the same module.
_MODULES = {"en": "en", "nb": "nb", "no": "nb", "nn": "nn", "da": "da", "sv": "sv", "de": "de", "fr": "fr", "es": "es"}


def known_codes() -> tuple[str, ...]:
    """The language codes that have a rules record, sorted."""
    return tuple(sorted(_MODULES))


def has_rules(code: str) -> bool:
    return code in _MODULES


@lru_cache(maxsize=None)
def rules_for(code: str) -> LanguageRules:
    """The rules record of a language, or an error naming the known languages and how to add one."""
    module = _MODULES.get(code)
    if module is None:
        raise CorpusError(
            f"translate-compare has no rules for the language '{code}' (sentence boundaries, attribution, "
            f"dates); it knows {', '.join(known_codes())}. Give the document one of those languages in "
            "corpus.toml if it is in one of them, or add a rules module for it under translate/lang/ "
            "(en.py is the model to copy)."
        )
    return importlib.import_module(f"{__name__}.{module}").RULES


@lru_cache(maxsize=None)
def all_rules() -> tuple[LanguageRules, ...]:
    """Every rules record once (web junk is recognised in any of these languages, whatever the article's)."""
    return tuple(dict.fromkeys(rules_for(code) for code in known_codes()))


# Names for codes with no rules record, where lingua's own would read oddly ("BOKMAL").
_NAMES = {"no": "Norwegian"}


def language_name(code: str) -> str:
    """A reader's name for a language code: "nb" -> "Norwegian Bokmål", "ru" -> "Russian"."""
    if code in _NAMES:
        return _NAMES[code]
    if code in _MODULES:
        return rules_for(code).name
    from lingua import IsoCode639_1, Language

    try:
        return Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())).name.title()
    except AttributeError:
        return code


def first_name_in(
    phrase: str, *, genitive_s: bool = False, openers: frozenset[str] = frozenset(), determiners: frozenset[str] = frozenset()
) -> str | None:
    """The first run of capitalised words in a phrase ("la agencia estatal TASS" -> "TASS"), else its first word.

    ``genitive_s``: a lone capitalised word ending in -s that is followed by more words is a genitive,
    not the source ("Putins rådgiver Jurij Usjakov" -> "Jurij Usjakov"). ``openers`` are dropped from
    the front of a name, ``determiners`` from the front of the fallback.
    """
    words = phrase.split()
    for i, word in enumerate(words[:6]):  # a source is named within the first few words, else it is a plain noun
        if word[:1].isupper():
            run = [word]
            for follower in words[i + 1 :]:
                if not follower[:1].isupper():
                    break
                run.append(follower)
            if genitive_s and len(run) == 1 and word.endswith("s") and i + 1 < len(words):
                continue
            while run and run[0] in openers:
                run = run[1:]
            return " ".join(run).rstrip(".’'") or None
    head = [w for w in words[:2] if w.lower() not in determiners]
    return head[0].strip(".") if head else None


def attribution_patterns(speech_verbs: str, according_to: str, pronouns: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The attribution patterns most languages share: "according to X …", "…, says X", "X says …".

    ``according_to`` and ``pronouns`` are regular-expression alternations ("laut|zufolge", "er|sie").
    """
    return (
        ("forward", re.compile(r"\b(?:" + according_to + r")\s+(?P<rest>[^,;]+)", re.IGNORECASE)),
        ("sentence", re.compile(r",\s*(?:" + speech_verbs + r")\s+(?:\w+\s+){0,4}?(?P<who>" + NAME + r"|" + pronouns + r")\b")),
        ("sentence", re.compile(r"(?:^|[\s,])(?P<who>" + NAME + r"|" + pronouns + r")\s+(?:\w+\s+)?(?:" + speech_verbs + r")\b")),
    )
