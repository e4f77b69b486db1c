"""Nothing lost, nothing broken: the faults of docs/reliability.md, each tried."""

from __future__ import annotations

import logging
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sizes import examples
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from translate.cli import app
from translate.compare import decide_verdicts
from translate.align import align_claims
from translate.english import content_terms
from translate.corpus import read_article
from translate.errors import CorpusError
from translate.mt import MarianTranslator, TranslationCache, TranslationSettings, translate_sentences
from translate.mt.cache import CACHE_FILE
from translate.pipeline import compare_corpus
from translate.records import Document, Kind, RunSettings, Status
from translate.report import render_json, render_markdown
from translate.segment import segment_document

from conftest import REFERENCE
from tiny_marian import CORPUS


def _run(*args):
    return CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": "200"})


# ---- the translation cache ------------------------------------------------------------


def test_damaged_cache_is_set_aside_with_a_warning_and_rebuilt(tmp_path, caplog):
    garbage = b"this is not an SQLite database " * 200
    (tmp_path / CACHE_FILE).write_bytes(garbage)
    cache = TranslationCache(tmp_path)
    with caplog.at_level(logging.WARNING, logger="translate"):
        cache.put_many("m", "r", "beams=1", {"Hei.": "Hi."})
    assert cache.get_many("m", "r", "beams=1", ["Hei."]) == {"Hei.": "Hi."}
    assert "damaged" in caplog.text and "moved to" in caplog.text
    aside = tmp_path / f"{CACHE_FILE}.damaged-1"
    assert aside.read_bytes() == garbage  # the user's file is kept, never deleted


def test_locked_cache_lets_the_run_go_on_in_memory(tmp_path, caplog):
    first = TranslationCache(tmp_path)
    first.put_many("m", "r", "beams=1", {"Hei.": "Hi."})
    first.close()
    holder = sqlite3.connect(tmp_path / CACHE_FILE)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        cache = TranslationCache(tmp_path)
        cache.timeout = 0.2
        with caplog.at_level(logging.WARNING, logger="translate"):
            cache.put_many("m", "r", "beams=1", {"Takk.": "Thanks."})
        assert cache.get_many("m", "r", "beams=1", ["Takk."]) == {"Takk.": "Thanks."}
        assert "locked" in caplog.text
    finally:
        holder.rollback()
        holder.close()
    assert TranslationCache(tmp_path).get_many("m", "r", "beams=1", ["Hei."]) == {"Hei.": "Hi."}


def test_two_runs_writing_one_cache_at_once_lose_nothing(tmp_path):
    writer = (
        "import sys; from translate.mt import TranslationCache\n"
        "c = TranslationCache(sys.argv[1]); tag = sys.argv[2]\n"
        "for i in range(60): c.put_many('m', 'r', 's', {f'{tag} {i}': f'{tag} en {i}'})\n"
    )
    procs = [subprocess.Popen([sys.executable, "-c", writer, str(tmp_path), tag]) for tag in ("a", "b")]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    cache = TranslationCache(tmp_path)
    sources = [f"{tag} {i}" for tag in ("a", "b") for i in range(60)]
    assert len(cache.get_many("m", "r", "s", sources)) == 120
    (status,) = sqlite3.connect(tmp_path / CACHE_FILE).execute("PRAGMA integrity_check").fetchone()
    assert status == "ok"


def test_interrupted_translation_keeps_what_it_finished(tiny_model, tmp_path, monkeypatch):
    sentences = [s.text for s in segment_document(_norwegian()) if s.kind is Kind.CLAIM]
    original = MarianTranslator.translate_scored
    calls = {"n": 0}

    def interrupted(self, chunk, progress=None):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # Ctrl-C during the second chunk
        return original(self, chunk, progress)

    monkeypatch.setattr(MarianTranslator, "translate_scored", interrupted)
    cache = TranslationCache(tmp_path / "cache")
    settings = TranslationSettings(model=str(tiny_model), batch_size=2, num_beams=1, backend="transformers")
    with pytest.raises(KeyboardInterrupt):
        translate_sentences(sentences, settings, cache=cache)
    monkeypatch.setattr(MarianTranslator, "translate_scored", original)
    resumed = translate_sentences(sentences, settings, cache=cache)
    # The first batch (2 sentences) was stored before the interruption and is not translated again.
    assert resumed.info.counts == {"cache": 2, "model": len(sentences) - 2}


def test_ctrl_c_during_a_run_says_what_was_kept(monkeypatch, tmp_path):
    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("translate.align.align_claims", interrupt)
    outcome = _run("run", CORPUS, "--translations", REFERENCE, "-o", tmp_path / "r.md")
    assert outcome.exit_code == 130
    assert "Interrupted" in outcome.output and "Traceback" not in outcome.output
    assert not (tmp_path / "r.md").exists()


# ---- output ----------------------------------------------------------------------------


def test_report_and_json_are_written_atomically_and_never_half(tmp_path, monkeypatch):
    target = tmp_path / "report.md"
    target.write_text("the user's previous report\n", encoding="utf-8")

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("translate.output.os.replace", broken)
    outcome = _run("run", CORPUS, "--translations", REFERENCE, "-o", target)
    assert outcome.exit_code != 0
    assert target.read_text(encoding="utf-8") == "the user's previous report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]  # no temporary file left behind


