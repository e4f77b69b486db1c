"""Document -> Segments: atomic claims with their speakers, and set-aside lines with a reason.

Which library covers what:
- sentencex (Wikimedia's rule-based segmenter) finds sentence boundaries inside
  a line and reports their character offsets, so spans are recorded while
  segmenting, never searched for afterwards. It handles English abbreviations
  (``U.S.``, ``Feb. 24``, ``Mr.``) and ellipses inside quotes. Each language's
  rules record (translate/lang/) says which sentencex rules fit it and which
  abbreviations sentencex lacks.
- The rules here, which no maintained segmenter has for news copied from the web:
  lines are hard boundaries (web copies put captions and widgets on lines of
  their own); web junk is recognised by its phrases (widgets, credits,
  cross-links, bylines, captions) and set aside with a reason; a short line
  without final punctuation is a heading; where the language writes dialogue
  with dashes, a line that opens with one is one quotation with its
  attribution; a quotation stays whole with its attribution; a boundary
  followed by a lowercase letter is not one.
- Atomic claims: a sentence is cut before a conjunction that opens a new main
  clause (``…, og han understreker at …``, ``…, and urged …``), never inside a
  quotation. Each part keeps a link to the span of its sentence.
- Attribution: who said or reported a claim (``sier Putin``, ``ifølge
  programmet``, ``Putin told Xi``, ``according to the AP``) goes into the
  claim's ``speaker``; a pronoun (``he added``) is resolved to the last named
  speaker of the document.

The labelled seed corpus in ``tests/data/seed_segments.toml`` measures all of
this: ``python scripts/evaluate.py segmentation``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

import sentencex

from .english import INVISIBLE_IN_WORDS, without_invisible
from .lang import NAME, QUOTE_MARK, UPPER, LanguageRules, all_rules, rules_for
from .records import Document, Kind, Segment

# A heading is a short line that does not end like a sentence.
HEADING_MAX_WORDS = 12
# A line cut off mid-sentence by the copy leaves a last piece this short: set aside.
TRUNCATED_MAX_WORDS = 5
_FINAL_PUNCTUATION = re.compile(r"[.!?…:][\"'”’»)\]]*$")
_DIALOGUE_DASH = re.compile(r"^[–—-]\s")
_OPENING_MARKS = "\"'“”«»‘’([–—- \t"

# --- Web junk: what it looks like, and the reason the report gives. --------------------

CAPTION, CREDIT, WIDGET, CROSS_LINK, BYLINE, NO_TEXT, TRUNCATED = (
    "caption", "credit", "widget", "cross-link", "byline", "no text", "truncated",
)
_AGENCIES = r"(?:Getty Images|Reuters|AFP|AP|AP Photo|EPA|NTB|Scanpix|Shutterstock|Xinhua|TASS|Sputnik|Bloomberg)"
_BYLINE_MAX_WORDS = 10


def _either(rules: tuple[LanguageRules, ...], field: str) -> str:
    return "|".join(getattr(r, field) for r in rules if getattr(r, field))


@lru_cache(maxsize=1)
def _junk_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The web-junk patterns, in every language that has a rules record: a page in one language
    often carries another's widgets, and recognising more junk phrases never cuts a claim."""
    rules = all_rules()
    return (
        (WIDGET, re.compile(r"^(?:" + _either(rules, "widgets") + r")$", re.I)),
        (WIDGET, re.compile(_either(rules, "widget_phrases"), re.I)),
        (CROSS_LINK, re.compile(r"^(?:" + _either(rules, "cross_links") + r")\b", re.I)),
        (CREDIT, re.compile(_either(rules, "credits"), re.I)),
        (CREDIT, re.compile(r"^(?:main )?(?:" + _either(rules, "photo_words") + r")(?: source| credit)?\s*:", re.I)),
        (CREDIT, re.compile(r"^(?:©|copyright\b)", re.I)),
        (CAPTION, re.compile(r"\(\s*" + _AGENCIES + r"(?:\s*photo)?\s*\)$", re.I)),
        # A credit glued to a caption by the copy: "Vladimir Putin and Xi JinpingGetty Images".
        (CAPTION, re.compile(r"[a-zæøå]" + _AGENCIES + r"$")),
        (BYLINE, re.compile(
            r"^(?:" + _either(rules, "byline_words") + rf")\s+[{UPPER}][\w.'-]+(?:\s+(?:and|og|[{UPPER}][\w.'-]+)){{0,5}}\s*(?:[,|–-].*)?$"
        )),
        (BYLINE, re.compile(r"^(?:" + _either(rules, "dated_words") + r")\b[\s:]", re.I)),
    )


