"""The faults a new user and a fault campaign hit (issue 17), each reproduced first.

Most runs use a corpus of two seed articles (the Norwegian one, with its
reference translation, and one English report), which compares in a fraction
of a second; the messages asserted are the ones docs/reliability.md quotes.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from conftest import REFERENCE
from tiny_marian import CORPUS
from translate.cli import app, main
from translate.compare.guard import translation_issues
from translate.corpus import load_corpus
from translate.errors import CorpusError
from translate.hub import download_command
from translate.lang import rules_for
from translate.mt import TranslationCache

NORWEGIAN, ENGLISH = "000_b006d7bdd22ff01c.txt", "002_c98abb114da4623c.txt"


def _run(*args):
    return CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": "200"})


@pytest.fixture()
def small(tmp_path) -> Path:
    """A folder of two seed articles without a manifest."""
    folder = tmp_path / "small"
    folder.mkdir()
    for name in (NORWEGIAN, ENGLISH):
        shutil.copy(CORPUS / name, folder / name)
    return folder


def _json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


# ---- first minutes as a newcomer -----------------------------------------------------------


def test_a_closed_pipe_ends_quietly_as_for_git(tmp_path):
    # translate-compare claims FILE | head -1, on an article whose listing overflows the pipe's buffer
    # (64 KiB), so that the command is still writing when the reader goes away.
    long = tmp_path / "long.txt"
    long.write_text("\n\n".join([(CORPUS / ENGLISH).read_text(encoding="utf-8")] * 40), encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "translate", "claims", str(long)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout.readline().startswith(b"# ")
    process.stdout.close()  # what head does after its first line
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=60) == 141  # 128 + SIGPIPE, as for git log | head
    assert stderr == ""


def test_a_report_written_into_the_corpus_folder_is_not_read_back_as_an_article(small):
    first = _run("run", small, "--translations", REFERENCE, "-o", small / "report.md", "--json", small / "result.json")
    assert first.exit_code == 0, first.output
    again = _run("run", small, "--translations", REFERENCE, "-o", small / "report.md", "--json", small / "result.json")
    assert again.exit_code == 0, again.output  # written over: it is no input
    assert "report.md is a report or translation that translate-compare wrote; it is not read as an article" in again.stderr
    assert [d["id"] for d in _json(small / "result.json")["documents"]] == [Path(NORWEGIAN).stem, Path(ENGLISH).stem]
    # The TSV that `translate` prints, saved with an article's suffix, is ours too.
    listing = _run("translate", small / NORWEGIAN, "--translations", REFERENCE)
    (small / "000.en.txt").write_text(listing.stdout, encoding="utf-8")
    third = _run("run", small, "--translations", REFERENCE, "--json", small / "result.json")
    assert "000.en.txt is a report or translation" in third.stderr
    assert len(_json(small / "result.json")["documents"]) == 2


def test_the_download_command_named_is_the_one_installed():
    command = download_command("Helsinki-NLP/opus-mt-tc-big-gmq-en")
    program = command.split()[0]
    assert (Path(sys.executable).parent / program).exists() or shutil.which(program), command
    outcome = _run("run", CORPUS)
    assert f"({command})" in outcome.stderr


def test_a_model_folder_that_is_not_there_is_bad_input(small, tmp_path):
    outcome = _run("run", small, "--model", tmp_path / "nonexistent" / "model", "-o", tmp_path / "r.md")
    assert outcome.exit_code == 2
    assert "does not exist" in outcome.stderr and "Traceback" not in outcome.output
    # Also when a translations file covers some sentences: the wrong --model is still the user's to fix.
    partial = tmp_path / "partial.tsv"
    partial.write_text(REFERENCE.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    assert _run("run", small, "--translations", partial, "--model", "/nonexistent/model", "-o", tmp_path / "r.md").exit_code == 2


def test_outputs_follow_the_umask_and_keep_an_existing_files_mode(small, tmp_path):
    old = os.umask(0o022)
    try:
        (tmp_path / "kept.json").write_text("{}", encoding="utf-8")
        os.chmod(tmp_path / "kept.json", 0o640)
        outcome = _run("run", small, "--translations", REFERENCE, "-o", tmp_path / "new.md", "--json", tmp_path / "kept.json")
        assert outcome.exit_code == 0, outcome.output
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.md").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "kept.json").stat().st_mode) == 0o640


def test_every_list_item_of_the_report_nests_as_its_indent_says(small, tmp_path):
    # Under CommonMark a sub-bullet belongs to an item only when indented by the marker's width
    # ("10. " needs four spaces): items 10 and 11 lost theirs. markdown-it says which item is nested.
    outcome = _run("run", CORPUS, "--translations", REFERENCE, "-o", tmp_path / "r.md")
    assert outcome.exit_code == 0, outcome.output
    source = (tmp_path / "r.md").read_text(encoding="utf-8")
    lines = source.splitlines()
    items = [t for t in MarkdownIt("commonmark").parse(source) if t.type == "list_item_open"]
    assert len(items) > 20
    for item in items:
        line = lines[item.map[0]]
        assert (item.level > 1) == (line != line.lstrip()), line


def test_german_capitalised_nouns_are_not_taken_for_names():
    issues = translation_issues(
        "Die Erklärung der Länder weckt Sorge in Berlin.", "The countries' statement raises concern in Berlin.", rules_for("de")
    )
    assert not [i for i in issues if i.startswith("name:")], issues


# ---- outputs ------------------------------------------------------------------------------


def _device(path: Path, minor: int) -> Path:
    """A character device node like /dev/null (minor 3) or /dev/full (7), made in a test folder: a test that
    failed must not replace the machine's own /dev/null (as root, the old code did)."""
    if os.geteuid() != 0:
        pytest.skip("making a device node needs root (CI runs as root)")
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    return path