def test_same_inputs_give_byte_identical_markdown_and_json(tmp_path):
    outputs = []
    for n in range(2):
        md, js = tmp_path / f"r{n}.md", tmp_path / f"r{n}.json"
        assert _run("run", CORPUS, "--translations", REFERENCE, "-o", md, "--json", js).exit_code == 0
        outputs.append((md.read_bytes(), js.read_bytes()))
    assert outputs[0] == outputs[1]
    assert b"Generated" not in outputs[0][0] and b"timestamp" not in outputs[0][1]


def test_timestamp_only_when_asked(tmp_path):
    md, js = tmp_path / "r.md", tmp_path / "r.json"
    assert _run("run", CORPUS, "--translations", REFERENCE, "-o", md, "--json", js, "--timestamp").exit_code == 0
    assert "| Generated | 20" in md.read_text(encoding="utf-8")
    assert '"timestamp": "20' in js.read_text(encoding="utf-8")


# ---- input -----------------------------------------------------------------------------


def test_a_file_of_many_megabytes_is_refused_with_what_to_do(tmp_path):
    big = tmp_path / "huge.txt"
    big.write_bytes(b"Putin visited Beijing. " * 500_000)  # 11.5 MB
    with pytest.raises(CorpusError, match="one file per article"):
        read_article(big)


def test_a_long_file_is_read_with_a_warning(tmp_path, caplog):
    long = tmp_path / "long.txt"
    long.write_bytes(b"Putin visited Beijing. " * 50_000)  # 1.15 MB
    with caplog.at_level(logging.WARNING, logger="translate"):
        assert read_article(long).startswith("Putin visited Beijing.")
    assert "much longer than a news article" in caplog.text


