"""Write a plan file at every earlier schema revision (run once per new migration).

    .venv/bin/python tests/data/plans/make_old_plans.py

Each file is built by running the migrations only up to that revision and then
inserting rows with plain SQL, exactly as that version of RELM wrote them.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import create_engine

from relm_desktop.store.migrate import known_revisions, upgrade

HERE = Path(__file__).parent

ROWS_0001 = [
    "INSERT INTO calendar (id, name, workdays, country, subdivision) "
    "VALUES (1, 'Standard', '01234', 'DE', 'BY')",
    "INSERT INTO plan_info (id, name, start, author, calendar_id) "
    "VALUES (1, 'Legacy plan', '2026-03-02', 'Release Office', 1)",
    "INSERT INTO environment (id, name, position, is_production) VALUES (1, 'Production', 0, 1)",
    "INSERT INTO team (id, name, is_supplier, contact, capacity) "
    "VALUES (1, 'Ops', 0, 'ops@example.com', 2)",
    "INSERT INTO release (id, name, version, release_kind, status, objective, start, "
    "target_golive, rollout_strategy, owner, rag, rag_note, position) VALUES "
    "(1, 'Legacy release', '1.0', 'minor', 'planned', 'Keep the lights on', '2026-03-02', "
    "'2026-04-10', 'big_bang', 'Ann', 'green', '', 0)",
    "INSERT INTO phase (id, release_id, name, position) VALUES (1, 1, 'Build', 0)",
    "INSERT INTO task (id, release_id, phase_id, name, wbs, position, duration, "
    "percent_complete, team_id, environment_id, is_golive, notes) VALUES "
    "(1, 1, 1, 'Build', '1', 0, 5, 50, 1, NULL, 0, ''),"
    "(2, 1, 1, 'Deploy', '2', 1, 1, 0, 1, 1, 0, ''),"
    "(3, 1, 1, 'Go-live', '3', 2, 0, 0, NULL, NULL, 1, '')",
    "INSERT INTO dependency (id, predecessor_id, successor_id, type, lag) VALUES "
    "(1, 1, 2, 'FS', 0), (2, 2, 3, 'FS', 0)",
    "INSERT INTO risk (id, release_id, title, description, probability, impact, owner, "
    "mitigation, contingency, status) VALUES "
    "(1, 1, 'Late supplier', '', 3, 4, 'Ann', 'Weekly call', 'Delay', 'open')",
    "INSERT INTO gate (id, release_id, name, category, status, evidence, approver, "
    "waiver_reason, position) VALUES (1, 1, 'CAB approved', 'compliance', 'passed', "
    "'CAB-42', 'CAB', '', 0)",
]

ROWS_0002 = [
    *ROWS_0001,
    "INSERT INTO rollout_wave (id, release_id, name, audience, percentage, day, position) "
    "VALUES (1, 1, 'Pilot', 'Staff', 5, '2026-04-10', 0)",
    "INSERT INTO feature_flag (id, release_id, name, description, default_on) "
    "VALUES (1, 1, 'new-checkout', 'Dark launch', 0)",
]

ROWS_0003 = [
    *ROWS_0002,
    "UPDATE plan_info SET status_date = '2026-03-20', last_pack_at = '2026-03-19 10:00:00'",
    "UPDATE task SET parent_id = NULL",
]

ROWS_0004 = [
    *ROWS_0003,
    "INSERT INTO pack_record (id, release_id, preset, built_at, status_date, shown) "
    "VALUES (1, 1, 'full', '2026-03-19 10:00:00', '2026-03-19', '{}')",
]

# 0005's tables (row versions, offline-copy bookkeeping) are filled by server plans only.
ROWS_0005 = ROWS_0004

# 0006 adds the float horizon, left empty as a plan not made from a workbook has it.
ROWS_0006 = ROWS_0004

ROWS = {
    "0001": ROWS_0001,
    "0002": ROWS_0002,
    "0003": ROWS_0003,
    "0004": ROWS_0004,
    "0005": ROWS_0005,
    "0006": ROWS_0006,
}


def main() -> None:
    revisions = known_revisions()
    for revision in revisions[:-1]:
        path = HERE / f"plan-rev{revision}.relm"
        if path.exists():  # checked in: written by that revision's code, kept as is
            continue
        engine = create_engine(f"sqlite:///{path}")
        with engine.begin() as connection:
            upgrade(connection, revision)
        engine.dispose()
        con = sqlite3.connect(path)
        with con:
            for statement in ROWS[revision]:
                con.execute(statement)
        con.execute("VACUUM")
        con.close()
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
