from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sizes import examples

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
    # Read off the article: 15 sentences or title lines, of which two are sub-headings,
    # and four sentences that each join two statements ("…, og oppfordret …", "… og hevdet at …").
    document = load_corpus(corpus_dir)[0]
    kinds = [s.kind for s in segment_document(document)]
    assert kinds.count(Kind.CLAIM) == 17
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
        ('"We are friends," Putin said. Xi agreed.', "en", ['"We are friends," Putin said.', "Xi agreed."]),
        ("Under Sec. 5 the rule applies. It ended.", "en", ["Under Sec. 5 the rule applies.", "It ended."]),
        ("«Vi er venner. Vi står sammen», sa Putin. Xi var enig.", "nb", ["«Vi er venner. Vi står sammen», sa Putin.", "Xi var enig."]),
        ("Saken er nr. 4 på listen. Den kom ca. kl. 9.", "nb", ["Saken er nr. 4 på listen.", "Den kom ca. kl. 9."]),
    ],
)
def test_segment_sentence_boundaries(text, language, expected):
    assert _texts(text, language) == expected


_ALPHABET = st.sampled_from(list("abcæøå ABC.,!?«»“”\"–-\n 0123456789:;()…"))


@settings(max_examples=examples(150), deadline=None)
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


@pytest.mark.parametrize(
    "line, reason",
    [
        ("Main photo source: Getty Images", "credit"),
        ("Vladimir Putin and Xi JinpingGetty Images", "caption"),
        ("Russian President Vladimir Putin and Chinese President Xi Jinping are holding talks in Beijing. (AP PHOTO)", "caption"),
        ("No comments:", "widget"),
        ("Post a Comment", "widget"),
        ("Leave a Reply", "widget"),
        ("Your email address will not be published. Required fields are marked *", "widget"),
        ("See also  What's behind Russia and Germany expelling each other's diplomats?", "cross-link"),
        ("Les også: Putin i Beijing", "cross-link"),
        ("Associated Press and Reuters contributed to this report.", "credit"),
        ("By Jane Smith and Ola Nordmann", "byline"),
        ("Publisert 17. mai 2024", "byline"),
        ("* * *", "no text"),
    ],
)
def test_segment_sets_web_junk_aside_with_its_reason(line, reason):
    text = f"Putin visited Beijing on Thursday.\n\n{line}\n\nXi welcomed him."
    segments = segment_document(_doc(text, "en"))
    junk = [s for s in segments if s.kind is Kind.BOILERPLATE]
    assert [(s.text, s.reason) for s in junk] == [(line, reason)]
    assert [s.text for s in segments if s.kind is Kind.CLAIM] == ["Putin visited Beijing on Thursday.", "Xi welcomed him."]


def test_segment_keeps_a_sentence_that_opens_like_a_byline():
    assert _texts("By Friday, Putin had left Beijing.", "en") == ["By Friday, Putin had left Beijing."]


def test_segment_sets_aside_the_title_line_of_a_photo_caption():
    text = (
        "Putin visited Beijing on Thursday.\n\nXi Jinping and Valdimir Putin review the honour guard in Beijing\n"
        "Russian President Vladimir Putin and Chinese President Xi Jinping are holding talks in Beijing. (AP PHOTO)\n"
    )
    reasons = [(s.kind, s.reason) for s in segment_document(_doc(text, "en"))]
    assert reasons == [(Kind.CLAIM, None), (Kind.BOILERPLATE, "caption"), (Kind.BOILERPLATE, "caption")]


def test_segment_sets_aside_a_sentence_the_copy_cut_off():
    text = "He said cooperation is the “main stabilizing factor”. Moscow and Beijing “have solid"
    segments = segment_document(_doc(text, "en"))
    assert [(s.kind, s.reason) for s in segments] == [(Kind.CLAIM, None), (Kind.BOILERPLATE, "truncated")]


def test_segment_cuts_the_ria_novosti_sentence_into_two_claims_sourced_to_ria(corpus_dir):
    document = load_corpus(corpus_dir)[0]
    segments = segment_document(document)
    parts = [s for s in segments if s.sentence and "RIA Novosti" in document.text[s.sentence[0] : s.sentence[1]]]
    assert [s.text for s in parts] == [
        "Blant annet har de gått ut imot det de kaller USAs «negative innflytelse» i Asia og Stillehavsregionen,",
        "og oppfordret USA til å droppe kort- og mellomdistanseraketter i Europa, skriver det statlige russiske nyhetsbyrået RIA Novosti.",
    ]
    assert [s.speaker for s in parts] == ["RIA Novosti", "RIA Novosti"]
    sentence = document.text[parts[0].sentence[0] : parts[0].sentence[1]]
    assert sentence.startswith("Blant annet") and sentence.endswith("RIA Novosti.")


@pytest.mark.parametrize(
    "text, language, expected",
    [
        # Coordinated main clauses become two claims ...
        ("Ifølge Usjakov har de like syn, og han understreker at Kina støtter Moskva.", "nb", 2),
        ("China has refused to criticise Moscow, and has blasted the sanctions imposed on Russia.", "en", 2),
        ("Putin kritiserte landene som boikotter OL og hevdet at de fremmer egne ambisjoner.", "nb", 2),
        # ... never inside a quotation, a dialogue-dash line, or a list of nouns.
        ("“Containment is unpopular, and sanctions are doomed to fail,” Xi told Putin.", "en", 1),
        ("– Vi er venner, og vi står sammen mot Vesten, sier Putin.", "nb", 1),
        ("They discussed energy, trade and security with officials from Moscow.", "en", 1),
        ("De droppet kort- og mellomdistanseraketter i Europa.", "nb", 1),
    ],
)
def test_segment_cuts_a_sentence_into_atomic_claims(text, language, expected):
    assert len(_texts(text, language)) == expected


@pytest.mark.parametrize(
    "text, language, speakers",
    [
        ("– Forholdet utvikler seg, sier Putin.", "nb", ["Putin"]),
        ("Det skjer nå, sa Usjakov tidligere i uka.", "nb", ["Usjakov"]),
        ("Ifølge programmet gikk han rett i møte med Xi.", "nb", ["programmet"]),
        ("Ifølge Putins rådgiver Jurij Usjakov er besøket viktig.", "nb", ["Jurij Usjakov"]),
        ("I et intervju understreket Putin at Russland er en venn.", "nb", ["Putin"]),
        ("“We are ready,” Putin told Xi by video link.", "en", ["Putin"]),
        ("The visit is a “show of solidarity,” according to the AP.", "en", ["AP"]),
        ("“Both sides want to show unity,” said Hoo Tiang Boon, a professor.", "en", ["Hoo Tiang Boon"]),
        ("Xi, who also called Putin “my friend”, said he was satisfied.", "en", ["Xi"]),
        # A pronoun, or a description, is the last named speaker; a quotation alone continues the one before.
        ("“We agree,” Xi said. “Sanctions are doomed,” he added. “China is ready.”", "en", ["Xi", "Xi", "Xi"]),
        ("“Oil exports grow,” Putin said. The Russian leader said he expects Xi in spring.", "en", ["Putin", "Putin"]),
        # Saying is attributed; doing is not.
        ("Putin sent his troops into Ukraine on Feb. 24.", "en", [None]),
        ("Putin’s visit comes a day after he said sanctions would continue.", "en", [None]),
    ],
)
def test_segment_records_who_said_it(text, language, speakers):
    claims = [s for s in segment_document(_doc(text, language)) if s.kind is Kind.CLAIM]
    assert [s.speaker for s in claims] == speakers
