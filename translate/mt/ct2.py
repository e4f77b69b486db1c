"""MarianMT through CTranslate2: the same model, converted once, several times faster on a CPU.

The transformers checkpoint is converted on first use (int8 on a CPU, float16
on CUDA) into ``<cache folder>/ct2/``, beside the translation cache, and reused
afterwards. Tokenisation is the model's own MarianTokenizer, so both backends
see the same tokens; with greedy decoding they give the same translations
(``tests/test_ct2.py``). Outputs are cached under their own key: the settings
string names the backend and its precision.

Install it with ``pip install "translate-compare[ct2]"``.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ..errors import ModelUnavailableError
from ..records import DEFAULT_BATCH_SIZE, DEFAULT_NUM_BEAMS
from ..hub import check_weights_are_safe
from .cache import damaged_name
from .marian import MAX_BATCH_TOKENS, ProgressCallback, ResolvedModel, max_output_length, token_bounded_batches

log = logging.getLogger("translate")


def available() -> bool:
    """Whether the CTranslate2 extra is installed (checked without importing it)."""
    import importlib.util

    return importlib.util.find_spec("ctranslate2") is not None


def _set_aside(folder: Path) -> Path:
    """Move a damaged converted model out of the way (never delete what may hold the user's clue)."""
    aside = damaged_name(folder)
    folder.rename(aside)
    return aside


class CT2Translator:
    """Translates sentences with a resolved Marian model through CTranslate2."""

    def __init__(
        self,
        model: ResolvedModel,
        *,
        converted_root: Path,
        device: str = "auto",
        batch_size: int = DEFAULT_BATCH_SIZE,
        num_beams: int = DEFAULT_NUM_BEAMS,
        allow_pickle: bool = False,
        fixed_output_tokens: int | None = None,
    ) -> None:
        if not available():
            raise ModelUnavailableError(
                "--backend ct2 needs CTranslate2, which is not installed. Install it with "
                "pip install \"translate-compare[ct2]\", or use --backend transformers."
            )
        import ctranslate2

        self.model = model
        self.device = device if device != "auto" else ("cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu")
        self.compute_type = "float16" if self.device == "cuda" else "int8"
        self.batch_size = max(1, batch_size)
        self.num_beams = max(1, num_beams)
        self.allow_pickle = allow_pickle
        # Benchmarks only: every output exactly this many tokens, since random weights stop anywhere.
        self.fixed_output_tokens = fixed_output_tokens
        self.converted_root = converted_root
        self._loaded = None

    @property
    def settings(self) -> str:
        """The generation settings, as they enter the cache key."""
        return f"ct2-{self.compute_type},beams={self.num_beams}"

    def converted_folder(self) -> Path:
        tag = hashlib.sha256(f"{self.model.name}\0{self.model.revision}".encode()).hexdigest()[:16]
        return self.converted_root / f"{tag}-{self.compute_type}"

    def _convert(self) -> Path:
        target = self.converted_folder()
        if (target / "model.bin").exists():
            return target
        check_weights_are_safe(Path(self.model.path), allow_pickle=self.allow_pickle)
        import ctranslate2
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # the converter loads the checkpoint through transformers
        hf_logging.set_verbosity_error()
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            probe = tempfile.TemporaryFile(dir=target.parent)
            probe.close()
        except OSError as exc:
            # The cache folder cannot be written (a file in its place, a read-only disk): convert for this run only.
            import atexit

            self.converted_root = Path(tempfile.mkdtemp(prefix="translate-compare-ct2-"))
            atexit.register(shutil.rmtree, self.converted_root, ignore_errors=True)
            log.warning(
                "Cannot keep the converted model in %s (%s); it is converted for this run only, in a temporary "
                "folder removed at the end.", target.parent, exc.strerror or exc,
            )
            target = self.converted_folder()
            kept = False
        else:
            kept = True
        if kept:
            log.warning("Converting %s for CTranslate2 (%s), once; it is kept in %s.", self.model.name, self.compute_type, target)
        # Convert into a temporary folder beside the target, then rename: an interrupted
        # conversion never leaves a half-written model that a later run would load.
        scratch = Path(tempfile.mkdtemp(prefix=".converting-", dir=target.parent))
        try:
            converter = ctranslate2.converters.TransformersConverter(str(self.model.path), trust_remote_code=False)
            converter.convert(str(scratch / "model"), quantization=self.compute_type, force=True)
            try:
                os.replace(scratch / "model", target)
            except OSError:
                if not (target / "model.bin").exists():  # another run may have finished first
                    raise
        except (OSError, ValueError, RuntimeError) as exc:
            raise ModelUnavailableError(
                f"The model in {self.model.path} could not be converted for CTranslate2: {exc}. "
                "Use --backend transformers."
            ) from None
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        return target

    def load(self):
        if self._loaded is None:
            import ctranslate2
            from transformers import MarianTokenizer
            from transformers.utils import logging as hf_logging

            hf_logging.set_verbosity_error()
            folder = self._convert()
            tokenizer = MarianTokenizer.from_pretrained(self.model.path)
            try:
                translator = ctranslate2.Translator(str(folder), device=self.device, compute_type=self.compute_type)
            except (RuntimeError, ValueError, OSError) as exc:
                # A converted model damaged since (a disk error, a copy cut short): set it aside, convert again.
                aside = _set_aside(folder)
                log.warning("The converted model in %s cannot be loaded (%s); it was moved to %s and is converted again.", folder, exc, aside)
                folder = self._convert()
                translator = ctranslate2.Translator(str(folder), device=self.device, compute_type=self.compute_type)
            # transformers' max_length counts the decoder start token and the forced end-of-sentence
            # token; CTranslate2's max_decoding_length counts neither.
            self._loaded = (tokenizer, translator, max_output_length(Path(self.model.path)) - 2)
        return self._loaded

    def translate(self, sentences: Sequence[str], progress: ProgressCallback | None = None) -> list[str]:
        """English for each sentence, in input order."""
        return [text for text, _ in self.translate_scored(sentences, progress)]

    def translate_scored(self, sentences: Sequence[str], progress: ProgressCallback | None = None) -> list[tuple[str, float]]:
        """(English, mean log-probability per output token) for each sentence, in input order; batches sorted by length."""
        if not sentences:
            return []
        tokenizer, translator, max_length = self.load()
        tokens = [tokenizer.convert_ids_to_tokens(tokenizer.encode(s, truncation=True)) for s in sentences]
        lengths = [len(t) for t in tokens]
        order = sorted(range(len(sentences)), key=lambda i: (-lengths[i], sentences[i]))
        results: list[tuple[str, float] | None] = [None] * len(sentences)
        # The same token cap as the transformers backend: long sentences form smaller batches.
        for batch in token_bounded_batches(order, lengths, self.batch_size, MAX_BATCH_TOKENS):
            fixed = self.fixed_output_tokens
            limits = {"min_decoding_length": fixed, "max_decoding_length": fixed} if fixed else {"max_decoding_length": max_length}
            sources = [tokens[i] for i in batch]
            output = translator.translate_batch(sources, beam_size=self.num_beams, **limits)
            hypotheses = [result.hypotheses[0] for result in output]
            # The translation's own score depends on the search (length penalty, beams); the confidence is
            # the model's mean log-probability per output token, scored once more as the transformers backend does.
            scored = translator.score_batch(sources, hypotheses)
            for i, hypothesis, score in zip(batch, hypotheses, scored, strict=True):
                ids = tokenizer.convert_tokens_to_ids(hypothesis)
                confidence = sum(score.log_probs) / max(1, len(score.log_probs))
                results[i] = (tokenizer.decode(ids, skip_special_tokens=True).strip(), round(float(confidence), 4))
            if progress is not None:
                progress(len(batch))
        return [r if r is not None else ("", 0.0) for r in results]
