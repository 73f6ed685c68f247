"""Cutting a contract's text into goal segments: national goals by number or name, local goals, in prose or tables."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kkrdesk.core.contracts.agreement import Agreement
from kkrdesk.core.contracts.document_text import DocumentText, TableGrid, TextBlock

GOAL_HEADING = re.compile(
    r"^(?:(?P<scope>nationalt|nationale|lokalt|lokale)\s+)?(?:mål|målsætning)\s*(?:nr\.?\s*)?"
    r"(?P<number>\d{1,2})(?:\s*[:.)]\s*|\s*[-–—](?!\s*\d)\s*|\s+(?=[A-ZÆØÅ])|$)(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL)
LOCAL_GOAL_HEADING = re.compile(
    r"^(?:lokalt|lokale|supplerende|regionalt|eget)\s+mål\s*(?:nr\.?\s*)?(?P<number>\d{1,2}|[A-Za-z])?"
    r"\s*[:.)\-–—]\s*(?P<rest>.+)$", re.IGNORECASE | re.DOTALL)
NUMBERED_TITLE = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+(?P<rest>.+)$", re.DOTALL)
NATIONAL_SECTION = re.compile(r"\bnationale\s+(?:mål|målsætninger|resultatmål)\b|\bmål\s+fra\s+"
                              r"rammeaftalen\b|\bfælles\s+nationale\b", re.IGNORECASE)
LOCAL_SECTION = re.compile(r"\b(?:lokale|supplerende|regionale|egne)\s+(?:mål|målsætninger|resultatmål)\b",
                           re.IGNORECASE)
OTHER_SECTION = re.compile(
    r"^(?:\d{1,2}(?:\.\d{1,2})*\.?\s+)?(?:afrapportering|rapportering|opfølgning|underskrift|økonomi|"
    r"finansiering|ikrafttræden|løbetid|gyldighed|varighed|genforhandling|indledning|baggrund|formål|"
    r"parter|aftalegrundlag|kontraktens|bilag|forord|godkendelse|datagrundlag|ændringer)",
    re.IGNORECASE)
HEADER_GOAL = re.compile(r"^(?:(?:nationalt|nationale|lokalt|lokale)\s+)?(?:mål|målsætning|tema)"
                         r"(?:\s*nr\.?)?$|^nr\.?$", re.IGNORECASE)
HEADER_MEASURE = re.compile(r"målepunkt|indikator|måling|beskrivelse|målemetode|parameter",
                            re.IGNORECASE)
HEADER_VALUE = re.compile(r"målværdi|måltal|mål\s*(?:for\s*)?\d{4}|niveau|ambition|succeskriteri|"
                          r"resultatmål|værdi|krav", re.IGNORECASE)
YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")


@dataclass(frozen=True)
class Unit:
    """A paragraph, or a table row's cells, read together; knows which cells hold values."""

    blocks: tuple[TextBlock, ...]
    value_cells: frozenset[int] = frozenset()
    measure_cells: frozenset[int] = frozenset()
    header_years: tuple[tuple[int, int], ...] = ()
    span: tuple[int, int] | None = None      # only numbers here are read (a sentence, or after a title)

    def header_year(self, cell: int) -> int | None:
        return dict(self.header_years).get(cell)


@dataclass
class Segment:
    """The text of one goal as the contract presents it."""

    national: bool
    goal: int | None
    title: str
    heading: TextBlock
    units: list[Unit] = field(default_factory=list)
    found_by: str = "nummer"     # "nummer", "titel" (a title without a number) or "ord" (its words)

    @property
    def blocks(self) -> list[TextBlock]:
        seen: dict[int, TextBlock] = {}
        for unit in self.units:
            for block in unit.blocks:
                seen.setdefault(block.index, block)
        return list(seen.values())


@dataclass
class Sections:
    segments: list[Segment]
    national_heading: TextBlock | None
    loose: list[TextBlock] = field(default_factory=list)   # national-area paragraphs in no goal


