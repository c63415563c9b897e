"""The figures of a run, for the README to quote: how many generated inputs
each form got and what became of them, how many faults were injected into
which requests, and how many pages, actions and requests each check covered.
Printed at the end of the run (conftest's terminal summary) and kept as JSON.
Only what ran is counted: a figure is never written down by hand."""
import collections
import json

INPUTS = "generated inputs tried"
FAULTS = "faults injected at the HTTP boundary"
CHECKED = "pages, actions and requests checked"

COLUMNS = {
    INPUTS: ("accepted", "refused by the form", "refused by Magnum"),
    FAULTS: ("page views", "actions", "wizard submits"),
    CHECKED: ("checked",),
}
_FIGURES = {title: collections.defaultdict(collections.Counter) for title in COLUMNS}
_EXAMPLES = collections.defaultdict(list)  # form -> what Magnum refused that the form let by
EXAMPLES_KEPT = 5


def count(title, row, column=None, n=1):
    column = column or COLUMNS[title][0]
    assert column in COLUMNS[title], f"{title} has no column {column!r}"
    _FIGURES[title][row][column] += n


def example(row, text):
    """Keep a few of what Magnum refused after the form let it through."""
    if len(_EXAMPLES[row]) < EXAMPLES_KEPT:
        _EXAMPLES[row].append(text)


def tried_any():
    return any(_FIGURES.values())


def report(write_line, json_path):
    """Write each table line by line; keep them as JSON too."""
    for title, rows in _FIGURES.items():
        if not rows:
            continue
        columns = COLUMNS[title]
        width = max(len(row) for row in rows) + 2
        write_line(f"-- {title}")
        write_line(f"{'':<{width}}" + "".join(f"{c:>22}" for c in columns))
        for row, counts in sorted(rows.items()):
            write_line(f"{row:<{width}}" + "".join(f"{counts[c]:>22}" for c in columns))
        totals = [sum(counts[c] for counts in rows.values()) for c in columns]
        write_line(f"{'total':<{width}}" + "".join(f"{t:>22}" for t in totals))
    for row, texts in sorted(_EXAMPLES.items()):
        write_line(f"-- {row}: refused by Magnum after the form let it through, e.g.")
        for text in texts:
            write_line(f"   {text}")
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps({"figures": _FIGURES, "refused by Magnum": _EXAMPLES},
                                    indent=2, ensure_ascii=False))
