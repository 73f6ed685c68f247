"""What the sample's synthetic survey data say, for the sentences the item 2.2 bilag print about them.

The bilag name the rising keywords and the highest and lowest KKR per statement from the same
respondents the export is written from, so the texts cannot say what the data do not.
"""

from __future__ import annotations

from functools import cache

import make_sample_survey as survey

# KKR whose means lie within this distance of the highest (lowest) are named together with it.
SHARED_WITHIN = 0.1
# A statement whose KKR means all lie within this range is "about equal across the KKR".
EQUAL_RANGE = 0.3


def rising_keywords() -> tuple[str, ...]:
    """The keywords marked more often fremadrettet than i dag, in questionnaire order."""
    return survey.rising_keywords()


@cache
def kkr_means(number: str) -> dict[str, float]:
    """Mean score per KKR on statement ``number``, computed from the synthetic respondents."""
    people = survey.build_respondents()
    scores: dict[str, list[int]] = {kkr: [] for kkr in survey.RESPONSE}
    for person in people:
        scores[person["kkr"]].append(person[number])
    return {kkr: sum(values) / len(values) for kkr, values in scores.items()}


def about_equal(number: str) -> bool:
    means = kkr_means(number).values()
    return max(means) - min(means) < EQUAL_RANGE


def highest(number: str) -> tuple[str, ...]:
    """The KKR scoring highest on the statement (several where they lie within SHARED_WITHIN)."""
    means = kkr_means(number)
    top = max(means.values())
    return tuple(sorted((k for k, v in means.items() if top - v < SHARED_WITHIN), key=lambda k: -means[k]))


def lowest(number: str) -> tuple[str, ...]:
    """The KKR scoring lowest on the statement (several where they lie within SHARED_WITHIN)."""
    means = kkr_means(number)
    bottom = min(means.values())
    return tuple(sorted((k for k, v in means.items() if v - bottom < SHARED_WITHIN), key=lambda k: means[k]))
