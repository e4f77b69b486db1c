from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translate.corpus import load_corpus
from translate.records import Document, Kind
from translate.segment import segment_document


def _doc(text: str, language: str) -> Document:
    return Document(id="d", path="d.txt", language=language, title="d", text=text)


def _texts(text: str, language: str, kind: Kind | None = Kind.CLAIM) -> list[str]:
    return [s.text for s in segment_document(_doc(text, language)) if kind is None or s.kind is kind]


def test_segment_spans_slice_back_to_text_on_the_seed_corpus(corpus_dir):
    for document in load_corpus(corpus_dir):
        segments = segment_document(document)
        assert segments, document.id
        for segment in segments:
            assert document.text[segment.start : segment.end] == segment.text
            assert segment.text == segment.text.strip() and segment.text


def test_segment_keeps_a_quotation_with_its_attribution(corpus_dir):
    document = load_corpus(corpus_dir)[1]
    claims = [s.text for s in segment_document(document) if s.kind is Kind.CLAIM]
    assert (
        "“We aim to strengthen cooperation between the armed forces of Russia and China,” Putin told Xi by video "
        "link at the start of the talks, calling the Chinese leader a “dear friend”."
    ) in claims


def test_segment_keeps_a_norwegian_dash_quote_as_one_claim(corpus_dir):
    document = load_corpus(corpus_dir)[0]
    claims = [s.text for s in segment_document(document) if s.kind is Kind.CLAIM]
    assert (
        "– Forholdet mellom oss utvikler seg i vennskapets og det strategiske partnerskapets ånd, sier Putin."
    ) in claims
    # A dialogue dash spanning several sentences stays one quotation with its attribution.
    assert _texts("– Vi er venner. Vi står sammen, sier Putin.", "nb") == ["– Vi er venner. Vi står sammen, sier Putin."]


def test_segment_marks_short_title_lines_as_headings(corpus_dir):
    documents = load_corpus(corpus_dir)
    headings = {s.text for d in documents for s in segment_document(d) if s.kind is Kind.HEADING}
    assert {
        "Roser forholdet mellom landene",
        "– Motstandere av å politisere sport",
        "Vladimir Putin in China. He met Xi Jinping",
        "Xi and Putin condemn US, pledge closer ties",
        "“Expression of Unity”",
    } <= headings
    claims = {s.text for d in documents for s in segment_document(d) if s.kind is Kind.CLAIM}
    assert not claims & headings


def test_segment_counts_the_claims_of_the_norwegian_article(corpus_dir):
    # Read off the article: 15 sentences or title lines, of which two are sub-headings.
    document = load_corpus(corpus_dir)[0]
    kinds = [s.kind for s in segment_document(document)]
    assert kinds.count(Kind.CLAIM) == 13
    assert kinds.count(Kind.HEADING) == 2


@pytest.mark.parametrize(
    "text, language, expected",
    [
        ("Han kom bl.a. fra Oslo. Det var f.eks. kl. 12 i går.", "nb", ["Han kom bl.a. fra Oslo.", "Det var f.eks. kl. 12 i går."]),
        ("Han har ca. 5 barn, dvs. mange. Møtet er nr. 3 i rekken.", "nb", ["Han har ca. 5 barn, dvs. mange.", "Møtet er nr. 3 i rekken."]),
        ("Det gjelder bl.a. Putin. Han kom.", "nb", ["Det gjelder bl.a. Putin.", "Han kom."]),
        (
            "Putin sent troops into Ukraine on Feb. 24. Just last week, they held drills.",
            "en",
            ["Putin sent troops into Ukraine on Feb. 24.", "Just last week, they held drills."],
        ),
        ("Ties with the U.S. and NATO are strained. Mr. Xi agreed.", "en", ["Ties with the U.S. and NATO are strained.", "Mr. Xi agreed."]),
        (
            "“China is willing to ... jointly achieve the development of our countries.” Xi said so.",
            "en",
            ["“China is willing to ... jointly achieve the development of our countries.”", "Xi said so."],
        ),
        ("“We are friends. We stand together,” Putin said. Xi agreed.", "en", ["“We are friends. We stand together,” Putin said.", "Xi agreed."]),
    ],
)
def test_segment_sentence_boundaries(text, language, expected):
    assert _texts(text, language) == expected


_ALPHABET = st.sampled_from(list("abcæøå ABC.,!?«»“”\"–-\n 0123456789:;()…"))


@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet=_ALPHABET, max_size=300), language=st.sampled_from(["nb", "en"]))
def test_segment_spans_never_overlap_and_lose_no_character(text, language):
    segments = segment_document(_doc(text, language))
    covered = [False] * len(text)
    previous_end = 0
    for s in segments:
        assert text[s.start : s.end] == s.text
        assert s.start >= previous_end  # in order, never overlapping
        previous_end = s.end
        for i in range(s.start, s.end):
            covered[i] = True
    lost = [ch for ch, seen in zip(text, covered) if not seen and not ch.isspace()]
    assert lost == []