def test_devices_and_pipes_are_written_to_not_replaced(small, tmp_path):
    null = _device(tmp_path / "null", 3)
    outcome = _run("run", small, "--translations", REFERENCE, "-o", null)
    assert outcome.exit_code == 0, outcome.output
    assert stat.S_ISCHR(null.stat().st_mode)
    full = _device(tmp_path / "full", 7)
    outcome = _run("run", small, "--translations", REFERENCE, "-o", full)
    assert outcome.exit_code == 1
    assert outcome.stderr.startswith(f"Error: Could not write {full}: the disk is full")
    assert stat.S_ISCHR(full.stat().st_mode)


def test_a_named_pipe_is_written_to_not_replaced(small, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    outcome = _run("run", small, "--translations", REFERENCE, "-o", fifo)
    received = reader.communicate(timeout=60)[0].decode()
    assert outcome.exit_code == 0, outcome.output
    assert received.startswith("# What each version says")
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_link_is_followed_and_stays_a_link(small, tmp_path):
    (tmp_path / "real.md").write_text("old\n", encoding="utf-8")
    (tmp_path / "link.md").symlink_to(tmp_path / "real.md")
    outcome = _run("run", small, "--translations", REFERENCE, "-o", tmp_path / "link.md")
    assert outcome.exit_code == 0, outcome.output
    assert (tmp_path / "link.md").is_symlink()
    assert (tmp_path / "real.md").read_text(encoding="utf-8").startswith("# What each version says")


def test_outputs_are_checked_against_every_input_and_each_other_before_the_run(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "articles").mkdir(parents=True)
    shutil.copy(CORPUS / NORWEGIAN, corpus / "articles" / "no.txt")
    shutil.copy(CORPUS / ENGLISH, corpus / "articles" / "en.txt")
    (corpus / "corpus.toml").write_text(
        '[[documents]]\nfile = "articles/no.txt"\nlanguage = "nb"\n[[documents]]\nfile = "articles/en.txt"\nlanguage = "en"\n', encoding="utf-8"
    )
    article = (corpus / "articles" / "en.txt").read_bytes()
    outcome = _run("run", corpus, "--translations", REFERENCE, "-o", corpus / "articles" / "en.txt")
    assert outcome.exit_code == 2 and "it is one of the inputs of this run" in outcome.stderr
    assert (corpus / "articles" / "en.txt").read_bytes() == article
    same = _run("run", corpus, "--translations", REFERENCE, "-o", tmp_path / "r.md", "--json", tmp_path / "r.md")
    assert same.exit_code == 2 and "-o and --json both name" in same.stderr
    assert not (tmp_path / "r.md").exists()
    late = _run("run", corpus, "--translations", REFERENCE, "-o", tmp_path / "r.md", "--json", corpus / "corpus.toml")
    assert late.exit_code == 2 and "it is one of the inputs" in late.stderr
    assert not (tmp_path / "r.md").exists()  # refused before the report was written


def test_a_failure_writing_the_second_output_leaves_both_files_as_they_were(small, tmp_path, monkeypatch):
    for name in ("r.md", "r.json"):
        (tmp_path / name).write_text(f"previous {name}\n", encoding="utf-8")
    calls = []
    real = os.fchmod

    def full_on_the_second(fd, mode):
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd, mode)

    monkeypatch.setattr("translate.output.os.fchmod", full_on_the_second)
    outcome = _run("run", small, "--translations", REFERENCE, "-o", tmp_path / "r.md", "--json", tmp_path / "r.json")
    assert outcome.exit_code == 1
    assert "Could not write" in outcome.stderr and "the disk is full" in outcome.stderr
    assert (tmp_path / "r.md").read_text(encoding="utf-8") == "previous r.md\n"  # not replaced alone
    assert (tmp_path / "r.json").read_text(encoding="utf-8") == "previous r.json\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.json", "r.md", "small"]


