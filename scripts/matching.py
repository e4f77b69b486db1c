"""How well claims are matched, on labels a person wrote: the seed corpus, NTREX stories, ClaimDiff, MRPC.

Used by ``python scripts/evaluate.py matching``; the tests read the same
functions. Nothing here is fitted: every corpus goes through the library's
stages (segment, translate, align, compare) as a run does.

- Seed corpus (tests/data/seed_matches.toml): its three events, same-event
  links (shared and told differently), recurring statements between events,
  told-differently verdicts, top-1 retrieval.
- NTREX stories (tests/data/ntrex_matches.toml; the articles are read from
  ../shared/data/ntrex-dev at run time): one article of each story in its
  Bokmål version with its English lines as the supplied translation, the
  others in English. Labels are by NTREX line, so a link between two lines is
  found when any claim of the one is linked to any claim of the other.
- ClaimDiff's training split (../shared/data/claimdiff): for each pair of
  articles, the claims the dataset took from each, compared as two documents
  of one event; the share of pairs labelled as neither strengthening nor
  weakening (two different claims) that the pipeline links.
"""

from __future__ import annotations

import json
import tomllib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from translate.align import align_claims
from translate.compare import decide_verdicts
from translate.corpus import load_corpus
from translate.mt import SuppliedTranslations, translate_segments
from translate.pipeline import align_within_events
from translate.records import Document, Kind, Segment, Status, Verdict
from translate.segment import segment_document

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
NTREX = SHARED / "ntrex-dev"
CLAIMDIFF = SHARED / "claimdiff"
SEED_LABELS = ROOT / "tests" / "data" / "seed_matches.toml"
NTREX_LABELS = ROOT / "tests" / "data" / "ntrex_matches.toml"
CORPUS = ROOT / "corpus"
REFERENCE = CORPUS / "reference" / "000.en.tsv"
LINKED = (Status.SHARED, Status.DIVERGING)


@dataclass
class Outcome:
    """What one corpus's comparison gave, in the labels' terms."""

    name: str
    events_expected: list[set[str]] | None
    events_found: list[set[str]]
    same_event: dict[str, int] = field(default_factory=lambda: {"links": 0, "right": 0, "sure": 0, "sure found": 0})
    recurring: dict[str, int] = field(default_factory=lambda: {"links": 0, "right": 0, "sure": 0, "sure found": 0})
    diverging_across_events: int = 0
    diverging: list[str] = field(default_factory=list)
    conflicts_expected: int = 0
    conflicts_found: int = 0
    top1: tuple[int, int] = (0, 0)
    false_links: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)


def compare(documents: Sequence[Document], segments: Sequence[Segment], embedder=None, **options):
    """The library's align and compare stages, as a run calls them."""
    candidates, events = align_within_events(documents, segments, embedder=embedder, one_event=options.pop("one_event", False))
    verdicts, _, events = decide_verdicts(documents, segments, candidates, events=events, **options)
    # Top-1 retrieval measures how the scores rank every claim of every other document, so it
    # reads the candidates of every pair of documents, not only those the index picked.
    return align_claims(segments, embedder, exhaustive=True), verdicts, events


# --- the seed corpus -------------------------------------------------------------------------------


def seed_corpus() -> tuple[tuple[Document, ...], list[Segment]]:
    documents = load_corpus(CORPUS)
    segments = [s for d in documents for s in segment_document(d)]
    segments, _ = translate_segments(documents, segments, supplied=SuppliedTranslations.read(REFERENCE))
    return documents, list(segments)


def _locate(segments: Sequence[Segment], document: str, fragment: str) -> str:
    found = [s.id for s in segments if s.document == document and s.kind is Kind.CLAIM and fragment in s.text]
    if len(found) != 1:
        raise ValueError(f"{SEED_LABELS.name}: {fragment!r} is in {len(found)} claims of {document}, not one")
    return found[0]


def seed_labels(segments: Sequence[Segment]) -> tuple[set[frozenset], set[frozenset], list[set[str]]]:
    data = tomllib.loads(SEED_LABELS.read_text(encoding="utf-8"))
    sure, possible = set(), set()
    for link in data["link"]:
        pair = frozenset(_locate(segments, side["document"], side["text"]) for side in (link["a"], link["b"]))
        (sure if link["kind"] == "sure" else possible).add(pair)
    return sure, possible, [set(e) for e in data["events"]]


def seed_outcome(embedder=None) -> Outcome:
    documents, segments = seed_corpus()
    sure, possible, events = seed_labels(segments)
    candidates, verdicts, found = compare(documents, segments, embedder)
    return _outcome("seed", segments, candidates, verdicts, found, sure, possible, events, key=lambda c: c, conflicts=set())


# --- NTREX stories --------------------------------------------------------------------------------


