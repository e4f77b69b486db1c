"""Document -> Segments: atomic claims with their speakers, and set-aside lines with a reason.

Which library covers what:
- sentencex (Wikimedia's rule-based segmenter) finds sentence boundaries inside
  a line and reports their character offsets, so spans are recorded while
  segmenting, never searched for afterwards. It handles English abbreviations
  (``U.S.``, ``Feb. 24``, ``Mr.``) and ellipses inside quotes.
- sentencex has no Norwegian rules: asked for ``nb`` it silently uses English
  ones and breaks after ``f.eks.``, ``kl.`` and ``dvs.``. Danish shares those
  abbreviations, so Norwegian text is segmented with the Danish rules, and the
  repairs below add the Norwegian abbreviations Danish lacks.
- The rules here, which no maintained segmenter has for news copied from the web:
  lines are hard boundaries (web copies put captions and widgets on lines of
  their own); web junk is recognised by its phrases (widgets, credits,
  cross-links, bylines, captions) and set aside with a reason; a short line
  without final punctuation is a heading; a Norwegian line that opens with a
  dialogue dash is one quotation with its attribution; a quotation stays whole
  with its attribution; a boundary followed by a lowercase letter is not one.
- Atomic claims: a sentence is cut before a conjunction that opens a new main
  clause (``…, og han understreker at …``, ``…, and urged …``), never inside a
  quotation. Each part keeps a link to the span of its sentence.
- Attribution: who said or reported a claim (``sier Putin``, ``ifølge
  programmet``, ``Putin told Xi``, ``according to the AP``) goes into the
  claim's ``speaker``; a pronoun (``he added``) is resolved to the last named
  speaker of the document.

The labelled seed corpus in ``tests/data/seed_segments.toml`` measures all of
this: ``python -m translate.evaluate segmentation``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

import sentencex

from .records import Document, Kind, Segment

NORWEGIAN = ("nb", "nn", "no")

# sentencex language to use for a document language; absent means the same code.
_SEGMENTER_LANGUAGE = {"nb": "da", "nn": "da", "no": "da"}

# Abbreviations after which a sentence never ends, even before a capital
# ("f.eks. Oslo", "bl.a. Putin", "Feb. 24", "Mr. Xi"). Lowercased, with their final period.
_NORWEGIAN_ABBREVIATIONS = frozenset(
    """bl.a. f.eks. ca. dvs. kl. nr. mht. pga. jf. evt. ift. iflg. inkl. ekskl. tlf.
    mill. mrd. prof. dr. st. o.l. m.m. ang. adm. avd. pr. vs. ev. hhv. gj.sn. sml.""".split()
)
_ENGLISH_ABBREVIATIONS = frozenset(
    """mr. mrs. ms. dr. prof. sen. rep. gov. gen. col. lt. sgt. st. no. vs. e.g. i.e. etc. approx.
    jan. feb. mar. apr. jun. jul. aug. sep. sept. oct. nov. dec. sec. u.s. u.k. u.n.""".split()
)

# A heading is a short line that does not end like a sentence.
HEADING_MAX_WORDS = 12
# A line cut off mid-sentence by the copy leaves a last piece this short: set aside.
TRUNCATED_MAX_WORDS = 5
_FINAL_PUNCTUATION = re.compile(r"[.!?…:][\"'”’»)\]]*$")
_DIALOGUE_DASH = re.compile(r"^[–—-]\s")
_LOWERCASE_START = re.compile(r"^[\"'“”«»‘’(\[–—-]*\s*[a-zæøåäöüé]")

# --- Web junk: what it looks like, and the reason the report gives. --------------------

CAPTION, CREDIT, WIDGET, CROSS_LINK, BYLINE, NO_TEXT, TRUNCATED = (
    "caption", "credit", "widget", "cross-link", "byline", "no text", "truncated",
)
_AGENCIES = r"(?:Getty Images|Reuters|AFP|AP|AP Photo|EPA|NTB|Scanpix|Shutterstock|Xinhua|TASS|Sputnik|Bloomberg)"
_JUNK = [
    (WIDGET, re.compile(
        r"^(?:no comments?:?|post a comment|leave a (?:reply|comment)|\d+ comments?|comments?:?|"
        r"share(?: this(?: article| story)?)?:?|print|email|subscribe.*|sign up.*|"
        r"kommentarer?:?|del(?: artikkelen)?:?|abonner.*|logg inn.*)$", re.I)),
    (WIDGET, re.compile(r"your email address will not be published|required fields are marked|"
                        r"we use cookies|vi bruker informasjonskapsler|e-postadressen din vil ikke bli publisert", re.I)),
    (CROSS_LINK, re.compile(r"^(?:see also|read (?:more|also)|related(?: articles?)?|more on this|"
                            r"les også|se også|les mer)\b", re.I)),
    (CREDIT, re.compile(r"contributed to (?:this|the) report|bidro til denne saken", re.I)),
    (CREDIT, re.compile(r"^(?:main )?(?:photo|image|picture|foto|bilde)(?: source| credit)?\s*:", re.I)),
    (CREDIT, re.compile(r"^(?:©|copyright\b)", re.I)),
    (CAPTION, re.compile(r"\(\s*" + _AGENCIES + r"(?:\s*photo)?\s*\)$", re.I)),
    # A credit glued to a caption by the copy: "Vladimir Putin and Xi JinpingGetty Images".
    (CAPTION, re.compile(r"[a-zæøå]" + _AGENCIES + r"$")),
    (BYLINE, re.compile(r"^(?:[Bb]y|[Aa]v)\s+[A-ZÆØÅ][\w.'-]+(?:\s+(?:and|og|[A-ZÆØÅ][\w.'-]+)){0,5}\s*(?:[,|–-].*)?$")),
    (BYLINE, re.compile(r"^(?:published|updated|publisert|oppdatert|sist oppdatert)\b[\s:]", re.I)),
]
_BYLINE_MAX_WORDS = 10


def junk_reason(text: str) -> str | None:
    """Why a line or sentence is web junk rather than a claim, or None."""
    if not any(ch.isalpha() for ch in text):
        return NO_TEXT
    for reason, pattern in _JUNK:
        if reason == BYLINE and (len(text.split()) > _BYLINE_MAX_WORDS or _FINAL_PUNCTUATION.search(text)):
            continue  # "By Friday, Putin had left." is a sentence, not a byline
        if pattern.search(text):
            return reason
    return None


def is_heading(line: str) -> bool:
    """A short line that does not end like a sentence: a title, sub-heading or caption."""
    return len(line.split()) <= HEADING_MAX_WORDS and not _FINAL_PUNCTUATION.search(line)


# --- Attribution: who said it. ---------------------------------------------------------

_NAME = r"[A-ZÆØÅ][\w’'.-]*(?:\s+(?:[A-ZÆØÅ][\w’'-]*))*"
_EN_PRONOUNS = {"he", "she", "it", "they", "we", "i"}
_NB_PRONOUNS = {"han", "hun", "de", "den", "det", "ham", "henne", "dem"}
_EN_SPEECH = (
    r"said|says|told|tells|added|adds|stressed|stresses|announced|noted|signalled|signaled|wrote|writes|"
    r"declared|insisted|warned|claimed|claims|argued|explained|described|urged|reported|stated|emphasized|"
    r"emphasised|outlined|spoke of|made clear|made it clear"
)
_NB_SPEECH = (
    r"sier|sa|skriver|skrev|opplyser|opplyste|melder|meldte|uttaler|uttalte|forteller|fortalte|mener|mente|"
    r"understreker|understreket|hevder|hevdet|påpeker|påpekte|legger til|la til|gjort det klart|gjorde det klart"
)
_EN_DESCRIPTION = (
    r"(?:[Tt]he|[Aa]n?) (?:[A-Za-z-]+ ){0,2}(?:leader|president|chief|broadcaster|minister|agency|spokesman|spokeswoman|"
    r"spokesperson|official|professor|adviser|advisor)"
)
# A statement speaks for itself: named by what it is, never resolved to a person.
_EN_DOCUMENT = r"(?:[Tt]he|[Aa]) (?P<document>(?:joint |official )?(?:statement|communiqué|declaration|report))"
_EN_PATTERNS = [
    # "according to the AP", "According to a Reuters report": scope the whole sentence.
    ("sentence", re.compile(r"\b[Aa]ccording to (?:a |an |the )?(?P<who>" + _NAME + r")")),
    # "…,” said Hoo Tiang Boon"
    ("sentence", re.compile(r"¤\s*(?:said|says|added|told) (?P<who>" + _NAME + r")")),
    # "Putin told Xi", "Xi, who also called Putin ¤, said", "the broadcaster said", "he added": at the
    # start of the claim, after a comma or after a quotation, never inside a subordinate clause.
    ("forward", re.compile(
        r"(?:^|,\s*|¤\s*)(?P<who>" + _NAME + r"|" + _EN_DESCRIPTION + r"|" + _EN_DOCUMENT + r"|[Hh]e|[Ss]he|[Ii]t|[Tt]hey|[Ww]e)"
        r"(?:, [^;]{1,160}?,)? (?:also |then |later |earlier |jointly |repeatedly )?(?:" + _EN_SPEECH + r")\b"
    )),
]
_NB_PATTERNS = [
    # "Ifølge det statlige russiske nyhetsbyrået RIA landet Putin …", "ifølge programmet", "ifølge ham"
    ("forward", re.compile(r"\b[Ii]følge (?P<rest>[^,;]+)")),
    # "…, sier Putin.", "…, skriver det statlige russiske nyhetsbyrået RIA Novosti."
    ("sentence", re.compile(r",\s*(?:" + _NB_SPEECH + r") (?:(?:det|den|de) )?(?:[a-zæøå-]+ ){0,4}?(?P<who>" + _NAME + r"|han|hun)\b")),
    # "understreket Putin at …"
    ("sentence", re.compile(r"\b(?:" + _NB_SPEECH + r") (?P<who>" + _NAME + r") at\b")),
    # "han understreker at", "Putin sa at"
    ("sentence", re.compile(r"(?:^|[\s,])(?P<who>" + _NAME + r"|[Hh]an|[Hh]un)(?: [a-zæøå]+)? (?:" + _NB_SPEECH + r")\b")),
]
_DETERMINERS = {"det", "den", "de", "en", "et", "ei"}
_QUOTE_MARK = "¤"  # stands for a quotation in masked text: never a name, never a speech verb
_QUOTED = re.compile(r"“[^”]*”|«[^»]*»|\"[^\"]*\"|‘[^’]*’")
_ARTICLE_WORDS = {"The", "A", "An", "In", "On", "At", "As", "By", "For", "But", "And", "Det", "Den", "De", "I", "Et", "En"}


def _mask_quotes(text: str) -> str:
    """Quoted words replaced by a same-length placeholder, so a quotation is never read as attribution."""
    return _QUOTED.sub(lambda m: _QUOTE_MARK + " " * (len(m.group()) - 1), text)


def _clean_name(name: str) -> str:
    words = name.split()
    while words and words[0] in _ARTICLE_WORDS:
        words = words[1:]
    return " ".join(words).rstrip(".’'")


def _ifølge_who(rest: str) -> str | None:
    """The source named after "ifølge": the first name that is not a genitive, else a plain noun."""
    words = rest.split()
    for i, word in enumerate(words[:6]):
        if word[:1].isupper():
            run = [word]
            for follower in words[i + 1 :]:
                if not follower[:1].isupper():
                    break
                run.append(follower)
            if len(run) == 1 and word.endswith("s") and i + 1 < len(words):
                continue  # "Putins utenrikspolitiske rådgiver Jurij Usjakov": the genitive is not the source
            return _clean_name(" ".join(run))
    head = [w for w in words[:2] if w.lower() not in _DETERMINERS]
    return head[0].strip(".") if head else None


def find_speaker(text: str, language: str) -> tuple[str, str] | None:
    """(who, scope) of the attribution in a claim, or None. Scope "forward" or "sentence"."""
    masked = _mask_quotes(text)
    patterns = _NB_PATTERNS if language in NORWEGIAN else _EN_PATTERNS
    for scope, pattern in patterns:
        for match in pattern.finditer(masked):
            groups = match.groupdict()
            if groups.get("rest"):
                who = _ifølge_who(match.group("rest"))
            elif groups.get("document"):
                who = groups["document"]
            elif re.fullmatch(_EN_DESCRIPTION, match.group("who")):
                who = "the" + match.group("who")[3:]  # "The Russian leader": resolved to a name later
            else:
                who = _clean_name(match.group("who")) if match.group("who")[:1].isupper() else match.group("who")
            if who:
                return who, scope
    return None


def _is_pronoun(who: str) -> bool:
    return who.lower() in _EN_PRONOUNS | _NB_PRONOUNS or who.lower().startswith("the ")


# --- Atomic claims: where a sentence joins independent statements. ---------------------

_EN_SPLIT = re.compile(
    r",\s+(?:and|but)\s+(?=(?:he|she|they|we|it|I|has|have|had|was|were|is|are|will|would|urged|called|[a-z]+ed)\b)"
    r"|\s+and\s+(?=(?:said|stressed|added|claimed|insisted|warned)\s+that\b)"
)
_NB_SPLIT = re.compile(
    r",\s+(?:og|men)\s+(?=(?:han|hun|de|vi|jeg|dette|har|hadde|er|var|vil|skal|skulle|kan|kunne|må|"
    r"[a-zæøå]+(?:et|te|de|dde))\b)"
    r"|\s+og\s+(?=(?:" + _NB_SPEECH + r")\s+at\b)"
)
_MIN_PART_WORDS = 3


def clause_spans(sentence: str, language: str) -> list[tuple[int, int]]:
    """Spans of the independent statements of one sentence; the whole sentence when there is one."""
    masked = _mask_quotes(sentence)
    if language in NORWEGIAN and _DIALOGUE_DASH.match(sentence):
        return [(0, len(sentence))]  # a dialogue-dash quotation is one statement by one speaker
    pattern = _NB_SPLIT if language in NORWEGIAN else _EN_SPLIT
    cuts = [0]
    for match in pattern.finditer(masked):
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
    """Cut a document into claims and set-aside segments, in text order, with speakers."""
    text, language = document.text, document.language
    lines = list(_line_spans(text))
    pieces: list[_Piece] = []
    for number, (start, end) in enumerate(lines):
        line = text[start:end]
        follower = lines[number + 1] if number + 1 < len(lines) else None
        # A caption line is often preceded, on the very next line, by its title.
        next_line = text[follower[0] : follower[1]] if follower and "\n\n" not in text[end : follower[0]] else None
        for piece in _segment_line(line, language, first=number == 0, next_line=next_line):
            pieces.append(replace(
                piece,
                start=start + piece.start,
                end=start + piece.end,
                sentence=(start + piece.sentence[0], start + piece.sentence[1]) if piece.sentence else None,
            ))
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
            english=text[p.start : p.end] if language == "en" else None,
        )
        for index, p in enumerate(pieces)
    ]
    return tuple(_attribute(segments, text, language))


def _line_spans(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the non-blank lines of ``text``, without surrounding whitespace."""
    for match in re.finditer(r"[^\n]+", text):
        line = match.group()
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            yield match.start() + lead, match.start() + lead + len(stripped)