_LIST_MARK = re.compile(r"^(?:[•▪●◦■□\-–*]\s*|\(?\d{1,2}(?:\.\d{1,2})*[.)]?\s+|\(?[a-h][.)]\s+)")
_LEAD_IN = re.compile(r"^(?P<lead>[^:\n.;!?]{2,90}?)\s*(?::|\s[–—-]\s)\s*(?P<rest>\S.*)$", re.DOTALL)
_TITLE_SCOPE = re.compile(r"^(?:nationalt|nationale)\s+(?:mål|målsætning)\s*(?:om|for|vedr\.?|:)?\s*",
                          re.IGNORECASE)
MAX_LEAD_WORDS = 8


def title_part(text: str) -> str:
    """A title as compared with the agreement's: list mark, scope words and end punctuation gone."""
    stripped = _LIST_MARK.sub("", text.strip(), count=1)
    stripped = _TITLE_SCOPE.sub("", stripped, count=1)
    return " ".join(stripped.strip(" :.–—-").split()).lower()


def goal_by_title(text: str, agreement: Agreement) -> int | None:
    """The national goal whose title (or one of its other titles in the agreement) ``text`` is."""
    wanted = title_part(text)
    matches = {goal.id for goal in agreement.goals
               if any(wanted == title.lower() for title in goal.titles)}
    return matches.pop() if len(matches) == 1 else None


def goal_by_lead_in(text: str, agreement: Agreement) -> tuple[int, int, str] | None:
    """(goal, where the text after the title starts, the title) for "Kendskab: ...", "3. Tilfredshed – ...".

    The part before the colon or dash must be short, carry no figures of its own, and be a
    title of exactly one goal or name exactly one goal's words.
    """
    match = _LEAD_IN.match(text.strip())
    if not match:
        return None
    lead = match.group("lead")
    title = title_part(lead)
    if not title or len(title.split()) > MAX_LEAD_WORDS or re.search(r"\d", title):
        return None
    goal = goal_by_title(lead, agreement) or goal_by_name(title, agreement)
    if goal is None:
        return None
    offset = len(text) - len(text.lstrip())
    return goal, offset + match.start("rest"), lead.strip()


def goal_by_name(text: str, agreement: Agreement) -> int | None:
    """The one national goal whose name words appear in ``text``, if exactly one does."""
    lowered = text.lower()
    matches = [goal.id for goal in agreement.goals if any(word in lowered for word in goal.keywords)]
    return matches[0] if len(matches) == 1 else None


def is_heading_like(block: TextBlock) -> bool:
    """A heading by style, or a short line without a sentence's full stop."""
    text = block.text.strip()
    if block.heading:
        return len(text) <= 200
    return (len(text) <= 90 and len(text.split()) <= 12 and "\n" not in text
            and not text.endswith((".", ",", ";")))


def split_sections(document: DocumentText, agreement: Agreement) -> Sections:
    return _Splitter(document, agreement).run()