def test_an_empty_file_is_left_out_with_a_warning(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for f in CORPUS.glob("*.txt"):
        shutil.copy(f, corpus)
    (corpus / "005_empty.txt").write_text("", encoding="utf-8")
    outcome = _run("run", corpus, "--translations", REFERENCE, "-o", tmp_path / "r.md")
    assert outcome.exit_code == 0
    assert "005_empty.txt is empty; it is left out" in outcome.output


# ---- model loading ---------------------------------------------------------------------


def test_pickled_weights_load_only_with_allow_pickle(tiny_model, tmp_path):
    import torch
    from safetensors.torch import load_file

    folder = tmp_path / "pickled"
    shutil.copytree(tiny_model, folder)
    state = load_file(folder / "model.safetensors")
    (folder / "model.safetensors").unlink()
    torch.save(state, folder / "pytorch_model.bin")
    article = CORPUS / "000_b006d7bdd22ff01c.txt"
    refused = _run("translate", article, "--model", folder, "--num-beams", "1", "--cache-dir", tmp_path / "c1")
    assert refused.exit_code == 1
    assert "--allow-pickle" in refused.output and "Traceback" not in refused.output
    allowed = _run("translate", article, "--model", folder, "--num-beams", "1", "--cache-dir", tmp_path / "c2", "--allow-pickle")
    assert allowed.exit_code == 0, allowed.output
    assert len(allowed.stdout.splitlines()) == 16  # a header line, 13 sentences and 2 sub-headings


def test_no_code_path_enables_trust_remote_code():
    sources = "\n".join(p.read_text(encoding="utf-8") for p in Path("translate").rglob("*.py"))
    assert "trust_remote_code=True" not in sources
    assert "trust_remote_code=False" in sources


# ---- hostile text and properties -------------------------------------------------------

_HOSTILE = st.lists(
    st.sampled_from(
        ["a | b", "`x`", "<script>alert(1)</script>", "[x](javascript:alert(1))", "<!-- c -->", "\n#\n", "*", "_",
         "\\", "&amp;", "W" * 300, "Putin said.", "Xi agreed,", "\n", " ", "1.", "- "]
    ),
    min_size=1,
    max_size=25,
).map("".join)


def _norwegian() -> Document:
    path = CORPUS / "000_b006d7bdd22ff01c.txt"
    return Document(id="000", path=path.name, language="nb", title="000", text=path.read_text(encoding="utf-8"))


@settings(max_examples=examples(12), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(hostile=_HOSTILE)
def test_hostile_article_text_cannot_break_the_report(tmp_path_factory, hostile):
    corpus = tmp_path_factory.mktemp("hostile")
    shutil.copy(CORPUS / "000_b006d7bdd22ff01c.txt", corpus)
    shutil.copy(CORPUS / "004_7ff8c7b226afe9a9.txt", corpus)
    (corpus / "005.txt").write_text(f"Putin visited Beijing on Thursday. {hostile}\n\n{hostile}\n", encoding="utf-8")
    (corpus / "corpus.toml").write_text(
        '[[documents]]\nfile = "000_b006d7bdd22ff01c.txt"\nid = "000"\nlanguage = "nb"\n\n'
        '[[documents]]\nfile = "004_7ff8c7b226afe9a9.txt"\nid = "004"\nlanguage = "en"\n\n'
        '[[documents]]\nfile = "005.txt"\nid = "005"\nlanguage = "en"\n',
        encoding="utf-8",
    )
    comparison = compare_corpus(corpus, RunSettings(translation=TranslationSettings(translations=str(REFERENCE))))
    markdown = render_markdown(comparison)
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    # The only HTML is the report's own folding of word diffs.
    own = {"<details><summary>Word by word</summary>", "</details>"}
    assert not [t for t in tokens if t.type in ("html_block", "html_inline") and t.content.strip() not in own]
    assert not [c for t in tokens if t.children for c in t.children if c.type in ("html_inline", "link_open")]
    # Every table keeps its columns in every row.
    widths, current = [], 0
    for t in tokens:
        if t.type == "tr_open":
            current = 0
        elif t.type in ("th_open", "td_open"):
            current += 1
        elif t.type == "tr_close":
            widths.append(current)
        elif t.type == "table_close":
            assert len(set(widths)) == 1, widths
            widths = []
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2"]
    assert headings == [h for h in headings if not h.startswith(("#", "<"))]
    assert '"schema"' in render_json(comparison)


_SENTENCE = st.lists(st.sampled_from("Putin Xi Beijing Moscow visit talks trade war sanctions oil Friday 2024 said the of".split()), min_size=2, max_size=12).map(lambda w: " ".join(w) + ".")


def _english(doc_id: str, sentences: list[str]) -> list:
    document = Document(id=doc_id, path=f"{doc_id}.txt", language="en", title=doc_id, text="\n".join(sentences))
    return [s for s in segment_document(document) if s.kind is Kind.CLAIM]


@settings(max_examples=examples(40), deadline=None)
@given(a=st.lists(_SENTENCE, min_size=1, max_size=6), b=st.lists(_SENTENCE, min_size=1, max_size=6), c=st.lists(_SENTENCE, min_size=1, max_size=6))
def test_similarities_lie_in_0_1_and_a_third_document_changes_no_link_between_the_others(a, b, c):
    # Rarity and margins are counted per document pair, so within one event a third document
    # changes nothing between the other two. (Which documents form an event is a corpus-wide
    # question, so the event is fixed here.)
    docs = [Document(id=d, path=d, language="en", title=d, text="") for d in ("a", "b", "c")]
    two = _english("a", a) + _english("b", b)
    three = two + _english("c", c)
    candidates = align_claims(three)
    assert all(0.0 <= e.similarity <= 1.0 and e.margin >= 0.0 for found in candidates.values() for x in found for e in (x.lexical,))
    before, _, _ = decide_verdicts(docs[:2], two, align_claims(two), one_event=True)
    after, _, _ = decide_verdicts(docs, three, candidates, one_event=True)
    after = {v.claim: v for v in after}
    for verdict in before:
        kept = after[verdict.claim]
        assert [m for m in kept.matches + kept.related if m.document != "c"] == list(verdict.matches + verdict.related)


@settings(max_examples=examples(25), deadline=None)
@given(a=st.lists(_SENTENCE, min_size=1, max_size=6, unique=True))
@example(a=["Friday said."])  # found by hypothesis in CI: the speaker "Friday" conflicted with itself
@example(a=["Putin Putin.", "Putin Putin Putin."])  # found by hypothesis: equal cosines, the wrong twin ranked first
@example(a=["Putin Putin.", "said said."])  # found by hypothesis: a claim with no words to match kept the twins apart
def test_a_document_compared_with_itself_is_all_shared(a):
    docs = [Document(id=d, path=d, language="en", title=d, text="") for d in ("a", "twin")]
    claims = _english("a", a) + _english("twin", a)
    verdicts, _, _ = decide_verdicts(docs, claims, align_claims(claims))
    assert len(verdicts) == len(claims)
    # A claim of stop words only ("He said so.") has nothing to match on, even against itself.
    assert all(v.status is Status.SHARED for v, c in zip(verdicts, claims, strict=True) if content_terms(c.english))


def _partial_corpus(tmp_path, names, extra=None):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for f in CORPUS.glob("*.txt"):
        if f.name[:3] in names:
            shutil.copy(f, corpus)
    for name, text in (extra or {}).items():
        (corpus / name).write_text(text, encoding="utf-8")
    return corpus


@pytest.mark.parametrize(
    "names, extra, message",
    [
        (("000",), None, "holds one article"),
        (
            ("001", "002"),
            {"005.txt": "Путин прибыл в Пекин в четверг. Си Цзиньпин встретил его на церемонии в Доме народных собраний."},
            "has no rules for that language (sentences, attribution, dates): it knows da, de, en, es, fr, nb, nn, no, sv",
        ),
    ],
)
def test_a_corpus_the_languages_of_which_cannot_be_compared_is_explained(tmp_path, names, extra, message):
    outcome = _run("run", _partial_corpus(tmp_path, names, extra), "-o", tmp_path / "r.md")
    assert outcome.exit_code == 2
    assert message in outcome.output and "Traceback" not in outcome.output
    assert not (tmp_path / "r.md").exists()
