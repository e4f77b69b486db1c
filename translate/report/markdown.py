"""Comparison -> Markdown for readers. Nothing new is computed here.

Article text is untrusted: every piece of it goes through ``md()``, which
escapes what Markdown or HTML would act on, so a ``|`` cannot split a table row
and a ``<script>`` stays text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..lang import language_name
from ..records import Comparison, Difference, Document, Group, Kind, Match, Segment, Status, WordDiff

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")
_LINE_START = re.compile(r"^(\s*)(\d*)([-+>]|(?<=\d)[.)])(?=\s|$)")


def md(text: str) -> str:
    """Article text made inert for Markdown and HTML, on one line."""
    text = " ".join(text.split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    # "1. x" and "- x" would open a list: CommonMark escapes the punctuation ("1\\. x").
    return _LINE_START.sub(lambda m: m.group(1) + m.group(2) + "\\" + m.group(3), text)


def _score(value: float) -> str:
    return f"{value:.2f}"


class _View:
    """Look-ups over a Comparison, shared by the sections."""

    def __init__(self, comparison: Comparison) -> None:
        self.c = comparison
        self.segment = {s.id: s for s in comparison.segments}
        self.verdict = {v.claim: v for v in comparison.verdicts}
        self.document = {d.id: d for d in comparison.documents}
        self.english_docs = [d for d in comparison.documents if d.language == "en"]
        self.source_docs = [d for d in comparison.documents if d.language != "en"]
        self.threshold = float(comparison.settings.match.threshold or 0.0)

    def claims_of(self, document: Document) -> list[Segment]:
        return [s for s in self.c.segments if s.document == document.id and self.verdict[s.id].status is not Status.SET_ASIDE]


def render_markdown(comparison: Comparison) -> str:
    """The report a reader opens: settings, summary, coverage, differences, evidence."""
    view = _View(comparison)
    parts = [
        _header(view),
        _summary(view),
        _coverage(view),
        *(_only_in_source(view, d) for d in view.source_docs),
        _told_differently(view),
        _only_in_english(view),
        _shared(view),
        _matrix(view),
        _set_aside(view),
    ]
    return "\n\n".join(p.rstrip() for p in parts if p) + "\n"


def _quote(segment: Segment) -> str:
    # No quotation marks of our own: many claims open with the article's own.
    return md(segment.text) + _said_by(segment)


def _said_by(segment: Segment) -> str:
    return f" *(source: {md(segment.speaker)})*" if segment.speaker else ""


def _sentence_line(view: _View, segment: Segment) -> list[str]:
    """For a claim cut from a longer sentence, the whole sentence, so the cut can be checked."""
    if segment.sentence is None:
        return []
    start, end = segment.sentence
    return [f"   - *Cut from the sentence:* {md(view.document[segment.document].text[start:end])}"]


def _n(count: int, noun: str, plural: str | None = None) -> str:
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def _header(view: _View) -> str:
    c = view.c
    langs: dict[str, int] = {}
    for d in c.documents:
        langs[language_name(d.language)] = langs.get(language_name(d.language), 0) + 1
    doc_line = f"{len(c.documents)}: " + ", ".join(f"{n} {name}" for name, n in langs.items())
    info = c.translation
    counts = info.counts
    sources = []
    if counts.get("supplied file"):
        sources.append(f"{counts['supplied file']} from the supplied file `{md(info.supplied or '')}`")
    if counts.get("model"):
        sources.append(f"{counts['model']} translated by the model in this run")
    if counts.get("cache"):
        sources.append(f"{counts['cache']} from the translation cache (same model and settings)")
    settings = c.settings
    if info.model:
        model = (
            f"{md(info.model)} at revision `{md(info.revision or '')}`, beam size {settings.translation.num_beams}, "
            f"backend {md(info.backend or '')}"
        )
    else:
        model = f"not used: every sentence came from the supplied file (default would be {md(settings.translation.model)})"
    signature = settings.signature(info, c.version)
    return "\n".join(
        [
            f"# What each version says: {md(c.corpus)}",
            "",
            f"Which claims the {_describe(view.source_docs, 'article')} and the "
            f"{_describe(view.english_docs, 'report')} share, and which appear in only one version. "
            "Every verdict comes with its evidence: the closest counterpart in the other documents, "
            "the probability that the two state the same claim (a claim counts as found in another document at "
            f"{_score(view.threshold)} or more) and the rarest words the two share. A pair that states the same claim "
            "but tells a date, a number or the speaker differently is listed under \"Told differently\".",
            "",
            "| Setting | Value |",
            "| --- | --- |",
            f"| Corpus | `{md(c.corpus)}` |",
            f"| Documents | {doc_line} |",
            f"| Translations | {'; '.join(sources) if sources else 'none needed'} |",
            f"| Model | {model} |",
            f"| Matching | {md(settings.match.matcher or '')}; threshold {_score(view.threshold)} |",
            f"| Tool | translate-compare {md(c.version)} |",
            *([f"| Generated | {md(settings.timestamp)} |"] if settings.timestamp else []),
            "",
            f"Signature: `{signature}`",
        ]
    )


def _describe(documents: list[Document], noun: str) -> str:
    if not documents:
        return f"no {noun}s"
    names = sorted({language_name(d.language) for d in documents})
    plural = noun if len(documents) == 1 else noun + "s"
    return f"{len(documents)} {' and '.join(names)} {plural}" if len(documents) > 1 else f"{names[0]} {plural}"


def _summary(view: _View) -> str:
    rows = [
        "## Documents",
        "",
        "| Document | Title | Language | Claims | Shared | Told differently | Only here | Set aside |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for d in view.c.documents:
        statuses = [view.verdict[s.id].status for s in view.c.segments if s.document == d.id]
        claims = sum(1 for s in statuses if s is not Status.SET_ASIDE)
        rows.append(
            f"| {md(d.id)} | {md(d.title)} | {language_name(d.language)} | {claims} | "
            f"{statuses.count(Status.SHARED)} | {statuses.count(Status.DIVERGING)} | {statuses.count(Status.ONLY_HERE)} | "
            f"{statuses.count(Status.SET_ASIDE)} |"
        )
    rows += [
        "",
        "Shared: found in at least one other document, told the same way. Told differently: found, but a date, "
        "number, speaker or other key detail conflicts. Set aside: headings and lines that are not claims (listed at the end).",
    ]
    return "\n".join(rows)


def _coverage(view: _View) -> str:
    docs = view.c.documents
    rows = [
        "## Coverage",
        "",
        "How many claims of each document (row) have a counterpart in each other document (column).",
        "",
        "| Claims of ↓ found in → | " + " | ".join(md(d.id) for d in docs) + " |",
        "| --- | " + " | ".join("---:" for _ in docs) + " |",
    ]
    for row in docs:
        claims = view.claims_of(row)
        cells = []
        for col in docs:
            if col.id == row.id:
                cells.append("—")
            else:
                cells.append(str(sum(1 for s in claims if any(m.document == col.id for m in view.verdict[s.id].matches))))
        rows.append(f"| {md(row.id)} ({len(claims)} claims) | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def _english_line(segment: Segment) -> str:
    source = segment.translation_source or "none"
    if source.startswith("file:"):
        label = f"supplied translation, `{md(source[5:])}`"
    elif source.startswith("model:"):
        label = "machine translation"
    else:
        label = "no translation"
    return f"*English ({label}):* {md(segment.english or '')}"


def _text_of(view: _View, claim_id: str) -> str:
    other = view.segment[claim_id]
    # A reader of the English report compares English with English: a translated
    # candidate is shown by its translation, its original is one click away in the JSON.
    if other.english and other.english != other.text:
        return md(other.english) + " *(translation)*" + _said_by(other)
    return _quote(other)


def _candidate_line(view: _View, match: Match, *, label: str) -> str:
    verdict = "found" if match.counted else f"below {_score(view.threshold)}"
    if match.counted and match.score < view.threshold:
        verdict = f"found apart from its details: {_score(match.core_score or 0.0)} with dates and attribution set aside"
    terms = f"; shared words: {md(', '.join(match.terms))}" if match.terms else "; no rare word in common"
    ids = match.window or (match.other,)
    names = " + ".join(f"**{md(i)}**" for i in ids)
    text = " ".join(_text_of(view, i) for i in ids)
    together = f" *(together with its neighbour {md(next(i for i in match.via if i != match.claim))}, this claim matches it)*" if match.via else ""
    return f"*{label}:* {names} (probability {_score(match.score)}, {verdict}{terms}){together}: {text}"


def _best_in(view: _View, claim_id: str, documents: Iterable[Document]) -> Match | None:
    """The best candidate of a claim among ``documents``, even below the threshold."""
    wanted = {d.id for d in documents}
    pool = [m for m in view.verdict[claim_id].candidates if m.document in wanted]
    return max(pool, key=lambda m: (m.counted, m.score), default=None)


def _translation_lines(view: _View, segment: Segment) -> list[str]:
    issues = view.verdict[segment.id].translation_issues
    if not issues:
        return []
    return [f"   - *Check the translation:* its English lacks {md('; '.join(issues))} of the original."]


def _only_in_source(view: _View, document: Document) -> str:
    claims = view.claims_of(document)
    alone = [s for s in claims if view.verdict[s.id].status is Status.ONLY_HERE]
    name = language_name(document.language).split()[0]
    title = f"## Only in the {name} article ({md(document.id)})"
    lines = [title, ""]
    lines.append(
        f"{len(alone)} of the {_n(len(claims), 'claim')} of {md(document.id)} have no counterpart in any other document. "
        "Each shows the original, its English text, and its closest candidate in each English report with the probability "
        "that the two state the same claim, so a reviewer can overrule the verdict."
    )
    lines.append("")
    for number, segment in enumerate(alone, start=1):
        lines.append(f"{number}. **{md(segment.id)}** {_quote(segment)}")
        lines += _sentence_line(view, segment)
        lines.append(f"   - {_english_line(segment)}")
        lines += _translation_lines(view, segment)
        for document in view.english_docs:
            closest = _best_in(view, segment.id, [document])
            if closest is not None:
                lines.append(f"   - {_candidate_line(view, closest, label='Closest in ' + md(document.id))}")
    if not alone:
        lines.append("Every claim has a counterpart in at least one other document.")
    return "\n".join(lines)


def _english_groups(view: _View) -> list[Group]:
    """Groups told only in English: no member, and nothing a member is linked to, is in another language."""
    language = {d.id: d.language for d in view.c.documents}
    return [g for g in view.c.groups if all(language[d] == "en" for d in g.documents + g.linked)]


def _only_in_english(view: _View) -> str:
    groups = _english_groups(view)
    several = sorted((g for g in groups if len(g.documents) > 1), key=lambda g: -len(g.documents))
    single = [g for g in groups if len(g.documents) == 1]
    source_names = " or ".join(sorted({language_name(d.language).split()[0] for d in view.source_docs}))
    lines = [
        "## Only in the English reports",
        "",
        f"{_n(len(groups), 'claim')} of the English reports have no counterpart in the {source_names} "
        "article. A claim carried by several reports is listed once, with the reports that carry it.",
    ]
    if several:
        lines += ["", f"### Carried by several English reports ({len(several)})", ""]
        for number, group in enumerate(several, start=1):
            lines.append(f"{number}. {_quote(view.segment[group.claims[0]])}")
            lines.append(f"   - *Carried by {_n(len(group.documents), 'report')}:* {_carriers(view, group)}")
            closest = _best_in(view, group.claims[0], view.source_docs)
            if closest is not None:
                lines.append(f"   - {_candidate_line(view, closest, label='Closest ' + source_names + ' candidate')}")
    if single:
        lines += ["", f"### Carried by one English report ({len(single)})"]
        for document in view.english_docs:
            own = [g for g in single if g.documents[0] == document.id]
            if not own:
                continue
            lines += ["", f"**{md(document.id)}** · {md(document.title)} ({len(own)})", ""]
            for group in own:
                segment = view.segment[group.claims[0]]
                closest = _best_in(view, segment.id, view.source_docs)
                evidence = f" *(closest {source_names}: {md(closest.other)}, {_score(closest.score)})*" if closest else ""
                lines.append(f"- **{md(segment.id)}** {_quote(segment)}{evidence}")
    return "\n".join(lines)


def _carriers(view: _View, group: Group) -> str:
    first = group.claims[0]
    out = []
    for document in group.documents:
        members = [c for c in group.claims if view.segment[c].document == document]
        described = []
        for claim in members:
            if claim == first:
                described.append(md(claim))
                continue
            scores = [m.score for m in view.verdict[claim].matches if m.other in group.claims]
            described.append(f"{md(claim)}, score {_score(max(scores))}" if scores else md(claim))
        out.append(f"{md(document)} ({'; '.join(described)})")
    return ", ".join(out)


def _shared(view: _View) -> str:
    lines = ["## Shared claims", ""]
    shown = 0
    for document in view.source_docs:
        shared = [s for s in view.claims_of(document) if view.verdict[s.id].status is Status.SHARED]
        lines.append(
            f"{_n(len(shared), 'claim')} of {md(document.id)} {'has' if len(shared) == 1 else 'have'} a counterpart in the English reports; "
            "each is shown beside its counterparts, with the probability, the words they share and a word-by-word diff."
        )
        lines.append("")
        for number, segment in enumerate(shared, start=1):
            shown += 1
            lines.append(f"{number}. **{md(segment.id)}** {_quote(segment)}")
            lines += _sentence_line(view, segment)
            lines.append(f"   - {_english_line(segment)}")
            lines += _translation_lines(view, segment)
            for match in view.verdict[segment.id].matches:
                lines.append(f"   - {_candidate_line(view, match, label=md(match.document))}")
                lines += _diff_lines(view, match)
    if not view.source_docs or not shown:
        lines.append("No claim is shared across languages at this threshold.")
    return "\n".join(lines)


def _diff_lines(view: _View, match: Match, indent: str = "     ") -> list[str]:
    """Word-level diff of a matched pair, each side's own words in bold."""
    if match.diff is None:
        return []
    a, b = markdown_word_diff(match.diff)
    return [f"{indent}- *Word by word, what each lacks in the other in bold:* {md(match.claim)}: {a}", f"{indent}  {md(match.document)}: {b}"]