class _Splitter:
    def __init__(self, document: DocumentText, agreement: Agreement):
        self.document = document
        self.agreement = agreement
        self.section: str | None = None
        self.current: Segment | None = None
        self.segments: list[Segment] = []
        self.national_heading: TextBlock | None = None
        self.loose: list[TextBlock] = []
        self.previous_table: _TableState | None = None

    def run(self) -> Sections:
        done_tables: set[int] = set()
        for block in self.document.blocks:
            table = self.document.table_of(block)
            if table is not None:
                if table.number not in done_tables:
                    done_tables.add(table.number)
                    self._table(table)
                continue
            self._paragraph(block)
        return Sections(self.segments, self.national_heading, self.loose)

    # ---------------------------------------------------------------- paragraphs

    def _paragraph(self, block: TextBlock) -> None:
        text = block.text.strip()
        self.previous_table = None
        started = self._start_from_heading(block, text, in_local_table=False)
        if started:
            return
        if is_heading_like(block):
            if NATIONAL_SECTION.search(text) and not LOCAL_SECTION.search(text):
                self.section, self.current = "national", None
                self.national_heading = self.national_heading or block
                return
            if LOCAL_SECTION.search(text):
                self.section, self.current = "local", None
                return
            if OTHER_SECTION.match(text) or (block.heading and self.section != "local"
                                             and not self._is_subheading(block)):
                self.section, self.current = "other", None
                return
            if self.section == "local" and (self.current is None or block.heading
                                            or NUMBERED_TITLE.match(text)):
                self._start(False, None, _title_of(text), block)
                return
        if self.current is not None:
            self.current.units.append(Unit(blocks=(block,)))
        elif self.section == "local" and not LOCAL_SECTION.search(text):
            self._start(False, None, _title_of(text), block).units.append(Unit(blocks=(block,)))
        elif self.section in ("national", None):
            self.loose.append(block)

    def _start_from_heading(self, block: TextBlock, text: str, *, in_local_table: bool) -> bool:
        """Start a goal segment if ``text`` opens a goal ("Mål 3: ...", "Lokalt mål 1: ...", a name)."""
        local = LOCAL_GOAL_HEADING.match(text)
        if local:
            self._start(False, None, _title_of(local.group("rest") or text), block)
            return True
        match = GOAL_HEADING.match(text)
        if match:
            scope = (match.group("scope") or "").lower()
            rest = match.group("rest").strip()
            number = int(match.group("number"))
            marked_local = scope.startswith("lokal") or in_local_table or (
                self.section == "local" and not scope.startswith("nation"))
            if marked_local or self.agreement.goal(number) is None:
                segment = self._start(False, None, _title_of(rest or text), block)
            else:
                named = goal_by_name(_first_line(rest), self.agreement) if rest else None
                segment = self._start(True, named or number, _title_of(text), block)
            if rest:
                segment.units.append(Unit(blocks=(block,)))
            return True
        if self.section in ("national", None) and (block.heading or NUMBERED_TITLE.match(text)) \
                and is_heading_like(block) and not OTHER_SECTION.match(text) \
                and not self._is_subheading(block):
            named = goal_by_name(text, self.agreement)
            if named is not None and not LOCAL_SECTION.search(text):
                self._start(True, named, _title_of(text), block, found_by="titel")
                return True
        if not in_local_table and self.section != "local":
            return self._start_from_title(block, text)
        return False

    def _start_from_title(self, block: TextBlock, text: str) -> bool:
        """Start a national goal named by its title alone ("Tilfredshed") or in a lead-in ("Kendskab: ...")."""
        titled = goal_by_title(text, self.agreement) if is_heading_like(block) else None
        if titled is not None:
            self._start(True, titled, _title_of(text), block, found_by="titel")
            return True
        lead = goal_by_lead_in(block.text, self.agreement)
        if lead is None:
            return False
        goal, rest_at, title = lead
        segment = self._start(True, goal, title, block, found_by="titel")
        segment.units.append(Unit(blocks=(block,), span=(rest_at, len(block.text))))
        if self.section == "other":
            self.current = None              # a titled paragraph outside the goals stands alone
        return True

    def _is_subheading(self, block: TextBlock) -> bool:
        """A heading below the current goal's own heading level ("Målepunkt" under "Mål 2")."""
        goal_level = self.current.heading.level if self.current is not None else None
        return goal_level is not None and block.level is not None and block.level > goal_level

    def _start(self, national: bool, goal: int | None, title: str, heading: TextBlock,
               found_by: str = "nummer") -> Segment:
        self.current = Segment(national=national, goal=goal, title=title, heading=heading,
                               found_by=found_by)
        self.segments.append(self.current)
        return self.current

    # ---------------------------------------------------------------- tables

    def _table(self, table: TableGrid) -> None:
        rows = [row for row in table.rows if any(cell.text for cell in row)]
        if not rows:
            return
        header = rows[0] if _is_header_row(rows[0]) else None
        roles = _column_roles(header) if header else _Roles()
        data_rows = rows[1:] if header else rows
        continued = self.previous_table if header is None else None
        if continued is not None and continued.columns == len(rows[0]):
            roles, self.current = continued.roles, continued.segment   # a table continued after a break
        if roles.goal is None and any(cell_is_goal_heading(row[0].text) for row in data_rows if row):
            roles.goal = 0
        local_table = header is not None and any("lokal" in cell.text.lower() for cell in header)
        local_table = local_table or self.section == "local" or (continued is not None
                                                                 and continued.local)
        previous_goal_cell: TextBlock | None = None
        table_has_goals = roles.goal is not None
        for row in data_rows:
            unit = Unit(blocks=row, value_cells=frozenset(roles.values),
                        measure_cells=frozenset(roles.measures), header_years=roles.years)
            if roles.goal is not None and roles.goal < len(row):
                cell = row[roles.goal]
                if cell.text and cell is not previous_goal_cell:
                    if not self._start_from_heading(cell, cell.text.strip(),
                                                    in_local_table=local_table):
                        self._start_from_cell(cell, local_table)
                    previous_goal_cell = cell
            elif row and not local_table and self._start_from_title(row[0], row[0].text.strip()):
                pass
            elif self.current is None and self.section in ("national", None):
                named = goal_by_name(row[0].text, self.agreement) if row else None
                if named is not None:
                    self._start(True, named, _title_of(row[0].text), row[0], found_by="titel")
            if self.current is not None:
                if self.current.units and self.current.units[-1].blocks == (row[0],):
                    self.current.units.pop()          # the titled cell is read with its row
                self.current.units.append(unit)
        self.previous_table = _TableState(roles, len(rows[0]), local_table, self.current)
        if table_has_goals:
            self.current = None

    def _start_from_cell(self, cell: TextBlock, local_table: bool) -> None:
        text = cell.text.strip()
        if text.isdigit() and not local_table and self.agreement.goal(int(text)) is not None:
            self._start(True, int(text), f"Mål {text}", cell)
            return
        named = None if local_table else (goal_by_title(text, self.agreement)
                                          or goal_by_name(text, self.agreement))
        if named is not None:
            self._start(True, named, _title_of(text), cell, found_by="titel")
        else:
            self._start(False, None, _title_of(text), cell)


