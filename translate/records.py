"""The data that flows between the stages: plain frozen dataclasses, no behaviour.

Offsets are character offsets into the original text of a document, so for
every segment ``document.text[segment.start:segment.end] == segment.text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Kind(str, Enum):
    """What a segment of an article is."""

    CLAIM = "claim"
    HEADING = "heading"
    BOILERPLATE = "boilerplate"


class Status(str, Enum):
    """The verdict on one segment."""

    SHARED = "shared"
    ONLY_HERE = "only_here"
    DIVERGING = "diverging"
    SET_ASIDE = "set_aside"


@dataclass(frozen=True, slots=True)
class Document:
    """One article of the corpus, as read from disk."""

    id: str
    path: str  # relative to the corpus folder, with forward slashes
    language: str  # BCP-47 primary tag: "nb", "en", ...
    title: str
    text: str
    language_source: str = "manifest"  # "manifest" or "detected"
    outlet: str | None = None
    date: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Segment:
    """A span of a document: a claim, or something set aside (a heading, web junk).

    ``english`` is the text itself for an English document and the translation
    otherwise; ``translation_source`` says where that translation came from.
    """

    document: str
    index: int
    start: int
    end: int
    text: str
    kind: Kind
    speaker: str | None = None  # who said or reported it: "Putin", "RIA Novosti", "the AP"
    reason: str | None = None  # why a boilerplate segment was set aside: caption, credit, widget, ...
    sentence: tuple[int, int] | None = None  # span of the sentence a claim was cut from, when cut
    english: str | None = None
    translation_source: str | None = None

    @property
    def id(self) -> str:
        return f"{self.document}.{self.index}"


# The issue and the design call the unit a claim; most segments are claims.
Claim = Segment


@dataclass(frozen=True, slots=True)
class Match:
    """The best candidate for one claim in one other document."""

    claim: str  # id of the claim being judged
    other: str  # id of the candidate claim
    document: str  # the candidate's document
    score: float  # probability that the two state the same claim (translate.score_pairs)
    terms: tuple[str, ...] = ()  # the rare words both claims share, most telling first
    # Probability that they state the same claim apart from attribution, dates and
    # times (the "core" view); a pair only this view matches counts when a detail conflicts.
    core_score: float | None = None
    window: tuple[str, ...] = ()  # when two adjacent claims together are the candidate: both ids
    via: tuple[str, ...] = ()  # when this claim and its neighbour together are the candidate's match: both ids
    counted: bool = False  # whether the pair counts as the same claim (shared or diverging)
    differences: tuple[Difference, ...] = ()  # the details the two tell differently, by type

    @property
    def diverging(self) -> bool:
        return self.counted and any(d.conflict for d in self.differences)


@dataclass(frozen=True, slots=True)
class Difference:
    """One kind of detail two matched claims tell differently (translate/differences.py)."""

    kind: str  # date, number, speaker, name, quote, negation
    here: tuple[str, ...]  # the values in the claim being judged that its counterpart lacks
    there: tuple[str, ...]  # the values in its counterpart that the claim lacks
    conflict: bool  # both tell this detail and disagree; otherwise one side only tells it
    # When the claim judged is a translation and its source sentence has a value the
    # translation lost or changed, the difference may be the translator's: what it lost.
    translation_lost: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the comparison says about one segment."""

    claim: str
    status: Status
    matches: tuple[Match, ...] = ()  # one per other document where the best match counted
    closest: Match | None = None  # the best candidate anywhere, even below the threshold
    candidates: tuple[Match, ...] = ()  # the best candidate in each other document, any score
    # For a translated claim: numbers, dates and names of the source sentence that
    # its English lost or changed (translate/guard.py), as "source value" strings.
    translation_issues: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Group:
    """One claim told by several documents: the same matcher's matches, joined."""

    claims: tuple[str, ...]  # claim ids, in corpus order; the first stands for the group
    documents: tuple[str, ...]  # the documents of those claims
    # Other documents a member is matched with one way only (A's best is B's claim,
    # but that claim's best is another): they carry something close to it.
    linked: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TranslationInfo:
    """Which translator stood behind the English text of the non-English claims."""

    model: str | None  # hub id or local folder, None when no model was needed
    revision: str | None  # resolved commit hash (hub) or content fingerprint (folder)
    supplied: str | None  # the --translations file, as the user named it
    counts: dict[str, int] = field(default_factory=dict)  # source kind -> sentences
    backend: str | None = None  # "transformers" or "ct2-int8" / "ct2-float16"; None when no model ran


@dataclass(frozen=True, slots=True)
class Comparison:
    """Everything a renderer needs: nothing in here is computed by the renderers."""

    corpus: str
    documents: tuple[Document, ...]
    segments: tuple[Segment, ...]
    verdicts: tuple[Verdict, ...]
    groups: tuple[Group, ...]
    settings: dict[str, object]
    translation: TranslationInfo
    version: str
