"""The analysis notebooks (notebooks/*.ipynb) run without error on the shared corpus, and their prose matches
their numbers.

Each notebook is executed once (module cache) with nbclient on the ``python3`` kernel, reading the shared corpus
through ``pt.fetch_corpus`` with ``POLICYTEXT_MIRROR`` set the way tests/conftest.py finds it, and a fresh
``POLICYTEXT_DATA`` cache. The checks:

- the stored notebooks have no outputs and equal what ``notebooks/_build.py`` generates;
- every cell runs without error, no "Glyph … missing from font" warning is emitted, every figure is drawn;
- the numbers stated in the markdown prose appear in the executed outputs (``CLAIMS``): when a library change
  moves a number, this test fails and the prose has to be revised.
"""

from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

pytestmark = pytest.mark.slow  # the slow tier: python -m pytest -m slow

ROOT = Path(__file__).resolve().parent.parent
NB_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(p.name for p in NB_DIR.glob("[0-9][0-9]_*.ipynb"))
CELL_TIMEOUT = 300  # seconds per cell

# notebook -> (number of figures, [(text in the prose, regex over the outputs), ...])
CLAIMS: dict[str, tuple[int, list[tuple[str, str]]]] = {
    "01_anatomy_of_a_local_speech.ipynb": (3, [
        ("56 mentions of 34 distinct formulations", r"56 mentions of 34 distinct formulations"),
        ("34 of the 56 mentions", r"第二个问题\s+3761\s+2\s+7\s+34\s"),
        ("2,267 of 8,742 characters", r"第四个问题\s+1285\s.*\n第五个问题\s+982\s.*\ntotal\s+8742\s"),
        ("the densest cell of the table (55.8 per 1,000 tokens)", r"4\. 氛围要更加浓厚(\s+0\.0)+\s+55\.8\s"),
        ("Eight lists, four of them nested", r"8 lists, 4 nested"),
    ]),
    "02_national_reports_over_time.ipynb": (2, [
        ("68.7 in 1985", r"1985\s+55\.7\s+68\.7\s"),
        ("reaches 14.4 per 10,000 characters in 2024", r"2024\s+81\.2\s+20\.2\s+23\.6\s+16\.7\s+0\.0\s+14\.4"),
        ("holds 46 of CGTN's 51 reports (1964, 1980, 1997, 2008 and 2011",
         r"lacks: \[1964, 1980, 1997, 2008, 2011\]"),
        ("5,348 substrings or 4,849 tokens", r"substring count 5,348 = token count 4,849 \+"),
        ("| substring | all characters of the cleaned text (997,048) | 53.6 | −3.1% |",
         r"substring\s+all characters\s+46\s+997048\s+5348\s+53\.6\s+-3\.1%"),
        ("| substring | Han characters only (883,150) | 60.6 | +9.4% |",
         r"substring\s+Han characters only\s+46\s+883150\s+5348\s+60\.6\s+\+9\.4%"),
        ("| token | Han characters only (883,150) | 54.9 | −0.8% |",
         r"token\s+Han characters only\s+46\s+883150\s+4849\s+54\.9\s+-0\.8%\s+19199\s+105\.4"),
        ("exactly the 499 occurrences of 发展 inside the 33", r"inside 33 longer words 499 \+ 0 split"),
    ]),
    "03_local_vs_national.ipynb": (3, [
        ("Spearman correlation about 0.33", r"local share: 0\.3[2-4] \(95% bootstrap interval 0\.03 to 0\.58, 50"),
        ("on 50 labels the relation is only just distinguishable", r"\b50 labels\)"),
        ("mostly the national set (42 of 59 mentions; the 17 redefinitions",
         r"59 local mentions state members: 42 echo, 17 redefinition"),
        ("economy takes about half of the matches in both (0.53 on average in the provinces, 0.50",
         r"economy\s+0\.50\d?\s+0\.19\d?\s+0\.5(2[5-9]|3[0-4])"),
    ]),
    "04_topics.ipynb": (3, [
        ("highest at **k = 7**", r"chosen k = 7\b"),
        ("92% of the 2026 provincial reports", r"provincial GWR\s+2013–\s+0\.92\s"),
        ("79% of the 1978–92 reports", r"national GWR\s+–1977.*\n\s+1978–92\s+(\S+\s+){3}0\.79\s"),
    ]),
}


def _load_builder() -> Any:
    spec = importlib.util.spec_from_file_location("_nb_build", NB_DIR / "_build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_notebook_has_claims() -> None:
    assert NOTEBOOKS == sorted(CLAIMS), "a notebook without checks in CLAIMS (or a stale entry)"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_stored_without_outputs_and_generated_by_builder(name: str) -> None:
    nb = nbformat.read(NB_DIR / name, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.outputs == [] and c.execution_count is None for c in code), f"{name} has outputs"
    builder = _load_builder()
    expected = nbformat.writes(builder.make_notebook(builder.NOTEBOOKS[name]))
    assert (NB_DIR / name).read_text(encoding="utf-8").rstrip("\n") == expected.rstrip("\n"), \
        f"{name} differs from notebooks/_build.py: run `python notebooks/_build.py`"


@pytest.fixture(scope="module")
def executed(corpus_raw: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Run each notebook once, on first request; returns a function name -> (notebook, path of the executed copy)."""
    cache: dict[str, tuple[Any, Path]] = {}
    data_home = tmp_path_factory.mktemp("policytext_data")
    out_dir = tmp_path_factory.mktemp("executed_notebooks")
    env = {"POLICYTEXT_MIRROR": str(corpus_raw), "POLICYTEXT_DATA": str(data_home), "MPLBACKEND": None}

    def run(name: str) -> tuple[Any, Path]:
        if name not in cache:
            saved = {k: os.environ.get(k) for k in env}
            for k, v in env.items():  # the kernel inherits this process's environment
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
            try:
                nb = nbformat.read(NB_DIR / name, as_version=4)
                client = NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3",
                                        resources={"metadata": {"path": str(NB_DIR)}})
                try:
                    client.execute()
                finally:  # keep the executed copy (outputs up to the failing cell) for reading
                    nbformat.write(nb, out_dir / name)
                cache[name] = (nb, out_dir / name)
            finally:
                for k, v in saved.items():
                    if v is None:
                        os.environ.pop(k, None)
                    else:
                        os.environ[k] = v
        return cache[name]

    return run


def _outputs(nb: Any) -> tuple[str, str, int]:
    """(text of all outputs, text of stderr streams, number of PNG figures)."""
    text, err, n_png = [], [], 0
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.output_type == "stream":
                (err if out.name == "stderr" else text).append(out.text)
            elif out.output_type in ("execute_result", "display_data"):
                n_png += "image/png" in out.data
                text.append(out.data.get("text/plain", ""))
    return "\n".join(text), "\n".join(err), n_png


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_and_prose_matches_outputs(name: str, executed: Any) -> None:
    nb, path = executed(name)  # raises CellExecutionError (with the failing cell) on any error
    text, stderr, n_png = _outputs(nb)
    assert not re.search(r"Glyph .* missing from", stderr + text), f"{name}: missing glyphs\n{stderr}"
    n_figures, claims = CLAIMS[name]
    assert n_png == n_figures, f"{name}: {n_png} figures drawn, expected {n_figures}"
    prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for in_prose, in_outputs in claims:
        assert in_prose in prose, f"{name}: the prose no longer states {in_prose!r}"
        assert re.search(in_outputs, text), \
            f"{name}: the prose states {in_prose!r} but the outputs do not match {in_outputs!r} (see {path})"
