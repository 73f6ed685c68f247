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


def test_dates_are_read_as_danes_type_them():
    march = dt.date(2027, 3, 18)
    for typed in ("18.03.2027", "18.3.2027", " 18. 3. 2027 ", "18/3-2027", "18-03-2027", "18.3.27", "18032027",
                  "18. marts 2027", "18 mar 2027", "18. Marts 2027", "2027-03-18"):
        assert danish.parse_date(typed) == march, typed
    assert danish.parse_date(danish.format_date(march)) == march
    for wrong in ("", "18", "18.03", "31.02.2027", "18.13.2027", "18. ma 2027", "18. xyz 2027", "i morgen"):
        assert danish.parse_date(wrong) is None, wrong


def test_a_moment_reads_as_prose_and_a_lock_owner_says_it_so():
    from kkrdesk.core.meeting.lock import LockOwner

    assert danish.format_moment(dt.datetime(2026, 12, 3, 9, 5)) == "3. december 2026 kl. 09.05"
    owner = LockOwner(user="mette", host="kontor-7", pid=30260, since="2026-12-03T09:15:00")
    assert owner.describe() == "mette på kontor-7 siden 3. december 2026 kl. 09.15"   # no process number
    assert LockOwner(user="mette", host="", pid=1, since="i går").describe() == "mette"
