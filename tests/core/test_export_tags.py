"""The tagged bilag pack: kkrdesk's own pages tagged, a tagged bilag's tree kept, untagged bilag reported."""

from __future__ import annotations

import pikepdf
import pytest

from kkrdesk.core.export.pdf_pack import build_pack
from kkrdesk.core.export.selection import select
from kkrdesk.core.export.sources import resolve_bilag
from kkrdesk.core.export.tag_check import check_tags, dump, main
from kkrdesk.core.meeting.store import read_meeting
from kkrdesk.core.office.soffice import find_soffice
from tests.core.test_export_pack import SEED_NUMBERS
from tests.export_fixtures import BilagSpec, ItemSpec, make_meeting, seed_like_items


def build(folder, target, *, use_libreoffice=False, cache_dir=None):
    meeting, _ = read_meeting(folder)
    selection = select(meeting)
    resolved = [resolve_bilag(folder, selected, use_libreoffice=use_libreoffice, cache_dir=cache_dir)
                for selected in selection.printed_bilag]
    return build_pack(meeting, selection, resolved, target)


def own_pages(result) -> set[int]:
    """1-based pack pages kkrdesk draws itself: index, separators, notice pages."""
    pages = set(range(1, result.plan.index_pages + 1))
    for item in result.plan.items:
        for bilag in item.bilag:
            pages.add(bilag.separator_page)
    for resolved, page in zip(result.bilag, [b for item in result.plan.items for b in item.bilag]):
        if resolved.pdf is None:
            pages.add(page.first_page)
    return pages


@pytest.fixture(scope="module")
def seed_pack(tmp_path_factory):
    root = tmp_path_factory.mktemp("tags")
    folder = make_meeting(root / "møde", seed_like_items() + [
        ItemSpec("2.9", "Punkt med manglende bilag", bilag=[BilagSpec("Notat i Word", 2, kind="docx")])])
    return build(folder, root / "bilag.pdf")


def test_the_document_declares_language_title_and_tags(seed_pack):
    report, _, _ = check_tags(seed_pack.path)
    assert report.document_problems() == []
    assert report.language == "da-DK" and report.title.startswith("Bilag – Møde i KKR Sjælland")
    assert all(page.tabs_in_structure_order for page in report.pages)


def test_kkrdesks_own_pages_are_fully_tagged_with_embedded_fonts(seed_pack):
    report, _, _ = check_tags(seed_pack.path)
    own = own_pages(seed_pack)
    assert len(own) == 1 + 5 + 1              # index, five separators, the Word bilag's notice page
    for number in own:
        assert report.pages[number - 1].problems() == [], number


def test_untagged_bilag_stay_as_they_are_and_are_reported(seed_pack):
    report, _, _ = check_tags(seed_pack.path)
    assert set(seed_pack.untagged) == {"2.2/1", "2.2/2", "2.4/1", "2.7/1"}
    bilag_pages = set(range(1, len(report.pages) + 1)) - own_pages(seed_pack)
    for number in bilag_pages:
        page = report.pages[number - 1]
        assert page.unmarked > 0 and not page.orphan_mcids and not page.parent_tree_errors


def test_the_footer_is_an_artifact_on_every_page(seed_pack):
    with pikepdf.open(seed_pack.path) as pdf:
        for page in pdf.pages:
            instructions = pikepdf.parse_content_stream(page)
            shown = [i for i, (operands, operator) in enumerate(instructions) if operator == pikepdf.Operator("BDC")
                     and operands[0] == "/Artifact" and operands[1].get("/Subtype") == "/Footer"]
            assert shown, page.label


def test_the_index_reads_as_a_table_of_contents_with_links(seed_pack):
    report, elements, texts = check_tags(seed_pack.path)
    tree = dump(elements, texts).splitlines()
    assert tree[:4] == ["Document", "  H1 s. 1: Indholdsfortegnelse for bilag",
                        "  P s. 1: Møde i KKR Sjælland · torsdag den 27. februar 2025", "  TOC"]
    links = [line.strip() for line in tree if line.strip().startswith("Link")]
    assert len(links) == 4 + 5                # four items and five bilag
    assert links[0] == "Link s. 1 [link]: 2.2 Temadrøftelse: Rammerne for det fremtidige samarbejde i KKR 2"
    assert [int(line.rsplit(" ", 1)[1]) for line in links[:7]] == SEED_NUMBERS
    assert "      H2 s. 11: Bilag 2: Evaluering 2025" in tree
    page = report.pages[0]
    assert page.links_without_contents == page.links_outside_structure == 0


