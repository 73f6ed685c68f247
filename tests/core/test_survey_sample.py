"""The sample meeting's synthetic export reproduces the published figures of the 2025 KKR survey."""

import itertools
import re
import tomllib
import zipfile
from decimal import ROUND_HALF_UP, Decimal

import pytest

from kkrdesk.core.survey.load import summarize_survey
from tools.make_sample_survey import EXPORT_NAME, MAPPING_NAME, write_sample_survey


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sample")
    export, mapping = write_sample_survey(folder)
    return export, mapping, summarize_survey(export)


@pytest.fixture(scope="module")
def facts():
    from tests.conftest import shared_dir

    folder = shared_dir()
    if folder is None:
        pytest.skip("the shared facts (../shared) are not on this machine")
    text = (folder / "facts" / "kkr-survey-2025.toml").read_text(encoding="utf-8")
    # the facts file writes keys with æ/ø/å bare, which TOML 1.0 does not allow
    text = re.sub(r"(?m)^([A-Za-zÆØÅæøå][\wÆØÅæøå -]*?)\s*=", lambda m: f'"{m.group(1)}" =', text)
    return tomllib.loads(text)


def _one_decimal(value: float) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _consistent(published: list[str], counts: dict[str, int]) -> bool:
    """True if some order of tied options makes ``published`` the top five of ``counts``."""
    ordered = all(counts[a] >= counts[b] for a, b in itertools.pairwise(published))
    return ordered and all(counts[published[-1]] >= n for o, n in counts.items() if o not in published)


def test_files_are_named_for_the_meeting_and_written_the_same_every_time(tmp_path, sample):
    export, mapping, _ = sample
    assert (export.name, mapping.name) == (EXPORT_NAME, MAPPING_NAME)
    again = write_sample_survey(tmp_path)
    assert again[0].read_bytes() == export.read_bytes()
    assert again[1].read_text(encoding="utf-8") == mapping.read_text(encoding="utf-8")


def test_the_export_says_it_is_synthetic(sample):
    export, _mapping, summary = sample
    assert summary.synthetic and "SYNTETISKE DATA" in summary.note
    with zipfile.ZipFile(export) as package:
        assert "SYNTETISKE DATA" in package.read("docProps/core.xml").decode("utf-8")
    import openpyxl
    workbook = openpyxl.load_workbook(export, read_only=True)
    labels = [row for row in workbook["Labels"].iter_rows(values_only=True) if row[0] == "datakilde"]
    workbook.close()
    assert "Syntetiske data" in labels[0][2]


def test_response_table_is_the_published_one(sample, facts):
    _, _, summary = sample
    published = facts["response"] + [{"kkr": "I alt", **facts["response_total"]}]
    for row, expected in zip(summary.response, published, strict=True):
        mayors, others = row.roles["Borgmester"], row.roles["Øvrigt medlem"]
        assert (row.group, row.tally.members, row.tally.answers, row.tally.rate) == (
            expected["kkr"], expected["members"], expected["n"], expected["rate"])
        assert (mayors.members, mayors.answers, mayors.rate) == (
            expected["mayors"], expected["n_mayors"], expected["rate_mayors"])
        assert (others.members, others.answers, others.rate) == (
            expected["others"], expected["n_others"], expected["rate_others"])
    assert summary.respondents == facts["survey"]["respondents"] == 118
    assert summary.problems == ()


@pytest.mark.parametrize("key", ["i_dag", "fremadrettet"])
def test_keyword_counts_and_overall_top_five_are_the_published_ones(sample, facts, key):
    _, _, summary = sample
    keywords = summary.keyword(key)
    for option, count in facts["keywords"][f"counts_{key}"].items():
        assert keywords.counts[option] == count, option
    assert [o.option for o in keywords.top] == facts["keywords"]["overall_top5"][key]
    assert len({o.rank for o in keywords.top}) == 5            # no ties in the overall top five
    assert all(sum(row.values()) <= 5 * n for row, n in
               zip(keywords.by_group.values(), keywords.answered_by_group.values()))


def test_rising_keywords_rise(sample, facts):
    _, _, summary = sample
    assert all(summary.change.overall[o] > 0 for o in facts["keywords"]["overall_top5"]["rising"])


def test_per_kkr_top_fives_as_far_as_the_published_tables_allow(sample, facts):
    """The README of the sample says exactly this: "i dag" departs in Hovedstaden only,
    "fremadrettet" is reproduced everywhere, some places only through ties."""
    _, _, summary = sample
    published = facts["keywords"]["top5_per_kkr"]
    departures = [(key, kkr) for key in ("i_dag", "fremadrettet") for kkr, names in published[key].items()
                  if not _consistent(names, summary.keyword(key).by_group[kkr])]
    assert departures == [("i_dag", "KKR Hovedstaden")]
    hovedstaden = summary.keyword("i_dag").top_by_group["KKR Hovedstaden"]
    assert [o.option for o in hovedstaden] == ["Konsensus", "Samarbejde", "Værdiskabende", "Politisk",
                                               "Beslutsom"]


def test_statement_means_and_published_orderings(sample, facts):
    _, _, summary = sample
    for statement, expected in zip(summary.statements, facts["statement"], strict=True):
        assert statement.id == expected["id"]
        assert statement.text == expected["text"]
        assert statement.overall.n == 118 and statement.overall.dont_know == 0
        assert _one_decimal(statement.overall.mean) == Decimal(str(expected["mean"])), statement.id
        if "mean_2017" in expected:
            assert statement.baseline["2017"].mean == expected["mean_2017"]
            assert statement.baseline["2017"].n == facts["survey"]["respondents_2017"]
        ranking = sorted(statement.by_group, key=lambda g: -statement.by_group[g].mean)
        for position, key in ((0, "highest_kkr"), (-1, "lowest_kkr")):
            names = expected.get(key, [])
            chosen = ranking[:len(names)] if position == 0 else ranking[-len(names):] if names else []
            assert sorted(chosen) == sorted(names), (statement.id, key)
        if "middle_kkr" in expected:
            assert ranking[2] in expected["middle_kkr"]
        roles = statement.by_role
        if expected.get("others_above_mayors"):
            assert roles["Øvrigt medlem"].mean > roles["Borgmester"].mean
        if expected.get("mayors_above_others"):
            assert roles["Borgmester"].mean > roles["Øvrigt medlem"].mean
        if "note" in expected:   # "about equal across the five KKR"
            means = [s.mean for s in statement.by_group.values()]
            assert max(means) - min(means) < 0.3
