"""``scrapy demo [site]``: crawl the bundled fixture mini-site of a site, offline, and show
what came out."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from scrapy.commands import BaseRunSpiderCommand
from scrapy.exceptions import UsageError
from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings

from aggnews.ops.commands.crawl import EXIT_BAD_ARGUMENT, run_crawls
from aggnews.ops.minisite import fixtures_dir, serve_in_thread, site_dir

#: Politeness off: the mini-site is ours, on loopback.
_FAST = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "RETRY_TIMES": 0,
}


class Command(BaseRunSpiderCommand):
    """Serve ``tests/fixtures/<site>/`` on a free loopback port (outlet hosts included),
    crawl it with a throw-away state dir, write ``output/demo/<site>/<run>.jsonl`` and
    print what it holds. Exit status as ``scrapy crawl``; 2 for an unknown site or no
    fixtures."""

    requires_project = True

    def syntax(self) -> str:
        return "[site]"

    def short_desc(self) -> str:
        return "Crawl a site's bundled fixture mini-site offline (default masress) and show it"

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        """Log WARNING and above unless ``-L``/``-s LOG_LEVEL`` says otherwise: the demo
        prints its own report."""
        super().process_options(args, opts)
        _default(self.settings, "LOG_LEVEL", "WARNING")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) > 1:
            raise UsageError("give at most one site")
        if opts.output or opts.overwrite_output:
            raise UsageError("demo writes output/demo/<site>/; use scrapy crawl for -o/-O")
        site = args[0] if args else "masress"
        assert self.crawler_process is not None
        loader = self.crawler_process.spider_loader
        if site not in loader.list():
            raise UsageError(f"no site named {site!r}; see 'scrapy list'")
        try:
            site_dir(site, fixtures_dir())
        except FileNotFoundError as exc:
            sys.stderr.write(f"aggnews: error: demo: {exc}\n")
            self.exitcode = EXIT_BAD_ARGUMENT
            return
        self.exitcode = self._demo(site, loader.load(site), opts)

    def _demo(self, site: str, spider_cls: type, opts: argparse.Namespace) -> int:
        run = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        feed = Path(self.settings.get("AGGNEWS_DEMO_DIR")) / site / f"{run}.jsonl"
        server, origin = serve_in_thread(site, fixtures_dir())
        try:
            with tempfile.TemporaryDirectory(prefix="aggnews-demo-") as state:
                settings = self.settings
                for name, value in _FAST.items():
                    _default(settings, name, value)
                settings.set("AGGNEWS_STATE_DIR", state, priority="cmdline")
                settings.set("AGGNEWS_OUTLET_PROXY", origin, priority="cmdline")
                settings.set("JOBDIR", None, priority="cmdline")
                settings.set("AGGNEWS_REDIS_URL", None, priority="cmdline")
                settings.set(
                    "FEEDS",
                    {str(feed): {"format": "jsonlines", "encoding": "utf8", "overwrite": True}},
                    priority="cmdline",
                )
                opts.spargs = {**opts.spargs, "base_url": origin}
                status = run_crawls(self, [spider_cls], opts)
        finally:
            server.shutdown()
            server.server_close()
        meta = json.loads((site_dir(site, fixtures_dir()) / "meta.json").read_text("utf-8"))
        missing = len(meta.get("crawl", {}).get("missing", []))
        sys.stdout.write(report(site, feed, status, missing))
        return status


def _default(settings: BaseSettings, name: str, value: object) -> None:
    """Set ``name`` unless the command line set it."""
    if (settings.getpriority(name) or 0) < SETTINGS_PRIORITIES["cmdline"]:
        settings.set(name, value, priority="cmdline")


def report(site: str, feed: Path, status: int, missing: int = 0) -> str:
    """What the demo wrote: where, stories per language and source, a jq line to read it
    (``missing``: pages the fixture links to but does not serve, on purpose)."""
    items = []
    if feed.is_file():
        items = [json.loads(line) for line in feed.read_text("utf-8").splitlines() if line]
    languages = Counter(i.get("language") or "?" for i in items)
    sources = Counter(i.get("source") or "(unknown source)" for i in items)
    shown = _relative(feed)
    lines = [
        f"{site}: {len(items)} stories from the bundled fixture mini-site "
        f"(tests/fixtures/{site}/), written to {shown}",
        "  by language: " + ", ".join(f"{k} {v}" for k, v in languages.most_common()),
        "  by source: " + ", ".join(f"{k} {v}" for k, v in sources.most_common()),
        *(
            [
                f"  the {missing} 'Gave up on ...: http_404' WARNING(s) are meant: the fixture "
                "links to stories it does not serve"
            ]
            if missing
            else []
        ),
        "  look at them:",
        f"    jq -r '[.language, .source, .date, .title] | @tsv' {shown}",
    ]
    if status:
        lines.append(f"  exit status {status}: see the ERROR lines above")
    else:
        lines.append(f"  next, the live site: scrapy crawl {site}")
    return "\n".join(lines) + "\n"


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
