"""A meeting folder on disk: opening it under a lock, importing bilag files, saving atomically."""

from __future__ import annotations

import time
from pathlib import Path, PurePosixPath

from kkrdesk.core import atomic
from kkrdesk.core.errors import KkrError, ManifestError, Problem, ReadOnlyError, Severity, UnsafePathError
from kkrdesk.core.files.hashing import sha256_of
from kkrdesk.core.files.names import safe_file_name, split_name
from kkrdesk.core.files.os_errors import NO_PERMISSION, writing
from kkrdesk.core.files.safepath import inside
from kkrdesk.core.meeting.lock import LockOwner, MeetingLock
from kkrdesk.core.meeting.manifest import MANIFEST_NAME, dump_manifest, read_manifest_bytes
from kkrdesk.core.meeting.model import Meeting

BILAG_DIR = "bilag"
BACKUP_NAME = MANIFEST_NAME + ".bak"
LOCK_RETRY_SECONDS = 0.05


def read_meeting(folder: Path) -> tuple[Meeting, list[Problem]]:
    """Load ``folder/meeting.toml`` without locking; raise ManifestError listing every fault."""
    folder = Path(folder)
    manifest = folder / MANIFEST_NAME
    try:
        raw = manifest.read_bytes()
    except FileNotFoundError:
        raise KkrError("mappen indeholder intet møde (der er ingen meeting.toml).", file=folder,
                       hint="Vælg mødets mappe, eller opret et nyt møde med kkrdesk new.") from None
    except OSError as exc:
        raise KkrError(f"mødefilen kan ikke læses ({exc.strerror}).", file=manifest,
                       hint="Kontrollér, at du har adgang til mappen.") from None
    meeting, problems = read_manifest_bytes(raw, file=str(manifest))
    unsafe = []
    for item, bilag in meeting.all_bilag():
        try:
            inside(folder, bilag.file)
        except UnsafePathError as exc:
            unsafe.append(Problem(code="unsafe-path", severity=Severity.ERROR, message=exc.message,
                                  hint=exc.hint, file=str(manifest),
                                  field=f"items[{item.number}].bilag[{item.bilag_number(bilag)}].file"))
    if unsafe:
        raise ManifestError("mødefilen henviser til filer uden for mødets mappe.", file=manifest,
                            problems=problems + unsafe)
    return meeting, problems


