"""The fixture mini-site as a process, for tests and by hand (the server is
``aggnews/ops/minisite.py``; ``scrapy demo`` runs it in-process)::

    python tests/minisite.py masress --port 8080    # or a folder: tests/corpus/hostile

It prints ``http://127.0.0.1:PORT`` once it listens. It is also an HTTP proxy for the
fixture's pages on other hosts: with ``http_proxy=http://127.0.0.1:PORT`` (or
``-s AGGNEWS_OUTLET_PROXY=http://127.0.0.1:PORT``), a request for
``http://www.youm7.com/story/1`` is answered from the page whose ``url`` is that URL.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make the package importable
    sys.path.insert(0, str(ROOT))

from aggnews.ops.minisite import main  # noqa: E402

if __name__ == "__main__":
    main(ROOT / "tests" / "fixtures")