def junk_reason(text: str) -> str | None:
    """Why a line or sentence is web junk rather than a claim, or None."""
    if not any(ch.isalpha() for ch in text):
        return NO_TEXT
    for reason, pattern in _junk_patterns():
        if reason == BYLINE and (len(text.split()) > _BYLINE_MAX_WORDS or _FINAL_PUNCTUATION.search(text)):
            continue  # "By Friday, Putin had left." is a sentence, not a byline
        if pattern.search(text):
            return reason
    return None


def is_heading(line: str) -> bool:
    """A short line that does not end like a sentence: a title, sub-heading or caption."""
    return len(line.split()) <= HEADING_MAX_WORDS and not _FINAL_PUNCTUATION.search(line)


# --- Attribution: who said it. ---------------------------------------------------------

@lru_cache(maxsize=None)
def _quoted(pairs: tuple[tuple[str, str], ...]) -> re.Pattern[str]:
    spans = [re.escape(o) + "[^" + re.escape(c) + "]*" + re.escape(c) for o, c in pairs]
    return re.compile("|".join([*spans, r"\"[^\"]*\""]))


def _mask_quotes(text: str, rules: LanguageRules | None = None) -> str:
    """Quoted words replaced by a same-length placeholder, so a quotation is never read as attribution."""
    pairs = rules.quote_pairs if rules is not None else (("“", "”"), ("«", "»"), ("‘", "’"))
    return _quoted(pairs).sub(lambda m: QUOTE_MARK + " " * (len(m.group()) - 1), text)


def _clean_name(name: str, rules: LanguageRules) -> str:
    words = name.split()
    while words and words[0] in rules.name_openers:
        words = words[1:]
    return " ".join(words).rstrip(".’'")


def find_speaker(text: str, language: str | LanguageRules) -> tuple[str, str] | None:
    """(who, scope) of the attribution in a claim, or None. Scope "forward" or "sentence"."""
    rules = language if isinstance(language, LanguageRules) else rules_for(language)
    masked = _mask_quotes(text, rules)
    for scope, pattern in rules.attribution:
        for match in pattern.finditer(masked):
            groups = match.groupdict()
            if groups.get("rest"):
                who = rules.name_from_phrase(match.group("rest")) if rules.name_from_phrase else None
            elif groups.get("document"):
                who = groups["document"]
            elif rules.description is not None and rules.description.fullmatch(match.group("who")):
                who = "the " + match.group("who").split(" ", 1)[1]  # "The Russian leader": resolved to a name later
            else:
                who = _clean_name(match.group("who"), rules) if match.group("who")[:1].isupper() else match.group("who")
            if who:
                return who, scope
    return None


# --- Atomic claims: where a sentence joins independent statements. ---------------------

_MIN_PART_WORDS = 3


def clause_spans(sentence: str, language: str | LanguageRules) -> list[tuple[int, int]]:
    """Spans of the independent statements of one sentence; the whole sentence when there is one."""
    rules = language if isinstance(language, LanguageRules) else rules_for(language)
    masked = _mask_quotes(sentence, rules)
    if rules.dialogue_dash and _DIALOGUE_DASH.match(sentence):
        return [(0, len(sentence))]  # a dialogue-dash quotation is one statement by one speaker
    cuts = [0]
    for match in rules.clause_split.finditer(masked):
        cut = match.start() + (1 if match.group().startswith(",") else 0)
        while cut < len(sentence) and sentence[cut].isspace():
            cut += 1
        before, after = sentence[cuts[-1] : match.start()], sentence[cut:]
        if len(before.split()) >= _MIN_PART_WORDS and len(after.split()) >= _MIN_PART_WORDS + 1:
            cuts.append(cut)
    spans = []
    for start, end in zip(cuts, cuts[1:] + [len(sentence)]):
        piece = sentence[start:end]
        spans.append((start, start + len(piece.rstrip())))
    return spans


# --- The segmenter. --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Piece:
    kind: Kind
    start: int
    end: int
    reason: str | None = None
    sentence: tuple[int, int] | None = None  # the sentence a claim was cut from, when it was cut


