"""The feature blocks the Word agenda gets by default: contract findings and survey charts."""

from __future__ import annotations

from kkrdesk.core.export.blocks import Block, ExtraContext, ItemExtraProvider


def default_item_extras() -> tuple[ItemExtraProvider, ...]:
    return (_contract_findings_blocks, _survey_chart_blocks)


# The features are imported when an agenda asks for their blocks, so that a command that
# writes no agenda (export --pdf) does not load the contract checker or the survey reader.
def _contract_findings_blocks(context: ExtraContext) -> list[Block]:
    from kkrdesk.core.contracts.agenda_extra import contract_findings_blocks

    return contract_findings_blocks(context)


def _survey_chart_blocks(context: ExtraContext) -> list[Block]:
    from kkrdesk.core.survey.agenda_extra import survey_chart_blocks

    return survey_chart_blocks(context)
