"""The command as a user runs it, on the real seed corpus, checked against what the articles say."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from conftest import REFERENCE
from tiny_marian import CORPUS
from translate.cli import app

runner = CliRunner()


def _run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory):
    """The README's command on the seed corpus, run once: the tests below only read its report and JSON."""
    folder = tmp_path_factory.mktemp("seed-run")
    report, result = folder / "report.md", folder / "result.json"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HF_HUB_OFFLINE", "1")
        patch.setenv("TRANSLATE_COMPARE_CACHE", str(folder / "cache"))
        outcome = _run("run", CORPUS, "--translations", REFERENCE, "-o", report, "--json", result)
    assert outcome.exit_code == 0, outcome.output
    return report.read_text(encoding="utf-8"), json.loads(result.read_text(encoding="utf-8"))


def _claim(data, document: str, fragment: str) -> dict:
    (claim,) = [c for c in data["claims"] if c["document"] == document and fragment in c["text"]]
    return claim


def _sections(markdown: str) -> dict[str, list[str]]:
    """Each top-level list item under each '## ' heading, its nested items included, via a real Markdown parser."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    sections: dict[str, list[str]] = {}
    heading, depth, item = None, 0, None
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h2":
            heading = tokens[i + 1].content
            sections[heading] = []
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif token.type == "list_item_open" and depth == 1:
            item = []
        elif token.type == "list_item_close" and depth == 1 and item is not None and heading is not None:
            sections[heading].append("\n".join(item))
            item = None
        elif token.type == "inline" and item is not None:
            item.append(token.content)
    return sections


def test_run_finds_the_olympics_boycott_only_in_the_norwegian_article(seed_run):
    _, data = seed_run
    claim = _claim(data, "000", "politisk boikott av OL")
    assert claim["status"] == "only_here"
    assert claim["english"].startswith("At the same time, Putin criticised Western countries")
    assert claim["translation_source"] == f"file:{Path('corpus/reference/000.en.tsv')}" or claim["translation_source"].endswith("000.en.tsv")


def test_run_finds_the_aukus_alliance_only_in_the_norwegian_article(seed_run):
    markdown, data = seed_run
    claim = _claim(data, "000", "forsvarsalliansen mellom Australia, Storbritannia og USA")
    assert claim["status"] == "only_here"
    assert claim["matches"] == [] and claim["related"] == []
    items = _sections(markdown)["Only in one version"]
    assert any("defence alliance between Australia, Britain" in item for item in items)


def test_run_keeps_the_three_events_of_the_seed_apart(seed_run):
    # 000: the Olympics visit of February 2022; 001: the video call of December 2022; 002-004: the May 2024 state visit.
    markdown, data = seed_run
    assert [e["documents"] for e in data["events"]] == [["000"], ["001"], ["002", "003", "004"]]
    assert {d["id"]: d["event"] for d in data["documents"]} == {"000": "E1", "001": "E2", "002": "E3", "003": "E3", "004": "E3"}
    assert "The corpus mixes 3 events" in markdown


def test_run_shares_blinkens_china_trip_between_002_and_004_and_nowhere_else(seed_run):
    markdown, data = seed_run
    a, b = _claim(data, "002", "Antony Blinken flew to China"), _claim(data, "004", "Antony Blinken flew into China")
    assert a["status"] == b["status"] == "shared"
    assert [(m["document"], m["claim"]) for m in a["matches"]] == [("004", b["id"])]
    shared = [i for i in _sections(markdown)["Shared"] if "Antony Blinken" in i]
    assert len(shared) == 1 and f"≈ {b['id']} (0." in shared[0]


def test_run_finds_putins_important_role_recurring_in_lavrovs_words(seed_run):
    # 000 (2022): Russia and China play an "important and stabilising role" in the world; 003 (2024):
    # Lavrov: "Russia and China play an important role in balancing world affairs". Two visits: it recurs.
    markdown, data = seed_run
    claim = _claim(data, "000", "«viktig og stabiliserende rolle»")
    assert claim["status"] == "recurring"
    lavrov = _claim(data, "003", "Russia and China play an important role in balancing world affairs")
    assert [(m["claim"], m["tier"]) for m in claim["matches"]] == [(lavrov["id"], "recurring")]
    assert any(claim["id"] in item and lavrov["id"] in item for item in _sections(markdown)["Recurring across events"])


def test_run_json_spans_slice_back_into_the_articles(seed_run, corpus_dir):
    _, data = seed_run
    texts = {d["id"]: (corpus_dir / d["path"]).read_text(encoding="utf-8") for d in data["documents"]}
    assert len(data["claims"]) > 80
    for claim in data["claims"]:
        assert texts[claim["document"]][claim["start"] : claim["end"]] == claim["text"]
    assert {d["language"] for d in data["documents"]} == {"nb", "en"}
    assert data["version"] and data["schema"] == 4
    assert data["signature"].startswith("translate-compare:") and "|match:logistic-mrpc-v2|" in data["signature"]


def test_run_header_and_tables_render_as_markdown(seed_run):
    markdown, data = seed_run
    html = MarkdownIt("commonmark").enable("table").render(markdown)
    assert "<script" not in html
    assert html.count("<table>") >= 3  # documents, set aside, settings
    # 13 sentences of the Norwegian article, four of them cut into two claims each: 17 claims.
    assert "| Translations | 13 from the supplied file" in markdown
    assert "not used: every sentence came from the supplied file" in markdown
    row = re.search(r"\| 000 \| .* \| Norwegian Bokmål \| E1 \| (\d+) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \|", markdown)
    claims, shared, diverging, recurring, related, only, aside = map(int, row.groups())
    assert (claims, aside) == (17, 2) and shared + diverging + recurring + related + only == claims
    # No report of 000's event: nothing of it is shared or told differently.
    assert shared == diverging == 0


def test_the_seed_report_is_short_enough_to_read(seed_run):
    markdown, _ = seed_run
    assert len(markdown.split()) < 2500


def test_run_without_model_or_translations_stops_with_one_paragraph(corpus_dir, tmp_path):
    outcome = _run("run", corpus_dir, "-o", tmp_path / "report.md")
    assert outcome.exit_code == 1
    assert outcome.stdout == ""
    assert outcome.stderr.startswith("Error: The translation model 'Helsinki-NLP/opus-mt-tc-big-gmq-en'")
    assert "--model PATH" in outcome.stderr and "HF_HOME" in outcome.stderr
    assert "Traceback" not in outcome.output
    assert outcome.stderr.count("\n") == 1  # one paragraph
    assert not (tmp_path / "report.md").exists()


def test_run_with_a_local_model_translates_then_reuses_the_cache(corpus_dir, tiny_model, tmp_path):
    args = ["run", corpus_dir, "--model", tiny_model, "--num-beams", "1", "--device", "cpu", "--json"]
    first = _run(*args, tmp_path / "a.json", "-o", tmp_path / "a.md")
    assert first.exit_code == 0, first.output
    a = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    # Whole sentences go to the model: 13 of them, four of which are cut into two claims each.
    assert a["translation"]["counts"] == {"model": 13}
    norwegian = [c for c in a["claims"] if c["document"] == "000" and c["kind"] == "claim"]
    assert all(c["translation_source"].startswith(f"model:{tiny_model}@local-") for c in norwegian)
    assert "13 by the model" in (tmp_path / "a.md").read_text(encoding="utf-8")
    second = _run(*args, tmp_path / "b.json")
    assert second.exit_code == 0, second.output
    b = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    assert b["translation"]["counts"] == {"model": 13}  # cached, but said the same way: the same bytes
    assert [c["english"] for c in b["claims"]] == [c["english"] for c in a["claims"]]
    assert (tmp_path / "b.json").read_bytes() == (tmp_path / "a.json").read_bytes()
    assert second.stdout == (tmp_path / "a.md").read_text(encoding="utf-8")


def test_run_refuses_to_overwrite_an_input(corpus_dir, reference, tmp_path):
    import shutil

    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_dir, corpus)
    article = corpus / "001_7d8d522e96a1e12d.txt"
    before = article.read_bytes()
    outcome = _run("run", corpus, "--translations", reference, "-o", article)
    assert outcome.exit_code == 2
    assert "Refusing to write the output" in outcome.stderr
    assert article.read_bytes() == before


def test_run_missing_corpus_is_a_usage_error(tmp_path):
    outcome = _run("run", tmp_path / "nowhere")
    assert outcome.exit_code == 2
    assert outcome.stderr.startswith("Error: The corpus folder")
    assert "Traceback" not in outcome.output


def test_run_malformed_translations_file_names_the_line(corpus_dir, tmp_path):
    tsv = tmp_path / "bad.tsv"
    tsv.write_text("# header\nno tab on this line\n", encoding="utf-8")
    outcome = _run("run", corpus_dir, "--translations", tsv)
    assert outcome.exit_code == 2
    assert "bad.tsv, line 2: expected the source sentence, one tab" in outcome.stderr


def test_translate_prints_a_tsv_of_whole_sentences_that_translations_reads_back(corpus_dir, tiny_model, tmp_path):
    article = corpus_dir / "000_b006d7bdd22ff01c.txt"
    outcome = _run("translate", article, "--model", tiny_model, "--num-beams", "1")
    assert outcome.exit_code == 0, outcome.output
    lines = outcome.stdout.splitlines()
    assert lines[0].startswith("# ") and f"model:{tiny_model}@local-" in lines[0]
    rows = [line.split("\t") for line in lines[1:]]
    assert len(rows) == 15  # 13 sentences (four of them cut into two claims each by the segmenter) and 2 sub-headings
    # Whole sentences, as a translator cuts them, never the segmenter's clauses.
    assert rows[1][0].startswith("Blant annet har de gått ut imot") and rows[1][0].endswith("RIA Novosti.")
    assert all(len(r) == 2 and r[1] for r in rows)
    tsv = tmp_path / "mt.tsv"
    tsv.write_text(outcome.stdout, encoding="utf-8")
    # Round trip: read back, the file stands in for the model, line for line.
    again = _run("translate", article, "--translations", tsv)
    assert again.exit_code == 0, again.output
    assert again.stdout.splitlines()[1:] == lines[1:]
    run = _run("run", corpus_dir, "--translations", tsv, "--json", tmp_path / "r.json")
    assert run.exit_code == 0, run.output
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["translation"]["counts"] == {"supplied file": 13}


def test_a_claim_by_claim_translations_file_gives_the_verdicts_of_a_sentence_by_sentence_one(corpus_dir, reference, tmp_path):
    # corpus/reference/000.en.tsv is sentence by sentence; tests/data/000.en.claims.tsv is the same human
    # translation written claim by claim, as files were before translation became sentence by sentence.
    claims_file = Path(__file__).resolve().parent / "data" / "000.en.claims.tsv"
    results = []
    for name, tsv in (("sentences", reference), ("claims", claims_file)):
        assert _run("run", corpus_dir, "--translations", tsv, "--json", tmp_path / f"{name}.json").exit_code == 0
        data = json.loads((tmp_path / f"{name}.json").read_text(encoding="utf-8"))
        results.append([(c["id"], c["status"], c["english"]) for c in data["claims"]])
    assert results[0] == results[1]


def test_translate_uses_the_reference_file_without_a_model(corpus_dir, reference):
    outcome = _run("translate", corpus_dir / "000_b006d7bdd22ff01c.txt", "--translations", reference)
    assert outcome.exit_code == 0, outcome.output
    assert "Praise for the relationship between the countries" in outcome.stdout


def test_claims_prints_spans_and_kinds(corpus_dir):
    path = corpus_dir / "003_3a7575a8856c8f9d.txt"
    text = path.read_text(encoding="utf-8")
    outcome = _run("claims", path, "--json")
    assert outcome.exit_code == 0, outcome.output
    data = json.loads(outcome.stdout)
    assert data["document"]["language"] == "en"
    for s in data["segments"]:
        assert text[s["start"] : s["end"]] == s["text"]
    assert data["segments"][0] == {**data["segments"][0], "kind": "heading", "text": "Vladimir Putin in China. He met Xi Jinping"}
    table = _run("claims", path)
    assert table.exit_code == 0
    assert re.search(r"^\s+1\s+44-\d+\s+claim\s+Russian President Vladimir Putin began", table.stdout, re.M)


def test_run_never_tells_the_friday_and_thursday_arrivals_differently(seed_run):
    # "Putin landed in Beijing around lunchtime on Friday" (2022) and "arrived in Beijing on Thursday
    # morning" (2024) are two visits two years apart: no contradiction, and nowhere in the seed is one.
    markdown, data = seed_run
    landed = _claim(data, "000", "ved lunsjtider fredag")
    assert landed["status"] in ("only_here", "recurring")
    assert not [c for c in data["claims"] if c["status"] == "diverging"]
    assert "## Told differently" not in markdown
    assert "No report of this event contradicts another" in markdown


def test_run_flags_the_translation_when_it_lost_the_weekday(corpus_dir, reference, tmp_path):
    wrong = tmp_path / "wrong.tsv"
    text = reference.read_text(encoding="utf-8").replace("around lunchtime on Friday", "on Thursday morning")
    wrong.write_text(text, encoding="utf-8")
    result = tmp_path / "result.json"
    outcome = _run("run", corpus_dir, "--translations", wrong, "-o", tmp_path / "r.md", "--json", result)
    assert outcome.exit_code == 0, outcome.output
    landed = _claim(json.loads(result.read_text(encoding="utf-8")), "000", "ved lunsjtider fredag")
    assert landed["translation_issues"] == ["date: lunsjtider (lunchtime)", "date: fredag (friday)"]
    report = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "*Check the translation:* its English lacks date: fredag (friday) of the original." in report


def test_an_all_english_corpus_compares_outlets_with_each_other(corpus_dir, tmp_path):
    import shutil

    corpus = tmp_path / "english"
    corpus.mkdir()
    for name in ("002_c98abb114da4623c.txt", "004_7ff8c7b226afe9a9.txt"):
        shutil.copy(corpus_dir / name, corpus / name)
    outcome = _run("run", corpus, "--json", tmp_path / "r.json", "-o", tmp_path / "r.md")
    assert outcome.exit_code == 0, outcome.output
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["translation"]["models"] == [] and data["translation"]["counts"] == {}
    # The AP/Reuters wire copy both outlets ran: the Blinken sentence is shared, both ways.
    blinken = _claim(data, "002_c98abb114da4623c", "Antony Blinken flew to China")
    assert blinken["status"] == "shared"
    markdown = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "Only in 002\\_c98abb114da4623c" in markdown and "Norwegian" not in markdown
