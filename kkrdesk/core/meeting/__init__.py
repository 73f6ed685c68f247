"""The meeting: its model, its folder format on disk, and the checks run on it."""

from kkrdesk.core.meeting.model import (
    DATA_KINDS,
    KKR_NAMES,
    AgendaItem,
    Bilag,
    ItemType,
    Meeting,
    printed_by_default,
)

__all__ = ["DATA_KINDS", "KKR_NAMES", "AgendaItem", "Bilag", "ItemType", "Meeting",
           "printed_by_default"]
