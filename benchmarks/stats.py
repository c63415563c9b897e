"""Repeated measurements and their summary: median, spread and noise."""
import dataclasses
import math
import statistics
import time
from collections import Counter


@dataclasses.dataclass(frozen=True)
class Figure:
    """One quantity measured over several runs (seconds, counts, ...)."""
    samples: tuple

    @classmethod
    def of(cls, values):
        return cls(tuple(values))

    @property
    def median(self):
        return statistics.median(self.samples)

    @property
    def low(self):
        return min(self.samples)

    @property
    def high(self):
        return max(self.samples)

    @property
    def p95(self):
        """The 95th percentile, nearest rank: 95 % of the samples are at most this."""
        return sorted(self.samples)[math.ceil(0.95 * len(self.samples)) - 1]

    @property
    def stdev(self):
        return statistics.stdev(self.samples) if len(self.samples) > 1 else 0.0

    def as_dict(self):
        return {"median": self.median, "min": self.low, "max": self.high,
                "stdev": self.stdev, "samples": list(self.samples)}


@dataclasses.dataclass
class Runs:
    """The timings of several runs of one thing, the HTTP calls of each run,
    and the last run's result (to check that it did what it should)."""
    seconds: Figure
    calls: list
    last: object

    def count(self, select=lambda call: True):
        return Figure.of(sum(1 for c in run if select(c)) for run in self.calls)

    def as_dict(self):
        return {"seconds": self.seconds, "calls_per_run": [
            dict(sorted(Counter(c.service for c in run).items())) for run in self.calls]}


@dataclasses.dataclass(frozen=True)
class Clocked:
    """What a function measured returns when a clock of its own times it
    better than this process's (a browser's, without WebDriver's round trips)."""
    seconds: float
    value: object


def timed(func, *args, **kwargs):
    """(seconds, result) of one call, on the high-resolution monotonic clock."""
    began = time.perf_counter()
    result = func(*args, **kwargs)
    return time.perf_counter() - began, result


def measure(runs, func, recorder=None):
    """``runs`` timed calls of ``func()``; see measure_rounds."""
    return measure_rounds(runs, {"only": func}, recorder)["only"]


def measure_rounds(runs, funcs, recorder=None):
    """{name: Runs}: ``runs`` rounds, each calling every function of ``funcs``
    (a dict) once, after one untimed warm-up round (imports, connection
    pools and caches as a user's second visit finds them). Taking turns
    exposes the things compared to the same load, so per-round ratios hold
    on a busy machine. With a recorder, the HTTP calls of each run too. A
    function that returns a Clocked gives its own time and result."""
    timings = {name: ([], [], []) for name in funcs}
    for round_number in range(runs + 1):
        for name, func in funcs.items():
            if recorder is None:
                took, result = timed(func)
                made = []
            else:
                with recorder.recording() as made:
                    took, result = timed(func)
            if isinstance(result, Clocked):
                took, result = result.seconds, result.value
            if round_number:
                for kept, value in zip(timings[name], (took, made, result)):
                    kept.append(value)
    return {name: Runs(Figure.of(seconds), calls, results[-1])
            for name, (seconds, calls, results) in timings.items()}


def ratios(numerator, denominator):
    """Per-round ratios of two Runs measured by the same measure_rounds."""
    return Figure.of(a / b for a, b in zip(numerator.seconds.samples, denominator.seconds.samples))