def test_the_tool_prints_the_tree_and_the_findings(seed_pack, capsys):
    assert main([str(seed_pack.path), "--tree"]) == 1       # the untagged bilag are findings
    out = capsys.readouterr().out
    assert "  H1 s. 1: Indholdsfortegnelse for bilag" in out
    assert "Side 3: " in out and "hverken tagget eller markeret som artefakt" in out


@pytest.mark.libreoffice
@pytest.mark.slow
@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed")
def test_a_tagged_word_bilag_keeps_its_tags_in_the_pack(tmp_path):
    folder = make_meeting(tmp_path / "møde", [
        ItemSpec("1", "Punkt", bilag=[BilagSpec("Opsamling", 2), BilagSpec("Notat om samarbejdet", 25, kind="docx")]),
        ItemSpec("2", "Andet punkt", bilag=[BilagSpec("Udspil", 2)])])
    result = build(folder, tmp_path / "bilag.pdf", use_libreoffice=True, cache_dir=tmp_path / "c")
    assert not result.problems and result.untagged == ("1/1", "2/1")
    word = next(r for r in result.bilag if r.selected.key == "1/2")
    source, _, _ = check_tags(word.pdf)
    assert source.has_structure                # LibreOffice wrote it tagged
    report, elements, texts = check_tags(result.path)
    first = result.pages["1/2"] + 1
    for offset, before in enumerate(source.pages):
        after = report.pages[first - 1 + offset]
        # merging loses nothing and breaks nothing: whatever LibreOffice left unmarked stays as it was
        assert after.unmarked == before.unmarked
        assert not after.orphan_mcids and not after.dangling_mcids and not after.parent_tree_errors
        assert after.tabs_in_structure_order
    tree = dump(elements, texts).splitlines()
    section = tree.index("      H2 s. 5: Bilag 2: Notat om samarbejdet")
    below = tree[section + 1:]
    assert below[0].strip() == "Document"             # the bilag's own root, under its section
    assert any("H1 s. 6: Notat om samarbejdet" in line for line in below)
    assert sum(1 for line in below if "Afsnit 25:" in line) == 1
    for number in own_pages(result):
        assert report.pages[number - 1].problems() == [], number


def test_a_bilag_with_a_broken_structure_tree_goes_in_untagged(tmp_path):
    folder = make_meeting(tmp_path / "møde", [ItemSpec("1", "Punkt", bilag=[BilagSpec("Notat", 2)])])
    path = next((folder / "bilag").glob("*.pdf"))
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        # a tree whose ParentTree is a number tree of the wrong shape and whose kid is not an element
        pdf.Root.StructTreeRoot = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.StructTreeRoot, K=pikepdf.Array([7]), ParentTree=pikepdf.Dictionary(Nums=7)))
        pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
        pdf.save(path)
    from kkrdesk.core.meeting.store import MeetingFolder

    with MeetingFolder.open(folder) as store:        # the file changed on purpose: accept it
        from kkrdesk.core.files.hashing import sha256_of
        store.meeting.items[0].bilag[0].sha256 = sha256_of(path)
        store.save()
    result = build(folder, tmp_path / "bilag.pdf")
    assert not result.problems and result.untagged == ("1/1",)
    report, _, _ = check_tags(result.path)
    assert report.pages[0].problems() == [] and report.pages[1].problems() == []


def test_an_image_bilag_goes_in_as_figures_with_its_title_as_alternate_text(tmp_path):
    from tests.broken_images import tiff_by_imagemagick

    scan = tiff_by_imagemagick(tmp_path / "underskrevet kontrakt.tif", ("scan", "scan"), "Group4")
    folder = make_meeting(tmp_path / "møde", [ItemSpec("1", "Punkt", bilag=[
        BilagSpec("Opsamling", 2), BilagSpec("Underskrevet kontrakt", source=scan)])])
    result = build(folder, tmp_path / "bilag.pdf")
    assert not result.problems and result.untagged == ("1/1",)       # the scan is no longer among them
    report, elements, _ = check_tags(result.path)
    scanned = [result.pages["1/2"], result.pages["1/2"] + 1]           # 0-based: the pages after its separator
    for page in scanned:
        assert report.pages[page].problems() == [], page               # the picture marked, the footer an artifact
    assert [element.page for element in elements if element.role == "Figure"] == scanned
    with pikepdf.open(result.path) as pack:
        alts = [str(node.Alt) for node in _struct_elements(pack.Root.StructTreeRoot) if node.S == "/Figure"]
    assert alts == ["Billede: Underskrevet kontrakt, side 1 af 2", "Billede: Underskrevet kontrakt, side 2 af 2"]


def _struct_elements(node):
    kids = node.get("/K")
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != "/MCR" and "/S" in kid:
            yield kid
            yield from _struct_elements(kid)
