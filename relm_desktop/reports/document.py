"""The pack's page machinery: templates, header and footer, contents and bookmarks.

The whole document is laid out in a single pass. The canvas holds every page
back until the end; then it knows the page count ("page X of Y") and where
each heading landed, so it draws the header, the footer, the table of contents
(on pages reserved for it) and the PDF outline while it writes the pages out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from relm_desktop.reports import styles
from relm_desktop.reports.fonts import BOLD, REGULAR, text_width
from relm_desktop.reports.options import CancelFn, PackCancelledError, ProgressFn
from relm_desktop.reports.textbatch import TextBatch

PORTRAIT = A4
LANDSCAPE = landscape(A4)
MARGIN = 16 * mm
HEADER = 13 * mm  # band above the frame for the running header
FOOTER = 12 * mm
TOC_TITLE = 48.0  # "Contents" above the first page of entries


def toc_step(level: int, compact: bool = False) -> float:
    """Vertical space one contents entry of ``level`` takes."""
    size = (10.5 if level == 0 else 9.5) - (1 if compact else 0)
    return size + 8 + (6 if level == 0 and not compact else 0)


def toc_pages(levels: list[int]) -> int:
    """How many pages the contents of headings at ``levels`` need."""
    room = PORTRAIT[1] - 2 * MARGIN - HEADER - FOOTER - 18
    pages, used = 1, TOC_TITLE
    for level in levels:
        step = toc_step(level)
        if used + step > room:
            pages, used = pages + 1, 0.0
        used += step
    return pages


@dataclass(slots=True)
class HeadingMark:
    """Where a heading landed: for the contents, the outline and the running header."""

    level: int
    title: str
    key: str
    page: int
    y: float
    in_toc: bool


@dataclass(slots=True)
class Chrome:
    """What the canvas needs to dress the pages; filled in while the story is laid out."""

    plan: str
    scope: str
    generated: str
    headings: list[HeadingMark] = field(default_factory=list)
    toc_pages: list[tuple[int, float]] = field(default_factory=list)  # (page, top y)
    pages: int = 0


class Heading(Paragraph):
    """A section heading that records its page and position as it is drawn."""

    def __init__(
        self,
        text: str,
        style: ParagraphStyle,
        *,
        chrome: Chrome,
        level: int,
        key: str,
        in_toc: bool = True,
    ) -> None:
        super().__init__(styles.escape(text), style)
        self.chrome = chrome
        self.level = level
        self.key = key
        self.toc_title = text
        self.in_toc = in_toc

    def draw(self) -> None:
        _, top = self.canv.absolutePosition(0, self.height + self.style.spaceBefore / 2)
        self.chrome.headings.append(
            HeadingMark(
                self.level, self.toc_title, self.key, self.canv.getPageNumber(), top, self.in_toc
            )
        )
        super().draw()


class Bookmark(Flowable):
    """An invisible outline entry (for pages without a visible heading, e.g. the cover)."""

    def __init__(self, title: str, *, chrome: Chrome, key: str, level: int = 0) -> None:
        super().__init__()
        self.title, self.chrome, self.key, self.level = title, chrome, key, level
        self.width = self.height = 0

    def draw(self) -> None:
        _, top = self.canv.absolutePosition(0, 0)
        self.chrome.headings.append(
            HeadingMark(self.level, self.title, self.key, self.canv.getPageNumber(), top, False)
        )


class TocPage(Flowable):
    """Reserves one page for the table of contents, drawn when the pages are written out."""

    def __init__(self, chrome: Chrome) -> None:
        super().__init__()
        self.chrome = chrome

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = avail_width, avail_height - 1
        return self.width, self.height

    def draw(self) -> None:
        _, top = self.canv.absolutePosition(0, self.height)
        self.chrome.toc_pages.append((self.canv.getPageNumber(), top))


class PackCanvas(Canvas):
    """A canvas that holds pages back so that it can number them 'page X of Y'."""

    # reportlab's own Canvas state, which its stubs leave out
    _pagesize: tuple[float, float]
    if TYPE_CHECKING:

        def _startPage(self) -> None: ...  # noqa: N802 (reportlab's name)

    def __init__(self, *args: Any, chrome: Chrome, **kwargs: Any) -> None:  # Any: to Canvas
        # start in the embedded font, so no unembedded Helvetica is referenced
        kwargs["initialFontName"] = REGULAR
        kwargs["initialFontSize"] = 9
        super().__init__(*args, **kwargs)
        self._chrome = chrome
        self._held: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 (reportlab's name)
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        chrome = self._chrome
        chrome.pages = total = len(self._held)
        by_page: dict[int, list[HeadingMark]] = {}
        for mark in chrome.headings:
            by_page.setdefault(mark.page, []).append(mark)
        section = ""
        for number, state in enumerate(self._held, start=1):
            self.__dict__.update(state)
            marks = by_page.get(number, [])
            for mark in marks:
                self.bookmarkHorizontal(mark.key, 0, mark.y)
                self.addOutlineEntry(mark.title, mark.key, level=mark.level, closed=mark.level > 0)
            tops = [m for m in marks if m.level == 0 and m.in_toc]
            if tops:
                section = tops[0].title
            for index, (page, top) in enumerate(chrome.toc_pages):
                if page == number:
                    self._draw_toc(index, top, compact=number == 1)
            if number > 1:
                self._draw_chrome(number, total, section)
            super().showPage()
        super().save()

    # -- drawing on the held pages ----------------------------------------------------
    def _draw_chrome(self, number: int, total: int, section: str) -> None:
        width, height = self._pagesize
        chrome = self._chrome
        self.saveState()
        top = height - MARGIN + 2
        text = TextBatch(self)
        plan = _clip(chrome.plan, BOLD, 8, width * 0.35)
        text.add(MARGIN, top, plan, BOLD, 8, styles.NAVY)
        scope = "·  " + _clip(chrome.scope, REGULAR, 8, width * 0.3)
        text.add(MARGIN + text_width(plan, 8, True) + 4, top, scope, REGULAR, 8, styles.MUTED)
        section = _clip(section, REGULAR, 8, width * 0.3)
        text.add(width - MARGIN - text_width(section, 8), top, section, REGULAR, 8, styles.MUTED)
        bottom = MARGIN - 12
        text.add(
            MARGIN,
            bottom,
            f"RELM Desktop release pack · generated {chrome.generated}",
            REGULAR,
            7.5,
            styles.MUTED,
        )
        page = f"Page {number} of {total}"
        text.add(width - MARGIN - text_width(page, 7.5), bottom, page, REGULAR, 7.5, styles.NAVY)
        text.draw()
        self.setStrokeColor(styles.RULE)
        self.setLineWidth(0.6)
        self.lines(
            [
                (MARGIN, top - 4, width - MARGIN, top - 4),
                (MARGIN, bottom + 10, width - MARGIN, bottom + 10),
            ]
        )
        self.restoreState()

    def _draw_toc(self, index: int, top: float, *, compact: bool = False) -> None:
        width, _ = self._pagesize
        entries = [m for m in self._chrome.headings if m.in_toc]
        room = PORTRAIT[1] - 2 * MARGIN - HEADER - FOOTER - 18
        chunk = entries if compact else _toc_chunks(entries, room)[index]
        y = top - 18
        self.saveState()
        if compact:  # a short list on the cover of an executive pack
            y = top
            self.setFont(REGULAR, 7.5)
            self.setFillColor(styles.MUTED)
            self.drawString(MARGIN, y, "CONTENTS")
            y -= 18
        elif index == 0:
            self.setFont(BOLD, 17)
            self.setFillColor(styles.NAVY)
            self.drawString(MARGIN, y, "Contents")
            y -= TOC_TITLE - 18
        left, right = MARGIN, width - MARGIN
        for mark in chunk:
            indent = 14 * mark.level
            size = (10.5 if mark.level == 0 else 9.5) - (1 if compact else 0)
            font = BOLD if mark.level == 0 else REGULAR
            if mark.level == 0 and not compact:
                y -= 6
            if y < MARGIN + FOOTER:
                break  # never draw into the footer (toc_pages reserved enough pages)
            title = _clip(mark.title, font, size, right - left - indent - 40)
            self.setFont(font, size)
            self.setFillColor(styles.INK if mark.level == 0 else styles.TEXT)
            self.drawString(left + indent, y, title)
            page = str(mark.page)
            self.drawRightString(right, y, page)
            # dot leaders between the title and the page number
            start_x = left + indent + self.stringWidth(title, font, size) + 6
            end_x = right - self.stringWidth(page, font, size) - 6
            if end_x > start_x:
                self.setFillColor(styles.RULE)
                self.setFont(REGULAR, size)
                dot = self.stringWidth(". ", REGULAR, size)
                dots = ". " * int((end_x - start_x) / dot)
                self.drawRightString(end_x, y, dots)
            # named: the annotation counter is per held page, so it would repeat
            self.linkRect(
                "", mark.key, (left, y - 3, right, y + size), relative=0, name=f"toc-{mark.key}"
            )
            y -= size + 8
        self.restoreState()


def _toc_chunks(entries: list[HeadingMark], room: float) -> list[list[HeadingMark]]:
    """The entries of each contents page, filled by height like ``toc_pages`` counts them."""
    chunks: list[list[HeadingMark]] = [[]]
    used = TOC_TITLE
    for mark in entries:
        step = toc_step(mark.level)
        if used + step > room:
            chunks.append([])
            used = 0.0
        chunks[-1].append(mark)
        used += step
    return chunks + [[]] * 4  # spare empty pages never index out of range


def _clip(text: str, font: str, size: float, width: float) -> str:
    """``text`` shortened with an ellipsis to fit ``width`` points."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


