"""Optional models that read whole sentences: a sentence-embedding model and a cross-encoder verifier.

``--embeddings MODEL``: a sentence-transformers model whose cosine ranks
candidates beside the TF-IDF cosine (translate/align.py), so that counterparts
worded differently ("criticised the US" / "condemned the United States") are
found. ``--verifier MODEL``: a sentence-transformers CrossEncoder, a published
NLI or paraphrase cross-encoder, that confirms a link or demotes it to
possibly related (translate/compare/); it never makes one.

Both are found the way the translation model is found: a folder on disk, or a
hub id in the Hugging Face cache through huggingface_hub, which honours
``HF_HOME`` and ``HF_HUB_OFFLINE``. Weights are loaded from safetensors unless
``--allow-pickle``; remote code never runs. sentence-transformers is an
optional dependency (``pip install -e ".[embeddings]"``) imported only when
one of the options is given.

Which embedding model to download: all-mpnet-base-v2 (sentence-transformers,
768 dimensions, about 420 MB): measured here it ranked the true counterpart
first for 40 of 50 seed claims and 27 of 38 NTREX ones, against 33 and 24 for
all-MiniLM-L6-v2 (docs/evaluation.md). all-MiniLM-L6-v2 is five times smaller
and faster where that matters more.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .errors import ModelArgumentError, ModelUnavailableError
from .hub import check_weights_are_safe, download_command, first_line, fingerprint, looks_like_path, not_cached_reason

# What pins a local sentence-transformers folder: configs, vocabularies and weights, modules' subfolders included.
EMBEDDING_FILES = (".json", ".txt", ".model", ".safetensors", ".bin")
# Weights for other runtimes that a sentence-transformers repository may carry; never fetched.
OTHER_RUNTIMES = ["onnx/*", "openvino/*", "*.onnx", "*.h5", "*.msgpack", "*.ot", "tf_model*", "flax_model*", "rust_model*"]


def _import_sentence_transformers():
    try:
        import sentence_transformers
    except ImportError:
        raise ModelUnavailableError(
            "--embeddings and --verifier need the sentence-transformers package, which is not installed. "
            'Install it with pip install -e ".[embeddings]", or run without them.'
        ) from None
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()
    return sentence_transformers


@dataclass(slots=True)
class _Found:
    name: str  # as the user gave it: hub id or folder
    revision: str  # commit hash for a hub model, content fingerprint for a folder
    path: Path


def _find(model: str, option: str, what: str) -> _Found:
    """A model folder on disk or in the Hugging Face cache, pinned by its revision, or a paragraph on what to do."""
    folder = Path(model).expanduser()
    if folder.is_dir():
        return _Found(model, fingerprint(folder, EMBEDDING_FILES, recursive=True), folder)
    if looks_like_path(model):
        raise ModelArgumentError(
            f"The {what} folder '{model}' does not exist. Pass {option} with the folder of a "
            "sentence-transformers model, or leave the option out."
        )
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import HfHubHTTPError, LocalEntryNotFoundError

    try:
        snapshot = Path(snapshot_download(model, ignore_patterns=OTHER_RUNTIMES))
    except LocalEntryNotFoundError:
        raise ModelUnavailableError(
            f"The {what} '{model}' is not available: {not_cached_reason()}. To fix it, download it once on a "
            f"networked machine ({download_command(model)}) and set HF_HOME to the cache folder you copied, or pass "
            f"{option} PATH with a local folder, or leave it out."
        ) from None
    except (HfHubHTTPError, OSError, ValueError) as exc:
        raise ModelUnavailableError(f"Could not get the {what} '{model}': {first_line(exc)}.") from None
    return _Found(model, snapshot.name, snapshot)


def _construct(kind: str, found, device: str, allow_pickle: bool, failure: str):
    """A sentence-transformers ``SentenceTransformer`` or ``CrossEncoder`` from a found folder: safetensors
    unless pickle is allowed, no remote code, no download; any failure explained as ``failure`` says."""
    st = _import_sentence_transformers()
    if not any(found.path.rglob("*.safetensors")) and any(found.path.rglob("*.bin")):
        check_weights_are_safe(found.path, allow_pickle=allow_pickle)  # no pickle unless allowed, as for --model
    try:
        return getattr(st, kind)(str(found.path), device=None if device == "auto" else device, local_files_only=True, trust_remote_code=False)
    except Exception as exc:  # noqa: BLE001 - any failure to load is the user's folder, explained
        raise ModelUnavailableError(f"{failure.format(name=found.name)}: {first_line(exc)}. {_HOW[kind]}") from None


_HOW = {
    "SentenceTransformer": "Pass --embeddings with a sentence-transformers model folder (modules.json, config.json, "
    "weights, tokenizer) or the hub id of one in the Hugging Face cache.",
    "CrossEncoder": "Pass --verifier with the folder of a sentence-transformers CrossEncoder (an NLI or paraphrase "
    "model) or the hub id of one in the Hugging Face cache.",
}


@dataclass(slots=True)
class SentenceEmbedder:
    """Unit-length sentence vectors of a sentence-transformers model, each text encoded once."""

    name: str
    revision: str
    path: Path
    device: str = "cpu"
    allow_pickle: bool = False
    _model: object = None
    _vectors: dict[str, np.ndarray] = field(default_factory=dict)

    def describe(self) -> str:
        return f"sentence embeddings {self.name} (revision {self.revision})"

    def load(self):
        if self._model is None:
            self._model = _construct("SentenceTransformer", self, self.device, self.allow_pickle, "Could not load the sentence-embedding model '{name}'")
        return self._model

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length embeddings of ``texts``, in order."""
        new = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if new:
            encoded = self.load().encode(new, batch_size=64, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
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
    found = _find(model, "--embeddings", "sentence-embedding model")
    embedder = SentenceEmbedder(found.name, found.revision, found.path, device=device, allow_pickle=allow_pickle)
    embedder.load()
    return embedder


@dataclass(slots=True)
class Verifier:
    """A cross-encoder that says, for a pair of sentences, whether the first entails the second.

    An NLI model (labels naming "entailment") entails where that label wins; a
    paraphrase model (one output) where its score reaches ``PARAPHRASE_CUT``.
    """

    name: str
    revision: str
    path: Path
    device: str = "cpu"
    allow_pickle: bool = False
    _model: object = None
    _entailment: int | None = None  # the entailment label's index for an NLI model, None for a paraphrase model

    PARAPHRASE_CUT = 0.5

    def describe(self) -> str:
        kind = "NLI" if self._entailment is not None else "paraphrase"
        return f"{self.name} (revision {self.revision}, {kind})"

    def load(self):
        if self._model is None:
            self._model = _construct("CrossEncoder", self, self.device, self.allow_pickle, "Could not load the cross-encoder '{name}'")
            try:
                labels = json.loads((self.path / "config.json").read_text(encoding="utf-8")).get("id2label") or {}
            except (OSError, ValueError):
                labels = {}
            names = {int(k): str(v).lower() for k, v in labels.items()}
            entailment = [k for k, v in names.items() if v.startswith("entail")]
            if len(names) > 1 and not entailment:
                raise ModelArgumentError(
                    f"The cross-encoder '{self.name}' has labels {', '.join(names.values())} and none is "
                    "'entailment': pass an NLI cross-encoder (labels contradiction, entailment, neutral) or a "
                    "paraphrase cross-encoder (one score)."
                )
            self._entailment = entailment[0] if len(names) > 1 else None
        return self._model

    def entailments(self, pairs: Sequence[tuple[str, str]]) -> list[tuple[bool, bool]]:
        """For each pair (a, b): whether a entails b, and whether b entails a."""
        if not pairs:
            return []
        model = self.load()
        both = [p for a, b in pairs for p in ((a, b), (b, a))]
        scores = np.asarray(model.predict(both, show_progress_bar=False, convert_to_numpy=True))
        if self._entailment is not None:
            entailed = scores.reshape(len(both), -1).argmax(axis=1) == self._entailment
        else:
            entailed = scores.reshape(len(both)) >= self.PARAPHRASE_CUT
        return [(bool(entailed[2 * i]), bool(entailed[2 * i + 1])) for i in range(len(pairs))]


def load_verifier(model: str, device: str = "cpu", *, allow_pickle: bool = False) -> Verifier:
    """Find a CrossEncoder on disk (a folder, or the hub cache) and check it loads."""
    found = _find(model, "--verifier", "cross-encoder")
    verifier = Verifier(found.name, found.revision, found.path, device=device, allow_pickle=allow_pickle)
    verifier.load()
    return verifier
