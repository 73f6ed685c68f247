"""Danish dates, decimals and percentages as a KKR secretary prints them."""

import datetime as dt

from kkrdesk.core import danish


def test_dates_and_times():
    assert danish.format_date(dt.date(2025, 2, 27)) == "27. februar 2025"
    assert danish.format_date(dt.date(2025, 2, 27), weekday=True) == "torsdag den 27. februar 2025"
    assert danish.format_time(dt.time(9, 5)) == "kl. 09.05"


def test_rounding_is_half_up_as_in_the_published_tables():
    assert danish.percent(5, 8) == 63
    assert danish.percent(22, 31) == 71
    assert danish.percent(0, 0) == 0
    assert danish.format_decimal(3.75, 1) == "3,8"
    assert danish.format_decimal(1234.5, 1) == "1.234,5"
    assert danish.format_int(1200) == "1.200"


def test_sizes():
    assert danish.format_size(512) == "512 byte"
    assert danish.format_size(1536) == "1,5 KB"


def test_exact_numbers_keep_their_digits_with_a_decimal_comma():
    assert danish.format_exact(2.5) == "2,5"
    assert danish.format_exact(3.0) == "3"
    assert danish.format_exact(0.125) == "0,125"
    assert danish.format_exact(1234567.5) == "1234567,5"
