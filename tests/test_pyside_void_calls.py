"""Regression guard for PySide6 6.12.0 on Python 3.11.

That combination drops a reference to None on every call of a method that
returns nothing; after a few thousand calls the interpreter aborts with
"Fatal Python error: none_dealloc". pyproject.toml excludes it; this test
makes 20,000 such calls in a child process so an abort fails the test
instead of killing the run.
"""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = r"""
import sys
from PySide6.QtCore import QPointF
from PySide6.QtGui import QImage, QPainter, QPainterPath
from PySide6.QtWidgets import QApplication, QGraphicsRectItem

app = QApplication(sys.argv[:1])
image = QImage(64, 64, QImage.Format.Format_ARGB32)
painter = QPainter(image)
item = QGraphicsRectItem(0, 0, 10, 10)
path = QPainterPath()
before = sys.getrefcount(None)
for i in range(20_000):
    path.lineTo(QPointF(i % 50, i % 40))   # void
    painter.drawRect(1, 1, 5, 5)           # void
    item.setPos(i % 7, i % 5)              # void
painter.end()
after = sys.getrefcount(None)
print(before, after)
"""


def test_twenty_thousand_void_calls_do_not_abort() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    before, after = (int(x) for x in done.stdout.split())
    # A leak of one reference per call would show as a drop of ~60,000 here.
    assert before - after < 1000, (before, after)
