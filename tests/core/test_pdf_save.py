"""A pikepdf document saved into a file kkrdesk made for it leaves no temporary file of pikepdf's beside it."""

from __future__ import annotations

import pikepdf

from kkrdesk.core.files.pdf_save import save_into


def test_nothing_but_the_file_is_in_the_folder_while_it_is_written(tmp_path):
    target = tmp_path / ".pakke.pdf.1a2b.tmp"        # as atomic.replacing makes it: there before the save
    target.write_bytes(b"")
    pdf = pikepdf.new()
    for _ in range(40):
        pdf.add_blank_page()
    listings: list[list[str]] = []
    save_into(pdf, target, progress=lambda _percent: listings.append(sorted(p.name for p in tmp_path.iterdir())))
    assert listings and all(names == [target.name] for names in listings)
    with pikepdf.open(target) as saved:
        assert len(saved.pages) == 40

    listings.clear()                                  # what pikepdf does given the path: a file of its own
    pdf.save(target, progress=lambda _percent: listings.append(sorted(p.name for p in tmp_path.iterdir())))
    assert any(len(names) == 2 for names in listings)
