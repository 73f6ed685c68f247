"""The pack's page plan: the seed's page numbers, index overflow, keep-together, and what is left out."""

import pytest

from kkrdesk.core.export.layout import BilagInput, IndexGeometry, ItemInput, plan_pack

LINE = 16.0
ROOMY = IndexGeometry(first_page_room=600, next_page_room=650, item_gap=8)


def items(*page_lists):
    return [ItemInput(LINE, [BilagInput(LINE, pages) for pages in pages]) for pages in page_lists]


def test_the_published_pack_numbers_come_out():
    plan = plan_pack(items([8, 17], [9], [23]), ROOMY)
    assert plan.index_pages == 1
    printed = []
    for item in plan.items:
        printed.append(item.page)
        printed += [b.separator_page for b in item.bilag]
    assert printed == [2, 2, 11, 29, 29, 39, 39]
    assert plan.items[0].bilag[0].first_page == 3
    assert plan.items[0].bilag[0].last_page == 10
    assert plan.total_pages == 39 + 23


def test_an_items_page_is_its_first_bilags_separator():
    plan = plan_pack(items([3, 4], [1], [2, 2, 2]), ROOMY)
    for item in plan.items:
        assert item.page == item.bilag[0].separator_page
        assert item.slot.target_page == item.page


def test_separators_and_bilag_pages_tile_the_pack_without_gaps():
    plan = plan_pack(items([5], [1, 1], [12], [3, 7]), ROOMY)
    expected = plan.index_pages + 1
    for item in plan.items:
        for bilag in item.bilag:
            assert bilag.separator_page == expected
            assert bilag.first_page == expected + 1
            expected = bilag.last_page + 1
    assert plan.total_pages == expected - 1


def test_a_long_index_takes_more_pages_and_shifts_every_page_number():
    small = IndexGeometry(first_page_room=10 * LINE, next_page_room=12 * LINE, item_gap=0)
    plan = plan_pack(items(*[[2]] * 12), small)  # 24 entries of one line each
    assert plan.index_pages == 3
    assert plan.items[0].page == 4
    assert plan.items[-1].bilag[0].separator_page == 4 + 11 * 3
    used_pages = {slot.index_page for item in plan.items for slot in [item.slot] + [b.slot for b in item.bilag]}
    assert used_pages == {0, 1, 2}


def test_entries_never_run_past_the_room_of_their_page():
    geometry = IndexGeometry(first_page_room=100, next_page_room=140, item_gap=8)
    plan = plan_pack([ItemInput(30, [BilagInput(17, 1)] * 4) for _ in range(9)], geometry)
    for item in plan.items:
        for slot in [item.slot] + [b.slot for b in item.bilag]:
            room = geometry.first_page_room if slot.index_page == 0 else geometry.next_page_room
            assert slot.top + slot.height <= room + 1e-9


def test_an_item_heading_never_ends_a_page_without_its_first_bilag():
    geometry = IndexGeometry(first_page_room=3 * LINE, next_page_room=10 * LINE, item_gap=0)
    plan = plan_pack(items([1, 1], [1]), geometry)  # item 1 + 2 bilag fill page 1 exactly
    second = plan.items[1]
    assert second.slot.index_page == 1
    assert second.bilag[0].slot.index_page == 1
    assert second.slot.top == 0


def test_a_bilag_that_could_not_be_read_still_takes_one_page():
    plan = plan_pack(items([0, 4]), ROOMY)
    first, second = plan.items[0].bilag
    assert first.pages == 1
    assert second.separator_page == first.separator_page + 2


def test_items_without_bilag_must_be_left_out_before_planning():
    with pytest.raises(ValueError):
        plan_pack([ItemInput(LINE, [])], ROOMY)