def markdown_word_diff(diff: WordDiff) -> tuple[str, str]:
    """Both sides of a word diff in Markdown, each with the words the other lacks in bold."""

    def side(runs: tuple[tuple[str, bool], ...]) -> str:
        return " ".join(f"**{md(text)}**" if differs else md(text) for text, differs in runs)

    return side(diff.here), side(diff.there)


_KIND_NAMES = {
    "date": "Date or time",
    "number": "Number",
    "speaker": "Speaker",
    "name": "Names only one gives",
    "quote": "Quoted words",
    "negation": "Negation",
}


def _told_differently(view: _View) -> str:
    """Every pair that states the same claim with a conflicting detail, the details side by side."""
    pairs: list[Match] = []
    seen: set[frozenset[str]] = set()
    order = {d.id: i for i, d in enumerate(view.c.documents)}
    for segment in sorted(view.c.segments, key=lambda s: (order[s.document], s.index)):
        for match in view.verdict[segment.id].matches:
            key = frozenset({match.claim, *(match.window or (match.other,)), *match.via})
            if match.diverging and key not in seen:
                seen.add(key)
                pairs.append(match)
    lines = ["## Told differently", ""]
    if not pairs:
        lines.append("No matched pair tells a date, a number, the speaker or a negation differently.")
        return "\n".join(lines)
    lines.append(
        f"{_n(len(pairs), 'pair')} of claims state the same thing but tell a key detail differently. "
        "Each pair is shown with the conflicting details side by side, then word by word. "
        "Where the original of a translated claim has the detail that its English lacks, the translation is flagged, not the outlet."
    )
    for number, match in enumerate(pairs, start=1):
        claim = view.segment[match.claim]
        ids = match.window or (match.other,)
        lines += ["", f"### {number}. {md(match.claim)} and {' + '.join(md(i) for i in ids)}", ""]
        lines.append(f"- **{md(claim.id)}** {_quote(claim)}")
        if claim.english and claim.english != claim.text:
            lines.append(f"  - {_english_line(claim)}")
        lines.append(f"- {_candidate_line(view, match, label=md(match.document))}")
        lines += ["", f"| Detail | {md(claim.id)} | {' + '.join(md(i) for i in ids)} | |", "| --- | --- | --- | --- |"]
        for difference in match.differences:
            lines.append(_difference_row(difference))
        lines.append("")
        lines += _diff_lines(view, match, indent="")
    return "\n".join(lines)


