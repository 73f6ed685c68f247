"""Finding and stripping a PDF's active content (scripts, launches, form submission, embedded files) before it goes into a pack.

What a member's PDF viewer may run or open is removed from every object reachable from the
pages: JavaScript wherever it sits, Launch, SubmitForm, ImportData, GoToR/GoToE and other
actions that reach outside the document, every page, annotation and form field's /AA, URI
links other than plain http(s), embedded files, file-attachment and multimedia annotations.
Every action chain is walked through /Next. Internal links (GoTo, /Dest), http(s) links,
standard page navigation, ResetForm, Hide and layer switching are kept. Document-level
content (OpenAction, the JavaScript and EmbeddedFiles name trees, XFA, document /AA) never
reaches a pack because only pages are copied, but it is found and reported all the same.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

from kkrdesk.core import atomic, disk_cache
from kkrdesk.core.errors import BadFileError
from kkrdesk.core.files.limits import PACK_READY_CACHE_BUDGET_BYTES
from kkrdesk.core.files.pdf_save import save_into
from kkrdesk.core.userdata import user_cache_dir

# Kinds in the order they are reported, with their Danish names.
KINDS_DA = {
    "javascript": "JavaScript",
    "launch": "start af programmer (Launch)",
    "submit-form": "afsendelse af formulardata (SubmitForm)",
    "import-data": "indlæsning af data (ImportData)",
    "remote-goto": "spring til andre filer (GoToR/GoToE)",
    "uri-other": "links, der ikke er http/https (fx file:, javascript:, smb:)",
    "embedded-file": "indlejrede filer",
    "file-attachment": "vedhæftede filer i kommentarer",
    "multimedia": "multimedier (RichMedia, 3D, film, lyd)",
    "additional-actions": "automatiske handlinger (/AA)",
    "open-action": "handling ved åbning af dokumentet",
    "xfa": "XFA-formular",
    "other-action": "andre handlinger",
}
_REMOTE = {"/GoToR", "/GoToE", "/GoToDp"}
_MULTIMEDIA_ACTIONS = {"/Movie", "/Sound", "/Rendition", "/RichMediaExecute", "/GoTo3DView"}
_MULTIMEDIA_ANNOTATIONS = {"/RichMedia", "/3D", "/Movie", "/Sound", "/Screen"}
_KEPT_ACTIONS = {"/GoTo", "/URI", "/Named", "/ResetForm", "/Hide", "/SetOCGState", "/Trans"}
# Keys whose values are handled on their own (actions) or must not be followed from a page.
_HANDLED = frozenset({"/A", "/AA", "/OpenAction", "/Next"})
_PAGE_ONLY = frozenset({"/Parent", "/Annots"})
_STANDARD_NAMED = {"/NextPage", "/PrevPage", "/FirstPage", "/LastPage"}
_BY_TYPE = {"/JavaScript": "javascript", "/Launch": "launch", "/SubmitForm": "submit-form",
            "/ImportData": "import-data"}
# An address kept in a link: http or https, printable ASCII only (a URI is 7-bit ASCII).
# Action types emptied wherever they are found outside an action chain (e.g. under an unknown key).
_NEUTRALISED = frozenset({*_BY_TYPE, *_REMOTE, *_MULTIMEDIA_ACTIONS})
_WEB_ADDRESS = re.compile(r"https?://[\x21-\x7e]+", re.IGNORECASE)
CLEANING_VERSION = 1      # raise when what is stripped changes: cached clean copies are then made again
MAX_CHAIN = 200            # actions followed through /Next from one place
MAX_LISTED_LINKS = 200     # kept addresses remembered per file


@dataclass(frozen=True)
class ActiveContent:
    """What a PDF held (or had removed): counts by kind, and the web links that are kept."""

    removed: dict[str, int] = field(default_factory=dict)
    kept_links: tuple[str, ...] = ()
    form_fields: int = 0        # fillable fields; a pack shows them as filled in, not fillable

    @property
    def total(self) -> int:
        return sum(self.removed.values())

    def describe(self) -> str:
        """``JavaScript (3), start af programmer (Launch) (1)``."""
        return ", ".join(f"{KINDS_DA[kind]} ({count})" for kind, count in self.removed.items())

    def to_dict(self) -> dict[str, Any]:
        return {"removed": dict(self.removed), "kept_links": list(self.kept_links),
                "form_fields": self.form_fields}


def find_active_content(pdf: pikepdf.Pdf) -> ActiveContent:
    """What :func:`strip_active_content` would remove and keep, without changing ``pdf``."""
    return _Walker(apply=False).run(pdf)


def strip_active_content(pdf: pikepdf.Pdf) -> ActiveContent:
    """Remove active content from ``pdf`` (in memory) and say what went."""
    return _Walker(apply=True).run(pdf)


def ready_for_pack(source: pikepdf.Pdf, *, keep_active_content: bool = False,
                   known: ActiveContent | None = None) -> ActiveContent:
    """The one step every bilag PDF takes on its way into a pack: stripped, unless the user asked
    to keep it, and its form fields printed into the page (a pack has no working form: only the
    pages are copied, and widgets without their form may not show in Adobe Acrobat).

    ``known`` is what a walk of this very content (same sha256) found before: when that was
    nothing to strip and no form fields, the pages are not walked again."""
    try:
        if known is not None and not known.total and not known.form_fields:
            resolve_named_destinations(source)
            return known
        found = find_active_content(source) if keep_active_content else strip_active_content(source)
        flatten_form_fields(source)
        resolve_named_destinations(source)
    except (TypeError, AttributeError, KeyError, IndexError, NotImplementedError, RuntimeError) as exc:
        # The pack's merge turns this into a notice page: a bilag that cannot be cleaned stays out.
        raise ValueError(f"det aktive indhold kunne ikke fjernes sikkert ({type(exc).__name__})") from None
    return found


def flatten_form_fields(pdf: pikepdf.Pdf) -> None:
    """Draw every form field into its page as it is filled in, and drop the form; other
    annotations (links, comments) stay as they are."""
    if any(_is_widget(a) for page in pdf.pages for a in _annotations(page.obj)):
        form = pdf.Root.get("/AcroForm")
        if isinstance(form, Dictionary) and form.get("/NeedAppearances"):
            pdf.generate_appearance_streams()
        # qpdf flattens every annotation that has an appearance: hold all but the fields aside
        pages = [page for page in pdf.pages if "/Annots" in page.obj]
        others = {}
        for page in pages:
            annotations = _annotations(page.obj)
            others[page.objgen] = [a for a in annotations if not _is_widget(a)]
            page.obj.Annots = Array([a for a in annotations if _is_widget(a)])
        pdf.flatten_annotations("all")
        for page in pages:   # fields qpdf cannot draw (hidden, no appearance) go as well
            page.obj.Annots = Array(others[page.objgen])
    if "/AcroForm" in pdf.Root:
        del pdf.Root.AcroForm


def resolve_named_destinations(pdf: pikepdf.Pdf) -> None:
    """Turn links to named destinations into links to the page itself: the names live in the
    document catalogue, which a pack does not copy, so a named link would lead nowhere."""
    lookup = _named_destinations(pdf)
    if not lookup:
        return
    for page in pdf.pages:
        for annotation in _annotations(page.obj):
            if not isinstance(annotation, Dictionary):
                continue
            action = annotation.get("/A")
            holder, key = ((action, "/D") if isinstance(action, Dictionary) and action.get("/S") == Name.GoTo
                           else (annotation, "/Dest"))
            target = holder.get(key)
            if isinstance(target, (Name, pikepdf.String)):
                explicit = lookup(target)
                if explicit is not None:
                    holder[key] = explicit


def _named_destinations(pdf: pikepdf.Pdf) -> Callable[[Name | pikepdf.String], Array | None] | None:
    """A lookup from a destination's name to its explicit array, or None when the file has no names."""
    old_style = pdf.Root.get("/Dests")
    names = pdf.Root.get("/Names")
    tree = names.get("/Dests") if isinstance(names, Dictionary) else None
    if not isinstance(old_style, Dictionary) and not isinstance(tree, Dictionary):
        return None
    name_tree = pikepdf.NameTree(tree) if isinstance(tree, Dictionary) else None

    def lookup(name: Name | pikepdf.String) -> Array | None:
        found = None
        if isinstance(name, Name) and isinstance(old_style, Dictionary):
            found = old_style.get(str(name))
        elif isinstance(name, pikepdf.String) and name_tree is not None:
            found = name_tree.get(bytes(name).decode("latin-1"))
        if isinstance(found, Dictionary):
            found = found.get("/D")
        return found if isinstance(found, Array) else None

    return lookup


