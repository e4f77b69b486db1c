"""Comparison -> Markdown for readers. Nothing new is computed here.

The report leads with what a busy reader needs: which events the corpus
reports, every conflict between reports of one event, and the claims only one
version carries; the evidence follows, one step away (folded word diffs, the
candidates in the JSON). Each sentence is quoted in full once and referred to
by its id after.

Article text is untrusted: every piece of it goes through ``md()``, which
escapes what Markdown or HTML would act on, so a ``|`` cannot split a table row
and a ``<script>`` stays text. The only HTML in the report is the renderer's own
``<details>``/``<summary>`` folding.
"""

from __future__ import annotations

import re

from ..lang import language_name
from ..records import Comparison, Difference, Event, Kind, Match, Segment, Status, Verdict, WordDiff
from .text import KIND_NAMES, evidence_parts, visible

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")
_LINE_START = re.compile(r"^(\s*)(\d*)([-+>]|(?<=\d)[.)])(?=\s|$)")
# How many of a document's claims only it carries the summary names (the first ones: news puts the most important first).
SUMMARY_ONLY_HERE = 3
# Claims beyond those are quoted up to this many words (the JSON has them whole).
QUOTE_WORDS = 18


def md(text: str) -> str:
    """Article text made inert for Markdown and HTML, on one line, invisible controls written out (``visible``)."""
    text = " ".join(visible(text).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    # "1. x" and "- x" would open a list: CommonMark escapes the punctuation ("1\\. x").
    return _LINE_START.sub(lambda m: m.group(1) + m.group(2) + "\\" + m.group(3), text)


def code(text: str, *, in_table: bool = False) -> str:
    """``text`` as an inline code span that nothing inside can end: a fence of one backtick more than the
    longest run in it (CommonMark), padded when it starts or ends with one. Inside a code span
    backslashes are literal and markdown-it escapes ``<`` and ``&`` itself, so ``md`` must not be used
    there: a backtick in a file name would close the span and let the rest be read as Markdown. In a
    table cell ``|`` is written ``\\|``, which GFM reads as ``|`` inside a code span."""
    text = " ".join(visible(text).split())
    if in_table:
        text = text.replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _n(count: int, noun: str, plural: str | None = None) -> str:
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def _cut(text: str, words: int = QUOTE_WORDS) -> str:
    parts = text.split()
    return text if len(parts) <= words else " ".join(parts[:words]) + " …"


class _View:
    """Look-ups over a Comparison, shared by the sections."""

    def __init__(self, comparison: Comparison) -> None:
        self.c = comparison
        self.segment = {s.id: s for s in comparison.segments}
        self.verdict = {v.claim: v for v in comparison.verdicts}
        self.document = {d.id: d for d in comparison.documents}
        self.event_of = {d: e for e in comparison.events for d in e.documents}
        self.quoted: set[str] = set()  # claims already quoted in full

    def claims_of(self, document: str) -> list[Segment]:
        return [s for s in self.c.segments if s.document == document and self.verdict[s.id].status is not Status.SET_ASIDE]

    def english(self, claim: str) -> str:
        segment = self.segment[claim]
        return segment.english or segment.text

    def translated(self, claim: str) -> bool:
        segment = self.segment[claim]
        return bool(segment.english) and segment.english != segment.text

    def quote(self, claim: str, *, cut: bool = False) -> str:
        """A claim in full the first time (abbreviated where ``cut``), by its id after."""
        if claim in self.quoted:
            return f"**{md(claim)}**"
        self.quoted.add(claim)
        segment = self.segment[claim]
        text = self.english(claim)
        shown = md(_cut(text) if cut else text)
        said = f" *({md(segment.speaker)})*" if segment.speaker else ""
        doubt = " *(doubtful translation)*" if self.verdict[claim].doubtful else ""
        cut_from = ""
        if segment.sentence is not None:
            # The parts of a cut sentence, quoted in article order, make up its whole translation.
            others = [s.id for s in self.c.segments if s.document == segment.document and s.sentence == segment.sentence and s.id != claim]
            cut_from = f" *(one sentence with {md(', '.join(others))})*"
        return f"**{md(claim)}** {shown}{said}{doubt}{cut_from}"

    def name(self, document: str) -> str:
        d = self.document[document]
        extra = ", ".join(x for x in (d.outlet, d.date) if x)
        return f"{md(document)}" + (f" ({md(extra)})" if extra else "")


def render_markdown(comparison: Comparison) -> str:
    """The report a reader opens: summary, documents, conflicts, what only one version says, evidence, settings."""
    view = _View(comparison)
    parts = [
        _title(view),
        _summary(view),
        _documents(view),
        _told_differently(view),
        _check_translation(view),
        _only_here(view),
        _shared(view),
        _recurring(view),
        _related(view),
        _set_aside(view),
        _settings(view),
    ]
    return "\n\n".join(p.rstrip() for p in parts if p) + "\n"


def _title(view: _View) -> str:
    return "\n".join(
        [
            f"# What each version says: {md(view.c.corpus)}",
            "",
            "Each article is cut into claims and compared, claim by claim, with the reports of the same event: a claim "
            "is *shared*, *told differently* (a detail conflicts), *possibly related* (too little evidence to say) or "
            "*only here*. Across events a similar claim *recurs*, never contradicts. Ids are `DOCUMENT.CLAIM`; the "
            "JSON has every claim whole, with its original, span and candidates.",
        ]
    )


# --- summary ---------------------------------------------------------------------------------------


def _summary(view: _View) -> str:
    c = view.c
    lines = ["## Summary", ""]
    if len(c.events) == 1:
        event = c.events[0]
        lines.append(f"The {len(c.documents)} documents report one event ({md(_evidence_line(event))})")
    else:
        lines.append(
            f"The corpus mixes {len(c.events)} events, so claims are compared within each; a claim that resembles one "
            "of another event is listed as recurring, never as a contradiction."
        )
        lines.append("")
        for event in c.events:
            members = ", ".join(view.name(d) for d in event.documents)
            lines.append(f"- **{md(event.id)}**: {members}: {md(_evidence_line(event))}")
    translated = [d for d in c.documents if d.language != "en"]
    if translated:
        names = ", ".join(f"{md(d.id)} ({language_name(d.language)})" for d in translated)
        lines += ["", f"Claims of {names} are quoted in their English translation; the JSON has the originals."]
    for event in c.events:
        lines += ["", f"### {md(event.id)}: {', '.join(md(d) for d in event.documents)}", ""]
        if len(event.documents) == 1:
            document = event.documents[0]
            claims = view.claims_of(document)
            recurring = sum(1 for s in claims if view.verdict[s.id].status is Status.RECURRING)
            lines.append(
                f"No other document reports this event: its {_n(len(claims), 'claim')} are all only in {md(document)}"
                + (f", and {recurring} {'recurs' if recurring == 1 else 'recur'} in reports of other events." if recurring else ".")
                + " The first:"
            )
            lines.append("")
            for s in [s for s in claims if view.verdict[s.id].status is not Status.SET_ASIDE][:SUMMARY_ONLY_HERE]:
                lines.append(f"- {view.quote(s.id)}")
            continue
        conflicts = _conflicts(view, event)
        if conflicts:
            lines.append(f"{_n(len(conflicts), 'claim')} told differently:")
            lines.append("")
            for match in conflicts:
                details = "; ".join(_difference_words(d) for d in match.differences if d.conflict)
                lines.append(f"- {md(match.claim)} and {md('+'.join(match.window or (match.other,)))}: {details}")
        else:
            lines.append("No report of this event contradicts another on a date, a number, the speaker or a negation.")
        lines.append("")
        for document in event.documents:
            claims = view.claims_of(document)
            alone = [s.id for s in claims if view.verdict[s.id].status is Status.ONLY_HERE]
            if not claims:
                continue
            lead = f"Only in {md(document)}: {len(alone)} of {_n(len(claims), 'claim')}"
            if not alone:
                lines.append(f"- {lead}.")
                continue
            more = ", the first:" if len(alone) > SUMMARY_ONLY_HERE else ":"
            lines.append(f"- {lead}{more}")
            for claim in alone[:SUMMARY_ONLY_HERE]:
                lines.append(f"  - {view.quote(claim)}")
    return "\n".join(lines)


def _evidence_line(event: Event) -> str:
    return "; ".join(event.evidence) + "." if event.evidence else ""


def _conflicts(view: _View, event: Event) -> list[Match]:
    """Each told-differently pair of an event once."""
    seen: set[frozenset[str]] = set()
    out = []
    for segment in view.c.segments:
        if segment.document not in event.documents:
            continue
        for match in view.verdict[segment.id].matches:
            key = frozenset({match.claim, *(match.window or (match.other,)), *match.via})
            if match.diverging and key not in seen:
                seen.add(key)
                out.append(match)
    return out



def _difference_words(difference: Difference) -> str:
    def values(items: tuple[str, ...]) -> str:
        shown = [i.capitalize() if difference.kind == "date" else i for i in items]
        return ", ".join(shown) if shown else "—"

    text = f"{KIND_NAMES[difference.kind]} {md(values(difference.here))} against {md(values(difference.there))}"
    if difference.translation_lost:
        text += f" (check the translation: the original has {md(', '.join(difference.translation_lost))})"
    return text


# --- the documents -----------------------------------------------------------------------------------


def _documents(view: _View) -> str:
    docs = view.c.documents
    extra = [(name, get) for name, get in (("Outlet", lambda d: d.outlet), ("Date", lambda d: d.date)) if any(get(d) for d in docs)]
    head = ["Document", "Title", *(name for name, _ in extra), "Language", "Event", "Claims", "Shared", "Told differently",
            "Recurring", "Possibly related", "Only here", "Set aside"]
    rows = ["## Documents", "", "| " + " | ".join(head) + " |", "| " + " | ".join("---" if i < len(head) - 7 else "---:" for i in range(len(head))) + " |"]
    for d in docs:
        statuses = [view.verdict[s.id].status for s in view.c.segments if s.document == d.id]
        count = statuses.count
        claims = sum(1 for s in statuses if s is not Status.SET_ASIDE)
        cells = [md(d.id), md(d.title), *(md(str(get(d) or "")) for _, get in extra), language_name(d.language), md(view.event_of[d.id].id),
                 str(claims), *(str(count(s)) for s in (Status.SHARED, Status.DIVERGING, Status.RECURRING, Status.RELATED, Status.ONLY_HERE, Status.SET_ASIDE))]
        rows.append("| " + " | ".join(cells) + " |")
    urls = [f"- {md(d.id)}: {md(d.url)}" for d in docs if d.url]
    if urls:
        rows += ["", "Where they were published:", "", *urls]
    return "\n".join(rows)


# --- told differently --------------------------------------------------------------------------------


def _told_differently(view: _View) -> str:
    pairs = [m for event in view.c.events for m in _conflicts(view, event)]
    if not pairs:
        return ""
    lines = [
        "## Told differently",
        "",
        "Each pair states the same claim about the same event, and gives a detail both state about the same thing "
        "differently. Where the original of a translated claim has the detail its English lacks, the translation is "
        "flagged, not the outlet.",
    ]
    for match in pairs:
        others = match.window or (match.other,)
        lines += ["", f"### {md(match.claim)} and {md('+'.join(others))}", ""]
        lines.append(f"- {view.quote(match.claim)}")
        lines += [f"  - *Original:* {md(view.segment[match.claim].text)}"] if view.translated(match.claim) else []
        for other in others:
            lines.append(f"- {view.quote(other)}")
        lines += ["", f"| Detail | {md(match.claim)} | {md('+'.join(others))} | |", "| --- | --- | --- | --- |"]
        for difference in match.differences:
            lines.append(_difference_row(difference))
        lines += ["", _evidence(match), ""]
        lines += _folded_diff(match)
    return "\n".join(lines)


def _difference_row(difference: Difference) -> str:
    def values(items: tuple[str, ...]) -> str:
        shown = [i.capitalize() if difference.kind == "date" else i for i in items]
        return md(", ".join(shown)) if shown else "—"

    if difference.translation_lost:
        note = f"check the translation: the original has {md(', '.join(difference.translation_lost))}"
    else:
        note = "conflict" if difference.conflict else "only one gives it, or not about the same thing"
    return f"| {KIND_NAMES[difference.kind].capitalize()} | {values(difference.here)} | {values(difference.there)} | {note} |"


def _evidence(match: Match) -> str:
    return "*Evidence:* " + "; ".join(evidence_parts(match, md)) + "."


def _folded_diff(match: Match) -> list[str]:
    if match.diff is None:
        return []
    a, b = markdown_word_diff(match.diff)
    return [
        "<details><summary>Word by word</summary>",
        "",
        f"- {md(match.claim)}: {a}",
        f"- {md('+'.join(match.window or (match.other,)))}: {b}",
        "",
        "</details>",
    ]


def markdown_word_diff(diff: WordDiff) -> tuple[str, str]:
    """Both sides of a word diff in Markdown, each with the words the other lacks in bold."""

    def side(runs: tuple[tuple[str, bool], ...]) -> str:
        return " ".join(f"**{md(text)}**" if differs else md(text) for text, differs in runs)

    return side(diff.here), side(diff.there)


# --- only in one version -----------------------------------------------------------------------------


def _only_here(view: _View) -> str:
    lines = [
        "## Only in one version",
        "",
        "Claims no other report of the same event states, in article order (those quoted above by id), each with its "
        "closest candidate in the event's other reports, so a reviewer can overrule the verdict.",
    ]
    for document in view.c.documents:
        alone = [s.id for s in view.claims_of(document.id) if view.verdict[s.id].status is Status.ONLY_HERE]
        if not alone:
            continue
        event = view.event_of[document.id]
        lines += ["", f"### Only in {view.name(document.id)}: {_n(len(alone), 'claim')}", ""]
        shown = [c for c in alone if c in view.quoted]
        if len(event.documents) == 1 and document.language == "en":
            # No report of its event to compare with, and in English already: the article itself says it.
            lines.append(f"No other document reports its event; {', '.join(f'**{md(c)}**' for c in shown)} are quoted in the summary, the rest is the article.")
            continue
        if shown:
            lines.append(f"- {', '.join(f'**{md(c)}**' for c in shown)}: quoted in the summary.")
        for claim in alone:
            if claim in shown:
                continue
            closest = _closest(view, view.verdict[claim], event) if len(event.documents) > 1 else ""
            lines.append(f"- {view.quote(claim, cut=True)}{closest}")
    return "\n".join(lines)


def _check_translation(view: _View) -> str:
    """Translated claims whose English lost a number, date or name of the original, or that the model doubted."""
    flagged = [v for v in view.c.verdicts if v.translation_issues or v.doubtful]
    if not flagged:
        return ""
    lines = [
        "## Check the translation",
        "",
        "The English of these claims lacks a number, date or name of the original, or the model that translated it "
        "was unsure (its mean log-probability per word piece, 0 being certain): a verdict that rests on it may be "
        "the translation's, not the outlet's.",
        "",
    ]
    for verdict in flagged:
        segment = view.segment[verdict.claim]
        lines.append(f"- **{md(verdict.claim)}** {md(segment.text)}")
        lines.append(f"  - *English:* {md(segment.english or '')}")
        for issue in verdict.translation_issues:
            lines.append(f"  - *Check the translation:* its English lacks {md(issue)} of the original.")
        if verdict.doubtful:
            lines.append(f"  - *Doubtful translation:* the model's confidence is {segment.translation_confidence:.2f}.")
    return "\n".join(lines)


def _closest(view: _View, verdict: Verdict, event: Event) -> str:
    pool = [c for c in verdict.candidates if c.document in event.documents]
    best = max(pool, key=lambda c: c.lexical.similarity, default=None)
    if best is None or best.lexical.similarity <= 0:
        return ""
    return f" *(closest: {md('+'.join(best.others))}, cosine {best.lexical.similarity:.2f})*"


# --- shared, recurring, possibly related ---------------------------------------------------------


def _shared(view: _View) -> str:
    groups = [g for g in view.c.groups if len(g.documents) > 1]
    if not groups:
        return ""
    lines = [
        "## Shared",
        "",
        "Claims carried by several reports of one event, quoted once; the ids after ≈ are the same claim elsewhere, "
        "with the TF-IDF cosine.",
        "",
    ]
    for group in groups:
        first = group.claims[0]
        elsewhere = [f"{md(c)} ({_cosine(view, first, c)})" for c in group.claims[1:]]
        linked = f"; also close in {', '.join(md(d) for d in group.linked)}" if group.linked else ""
        lines.append(f"- {view.quote(first, cut=True)} ≈ {', '.join(elsewhere)}{linked}")
    return "\n".join(lines)


def _cosine(view: _View, a: str, b: str) -> str:
    """The cosine of the link between two members of a group, or how they are joined."""
    for claim, other in ((a, b), (b, a)):
        for m in view.verdict[claim].matches:
            if other in (m.window or (m.other,)):
                return f"{m.lexical.similarity:.2f}"
    return "through another member"


def _recurring(view: _View) -> str:
    pairs = []
    seen: set[frozenset[str]] = set()
    for verdict in view.c.verdicts:
        for m in verdict.matches:
            key = frozenset({m.claim, *(m.window or (m.other,)), *m.via})
            if m.tier is Status.RECURRING and key not in seen:
                seen.add(key)
                pairs.append(m)
    if not pairs:
        return ""
    lines = ["## Recurring across events", "", "Similar claims in reports of different events: the same statement made again, or the same step of another visit.", ""]
    for m in pairs:
        a, b = view.event_of[view.segment[m.claim].document].id, view.event_of[m.document].id
        lines.append(f"- {view.quote(m.claim, cut=True)} ({md(a)}) ≈ {md('+'.join(m.window or (m.other,)))} ({md(b)}, cosine {m.lexical.similarity:.2f})")
    return "\n".join(lines)


def _related(view: _View) -> str:
    pairs = []
    seen: set[frozenset[str]] = set()
    for verdict in view.c.verdicts:
        for m in verdict.related:
            key = frozenset({m.claim, *(m.window or (m.other,))})
            if key not in seen:
                seen.add(key)
                pairs.append(m)
    if not pairs:
        return ""
    lines = [
        "## Possibly related",
        "",
        "Pairs the evidence does not settle, for a reviewer: one side's best candidate, but too little in common, or "
        "details that disagree without enough in common to call it a conflict.",
        "",
    ]
    for m in pairs:
        why = [f"cosine {m.lexical.similarity:.2f}, margin {m.lexical.margin:.1f}×"]
        if m.semantic is not None:
            why.append(f"embedding {m.semantic.similarity:.2f}")
        if m.probability is not None:
            why.append(f"paraphrase {m.probability:.2f}")
        conflicting = [_difference_words(d) for d in m.differences if d.conflict]
        if conflicting:
            why.append("details differ: " + "; ".join(conflicting))
        if m.verified:
            why.append(f"cross-encoder: entailed {m.verified}")
        lines.append(f"- {md(m.claim)} ~ {md('+'.join(m.window or (m.other,)))}: {'; '.join(why)}")
    return "\n".join(lines)


# --- the rest ----------------------------------------------------------------------------------------


def _set_aside(view: _View) -> str:
    rows = [
        "## Appendix: set aside",
        "",
        "Not compared: headings and web junk, each with its reason.",
        "",
        "| Segment | Reason | Text |",
        "| --- | --- | --- |",
    ]
    count = 0
    for segment in view.c.segments:
        if view.verdict[segment.id].status is Status.SET_ASIDE:
            count += 1
            reason = segment.reason or ("heading" if segment.kind is Kind.HEADING else "")
            rows.append(f"| {md(segment.id)} | {md(reason)} | {md(_cut(segment.text, 10))} |")
    return "\n".join(rows) if count else ""


def _settings(view: _View) -> str:
    c = view.c
    info = c.translation
    counts = info.counts
    sources = []
    if counts.get("supplied file"):
        sources.append(f"{counts['supplied file']} from the supplied file {code(info.supplied or '', in_table=True)}")
    translated = counts.get("model", 0) + counts.get("cache", 0)
    if translated:
        sources.append(f"{translated} by the model")
    settings = c.settings
    if info.models:
        model = "; ".join(
            f"{md(', '.join(language_name(code) for code in used.languages) or 'all')}: {md(used.model)} at revision "
            f"{code(used.revision, in_table=True)}, beam size {settings.translation.num_beams}, backend {md(used.backend)}"
            for used in info.models
        )
    else:
        model = "not used: every sentence came from the supplied file"
    return "\n".join(
        [
            "## How this report was made",
            "",
            "| Setting | Value |",
            "| --- | --- |",
            f"| Corpus | {code(c.corpus, in_table=True)} |",
            f"| Translations | {'; '.join(sources) if sources else 'none needed'} |",
            f"| Model | {model} |",
            f"| Matching | {md(settings.match.matcher or '')} |",
            f"| Events | {'taken as one (--one-event)' if settings.match.one_event else 'found from the manifest, dates and shared claims'} |",
            f"| Tool | translate-compare {md(c.version)} |",
            *([f"| Generated | {md(settings.timestamp)} |"] if settings.timestamp else []),
            "",
            f"Signature: {code(settings.signature(info, c.version))}",
        ]
    )
