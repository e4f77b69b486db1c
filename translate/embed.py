"""Optional sentence embeddings for the claim matcher (``--embeddings MODEL``).

A sentence-transformers model, by hub id or local folder, found the way the
translation model is found: a folder on disk, or the Hugging Face cache through
huggingface_hub, which honours ``HF_HOME`` and ``HF_HUB_OFFLINE``. Nothing is
fitted at run time: the cosine of the two claims' embeddings becomes one more
feature of the logistic model, whose coefficients for it were fitted on MRPC
with ``all-MiniLM-L6-v2`` (``scripts/fit_matcher.py --embeddings``). Another
model can be given; the report then says the coefficients were fitted with a
different one.

sentence-transformers is an optional dependency (``pip install -e ".[embeddings]"``)
and is imported only when embeddings are asked for.

What it measured, in docs/evaluation.md: on MRPC's dev pairs the feature adds
nothing (the pairs were chosen for their shared words); on the seed corpus,
where unrelated claims share the topic (Putin, Xi, Beijing, partnership), the
cosine is high for claims that are not the same, so it is off by default.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .errors import ModelUnavailableError
from .hub import check_weights_are_safe, first_line, fingerprint, looks_like_path, not_cached_reason
from .match import EMBEDDING_MODEL

# What pins a local sentence-transformers folder: configs, vocabularies and weights, modules' subfolders included.
EMBEDDING_FILES = (".json", ".txt", ".model", ".safetensors", ".bin")
# Weights for other runtimes that a sentence-transformers repository may carry; never fetched.
OTHER_RUNTIMES = ["onnx/*", "openvino/*", "*.onnx", "*.h5", "*.msgpack", "*.ot", "tf_model*", "flax_model*", "rust_model*"]


def _key(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.casefold())


@dataclass(slots=True)
class SentenceEmbedder:
    """Unit-length sentence vectors of a sentence-transformers model, each text encoded once."""

    name: str  # as the user gave it: hub id or folder
    revision: str  # commit hash for a hub model, content fingerprint for a folder
    path: Path
    device: str = "cpu"
    allow_pickle: bool = False
    _model: object = None
    _vectors: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def fitted_for(self) -> bool:
        """Whether this is the model the shipped coefficients were fitted with."""
        return _key(EMBEDDING_MODEL) in _key(f"{self.name} {self.path}")

    def describe(self) -> str:
        caveat = "" if self.fitted_for else f"; its coefficients were fitted with {EMBEDDING_MODEL}, not this model"
        return f"sentence embeddings {self.name} (revision {self.revision}): their cosine is a feature{caveat}"

    def load(self):
        if self._model is None:
            try:
                from sentence_transformers import SentenceTransformer
            except ImportError:
                raise ModelUnavailableError(
                    "--embeddings needs the sentence-transformers package, which is not installed. "
                    'Install it with pip install -e ".[embeddings]", or run without --embeddings.'
                ) from None
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()
            hf_logging.set_verbosity_error()
            if not any(self.path.rglob("*.safetensors")) and any(self.path.rglob("*.bin")):
                check_weights_are_safe(self.path, allow_pickle=self.allow_pickle)  # no pickle unless allowed, as for --model
            try:
                self._model = SentenceTransformer(str(self.path), device=None if self.device == "auto" else self.device, local_files_only=True)
            except Exception as exc:  # noqa: BLE001 - any failure to load is the user's folder, explained
                raise ModelUnavailableError(
                    f"Could not load the sentence-embedding model '{self.name}': {first_line(exc)}. "
                    "Pass --embeddings with a sentence-transformers model folder (modules.json, config.json, "
                    "weights, tokenizer) or the hub id of one in the Hugging Face cache."
                ) from None
        return self._model

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length embeddings of ``texts``, in order."""
        new = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if new:
            encoded = self.load().encode(
                new, batch_size=64, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
            )
            self._vectors.update(zip(new, np.asarray(encoded, dtype=np.float64), strict=True))
        width = next(iter(self._vectors.values())).shape[0] if self._vectors else 0
        return np.array([self._vectors[t] for t in texts]).reshape(len(texts), width)

    def cosines(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """Cosine of the embeddings of each pair of texts."""
        if not pairs:
            return np.zeros(0)
        a = self.vectors([x for x, _ in pairs])
        b = self.vectors([y for _, y in pairs])
        return np.einsum("ij,ij->i", a, b)


def load_embedder(model: str, device: str = "cpu", *, allow_pickle: bool = False) -> SentenceEmbedder:
    """Find a sentence-transformers model on disk (a folder, or the hub cache) and check it loads."""
    folder = Path(model).expanduser()
    if folder.is_dir():
        embedder = SentenceEmbedder(name=model, revision=fingerprint(folder, EMBEDDING_FILES, recursive=True), path=folder, device=device, allow_pickle=allow_pickle)
    elif looks_like_path(model):
        raise ModelUnavailableError(
            f"The sentence-embedding model folder '{model}' does not exist. Pass --embeddings with the "
            "folder of a sentence-transformers model (such as all-MiniLM-L6-v2), or leave it out."
        )
    else:
        from huggingface_hub import snapshot_download
        from huggingface_hub.errors import HfHubHTTPError, LocalEntryNotFoundError

        try:
            snapshot = Path(snapshot_download(model, ignore_patterns=OTHER_RUNTIMES))
        except LocalEntryNotFoundError:
            raise ModelUnavailableError(
                f"The sentence-embedding model '{model}' is not available: {not_cached_reason()}. To fix it, "
                f"download it once on a networked machine (huggingface-cli download {model}) and set HF_HOME "
                "to the cache folder you copied, or pass --embeddings PATH with a local folder, or leave it out."
            ) from None
        except (HfHubHTTPError, OSError, ValueError) as exc:
            raise ModelUnavailableError(f"Could not get the sentence-embedding model '{model}': {first_line(exc)}.") from None
        embedder = SentenceEmbedder(name=model, revision=snapshot.name, path=snapshot, device=device, allow_pickle=allow_pickle)
    embedder.load()
    return embedder
