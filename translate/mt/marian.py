"""MarianMT (OPUS-MT) through Hugging Face transformers.

``resolve_model`` finds the model without importing torch: a local folder, or
a hub id looked up through huggingface_hub, which honours ``HF_HOME`` (where
the cache lives) and ``HF_HUB_OFFLINE`` (no network). The resolved commit hash
names the exact weights. ``MarianTranslator`` imports torch and transformers
only when it must translate something, so a fully cached run never pays for them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import ModelArgumentError, ModelUnavailableError
from ..hub import check_weights_are_safe, download_command, first_line, fingerprint, looks_like_path, not_cached_reason
from ..records import DEFAULT_BATCH_SIZE, DEFAULT_MODEL, DEFAULT_NUM_BEAMS

# What a Marian checkpoint needs; nothing else is fetched from the hub.
MODEL_FILES = [
    "config.json",
    "generation_config.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "vocab.json",
    "*.spm",
    "*.safetensors",
    "pytorch_model.bin",
]

ProgressCallback = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class ResolvedModel:
    name: str  # as the user gave it: hub id or folder
    revision: str  # commit hash for a hub model, content fingerprint for a folder
    path: Path


def resolve_model(model: str, revision: str | None = None) -> ResolvedModel:
    """Find ``model`` on disk (a folder, or the hub cache) and pin its revision."""
    folder = Path(model).expanduser()
    if folder.is_dir():
        _check_marian_folder(folder, model)
        return ResolvedModel(name=model, revision=fingerprint(folder), path=folder)
    if looks_like_path(model):
        raise ModelArgumentError(
            f"The model folder '{model}' does not exist. Pass --model with the folder that holds "
            "the model's config.json, weights and .spm files, or a hub id such as "
            f"{DEFAULT_MODEL}."
        )
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import HfHubHTTPError, LocalEntryNotFoundError

    try:
        snapshot = Path(snapshot_download(model, revision=revision, allow_patterns=MODEL_FILES))
    except LocalEntryNotFoundError:
        raise ModelUnavailableError(_unavailable_message(model, revision)) from None
    except (HfHubHTTPError, OSError, ValueError) as exc:
        raise ModelUnavailableError(
            f"Could not get the translation model '{model}'"
            f"{f' at revision {revision}' if revision else ''}: {first_line(exc)}. "
            "Check the model id and revision, or pass --model with a local folder."
        ) from None
    _check_marian_folder(snapshot, model)
    return ResolvedModel(name=model, revision=snapshot.name, path=snapshot)


def _unavailable_message(model: str, revision: str | None) -> str:
    return (
        f"The translation model '{model}'{f' (revision {revision})' if revision else ''} is not "
        f"available: {not_cached_reason()}. To fix it, either download it once on a networked machine "
        f"({download_command(model)}) and set HF_HOME to the cache folder you copied, or "
        "pass --model PATH with a local folder holding a MarianMT model, or bring your own "
        "translations with --translations FILE (a TSV: source sentence, tab, English)."
    )


def _check_marian_folder(folder: Path, model: str) -> None:
    config = folder / "config.json"
    try:
        model_type = json.loads(config.read_text(encoding="utf-8")).get("model_type")
    except (OSError, ValueError):
        raise ModelArgumentError(
            f"'{model}' has no readable config.json, so it is not a transformers model folder. "
            "Pass --model with a MarianMT (OPUS-MT) model folder or hub id."
        ) from None
    if model_type != "marian":
        raise ModelArgumentError(
            f"'{model}' is a '{model_type}' model; translate-compare translates with MarianMT "
            f"(OPUS-MT) models such as {DEFAULT_MODEL}."
        )


def max_output_length(folder: Path) -> int:
    """The model's own cap on output tokens (generation_config.json, else config.json, else 512)."""
    for name in ("generation_config.json", "config.json"):
        try:
            value = json.loads((folder / name).read_text(encoding="utf-8")).get("max_length")
        except (OSError, ValueError):
            continue
        if isinstance(value, int) and value > 1:
            return value
    return 512


# A batch holds at most this many source tokens (padded): long sentences form smaller
# batches, so memory stays bounded (a seed run under 2 GiB, docs/performance.md).
MAX_BATCH_TOKENS = 1024


