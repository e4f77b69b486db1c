"""--embeddings and --verifier: models that read whole sentences, loaded by folder or hub id, named in the report."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tiny_cross_encoder import build_tiny_cross_encoder
from tiny_sbert import build_tiny_sbert
from translate.cli import app

pytest.importorskip("sentence_transformers")
runner = CliRunner()


@pytest.fixture(scope="session")
def tiny_sbert(tmp_path_factory):
    return build_tiny_sbert(tmp_path_factory.mktemp("tiny-sbert") / "model")


@pytest.fixture(scope="session")
def tiny_nli(tmp_path_factory):
    return build_tiny_cross_encoder(tmp_path_factory.mktemp("tiny-nli") / "model")


def _run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_run_with_an_embedding_folder_ranks_with_it_and_names_it(corpus_dir, reference, tmp_path, tiny_sbert):
    report, result = tmp_path / "report.md", tmp_path / "result.json"
    outcome = _run("run", corpus_dir, "--translations", reference, "--embeddings", tiny_sbert, "-o", report, "--json", result)
    assert outcome.exit_code == 0, outcome.output
    data = json.loads(result.read_text(encoding="utf-8"))
    assert data["settings"]["embeddings"] == str(tiny_sbert)
    assert data["settings"]["embeddings_revision"].startswith("local-")
    assert f"sentence embeddings {tiny_sbert}" in data["settings"]["matcher"]
    # Every candidate carries the embedding cosine beside the TF-IDF cosine.
    candidates = [c for claim in data["claims"] for c in claim["candidates"]]
    assert candidates and all(c["semantic"] is not None and -1.0 <= c["semantic"]["similarity"] <= 1.0 for c in candidates)
    markdown = report.read_text(encoding="utf-8")
    # The signature that pins a run names the embedding model and its content fingerprint.
    assert f"+embeddings:{md_escaped(str(tiny_sbert))}@{data['settings']['embeddings_revision']}" in markdown


def md_escaped(text: str) -> str:
    from translate.report import md

    return md(text)


def test_without_embeddings_no_candidate_has_a_semantic_similarity(corpus_dir, reference, tmp_path):
    result = tmp_path / "result.json"
    assert _run("run", corpus_dir, "--translations", reference, "--json", result).exit_code == 0
    data = json.loads(result.read_text(encoding="utf-8"))
    assert data["settings"]["embeddings"] is None and "sentence embeddings off" in data["settings"]["matcher"]
    assert all(c["semantic"] is None for claim in data["claims"] for c in claim["candidates"])


def test_the_verifier_only_confirms_or_demotes_links(corpus_dir, reference, tmp_path, tiny_nli):
    plain, checked = tmp_path / "plain.json", tmp_path / "checked.json"
    assert _run("run", corpus_dir, "--translations", reference, "--json", plain).exit_code == 0
    outcome = _run("run", corpus_dir, "--translations", reference, "--verifier", tiny_nli, "--json", checked)
    assert outcome.exit_code == 0, outcome.output
    before, after = json.loads(plain.read_text(encoding="utf-8")), json.loads(checked.read_text(encoding="utf-8"))
    assert after["settings"]["verifier"] == str(tiny_nli) and after["settings"]["verifier_revision"].startswith("local-")

    def links(data, tiers):
        return {(c["id"], m["claim"]) for c in data["claims"] for m in c["matches"] + c["related"] if m["tier"] in tiers}

    counted = ("shared", "diverging")
    # Nothing the verifier saw is new: every link after was a link (or possibly related) before.
    assert links(after, counted + ("related",)) == links(before, counted + ("related",))
    assert links(after, counted) <= links(before, counted)
    for claim in after["claims"]:
        for m in claim["matches"] + claim["related"]:
            if (claim["id"], m["claim"]) in links(before, counted):
                expected = "shared" if m["verified"] == "both ways" else "related"
                assert m["verified"] in ("both ways", "one way", "neither way") and m["tier"] in (expected, "diverging")


class _OneWay:
    """A verifier that finds every pair entailed one way only."""

    def entailments(self, pairs):
        return [(True, False) for _ in pairs]


def test_a_link_entailed_one_way_is_demoted_to_possibly_related(corpus_dir, reference):
    from translate.records import RunSettings, TranslationSettings, Status
    from translate.pipeline import compare_corpus
    from translate.align import align_claims
    from translate.compare import decide_verdicts

    comparison = compare_corpus(corpus_dir, RunSettings(translation=TranslationSettings(translations=str(reference))))
    candidates = align_claims(comparison.segments)
    verdicts, _, _ = decide_verdicts(comparison.documents, comparison.segments, candidates, verifier=_OneWay())
    assert not [v for v in verdicts if v.status in (Status.SHARED, Status.DIVERGING)]
    demoted = [m for v in verdicts for m in v.related if m.verified == "one way"]
    assert len(demoted) == sum(len([m for m in v.matches if m.tier in (Status.SHARED, Status.DIVERGING)]) for v in comparison.verdicts)


def test_a_cross_encoder_without_an_entailment_label_is_refused(corpus_dir, reference, tmp_path):
    folder = build_tiny_cross_encoder(tmp_path / "sentiment", labels=("negative", "positive"))
    outcome = _run("run", corpus_dir, "--translations", reference, "--verifier", folder)
    assert outcome.exit_code == 2  # the wrong kind of model: bad input
    assert "none is 'entailment'" in outcome.output and "Traceback" not in outcome.output


def test_a_missing_embedding_folder_is_one_paragraph_and_exit_2(corpus_dir, reference, tmp_path):
    outcome = _run("run", corpus_dir, "--translations", reference, "--embeddings", tmp_path / "nowhere")
    assert outcome.exit_code == 2  # bad input, as for --model
    assert "sentence-embedding model folder" in outcome.output and "does not exist" in outcome.output
    assert "Traceback" not in outcome.output


def test_a_hub_id_not_in_the_offline_cache_says_how_to_get_it(corpus_dir, reference):
    outcome = _run("run", corpus_dir, "--translations", reference, "--embeddings", "sentence-transformers/all-mpnet-base-v2")
    assert outcome.exit_code == 1
    assert "HF_HUB_OFFLINE is set" in outcome.output and "--embeddings PATH" in outcome.output and "hf download" in outcome.output
    assert "Traceback" not in outcome.output


def test_a_folder_that_is_not_a_sentence_transformers_model_is_refused(corpus_dir, reference, tmp_path):
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "notes.txt").write_text("not a model", encoding="utf-8")
    outcome = _run("run", corpus_dir, "--translations", reference, "--embeddings", tmp_path / "junk")
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
    outcome = _run("run", corpus_dir, "--translations", reference, "--embeddings", pickled)
    assert outcome.exit_code == 1
    assert "pickled PyTorch file" in outcome.output and "--allow-pickle" in outcome.output
    allowed = _run("run", corpus_dir, "--translations", reference, "--embeddings", pickled, "--allow-pickle")
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
