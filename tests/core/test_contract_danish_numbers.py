"""Danish numbers in contract text: digits with thousands dots and decimal commas, and number words."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kkrdesk.core import danish
from kkrdesk.core.contracts.danish_numbers import find_numbers, format_number, parse_number

ONES = ["", "en", "to", "tre", "fire", "fem", "seks", "syv", "otte", "ni"]
TEENS = ["ti", "elleve", "tolv", "tretten", "fjorten", "femten", "seksten", "sytten", "atten",
         "nitten"]
TENS = ["", "", "tyve", "tredive", "fyrre", "halvtreds", "tres", "halvfjerds", "firs", "halvfems"]


def words_for(n: int) -> str:
    """Danish words for 1..9999, written here independently of the parser."""
    parts = []
    thousands, rest = divmod(n, 1000)
    if thousands:
        parts.append(("et" if thousands == 1 else words_for(thousands)) + " tusind")
    hundreds, rest = divmod(rest, 100)
    if hundreds:
        parts.append(("et" if hundreds == 1 else ONES[hundreds]) + " hundrede")
    if rest:
        if parts:
            parts.append("og")
        if rest < 10:
            parts.append(ONES[rest])
        elif rest < 20:
            parts.append(TEENS[rest - 10])
        else:
            tens, ones = divmod(rest, 10)
            parts.append((ONES[ones] + "og" if ones else "") + TENS[tens])
    return " ".join(parts)


@pytest.mark.parametrize(("text", "value"), [
    ("1.200", 1200), ("1200", 1200), ("171", 171), ("52,5", 52.5), ("1.234,5", 1234.5),
    ("halvfjerds", 70), ("femoghalvfjerds", 75), ("tolv hundrede", 1200),
    ("et tusind to hundrede", 1200), ("et hundrede og enoghalvfjerds", 171),
    ("ethundredeenoghalvfjerds", 171), ("femoghalvtreds", 55), ("ti", 10), ("halvdelen", 50),
])
def test_whole_numbers_parse(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["afsnit 8.1", "punkt 2.7", "27.02.2025", "en mervækst",
                                  "tilbud og ydelser", "et erhvervshus"])
def test_section_numbers_dates_and_articles_are_not_quantities(text):
    assert [m.value for m in find_numbers(text) if m.value not in (2025,)] == []


def test_numbers_in_a_sentence_keep_their_places():
    text = "mindst 55 procent i 2025 og femogtres procent i 2027"
    found = find_numbers(text)
    assert [(m.value, text[m.start:m.end]) for m in found] == [
        (55, "55"), (2025, "2025"), (65, "femogtres"), (2027, "2027")]
    assert found[2].in_words and not found[0].in_words


def test_share_words_carry_their_unit():
    (mention,) = find_numbers("mindst halvdelen af virksomhederne")
    assert mention.value == 50 and mention.implied_unit == "procent"


def test_a_run_that_is_no_number_falls_apart_into_its_words():
    assert [m.value for m in find_numbers("tre og fire")] == [3, 4]


@given(st.integers(min_value=0, max_value=10_000_000))
def test_danish_digits_round_trip(n):
    assert parse_number(danish.format_int(n)) == n


@given(st.integers(min_value=10, max_value=9999))
def test_danish_words_round_trip(n):
    assert parse_number(words_for(n)) == n


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=9))
def test_decimals_round_trip(whole, tenth):
    value = whole + tenth / 10
    assert parse_number(format_number(value)) == pytest.approx(value)


@pytest.mark.parametrize(("text", "value", "written"), [
    ("mindst en tredjedel af de henviste", 33.3, "en tredjedel"),
    ("to tredjedele af virksomhederne", 66.7, "to tredjedele"),
    ("tre fjerdedele", 75.0, "tre fjerdedele"),
    ("en femtedel", 20.0, "en femtedel"),
    ("syv ud af ti virksomheder", 70.0, "syv ud af ti"),
    ("mindst 7 ud af 10", 70.0, "7 ud af 10"),
])
def test_fractions_and_shares_are_read_as_percent(text, value, written):
    (mention,) = find_numbers(text)
    assert (mention.value, mention.text, mention.implied_unit) == (value, written, "procent")