class MeetingFolder:
    """An open meeting folder. Writable only while it holds the folder's lock."""

    def __init__(self, path: Path, meeting: Meeting, *, lock: MeetingLock | None,
                 owner: LockOwner | None, problems: list[Problem], lock_error: OSError | None = None):
        self.path = Path(path)
        self.meeting = meeting
        self.load_problems = problems
        self.lock_owner = owner
        self.lock_error = lock_error
        self._lock = lock
        self._unsynced: list[Path] = []   # bilag copied in, made durable by the next save
        self._copied_in: list[Path] = []  # every bilag file copied in while the folder is open
        self._sync_ahead = atomic.SyncAhead()   # ... and fsynced in the background meanwhile

    @property
    def read_only(self) -> bool:
        return self._lock is None or not self._lock.held

    @property
    def read_only_reason(self) -> str:
        """Why this meeting cannot be changed, as the end of a Danish sentence ("..., fordi ...")."""
        if self.lock_owner is not None:
            return f"{self.lock_owner.describe()} har det åbent"
        if self.lock_error is not None:
            if self.lock_error.errno in NO_PERMISSION:
                return "mappen er skrivebeskyttet, eller du har ikke skriveadgang til den"
            return f"låsefilen i mappen kan ikke oprettes ({self.lock_error.strerror})"
        return "det er åbnet til læsning"

    @property
    def manifest_path(self) -> Path:
        return self.path / MANIFEST_NAME

    @classmethod
    def open(cls, path: Path, *, write: bool = True, wait: float = 0.0) -> MeetingFolder:
        """Open a meeting; read-only if ``write`` is False or another kkrdesk holds its lock.

        The lock is taken before the manifest is read, so what a writer read is what it
        replaces. ``wait`` seconds are spent waiting for another writer to finish first.
        """
        path = Path(path)
        lock = owner = error = None
        if write:
            if not (path / MANIFEST_NAME).is_file():
                read_meeting(path)  # names what is wrong, without leaving a lock file behind
            lock, owner, error = _take_lock(path, wait=wait)
        try:
            meeting, problems = read_meeting(path)
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        return cls(path, meeting, lock=lock, owner=owner, problems=problems, lock_error=error)

    @classmethod
    def create(cls, path: Path, meeting: Meeting) -> MeetingFolder:
        """Make a new meeting folder (it may exist, but must not hold a meeting yet)."""
        path = Path(path)
        if (path / MANIFEST_NAME).exists():
            raise KkrError("mappen indeholder allerede et møde.", file=path,
                           hint="Vælg en ny, tom mappe, eller åbn det eksisterende møde.")
        if path.exists() and not path.is_dir():
            raise KkrError("stien findes og er ikke en mappe.", file=path, hint="Vælg en anden sti.")
        try:
            (path / BILAG_DIR).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise KkrError(f"mappen kan ikke oprettes ({exc.strerror}).", file=path,
                           hint="Vælg et sted, hvor du har skriveadgang.") from None
        lock, owner, error = _take_lock(path)
        if owner is not None:
            raise ReadOnlyError(f"mappen bruges allerede af {owner.describe()}.", file=path,
                                hint="Vælg en anden mappe.")
        if (path / MANIFEST_NAME).exists():  # made by another kkrdesk while we took the lock
            if lock is not None:
                lock.release()
            raise KkrError("mappen indeholder allerede et møde.", file=path,
                           hint="Vælg en ny, tom mappe, eller åbn det eksisterende møde.")
        folder = cls(path, meeting, lock=lock, owner=None, problems=[], lock_error=error)
        folder.save()
        return folder

    def close(self) -> None:
        self._sync_ahead.not_synced([])   # its threads end
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> MeetingFolder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def file_path(self, relative: str) -> Path:
        """Absolute path of a bilag file of this meeting (refusing paths that leave the folder)."""
        return inside(self.path, relative)

    def require_writable(self) -> None:
        if self.read_only:
            hint = ("Luk mødet dér først, og åbn det så igen." if self.lock_owner is not None
                    else "Kopiér mødet til en mappe, du kan skrive i, eller bed om skriveadgang.")
            raise ReadOnlyError(f"mødet er åbnet skrivebeskyttet, fordi {self.read_only_reason}.",
                                file=self.path, hint=hint)

    def add_file(self, source: Path, sha256: str) -> tuple[str, bool]:
        """Copy ``source``, whose content has ``sha256``, into bilag/ under a safe name and return its
        path in the meeting (relative, POSIX) and whether this call copied it. A file of other content
        is never overwritten: the copy takes the next free name ("notat-2.pdf"); one of the same
        content is used as it is (and False returned).

        Nothing checks the file here: kkrdesk.core.meeting.importing does, before it calls this.
        """
        self.require_writable()
        source = Path(source)
        bilag_dir = self.path / BILAG_DIR
        if not bilag_dir.is_dir():   # one stat per file, not a mkdir that fails on every one
            with writing(bilag_dir, "bilagsmappen"):
                bilag_dir.mkdir(exist_ok=True)
        name = safe_file_name(source.name)
        stem, suffix = split_name(name)
        counter = 1
        while True:
            target = bilag_dir / name
            if not target.exists():
                with writing(target, f"bilaget {source.name}"):
                    atomic.copy_file(source, target, durable=False)
                self._unsynced.append(target)
                self._copied_in.append(target)
                self._sync_ahead.start(target)
                return f"{BILAG_DIR}/{name}", True
            if target.is_file() and sha256_of(target) == sha256:
                return f"{BILAG_DIR}/{name}", False
            counter += 1
            name = f"{stem}-{counter}{suffix}"

    def save(self, meeting: Meeting | None = None) -> None:
        """Write the manifest atomically, keeping the previous one as meeting.toml.bak.

        Bilag files are already in place (``add_file``), so the manifest is the one
        commit point: a crash leaves the old or the new meeting, never a mix. Files that
        left the meeting are deleted only once neither the manifest nor its backup names them.
        """
        self.require_writable()
        if meeting is not None:
            self.meeting = meeting
        text = dump_manifest(self.meeting)
        with writing(self.path / BILAG_DIR, "bilagsmappen"):
            atomic.sync_files([path for path in self._unsynced if path.exists()],   # before a manifest names them
                              self._sync_ahead)
        self._unsynced.clear()
        manifest, backup = self.manifest_path, self.path / BACKUP_NAME
        retired = _referenced_files(backup)
        with writing(manifest, "mødefilen"):
            if manifest.exists():
                previous = manifest.read_bytes()
                if previous.decode("utf-8", errors="replace") == text:
                    return
                atomic.write_bytes(backup, previous)
            atomic.write_text(manifest, text)
        still_used = {b.file for _, b in self.meeting.all_bilag()} | _referenced_files(backup)
        for relative in retired - still_used:
            self._delete_retired(relative)

    def discard_unsaved_files(self) -> None:
        """Remove the bilag files copied in while the folder was open that neither the saved manifest
        nor its backup names: what adding bilag left behind when the changes were not saved after all,
        the adding was undone, or the item was deleted before its files were in. The files came from
        elsewhere, which still has them."""
        if self.read_only:
            return
        kept = _referenced_files(self.manifest_path) | _referenced_files(self.path / BACKUP_NAME)
        for path in self._copied_in:
            relative = path.relative_to(self.path).as_posix()
            if relative not in kept:
                self._delete_retired(relative)
        self._copied_in.clear()

    def _delete_retired(self, relative: str) -> None:
        if PurePosixPath(relative).parts[:1] != (BILAG_DIR,):
            return
        try:
            self.file_path(relative).unlink(missing_ok=True)
        except (OSError, UnsafePathError):
            pass

    def save_as(self, target: Path) -> MeetingFolder:
        """Copy the meeting with its bilag files to a new folder and return it, opened for writing."""
        target = Path(target)
        if target.resolve() == self.path.resolve():
            self.save()
            return self
        if (target / MANIFEST_NAME).exists():
            raise KkrError("mappen indeholder allerede et møde.", file=target,
                           hint="Vælg en ny, tom mappe.")
        (target / BILAG_DIR).mkdir(parents=True, exist_ok=True)
        for _, bilag in self.meeting.all_bilag():
            source = self.file_path(bilag.file)
            if source.is_file():
                destination = inside(target, bilag.file)
                destination.parent.mkdir(parents=True, exist_ok=True)
                atomic.copy_file(source, destination)
        return MeetingFolder.create(target, self.meeting.copy())


def _take_lock(path: Path, *, wait: float = 0.0
               ) -> tuple[MeetingLock | None, LockOwner | None, OSError | None]:
    """(lock, None, None) when taken; (None, owner, None) when another holds it; (None, None,
    error) when the folder cannot hold a lock file (read-only): nobody else to name."""
    lock = MeetingLock(path)
    deadline = time.monotonic() + wait
    while True:
        try:
            owner = lock.acquire()
        except OSError as exc:
            return None, None, exc
        if owner is None:
            return lock, None, None
        if time.monotonic() >= deadline:
            return None, owner, None
        time.sleep(LOCK_RETRY_SECONDS)


def _referenced_files(manifest: Path) -> set[str]:
    try:
        meeting, _ = read_manifest_bytes(manifest.read_bytes(), file=str(manifest))
    except (OSError, KkrError):
        return set()
    return {bilag.file for _, bilag in meeting.all_bilag()}
