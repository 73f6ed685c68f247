"""A file picker opens in the folder of the file last picked (six bilag from one folder: one trip there)."""

from __future__ import annotations

from PySide6 import QtWidgets

from kkrdesk.ui.dialogs import DialogService


def test_the_next_picker_opens_where_the_last_file_was_picked(monkeypatch, tmp_path):
    asked: list[str] = []
    downloads = tmp_path / "Overførsler"
    answers = iter([([str(downloads / "udspil.pdf"), str(downloads / "notat.docx")], ""),
                    (str(tmp_path / "Word" / "sag.docx"), ""), ("", ""), ([], "")])

    def picker(_parent, _title, folder, _filter):
        asked.append(folder)
        return next(answers)

    monkeypatch.setattr(QtWidgets.QFileDialog, "getOpenFileNames", picker)
    monkeypatch.setattr(QtWidgets.QFileDialog, "getOpenFileName", picker)
    service = DialogService()
    assert len(service.open_files(None, "Tilføj bilag til punkt 2.2")) == 2
    assert service.open_file(None, "Hent tekst fra Word til punkt 2.2") == tmp_path / "Word" / "sag.docx"
    assert service.open_file(None, "Åbn undersøgelse") is None          # cancelled: the folder stays
    assert service.open_files(None, "Tilføj bilag til punkt 2.4") == []
    assert asked == ["", str(downloads), str(tmp_path / "Word"), str(tmp_path / "Word")]
