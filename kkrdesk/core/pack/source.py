"""A meeting to read, from a folder or an opened pack: its bilag files, search index, notes key and DOCX renderings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kkrdesk.core.errors import KkrError
from kkrdesk.core.files.safepath import inside
from kkrdesk.core.meeting.model import AgendaItem, Bilag, Meeting
from kkrdesk.core.meeting.store import read_meeting
from kkrdesk.core.pack.format import pack_id_for
from kkrdesk.core.pack.reader import OpenedPack
from kkrdesk.core.search.index import SearchIndex, default_index_path


@dataclass
class ReadingSource:
    """Everything the reader needs to show a meeting's bilag, whatever it came from."""

    folder: Path
    meeting: Meeting
    index: SearchIndex
    pack_id: str
    read_only: bool
    renderings: dict[str, Path] = field(default_factory=dict)   # DOCX sha256 -> PDF rendering

    @classmethod
    def from_folder(cls, folder: Path) -> ReadingSource:
        folder = Path(folder)
        meeting, _ = read_meeting(folder)
        return cls(folder=folder, meeting=meeting, index=SearchIndex(default_index_path(folder)),
                   pack_id=pack_id_for(meeting), read_only=False)

    @classmethod
    def from_pack(cls, pack: OpenedPack) -> ReadingSource:
        renderings = {sha: pack.folder / relative for sha, relative in pack.info.renderings().items()}
        return cls(folder=pack.folder, meeting=pack.meeting, index=pack.index,
                   pack_id=pack.info.pack_id, read_only=True, renderings=renderings)

    def bilag(self, item_number: str, bilag_number: int) -> tuple[AgendaItem, Bilag]:
        try:
            item = self.meeting.item(item_number)
        except KeyError:
            raise KkrError(f"mødet har intet punkt {item_number}.", file=self.folder,
                           hint="Vælg et punkt på dagsordenen.") from None
        if not 1 <= bilag_number <= len(item.bilag):
            raise KkrError(f"punkt {item_number} har intet bilag {bilag_number}.", file=self.folder,
                           hint="Vælg et af punktets bilag.")
        return item, item.bilag[bilag_number - 1]

    def file_of(self, bilag: Bilag) -> Path:
        return inside(self.folder, bilag.file)
