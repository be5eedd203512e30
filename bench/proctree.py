"""Run a command and follow its process tree: peak resident memory of the whole tree (the
crawl and its extraction workers together) and CPU seconds per process, from /proc."""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

_TICK = os.sysconf("SC_CLK_TCK")
_PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class TreeRun:
    returncode: int
    output: str
    #: Largest sum of the tree's resident memory seen, in MB.
    peak_mb: float = 0.0
    #: CPU seconds of the command's own process and of its descendants.
    cpu_main: float = 0.0
    cpu_children: float = 0.0
    cpus: dict[int, float] = field(default_factory=dict)


def _stat(pid: int) -> tuple[float, float] | None:
    """(CPU seconds, resident MB) of ``pid``."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / _TICK, int(fields[21]) * _PAGE / 1e6


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        found += [int(c) for c in children]
        todo += [int(c) for c in children]
    return found


def run_tree(cmd: list[str], cwd: Path, env: dict[str, str], timeout: float = 3600) -> TreeRun:
    """Run ``cmd`` to its end, sampling its tree every 0.1 s."""
    with tempfile.TemporaryFile("w+") as out:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        run = TreeRun(0, "")
        deadline = time.monotonic() + timeout
        while proc.poll() is None and time.monotonic() < deadline:
            resident = 0.0
            for pid in [proc.pid, *_descendants(proc.pid)]:
                sample = _stat(pid)
                if sample is not None:
                    run.cpus[pid] = sample[0]
                    resident += sample[1]
            run.peak_mb = max(run.peak_mb, resident)
            time.sleep(0.1)
        if proc.poll() is None:
            proc.kill()
        run.returncode = proc.wait()
        out.seek(0)
        run.output = out.read()
    run.cpu_main = run.cpus.get(proc.pid, 0.0)
    run.cpu_children = sum(c for pid, c in run.cpus.items() if pid != proc.pid)
    return run