def segment_document(document: Document) -> tuple[Segment, ...]:
    """Cut a document into claims and set-aside segments, in text order, with speakers.

    Soft hyphens and zero-width characters are not read (a hyphenation hint must not cut "Washington"
    in two, nor a zero-width space hide a sentence's start): the text is cut without them, and each
    span is then mapped back onto the original, which ``text`` quotes as it is.
    """
    clean = without_invisible(document.text)
    if len(clean) == len(document.text):
        return _segment_document(document)
    kept = [i for i, ch in enumerate(document.text) if ch not in INVISIBLE_IN_WORDS] + [len(document.text)]

    def span(start: int, end: int) -> tuple[int, int]:
        return kept[start], (kept[end - 1] + 1 if end > start else kept[start])

    out = []
    for s in _segment_document(replace(document, text=clean)):
        start, end = span(s.start, s.end)
        out.append(replace(s, start=start, end=end, text=document.text[start:end], sentence=span(*s.sentence) if s.sentence else None))
    return tuple(out)


def _segment_document(document: Document) -> tuple[Segment, ...]:
    text, rules = document.text, rules_for(document.language)
    lines = list(_line_spans(text))
    pieces: list[_Piece] = []
    for number, (start, end) in enumerate(lines):
        line = text[start:end]
        follower = lines[number + 1] if number + 1 < len(lines) else None
        # A caption line is often preceded, on the very next line, by its title.
        next_line = text[follower[0] : follower[1]] if follower and "\n\n" not in text[end : follower[0]] else None
        for piece in _segment_line(line, rules, first=number == 0, next_line=next_line):
            pieces.append(replace(
                piece,
                start=start + piece.start,
                end=start + piece.end,
                sentence=(start + piece.sentence[0], start + piece.sentence[1]) if piece.sentence else None,
            ))
    english = document.language == "en"
    segments = [
        Segment(
            document=document.id,
            index=index,
            start=p.start,
            end=p.end,
            text=text[p.start : p.end],
            kind=p.kind,
            reason=p.reason,
            sentence=p.sentence,
            english=without_invisible(text[p.start : p.end]) if english else None,
        )
        for index, p in enumerate(pieces)
    ]
    return tuple(_attribute(segments, text, rules))


