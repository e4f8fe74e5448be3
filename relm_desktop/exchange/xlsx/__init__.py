"""Excel workbooks: writing a plan to .xlsx and reading any .xlsx schedule back.

Export (plan → .xlsx; xlsxwriter):
    export      ``export_plan``: the entry point; one sheet per entity, styles, validations
    gantt       the Gantt sheet, a picture (import ignores it)
    fastrows    the big data rows written as XML text, spliced into xlsxwriter's sheets

Import (.xlsx → ``ParsedImport``; python-calamine):
    parse       ``read_xlsx``: the entry point; guard, then native or foreign
    read        sheets as grids of values, plus hidden rows, indents, formulas from the XML
    native      reading back a workbook RELM exported (columns found by header text)
    convert     column-wise fast conversion of a native workbook's cells
    foreign     somebody else's workbook: the sheet, the header row, the columns
    week_anchor week or period numbers in place of dates, dated against an anchor
    week_question  the question such numbers raise without an anchor, and the answer
    columns     recognising column headers
    columns_words  the header words per field (eight languages), which ``columns`` matches
    rows        ``RowReader``: classifying a foreign sheet's rows, working out the outline
    build       ``TaskBuilder`` (a mixin of ``RowReader``): rows become tasks, phases, links
    classified  ``ClassifiedRow`` and the milestone and phase words, shared by rows and build
    model       plain data an import produces: rows, problems, questions

Safety:
    guard       checks a file before any parser opens it (zip bombs, row caps, .xls, .csv)
    safety      what every writer shares: formula guard, cell size limit, atomic replace

Both ways:
    layout      the layout of RELM's own workbook: sheets and columns, in one table
    letters     column letters (``0`` → ``A``)

Imports go one way, down these layers (a module imports only from layers
below its own, never a neighbour in its layer)::

    parse | export
    rows
    build | foreign | native | gantt
    classified | columns | convert | fastrows | read
    columns_words | guard | layout | letters | model | safety

The layers are an import-linter contract in ``pyproject.toml``. Nothing is
imported here, so importing this package loads neither xlsxwriter nor
calamine.
"""
