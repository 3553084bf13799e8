"""The README's Python example runs as written, from the project root, and gives what its comments say."""

from __future__ import annotations

import os
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parent.parent


def _python_blocks() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


def test_readme_example_runs(tmp_path: Path) -> None:
    blocks = _python_blocks()
    assert len(blocks) == 1
    code = blocks[0]
    (tmp_path / "corpus").symlink_to(ROOT / "corpus", target_is_directory=True)  # README paths are relative
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        ns: dict[str, object] = {}
        exec(compile(code, "README.md", "exec"), ns)
    finally:
        os.chdir(cwd)
    corpus, toks, key, numbered = ns["corpus"], ns["toks"], ns["key"], ns["numbered"]
    assert len(corpus) == 21  # type: ignore[arg-type]
    # 四个全面 is a single token wherever the text has it (counted with str.count on the cleaned texts)
    n_text = sum(t.count("四个全面") for t in corpus.texts)  # type: ignore[attr-defined]
    n_tok = sum(doc.count("四个全面") for doc in toks)  # type: ignore[attr-defined]
    assert n_text > 0 and n_tok == n_text
    assert not any(key["feature"].head(20).map(lambda w: all(not c.isalnum() for c in w)))  # type: ignore[index]
    assert {"doc_id", "label", "members", "members_source"} <= set(numbered.columns)  # type: ignore[attr-defined]
    png = tmp_path / "keyness.png"
    assert png.exists() and png.stat().st_size > 10_000
