"""The cover page: a navy title band, the release's key facts and (short packs) contents."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from relm_desktop.reports import styles
from relm_desktop.reports.context import PackContext, ReleaseFacts, fmt_date, label, value
from relm_desktop.reports.document import MARGIN, Chrome
from relm_desktop.reports.fonts import BOLD, REGULAR

BAND = 300.0  # height of the title band, from the top of the page


class Cover(Flowable):
    """Fills the cover frame; draws straight on the canvas."""

    def __init__(self, ctx: PackContext, chrome: Chrome, *, contents: bool) -> None:
        super().__init__()
        self.ctx = ctx
        self.chrome = chrome
        self.contents = contents

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = avail_width, avail_height - 1
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        ctx = self.ctx
        page_w = self.width + 2 * MARGIN
        top = self.height + MARGIN  # frame top → page top in frame coordinates
        c.saveState()
        # title band, bleeding to the page edges
        c.setFillColor(styles.NAVY)
        c.rect(-MARGIN, top - BAND, page_w, BAND + 2, stroke=0, fill=1)
        c.setFillColor(styles.ACCENT)
        c.rect(-MARGIN, top - BAND - 5, page_w, 5, stroke=0, fill=1)
        kind = "Executive release pack" if ctx.options.executive else "Release pack"
        c.setFillColor(colors.HexColor("#A9C7E8"))
        c.setFont(BOLD, 9)
        c.drawString(0, top - 60, kind.upper() + ("  ·  PORTFOLIO" if ctx.portfolio else ""))
        self._paragraph(ctx.plan_name, 14, colors.HexColor("#DCE6F2"), top - 82)
        title = "Portfolio overview" if ctx.portfolio else ctx.releases[0].name
        used = self._paragraph(title, 30, colors.white, top - 124, bold=True, leading=35)
        sub = self._subtitle()
        self._paragraph(sub, 13, colors.HexColor("#DCE6F2"), top - 132 - used, leading=17)
        # facts grid
        y = top - BAND - 42
        facts = self._facts()
        col_w = self.width / 2
        for i, (name, text) in enumerate(facts):
            x = (i % 2) * col_w
            row_y = y - (i // 2) * 40
            c.setFillColor(styles.MUTED)
            c.setFont(REGULAR, 7.5)
            c.drawString(x, row_y, name.upper())
            c.setFillColor(styles.INK)
            c.setFont(BOLD, 12)
            c.drawString(x, row_y - 15, _fit(text, BOLD, 12, col_w - 12))
        rows = (len(facts) + 1) // 2
        y -= rows * 40 + 6
        c.setStrokeColor(styles.RULE)
        c.setLineWidth(0.6)
        c.line(0, y, self.width, y)
        y -= 22
        for title, text in self._messages():
            c.setFillColor(styles.MUTED)
            c.setFont(REGULAR, 7.5)
            c.drawString(0, y, title.upper())
            y -= 6 + self._paragraph(text, 10, styles.INK, y - 5, leading=13.5) + 14
        if self.contents:
            # a short pack lists its contents here; the canvas fills them in at the end
            top_y = c.absolutePosition(0, y - 4)[1]
            self.chrome.toc_pages.append((c.getPageNumber(), top_y))
        # footer of the cover
        c.setFillColor(styles.MUTED)
        c.setFont(REGULAR, 8)
        people = [s.name for s in ctx.data.stakeholders if s.receives_pack]
        if people:
            text = "Distribution: " + ", ".join(people)
            self._paragraph(text, 8, styles.MUTED, 52, leading=10.5)
        c.drawString(
            0,
            14,
            f"Prepared by {ctx.options.author or 'the release office'}"
            f" · {ctx.options.generated:%d %B %Y, %H:%M}",
        )
        c.drawRightString(self.width, 14, "Confidential — internal distribution only")
        c.restoreState()

    def _messages(self) -> list[tuple[str, str]]:
        """The release's objective and status note (a portfolio lists none)."""
        if self.ctx.portfolio:
            return []
        release = self.ctx.releases[0]
        out = []
        if release.objective:
            out.append(("Objective", release.objective))
        if release.rag_note:
            out.append((f"Status note · {label(release.rag)}", release.rag_note))
        return out

    def _subtitle(self) -> str:
        ctx = self.ctx
        if ctx.portfolio:
            first = min((r.target_golive for r in ctx.releases if r.target_golive), default=None)
            last = max((r.target_golive for r in ctx.releases if r.target_golive), default=None)
            span = f" · go-lives {fmt_date(first)} – {fmt_date(last)}" if first else ""
            return f"{len(ctx.releases)} releases{span}"
        release = ctx.releases[0]
        parts = [
            f"Version {release.version}" if release.version else "",
            f"{label(release.release_kind)} release",
            label(release.status),
        ]
        return " · ".join(p for p in parts if p)

    def _facts(self) -> list[tuple[str, str]]:
        ctx = self.ctx
        if ctx.portfolio:
            facts = [ctx.facts(r) for r in ctx.releases]
            live = [f for f in facts if value(f.release.status) not in ("deployed", "cancelled")]
            return [
                ("Plan", ctx.plan_name),
                ("Releases", f"{len(facts)} ({len(live)} in flight)"),
                (
                    "Red / amber / green",
                    " / ".join(
                        str(sum(1 for f in facts if value(f.release.rag) == rag))
                        for rag in ("red", "amber", "green")
                    ),
                ),
                ("Next go-live", _next_golive(facts, ctx)),
                ("Author", ctx.options.author or "—"),
                ("Status as of", fmt_date(ctx.options.today)),
            ]
        release = ctx.releases[0]
        facts1 = ctx.facts(release)
        return [
            ("Release", release.name),
            ("Version", release.version or "—"),
            ("Status", f"{label(release.status)} · RAG {label(release.rag)}"),
            ("Go-live forecast", fmt_date(facts1.golive)),
            ("Owner", release.owner or "—"),
            ("Go/no-go readiness", facts1.readiness),
            ("Author", ctx.options.author or "—"),
            ("Status as of", fmt_date(ctx.options.today)),
        ]

    def _paragraph(
        self,
        text: str,
        size: float,
        colour: Color,
        y_top: float,
        *,
        bold: bool = False,
        leading: float | None = None,
    ) -> float:
        """Draw wrapping text whose first line's top is at ``y_top``; returns its height."""
        style = ParagraphStyle(
            "cover",
            fontName=BOLD if bold else REGULAR,
            fontSize=size,
            leading=leading or size * 1.25,
            textColor=colour,
        )
        para = Paragraph(styles.escape(text), style)
        _, height = para.wrap(self.width, 400)
        para.drawOn(self.canv, 0, y_top - height)
        return float(height)


def _next_golive(facts: list[ReleaseFacts], ctx: PackContext) -> str:
    upcoming = sorted(
        (f.golive, f.release.name) for f in facts if f.golive and f.golive >= ctx.options.today
    )
    return f"{fmt_date(upcoming[0][0])} ({upcoming[0][1]})" if upcoming else "—"


def _fit(text: str, font: str, size: float, width: float) -> str:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"
