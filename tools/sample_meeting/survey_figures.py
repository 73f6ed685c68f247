"""The published figures of the KKR survey of January 2025 that the item 2.2 bilag print."""

from __future__ import annotations

from dataclasses import dataclass

FIELDED = "januar 2025"
RESPONDENTS = 118
RESPONDENTS_2017 = 56
FREE_TEXT_SHARE = "knap 25 pct."


@dataclass(frozen=True)
class Response:
    """Members, answers and response rate (whole percent): all, then mayors, then other members."""

    kkr: str
    members: int
    n: int
    rate: int
    mayors: int
    n_mayors: int
    rate_mayors: int
    others: int
    n_others: int
    rate_others: int


RESPONSES = (
    Response("KKR Hovedstaden", 57, 35, 61, 29, 19, 66, 28, 16, 57),
    Response("KKR Sjælland", 31, 22, 71, 17, 14, 82, 14, 8, 57),
    Response("KKR Syddanmark", 30, 23, 77, 22, 18, 82, 8, 5, 63),
    Response("KKR Midtjylland", 34, 16, 47, 19, 12, 63, 15, 4, 27),
    Response("KKR Nordjylland", 22, 22, 100, 11, 11, 100, 11, 11, 100),
)
RESPONSE_TOTAL = Response("I alt", 174, 118, 68, 98, 74, 76, 76, 44, 58)

# The twelve of the fifteen keywords whose names were published.
KEYWORDS_NAMED = ("Samarbejde", "Konsensus", "Værdiskabende", "Politisk", "Beslutsom", "Inddragende",
                  "Proaktiv", "Handlekraft", "Innovativ", "Relevant", "Kompetent", "Inspirerende")

# Markings by all respondents, for the keywords whose counts were published.
COUNTS_TODAY = {"Samarbejde": 87, "Konsensus": 72, "Værdiskabende": 62, "Politisk": 50,
                "Beslutsom": 43, "Inddragende": 25, "Proaktiv": 19}
COUNTS_FORWARD = {"Samarbejde": 62, "Beslutsom": 50, "Inddragende": 43, "Politisk": 40,
                  "Proaktiv": 36, "Værdiskabende": 25, "Konsensus": 22}
TOP5_TODAY = ("Samarbejde", "Konsensus", "Værdiskabende", "Politisk", "Beslutsom")
TOP5_FORWARD = ("Samarbejde", "Beslutsom", "Inddragende", "Politisk", "Proaktiv")

# Table 1 of the summary, as published (north to east, the order the summary uses).
TOP5_PER_KKR = {
    "KKR Nordjylland": (("Samarbejde", "Relevant", "Konsensus", "Politisk", "Kompetent"),
                        ("Samarbejde", "Kompetent", "Politisk", "Beslutsom", "Inddragende")),
    "KKR Midtjylland": (("Samarbejde", "Konsensus", "Relevant", "Politisk", "Inddragende"),
                        ("Samarbejde", "Relevant", "Proaktiv", "Inddragende", "Politisk")),
    "KKR Syddanmark": (("Samarbejde", "Relevant", "Kompetent", "Politisk", "Konsensus"),
                       ("Samarbejde", "Relevant", "Værdiskabende", "Politisk", "Kompetent")),
    "KKR Sjælland": (("Samarbejde", "Konsensus", "Relevant", "Politisk", "Værdiskabende"),
                     ("Samarbejde", "Relevant", "Politisk", "Proaktiv", "Værdiskabende")),
    "KKR Hovedstaden": (("Konsensus", "Samarbejde", "Politisk", "Relevant", "Inspirerende"),
                        ("Inddragende", "Værdiskabende", "Relevant", "Samarbejde", "Proaktiv")),
}


@dataclass(frozen=True)
class Statement:
    """One of the nine statements: 2025 mean, 2017 mean where published, and how the roles differ.

    Which KKR score highest and lowest is computed from the synthetic data (survey_story.py).
    """

    number: str
    mean: float
    mean_2017: float | None
    text: str
    improved_since_2017: bool = False
    level_with_2017: bool = False   # no 2017 mean printed, but "no notable change" since then
    higher_among: str = ""          # "borgmestre" or "øvrige medlemmer", where the summary says so


STATEMENTS = (
    Statement("2.1", 3.7, 3.9, "KKR er et godt koordineringsforum mellem kommunerne i regionen"),
    Statement("2.2", 4.0, 3.1, "Der er bred opbakning til arbejdet i KKR"),
    Statement("2.3", 2.8, 2.8, "KKR-arbejdet er vigtigt for kommunalbestyrelserne i min kommune"),
    Statement("2.4", 3.7, 3.7, "KKR fremstår som en troværdig og kvalificeret repræsentant og "
              "talerør over for regionen/øvrige samarbejdspartnere"),
    Statement("2.5", 3.3, 3.5, "KKR udvikler værdifulde løsninger og politikker"),
    Statement("2.6", 3.7, 3.6, "KKR understøtter implementeringen af fælles løsninger og politikker "
              "på tværs af kommuner", higher_among="øvrige medlemmer"),
    Statement("2.7", 3.2, None, "Der er et godt samspil mellem KKR og KL", improved_since_2017=True,
              higher_among="borgmestre"),
    Statement("2.8", 2.7, None, "KL inddrager KKR i relevante spørgsmål", improved_since_2017=True),
    Statement("2.9", 2.7, None, "Viden om KKR's arbejde er vigtigt for det politiske arbejde i min "
              "kommunalbestyrelse", level_with_2017=True, higher_among="øvrige medlemmer"),
)

FREE_TEXT_THEMES = ("KKR's opgaver", "KKR's størrelse og geografi", "Sammensætningen af KKR",
                    "Samspil - KL, KKR og kommunalbestyrelser")


def short_kkr(name: str) -> str:
    """"KKR Sjælland" -> "Sjælland", for tight table cells."""
    return name.removeprefix("KKR ")


def and_join(names: tuple[str, ...]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " og " + names[-1]
