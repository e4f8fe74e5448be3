"""Reading what a print run wrote (qpdf, poppler) and answering modal dialogs."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QTimer
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from relm_desktop.gui.timeline.printing import timeline_printer
from tests.tools import require_tool

W = TypeVar("W", bound=QWidget)
#: Times ``answer`` looks for its dialog, 10 ms apart, before giving up.
POLLS = 1000


def pdf_printer(path: Path) -> QPrinter:
    """The timeline's printer set up (paper, landscape, margins), writing a PDF to ``path``."""
    printer = timeline_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def qpdf_check(path: Path) -> None:
    done = subprocess.run(
        [require_tool("qpdf"), "--check", str(path)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stdout + done.stderr


def page_count(path: Path) -> int:
    done = subprocess.run(
        [require_tool("qpdf"), "--show-npages", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return int(done.stdout.strip())


def page_texts(path: Path) -> list[str]:
    """The text of each page, laid out as printed (pdftotext ends each with a form feed)."""
    done = subprocess.run(
        [require_tool("pdftotext"), "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    pages = done.stdout.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def page_image(path: Path, page: int, out: Path, dpi: int = 60) -> QImage:
    """Page ``page`` (from 1) rendered by poppler at ``dpi``."""
    stem = out.with_suffix("")
    subprocess.run(
        [
            require_tool("pdftoppm"),
            "-png",
            "-r",
            str(dpi),
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(path),
            str(stem),
        ],
        check=True,
        timeout=60,
    )
    image = QImage(str(stem.with_suffix(".png")))
    assert not image.isNull()
    return image


def answer(kind: type[W], act: Callable[[W], None], seen: list[W], others: list[QWidget]) -> None:
    """When a visible top-level ``kind`` shows (a modal dialog running its own event
    loop), append it to ``seen`` and ``act`` on it (accept or reject it). Another
    modal dialog showing instead is rejected and put in ``others``, so a wrong
    dialog fails the test instead of hanging it."""
    polls = [0]

    def poll() -> None:
        for widget in QApplication.topLevelWidgets():
            if not widget.isVisible():
                continue
            if isinstance(widget, kind):
                seen.append(widget)
                act(widget)
                return
            if isinstance(widget, QDialog) and widget.isModal():
                others.append(widget)
                widget.reject()
                return
        polls[0] += 1
        if polls[0] < POLLS:  # nothing showed: stop asking, so no later test is answered
            QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)
