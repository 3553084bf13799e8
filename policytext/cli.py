"""The ``policytext`` command line: batch work over a corpus folder, one output folder per run.

Every command that writes results writes tidy tables (CSV and Parquet) and ``manifest.json`` into ``-o OUT``.
Errors in the input (missing path, undecodable file, unknown docvar, bad option) exit with status 2 and a
message naming the problem.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from .errors import PolicyTextError

F = TypeVar("F", bound=Callable[..., Any])

_EPILOG_EXAMPLES = """\b
Examples:
  policytext corpus info corpus/sample
  policytext freq corpus/sample/national_gwr --pattern "gwr_{year}.txt" --group-by year -o out/freq
  policytext keyness corpus/sample/national_gwr --pattern "gwr_{year}.txt" --target year=2019 -o out/key
  policytext kwic corpus/sample 四个全面 --window 8 -o out/kwic
  policytext report corpus/sample -o out/
"""


def _friendly_errors(func: F) -> F:
    """Turn library errors into a one-line message and exit status 2."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (PolicyTextError, FileNotFoundError, KeyError, ValueError) as exc:
            msg = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
            click.echo(f"policytext: error: {msg}", err=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


def _corpus_options(func: F) -> F:
    func = click.option("--docvars", "docvars", type=click.Path(), default=None,
                        help="CSV of document variables, joined on doc_id or file name.")(func)
    func = click.option("--pattern", default=None,
                        help='Parse docvars from file names, e.g. "gwr_{year}.txt".')(func)
    return click.argument("path", type=str)(func)


def _load_corpus(path: str, docvars: str | None, pattern: str | None) -> Any:
    from .corpus import read_corpus

    if not Path(path).exists() and not any(ch in path for ch in "*?["):
        raise FileNotFoundError(f"{path}: no such file or directory")
    return read_corpus(path, docvars=docvars, pattern=pattern)


@click.group(epilog=_EPILOG_EXAMPLES, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="policytext")
def main() -> None:
    """policytext: mining Chinese political and policy texts (政府工作报告, 讲话, 党代会报告)."""


@main.group()
def corpus() -> None:
    """Inspect a corpus folder."""


@corpus.command("info", epilog="\b\nExample:\n  policytext corpus info corpus/sample --pattern \"gwr_{year}.txt\"")
@_corpus_options
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV instead of an aligned table.")
@_friendly_errors
def corpus_info(path: str, docvars: str | None, pattern: str | None, as_csv: bool) -> None:
    """One line per document: doc_id, encoding, chars, removed chars, title."""
    c = _load_corpus(path, docvars, pattern)
    table = corpus_info_table(c)
    if as_csv:
        click.echo(table.to_csv(index=False), nl=False)
        return
    click.echo(table.to_string(index=False))
    click.echo(
        f"\n{len(c)} documents, {int(table['chars'].sum()):,} characters, "
        f"{int(table['removed_chars'].sum()):,} removed by cleaning"
    )


def corpus_info_table(c: Any) -> Any:
    """The ``corpus info`` table for a Corpus: doc_id, encoding, chars, removed_chars, title.

    Examples
    --------
    >>> import policytext as pt
    >>> from policytext.cli import corpus_info_table
    >>> corpus_info_table(pt.Corpus({"a": "在区委务虚会上的讲话\\n同志们：…"})).columns.tolist()
    ['doc_id', 'encoding', 'chars', 'removed_chars', 'title']
    """
    import pandas as pd

    prov = c.provenance
    dv = c.docvars
    n = len(c)

    def col(frame: pd.DataFrame, name: str, default: Any) -> list[Any]:
        return list(frame[name]) if name in frame.columns else [default] * n

    titles = col(dv, "title", None)
    detected = col(dv, "title_detected", None)
    title = [t if isinstance(t, str) and t else d for t, d in zip(titles, detected)]
    return pd.DataFrame(
        {
            "doc_id": c.doc_ids,
            "encoding": col(prov, "encoding", None),
            "chars": [len(t) for t in c.texts],
            "removed_chars": [int(x) if x == x and x is not None else 0 for x in col(prov, "n_removed", 0)],
            "title": title,
        }
    )


if __name__ == "__main__":
    main()
