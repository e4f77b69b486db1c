"""Translation speed at full model size, without the network: python bench/mt_speed.py

Builds randomly initialised MarianMT models with exactly the architectures of
the default model (Helsinki-NLP/opus-mt-tc-big-gmq-en) and of
Helsinki-NLP/opus-mt-gmq-en, with a sentencepiece tokenizer trained on the seed
corpus, and translates the claims of the Norwegian seed article with:

- naive: transformers ``pipeline("translation")`` called once per sentence,
  what a user gets from the obvious loop;
- transformers: the project's MarianTranslator (length-sorted batches,
  inference_mode);
- ct2: the project's CT2Translator (CTranslate2 int8 on the CPU).

Every output is exactly --output-tokens long (random weights stop anywhere).
Each configuration runs in its own process, so its peak memory (max RSS) is its
own; times are medians over --repeats runs inside that process, after one
warm-up sentence. Results are printed as a Markdown table and, with --json,
written to a file.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, peak_rss_mb  # noqa: E402
sys.path.insert(0, str(ROOT / "tests"))

ARCHITECTURES = {
    # Values from the models' config.json on the hub.
    "tc-big": dict(d_model=1024, encoder_layers=6, decoder_layers=6, encoder_attention_heads=16,
                   decoder_attention_heads=16, encoder_ffn_dim=4096, decoder_ffn_dim=4096, vocab_size=54765),
    "base": dict(d_model=512, encoder_layers=6, decoder_layers=6, encoder_attention_heads=8,
                 decoder_attention_heads=8, encoder_ffn_dim=2048, decoder_ffn_dim=2048, vocab_size=58930),
}


def build(arch: str, folder: Path) -> Path:
    """A random MarianMT of the named architecture, saved like a hub checkpoint."""
    import torch
    from tiny_marian import build_tiny_marian
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    build_tiny_marian(folder)  # the tokenizer files: two sentencepiece models and vocab.json
    vocab = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
    size = ARCHITECTURES[arch]["vocab_size"]
    pieces = [t for t in vocab if t != "<pad>"]
    pieces += [f"<filler_{i}>" for i in range(size - 1 - len(pieces))]
    full = {t: i for i, t in enumerate(pieces)} | {"<pad>": size - 1}
    (folder / "vocab.json").write_text(json.dumps(full, ensure_ascii=False), encoding="utf-8")
    for stale in ("tokenizer_config.json", "special_tokens_map.json", "tokenizer.json"):
        (folder / stale).unlink(missing_ok=True)
    MarianTokenizer(
        source_spm=str(folder / "source.spm"), target_spm=str(folder / "target.spm"), vocab=str(folder / "vocab.json")
    ).save_pretrained(folder)
    config = MarianConfig(
        **ARCHITECTURES[arch], max_position_embeddings=512, pad_token_id=size - 1, eos_token_id=0,
        decoder_start_token_id=size - 1, forced_eos_token_id=0, activation_function="relu",
        scale_embedding=True, share_encoder_decoder_embeddings=True,
    )
    torch.manual_seed(0)
    model = MarianMTModel(config)
    model.generation_config.max_length = 512
    for f in folder.glob("*.safetensors"):
        f.unlink()
    model.save_pretrained(folder)
    return folder


def sentences(folder: Path, input_tokens: int) -> list[str]:
    """The claims of the Norwegian seed article, each cut to about ``input_tokens`` tokens.

    The benchmark tokenizer has a small vocabulary (it is trained on the seed corpus
    alone), so a sentence takes more tokens than with the real model's 55k pieces; cutting
    every input to the same length makes the figures comparable with real-length input.
    """
    from transformers import MarianTokenizer

    from translate.corpus import load_corpus
    from translate.records import Kind
    from translate.segment import segment_document

    tokenizer = MarianTokenizer.from_pretrained(folder)
    document = load_corpus(ROOT / "corpus")[0]
    texts = [s.text for s in segment_document(document) if s.kind is Kind.CLAIM]
    return [tokenizer.convert_tokens_to_string(tokenizer.tokenize(t)[:input_tokens]) for t in texts]


def run_one(kind: str, folder: Path, beams: int, batch: int, output_tokens: int, repeats: int, work: Path, input_tokens: int) -> dict:
    """Time one configuration inside this process."""
    texts = sentences(folder, input_tokens)
    if kind == "naive":
        import torch
        from transformers import MarianMTModel, MarianTokenizer

        tokenizer = MarianTokenizer.from_pretrained(folder)
        model = MarianMTModel.from_pretrained(folder).eval()

        def translate(batch_texts):
            # What pipeline("translation") does per call: tokenize one sentence, generate, decode.
            out = []
            for text in batch_texts:
                inputs = tokenizer([text], return_tensors="pt")
                with torch.no_grad():
                    ids = model.generate(**inputs, num_beams=beams, min_new_tokens=output_tokens, max_new_tokens=output_tokens)
                out.append(tokenizer.decode(ids[0], skip_special_tokens=True))
            return out
    else:
        from translate.mt import resolve_model
        from translate.mt.ct2 import CT2Translator
        from translate.mt.marian import MarianTranslator

        resolved = resolve_model(str(folder))
        options = dict(device="cpu", batch_size=batch, num_beams=beams, fixed_output_tokens=output_tokens)
        if kind == "ct2":
            translator = CT2Translator(resolved, converted_root=work / "ct2", **options)
        else:
            translator = MarianTranslator(resolved, **options)
        translate = translator.translate
    translate(texts[:1])  # warm-up: load, convert, first call
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        out = translate(texts)
        times.append(time.perf_counter() - start)
    assert len(out) == len(texts)
    median = statistics.median(times)
    return {
        "kind": kind,
        "batch": batch if kind != "naive" else 1,
        "beams": beams,
        "sentences": len(texts),
        "seconds": round(median, 3),
        "sentences_per_s": round(len(texts) / median, 3),
        "tokens_per_s": round(len(texts) * output_tokens / median, 1),
        "peak_rss_mb": peak_rss_mb(),
        "repeats": repeats,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--arch", choices=[*ARCHITECTURES, "all"], default="all")
    parser.add_argument("--beams", type=int, default=4)
    parser.add_argument("--batch-sizes", type=int, nargs="+", default=[8, 16, 32])
    parser.add_argument("--output-tokens", type=int, default=40)
    parser.add_argument("--input-tokens", type=int, default=30)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--naive-repeats", type=int, default=1)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--one", nargs=5, metavar=("KIND", "FOLDER", "BATCH", "REPEATS", "WORK"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        kind, folder, batch, repeats, work = args.one
        print(json.dumps(run_one(kind, Path(folder), args.beams, int(batch), args.output_tokens, int(repeats), Path(work), args.input_tokens)))
        return
    rows = []
    for arch in ARCHITECTURES if args.arch == "all" else [args.arch]:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            folder = build(arch, work / arch)
            plan = [("naive", 1, args.naive_repeats)]
            plan += [("transformers", b, args.repeats) for b in args.batch_sizes]
            plan += [("ct2", b, args.repeats) for b in args.batch_sizes]
            for kind, batch, repeats in plan:
                command = [sys.executable, __file__, "--beams", str(args.beams), "--output-tokens", str(args.output_tokens),
                           "--input-tokens", str(args.input_tokens),
                           "--one", kind, str(folder), str(batch), str(repeats), str(work)]
                done = subprocess.run(command, capture_output=True, text=True, check=True)
                row = json.loads(done.stdout.strip().splitlines()[-1]) | {"arch": arch}
                rows.append(row)
                print(f"{arch:7s} {kind:12s} batch {row['batch']:3d}: {row['sentences_per_s']:7.2f} sentences/s, "
                      f"{row['tokens_per_s']:8.1f} tokens/s, peak {row['peak_rss_mb']:.0f} MB", flush=True)
    print()
    print("| Model | Path | Batch | Beams | Sentences/s | Tokens/s | × naive | Peak RSS (MB) |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        naive = next(r for r in rows if r["arch"] == row["arch"] and r["kind"] == "naive")
        print(f"| {row['arch']} | {row['kind']} | {row['batch']} | {row['beams']} | {row['sentences_per_s']:.2f} | "
              f"{row['tokens_per_s']:.0f} | {row['sentences_per_s'] / naive['sentences_per_s']:.1f} | {row['peak_rss_mb']:.0f} |")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
