"""Reading XML from other tools without trusting it.

A DTD is refused, as defusedxml does (so no entity expansion, no external entities); on
top of that a file is refused when it is too large, nests too deep or holds
a text or attribute longer than any real schedule writes. Namespaces are
dropped from tags: MS Project and GanttProject files are read by local name.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from xml.parsers import expat

from defusedxml import DTDForbidden  # type: ignore[import-untyped]
from defusedxml import ElementTree as SafeElementTree

if TYPE_CHECKING:  # the element type only: every parse goes through defusedxml
    from xml.etree.ElementTree import Element


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
    _refuse_dtd(path, what)
    try:
        root = _parse(path)
    except SafeElementTree.ParseError as exc:
        raise XmlFileError(f"{path}: not well-formed XML ({exc})") from None
    except RecursionError:
        raise XmlFileError(f"{path}: elements nest too deep") from None
    _check(path, root, what, limits)
    return root


def _parse(path: Path) -> Element:
    """The tree of ``path``, built by defusedxml's parser: expat with defusedxml's
    handlers refusing DTDs, entity declarations and external references.

    Its start and end events go straight to the C tree builder: defusedxml's pure
    Python parser otherwise runs two Python calls an element, about 60% of the
    parse (0.3 s of an 8 MB MS Project file). Tags keep expat's ``uri}local``
    form here; ``_check`` drops the namespace.
    """
    builder = SafeElementTree._TreeBuilder()
    parser = SafeElementTree.DefusedXMLParser(target=builder, forbid_dtd=True)
    expat_parser = parser.parser
    expat_parser.ordered_attributes = False  # attributes as a dict, as the builder takes them
    expat_parser.StartElementHandler = builder.start
    expat_parser.EndElementHandler = builder.end
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 16):
            parser.feed(chunk)
    root: Element = parser.close()
    return root


class _PrologEndError(Exception):
    pass


def _refuse_dtd(path: Path, what: str) -> None:
    """Refuse a document type declaration (entities, external references), as defusedxml
    does; expat reads the prolog only, up to the root element, where a DTD must be."""
    parser = expat.ParserCreate()

    def doctype(*_args: object) -> None:
        raise DTDForbidden(None, None, None)

    def root(*_args: object) -> None:
        raise _PrologEndError

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.StartElementHandler = root
    try:
        with path.open("rb") as stream:
            while chunk := stream.read(65536):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _PrologEndError:
        return
    except DTDForbidden:
        raise XmlFileError(
            f"{path}: refused (DTDForbidden: DTDs and entities are not read)"
        ) from None
    except expat.ExpatError as exc:
        raise XmlFileError(f"{path}: not well-formed XML ({exc})") from None
    except OSError as exc:
        raise XmlFileError(f"{path}: {exc.strerror or exc}") from None
    raise XmlFileError(f"{path}: no root element; not a {what} file")


def _check(path: Path, root: Element, what: str, limits: XmlLimits) -> None:
    """Refuse deep nesting, too many elements, huge texts and attributes; drop namespaces."""
    depth, count, level = 0, 0, [root]
    while level:  # level by level: the depth without a stack entry per element
        depth += 1
        count += len(level)
        if depth > limits.max_depth:
            raise XmlFileError(
                f"{path}: elements nest over {limits.max_depth} deep; not a {what} file"
            )
        if count > limits.max_elements:
            raise XmlFileError(f"{path}: over {limits.max_elements:,} elements; refused")
        level = [child for elem in level for child in elem]
    local: dict[str, str] = {}  # expat's ``uri}local`` → ``local``, worked out once a tag
    for elem in root.iter():
        tag = local.get(elem.tag)
        if tag is None:
            tag = local[elem.tag] = elem.tag.rpartition("}")[2]
        elem.tag = tag
        if elem.attrib and any("}" in name for name in elem.attrib):
            elem.attrib = {name[name.find("}") + 1 :]: v for name, v in elem.attrib.items()}
        value = elem.text
        if value is not None and len(value) > limits.max_text:
            raise XmlFileError(
                f"{path}: <{tag[:40]}> holds {len(value):,} characters; not a {what} file"
            )
        if elem.attrib:
            for name, value in elem.attrib.items():
                if len(value) > limits.max_text:
                    raise XmlFileError(
                        f"{path}: attribute {name[:40]!r} holds {len(value):,} characters; "
                        f"not a {what} file"
                    )


def text(elem: Element | None, tag: str, default: str = "") -> str:
    """The stripped text of ``elem``'s child ``tag`` (``default`` when absent or empty)."""
    if elem is None:
        return default
    value = elem.findtext(tag)  # None when absent, "" when empty
    return (value.strip() or default) if value else default


def number(elem: Element | None, tag: str, default: float = 0.0) -> float:
    raw = text(elem, tag)
    try:
        return float(raw) if raw else default
    except ValueError:
        return default
