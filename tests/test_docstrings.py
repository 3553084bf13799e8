"""Every public function has type hints and a docstring with a short example on Chinese text,
and every example in the package's docstrings runs (doctest)."""

from __future__ import annotations

import doctest
import importlib
import inspect
import pkgutil
import re

import pytest

import policytext as pt

HAN = re.compile(r"[\u4e00-\u9fff]")


def _public_callables() -> list[tuple[str, object]]:
    out = []
    for name in pt.__all__:
        obj = getattr(pt, name)
        if inspect.isclass(obj) and issubclass(obj, Exception):
            continue  # exceptions are documented by the messages they carry
        if inspect.isfunction(obj) or inspect.isclass(obj):
            out.append((name, obj))
    return out


@pytest.mark.parametrize(("name", "obj"), _public_callables(), ids=lambda v: v if isinstance(v, str) else "")
def test_public_api_documented_with_chinese_example(name: str, obj: object) -> None:
    doc = inspect.getdoc(obj) or ""
    assert ">>>" in doc, f"pt.{name} has no example in its docstring"
    examples = doc[doc.index(">>>") :]
    assert HAN.search(examples), f"pt.{name}'s example uses no Chinese text"
    if inspect.isfunction(obj):
        sig = inspect.signature(obj)
        assert sig.return_annotation is not inspect.Signature.empty, f"pt.{name} has no return annotation"
        for p in sig.parameters.values():
            if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) or p.name.startswith("_"):
                continue
            assert p.annotation is not inspect.Parameter.empty, f"pt.{name}: parameter {p.name} has no type hint"


def _modules() -> list[str]:
    names = ["policytext"]
    for info in pkgutil.walk_packages(pt.__path__, "policytext."):
        names.append(info.name)
    return sorted(names)


@pytest.mark.parametrize("modname", _modules())
def test_docstring_examples_run(modname: str) -> None:
    module = importlib.import_module(modname)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for test in finder.find(module, modname):
        if test.examples:
            runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {modname}"
