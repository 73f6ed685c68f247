"""MappingDialog: the user confirms which questions are the KKR, the role, the keywords and the statements."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kkrdesk.core.survey.mapping_draft import ANSWERED, MAX_KEYWORD_QUESTIONS, MappingDraft, QuestionChoice
from kkrdesk.core.survey.text import contains_phrase

NONE = ""


class MappingDialog(QDialog):
    """Starts from kkrdesk's guess (``draft``); ``draft()`` gives back what the user chose."""

    def __init__(self, questions: list[QuestionChoice], draft: MappingDraft, export_name: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Opsætning af undersøgelsen")
        self.resize(760, 640)
        self._questions = questions
        singles = [q for q in questions if not q.multiple]
        intro = QLabel((
            f"{export_name} har ingen opsætning. kkrdesk har gættet, hvilke spørgsmål der er hvad; ret det, der "
            "ikke passer. Opsætningen gemmes ved siden af eksporten."), self)
        intro.setWordWrap(True)
        self.title_edit = QLineEdit(draft.title, self)
        self.group_combo = self._combo(singles, draft.group, optional=False)
        self.role_combo = self._combo(singles, draft.role, optional=True)
        self.status_combo = self._combo(questions, draft.status, optional=True)
        self.keyword_list = self._checklist([q for q in questions if q.multiple], draft.keywords)
        self.statement_list = self._checklist(singles, draft.statements)
        form = QFormLayout()
        form.addRow("&Titel:", self.title_edit)
        form.addRow("&KKR-spørgsmål:", self.group_combo)
        form.addRow("&Rolle (valgfrit):", self.role_combo)
        form.addRow("&Status (valgfrit):", self.status_combo)
        form.addRow(f"&Nøgleord (højst {MAX_KEYWORD_QUESTIONS}):", self.keyword_list)
        form.addRow("&Udsagn:", self.statement_list)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.group_combo.currentIndexChanged.connect(self._update_save)
        self.keyword_list.itemChanged.connect(self._update_save)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form, 1)
        layout.addWidget(self.buttons)
        self._update_save()

    def draft(self) -> MappingDraft:
        status = self.status_combo.currentData() or None
        return MappingDraft(title=self.title_edit.text().strip(),
                            group=self.group_combo.currentData() or None,
                            role=self.role_combo.currentData() or None, status=status,
                            answered=self._answered_for(status),
                            keywords=_checked(self.keyword_list), statements=_checked(self.statement_list))

    def _answered_for(self, status: str | None) -> list[str]:
        """The status labels that count as answered ("Gennemført", "Delvist besvaret", ...)."""
        if status is None:
            return []
        question = next(q for q in self._questions if q.name == status)
        return [label for label in question.labels if contains_phrase(label, ANSWERED)]

    def _update_save(self) -> None:
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setEnabled(bool(self.group_combo.currentData())
                        and len(_checked(self.keyword_list)) <= MAX_KEYWORD_QUESTIONS)

    def _combo(self, questions: list[QuestionChoice], chosen: str | None, *, optional: bool) -> QComboBox:
        combo = QComboBox(self)
        combo.addItem("(ingen)" if optional else "(vælg spørgsmål)", NONE)
        for question in questions:
            combo.addItem(_short(question.describe()), question.name)
            combo.setItemData(combo.count() - 1, question.describe(), Qt.ItemDataRole.ToolTipRole)
        combo.setCurrentIndex(max(combo.findData(chosen), 0) if chosen else 0)
        return combo

    def _checklist(self, questions: list[QuestionChoice], chosen: list[str]) -> QListWidget:
        listing = QListWidget(self)
        for question in questions:
            item = QListWidgetItem(_short(question.describe(), 110))
            item.setToolTip(question.describe())
            item.setData(Qt.ItemDataRole.UserRole, question.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if question.name in chosen else Qt.CheckState.Unchecked)
            listing.addItem(item)
        return listing


def _checked(listing: QListWidget) -> list[str]:
    return [listing.item(i).data(Qt.ItemDataRole.UserRole) for i in range(listing.count())
            if listing.item(i).checkState() == Qt.CheckState.Checked]


def _short(text: str, width: int = 90) -> str:
    """``text`` in ``width`` characters; a battery item ("stem - item") keeps its item and loses the
    end of the stem, which every item of the battery shares."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    stem, separator, item = text.rpartition(" - ")
    room = width - len(separator) - len(item) - 1
    if separator and room >= min(30, len(stem)):
        return f"{stem[:room].rstrip()}…{separator}{item}"
    return text[: width - 1] + "…"
