"""Printing the tables and writing the results file."""
import dataclasses
import json
import subprocess
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results" / "latest.json"


def ms(figure):
    """A time figure as "median [min–max] ±stdev" in milliseconds."""
    return (f"{figure.median * 1e3:.1f} [{figure.low * 1e3:.1f}–{figure.high * 1e3:.1f}]"
            f" ±{figure.stdev * 1e3:.1f}")


def count(figure):
    """A count: one number when every run agreed, else the median and range."""
    if figure.low == figure.high:
        return f"{figure.low:g}"
    return f"{figure.median:g} [{figure.low:g}–{figure.high:g}]"


def commit():
    """The commit measured, "-dirty" when tracked files differ from it."""
    return _git("rev-parse", "--short", "HEAD") + (
        "-dirty" if _git("status", "--porcelain", "--untracked-files=no") else "")


def _git(*args):
    # --no-optional-locks: only read, never refresh git's index (others work in this tree)
    return subprocess.run(["git", "--no-optional-locks", *args], cwd=Path(__file__).parent,
                          capture_output=True, text=True).stdout.strip()


def verdict(met):
    return "PASS" if met else "MISS"


@dataclasses.dataclass
class Table:
    title: str
    headers: tuple
    rows: list = dataclasses.field(default_factory=list)
    notes: list = dataclasses.field(default_factory=list)

    def add(self, *cells):
        self.rows.append(tuple(str(c) for c in cells))

    def render(self):
        widths = [max(len(h), *(len(r[i]) for r in self.rows)) if self.rows else len(h)
                  for i, h in enumerate(self.headers)]
        line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()
        out = [self.title, line(self.headers), line("-" * w for w in widths)]
        out += [line(r) for r in self.rows]
        out += [f"  {n}" for n in self.notes]
        return "\n".join(out)


@dataclasses.dataclass
class Result:
    """What one benchmark found: tables for people, data for the JSON file."""
    name: str
    tables: list
    data: dict


def write_json(setup, results):
    RESULTS.parent.mkdir(exist_ok=True)
    document = {"setup": setup, "benchmarks": {r.name: r.data for r in results}}
    RESULTS.write_text(json.dumps(document, indent=1, default=_plain) + "\n")
    return RESULTS


def _plain(value):
    if hasattr(value, "as_dict"):
        return value.as_dict()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")
