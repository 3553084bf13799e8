"""``import policytext`` is light (issue 14, point 4): the heavy libraries load when a function needs them, and
every public name still resolves to its function."""

from __future__ import annotations

import subprocess
import sys

import policytext as pt

HEAVY = ("pandas", "numpy", "scipy", "sklearn", "matplotlib", "pyarrow", "jieba", "rjieba", "yaml")


def test_import_loads_no_heavy_library() -> None:
    code = ("import sys, policytext; heavy = " + repr(HEAVY) +
            "; print(sorted(m for m in heavy if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_every_public_name_resolves() -> None:
    for name in pt.__all__:
        obj = getattr(pt, name)
        assert obj is not None, name
    assert set(pt.__all__) == set(dir(pt)) & set(pt.__all__)


def test_functions_named_like_their_modules_stay_functions() -> None:
    import policytext.dfm  # noqa: F401  (importing the submodules binds them on the package)
    import policytext.report  # noqa: F401
    from policytext.dfm import dfm
    from policytext.report import report

    assert pt.dfm is dfm and pt.report is report
    toks = pt.tokens(pt.Corpus({"a": "坚持稳中求进。推动高质量发展。"}))
    assert pt.dfm(toks).shape[0] == 1


def test_unknown_name_is_an_attribute_error() -> None:
    try:
        pt.no_such_function  # noqa: B018
    except AttributeError as exc:
        assert "no_such_function" in str(exc)
    else:
        raise AssertionError("expected AttributeError")