def _segment_line(line: str, language: str, *, first: bool, next_line: str | None) -> list[_Piece]:
    reason = junk_reason(line)
    if reason:
        return [_Piece(Kind.BOILERPLATE, 0, len(line), reason)]
    if is_heading(line):
        if not first and next_line is not None and junk_reason(next_line) == CAPTION:
            return [_Piece(Kind.BOILERPLATE, 0, len(line), CAPTION)]  # the title line of a photo caption
        return [_Piece(Kind.HEADING, 0, len(line))]
    if language in NORWEGIAN and _DIALOGUE_DASH.match(line):
        sentences = [(0, len(line))]  # one quotation with its attribution
    else:
        sentences = sentence_spans(line, language)
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
        clauses = clause_spans(sentence, language)
        for cs, ce in clauses:
            pieces.append(_Piece(Kind.CLAIM, s + cs, s + ce, sentence=(s, e) if len(clauses) > 1 else None))
    return pieces


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
    abbreviations = _NORWEGIAN_ABBREVIATIONS if language in NORWEGIAN else _ENGLISH_ABBREVIATIONS
    return last_word in abbreviations


def _open_quotation(text: str) -> bool:
    """Whether ``text`` opens a quotation it does not close."""
    opened = sum(text.count(q) for q in "“«") - sum(text.count(q) for q in "”»")
    straight = text.count('"') % 2 == 1
    return opened > 0 or straight