def token_bounded_batches(order: Sequence[int], lengths: Sequence[int], size: int, max_tokens: int) -> list[list[int]]:
    """Consecutive batches of ``order`` (longest first) with at most ``size`` sentences and
    ``max_tokens`` padded tokens each; a sentence longer than the budget goes alone."""
    batches: list[list[int]] = []
    for i in order:
        if batches and len(batches[-1]) < size and lengths[batches[-1][0]] * (len(batches[-1]) + 1) <= max_tokens:
            batches[-1].append(i)
        else:
            batches.append([i])
    return batches


class MarianTranslator:
    """Translates sentences with a resolved Marian model, loaded on first use."""

    def __init__(
        self,
        model: ResolvedModel,
        *,
        device: str = "auto",
        batch_size: int = DEFAULT_BATCH_SIZE,
        num_beams: int = DEFAULT_NUM_BEAMS,
        allow_pickle: bool = False,
        fixed_output_tokens: int | None = None,
    ) -> None:
        self.model = model
        self.allow_pickle = allow_pickle
        # Benchmarks only: every output exactly this many tokens, since random weights stop anywhere.
        self.fixed_output_tokens = fixed_output_tokens
        self.device_request = device
        self.batch_size = max(1, batch_size)
        self.num_beams = max(1, num_beams)
        self._loaded = None

    @property
    def settings(self) -> str:
        """The generation settings, as they enter the cache key (the first part names the backend)."""
        return f"transformers,beams={self.num_beams}"

    def load(self):
        if self._loaded is None:
            import torch
            from transformers import MarianMTModel, MarianTokenizer
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()
            hf_logging.set_verbosity_error()
            device = self.device_request
            if device == "auto":
                device = "cuda" if torch.cuda.is_available() else "cpu"
            has_safetensors = check_weights_are_safe(Path(self.model.path), allow_pickle=self.allow_pickle)
            try:
                tokenizer = MarianTokenizer.from_pretrained(self.model.path)
                # Never trust_remote_code; safetensors only, unless the user allowed pickle.
                network = (
                    MarianMTModel.from_pretrained(self.model.path, use_safetensors=has_safetensors, trust_remote_code=False)
                    .to(device)
                    .eval()
                )
            except (OSError, ValueError, RuntimeError) as exc:
                raise ModelUnavailableError(
                    f"The model in {self.model.path} could not be loaded: {first_line(exc)}. "
                    "Download it again, or pass --model with another MarianMT folder."
                ) from None
            self._loaded = (torch, tokenizer, network, device)
        return self._loaded

    def translate(self, sentences: Sequence[str], progress: ProgressCallback | None = None) -> list[str]:
        """English for each sentence, in input order."""
        return [text for text, _ in self.translate_scored(sentences, progress)]

    def translate_scored(self, sentences: Sequence[str], progress: ProgressCallback | None = None) -> list[tuple[str, float]]:
        """(English, mean log-probability per output token) for each sentence, in input order; batches sorted by length."""
        if not sentences:
            return []
        torch, tokenizer, network, device = self.load()
        lengths = [len(tokenizer.tokenize(s)) for s in sentences]
        # Longest first, ties by text: the same set of sentences always forms the same batches.
        order = sorted(range(len(sentences)), key=lambda i: (-lengths[i], sentences[i]))
        results: list[tuple[str, float] | None] = [None] * len(sentences)
        for batch in token_bounded_batches(order, lengths, self.batch_size, MAX_BATCH_TOKENS):
            inputs = tokenizer([sentences[i] for i in batch], return_tensors="pt", padding=True, truncation=True)
            inputs = {k: v.to(device) for k, v in inputs.items()}
            with torch.inference_mode():
                fixed = self.fixed_output_tokens
                limits = {"min_new_tokens": fixed, "max_new_tokens": fixed} if fixed else {}
                output = network.generate(
                    **inputs, num_beams=self.num_beams, output_scores=True, return_dict_in_generate=True, **limits
                )
                beams = getattr(output, "beam_indices", None) if self.num_beams > 1 else None
                # Greedy search keeps raw logits, beam search log-probabilities already normalised.
                steps = network.compute_transition_scores(output.sequences, output.scores, beams, normalize_logits=beams is None)
            generated = output.sequences[:, -steps.shape[1] :]
            real = generated != network.config.pad_token_id
            confidence = (steps.masked_fill(~real, 0.0).sum(dim=1) / real.sum(dim=1).clamp(min=1)).tolist()
            texts = tokenizer.batch_decode(output.sequences, skip_special_tokens=True)
            for i, text, score in zip(batch, texts, confidence, strict=True):
                results[i] = (text.strip(), round(float(score), 4))
            if progress is not None:
                progress(len(batch))
        return [r if r is not None else ("", 0.0) for r in results]
