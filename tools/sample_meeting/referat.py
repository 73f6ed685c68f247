"""The sample meeting's referat: a draft with a decision per item, as a secretary writes it after the meeting."""

from __future__ import annotations

import datetime as dt

from kkrdesk.core.meeting import Meeting
from kkrdesk.core.meeting.model import ReferatStatus

# The decisions are illustrative: what a KKR plausibly decides on such items, in our own words.
DECISIONS = {
    "2.1": "Dagsordenen blev godkendt uden bemærkninger.",
    "2.2": (
        "KKR Sjælland drøftede rammerne for samarbejdet med udgangspunkt i undersøgelsen. "
        "Rådet lagde særligt vægt på:\n\n"
        "- at KKR i den nye valgperiode samler sig om færre fælles indsatser, som er tydelige for "
        "kommunalbestyrelserne\n"
        "- at samarbejdet med KKR Hovedstaden om Region Østdanmark aftales i god tid før "
        "sammenlægningen\n"
        "- at sager fra KKR i højere grad forelægges i de enkelte kommunalbestyrelser\n\n"
        "Sekretariatet sender hovedpunkterne fra drøftelsen til KL's bestyrelse og følger op på et "
        "senere møde."),
    "2.4": (
        "KKR Sjælland drøftede udspillet og bakkede op om, at kommunerne får ansvaret for den lokale "
        "og den tværkommunale bustrafik. Rådet bad om, at finansieringen af de regionale busruter "
        "efter sammenlægningen til Region Østdanmark bliver afklaret, og at kommunernes erfaringer "
        "med flextrafik og knudepunkter indgår i KL's videre arbejde."),
    "2.7": (
        "KKR Sjælland tog orienteringen til efterretning. Målet for virksomhedernes kendskab til "
        "erhvervshusets tilbud rettes til 55 pct., så det følger rammeaftalen, før "
        "resultatkontrakten for 2025 underskrives. Erhvervshusets opgørelse af resultaterne for "
        "2025 forelægges KKR, når den foreligger."),
    "2.8": "Der blev ikke rejst emner under punktet.",
}
FOLLOW_UP = {"2.2": dt.date(2025, 6, 12), "2.7": dt.date(2026, 6, 30)}
FRAVAERENDE = "Ingen afbud."


def add_referat(meeting: Meeting) -> Meeting:
    """Give ``meeting`` the sample's decisions and follow-ups; the referat stays a draft."""
    for item in meeting.items:
        item.beslutning = DECISIONS[item.number]
        if item.number in FOLLOW_UP:
            item.opfoelgning, item.opfoelgning_dato = True, FOLLOW_UP[item.number]
    meeting.fravaerende = FRAVAERENDE
    meeting.referat_status = ReferatStatus.UDKAST
    return meeting
