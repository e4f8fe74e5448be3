"""#19's measure: at least 90% of real workbooks import as a person reads them."""

from __future__ import annotations

import hashlib

from tests.exchange.foreign.real_workbooks import DATA, SUFFIXES, judge, workbooks


def test_every_new_workbook_has_expectations_and_a_source() -> None:
    folder = DATA / "corpus" / "foreign"
    books = {p.name for p in folder.iterdir() if p.suffix in SUFFIXES}
    assert books and {n.rsplit(".", 1)[0] for n in books} == {p.stem for p in folder.glob("*.json")}
    sources = (DATA / "corpus" / "SOURCES.md").read_text(encoding="utf-8")
    assert all(f"`foreign/{name}`" in sources for name in books)


def test_nine_in_ten_real_workbooks_import_as_a_person_reads_them() -> None:
    found = workbooks()
    digests = {path: hashlib.sha256(path.read_bytes()).hexdigest() for path, _e in found}
    results = {path.name: judge(path, expected) for path, expected in found}
    failed = {name: why for name, why in results.items() if why is not None}
    assert len(found) - len(failed) >= 0.9 * len(found), failed
    # Reading never changes a file.
    assert all(hashlib.sha256(p.read_bytes()).hexdigest() == d for p, d in digests.items())
