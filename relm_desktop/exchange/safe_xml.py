"""Reading XML from other tools without trusting it.

defusedxml refuses DTDs (so no entity expansion, no external entities); on
top of that a file is refused when it is too large, nests too deep or holds
a text or attribute longer than any real schedule writes. Namespaces are
dropped from tags: MS Project and GanttProject files are read by local name.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException  # type: ignore[import-untyped]
from defusedxml.ElementTree import iterparse  # type: ignore[import-untyped]


class XmlFileError(ValueError):
    """The file is not XML we will read; the message names the file in one line."""


@dataclass(frozen=True, slots=True)
class XmlLimits:
    max_bytes: int = 200 * 1024 * 1024
    max_depth: int = 64  # MSPDI nests about 8 deep, a .gan task tree a few dozen at most
    max_text: int = 1_000_000  # a note may be long; a megabyte of one value is an attack
    max_elements: int = 20_000_000


DEFAULT_XML_LIMITS = XmlLimits()


def read_xml(path: Path, what: str, limits: XmlLimits = DEFAULT_XML_LIMITS) -> Element:
    """The root element of ``path``; XmlFileError (one line naming the file) when refused."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise XmlFileError(f"{path}: {exc.strerror or exc}") from None
    if not path.is_file():
        raise XmlFileError(f"{path}: not a regular file")
    if size > limits.max_bytes:
        raise XmlFileError(
            f"{path}: {size:,} bytes; a {what} file over {limits.max_bytes:,} bytes is refused"
        )
    depth = count = 0
    root: Element | None = None
    try:
        for event, elem in iterparse(str(path), events=("start", "end"), forbid_dtd=True):
            if event == "end":
                depth -= 1
                if elem.text is not None and len(elem.text) > limits.max_text:
                    raise XmlFileError(
                        f"{path}: <{elem.tag}> holds {len(elem.text):,} characters; not a {what} file"
                    )
                continue
            depth += 1
            count += 1
            if depth > limits.max_depth:
                raise XmlFileError(
                    f"{path}: elements nest over {limits.max_depth} deep; not a {what} file"
                )
            if count > limits.max_elements:
                raise XmlFileError(f"{path}: over {limits.max_elements:,} elements; refused")
            for name, value in elem.attrib.items():
                if len(value) > limits.max_text:
                    raise XmlFileError(
                        f"{path}: attribute {name[:40]!r} holds {len(value):,} characters; "
                        f"not a {what} file"
                    )
            if root is None:
                root = elem
            if elem.tag.startswith("{"):
                elem.tag = elem.tag.split("}", 1)[1]
    except DefusedXmlException as exc:
        raise XmlFileError(
            f"{path}: refused ({type(exc).__name__}: DTDs and entities are not read)"
        ) from None
    except ParseError as exc:
        raise XmlFileError(f"{path}: not well-formed XML ({exc})") from None
    except RecursionError:
        raise XmlFileError(f"{path}: elements nest too deep") from None
    if root is None:
        raise XmlFileError(f"{path}: empty file")
    return root


def text(elem: Element | None, tag: str, default: str = "") -> str:
    """The stripped text of ``elem``'s child ``tag`` (``default`` when absent or empty)."""
    if elem is None:
        return default
    child = elem.find(tag)
    if child is None or child.text is None:
        return default
    value = child.text.strip()
    return value or default


def number(elem: Element | None, tag: str, default: float = 0.0) -> float:
    raw = text(elem, tag)
    try:
        return float(raw) if raw else default
    except ValueError:
        return default
