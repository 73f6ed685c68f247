"""The feature blocks the Word agenda gets by default: contract findings and survey charts."""

from __future__ import annotations

from kkrdesk.core.contracts.agenda_extra import contract_findings_blocks
from kkrdesk.core.export.blocks import ItemExtraProvider
from kkrdesk.core.survey.agenda_extra import survey_chart_blocks


def default_item_extras() -> tuple[ItemExtraProvider, ...]:
    return (contract_findings_blocks, survey_chart_blocks)