def test_sigterm_while_writing_leaves_no_temporary_file(small, tmp_path, monkeypatch, capsys):
    (tmp_path / "r.md").write_text("previous\n", encoding="utf-8")
    real = os.replace

    def terminated(source, target):
        os.kill(os.getpid(), signal.SIGTERM)
        real(source, target)

    monkeypatch.setattr("translate.output.os.replace", terminated)
    with pytest.raises(SystemExit) as stopped:
        main(["run", str(small), "--translations", str(REFERENCE), "-o", str(tmp_path / "r.md"), "--json", str(tmp_path / "r.json")])
    assert stopped.value.code == 143
    assert "Stopped (SIGTERM)" in capsys.readouterr().err
    assert (tmp_path / "r.md").read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.md", "small"]
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # put back


def test_the_report_signature_cannot_carry_markup(small, tmp_path):
    hostile = tmp_path / "a`<img src=x onerror=alert(1)>|`b.tsv"
    shutil.copy(REFERENCE, hostile)
    outcome = _run("run", small, "--translations", hostile, "-o", tmp_path / "r.md")
    assert outcome.exit_code == 0, outcome.output
    html = MarkdownIt("commonmark").enable("table").render((tmp_path / "r.md").read_text(encoding="utf-8"))
    assert "<img" not in html
    # Shown whole, as one code span: the backticks in the name neither close it nor show a backslash.
    shown = hostile.name.replace("<", "&lt;").replace(">", "&gt;")
    assert f"<code>{shown}</code>" in html.replace(f"{tmp_path}/", "")


# ---- operating-system errors ----------------------------------------------------------------


def test_an_unreadable_article_is_named(small, monkeypatch):
    real = Path.read_bytes

    def denied(self):
        if self.name == ENGLISH:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", denied)
    outcome = _run("run", small, "--translations", REFERENCE)
    assert outcome.exit_code == 2
    assert outcome.stderr.startswith(f"Error: Cannot read {small / ENGLISH}: Permission denied.")


def test_a_file_name_that_is_not_utf8_is_refused_before_the_run(small, tmp_path):
    os.close(os.open(os.path.join(os.fsencode(small), b"caf\xe9.txt"), os.O_CREAT | os.O_WRONLY))
    outcome = _run("run", small, "--translations", REFERENCE, "-o", tmp_path / "r.md")
    assert outcome.exit_code == 2
    assert "is not valid UTF-8 (b'caf\\xe9.txt')" in outcome.stderr and "Rename it" in outcome.stderr
    assert not (tmp_path / "r.md").exists()


