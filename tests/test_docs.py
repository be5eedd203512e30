"""The docs stand alone and agree with the code: every file path they mention exists in the
repository, and every stat, exit status, setting, pipeline and benchmark is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aggnews import settings as project_settings
from tests.crawling import ROOT

DOCS = [ROOT / "README.md", ROOT / "bench" / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
#: Paths the docs name that a run creates (they are not in the repository).
RUNTIME = ("output/", ".aggnews/", "jobs/", "bench/.venv-newsplease")
#: Top-level entries of the repository: a token starting with one of them is a path.
TOP = {
    p.name
    for p in ROOT.iterdir()
    if p.name not in {"output", ".git"}
    and (not p.name.startswith(".") or p.name == ".ci")
    and not p.name.endswith((".egg-info", "_cache"))
    and p.name not in {"__pycache__", "build", "jobs"}
}
_CODE_SPAN = re.compile(r"`([^`\n]+)`")
_FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.M | re.S)
_LINK = re.compile(r"\]\(([^)\s]+)\)")
_SPLIT = re.compile(r"[\s\"'=,;()|`<>]+")


def _tokens(text: str) -> set[str]:
    """Words of the code spans and code blocks of a Markdown text."""
    chunks = _CODE_SPAN.findall(_FENCE.sub("", text)) + _FENCE.findall(text)
    words = set()
    for chunk in chunks:
        if any(mark in chunk for mark in ("<", "*", "%(", "{", "...")):
            # a pattern such as tests/fixtures/<site>/: check only its words without one
            chunk = " ".join(w for w in chunk.split() if not re.search(r"[<*{]|%\(|\.\.\.", w))
        words.update(w.rstrip(".:") for w in _SPLIT.split(chunk) if w)
    return words


def mentioned_paths(doc: Path) -> set[str]:
    """Repository paths a doc names in code (relative to the repository's root)."""
    paths = set()
    for word in _tokens(doc.read_text("utf-8")):
        if "://" in word or word.startswith(("/", "-", "~")):
            continue
        if word.startswith(("../", "shared/")):
            paths.add(word)  # outside the repository: fails below
        elif word.split("/")[0] in TOP and (word in TOP or "/" in word) and not _is_stat(word):
            paths.add(word)
    return paths


def _is_stat(word: str) -> bool:
    """A stat name (``aggnews/frontier/busy``) or the USER_AGENT (``aggnews/0.1``), no path."""
    if word.startswith("aggnews/0."):
        return True
    return any(re.fullmatch(_stat_pattern(name), word) for name in stats_in_code())


def _stat_pattern(name: str) -> str:
    return re.escape(name).replace("<x>", "[a-z_0-9]+")


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_path_a_doc_mentions_is_in_the_repository(doc: Path) -> None:
    missing = sorted(
        p
        for p in mentioned_paths(doc)
        if p.startswith(("../", "shared/"))
        or (not p.startswith(RUNTIME) and not (ROOT / p).exists())
    )
    assert not missing, f"{doc.relative_to(ROOT)} names paths not in the repository: {missing}"
    links = []
    for target in _LINK.findall(doc.read_text("utf-8")):
        target = target.split("#")[0]
        if target and "://" not in target and not target.startswith("mailto:"):
            resolved = (doc.parent / target).resolve()
            if ROOT.resolve() not in resolved.parents or not resolved.exists():
                links.append(target)
    assert not links, f"{doc.relative_to(ROOT)} links to files not in the repository: {links}"


def test_the_path_check_finds_what_it_must(tmp_path) -> None:
    text = (
        "See `tests/fixtures/README.md`, `../shared/benchmarks/x`, `bench/real_pages.py` and\n"
        "```sh\npython tests/minisite.py masress --port 8080 &\n```\n`tests/fixtures/<site>/`"
    )
    doc = tmp_path / "probe.md"
    doc.write_text(text, encoding="utf-8")
    assert mentioned_paths(doc) == {
        "tests/fixtures/README.md",
        "../shared/benchmarks/x",
        "bench/real_pages.py",
        "tests/minisite.py",
    }


def _documented() -> str:
    return "\n".join(p.read_text("utf-8") for p in [ROOT / "README.md", *DOCS[2:]])


def stats_in_code() -> set[str]:
    """Every ``aggnews/...`` stat name in the code; ``<x>`` stands for a computed part."""
    names = set()
    for path in (ROOT / "aggnews").rglob("*.py"):
        for literal in re.findall(r"f?\"(aggnews/[^\"]*)\"", path.read_text("utf-8")):
            if literal.startswith("aggnews/0."):  # the USER_AGENT
                continue
            name = re.sub(r"\{[^}]*\}", "<x>", literal)
            names.add(name + "<x>" if name.endswith("/") else name)
    return names


def test_every_stat_is_documented() -> None:
    text = _documented()
    undocumented = []
    for name in sorted(stats_in_code()):
        pattern = "`" + re.escape(name).replace("<x>", "<[a-z_]+>") + "`"
        if not re.search(pattern, text):
            undocumented.append(name)
    assert not undocumented, f"stats not in README.md or docs/: {undocumented}"
    assert "aggnews/layer/<x>/<x>" in stats_in_code()  # the check sees computed names


def test_every_layer_name_is_documented() -> None:
    layers = set()
    for path in (ROOT / "aggnews" / "extract").glob("*.py"):
        layers |= set(re.findall(r"^\s+\(\"([a-z_]+)\", ", path.read_text("utf-8"), re.M))
    spider = (ROOT / "aggnews" / "spiders" / "original.py").read_text("utf-8")
    layers |= set(re.findall(r"layers\[\"body\"\] = \"([a-z_]+)\"", spider))
    assert {"selector", "metadata", "cue", "generic", "original"} <= layers
    row = next(
        line
        for line in (ROOT / "docs" / "stats.md").read_text("utf-8").splitlines()
        if line.startswith("| `aggnews/layer/")
    )
    assert not [name for name in sorted(layers) if f"`{name}`" not in row]


def exit_statuses() -> dict[int, str]:
    """Exit statuses the commands use: their EXIT_* constants, NOT_A_STORY, 0 and 1."""
    found = {0: "ok", 1: "Scrapy's failure to start"}
    for path in (ROOT / "aggnews" / "ops" / "commands").glob("*.py"):
        for name, value in re.findall(r"^(EXIT_\w+|NOT_A_STORY) = (\d+)$", path.read_text(), re.M):
            found[int(value)] = name
    return found


def test_every_exit_status_is_in_the_readme_table() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    table = readme.split("| status | meaning |", 1)[1].split("\n\n", 1)[0]
    rows = {int(n) for n in re.findall(r"^\| (\d+) \|", table, re.M)}
    statuses = exit_statuses()
    assert set(statuses) == set(range(8)), statuses
    assert rows == set(statuses), f"README's exit status table has {rows}"


def test_every_aggnews_setting_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    names = [n for n in dir(project_settings) if n.startswith("AGGNEWS_")]
    assert len(names) > 20
    assert not [n for n in names if f"`{n}`" not in readme]


_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def test_the_readme_names_each_item_pipeline_and_their_number() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    pipelines = project_settings.ITEM_PIPELINES
    assert f"{_WORDS[len(pipelines)].capitalize()} item pipelines" in readme
    assert not [p for p in pipelines if f"`{p.rsplit('.', 1)[1]}`" not in readme]
    assert "four layers" not in readme and "Three pipelines" not in readme


def test_bench_readme_gives_each_benchmark_its_command_and_figures() -> None:
    text = (ROOT / "bench" / "README.md").read_text("utf-8")
    scripts = [
        p
        for p in sorted((ROOT / "bench").glob("*.py"))
        if 'if __name__ == "__main__"' in p.read_text("utf-8") and "def main" in p.read_text()
    ]
    helpers = {"newsplease_runner.py", "noop_spider.py", "newsplease_env.py"}
    benchmarks = [p for p in scripts if p.name not in helpers]
    assert len(benchmarks) >= 7
    for script in benchmarks:
        command = re.search(rf"^python bench/{script.name}\b.*$", text, re.M)
        assert command, f"bench/README.md has no command for {script.name}"
        after = text[command.end() : command.end() + 6000].split("\n## ", 1)[0]
        assert re.search(r"^\|.*\d", after, re.M), f"no figures after {command.group(0)}"
