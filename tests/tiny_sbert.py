"""Build a tiny sentence-transformers model at test time: random weights, a real WordPiece vocabulary.

The vocabulary is trained on the corpus text with Hugging Face tokenizers, the
encoder has the BERT architecture of all-MiniLM-L6-v2 at toy size (hidden 32,
one layer) with mean pooling, and the whole is written by sentence-transformers'
own ``save``, so tests load it through ``--embeddings`` exactly as they would
load all-MiniLM-L6-v2 from a folder.
"""

from __future__ import annotations

from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def train_wordpiece(folder: Path, vocab_size: int = 600):
    """A lowercase WordPiece vocabulary trained on the seed corpus, saved into ``folder``."""
    from tokenizers import BertWordPieceTokenizer

    folder.mkdir(parents=True, exist_ok=True)
    lines = [line for f in sorted(CORPUS.glob("*.txt")) for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    wordpiece = BertWordPieceTokenizer(lowercase=True)
    wordpiece.train_from_iterator(lines, vocab_size=vocab_size, min_frequency=1, show_progress=False)
    wordpiece.save_model(str(folder))
    return wordpiece


def build_tiny_sbert(folder: Path, *, vocab_size: int = 600, seed: int = 0) -> Path:
    import torch
    from sentence_transformers import SentenceTransformer

    try:  # sentence-transformers >= 6
        from sentence_transformers.sentence_transformer.modules import Pooling, Transformer
    except ImportError:
        from sentence_transformers.models import Pooling, Transformer
    from transformers import BertConfig, BertModel, BertTokenizerFast

    encoder = folder.parent / (folder.name + "-encoder")
    wordpiece = train_wordpiece(encoder, vocab_size)
    BertTokenizerFast(vocab_file=str(encoder / "vocab.txt"), do_lower_case=True).save_pretrained(encoder)
    torch.manual_seed(seed)
    config = BertConfig(
        vocab_size=wordpiece.get_vocab_size(),
        hidden_size=32,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=256,
    )
    BertModel(config).save_pretrained(encoder)
    word = Transformer(str(encoder), max_seq_length=128)
    width = word.get_embedding_dimension() if hasattr(word, "get_embedding_dimension") else word.get_word_embedding_dimension()
    pooling = Pooling(width, pooling_mode="mean")
    SentenceTransformer(modules=[word, pooling], device="cpu").save(str(folder))
    return folder
