"""A whole seed-corpus run with the default model, cold and warm: python bench/seed_run.py

Puts a randomly initialised model with the default model's architecture
(bench/mt_speed.py) into a fresh Hugging Face cache under the default model's
hub id, so ``translate-compare run corpus`` resolves it exactly as it would the
real download, offline. Then, measured from outside the process with
``/usr/bin/time`` (wall seconds, peak RSS):

- cold: every Norwegian claim translated (CTranslate2 converts the model first);
- warm: every translation served from the cache, repeated --repeats times.

It also checks, with ``python -X importtime``, that a warm run imports neither
torch nor transformers. Outputs are capped at --output-tokens, since random
weights never stop on their own.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))


def timed(command: list[str], env: dict) -> tuple[float, int]:
    done = subprocess.run(["/usr/bin/time", "-f", "%e %M", *command], env=env, capture_output=True, text=True, check=True)
    seconds, kb = done.stderr.strip().splitlines()[-1].split()
    return float(seconds), round(int(kb) / 1024)


def main() -> None:
    from mt_speed import build
    from tiny_marian import install_in_hub_cache

    from translate.mt import DEFAULT_MODEL

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--output-tokens", type=int, default=40)
    parser.add_argument("--backend", default="auto")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        folder = build("tc-big", work / "model")
        config = json.loads((folder / "generation_config.json").read_text(encoding="utf-8"))
        config["max_length"] = args.output_tokens + 2  # the start token and the forced end
        (folder / "generation_config.json").write_text(json.dumps(config), encoding="utf-8")
        install_in_hub_cache(folder, work / "hf", DEFAULT_MODEL, "0" * 40)
        env = os.environ | {"HF_HOME": str(work / "hf"), "HF_HUB_OFFLINE": "1", "TRANSLATE_COMPARE_CACHE": str(work / "cache")}
        run = [sys.executable, "-m", "translate", "run", str(ROOT / "corpus"), "--backend", args.backend, "-o", str(work / "r.md")]
        cold = timed(run, env)
        print(f"cold run ({args.backend}): {cold[0]:.2f} s wall, peak {cold[1]} MB")
        warm = [timed(run, env) for _ in range(args.repeats)]
        print(f"warm run: median {statistics.median(w[0] for w in warm):.2f} s wall "
              f"(runs: {', '.join(f'{w[0]:.2f}' for w in warm)}), peak {max(w[1] for w in warm)} MB")
        trace = subprocess.run([sys.executable, "-X", "importtime", *run[1:]], env=env, capture_output=True, text=True, check=True)
        heavy = sorted({line.split("|")[-1].strip() for line in trace.stderr.splitlines()
                        if line.split("|")[-1].strip() in ("torch", "transformers", "ctranslate2")})
        print(f"warm run imports: {', '.join(heavy) if heavy else 'neither torch nor transformers'}")
        header = (work / "r.md").read_text(encoding="utf-8").split("## Documents")[0]
        print(next(line for line in header.splitlines() if line.startswith("| Translations")))


if __name__ == "__main__":
    main()
