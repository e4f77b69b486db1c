"""Build a tiny NLI cross-encoder at test time: random weights, a real WordPiece vocabulary.

A BERT sequence classifier at toy size with the three labels of the published
NLI cross-encoders (contradiction, entailment, neutral), saved with
``save_pretrained`` beside its tokenizer: the layout sentence-transformers'
``CrossEncoder`` loads, so tests load it through ``--verifier`` exactly as they
would load cross-encoder/nli-deberta-v3-base from a folder.
"""

from __future__ import annotations

from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def build_tiny_cross_encoder(folder: Path, *, labels: tuple[str, ...] = ("contradiction", "entailment", "neutral"), seed: int = 0) -> Path:
    import torch
    from tokenizers import BertWordPieceTokenizer
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizerFast

    folder.mkdir(parents=True, exist_ok=True)
    lines = [line for f in sorted(CORPUS.glob("*.txt")) for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    wordpiece = BertWordPieceTokenizer(lowercase=True)
    wordpiece.train_from_iterator(lines, vocab_size=600, min_frequency=1, show_progress=False)
    wordpiece.save_model(str(folder))
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
