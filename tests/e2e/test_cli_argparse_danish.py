"""argparse's own words reach the user in Danish: usage errors, help headings, plural messages."""

from __future__ import annotations

import argparse

import pytest

from kkrdesk.cli import argparse_danish


def test_usage_errors_are_danish_and_name_the_argument(cli):
    missing = cli("export")
    assert missing.returncode == 2
    assert "fejl i kommandoen: disse argumenter mangler: MAPPE" in missing.stderr
    without_value = cli("export", "--pdf")
    assert "--pdf: skal efterfølges af en værdi" in without_value.stderr
    assert "brug: kkrdesk export" in without_value.stderr and "usage" not in without_value.stderr


@pytest.mark.slow
def test_help_headings_and_option_help_are_danish(cli):
    result = cli("--help")
    assert result.returncode == 0, result.stderr
    for danish in ("brug: kkrdesk", "argumenter:", "tilvalg:", "vis denne hjælp", "vis versionsnummeret"):
        assert danish in result.stdout
    for english in ("usage:", "options:", "show this help", "version number"):
        assert english not in result.stdout


def test_a_message_argparse_counts_uses_the_danish_plural():
    argparse_danish.install()
    parser = argparse.ArgumentParser(exit_on_error=False)
    parser.add_argument("--par", nargs=2)
    try:
        parser.parse_args(["--par", "a"])
    except argparse.ArgumentError as error:
        assert str(error) == "--par: skal efterfølges af 2 værdier"
    else:
        raise AssertionError("one value for nargs=2 was accepted")
