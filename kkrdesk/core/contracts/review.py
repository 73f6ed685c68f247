"""Checking one contract file end to end: read it, pick the agreement, check it, compare results."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kkrdesk.core.contracts.agreement import Agreement, agreement_for_year, load_agreement
from kkrdesk.core.contracts.checks import Finding, check_contract, house_name, sort_findings
from kkrdesk.core.contracts.extract import extract_contract
from kkrdesk.core.contracts.model import Contract
from kkrdesk.core.contracts.parties import find_year
from kkrdesk.core.contracts.reading import read_document
from kkrdesk.core.contracts.results import ResultRow, compare_results, read_results
from kkrdesk.core.errors import Severity
from kkrdesk.core.ocr.rendition import cached_rendition, ocr_rendition


@dataclass
class ContractReview:
    """A contract as read, the agreement it was checked against, the findings and the results."""

    contract: Contract
    agreement: Agreement
    findings: list[Finding]
    results: list[ResultRow] | None = None
    results_path: Path | None = None

    @property
    def has_errors(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def title(self) -> str:
        """``Resultatkontrakt 2025 mellem KKR Sjælland og Erhvervshus Sjælland`` as far as known."""
        contract = self.contract
        year = f" {contract.year.year}" if contract.year else ""
        kkr = contract.parties.kkr.value if contract.parties.kkr else None
        house = house_name(self.agreement, contract.parties.house.value) \
            if contract.parties.house else None
        between = f" mellem {kkr} og {house}" if kkr and house else ""
        return f"Resultatkontrakt{year}{between}"

    def to_dict(self) -> dict[str, Any]:
        house = self.contract.parties.house
        data = {
            "ok": not self.has_errors,
            "agreement": {"id": self.agreement.id, "title": self.agreement.title,
                          "period": list(self.agreement.period)},
            "contract": self.contract.to_dict(
                house_name(self.agreement, house.value) if house else None),
            "findings": [finding.to_dict() for finding in self.findings],
            "results": [row.to_dict() for row in self.results] if self.results is not None else [],
        }
        if self.results_path is not None:
            data["results_file"] = str(self.results_path)
        return data


def review_contract(path: Path, *, agreement: str | Path | None = None,
                    results: Path | None = None, ocr: bool = False) -> ContractReview:
    """Read and check the contract in ``path``; BadFileError/KkrError for files kkrdesk cannot use.

    With ``ocr`` a PDF is read from its OCR'd copy (scanned pages given a text layer, cached by
    the file's sha256), made now if need be; without it, a copy made before is used all the same.
    Findings still point at the original file.
    """
    path = Path(path)
    copy = None
    if path.suffix.lower() == ".pdf":
        copy = ocr_rendition(path) if ocr else cached_rendition(path)
    if copy is not None:
        document = read_document(copy, ocr=True)
        document.path = path
    else:
        document = read_document(path)
    if agreement is not None:
        chosen = load_agreement(agreement)
    else:
        year = find_year(document)
        chosen = agreement_for_year(year.year if year else None)
    contract = extract_contract(document, chosen)
    findings = check_contract(contract, chosen)
    review = ContractReview(contract=contract, agreement=chosen, findings=findings)
    if results is not None:
        reported, row_findings = read_results(Path(results), chosen,
                                              contract.year.year if contract.year else None)
        rows, result_findings = compare_results(contract, chosen, reported)
        review.results, review.results_path = rows, Path(results)
        review.findings = sort_findings(findings + row_findings + result_findings)
    return review
