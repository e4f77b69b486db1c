"""Comparison -> JSON for scripts; the layout is documented in docs/json.md. Nothing new is computed here."""

from __future__ import annotations

import json

from ..records import Comparison, Match, Verdict

JSON_SCHEMA_VERSION = 2


def _match_json(match: Match | None) -> dict | None:
    if match is None:
        return None
    return {
        "document": match.document,
        "claim": match.other,
        "window": list(match.window),
        "via": list(match.via),
        "score": match.score,
        "core_score": match.core_score,
        "counted": match.counted,
        "diverging": match.diverging,
        "terms": list(match.terms),
        "differences": [
            {"kind": d.kind, "here": list(d.here), "there": list(d.there), "conflict": d.conflict, "translation_lost": list(d.translation_lost)}
            for d in match.differences
        ],
    }


def render_json(comparison: Comparison) -> str:
    """The same result for scripts; the layout is documented in docs/json.md."""
    verdict: dict[str, Verdict] = {v.claim: v for v in comparison.verdicts}
    info = comparison.translation
    data = {
        "version": comparison.version,
        "schema": JSON_SCHEMA_VERSION,
        "corpus": comparison.corpus,
        "settings": comparison.settings.to_json(),
        "translation": {
            "model": info.model,
            "revision": info.revision,
            "backend": info.backend,
            "supplied": info.supplied,
            "counts": info.counts,
        },
        "documents": [
            {
                "id": d.id,
                "path": d.path,
                "language": d.language,
                "language_source": d.language_source,
                "title": d.title,
                "outlet": d.outlet,
                "date": d.date,
                "url": d.url,
            }
            for d in comparison.documents
        ],
        "claims": [
            {
                "id": s.id,
                "document": s.document,
                "index": s.index,
                "start": s.start,
                "end": s.end,
                "text": s.text,
                "kind": s.kind.value,
                "speaker": s.speaker,
                "reason": s.reason,
                "sentence": {"start": s.sentence[0], "end": s.sentence[1]} if s.sentence else None,
                "english": s.english,
                "translation_source": s.translation_source,
                "status": verdict[s.id].status.value,
                "matches": [_match_json(m) for m in verdict[s.id].matches],
                "closest": _match_json(verdict[s.id].closest),
                "candidates": [_match_json(m) for m in verdict[s.id].candidates],
                "translation_issues": list(verdict[s.id].translation_issues),
            }
            for s in comparison.segments
        ],
        "groups": [
            {"claims": list(g.claims), "documents": list(g.documents), "linked": list(g.linked)} for g in comparison.groups
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
