"""One call from files to figures: find the mapping, open the export, code it and summarise it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kkrdesk.core.errors import BadFileError
from kkrdesk.core.survey.coding import code_survey
from kkrdesk.core.survey.export_reader import open_export
from kkrdesk.core.survey.mapping import SETUP_BUTTON, find_mapping, load_mapping, mapping_name_for
from kkrdesk.core.survey.statistics import SurveySummary, summarize

NO_MAPPING = "no-mapping"          # BadFileError.reason: the export has no mapping beside it


def mapping_for(export_path: Path, mapping_path: Path | None = None) -> Path:
    """The mapping to use: the one given, or the one beside the export by the naming rule."""
    if mapping_path is not None:
        return Path(mapping_path)
    found = find_mapping(Path(export_path))
    if found is None:
        raise BadFileError("der er ingen opsætningsfil til undersøgelsen ved siden af eksporten.",
                           reason=NO_MAPPING, file=export_path,
                           hint=f"Lav opsætningen med {SETUP_BUTTON}, eller læg en fil med navnet "
                           f"{mapping_name_for(Path(export_path))} ved siden af eksporten.")
    return found


def summarize_survey(export_path: Path, mapping_path: Path | None = None, *,
                     between_steps: Callable[[str], None] | None = None) -> SurveySummary:
    """Read and summarise a survey; ``between_steps(text)`` is called before each step
    (the GUI uses it to report progress and to stop when the user cancels)."""
    step = between_steps or (lambda text: None)
    step("Åbner eksporten")
    with open_export(Path(export_path), keep_open=True) as export:  # an XLSX is opened once
        step("Læser opsætningen")
        mapping = load_mapping(mapping_for(export_path, mapping_path))
        step("Læser besvarelserne")
        coded = code_survey(export, mapping)
    step("Beregner tallene")
    return summarize(coded)
