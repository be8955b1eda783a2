"""The README's Quick start is what CI runs: its two commands stand verbatim in `.ci/run`."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def quick_start_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", section, re.S)]


def test_the_quick_start_has_two_commands_an_install_and_a_test_run() -> None:
    install, tests = quick_start_commands()
    assert "python3 -m venv .venv" in install and install.endswith("huiju demo && huiju run")
    assert tests.endswith("python -m pytest")


def test_ci_runs_the_quick_start_commands_exactly() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    install, tests = quick_start_commands()
    assert f"({install})" in ci
    assert f"bash -c '{tests}'" in ci


def test_the_readme_shows_the_screenshots_the_browser_test_writes() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.findall(r'<img src="(docs/screenshots/[^"]+)"', readme)
    assert len(shown) == 16  # 4 pages x 2 languages x desktop and phone
    assert [path for path in shown if not (ROOT / path).is_file()] == []
