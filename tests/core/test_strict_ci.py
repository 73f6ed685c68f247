"""CI cannot pass by skipping: in strict mode (CI=true or KKRDESK_STRICT=1) every skip fails the run."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

PROBE = '''
import pytest

def test_needs_a_missing_tool():
    pytest.skip("the tool is not installed")

@pytest.mark.required
def test_required():
    pytest.skip("the tool is not installed")
'''


def _run(tmp_path, **env) -> subprocess.CompletedProcess:
    (tmp_path / "test_probe.py").write_text(PROBE, encoding="utf-8")
    clean = {k: v for k, v in os.environ.items() if k not in ("CI", "KKRDESK_STRICT")}
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "tests.conftest", "-p", "no:cacheprovider",
                           "-p", "no:pytest-qt", "-q", str(tmp_path / "test_probe.py")],
                          cwd=tmp_path, env={**clean, "PYTHONPATH": str(ROOT), **env},
                          capture_output=True, text=True, timeout=120)


def test_outside_ci_only_required_tests_fail_when_skipped(tmp_path):
    result = _run(tmp_path)
    assert result.returncode == 1, result.stdout
    assert "1 failed, 1 skipped" in result.stdout


@pytest.mark.slow
def test_in_ci_every_skip_fails(tmp_path):
    for env in ({"CI": "true"}, {"KKRDESK_STRICT": "1"}):
        result = _run(tmp_path, **env)
        assert result.returncode == 1, result.stdout
        assert "2 failed" in result.stdout and "skipped where it must run" in result.stdout
