"""Security rules that hold for the whole code base.

A plan or workbook from someone else is data, never code: nothing unpickles,
evals or parses XML with a parser open to entity attacks.
"""

from __future__ import annotations

import ast
from pathlib import Path

import relm_desktop

PACKAGE = Path(relm_desktop.__file__).parent
UNSAFE_MODULES = {"pickle", "marshal", "shelve", "xml.etree", "xml.dom", "xml.sax", "lxml"}
UNSAFE_CALLS = {"eval", "exec", "compile", "__import__"}
#: String helpers (escape/unescape), not parsers.
SAFE_MODULES = {"xml.sax.saxutils"}


def python_files() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts]


def test_no_unsafe_imports_or_calls() -> None:
    found = []
    for path in python_files():
        tree = ast.parse(path.read_text("utf-8"), str(path))
        # Imports for type annotations only never run: they parse nothing.
        typing_only = {
            id(inner)
            for block in ast.walk(tree)
            if isinstance(block, ast.If) and ast.unparse(block.test) == "TYPE_CHECKING"
            for inner in ast.walk(block)
        }
        for node in ast.walk(tree):
            if id(node) in typing_only:
                continue
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                if name in SAFE_MODULES:
                    continue
                if any(name == m or name.startswith(m + ".") for m in UNSAFE_MODULES):
                    found.append(f"{path.relative_to(PACKAGE)}: imports {name}")
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in UNSAFE_CALLS
            ):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: calls {node.func.id}")
    assert found == []
    assert len(python_files()) > 50


def test_openpyxl_parses_xml_with_defusedxml() -> None:
    from openpyxl import xml as openpyxl_xml

    assert openpyxl_xml.DEFUSEDXML is True


# A fixed name under /tmp on purpose: every process of one user must find the
# same folder whatever its environment; lock.py makes it 0700 and refuses it
# unless lstat shows a directory the user owns (no planted folder or symlink).
AGREED_TMP_NAMES = {"store/lock.py": 'f"/tmp/relm-locks-{uid}"'}


def test_temporary_files_are_made_safely() -> None:
    """No mktemp (a race), no fixed names under /tmp but the agreed, checked one."""
    for path in python_files():
        text = path.read_text("utf-8")
        agreed = AGREED_TMP_NAMES.get(path.relative_to(PACKAGE).as_posix())
        if agreed is not None:
            assert agreed in text, path
            text = text.replace(agreed, "")
        assert "tempfile.mktemp" not in text, path
        assert '"/tmp/' not in text and "'/tmp/" not in text, path
