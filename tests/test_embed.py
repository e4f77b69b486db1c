"""--embeddings: a sentence-transformers model, loaded by folder or hub id, read by the matcher and named in the report."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from translate import score_pairs
from translate.cli import app
from translate.match import EMBEDDED, models, threshold_for
from tiny_sbert import build_tiny_sbert

pytest.importorskip("sentence_transformers")
runner = CliRunner()


@pytest.fixture(scope="session")
def tiny_sbert(tmp_path_factory):
    return build_tiny_sbert(tmp_path_factory.mktemp("tiny-sbert") / "model")


class FixedCosine:
    """An embedder whose every pair has the same cosine: isolates what the model does with it."""

    name = "fixed"

    def __init__(self, value: float) -> None:
        self.value = value

    def cosines(self, pairs):
        return np.full(len(pairs), self.value)


def test_a_closer_embedding_raises_the_probability_other_features_equal():
    pairs = [("Putin landed in Beijing on Friday.", "Putin arrived in Beijing on Thursday morning.")]
    far, near = score_pairs(pairs, FixedCosine(0.1)), score_pairs(pairs, FixedCosine(0.9))
    assert near[0] > far[0]
    assert models()["same" + EMBEDDED].coef[-1] > 0  # fitted on MRPC: the cosine counts for "same"
    assert threshold_for(FixedCosine(0.5)) == models()["same" + EMBEDDED].threshold


def test_run_with_an_embedding_folder_names_it_and_scores_with_it(corpus_dir, reference, tmp_path, tiny_sbert):
    with_json, without_json = tmp_path / "with.json", tmp_path / "without.json"
    report = tmp_path / "report.md"
    on = runner.invoke(
        app, ["run", str(corpus_dir), "--translations", str(reference), "--embeddings", str(tiny_sbert), "-o", str(report), "--json", str(with_json)]
    )
    assert on.exit_code == 0, on.output
    off = runner.invoke(app, ["run", str(corpus_dir), "--translations", str(reference), "--json", str(without_json)])
    assert off.exit_code == 0, off.output
    data, plain = json.loads(with_json.read_text(encoding="utf-8")), json.loads(without_json.read_text(encoding="utf-8"))
    assert data["settings"]["embeddings"] == str(tiny_sbert)
    assert plain["settings"]["embeddings"] is None
    assert f"sentence embeddings {tiny_sbert}" in data["settings"]["matcher"]
    # The toy model is not the one the coefficients were fitted with, and the report says so.
    assert "fitted with all-MiniLM-L6-v2, not this model" in data["settings"]["matcher"]
    assert "sentence embeddings off" in plain["settings"]["matcher"]
    markdown = report.read_text(encoding="utf-8")
    assert f"sentence embeddings {tiny_sbert}" in markdown
    # The signature line that pins a run names the embedding model and its content fingerprint.
    assert f"+embeddings:{tiny_sbert}@{data['settings']['embeddings_revision']}|" in markdown
    assert data["settings"]["embeddings_revision"].startswith("local-")
    assert data["settings"]["threshold"] == threshold_for(FixedCosine(0.0)) != plain["settings"]["threshold"]

    def scores(d):
        return {(c["id"], m["document"]): m["score"] for c in d["claims"] for m in c.get("candidates", [])}

    both = scores(data).keys() & scores(plain).keys()
    assert both and any(scores(data)[k] != scores(plain)[k] for k in both)


def test_a_missing_embedding_folder_is_one_paragraph_and_exit_1(corpus_dir, reference, tmp_path):
    outcome = runner.invoke(app, ["run", str(corpus_dir), "--translations", str(reference), "--embeddings", str(tmp_path / "nowhere")])
    assert outcome.exit_code == 1
    assert "sentence-embedding model folder" in outcome.output and "does not exist" in outcome.output
    assert "Traceback" not in outcome.output


def test_a_hub_id_not_in_the_offline_cache_says_how_to_get_it(corpus_dir, reference):
    outcome = runner.invoke(
        app, ["run", str(corpus_dir), "--translations", str(reference), "--embeddings", "sentence-transformers/all-MiniLM-L6-v2"]
    )
    assert outcome.exit_code == 1
    assert "HF_HUB_OFFLINE is set" in outcome.output and "--embeddings PATH" in outcome.output
    assert "Traceback" not in outcome.output


def test_a_folder_that_is_not_a_sentence_transformers_model_is_refused(corpus_dir, reference, tmp_path):
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "notes.txt").write_text("not a model", encoding="utf-8")
    outcome = runner.invoke(app, ["run", str(corpus_dir), "--translations", str(reference), "--embeddings", str(tmp_path / "junk")])
    assert outcome.exit_code == 1
    assert "Could not load the sentence-embedding model" in outcome.output
    assert "Traceback" not in outcome.output


def test_a_folder_with_only_pickled_weights_is_refused_unless_allowed(corpus_dir, reference, tmp_path, tiny_sbert):
    import shutil

    import torch
    from safetensors.torch import load_file

    pickled = tmp_path / "pickled"
    shutil.copytree(tiny_sbert, pickled)
    torch.save(load_file(str(pickled / "model.safetensors")), pickled / "pytorch_model.bin")
    (pickled / "model.safetensors").unlink()
    outcome = runner.invoke(app, ["run", str(corpus_dir), "--translations", str(reference), "--embeddings", str(pickled)])
    assert outcome.exit_code == 1
    assert "pickled PyTorch file" in outcome.output and "--allow-pickle" in outcome.output
    allowed = runner.invoke(app, ["run", str(corpus_dir), "--translations", str(reference), "--embeddings", str(pickled), "--allow-pickle"])
    assert allowed.exit_code == 0, allowed.output


def test_the_revision_of_an_embedding_folder_follows_its_modules_subfolders(tmp_path, tiny_sbert):
    import shutil

    from translate.embed import EMBEDDING_FILES
    from translate.hub import fingerprint

    copy = tmp_path / "copy"
    shutil.copytree(tiny_sbert, copy)
    before = fingerprint(copy, EMBEDDING_FILES, recursive=True)
    assert before == fingerprint(tiny_sbert, EMBEDDING_FILES, recursive=True)  # content, not place
    pooling = next(copy.glob("1_Pooling/config.json"))
    pooling.write_text(pooling.read_text(encoding="utf-8").replace('"mean"', '"max"'), encoding="utf-8")
    assert '"max"' in pooling.read_text(encoding="utf-8")
    assert fingerprint(copy, EMBEDDING_FILES, recursive=True) != before
