"""The mapping file beside an export (``<export>.survey.toml``): which question means what."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kkrdesk.core.errors import BadFileError, KkrError, Problem, Severity
from kkrdesk.core.files.companions import FOLDER_MAPPING_NAME, MAPPING_SUFFIX
from kkrdesk.core.files.limits import MAX_MAPPING_BYTES
from kkrdesk.core.files.nesting import refuse_deep_nesting

FORMAT = 1
# Where a secretary makes or remakes a mapping file, as the hints name it
SETUP_BUTTON = "knappen Lav opsætning … på fanen Undersøgelse"
DEFAULT_DONT_KNOW = ("Ved ikke", "Vet ikke", "Ikke relevant", "Kan ikke svare", "Ønsker ikke at svare")
_CSV_ROLE_SUFFIX = re.compile(r"[\s_.-]*(dataset|labels|structure)$", re.IGNORECASE)


@dataclass(frozen=True)
class KeywordSpec:
    """A "choose at most N words" question, asked with a key such as ``i_dag``."""

    key: str
    question: str
    label: str
    max_choices: int | None


@dataclass(frozen=True)
class StatementSpec:
    """One statement of the 1-5 battery, with its published baseline means by round."""

    id: str
    question: str
    text: str | None
    baseline: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class BaselineRound:
    """An earlier round of the survey whose means were published (not its rows)."""

    key: str
    label: str
    n: int | None


@dataclass(frozen=True)
class SurveyMapping:
    path: Path | None
    title: str
    group_question: str
    group_name: str = "KKR"
    role_question: str | None = None
    role_name: str = "Rolle"
    synthetic: bool = False
    note: str = ""
    respondent_id: str | None = None
    status_question: str | None = None
    answered_status: tuple[str, ...] = ()
    keywords: tuple[KeywordSpec, ...] = ()
    scale_min: int = 1
    scale_max: int = 5
    dont_know: tuple[str, ...] = DEFAULT_DONT_KNOW
    statements: tuple[StatementSpec, ...] = ()
    baselines: tuple[BaselineRound, ...] = ()
    population: dict[str, dict[str, int] | int] = field(default_factory=dict)


def mapping_name_for(export_path: Path) -> str:
    """The file name kkrdesk looks for first beside an export: ``x.xlsx``/``x_dataset.csv`` → ``x.survey.toml``."""
    if export_path.is_dir():
        return FOLDER_MAPPING_NAME
    base = _CSV_ROLE_SUFFIX.sub("", export_path.stem) or export_path.stem
    return f"{base}{MAPPING_SUFFIX}"


def find_mapping(export_path: Path) -> Path | None:
    """The mapping file that belongs to an export, by kkrdesk's naming rule, or None.

    ``x.xlsx`` → ``x.survey.toml``; ``x_dataset.csv`` (or its labels/structure) → ``x.survey.toml``;
    a folder → ``x.survey.toml`` for the ``x_dataset.csv`` in it; a folder or a file with no
    mapping of its own → ``survey.toml`` in the same folder.
    """
    export_path = Path(export_path)
    folder = export_path if export_path.is_dir() else export_path.parent
    candidates = []
    stems = sorted(p.stem for p in folder.glob("*.[cC][sS][vV]")) if export_path.is_dir() \
        else [export_path.stem]
    for stem in stems:
        if not export_path.is_dir():
            candidates.append(folder / f"{stem}{MAPPING_SUFFIX}")
        base = _CSV_ROLE_SUFFIX.sub("", stem)
        if base != stem and base:
            candidates.append(folder / f"{base}{MAPPING_SUFFIX}")
    candidates.append(folder / FOLDER_MAPPING_NAME)
    return next((c for c in candidates if c.is_file()), None)


def load_mapping(path: Path) -> SurveyMapping:
    """Read and check a mapping file; every fault found is listed in the KkrError raised."""
    path = Path(path)
    if not path.is_file():
        raise BadFileError("opsætningsfilen til undersøgelsen findes ikke.", reason="missing", file=path,
                           hint="Kontrollér stien; opsætningsfilen ligger normalt ved siden af "
                           f"eksporten og hedder <eksport>{MAPPING_SUFFIX}; ellers lav den med {SETUP_BUTTON}.")
    if path.stat().st_size > MAX_MAPPING_BYTES:
        raise BadFileError("opsætningsfilen er for stor til at være en opsætning.", reason="too-large",
                           file=path, hint="Vælg den rigtige .survey.toml-fil.")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise BadFileError("opsætningsfilen er ikke UTF-8-tekst.", reason="damaged", file=path,
                           hint="Gem filen som UTF-8.") from None
    refuse_deep_nesting(text, file=path, what="opsætningsfilen",
                        hint=f"Vælg den rigtige .survey.toml-fil, eller lav opsætningen igen med {SETUP_BUTTON}.")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"at line (\d+), column (\d+)", str(exc))
        place = f"linje {where.group(1)}, kolonne {where.group(2)}" if where else str(exc)
        raise BadFileError(f"opsætningsfilen er ikke gyldig TOML ({place}).", reason="damaged", file=path,
                           hint='Navne med mellemrum eller æ, ø og å skal stå i anførselstegn, fx '
                           f'"Øvrigt medlem" = 14; eller lav opsætningen igen med {SETUP_BUTTON}.') from None
    return mapping_from_dict(data, path)


def mapping_from_dict(data: dict[str, Any], path: Path | None = None) -> SurveyMapping:
    reader = _Reader(path)
    mapping = reader.read(data)
    if reader.problems:
        raise KkrError("opsætningsfilen til undersøgelsen har fejl.", file=path,
                       hint=f"Ret fejlene herunder, eller lav opsætningen igen med {SETUP_BUTTON}.",
                       problems=reader.problems)
    assert mapping is not None
    return mapping


_TOP_KEYS = {"format", "title", "synthetic", "note", "respondent_id", "status", "group", "role",
             "keywords", "scale", "baselines", "statements", "population"}


class _Reader:
    def __init__(self, path: Path | None):
        self.path = path
        self.problems: list[Problem] = []

    def fail(self, field_name: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(code="survey-mapping", severity=Severity.ERROR, message=message,
                                     hint=hint, file=str(self.path) if self.path else None,
                                     field=field_name))

    def known_keys(self, table: dict[str, Any], allowed: set[str], where: str) -> None:
        for key in table:
            if key not in allowed:
                import difflib  # only for a misspelt key; costs start-up time otherwise

                close = difflib.get_close_matches(key, sorted(allowed), n=1)
                self.fail(f"{where}{key}", "ukendt nøgle.",
                          f'Mente du "{close[0]}"?' if close else "Slet den, eller ret stavningen.")

    def text(self, table: dict[str, Any], key: str, where: str, *, required: bool = False, default: str = "") -> str:
        value = table.get(key, default)
        if isinstance(value, str) and (value.strip() or not required):
            return value.strip()
        if key not in table and not required:
            return default
        self.fail(f"{where}{key}", "skal være en tekst." if key in table else "mangler.",
                  'Skriv fx question = "q1".' if key == "question" else "")
        return default

    def whole(self, table: dict[str, Any], key: str, where: str, *, minimum: int = 0) -> int | None:
        if key not in table:
            return None
        value = table[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.fail(f"{where}{key}", f"skal være et helt tal på mindst {minimum}.")
            return None
        return value

    def table(self, data: dict[str, Any], key: str, *, required: bool = False) -> dict[str, Any]:
        value = data.get(key)
        if isinstance(value, dict):
            return value
        if value is not None or required:
            self.fail(key, "skal være en tabel ([" + key + "])." if value is not None else "mangler.",
                      f'Skriv fx [{key}] med question = "..." under.')
        return {}

    def read(self, data: dict[str, Any]) -> SurveyMapping | None:
        self.known_keys(data, _TOP_KEYS, "")
        version = data.get("format", FORMAT)
        if version != FORMAT:
            self.fail("format", f"formatet {version!r} kendes ikke; kkrdesk læser format {FORMAT}.")
        title = self.text(data, "title", "")
        synthetic = data.get("synthetic", False)
        if not isinstance(synthetic, bool):
            self.fail("synthetic", "skal være true eller false.")
            synthetic = False
        group = self.table(data, "group", required=True)
        self.known_keys(group, {"question", "name"}, "group.")
        role = self.table(data, "role")
        self.known_keys(role, {"question", "name"}, "role.")
        status = self.table(data, "status")
        self.known_keys(status, {"question", "answered"}, "status.")
        answered = status.get("answered", [])
        if status and (not isinstance(answered, list) or not answered
                       or not all(isinstance(a, str) and a.strip() for a in answered)):
            self.fail("status.answered", "skal være en liste med de statusser, der tæller som svar.",
                      'Skriv fx answered = ["Gennemført", "Delvist besvaret"].')
            answered = []
        scale = self.table(data, "scale")
        self.known_keys(scale, {"min", "max", "dont_know"}, "scale.")
        scale_min = self.whole(scale, "min", "scale.")
        scale_max = self.whole(scale, "max", "scale.")
        scale_min = 1 if scale_min is None else scale_min
        scale_max = 5 if scale_max is None else scale_max
        if scale_max <= scale_min:
            self.fail("scale.max", "skal være større end scale.min.")
        dont_know = scale.get("dont_know", list(DEFAULT_DONT_KNOW))
        if not isinstance(dont_know, list) or not all(isinstance(d, str) for d in dont_know):
            self.fail("scale.dont_know", 'skal være en liste af tekster, fx ["Ved ikke"].')
            dont_know = list(DEFAULT_DONT_KNOW)
        statements, baselines = self.statements(data), self.baselines(data)
        rounds = {r.key for r in baselines}
        for number, statement in enumerate(statements, start=1):
            for key in statement.baseline:
                if key not in rounds:
                    self.fail(f"statements[{number}].baseline", f'runden "{key}" er ikke beskrevet.',
                              f'Tilføj [baselines."{key}"] med n = antal svar i den runde.')
        return SurveyMapping(
            path=self.path, title=title, synthetic=synthetic, note=self.text(data, "note", ""),
            respondent_id=self.text(data, "respondent_id", "") or None,
            group_question=self.text(group, "question", "group.", required=True),
            group_name=self.text(group, "name", "group.", default="KKR") or "KKR",
            role_question=self.text(role, "question", "role.", required=bool(role)) or None,
            role_name=self.text(role, "name", "role.", default="Rolle") or "Rolle",
            status_question=self.text(status, "question", "status.", required=bool(status)) or None,
            answered_status=tuple(a.strip() for a in answered),
            keywords=self.keywords(data), scale_min=scale_min, scale_max=scale_max,
            dont_know=tuple(dont_know), statements=statements, baselines=baselines,
            population=self.population(data))

    def keywords(self, data: dict[str, Any]) -> tuple[KeywordSpec, ...]:
        specs = []
        for key, table in self.table(data, "keywords").items():
            where = f"keywords.{key}."
            if not isinstance(table, dict):
                self.fail(f"keywords.{key}", "skal være en tabel.", f'Skriv [keywords.{key}] med question = "...".')
                continue
            self.known_keys(table, {"question", "label", "max_choices"}, where)
            specs.append(KeywordSpec(key=key, question=self.text(table, "question", where, required=True),
                                     label=self.text(table, "label", where, default=key.replace("_", " ")),
                                     max_choices=self.whole(table, "max_choices", where, minimum=1)))
        if len(specs) > 2:
            self.fail("keywords", "højst to nøgleordsspørgsmål (fx i dag og fremadrettet).")
        return tuple(specs)

    def statements(self, data: dict[str, Any]) -> tuple[StatementSpec, ...]:
        entries = data.get("statements", [])
        if not isinstance(entries, list):
            self.fail("statements", "skal være en liste af [[statements]]-tabeller.")
            return ()
        specs, seen = [], set()
        for number, entry in enumerate(entries, start=1):
            where = f"statements[{number}]."
            if not isinstance(entry, dict):
                self.fail(where.rstrip("."), "skal være en tabel.")
                continue
            self.known_keys(entry, {"id", "question", "text", "baseline"}, where)
            question = self.text(entry, "question", where, required=True)
            identifier = str(entry.get("id", question)).strip()
            if identifier in seen:
                self.fail(f"{where}id", f'id "{identifier}" bruges to gange.')
            seen.add(identifier)
            baseline = entry.get("baseline", {})
            if not isinstance(baseline, dict) or not all(
                    isinstance(v, (int, float)) and not isinstance(v, bool) for v in baseline.values()):
                self.fail(f"{where}baseline", 'skal være en tabel af gennemsnit, fx { "2017" = 3.9 }.')
                baseline = {}
            specs.append(StatementSpec(id=identifier, question=question,
                                       text=self.text(entry, "text", where) or None,
                                       baseline={str(k): float(v) for k, v in baseline.items()}))
        return tuple(specs)

    def baselines(self, data: dict[str, Any]) -> tuple[BaselineRound, ...]:
        rounds = []
        for key, table in self.table(data, "baselines").items():
            if not isinstance(table, dict):
                self.fail(f"baselines.{key}", "skal være en tabel.", f'Skriv [baselines.{key}] med n = ....')
                continue
            self.known_keys(table, {"label", "n"}, f"baselines.{key}.")
            rounds.append(BaselineRound(key=str(key), label=self.text(table, "label", f"baselines.{key}.",
                                                                       default=str(key)) or str(key),
                                        n=self.whole(table, "n", f"baselines.{key}.", minimum=1)))
        return tuple(rounds)

    def population(self, data: dict[str, Any]) -> dict[str, dict[str, int] | int]:
        result: dict[str, dict[str, int] | int] = {}
        for group, value in self.table(data, "population").items():
            where = f"population.{group}"
            if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
                result[group] = value
            elif isinstance(value, dict) and all(isinstance(v, int) and not isinstance(v, bool) and v >= 0
                                                 for v in value.values()):
                result[group] = dict(value)
            else:
                self.fail(where, "skal være et antal medlemmer eller en tabel med antal pr. rolle.",
                          f'Skriv fx [population."{group}"] med Borgmester = 17.')
        return result
