"""What the benchmark scripts share."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def peak_rss_mb() -> int:
    """This process's peak resident memory (VmHWM). Unlike ru_maxrss, it is not inherited
    from the parent across fork and exec, so each configuration reports its own."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024)
    return -1
