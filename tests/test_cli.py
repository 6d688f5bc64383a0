"""Every ``nianbao`` command is documented: its help says what it does and
gives an ``Example:`` that names the command."""

import pytest
from click.testing import CliRunner

from nianbao.cli import main


def test_group_lists_the_commands():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for name in ("parse", "crawl", "sites", "ingest", "coverage", "serve", "demo"):
        assert f"  {name} " in result.output, name


@pytest.mark.parametrize("name", sorted(main.commands))
def test_command_help_has_an_example(name):
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0, result.output
    example = [line for line in result.output.splitlines() if "Example:" in line]
    assert example and f"nianbao {name}" in example[0], result.output
