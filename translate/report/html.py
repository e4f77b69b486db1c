"""Comparison -> one self-contained HTML page: the articles side by side, every claim coloured by its verdict.

Rendered with Jinja2 and autoescaping on: article text only ever reaches the
page as escaped text, and the script builds the evidence panel with
``textContent``, never with markup. Everything the page needs is inline: the
style, the script and the data (as JSON in a non-executable script element).
A Content-Security-Policy allows exactly that style and that script, by their
hashes, and nothing else: no font, image, script or request leaves the file,
and a script that found its way into the page anyway would not run. Nothing
new is computed here.

Markup contract (tests and other tools rely on it): every segment of the JSON's
``claims`` is one element with ``data-claim`` (its id) and ``data-status`` (its
status), exactly as in the JSON.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from pathlib import Path

from ..lang import language_name
from ..records import Comparison, Difference, Kind, Match, Status
from .text import KIND_NAMES, evidence_parts, visible

TEMPLATES = Path(__file__).with_name("templates")

# How each status reads, with colour or without (the label is drawn beside the claim).
STATUS_LABELS = {
    Status.SHARED: ("shared", "S"),
    Status.DIVERGING: ("told differently", "≠"),
    Status.RECURRING: ("recurring", "R"),
    Status.RELATED: ("possibly related", "?"),
    Status.ONLY_HERE: ("only here", "1"),
    Status.SET_ASIDE: ("set aside", "–"),
}


@lru_cache(maxsize=1)
def _environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    return Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True), undefined=StrictUndefined, keep_trailing_newline=True
    )


def _csp_hash(content: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(content.encode("utf-8")).digest()).decode("ascii")


def render_html(comparison: Comparison) -> str:
    """The side-by-side view: summary and events on top, then one column per document."""
    from markupsafe import Markup

    css = (TEMPLATES / "view.css").read_text(encoding="utf-8")
    script = (TEMPLATES / "view.js").read_text(encoding="utf-8")
    verdict = {v.claim: v for v in comparison.verdicts}
    segments = {s.id: s for s in comparison.segments}
    return _environment().get_template("view.html").render(
        version=comparison.version,
        corpus=visible(comparison.corpus),
        css=Markup(css),  # the package's own files, not article text
        script=Markup(script),
        style_hash=_csp_hash(css),
        script_hash=_csp_hash(script),
        statuses=[_Status(s) for s in Status],
        events=_events(comparison, verdict),
        documents=_documents(comparison, verdict),
        signature=visible(comparison.settings.signature(comparison.translation, comparison.version)),
        data={"claims": {s.id: _claim_data(s.id, verdict, segments) for s in comparison.segments}},
    )


class _Status:
    def __init__(self, status: Status) -> None:
        self.value = status.value
        self.name, self.label = STATUS_LABELS[status]


def _events(comparison: Comparison, verdict) -> list[dict]:
    out = []
    for event in comparison.events:
        conflicts, seen = [], set()
        only = []
        for segment in comparison.segments:
            if segment.document not in event.documents:
                continue
            for match in verdict[segment.id].matches:
                key = frozenset({match.claim, *(match.window or (match.other,)), *match.via})
                if match.diverging and key not in seen:
                    seen.add(key)
                    details = "; ".join(_difference_words(d) for d in match.differences if d.conflict)
                    conflicts.append(visible(f"{match.claim} and {'+'.join(match.window or (match.other,))}: {details}"))
        for document in event.documents:
            claims = [s for s in comparison.segments if s.document == document and verdict[s.id].status is not Status.SET_ASIDE]
            alone = [s for s in claims if verdict[s.id].status is Status.ONLY_HERE]
            only.append(f"Only in {document}: {len(alone)} of {len(claims)} claims")
        out.append(
            {
                "id": event.id,
                "documents": list(event.documents),
                "evidence_line": visible("; ".join(event.evidence) + "." if event.evidence else ""),
                "conflicts": conflicts,
                "only_here": only,
            }
        )
    return out


def _documents(comparison: Comparison, verdict) -> list[dict]:
    out = []
    for document in comparison.documents:
        mine = sorted((s for s in comparison.segments if s.document == document.id), key=lambda s: s.start)
        translated = document.language != "en"
        paragraphs: list[list[dict]] = [[]]
        cursor = 0
        text = document.text
        for segment in mine:
            _gap(text[cursor : segment.start], paragraphs)
            name, label = STATUS_LABELS[verdict[segment.id].status]
            paragraphs[-1].append(
                {
                    "claim": segment.id,
                    "status": verdict[segment.id].status.value,
                    "label": label,
                    "title": f"{segment.id}: {name}",
                    "text": visible(segment.text),
                    "english": visible(segment.english) if translated and segment.english else None,
                }
            )
            cursor = segment.end
        _gap(text[cursor:], paragraphs)
        meta = ", ".join(x for x in (document.outlet, document.date, language_name(document.language), document.url) if x)
        out.append(
            {
                "id": visible(document.id),
                "title": visible(document.title),
                "meta": visible(meta),
                "translated": translated,
                "paragraphs": [p for p in paragraphs if p],
            }
        )
    return out


def _gap(between: str, paragraphs: list[list[dict]]) -> None:
    """The text between two segments: a blank line starts a new paragraph, anything else stays as it is."""
    parts = between.split("\n\n")
    for number, part in enumerate(parts):
        if number:
            paragraphs.append([])
        if part.strip():
            paragraphs[-1].append({"claim": None, "text": visible(part)})
        elif part and paragraphs[-1]:
            paragraphs[-1].append({"claim": None, "text": " "})


def _claim_data(claim: str, verdict, segments) -> dict:
    v = verdict[claim]
    segment = segments[claim]
    name, _ = STATUS_LABELS[v.status]
    links = [_link(m) for m in (*v.matches, *v.related)]
    return {
        "status": v.status.value,
        "label": name,
        "english": visible(segment.english or segment.text),
        "reason": segment.reason or ("heading" if segment.kind is Kind.HEADING else None),
        "links": links,
    }


def _link(match: Match) -> dict:
    evidence = evidence_parts(match)
    return {
        "document": match.document,
        "claims": list(match.window or (match.other,)),
        "tier_label": STATUS_LABELS[match.tier][0].capitalize(),
        "evidence": visible("; ".join(evidence) + "."),
        "differences": [
            {
                "kind": KIND_NAMES[d.kind],
                "here": visible(", ".join(d.here) or "—"),
                "there": visible(", ".join(d.there) or "—"),
                "note": "check the translation" if d.translation_lost else "conflict" if d.conflict else "only one gives it",
            }
            for d in match.differences
        ],
        "diff": {"here": [[visible(t), f] for t, f in match.diff.here], "there": [[visible(t), f] for t, f in match.diff.there]} if match.diff else None,
    }


def _difference_words(difference: Difference) -> str:
    here = ", ".join(v.capitalize() if difference.kind == "date" else v for v in difference.here) or "—"
    there = ", ".join(v.capitalize() if difference.kind == "date" else v for v in difference.there) or "—"
    return f"{KIND_NAMES[difference.kind]} {here} against {there}"
