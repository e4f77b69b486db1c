"""translate-compare batch: stories compared on a local Ray cluster, resumed after a kill, equal to run."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.cli import app

pytest.importorskip("ray", reason="Ray is not installed: the test extra brings it (pip install -e \".[test]\")")

SEED = Path(__file__).resolve().parent.parent / "corpus"


def _story(folder: Path, files: list[str], copies: int = 1) -> Path:
    folder.mkdir(parents=True)
    for name in files:
        source = next(SEED.glob(f"{name}_*.txt"))
        for i in range(copies):
            suffix = f"_{i}" if copies > 1 else ""
            shutil.copy(source, folder / f"{name}{suffix}.txt")
    return folder


@pytest.fixture()
def stories(tmp_path) -> Path:
    root = tmp_path / "stories"
    # a and b translate the Norwegian article (with the tiny model). With two workers, c starts
    # when a or b is done: it is still running when the first story is done.
    _story(root / "a", ["000", "002"])
    _story(root / "b", ["000", "001", "003"])
    _story(root / "c", ["002", "003", "004"], copies=3)
    (root / "notes").mkdir()  # no articles: not a story
    return root


def _batch_command(stories: Path, out: Path, model: Path, cache: Path) -> list[str]:
    return [
        sys.executable, "-c", "from translate.cli import main; main()", "batch", str(stories), "-o", str(out),
        "--workers", "2", "--model", str(model), "--num-beams", "1", "--device", "cpu", "--cache-dir", str(cache),
    ]


def _kill_session(session: int) -> None:
    """SIGKILL every process of a session: the killed driver and the local Ray cluster it started,
    whose workers run in process groups of their own (a killed driver never shuts its cluster down)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[3]) == session:  # after the command: state, ppid, pgrp, session
                os.kill(int(stat.parent.name), signal.SIGKILL)
        except (OSError, ValueError, IndexError):
            continue


def test_a_batch_killed_after_its_first_story_resumes_and_equals_run(stories, tiny_model, tmp_path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    first = subprocess.Popen(
        _batch_command(stories, out, tiny_model, cache), env=env, start_new_session=True, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 120
        while not any((out / s / "result.json").is_file() for s in "abc"):
            assert first.poll() is None, "the batch stopped before finishing a story"
            assert time.monotonic() < deadline, "no story finished in two minutes"
            time.sleep(0.05)
    finally:
        _kill_session(first.pid)  # started in a session of its own
        first.wait()
        time.sleep(0.5)  # let the killed processes go
    done = {s: (out / s / "result.json").stat().st_mtime_ns for s in "abc" if (out / s / "result.json").is_file()}
    assert 1 <= len(done) < 3 and "c" not in done

    second = subprocess.run(_batch_command(stories, out, tiny_model, cache), env=env, capture_output=True, text=True, timeout=300)
    assert second.returncode == 0, second.stderr
    assert f"3 stories in {stories}: {len(done)} done before, {3 - len(done)} to compare." in second.stderr
    # What was done before is not done again.
    assert all((out / s / "result.json").stat().st_mtime_ns == mtime for s, mtime in done.items())
    index = [json.loads(line) for line in (out / "index.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [row["story"] for row in index] == ["a", "b", "c"]
    assert [row["documents"] for row in index] == [2, 3, 9]
    assert index[0]["languages"] == ["en", "nb"] and index[2]["languages"] == ["en"]

    # Each story's result is byte for byte what run writes for it (the same model, through the same cache).
    for story in "abc":
        expected = tmp_path / f"{story}.json"
        result = CliRunner().invoke(
            app,
            ["run", str(stories / story), "--json", str(expected), "-o", str(tmp_path / f"{story}.md"),
             "--model", str(tiny_model), "--num-beams", "1", "--device", "cpu", "--cache-dir", str(cache)],
        )
        assert result.exit_code == 0, result.output
        assert (out / story / "result.json").read_text(encoding="utf-8") == expected.read_text(encoding="utf-8")
    translated = [c for c in json.loads((out / "a" / "result.json").read_text(encoding="utf-8"))["claims"] if c["document"] == "000" and c["kind"] == "claim"]
    assert translated and all(c["translation_source"].startswith(f"model:{tiny_model}@") for c in translated)


def test_a_folder_without_stories_is_refused_with_a_paragraph(tmp_path):
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(app, ["batch", str(tmp_path / "empty"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "has no story folders" in result.output and "Traceback" not in result.output