def test_an_unwritable_cache_folder_keeps_translations_in_memory(tmp_path, caplog):
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    cache = TranslationCache(tmp_path / "a-file" / "cache")  # a file where a folder should be: even root cannot write there
    cache.put_many("m", "r", "s", {"Hei.": "Hi."})
    assert cache.get_many("m", "r", "s", ["Hei."]) in ({"Hei.": "Hi."}, {})
    assert "cannot be written" in caplog.text and "in memory only" in caplog.text


def test_a_damaged_converted_model_is_set_aside_and_converted_again(tiny_model, norwegian_sentences, tmp_path, caplog):
    pytest.importorskip("ctranslate2")
    from translate.mt import resolve_model
    from translate.mt.ct2 import CT2Translator

    resolved = resolve_model(str(tiny_model))
    first = CT2Translator(resolved, converted_root=tmp_path, device="cpu", num_beams=1)
    expected = first.translate(norwegian_sentences[:2])
    (first.converted_folder() / "model.bin").write_bytes(b"half a model")
    again = CT2Translator(resolved, converted_root=tmp_path, device="cpu", num_beams=1)
    assert again.translate(norwegian_sentences[:2]) == expected
    assert "cannot be loaded" in caplog.text
    assert (tmp_path / f"{first.converted_folder().name}.damaged-1" / "model.bin").read_bytes() == b"half a model"


# ---- bounds and devices ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "option, value, message",
    [
        ("--num-beams", "100000", "--num-beams"),
        ("--batch-size", "100000", "--batch-size"),
        ("--device", "banana", "'banana' is not a device"),
    ],
)
def test_settings_out_of_bounds_stop_before_anything_runs(small, tmp_path, option, value, message):
    outcome = _run("run", small, option, value, "-o", tmp_path / "r.md")
    assert outcome.exit_code == 2
    assert message in outcome.output and "Traceback" not in outcome.output


def test_cuda_without_a_gpu_is_said_before_any_model_is_read(small, tmp_path):
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has a CUDA GPU")
    outcome = _run("run", small, "--device", "cuda", "-o", tmp_path / "r.md")
    assert outcome.exit_code == 2 and "no CUDA GPU" in outcome.output


# ---- the corpus folder ----------------------------------------------------------------------


def test_a_link_out_of_the_folder_is_refused_as_a_manifest_entry_would_be(small, tmp_path):
    (tmp_path / "secret.txt").write_text("Not an article of this corpus, and not to be quoted.", encoding="utf-8")
    (small / "zz.txt").symlink_to(tmp_path / "secret.txt")
    with pytest.raises(CorpusError, match="is a link to .*outside the corpus folder"):
        load_corpus(small)


def test_what_looks_like_an_article_but_is_none_is_named(small, caplog):
    (small / "loop.txt").symlink_to(small / "loop.txt")
    os.mkfifo(small / "pipe.md")
    (small / "x.txt").mkdir()
    documents = load_corpus(small)
    assert len(documents) == 2
    assert "loop.txt is a link that leads nowhere" in caplog.text
    assert "pipe.md is not a regular file" in caplog.text
    assert "x.txt is a folder, not an article" in caplog.text


def test_a_manifest_label_the_text_plainly_contradicts_is_warned_about(tmp_path, caplog):
    shutil.copy(CORPUS / ENGLISH, tmp_path / "en.txt")
    shutil.copy(CORPUS / NORWEGIAN, tmp_path / "no.txt")
    (tmp_path / "corpus.toml").write_text(
        '[[documents]]\nfile = "en.txt"\nlanguage = "nb"\n[[documents]]\nfile = "no.txt"\nlanguage = "nb"\n', encoding="utf-8"
    )
    load_corpus(tmp_path)
    assert "Document 'en' in" in caplog.text and "is labelled nb, but its text reads as en" in caplog.text
    assert "Document 'no'" not in caplog.text  # Bokmål labelled nb: no word