def _difference_row(difference: Difference) -> str:
    def values(items: tuple[str, ...]) -> str:
        shown = [i.capitalize() if difference.kind == "date" else i for i in items]
        return md(", ".join(shown)) if shown else "—"

    if difference.translation_lost:
        note = f"check the translation: the original has {md(', '.join(difference.translation_lost))}"
    else:
        note = "conflict" if difference.conflict else "only one version gives it"
    return f"| {_KIND_NAMES[difference.kind]} | {values(difference.here)} | {values(difference.there)} | {note} |"


def _matrix(view: _View) -> str:
    """Claim x document: which documents carry each claim told by two or more."""
    docs = view.c.documents
    groups = [g for g in view.c.groups if len(g.documents) > 1]
    lines = [
        "## Who carries what",
        "",
        "Every claim carried by two or more documents (a row), and the documents that carry it: "
        "✓ told the same way, ≠ told differently (see above), blank: not found. Claims told by one document only "
        "are in the sections above.",
        "",
        "| Claim | " + " | ".join(md(d.id) for d in docs) + " |",
        "| --- | " + " | ".join(":---:" for _ in docs) + " |",
    ]
    for group in groups:
        first = view.segment[group.claims[0]]
        text = first.english or first.text
        short = text if len(text) <= 90 else text[:87].rsplit(" ", 1)[0] + " …"
        cells = []
        for d in docs:
            members = [c for c in group.claims if view.segment[c].document == d.id]
            if not members:
                cells.append("")
                continue
            diverging = any(view.verdict[c].status is Status.DIVERGING for c in members)
            cells.append(f"≠ {md(', '.join(members))}" if diverging else f"✓ {md(', '.join(members))}")
        lines.append(f"| {md(short)} | " + " | ".join(cells) + " |")
    if not groups:
        lines.append("| No claim is carried by two documents | " + " | ".join("" for _ in docs) + " |")
    return "\n".join(lines)


def _set_aside(view: _View) -> str:
    rows = [
        "## Appendix: set aside",
        "",
        "Not compared: headings, and web junk (captions, credits, comment widgets, cross-links, bylines). "
        "Listed with the reason, so nothing is dropped unseen and a reader can overrule it.",
        "",
        "| Segment | Kind | Reason | Text |",
        "| --- | --- | --- | --- |",
    ]
    count = 0
    for segment in view.c.segments:
        if view.verdict[segment.id].status is Status.SET_ASIDE:
            count += 1
            reason = segment.reason or ("title or sub-heading" if segment.kind is Kind.HEADING else "")
            rows.append(f"| {md(segment.id)} | {segment.kind.value} | {md(reason)} | {md(segment.text)} |")
    return "\n".join(rows) if count else ""
