"""Measure the tool against the labelled seed corpus: ``python -m translate.evaluate segmentation``.

The labels in ``tests/data/`` were written by reading the articles, not by
running the tool. Each command prints its figures as a Markdown table; with
``--write`` it also replaces its own section of ``docs/evaluation.md``, so the
figures there are always the output of the committed command.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .corpus import load_corpus
from .records import Document, Kind, Segment
from .segment import segment_document

ROOT = Path(__file__).resolve().parent.parent
SEGMENT_LABELS = ROOT / "tests" / "data" / "seed_segments.toml"
CORPUS = ROOT / "corpus"
EVALUATION_DOC = ROOT / "docs" / "evaluation.md"


@dataclass(frozen=True, slots=True)
class Label:
    document: str
    start: int
    end: int
    kind: Kind
    reason: str | None
    speaker: str | None


def load_segment_labels(path: Path, documents: Sequence[Document]) -> list[Label]:
    """The labelled segments, located in their documents in order (each text must be found after the last)."""
    texts = {d.id: d.text for d in documents}
    cursor: dict[str, int] = {}
    labels = []
    for entry in tomllib.loads(path.read_text(encoding="utf-8"))["segment"]:
        doc = entry["document"]
        start = texts[doc].find(entry["text"], cursor.get(doc, 0))
        if start < 0:
            raise ValueError(f"{path}: label text not found in document {doc} after offset {cursor.get(doc, 0)}: {entry['text'][:60]!r}")
        end = start + len(entry["text"])
        cursor[doc] = end
        labels.append(Label(doc, start, end, Kind(entry["kind"]), entry.get("reason"), entry.get("speaker") or None))
    return labels


def same_speaker(expected: str | None, found: str | None) -> bool:
    """Names agree when equal or when their last words agree ("Jurij Usjakov" and "Usjakov")."""
    if not expected or not found:
        return not expected and not found
    a, b = expected.casefold().split(), found.casefold().split()
    return a == b or a[-1] == b[-1]


def _prf(found: set, expected: set) -> tuple[float, float, float]:
    hit = len(found & expected)
    precision = hit / len(found) if found else 1.0
    recall = hit / len(expected) if expected else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def segmentation_scores(documents: Sequence[Document], labels: Sequence[Label]) -> dict[str, object]:
    """Boundary F1, boilerplate and heading precision/recall, speaker accuracy."""
    segments: list[Segment] = [s for d in documents for s in segment_document(d)]
    labelled_docs = {label.document for label in labels}
    segments = [s for s in segments if s.document in labelled_docs]

    def boundaries(spans) -> set:
        return {(doc, offset) for doc, start, end in spans for offset in (start, end)}

    boundary = _prf(
        boundaries((s.document, s.start, s.end) for s in segments),
        boundaries((x.document, x.start, x.end) for x in labels),
    )
    out: dict[str, object] = {
        "documents": len(labelled_docs),
        "labelled segments": len(labels),
        "boundary": boundary,
    }
    for kind in (Kind.BOILERPLATE, Kind.HEADING):
        out[kind.value] = _prf(
            {(s.document, s.start, s.end) for s in segments if s.kind is kind},
            {(x.document, x.start, x.end) for x in labels if x.kind is kind},
        )
    found = {(s.document, s.start, s.end): s for s in segments}
    reasons = [x for x in labels if x.kind is Kind.BOILERPLATE]
    out["boilerplate reason"] = sum(
        1 for x in reasons if (s := found.get((x.document, x.start, x.end))) and s.reason == x.reason
    ) / max(1, len(reasons))
    claims = [x for x in labels if x.kind is Kind.CLAIM]
    right = [x for x in claims if (s := found.get((x.document, x.start, x.end))) and same_speaker(x.speaker, s.speaker)]
    attributed = [x for x in claims if x.speaker]
    out["speaker"] = len(right) / max(1, len(claims))
    out["speaker, attributed claims"] = sum(1 for x in attributed if x in right) / max(1, len(attributed))
    out["claims"] = len(claims)
    out["attributed claims"] = len(attributed)
    def got(x: Label) -> str:
        segment = found.get((x.document, x.start, x.end))
        return "(no such segment)" if segment is None else segment.speaker or "—"

    out["misses"] = [f"{x.document} {x.speaker or '—'} ≠ {got(x)}" for x in claims if x not in right]
    return out


def segmentation_report(scores: dict[str, object]) -> str:
    bp, br, bf = scores["boundary"]
    lines = [
        f"Labelled seed corpus: {scores['documents']} documents, {scores['labelled segments']} segments, "
        f"{scores['claims']} claims ({scores['attributed claims']} with a speaker).",
        "",
        "| Measure | Precision | Recall | F1 | Target |",
        "| --- | ---: | ---: | ---: | --- |",
        f"| Segment boundaries (sentences and claim cuts) | {bp:.3f} | {br:.3f} | {bf:.3f} | F1 ≥ 0.97 |",
    ]
    p, r, f = scores["boilerplate"]
    lines.append(f"| Boilerplate (web junk set aside) | {p:.3f} | {r:.3f} | {f:.3f} | recall 1.0, precision ≥ 0.9 |")
    p, r, f = scores["heading"]
    lines.append(f"| Headings | {p:.3f} | {r:.3f} | {f:.3f} | |")
    lines += [
        "",
        "| Measure | Accuracy | Target |",
        "| --- | ---: | --- |",
        f"| Speaker, all claims (none expected counts too) | {scores['speaker']:.3f} | ≥ 0.9 |",
        f"| Speaker, claims with a speaker | {scores['speaker, attributed claims']:.3f} | |",
        f"| Boilerplate reason (caption, credit, widget, …) | {scores['boilerplate reason']:.3f} | |",
    ]
    if scores["misses"]:
        lines += ["", "Speaker misses (document, expected ≠ found): " + "; ".join(scores["misses"]) + "."]
    return "\n".join(lines)


def _write_section(name: str, body: str, command: str) -> None:
    begin, end = f"<!-- {name}: begin -->", f"<!-- {name}: end -->"
    block = f"{begin}\n_Written by `{command}`._\n\n{body}\n{end}"
    text = EVALUATION_DOC.read_text(encoding="utf-8")
    if begin not in text or end not in text:
        raise SystemExit(f"{EVALUATION_DOC} has no {begin} … {end} markers for this section")
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    EVALUATION_DOC.write_text(head + block + tail, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m translate.evaluate", description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["segmentation"], help="what to measure")
    parser.add_argument("--write", action="store_true", help=f"also update its section of {EVALUATION_DOC.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    documents = load_corpus(CORPUS)
    scores = segmentation_scores(documents, load_segment_labels(SEGMENT_LABELS, documents))
    body = segmentation_report(scores)
    print(body)
    if args.write:
        _write_section("segmentation", body, "python -m translate.evaluate segmentation --write")
    return 0


if __name__ == "__main__":
    sys.exit(main())
