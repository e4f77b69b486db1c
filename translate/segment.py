"""Document -> Segments: sentence-level claims and set-aside lines, with exact spans.

Which library covers what:
- sentencex (Wikimedia's rule-based segmenter) finds sentence boundaries inside
  a line and reports their character offsets, so spans are recorded while
  segmenting, never searched for afterwards. It handles English abbreviations
  (``U.S.``, ``Feb. 24``, ``Mr.``) and ellipses inside quotes.
- sentencex has no Norwegian rules: asked for ``nb`` it silently uses English
  ones and breaks after ``f.eks.``, ``kl.`` and ``dvs.``. Danish shares those
  abbreviations, so Norwegian text is segmented with the Danish rules, and the
  repairs below add the Norwegian abbreviations Danish lacks.
- The rules here: lines are hard boundaries (web copies put captions and
  widgets on lines of their own); a short line without final punctuation is a
  heading; a Norwegian line that opens with a dialogue dash is one quotation
  with its attribution; a quotation stays whole with its attribution; a
  boundary followed by a lowercase letter is not a boundary.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import sentencex

from .records import Document, Kind, Segment

# sentencex language to use for a document language; absent means the same code.
_SEGMENTER_LANGUAGE = {"nb": "da", "nn": "da", "no": "da"}

# Abbreviations after which a Norwegian sentence never ends, even before a capital
# ("f.eks. Oslo", "bl.a. Putin"). Lowercased, with their final period.
_NORWEGIAN_ABBREVIATIONS = frozenset(
    """bl.a. f.eks. ca. dvs. kl. nr. mht. pga. jf. evt. ift. iflg. inkl. ekskl. tlf.
    mill. mrd. prof. dr. st. o.l. m.m. ang. adm. avd. pr. vs. ev. hhv. gj.sn. sml.""".split()
)
_ENGLISH_ABBREVIATIONS = frozenset(
    """mr. mrs. ms. dr. prof. sen. rep. gov. gen. col. lt. sgt. st. no. vs. e.g. i.e. etc. approx.
    jan. feb. mar. apr. jun. jul. aug. sep. sept. oct. nov. dec. sec. u.s. u.k. u.n.""".split()
)
_ABBREVIATIONS = {"nb": _NORWEGIAN_ABBREVIATIONS, "nn": _NORWEGIAN_ABBREVIATIONS, "no": _NORWEGIAN_ABBREVIATIONS}

# A heading is a short line that does not end like a sentence.
HEADING_MAX_WORDS = 12
_FINAL_PUNCTUATION = re.compile(r"[.!?…][\"'”’»)\]]*$")
_DIALOGUE_DASH = re.compile(r"^[–—-]\s")
_LOWERCASE_START = re.compile(r"^[\"'“”«»‘’(\[–—-]*\s*[a-zæøåäöüé]")


def segment_document(document: Document) -> tuple[Segment, ...]:
    """Cut a document into claims and set-aside segments, in text order."""
    segments: list[Segment] = []
    for start, end in _line_spans(document.text):
        line = document.text[start:end]
        for kind, s, e in _segment_line(line, document.language):
            segments.append(
                Segment(
                    document=document.id,
                    index=len(segments),
                    start=start + s,
                    end=start + e,
                    text=line[s:e],
                    kind=kind,
                    english=line[s:e] if document.language == "en" else None,
                )
            )
    return tuple(segments)


def _line_spans(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the non-blank lines of ``text``, without surrounding whitespace."""
    for match in re.finditer(r"[^\n]+", text):
        line = match.group()
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            yield match.start() + lead, match.start() + lead + len(stripped)


def _segment_line(line: str, language: str) -> list[tuple[Kind, int, int]]:
    if not any(ch.isalpha() for ch in line):
        return [(Kind.BOILERPLATE, 0, len(line))]
    if is_heading(line):
        return [(Kind.HEADING, 0, len(line))]
    if language in ("nb", "nn", "no") and _DIALOGUE_DASH.match(line):
        # A Norwegian dialogue-dash line is one quotation with its attribution.
        return [(Kind.CLAIM, 0, len(line))]
    return [(Kind.CLAIM, s, e) for s, e in sentence_spans(line, language)]


def is_heading(line: str) -> bool:
    """A short line that does not end like a sentence: a title, sub-heading or caption."""
    return len(line.split()) <= HEADING_MAX_WORDS and not _FINAL_PUNCTUATION.search(line)


def sentence_spans(text: str, language: str) -> list[tuple[int, int]]:
    """Sentence spans of one line of text, whitespace trimmed, never empty."""
    boundaries = sentencex.get_sentence_boundaries(_SEGMENTER_LANGUAGE.get(language, language), text)
    spans: list[tuple[int, int]] = []
    for b in boundaries:
        s, e = b["start_index"], b["end_index"]
        chunk = text[s:e]
        if not chunk.strip():
            continue
        s += len(chunk) - len(chunk.lstrip())
        e -= len(chunk) - len(chunk.rstrip())
        if spans and _continues(text[spans[-1][0] : spans[-1][1]], text[s:e], language):
            spans[-1] = (spans[-1][0], e)
        else:
            spans.append((s, e))
    return spans


def _continues(previous: str, following: str, language: str) -> bool:
    """Whether a boundary between two pieces is false and they form one sentence."""
    if _LOWERCASE_START.match(following):
        return True
    if _open_quotation(previous):
        return True
    last_word = previous.split()[-1].lower() if previous.split() else ""
    return last_word in _ABBREVIATIONS.get(language, _ENGLISH_ABBREVIATIONS)


def _open_quotation(text: str) -> bool:
    """Whether ``text`` opens a quotation it does not close."""
    opened = sum(text.count(q) for q in "“«") - sum(text.count(q) for q in "”»")
    straight = text.count('"') % 2 == 1
    return opened > 0 or straight