@dataclass
class _Roles:
    goal: int | None = None
    measures: list[int] = field(default_factory=list)
    values: list[int] = field(default_factory=list)
    years: tuple[tuple[int, int], ...] = ()


@dataclass
class _TableState:
    """What a table ended with, for a table that continues it after a page break."""

    roles: _Roles
    columns: int
    local: bool
    segment: Segment | None


def _is_header_row(row: tuple[TextBlock, ...]) -> bool:
    texts = [cell.text.strip() for cell in row]
    if not any(HEADER_GOAL.match(t) or HEADER_MEASURE.search(t) or HEADER_VALUE.search(t)
               for t in texts):
        return False
    return all(len(t) <= 60 and not GOAL_HEADING.match(t) for t in texts)


def _column_roles(header: tuple[TextBlock, ...]) -> _Roles:
    roles = _Roles()
    years = []
    for index, cell in enumerate(header):
        text = cell.text.strip()
        if roles.goal is None and HEADER_GOAL.match(text):
            roles.goal = index
        elif HEADER_MEASURE.search(text):
            roles.measures.append(index)
        elif HEADER_VALUE.search(text):
            roles.values.append(index)
            year = YEAR.search(text)
            if year:
                years.append((index, int(year.group(1))))
    roles.years = tuple(years)
    return roles


def cell_is_goal_heading(text: str) -> bool:
    stripped = text.strip()
    return bool(GOAL_HEADING.match(stripped) or LOCAL_GOAL_HEADING.match(stripped))


def _first_line(text: str) -> str:
    line = text.strip().split("\n", 1)[0]
    return re.split(r"(?<=[.!?])\s", line, maxsplit=1)[0]


def _title_of(text: str) -> str:
    title = _first_line(text)
    return title if len(title) <= 120 else title[:117].rstrip() + "…"
