"""Build a tiny MarianMT model at test time: random weights, real sentencepiece models.

The tokenizer is trained on the corpus text, the model has the Marian
architecture at toy size (d_model 16, one layer each side), and both are
written with save_pretrained, so tests load them through the product's own
loader exactly as they would load Helsinki-NLP/opus-mt-tc-big-gmq-en.
"""

from __future__ import annotations

import json
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def build_tiny_marian(folder: Path, *, vocab_size: int = 400, max_length: int = 24, seed: int = 0) -> Path:
    import sentencepiece as spm
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    folder.mkdir(parents=True, exist_ok=True)
    lines = [line for f in sorted(CORPUS.glob("*.txt")) for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    for side in ("source", "target"):
        spm.SentencePieceTrainer.train(
            sentence_iterator=iter(lines),
            model_prefix=str(folder / side),
            vocab_size=vocab_size,
            model_type="unigram",
            character_coverage=1.0,
            bos_id=-1,
            eos_id=-1,
            pad_id=-1,
            unk_id=0,
            unk_piece="<unk>",
            minloglevel=2,
        )
        (folder / f"{side}.model").rename(folder / f"{side}.spm")
        (folder / f"{side}.vocab").unlink()
    # Marian's vocab.json as OPUS-MT ships it: </s> and <unk> first, then every piece of
    # both models, and <pad> last (CTranslate2's converter relies on that layout).
    vocab = {"</s>": 0, "<unk>": 1}
    for side in ("source", "target"):
        sp = spm.SentencePieceProcessor(model_file=str(folder / f"{side}.spm"))
        for i in range(sp.get_piece_size()):
            vocab.setdefault(sp.id_to_piece(i), len(vocab))
    vocab["<pad>"] = len(vocab)
    (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    tokenizer = MarianTokenizer(
        source_spm=str(folder / "source.spm"),
        target_spm=str(folder / "target.spm"),
        vocab=str(folder / "vocab.json"),
    )
    config = MarianConfig(
        vocab_size=len(vocab),
        d_model=16,
        encoder_layers=1,
        decoder_layers=1,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=32,
        decoder_ffn_dim=32,
        max_position_embeddings=256,
        pad_token_id=vocab["<pad>"],
        eos_token_id=0,
        decoder_start_token_id=vocab["<pad>"],
        forced_eos_token_id=0,
        # Far larger than the default 0.02, so that the output depends on the input:
        # with tiny default weights every sentence decodes to the same string, and
        # a test could not tell a reordering bug from a correct run.
        init_std=1.0,
    )
    torch.manual_seed(seed)
    model = MarianMTModel(config)
    # Random weights rarely emit </s>: cap the length so tests stay fast.
    model.generation_config.max_length = max_length
    tokenizer.save_pretrained(folder)
    model.save_pretrained(folder)
    return folder


def install_in_hub_cache(model_folder: Path, hf_home: Path, repo_id: str, commit: str) -> Path:
    """Lay a model out as huggingface_hub caches a download: refs/main -> snapshots/<commit>."""
    repo = hf_home / "hub" / ("models--" + repo_id.replace("/", "--"))
    snapshot = repo / "snapshots" / commit
    snapshot.mkdir(parents=True)
    for file in model_folder.iterdir():
        (snapshot / file.name).write_bytes(file.read_bytes())
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(commit)
    return snapshot
