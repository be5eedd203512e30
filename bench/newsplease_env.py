"""news-please in its own virtual environment (its requirements clash with ours)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

VENV = Path(__file__).resolve().parent / ".venv-newsplease"


def newsplease_python() -> str:
    """The venv's python, creating the venv and installing news-please on first use."""
    python = VENV / "bin" / "python"
    if not python.exists():
        sys.stderr.write(f"creating {VENV} with news-please (once)\n")
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "news-please", "lxml_html_clean"],
            check=True,
        )
    return str(python)