def test_nul_bytes_anywhere_are_refused_and_utf16_is_read(small):
    text = (small / ENGLISH).read_text(encoding="utf-8")
    (small / ENGLISH).write_bytes(text.encode() + b" " * 9000 + b"\x00tail")
    with pytest.raises(CorpusError, match="holds NUL bytes"):
        load_corpus(small)
    (small / ENGLISH).write_bytes(text.encode("utf-16"))  # with its byte-order mark
    documents = load_corpus(small)
    assert documents[1].text == text and documents[1].language == "en"


def test_a_file_whose_language_cannot_be_told_is_named(small):
    (small / "numbers.txt").write_text("1 2 3 4 5 6 7 8 9 10\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="numbers.txt is written in"):
        load_corpus(small)


def test_the_translations_option_says_what_it_was_given(small, tmp_path):
    folder = _run("run", small, "--translations", tmp_path, "-o", tmp_path / "r.md")
    assert folder.exit_code == 2 and f"--translations {tmp_path} is a folder" in folder.stderr
    empty = _run("run", small, "--translations", os.devnull, "-o", tmp_path / "r.md")
    assert "does not exist" not in empty.stderr and "is a folder" not in empty.stderr
    assert empty.stderr.startswith("Error: ")  # read as no translations: then the model is missing


# ---- invisible characters ---------------------------------------------------------------------


def test_soft_hyphens_and_zero_width_spaces_change_no_verdict(tmp_path):
    plain = tmp_path / "plain"
    shutil.copytree(CORPUS, plain)
    hidden = tmp_path / "hidden"
    shutil.copytree(CORPUS, hidden)
    article = hidden / ENGLISH
    article.write_text(article.read_text(encoding="utf-8").replace("Washington", "Wash\u00adington").replace("ation", "a\u00adtion"), encoding="utf-8")
    norwegian = hidden / NORWEGIAN
    norwegian.write_text(norwegian.read_text(encoding="utf-8").replace(". ", ". \u200b").replace("Putin", "Pu\u200btin"), encoding="utf-8")
    results = []
    for corpus in (plain, hidden):
        outcome = _run("run", corpus, "--translations", REFERENCE, "--json", tmp_path / f"{corpus.name}.json", "-o", tmp_path / f"{corpus.name}.md")
        assert outcome.exit_code == 0, outcome.output
        results.append(_json(tmp_path / f"{corpus.name}.json"))
    a, b = results
    assert b["translation"]["counts"] == a["translation"]["counts"]  # every line of the file still found
    assert [(c["id"], c.get("status")) for c in b["claims"]] == [(c["id"], c.get("status")) for c in a["claims"]]
    spans = [c for c in b["claims"] if "\u00ad" in c["text"]]
    assert spans and all(norwegian.read_text(encoding="utf-8") != "" for _ in spans)
    english = article.read_text(encoding="utf-8")
    for claim in spans:  # spans still point into the original text, soft hyphens and all
        assert english[claim["start"] : claim["end"]] == claim["text"]


def test_a_right_to_left_override_is_written_out_in_the_report(small, tmp_path):
    article = small / ENGLISH
    article.write_text(article.read_text(encoding="utf-8").replace("Xi Jinping", "Xi \u202eJinping\u202c", 1), encoding="utf-8")
    outcome = _run("run", small, "--translations", REFERENCE, "-o", tmp_path / "r.md")
    assert outcome.exit_code == 0, outcome.output
    report = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "\u202e" not in report and "⟨U+202E⟩Jinping⟨U+202C⟩" in report


def test_a_read_only_file_system_is_said_so(small, tmp_path, monkeypatch):
    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr("translate.output.tempfile.mkstemp", read_only)
    outcome = _run("run", small, "--translations", REFERENCE, "-o", tmp_path / "r.md")
    assert outcome.exit_code == 1
    assert outcome.stderr.startswith(f"Error: Could not write {tmp_path / 'r.md'}: the file system is read-only; write the output elsewhere.")
    assert "bug" not in outcome.stderr