def _line_spans(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the non-blank lines of ``text``, without surrounding whitespace."""
    for match in re.finditer(r"[^\n]+", text):
        line = match.group()
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            yield match.start() + lead, match.start() + lead + len(stripped)


def _segment_line(line: str, rules: LanguageRules, *, first: bool, next_line: str | None) -> list[_Piece]:
    reason = junk_reason(line)
    if reason:
        return [_Piece(Kind.BOILERPLATE, 0, len(line), reason)]
    if is_heading(line):
        if not first and next_line is not None and junk_reason(next_line) == CAPTION:
            return [_Piece(Kind.BOILERPLATE, 0, len(line), CAPTION)]  # the title line of a photo caption
        return [_Piece(Kind.HEADING, 0, len(line))]
    if rules.dialogue_dash and _DIALOGUE_DASH.match(line):
        sentences = [(0, len(line))]  # one quotation with its attribution
    else:
        sentences = sentence_spans(line, rules)
    pieces = []
    for number, (s, e) in enumerate(sentences):
        sentence = line[s:e]
        reason = junk_reason(sentence)
        if reason is None and number == len(sentences) - 1 and len(sentence.split()) <= TRUNCATED_MAX_WORDS:
            if not _FINAL_PUNCTUATION.search(sentence):
                reason = TRUNCATED  # "Moscow and Beijing “have solid": the copy was cut off here
        if reason:
            pieces.append(_Piece(Kind.BOILERPLATE, s, e, reason))
            continue
        clauses = clause_spans(sentence, rules)
        for cs, ce in clauses:
            pieces.append(_Piece(Kind.CLAIM, s + cs, s + ce, sentence=(s, e) if len(clauses) > 1 else None))
    return pieces


def sentence_spans(text: str, language: str | LanguageRules) -> list[tuple[int, int]]:
    """Sentence spans of one line of text, whitespace trimmed, never empty."""
    rules = language if isinstance(language, LanguageRules) else rules_for(language)
    boundaries = sentencex.get_sentence_boundaries(rules.sentencex, text)
    spans: list[tuple[int, int]] = []
    for b in boundaries:
        s, e = b["start_index"], b["end_index"]
        chunk = text[s:e]
        if not chunk.strip():
            continue
        s += len(chunk) - len(chunk.lstrip())
        e -= len(chunk) - len(chunk.rstrip())
        if spans and _continues(text[spans[-1][0] : spans[-1][1]], text[s:e], rules):
            spans[-1] = (spans[-1][0], e)
        else:
            spans.append((s, e))
    return spans


def _continues(previous: str, following: str, rules: LanguageRules) -> bool:
    """Whether a boundary between two pieces is false and they form one sentence."""
    opening = following.lstrip(_OPENING_MARKS)
    if opening[:1].islower():
        return True
    last_word = previous.split()[-1].lower() if previous.split() else ""
    return last_word in rules.abbreviations


def _open_quotation(text: str, rules: LanguageRules) -> bool:
    """Whether ``text`` opens a quotation it does not close."""
    pairs = [(o, c) for o, c in rules.quote_pairs if o != c and (o, c) != ("‘", "’")]  # ’ is also the apostrophe
    opened = sum(text.count(o) for o, _ in pairs) - sum(text.count(c) for _, c in pairs)
    straight = text.count('"') % 2 == 1
    return opened > 0 or straight


def _attribute(segments: list[Segment], text: str, rules: LanguageRules) -> list[Segment]:
    """Give every claim its speaker: its own attribution, its sentence's, or the quotation's it continues."""
    found: dict[int, tuple[str, str] | None] = {}
    for i, s in enumerate(segments):
        if s.kind is Kind.CLAIM:
            found[i] = find_speaker(s.text, rules)
    # A part of a cut sentence without an attribution of its own takes the sentence's.
    parts: dict[tuple[int, int], list[int]] = {}
    for i, s in enumerate(segments):
        if s.sentence is not None:
            parts.setdefault(s.sentence, []).append(i)
    for i, s in enumerate(segments):
        if s.kind is not Kind.CLAIM or found[i] or s.sentence is None:
            continue
        siblings = [j for j in parts[s.sentence] if found.get(j)]
        # "Ifølge X …, og …" and "X said …, and …" reach forward; "…, og …, skriver X" the whole sentence.
        reaching = [j for j in siblings if found[j][1] == "sentence" or j < i]
        if reaching:
            found[i] = found[min(reaching, key=lambda j: abs(j - i))]
        elif _starts_with_speech_verb(s.text, rules):
            subject = re.match(NAME, text[s.sentence[0] : s.sentence[1]])
            if subject:
                found[i] = (_clean_name(subject.group(), rules), "sentence")
    _carry_through_quotations(segments, found, text, rules)
    out, last_named, previous_claim = [], None, None
    for i, s in enumerate(segments):
        if s.kind is not Kind.CLAIM:
            out.append(s)
            continue
        who = found[i][0] if found[i] else None
        if who and rules.is_pronoun(who):
            who = last_named or (who if who.lower().startswith(rules.descriptions or ("\0",)) else None)
        if who is None and previous_claim is not None and _is_bare_quotation(s.text, rules):
            who = previous_claim.speaker  # a quotation continued on its own line, with no attribution
        if who and not rules.is_pronoun(who):
            last_named = who
        segment = replace(s, speaker=who)
        out.append(segment)
        previous_claim = segment
    return out


def _carry_through_quotations(segments: list[Segment], found: dict[int, tuple[str, str] | None], text: str, rules: LanguageRules) -> None:
    """A quotation of several sentences is cut into them; its attribution, given once after it ("…,” Putin
    said."), is carried back to every sentence of it that has none."""
    opened: list[int] = []  # claims of a quotation still open, in order
    for i, s in enumerate(segments):
        if s.kind is not Kind.CLAIM:
            opened = []
            continue
        if opened and "\n" in text[segments[opened[-1]].end : s.start]:
            opened = []  # a quotation does not run on across lines here: the line's own rules apply
        if opened:
            opened.append(i)
            if not _open_quotation(text[segments[opened[0]].start : s.end], rules):
                who = next((found[j] for j in reversed(opened) if found.get(j)), None)
                if who:
                    for j in opened:
                        found[j] = found[j] or (who[0], "sentence")
                opened = []
        elif _open_quotation(s.text, rules):
            opened = [i]


def _starts_with_speech_verb(text: str, rules: LanguageRules) -> bool:
    conjunctions = "|".join(rules.conjunctions)
    return re.match(r"(?:" + conjunctions + r")\s+(?:" + rules.speech_verbs + r")\b", text) is not None


def _is_bare_quotation(text: str, rules: LanguageRules) -> bool:
    stripped = text.strip()
    return stripped[:1] in "".join(o for o, _ in rules.quote_pairs) + '"' and len(_mask_quotes(stripped, rules).strip()) <= 2
