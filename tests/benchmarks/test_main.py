"""``python -m benchmarks``: every benchmark it lists has a quick configuration that its module
accepts (nothing is run: the modules are asked for their ``--help`` only)."""

from __future__ import annotations

import contextlib
import io
import re

import pytest

from benchmarks.__main__ import main
from benchmarks.suite import BENCHMARKS, by_name, entry


def listed(capsys: pytest.CaptureFixture[str]) -> dict[str, list[str]]:
    """``python -m benchmarks list``: each benchmark's name and its indented lines."""
    assert main(["list"]) == 0
    blocks: dict[str, list[str]] = {}
    for line in capsys.readouterr().out.splitlines():
        if line.startswith("  "):
            blocks[list(blocks)[-1]].append(line.strip())
        else:
            blocks[line.split(":")[0]] = []
    return blocks


def test_list_names_every_benchmark_with_full_and_quick_commands(
    capsys: pytest.CaptureFixture[str],
) -> None:
    blocks = listed(capsys)
    assert list(blocks) == [benchmark.name for benchmark in BENCHMARKS]
    for name, lines in blocks.items():
        module = by_name(name).module
        assert any(line.startswith(f"full:  python -m {module}") for line in lines), name
        assert any(line.startswith(f"quick: python -m {module}") for line in lines), name


@pytest.mark.parametrize("name", [benchmark.name for benchmark in BENCHMARKS])
def test_quick_configuration_uses_options_the_module_has(name: str) -> None:
    benchmark = by_name(name)
    assert benchmark.quick, f"{name} has no quick configuration"
    assert benchmark.quick != benchmark.full, f"{name}'s quick configuration is its full one"
    shown = io.StringIO()
    with contextlib.redirect_stdout(shown), pytest.raises(SystemExit):
        entry(benchmark)(["--help"])
    known = set(re.findall(r"--[a-z][a-z-]*", shown.getvalue())) | {"--json"}
    for call in (*benchmark.quick, *benchmark.full):
        used = {arg for arg in call.argv if arg.startswith("--")}
        assert used <= known, f"{name}: {sorted(used - known)} not among its options"
    assert "--json" in shown.getvalue(), f"{name} cannot write its figures as JSON"


def test_an_unknown_benchmark_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["nosuch", "--quick"])
    assert "known: loading" in capsys.readouterr().err
