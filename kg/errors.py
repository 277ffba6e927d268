"""The one exception tree of kg.

Every error kg raises on purpose is a :class:`KGError`; the CLI catches only
these, prints ``Error: …`` and exits with the error's ``exit_code``::

    KGError                      exit 3 unless a subclass says otherwise
    ├── InputError               exit 3: a facts, text or RDF input is wrong
    │   ├── FactsError           one or more problems, each with file:line:column
    │   ├── RecordError          one record of an event-data file (GDELT, ICEWS, PLOVER) is wrong
    │   └── RDFSyntaxError       an RDF input does not parse
    ├── UsageError               exit 2: arguments that do not fit together
    ├── QueryError               exit 3: unknown named query, bad parameter, bad SPARQL
    ├── NonConformingError       exit 1: the graph does not conform to the shapes
    └── StoreError               exit 4: a store or endpoint failed

Third-party exceptions (YAML, JSON, rdflib, pyshacl, pyoxigraph) are wrapped at
the boundary with ``raise … from exc``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import total_ordering

#: Exit codes, documented in README.md and docs/errors.md.
EXIT_OK = 0
EXIT_NONCONFORMING = 1
EXIT_USAGE = 2
EXIT_INPUT = 3
EXIT_STORE = 4
EXIT_WORKER = 5


@total_ordering
@dataclass(frozen=True, eq=False)
class Location:
    """Where something was written: a file, a 1-based line and column.

    >>> str(Location("facts.yaml", 12, 5))
    'facts.yaml:12:5'

    Locations compare and sort by (path, line, column), whatever their class: a reader may hand
    out a subclass that finds its line and column only when they are first asked for.
    """

    path: str
    line: int = 0
    column: int = 0

    def _key(self) -> tuple[str, int, int]:
        return (self.path, self.line, self.column)

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        return self._key() == other._key() if isinstance(other, Location) else NotImplemented

    def __hash__(self) -> int:
        return hash(self._key())

    def __lt__(self, other: Location) -> bool:
        return self._key() < other._key()

    def __str__(self) -> str:
        if self.line <= 0:
            return self.path
        if self.column <= 0:
            return f"{self.path}:{self.line}"
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    """One problem in an input, printed as ``path:line:col: field: message (hint)``.

    >>> str(Problem(Location("f.yaml", 3, 7), "events[0].when", '"2015-13" is not a date', "use YYYY-MM"))
    'f.yaml:3:7: events[0].when: "2015-13" is not a date (use YYYY-MM)'
    """

    location: Location
    field: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.location}: "
        if self.field:
            text += f"{self.field}: "
        text += self.message
        if self.hint:
            text += f" ({self.hint})"
        return text


class KGError(Exception):
    """Base of every error kg raises on purpose."""

    exit_code: int = EXIT_INPUT


class InputError(KGError):
    """An input file is missing, unreadable or wrong."""


#: Problems shown before "… and N more" (all of them stay in ``FactsError.problems``).
MAX_SHOWN = 20


class FactsError(InputError):
    """A facts document breaks the format; carries every problem found (the message shows the first)."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        """The problems as printed: the first :data:`MAX_SHOWN`, then how many more."""
        shown = [str(p) for p in self.problems[:MAX_SHOWN]]
        extra = len(self.problems) - MAX_SHOWN
        if extra > 0:
            shown.append(f"… and {extra} more problem{'s' if extra > 1 else ''} (fix the first ones first)")
        return shown


class RecordError(InputError):
    """One record (a row, a JSON record) of an event-data file is wrong: ``file:line: column: what``.

    ``kg import --skip-bad`` skips such records and reports them; a file in the wrong format is
    an :class:`InputError`, never skipped.
    """

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


class RDFSyntaxError(InputError):
    """An RDF input could not be parsed."""


class UsageError(KGError):
    """Options or arguments that do not fit together."""

    exit_code = EXIT_USAGE


class QueryError(KGError):
    """An unknown named query, a bad parameter or a SPARQL syntax error."""


class NonConformingError(KGError):
    """The graph does not conform to the shapes; ``report`` (a ValidationReport) says how."""

    exit_code = EXIT_NONCONFORMING

    def __init__(self, message: str, *, report: object = None) -> None:
        self.report = report
        super().__init__(message)


class StoreError(KGError):
    """A store or SPARQL endpoint failed."""

    exit_code = EXIT_STORE


class WorkerError(KGError):
    """A worker process of a build died (killed, or out of memory); nothing was written."""

    exit_code = EXIT_WORKER
