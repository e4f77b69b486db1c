from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest

from tiny_marian import CORPUS, build_tiny_marian

# The evaluation and fitting commands live in scripts/, outside the installed package.
sys.path.insert(0, str(CORPUS.parent / "scripts"))

REFERENCE = CORPUS / "reference" / "000.en.tsv"


@pytest.fixture(autouse=True)
def offline_environment(tmp_path, monkeypatch):
    """No network, ever; the HF cache and the translation cache live in tmp_path."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("TRANSLATE_COMPARE_CACHE", str(tmp_path / "cache"))
    # huggingface_hub reads these once at import; keep its constants in line.
    import huggingface_hub.constants as hf_constants

    monkeypatch.setattr(hf_constants, "HF_HUB_OFFLINE", True, raising=False)
    monkeypatch.setattr(hf_constants, "HF_HOME", str(tmp_path / "hf"), raising=False)
    monkeypatch.setattr(hf_constants, "HF_HUB_CACHE", str(tmp_path / "hf" / "hub"), raising=False)
    yield
    logger = logging.getLogger("translate")
    for handler in list(logger.handlers):
        logger.removeHandler(handler)


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory) -> Path:
    return build_tiny_marian(tmp_path_factory.mktemp("tiny-marian") / "model")


@pytest.fixture()
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture()
def reference() -> Path:
    return REFERENCE


@pytest.fixture()
def norwegian_sentences(corpus_dir) -> list[str]:
    """The claims of the Norwegian seed article, as the segmenter cuts them."""
    from translate.corpus import load_corpus
    from translate.records import Kind
    from translate.segment import segment_document

    document = load_corpus(corpus_dir)[0]
    return [s.text for s in segment_document(document) if s.kind is Kind.CLAIM]
