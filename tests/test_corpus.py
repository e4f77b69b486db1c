from __future__ import annotations

import shutil

import pytest

from translate.corpus import load_corpus
from translate.errors import CorpusError


def test_load_corpus_reads_manifest_ids_languages_and_paths(corpus_dir):
    documents = load_corpus(corpus_dir)
    assert [d.id for d in documents] == ["000", "001", "002", "003", "004"]
    assert [d.language for d in documents] == ["nb", "en", "en", "en", "en"]
    assert documents[0].path == "000_b006d7bdd22ff01c.txt"
    assert documents[4].title == "Xi and Putin condemn US, pledge closer ties"
    assert all(d.language_source == "manifest" for d in documents)
    # The text is the file as it is, not a cleaned copy: spans index into it.
    assert documents[0].text == (corpus_dir / "000_b006d7bdd22ff01c.txt").read_text(encoding="utf-8")


def test_load_plain_folder_identifies_languages_with_lingua(corpus_dir, tmp_path):
    for file in corpus_dir.glob("*.txt"):
        shutil.copy(file, tmp_path / file.name)
    documents = load_corpus(tmp_path)
    assert {d.id: d.language for d in documents} == {
        "000_b006d7bdd22ff01c": "nb",
        "001_7d8d522e96a1e12d": "en",
        "002_c98abb114da4623c": "en",
        "003_3a7575a8856c8f9d": "en",
        "004_7ff8c7b226afe9a9": "en",
    }
    assert all(d.language_source == "detected" for d in documents)


def test_manifest_language_overrides_detection(corpus_dir, tmp_path):
    shutil.copy(corpus_dir / "000_b006d7bdd22ff01c.txt", tmp_path / "a.txt")
    (tmp_path / "corpus.toml").write_text('[[documents]]\nfile = "a.txt"\nlanguage = "da"\n')
    (document,) = load_corpus(tmp_path)
    assert (document.language, document.language_source) == ("da", "manifest")


def test_manifest_entry_without_language_is_detected(corpus_dir, tmp_path):
    shutil.copy(corpus_dir / "000_b006d7bdd22ff01c.txt", tmp_path / "a.txt")
    (tmp_path / "corpus.toml").write_text('[[documents]]\nid = "x"\nfile = "a.txt"\n')
    (document,) = load_corpus(tmp_path)
    assert (document.id, document.language, document.language_source) == ("x", "nb", "detected")


def test_manifest_language_tag_with_region_is_normalised(corpus_dir, tmp_path):
    shutil.copy(corpus_dir / "000_b006d7bdd22ff01c.txt", tmp_path / "a.txt")
    (tmp_path / "corpus.toml").write_text('[[documents]]\nfile = "a.txt"\nlanguage = "nb-NO"\n')
    assert load_corpus(tmp_path)[0].language == "nb"


@pytest.mark.parametrize(
    "manifest, message",
    [
        ('[[documents]]\nfile = "../outside.txt"\n', "points outside the corpus folder"),
        ('[[documents]]\nfile = "missing.txt"\n', "names missing.txt, which is not in"),
        ('[[documents]]\nfile = "a.txt"\nlanguage = "klingon"\n', "Unknown language 'klingon'"),
        ('[[documents]]\nfile = "a.txt"\nid = "x"\n[[documents]]\nfile = "b.txt"\nid = "x"\n', "have the id 'x'"),
        # The same file twice (under two ids, or none) would be compared with itself.
        ('[[documents]]\nfile = "a.txt"\n[[documents]]\nfile = "a.txt"\n', "names a.txt, which an earlier document lists already"),
        ('[[documents]]\nfile = "a.txt"\nid = "1"\n[[documents]]\nfile = "./a.txt"\nid = "2"\n', "which an earlier document lists already"),
        ("[[documents]\n", "is not valid TOML"),
    ],
)
def test_bad_manifest_is_explained(tmp_path, manifest, message):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Hello world. This is English.")
    (corpus / "b.txt").write_text("Another article in English.")
    (tmp_path / "outside.txt").write_text("Outside.")
    (corpus / "corpus.toml").write_text(manifest)
    with pytest.raises(CorpusError, match=message):
        load_corpus(corpus)


def test_missing_corpus_folder_says_what_to_pass(tmp_path):
    with pytest.raises(CorpusError, match="does not exist. Pass the folder that holds the articles"):
        load_corpus(tmp_path / "nope")


def test_empty_corpus_folder_is_an_error(tmp_path):
    with pytest.raises(CorpusError, match="holds no articles"):
        load_corpus(tmp_path)


def test_binary_file_is_refused(tmp_path):
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(CorpusError, match="not a text file"):
        load_corpus(tmp_path)


def test_cp1252_file_is_read_with_a_warning(tmp_path, caplog):
    (tmp_path / "a.txt").write_bytes("Putin’s visit to Beijing was “warm”, he said.".encode("cp1252"))
    (document,) = load_corpus(tmp_path)
    assert document.text == "Putin’s visit to Beijing was “warm”, he said."
    assert "not UTF-8" in caplog.text