def pack_ready_copy(path: Path, sha256: str) -> Path:
    """``path`` itself when it holds no active content, else a copy without it (kept in the user's
    cache by the original's sha256): what a member pack carries of a PDF bilag."""
    target = user_cache_dir() / f"pack-ready-{CLEANING_VERSION}" / f"{sha256}.pdf"
    if disk_cache.cached(target) is not None:
        return target
    try:
        with pikepdf.open(path) as pdf:
            if not find_active_content(pdf).total:
                return Path(path)
            ready_for_pack(pdf)
            target.parent.mkdir(parents=True, exist_ok=True)
            with atomic.replacing(target) as temporary:
                save_into(pdf, temporary)
    except (pikepdf.PdfError, ValueError, RecursionError, OSError) as exc:
        raise BadFileError(f"PDF-filens aktive indhold (fx JavaScript) kunne ikke fjernes ({exc}).",
                           reason="damaged", file=path,
                           hint="Åbn filen, gem en ny PDF (fx \"Udskriv til PDF\"), og læg den på igen.") from None
    disk_cache.stored(target, PACK_READY_CACHE_BUDGET_BYTES, versioned=True)
    return target


def active_content_of(path: Path) -> ActiveContent:
    """Open a screened PDF and report its active content (for preflight and check-file)."""
    with pikepdf.open(path) as pdf:
        return find_active_content(pdf)


