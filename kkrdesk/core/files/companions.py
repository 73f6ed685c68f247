"""Files that travel beside a bilag rather than being one: a survey export's mapping file."""

from __future__ import annotations

MAPPING_SUFFIX = ".survey.toml"        # <export>.survey.toml beside the export it describes
FOLDER_MAPPING_NAME = "survey.toml"    # one mapping for the CSV trio in a folder


def is_companion(name: str) -> bool:
    """Whether a file (a path relative to the meeting folder) is a companion, not a bilag of its own."""
    return name.endswith(MAPPING_SUFFIX) or name.rsplit("/", 1)[-1] == FOLDER_MAPPING_NAME
