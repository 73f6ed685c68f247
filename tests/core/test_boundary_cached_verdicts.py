"""A PDF whose verdict is in the disk cache is admitted from it, in a process that has screened nothing,
without loading the screening machinery (the window's checks at start-up)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import textwrap

from tests.conftest import ROOT

FAKE_PDF = b"%PDF-1.7\n% not a real document: only a cached verdict can call it three pages\n%%EOF\n"


def _admit_in_fresh_process(tmp_path, verdict: dict) -> dict:
    pdf = tmp_path / "bilag.pdf"
    pdf.write_bytes(FAKE_PDF)
    os.utime(pdf, (1_700_000_000, 1_700_000_000))     # settled: its sha256 may be remembered
    script = textwrap.dedent(f"""
        import json, sys
        from pathlib import Path
        from kkrdesk.core.errors import BadFileError
        from kkrdesk.core.files.boundary import Use, admit
        from kkrdesk.core.files.verdicts import write_verdict
        write_verdict({hashlib.sha256(FAKE_PDF).hexdigest()!r}, json.loads({json.dumps(verdict)!r}))
        try:
            found = {{"pages": admit(Path({str(pdf)!r}), Use.BILAG).pdf.pages}}
        except BadFileError as exc:
            found = {{"refused": exc.reason}}
        found["screening loaded"] = "kkrdesk.core.files.pdf_screen" in sys.modules
        found["subprocess loaded"] = "subprocess" in sys.modules
        print(json.dumps(found))
    """)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KKRDESK_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_cached_verdict_admits_the_pdf_without_the_screening_module(tmp_path):
    found = _admit_in_fresh_process(tmp_path, {"final": True, "pages": 3, "needs_repair": False})
    assert found == {"pages": 3, "screening loaded": False, "subprocess loaded": False}


def test_a_cached_refusal_refuses_it_the_same_way(tmp_path):
    refusal = {"reason": "hostile", "message": "PDF-filen har for mange sider.", "hint": "Del den op."}
    found = _admit_in_fresh_process(tmp_path, {"final": True, "refused": refusal})
    assert found == {"refused": "hostile", "screening loaded": False, "subprocess loaded": False}
