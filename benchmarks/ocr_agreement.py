"""How well check-contract reads scanned contracts after OCR: the test set's LibreOffice PDFs, scanned, OCR'd, checked.

For each PDF contract of tests/contract_corpus.py: a scan made by tests/scans.py (pdftoppm,
tilt, noise, image-only PDF), OCR'd by kkrdesk (timed), then read from the copy and compared
with the original: the same error findings (code and goal)? how many target values the same?
Both with the OCR line spacing and with the ordinary one (the reading before OCR_LINE_DISTANCE).

Run (OCR copies are kept in WORK/cache, so a second run only reads):
    PYTHONPATH=. .venv/bin/python benchmarks/ocr_agreement.py WORK
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]


def main(work: Path) -> int:
    os.environ["KKRDESK_CACHE_DIR"] = str(work / "cache")
    from kkrdesk.core.contracts import pdf_reader
    from kkrdesk.core.contracts.review import review_contract
    from kkrdesk.core.errors import Severity
    from kkrdesk.core.ocr.rendition import cached_rendition, ocr_rendition
    from tests.contract_corpus import all_cases, write_cases
    from tests.scans import scan

    cases = [case for case in all_cases() if case.writer == "lo-pdf"]
    originals = write_cases(cases, work / "originals")

    def errors(review) -> list[tuple]:
        return sorted((f.code, f.goal) for f in review.findings if f.severity is Severity.ERROR)

    def targets(review) -> list[tuple]:
        return sorted((number, target.key, target.value) for number, goal in review.contract.goals.items()
                      for target in goal.targets)

    totals = {"ocr": [0, 0, 0], "plain": [0, 0, 0]}
    seconds = pages = 0.0
    for name, original in originals.items():
        scanned = work / "scans" / f"{name}.pdf"
        scanned.parent.mkdir(parents=True, exist_ok=True)
        if not scanned.exists():
            scan(original, scanned)
        if cached_rendition(scanned) is None:
            started = time.monotonic()
            ocr_rendition(scanned)
            seconds += time.monotonic() - started
            import pikepdf
            with pikepdf.open(scanned) as pdf:
                pages += len(pdf.pages)
        expected = review_contract(original)
        for mode, distance in (("ocr", pdf_reader.OCR_LINE_DISTANCE), ("plain", pdf_reader.LINE_DISTANCE)):
            saved = pdf_reader.OCR_LINE_DISTANCE
            pdf_reader.OCR_LINE_DISTANCE = distance
            try:
                got = review_contract(scanned)
            finally:
                pdf_reader.OCR_LINE_DISTANCE = saved
            same_errors = errors(got) == errors(expected)
            wanted, found = targets(expected), targets(got)
            same_targets = sum(1 for target in wanted if target in found)
            totals[mode][0] += same_errors
            totals[mode][1] += same_targets
            totals[mode][2] += len(wanted)
            print(f"{name:38} {mode:5} errors {'same' if same_errors else 'DIFFER'}"
                  f"  targets {same_targets}/{len(wanted)}")
    for mode, (same, hits, wanted) in totals.items():
        print(f"{mode}: error findings the same in {same} of {len(originals)}; target values {hits} of {wanted}")
    if pages:
        print(f"OCR: {seconds:.0f} s for {pages:.0f} pages, {seconds / pages:.1f} s a page")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
