"""Building blocks shared by the section writers: numbered headings, notes, spacing."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.colors import Color
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table, TableStyle

from relm_desktop.reports import styles
from relm_desktop.reports.context import PackContext
from relm_desktop.reports.document import PORTRAIT, Chrome, Heading, frame_size
from relm_desktop.reports.fonts import REGULAR
from relm_desktop.reports.options import PackOptions, Section


class Writer:
    """Context for the section functions: the data, numbered headings and the page width."""

    def __init__(self, ctx: PackContext, chrome: Chrome) -> None:
        self.ctx = ctx
        self.chrome = chrome
        self.width, self.height = frame_size(PORTRAIT)
        self._number = 0
        self._keys = 0

    @property
    def options(self) -> PackOptions:
        return self.ctx.options

    def key(self) -> str:
        self._keys += 1
        return f"h{self._keys}"

    def h1(self, section: Section) -> Heading:
        """The numbered heading that opens a section (level 0 of contents and outline)."""
        self._number += 1
        return Heading(
            f"{self._number}. {section.heading}",
            styles.sheet()["h1"],
            chrome=self.chrome,
            level=0,
            key=self.key(),
        )

    def h2(self, text: str, *, toc: bool = True) -> list[Flowable]:
        """A sub-heading kept with what follows (level 1 of contents and outline)."""
        return [
            CondPageBreak(90),
            Heading(
                text, styles.sheet()["h2"], chrome=self.chrome, level=1, key=self.key(), in_toc=toc
            ),
        ]

    def h3(self, text: str) -> list[Flowable]:
        """A small heading; it starts a new page rather than end one (no orphans).

        Not ``keepWithNext``: reportlab keeps a heading with a table by moving
        both to a new page whenever the table is longer than the space left.
        """
        return [CondPageBreak(72), styles.para(text, "h3")]

    def note(self, text: str) -> Flowable:
        return styles.para(text, "small")

    def gap(self, points: float = 8) -> Flowable:
        return Spacer(1, points)

    def callout(self, body: Sequence[Flowable] | Flowable, colour: Color = styles.ACCENT) -> Table:
        """A tinted panel with a coloured bar on its left: status notes, key messages."""
        content = list(body) if isinstance(body, Sequence) else [body]
        table = Table([[content]], colWidths=[self.width], hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), REGULAR, 9),
                    ("BACKGROUND", (0, 0), (-1, -1), styles.PANEL),
                    ("LINEBEFORE", (0, 0), (0, -1), 3, colour),
                    ("LEFTPADDING", (0, 0), (-1, -1), 10),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                    ("TOPPADDING", (0, 0), (-1, -1), 6),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
                ]
            )
        )
        return table

    def keep(self, *flowables: Flowable) -> KeepTogether:
        return KeepTogether(list(flowables))

    def empty(self, text: str) -> Flowable:
        return styles.para(text, "small")
