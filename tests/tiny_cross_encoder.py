"""Build a tiny NLI cross-encoder at test time: random weights, a real WordPiece vocabulary.

A BERT sequence classifier at toy size with the three labels of the published
NLI cross-encoders (contradiction, entailment, neutral), saved with
``save_pretrained`` beside its tokenizer: the layout sentence-transformers'
``CrossEncoder`` loads, so tests load it through ``--verifier`` exactly as they
would load cross-encoder/nli-deberta-v3-base from a folder.
"""

from __future__ import annotations

from pathlib import Path


def build_tiny_cross_encoder(folder: Path, *, labels: tuple[str, ...] = ("contradiction", "entailment", "neutral"), seed: int = 0) -> Path:
    import torch
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizerFast

    from tiny_sbert import train_wordpiece

    wordpiece = train_wordpiece(folder)
    BertTokenizerFast(vocab_file=str(folder / "vocab.txt"), do_lower_case=True).save_pretrained(folder)
    torch.manual_seed(seed)
    config = BertConfig(
        vocab_size=wordpiece.get_vocab_size(),
        hidden_size=32,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=256,
        num_labels=len(labels),
        id2label=dict(enumerate(labels)),
        label2id={label: i for i, label in enumerate(labels)},
    )
    BertForSequenceClassification(config).save_pretrained(folder)
    return folder