def ntrex_available() -> bool:
    return (NTREX / "newstest2019-src.eng.txt").is_file()


def ntrex_articles() -> dict[str, tuple[list[str], list[str]]]:
    """Article id -> (English lines, Bokmål lines)."""
    ids = (NTREX / "DOCUMENT_IDS.tsv").read_text(encoding="utf-8").splitlines()
    english = (NTREX / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()
    bokmal = (NTREX / "newstest2019-ref.nob.txt").read_text(encoding="utf-8").splitlines()
    articles: dict[str, tuple[list[str], list[str]]] = {}
    for article, en, nb in zip(ids, english, bokmal, strict=True):
        articles.setdefault(article, ([], []))
        articles[article][0].append(en)
        articles[article][1].append(nb)
    return articles


def ntrex_stories() -> list[dict]:
    return tomllib.loads(NTREX_LABELS.read_text(encoding="utf-8"))["story"]


def ntrex_corpus(story: dict, folder: Path, *, bokmal: bool = True) -> tuple[tuple[Document, ...], list[Segment], dict[str, str]]:
    """The story as a corpus folder (the first article in Bokmål when ``bokmal``), compared as a run does.

    Returns the documents, the translated segments and each claim's "ARTICLE:LINE".
    """
    articles = ntrex_articles()
    folder.mkdir(parents=True, exist_ok=True)
    manifest, tsv = [], []
    for number, article in enumerate(story["documents"]):
        english, norwegian = articles[article]
        lines = norwegian if bokmal and number == 0 else english
        (folder / f"{article}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        language = "nb" if bokmal and number == 0 else "en"
        manifest.append(f'[[documents]]\nid = "{article}"\nfile = "{article}.txt"\nlanguage = "{language}"\n')
        if language == "nb":
            tsv += [f"{nb}\t{en}" for nb, en in zip(norwegian, english, strict=True)]
    (folder / "corpus.toml").write_text("\n".join(manifest), encoding="utf-8")
    documents = load_corpus(folder)
    segments = [s for d in documents for s in segment_document(d)]
    supplied = None
    if tsv:
        (folder / "translations.tsv").write_text("\n".join(tsv) + "\n", encoding="utf-8")
        supplied = SuppliedTranslations.read(folder / "translations.tsv")
    segments, _ = translate_segments(documents, segments, supplied=supplied)
    line_of = {}
    for document in documents:
        starts = [0]
        for line in document.text.split("\n")[:-1]:
            starts.append(starts[-1] + len(line) + 1)
        for s in segments:
            if s.document == document.id:
                line_of[s.id] = f"{document.id}:{max(i for i, start in enumerate(starts) if start <= s.start)}"
    return documents, list(segments), line_of


def ntrex_outcomes(folder: Path, embedder=None, *, bokmal: bool = True) -> list[Outcome]:
    out = []
    for story in ntrex_stories():
        documents, segments, line_of = ntrex_corpus(story, folder / story["documents"][0], bokmal=bokmal)
        sure = {frozenset(p) for p in story["sure"]}
        possible = {frozenset(p) for p in story["possible"]}
        conflicts = {frozenset(c["pair"]) for c in story.get("conflict", [])}
        events = [set(e) for e in story["events"]] or None
        candidates, verdicts, found = compare(documents, segments, embedder)
        out.append(_outcome(story["name"], segments, candidates, verdicts, found, sure, possible, events, key=line_of.get, conflicts=conflicts))
    return out


# --- measuring one comparison -----------------------------------------------------------------------


def _outcome(name, segments, candidates, verdicts: Sequence[Verdict], found, sure, possible, events, *, key, conflicts) -> Outcome:
    document_of = {s.id: s.document for s in segments}
    text_of = {s.id: s.english or s.text for s in segments}
    expected_event = {d: i for i, e in enumerate(events or []) for d in e}

    def same_expected(pair) -> bool | None:
        docs = [p.rsplit(":", 1)[0] if ":" in p else document_of[p] for p in pair]
        if not events:
            return None
        return expected_event.get(docs[0]) == expected_event.get(docs[1])

    outcome = Outcome(name, events, [set(e.documents) for e in found])
    # A link to a window of two claims links the claim to each of them: it is right when either pair is
    # labelled, and it finds every labelled pair it covers.
    predicted: dict[str, dict[frozenset, tuple[str, tuple[str, ...]]]] = {"same": {}, "recurring": {}}
    for v in verdicts:
        for m in v.matches:
            others = m.window or (m.other,)
            pairs = frozenset(frozenset((key(m.claim), key(o))) for o in others if key(m.claim) != key(o))
            if not pairs:
                continue
            if m.tier in LINKED:
                predicted["same"][pairs] = (m.claim, others)
            elif m.tier is Status.RECURRING:
                predicted["recurring"][pairs] = (m.claim, others)
            if m.tier is Status.DIVERGING:
                outcome.diverging.append(f"{m.claim}~{'+'.join(others)} ({', '.join(d.kind for d in m.differences if d.conflict)})")
                if any(same_expected(p) is False for p in pairs):
                    outcome.diverging_across_events += 1
                if pairs & conflicts:
                    outcome.conflicts_found += 1
    outcome.conflicts_expected = len(conflicts)
    for which, table in (("same", outcome.same_event), ("recurring", outcome.recurring)):
        wanted = which == "same"
        if which == "recurring" and not events:
            labelled_sure, labelled_possible = set(), set()
        else:
            labelled_sure = {p for p in sure if same_expected(p) in (wanted, None)}
            labelled_possible = {p for p in possible if same_expected(p) in (wanted, None)}
        links = predicted[which]
        covered = set().union(*links) if links else set()
        table["links"] = len(links)
        table["right"] = sum(1 for pairs in links if pairs & (labelled_sure | labelled_possible))
        table["sure"] = len(labelled_sure)
        table["sure found"] = len(labelled_sure & covered)
        if wanted:
            outcome.false_links += [
                f"{claim} ~ {'+'.join(others)}: {text_of[claim][:60]} || {' '.join(text_of[o] for o in others)[:60]}"
                for pairs, (claim, others) in links.items()
                if not pairs & (sure | possible)
            ]
            outcome.missed += [" ~ ".join(sorted(p)) for p in labelled_sure - covered]
    hit = total = 0
    for (claim, _), ranked in candidates.items():
        singles = [c for c in ranked if len(c.others) == 1]
        if not any(frozenset((key(claim), key(c.others[0]))) in sure for c in singles):
            continue
        top = max(singles, key=lambda c: c.semantic.similarity if c.semantic else c.lexical.similarity)
        total += 1
        hit += frozenset((key(claim), key(top.others[0]))) in sure | possible
    outcome.top1 = (hit, total)
    return outcome


# --- ClaimDiff --------------------------------------------------------------------------------------


def claimdiff_available() -> bool:
    return (CLAIMDIFF / "ClaimDiff-strength-train.json").is_file()


def claimdiff_scores(embedder=None) -> dict[str, int]:
    """Different-claim pairs linked, and related (strengthening or weakening) pairs linked, per claim as the pipeline decides."""
    strength = json.loads((CLAIMDIFF / "ClaimDiff-strength-train.json").read_text(encoding="utf-8"))["data"]
    weak = {d["pair_id"]: d["relation"] for d in json.loads((CLAIMDIFF / "ClaimDiff-weak-train.json").read_text(encoding="utf-8"))["data"]}
    groups: dict[tuple[str, tuple[str, str]], list[dict]] = defaultdict(list)
    for row in strength:
        if row["article_a"] != row["article_b"]:
            groups[(row["topic"], tuple(sorted((row["article_a"], row["article_b"]))))].append(row)
    out = {"different": 0, "different linked": 0, "related": 0, "related linked": 0, "article pairs": 0}
    for (_, articles), rows in sorted(groups.items()):
        claims = {a: sorted({r["claim_a"] for r in rows if r["article_a"] == a} | {r["claim_b"] for r in rows if r["article_b"] == a}) for a in articles}
        documents = tuple(
            Document(id=f"d{i}", path=f"d{i}.txt", language="en", title=a, text="\n".join(claims[a])) for i, a in enumerate(articles)
        )
        segments = [s for d in documents for s in segment_document(d)]
        line_of = {s.id: (s.document, s.text) for s in segments}
        where = {}
        for d, a in zip(documents, articles, strict=True):
            lines = claims[a]
            for s in segments:
                if s.document == d.id:
                    where[s.id] = next(i for i, line in enumerate(lines) if s.text in line)
        _, verdicts, _ = compare(documents, segments, embedder, one_event=True)
        linked = set()
        for v in verdicts:
            for m in v.matches:
                if m.tier in LINKED:
                    for o in m.window or (m.other,):
                        a, b = sorted((line_of[m.claim][0], line_of[o][0]))
                        first, second = (m.claim, o) if line_of[m.claim][0] == a else (o, m.claim)
                        linked.add((claims[articles[0]][where[first]], claims[articles[1]][where[second]]))
        labels: dict[tuple[str, str], int] = {}
        for r in rows:
            pair = (r["claim_a"], r["claim_b"]) if r["article_a"] == articles[0] else (r["claim_b"], r["claim_a"])
            labels[pair] = max(labels.get(pair, 0), r["relation"], weak[r["pair_id"]])
        out["article pairs"] += 1
        for pair, label in labels.items():
            which = "different" if label == 0 else "related"
            out[which] += 1
            out[f"{which} linked"] += pair in linked
    return out
