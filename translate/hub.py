"""Finding a model on disk or in the Hugging Face cache: what the translation model and the embedding model share.

Models are named by a hub id or a local folder. huggingface_hub resolves hub
ids and honours ``HF_HOME`` (where the cache lives) and ``HF_HUB_OFFLINE`` (no
network); a folder is pinned by a fingerprint of its content.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from .errors import ModelUnavailableError


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message, for a one-paragraph error."""
    text = str(exc).strip().splitlines()
    return text[0].rstrip(".") if text else type(exc).__name__


def looks_like_path(model: str) -> bool:
    """Whether ``model`` was meant as a folder (``./m``, ``/m``, ``~/m``, ``a/b/c``), not a hub id (``org/name``)."""
    return model.startswith((".", "/", "~")) or model.count("/") > 1 or os.sep in model.replace("/", "") or (
        model.endswith("/")
    )


def not_cached_reason() -> str:
    """Why a hub id could not be had, and where the cache was looked for."""
    offline = os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes", "on")
    where = os.environ.get("HF_HOME") or "~/.cache/huggingface"
    why = "HF_HUB_OFFLINE is set and it is not in the Hugging Face cache" if offline else (
        "it is not in the Hugging Face cache and the hub cannot be reached"
    )
    return f"{why} ({where})"


def fingerprint(folder: Path, suffixes: tuple[str, ...] = (".json", ".spm", ".safetensors", ".bin"), *, recursive: bool = False) -> str:
    """A short content hash of a local model folder: changes when its files do.

    Large weight files are hashed by size and their first and last MiB, which
    tells checkpoints apart without reading gigabytes on every run.
    """
    digest = hashlib.sha256()
    files = folder.rglob("*") if recursive else folder.iterdir()
    for file in sorted(p for p in files if p.is_file() and p.suffix in suffixes):
        size = file.stat().st_size
        digest.update(f"{file.relative_to(folder).as_posix()}\0{size}\0".encode())
        with file.open("rb") as handle:
            if size <= 2 << 20:
                digest.update(handle.read())
            else:
                digest.update(handle.read(1 << 20))
                handle.seek(size - (1 << 20))
                digest.update(handle.read())
    return "local-" + digest.hexdigest()[:16]


def check_weights_are_safe(folder: Path, *, allow_pickle: bool) -> bool:
    """Whether the folder has safetensors weights; refuse pickle-only weights unless allowed."""
    if any(folder.glob("*.safetensors")):
        return True
    if not allow_pickle:
        raise ModelUnavailableError(
            f"The model in {folder} has no safetensors weights, only a pickled PyTorch file "
            "(pytorch_model.bin), which can run code when it is loaded. Use a copy of the model "
            "saved as safetensors, or pass --allow-pickle if you trust where this folder came from."
        )
    return False


def download_command(model: str) -> str:
    """The command that downloads ``model`` with the huggingface_hub installed here: ``hf download``
    since 0.34 (``huggingface-cli`` is gone from 1.0), ``huggingface-cli download`` before."""
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        scripts = {e.name for e in distribution("huggingface_hub").entry_points if e.group == "console_scripts"}
    except PackageNotFoundError:
        scripts = set()
    if "hf" in scripts:
        return f"hf download {model}"
    if "huggingface-cli" in scripts:
        return f"huggingface-cli download {model}"
    return f"python -c \"from huggingface_hub import snapshot_download; snapshot_download('{model}')\""