class PackDocument(BaseDocTemplate):
    """A4 portrait pages, landscape pages for the Gantt chart, and a cover page."""

    def __init__(
        self,
        out: str | IO[bytes],
        *,
        chrome: Chrome,
        title: str,
        author: str,
        subject: str,
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
    ) -> None:
        super().__init__(
            out,
            pagesize=PORTRAIT,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN + HEADER,
            bottomMargin=MARGIN + FOOTER,
            title=title,
            author=author,
            subject=subject,
            creator="RELM Desktop",
            keywords=["release pack", "RELM"],
            lang="en",
        )
        self.chrome = chrome
        self._progress = progress
        self._cancel = cancel
        self._count = 0
        self._total = 1
        self.addPageTemplates(
            [
                PageTemplate("cover", [_frame(PORTRAIT, cover=True)], pagesize=PORTRAIT),
                PageTemplate("portrait", [_frame(PORTRAIT)], pagesize=PORTRAIT),
                PageTemplate("landscape", [_frame(LANDSCAPE)], pagesize=LANDSCAPE),
            ]
        )

    def build_story(self, story: list[Flowable]) -> None:
        """Lay out ``story``; raises ``PackCancelledError`` if cancelled on the way."""
        self._total = max(1, len(story))
        self.build(story, canvasmaker=self._make_canvas)

    def _make_canvas(self, *args: Any, **kwargs: Any) -> PackCanvas:  # Any: to Canvas
        return PackCanvas(*args, chrome=self.chrome, **kwargs)

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 (reportlab's name)
        self._count += 1
        if self._count % 16:
            return
        if self._cancel is not None and self._cancel():
            raise PackCancelledError("the pack was cancelled")
        if self._progress is not None:
            self._progress(min(0.97, 0.1 + 0.87 * self._count / self._total), "Laying out pages")


def _frame(size: tuple[float, float], cover: bool = False) -> Frame:
    width, height = size
    top = MARGIN if cover else MARGIN + HEADER
    bottom = MARGIN if cover else MARGIN + FOOTER
    return Frame(
        MARGIN,
        bottom,
        width - 2 * MARGIN,
        height - top - bottom,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )


def frame_size(size: tuple[float, float]) -> tuple[float, float]:
    """Width and height of the body frame on a page of ``size``."""
    return size[0] - 2 * MARGIN, size[1] - 2 * MARGIN - HEADER - FOOTER