def _attribute(segments: list[Segment], text: str, language: str) -> list[Segment]:
    """Give every claim its speaker: its own attribution, its sentence's, or the quotation's it continues."""
    found: dict[int, tuple[str, str] | None] = {}
    for i, s in enumerate(segments):
        if s.kind is Kind.CLAIM:
            found[i] = find_speaker(s.text, language)
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
        elif _starts_with_speech_verb(s.text, language):
            subject = re.match(_NAME, text[s.sentence[0] : s.sentence[1]])
            if subject:
                found[i] = (_clean_name(subject.group()), "sentence")
    out, last_named, previous_claim = [], None, None
    for i, s in enumerate(segments):
        if s.kind is not Kind.CLAIM:
            out.append(s)
            continue
        who = found[i][0] if found[i] else None
        if who and _is_pronoun(who):
            who = last_named or (who if who.lower().startswith("the ") else None)
        if who is None and previous_claim is not None and _is_bare_quotation(s.text):
            who = previous_claim.speaker  # a quotation continued on its own line, with no attribution
        if who and not _is_pronoun(who):
            last_named = who
        segment = replace(s, speaker=who)
        out.append(segment)
        previous_claim = segment
    return out


def _starts_with_speech_verb(text: str, language: str) -> bool:
    verbs = _NB_SPEECH if language in NORWEGIAN else _EN_SPEECH
    return re.match(r"(?:and|og|but|men)\s+(?:" + verbs + r")\b", text) is not None


def _is_bare_quotation(text: str) -> bool:
    stripped = text.strip()
    return stripped[:1] in "“«\"" and len(_mask_quotes(stripped).strip()) <= 2