class _Walker:
    def __init__(self, *, apply: bool):
        self.apply = apply
        self.counts: Counter[str] = Counter()
        self.links: dict[str, None] = {}
        self.seen: set[tuple[int, int]] = set()
        self.pages: set[tuple[int, int]] = set()

    def run(self, pdf: pikepdf.Pdf) -> ActiveContent:
        if isinstance(pdf.Root, Dictionary):
            self._document(pdf.Root)
        pages = [page.obj for page in pdf.pages]
        self.pages = {page.objgen for page in pages}
        for page in pages:
            self._page(page)
        removed = {kind: self.counts[kind] for kind in KINDS_DA if self.counts[kind]}
        fields = sum(1 for page in pdf.pages for a in _annotations(page.obj) if _is_widget(a))
        return ActiveContent(removed, tuple(self.links), fields)

    # -- the document catalogue: never copied into a pack, reported all the same ------------
    def _document(self, root: Dictionary) -> None:
        if "/OpenAction" in root:   # a destination or a safe action only sets the first view
            action = root.OpenAction
            if isinstance(action, Dictionary):
                self._drop_chain(action, None)
            self._delete(root, "/OpenAction")
        if isinstance(root.get("/AA"), Dictionary):
            self._drop_additional(root, "/AA")
        names = root.get("/Names")
        if isinstance(names, Dictionary):
            if "/JavaScript" in names:
                self.counts["javascript"] += max(1, _name_tree_size(names.JavaScript))
                self._delete(names, "/JavaScript")
            if "/EmbeddedFiles" in names:
                self.counts["embedded-file"] += max(1, _name_tree_size(names.EmbeddedFiles))
                self._delete(names, "/EmbeddedFiles")
        form = root.get("/AcroForm")
        if isinstance(form, Dictionary) and "/XFA" in form:
            self.counts["xfa"] += 1
            self._delete(form, "/XFA")

    # -- pages and their annotations ---------------------------------------------------------
    def _page(self, page: Dictionary) -> None:
        annotations = page.get("/Annots")
        if isinstance(annotations, Array):
            kept = [a for a in annotations if self._keep_annotation(a)]
            if self.apply and len(kept) != len(annotations):
                page.Annots = Array(kept)
        self._walk(page)

    def _keep_annotation(self, annotation: pikepdf.Object) -> bool:
        if not isinstance(annotation, Dictionary):
            return True
        subtype = str(annotation.get("/Subtype", ""))
        if subtype == "/FileAttachment":
            self.counts["file-attachment"] += 1
            return False
        if subtype in _MULTIMEDIA_ANNOTATIONS:
            self.counts["multimedia"] += 1
            return False
        had_action = "/A" in annotation
        self._walk(annotation)
        if subtype == "/Link" and had_action and "/A" not in annotation and "/Dest" not in annotation:
            return not self.apply   # a link whose only action was removed goes too
        return True

    # -- everything reachable from a page ----------------------------------------------------
    def _walk(self, start: Dictionary) -> None:
        stack: list[Dictionary | Array | Stream] = [start]
        while stack:
            obj = stack.pop()
            if obj is not start and (obj.objgen in self.pages or
                                     (not isinstance(obj, Array) and obj.get("/Type") == Name.Page)):
                continue    # every page is walked from its own start
            if obj.is_indirect:
                if obj.objgen in self.seen:
                    continue
                self.seen.add(obj.objgen)
            if isinstance(obj, Array):
                stack.extend(value for value in obj if isinstance(value, (Dictionary, Array, Stream)))
                continue
            stack.extend(self._clean_keys(obj))
            skipped = _HANDLED | (_PAGE_ONLY if obj is start and obj.objgen in self.pages else set())
            for key, value in obj.items():   # (a damaged file's keys need not be text get() takes)
                if key not in skipped and isinstance(value, (Dictionary, Array, Stream)):
                    stack.append(value)

    def _clean_keys(self, obj: Dictionary | Stream) -> list[Dictionary]:
        """Remove what a dictionary (or a stream's dictionary) holds of active content; return the
        actions kept, to be walked in their turn."""
        kept = []
        if isinstance(obj.get("/AA"), Dictionary):
            self._drop_additional(obj, "/AA")
        elif "/AA" in obj:
            self.counts["additional-actions"] += 1
            self._delete(obj, "/AA")
        if isinstance(action := obj.get("/A"), Dictionary):
            kept = self._clean_chain(action)
            if not kept:
                self._delete(obj, "/A")
            elif self.apply:
                obj.A = kept[0]
        elif "/A" in obj:
            self._delete(obj, "/A")
        if "/OpenAction" in obj:
            self.counts["open-action"] += 1
            self._delete(obj, "/OpenAction")
        if str(obj.get("/S", "")) in _NEUTRALISED:
            self.counts[self._verdict(obj, record=False) or "other-action"] += 1
            if self.apply:
                for key in list(obj.keys()):
                    del obj[key]
            return kept
        for key, kind in (("/JS", "javascript"), ("/EF", "embedded-file"), ("/EmbeddedFiles", "embedded-file"),
                          ("/JavaScript", "javascript"), ("/XFA", "xfa"), ("/RichMediaContent", "multimedia")):
            if key in obj:
                self.counts[kind] += 1
                self._delete(obj, key)
        return kept

    # -- actions -----------------------------------------------------------------------------
    def _drop_additional(self, holder: Dictionary | Stream, key: str) -> None:
        """Count the actions of an /AA dictionary (each by what it would do) and remove it whole."""
        for trigger_action in holder[key].values():
            if isinstance(trigger_action, Dictionary):
                self._drop_chain(trigger_action, "additional-actions")
        self._delete(holder, key)

    def _drop_chain(self, action: Dictionary, default_kind: str | None) -> None:
        """Count a chain that goes whole: each action by what it would do, a safe one as ``default_kind``
        (not at all when None)."""
        for each in self._chain(action):
            kind = self._verdict(each, record=False) or default_kind
            if kind:
                self.counts[kind] += 1

    def _clean_chain(self, action: Dictionary) -> list[Dictionary]:
        """The chain's safe actions, linked again through /Next (empty when nothing safe is left)."""
        kept = [each for each in self._chain(action) if self._count(self._verdict(each)) is None]
        if self.apply:
            for each, following in zip(kept, [*kept[1:], None]):
                if following is None:
                    if "/Next" in each:
                        del each.Next
                else:
                    each.Next = following
        return kept

    def _count(self, kind: str | None) -> str | None:
        if kind:
            self.counts[kind] += 1
        return kind

    def _chain(self, first: Dictionary) -> list[Dictionary]:
        """The actions run from ``first`` in order (depth first through /Next), each once."""
        order: list[Dictionary] = []
        visited: set[tuple[int, int]] = set()
        stack = [first]
        while stack and len(order) < MAX_CHAIN:
            action = stack.pop()
            if not isinstance(action, Dictionary):
                continue
            if action.is_indirect:
                if action.objgen in visited:
                    continue
                visited.add(action.objgen)
            order.append(action)
            following = action.get("/Next")
            if isinstance(following, Dictionary):
                stack.append(following)
            elif isinstance(following, Array):
                stack.extend(reversed([a for a in following if isinstance(a, Dictionary)]))
        if stack:   # a chain longer than MAX_CHAIN: what is past it is cut off (and reported)
            self.counts["other-action"] += len(stack)
        return order

    def _verdict(self, action: Dictionary | Stream, *, record: bool = True) -> str | None:
        """None for an action that is kept, else the kind it is removed as."""
        kind = str(action.get("/S", ""))
        if "/JS" in action or kind == "/JavaScript":
            return "javascript"
        if kind in _BY_TYPE:
            return _BY_TYPE[kind]
        if kind in _REMOTE or (kind == "/Thread" and "/F" in action):
            return "remote-goto"
        if kind in _MULTIMEDIA_ACTIONS:
            return "multimedia"
        if kind == "/URI":
            address = _address(action.get("/URI"))
            if address is None:
                return "uri-other"
            if record and len(self.links) < MAX_LISTED_LINKS:
                self.links[address] = None
            return None
        if kind == "/Named":
            return None if str(action.get("/N", "")) in _STANDARD_NAMED else "other-action"
        if kind in _KEPT_ACTIONS or kind == "/Thread":
            return None
        return "other-action"

    def _delete(self, holder: Dictionary | Stream, key: str) -> None:
        if self.apply and key in holder:
            del holder[key]


def _address(value: pikepdf.Object | None) -> str | None:
    """The address of a URI action if it is a plain http(s) address, else None."""
    if not isinstance(value, pikepdf.String):
        return None
    text = bytes(value).decode("latin-1").strip()
    return text if _WEB_ADDRESS.fullmatch(text) else None


def _annotations(page: Dictionary) -> list[pikepdf.Object]:
    annotations = page.get("/Annots")
    return list(annotations) if isinstance(annotations, Array) else []


def _is_widget(annotation: pikepdf.Object) -> bool:
    return isinstance(annotation, Dictionary) and annotation.get("/Subtype") == Name.Widget


def _name_tree_size(tree: pikepdf.Object) -> int:
    """Leaves of a name tree (/Names pairs), counted without following more than a few levels."""
    count, stack, visited = 0, [(tree, 0)], 0
    while stack and visited < 10_000:
        node, depth = stack.pop()
        visited += 1
        if not isinstance(node, Dictionary) or depth > 32:
            continue
        names = node.get("/Names")
        if isinstance(names, Array):
            count += len(names) // 2
        kids = node.get("/Kids")
        if isinstance(kids, Array):
            stack.extend((kid, depth + 1) for kid in kids)
    return count
