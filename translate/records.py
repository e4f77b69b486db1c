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
    """The verdict on one segment, strongest first (a claim takes the strongest its counterparts give)."""

    DIVERGING = "diverging"  # the same claim in a report of the same event, a detail told differently
    SHARED = "shared"  # the same claim in a report of the same event
    RECURRING = "recurring"  # the same statement in a report of another event
    RELATED = "related"  # a counterpart too weak to assert, for a reviewer to decide
    ONLY_HERE = "only_here"
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
    event: str | None = None  # the manifest's event label, when the user gave one


@dataclass(frozen=True, slots=True)
class Event:
    """Documents judged to report the same event, and why (translate/compare/events.py)."""

    id: str  # "E1", "E2", ... in corpus order
    documents: tuple[str, ...]
    evidence: tuple[str, ...]  # one sentence each: shared claims, dates, the manifest


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
    sentence_english: str | None = None  # the whole translation of the sentence a translated claim was cut from
    # The model's mean log-probability per output token for the sentence (0 is certain); None when not by a model.
    translation_confidence: float | None = None

    @property
    def id(self) -> str:
        return f"{self.document}.{self.index}"


# The issue and the design call the unit a claim; most segments are claims.
Claim = Segment


@dataclass(frozen=True, slots=True)
class Evidence:
    """How one similarity ranks a candidate (translate/align.py): the numbers a link is decided on."""

    similarity: float  # cosine: of TF-IDF vectors (lexical) or of sentence embeddings (semantic)
    margin: float  # the similarity over the mean of both claims' nearest neighbours' (ratio margin): 1.0 is ordinary
    best_here: bool  # the candidate is the claim's best in its document
    best_there: bool  # the claim is the candidate's best in the claim's document


@dataclass(frozen=True, slots=True)
class Candidate:
    """One scored candidate counterpart of a claim in another document (translate/align.py)."""

    claim: str  # id of the claim being judged
    others: tuple[str, ...]  # the candidate: one claim id, or two adjacent claims of the other document
    document: str  # the candidate's document
    lexical: Evidence  # TF-IDF cosine, its margin and rank
    semantic: Evidence | None = None  # sentence-embedding cosine, with --embeddings
    probability: float | None = None  # the MRPC-fitted paraphrase model's probability, for the candidates worth showing
    terms: tuple[str, ...] = ()  # the rare words both share, most telling first
    names_only: bool = False  # every content word the two share is a name ("Russian President Vladimir Putin")


@dataclass(frozen=True, slots=True)
class WordDiff:
    """Two texts as runs of words, each run marked when the other text lacks it; renderers mark and escape it."""

    here: tuple[tuple[str, bool], ...]
    there: tuple[tuple[str, bool], ...]


@dataclass(frozen=True, slots=True)
class Match:
    """A claim's counterpart in one other document, as translate/compare/ judged it."""

    claim: str  # id of the claim being judged
    other: str  # id of the counterpart (the first of two when ``window`` is set)
    document: str  # the counterpart's document
    tier: Status  # shared, diverging, recurring or related: what this counterpart makes of the claim
    lexical: Evidence  # the TF-IDF cosine, its margin and rank
    semantic: Evidence | None = None  # the sentence-embedding cosine, with --embeddings
    probability: float | None = None  # the MRPC-fitted paraphrase model's probability
    terms: tuple[str, ...] = ()  # the rare words both claims share, most telling first
    window: tuple[str, ...] = ()  # when two adjacent claims together are the counterpart: both ids
    via: tuple[str, ...] = ()  # when this claim and its neighbour together are the counterpart's match: both ids
    differences: tuple[Difference, ...] = ()  # the details the two tell differently, by type
    diff: WordDiff | None = None  # word by word
    verified: str | None = None  # the --verifier's finding: "both ways", "one way" or "neither way"

    @property
    def diverging(self) -> bool:
        return self.tier is Status.DIVERGING

    @property
    def counted(self) -> bool:
        """Whether the counterpart states the same claim (shared, told differently, or recurring across events)."""
        return self.tier in (Status.SHARED, Status.DIVERGING, Status.RECURRING)


@dataclass(frozen=True, slots=True)
class Difference:
    """One kind of detail two matched claims tell differently (translate/compare/differences.py)."""

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
    matches: tuple[Match, ...] = ()  # one per other document where a counterpart counts (shared, diverging, recurring)
    related: tuple[Match, ...] = ()  # counterparts too weak to assert, for a reviewer
    closest: Candidate | None = None  # the best candidate anywhere, counted or not
    candidates: tuple[Candidate, ...] = ()  # the best candidate in each other document
    # For a translated claim: numbers, dates and names of the source sentence that
    # its English lost or changed (translate/compare/guard.py), as "kind: value" strings.
    translation_issues: tuple[str, ...] = ()
    doubtful: bool = False  # the translating model was unsure of this claim's sentence (translate/compare/)


@dataclass(frozen=True, slots=True)
class Group:
    """One claim told by several documents: the same matcher's matches, joined."""

    claims: tuple[str, ...]  # claim ids, in corpus order; the first stands for the group
    documents: tuple[str, ...]  # the documents of those claims
    # Other documents a member is matched with one way only (A's best is B's claim,
    # but that claim's best is another): they carry something close to it.
    linked: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class UsedModel:
    """A model that translated in a run, and the languages it translated."""

    languages: tuple[str, ...]
    model: str  # hub id or local folder, as given
    revision: str  # resolved commit hash (hub) or content fingerprint (folder)
    backend: str  # "transformers", "ct2-int8" or "ct2-float16"


@dataclass(frozen=True, slots=True)
class TranslationInfo:
    """Where the English of the non-English claims came from."""

    models: tuple[UsedModel, ...] = ()  # the models that were needed (none when the file covered everything)
    supplied: str | None = None  # the --translations file, as the user named it
    counts: dict[str, int] = field(default_factory=dict)  # source kind -> sentences

    @property
    def model(self) -> str | None:
        return self.models[0].model if self.models else None

    @property
    def revision(self) -> str | None:
        return self.models[0].revision if self.models else None

    @property
    def backend(self) -> str | None:
        return self.models[0].backend if self.models else None


# --- Settings: built once (by the CLI or the caller), passed down, stored on the Comparison. ---

# The model of a sentence whose language is not known (translate/mt/models.py has the table per
# language): the best Norwegian->English OPUS-MT model, FLORES-200 nob->eng 44.2 BLEU / COMET 0.79.
DEFAULT_MODEL = "Helsinki-NLP/opus-mt-tc-big-gmq-en"
# Measured with bench/mt_speed.py on the default model's architecture (docs/performance.md):
# batch 32 translated 1.2x (transformers) to 1.3x (CTranslate2) faster than 16, within 2 GiB.
DEFAULT_BATCH_SIZE = 32
# Beam 4: what the OPUS-MT checkpoints' own generation config on the hub asks for. Greedy
# decoding is faster (docs/performance.md), but its quality cannot be measured here without
# the real weights, so the default follows the model's authors.
DEFAULT_NUM_BEAMS = 4
BACKENDS = ("auto", "transformers", "ct2")


@dataclass(frozen=True, slots=True)
class TranslationSettings:
    """How non-English sentences get their English: the model, the supplied file, the generation settings."""

    model: str | None = None  # one model (hub id or folder) for every language; None: translate/mt/models.py's table
    models: tuple[tuple[str, str], ...] = ()  # (language, model) pairs that override both, from --model LANG=ID
    revision: str | None = None  # a commit, branch or tag of a hub model
    translations: str | None = None  # a --translations TSV, as the user named it
    device: str = "auto"  # auto (CUDA when present), cpu, cuda, cuda:N
    batch_size: int = DEFAULT_BATCH_SIZE
    num_beams: int = DEFAULT_NUM_BEAMS
    cache_dir: str | None = None  # None: the user cache folder (TRANSLATE_COMPARE_CACHE moves it)
    allow_pickle: bool = False  # load pickled pytorch_model.bin weights (they can run code)
    backend: str = "auto"  # one of BACKENDS; auto is CTranslate2 when installed


@dataclass(frozen=True, slots=True)
class MatchSettings:
    """How claims are matched. ``compare_corpus`` fills in what it resolves (the matcher, the models' revisions)."""

    embeddings: str | None = None  # a sentence-transformers hub id or folder, or None
    verifier: str | None = None  # a sentence-transformers CrossEncoder (NLI) hub id or folder, or None
    one_event: bool = False  # treat the corpus as one event, whatever the evidence
    # Resolved by the run:
    verifier_revision: str | None = None
    embeddings_revision: str | None = None
    matcher: str | None = None  # the matcher in words, as the report header shows it
    matcher_name: str | None = None  # the fitted model's name (translate/weights.json), as the signature pins it


@dataclass(frozen=True, slots=True)
class RunSettings:
    """Everything that decides a run's result: the single source of the report header, the JSON settings and the signature."""

    translation: TranslationSettings = field(default_factory=TranslationSettings)
    match: MatchSettings = field(default_factory=MatchSettings)
    timestamp: str | None = None  # only when asked for: the same inputs must give the same bytes

    def to_json(self) -> dict[str, object]:
        """The JSON ``settings`` object (docs/json.md)."""
        t, m = self.translation, self.match
        out: dict[str, object] = {
            "matcher": m.matcher,
            "embeddings": m.embeddings,
            "embeddings_revision": m.embeddings_revision,
            "verifier": m.verifier,
            "verifier_revision": m.verifier_revision,
            "one_event": m.one_event,
            "model": t.model,
            "models": dict(t.models),
            "revision": t.revision,
            "translations": t.translations,
            "device": t.device,
            "batch_size": t.batch_size,
            "num_beams": t.num_beams,
            "backend": t.backend,
        }
        if self.timestamp is not None:
            out["timestamp"] = self.timestamp
        return out

    def signature(self, info: TranslationInfo, version: str) -> str:
        """One line that pins the result, in the manner of sacrebleu's signature."""
        m = self.match
        match = f"match:{m.matcher_name}"
        if m.embeddings:
            match += f"+embeddings:{m.embeddings}@{m.embeddings_revision}"
        if m.verifier:
            match += f"+verifier:{m.verifier}@{m.verifier_revision}"
        return "|".join(
            [
                f"translate-compare:{version}",
                "model:" + (",".join(f"{'+'.join(u.languages)}={u.model}@{u.revision}" for u in info.models) or "none"),
                f"beams:{self.translation.num_beams if info.model else 'none'}",
                f"translations:{info.supplied or 'none'}",
                match,
                f"events:{'one' if m.one_event else 'found'}",
            ]
        )


@dataclass(frozen=True, slots=True)
class Comparison:
    """Everything a renderer needs: nothing in here is computed by the renderers."""

    corpus: str
    documents: tuple[Document, ...]
    segments: tuple[Segment, ...]
    verdicts: tuple[Verdict, ...]
    groups: tuple[Group, ...]
    events: tuple[Event, ...]
    settings: RunSettings
    translation: TranslationInfo
    version: str
