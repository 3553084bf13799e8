"""policytext: mining Chinese political and policy texts.

>>> import policytext as pt
>>> c = pt.Corpus({"gwr_2020": "同志们：全面深化改革。"})
>>> len(c)
1

``import policytext`` loads only this index: each public name is imported from its home module on first use
(PEP 562), so the import costs milliseconds and pandas, scipy, scikit-learn and matplotlib load when a function
that needs them is first called.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .errors import CorpusReadError, DocvarsError, EncodingDetectionError, FetchError, PolicyTextError

# public name -> home module (relative to this package)
_LAZY: dict[str, str] = {
    # corpus (issue 3)
    "Corpus": ".corpus",
    "read_corpus": ".corpus",
    "text_length": ".corpus",
    "CleanResult": ".corpus.cleaning",
    "clean_corpus": ".corpus.cleaning",
    "clean_text": ".corpus.cleaning",
    "load_cleaning_rules": ".corpus.cleaning",
    # tokenize (issue 8)
    "Segmenter": ".tokenize",
    "Tokens": ".tokenize",
    "discover_terms": ".tokenize",
    "tokens": ".tokenize",
    # slogans (issue 5)
    "find_numbered": ".slogans",
    "load_lexicon": ".slogans",
    "protected_spans": ".slogans",
    "diffusion": ".slogans",
    "diffusion_mentions": ".slogans",
    "find_enumerations": ".slogans",
    "find_parallels": ".slogans",
    "find_quoted": ".slogans",
    "find_sections": ".slogans",
    # dfm & textstat (issue 4)
    "DFM": ".dfm",
    "dfm": ".dfm",
    "dfm_group": ".dfm",
    "dfm_trim": ".dfm",
    "dfm_weight": ".dfm",
    "Dictionary": ".textstat",
    "choose_k": ".textstat",
    "collocations": ".textstat",
    "count_substrings": ".textstat",
    "fit_topics": ".textstat",
    "frequency": ".textstat",
    "keyness": ".textstat",
    "kwic": ".textstat",
    "load_dictionary": ".textstat",
    "lookup": ".textstat",
    "similarity": ".textstat",
    "tfidf": ".textstat",
    "topic_grid": ".textstat",
    "PolicyVectorizer": ".vectorizer",
    # datasets
    "fetch_corpus": ".datasets",
    "load_manifest": ".datasets",
    # batch: engines and the report job (issue 7)
    "analyze": ".engine",
    "report": ".report",
}
_SUBMODULES = ("cli", "corpus", "datasets", "engine", "manifest", "outputs", "plot", "slogans", "textstat", "tokenize",
               "vectorizer")

if TYPE_CHECKING:  # what static checkers and IDEs see: the same names, imported eagerly
    from . import plot, textstat
    from .corpus import Corpus, read_corpus, text_length
    from .corpus.cleaning import CleanResult, clean_corpus, clean_text, load_cleaning_rules
    from .datasets import fetch_corpus, load_manifest
    from .dfm import DFM, dfm, dfm_group, dfm_trim, dfm_weight
    from .engine import analyze
    from .report import report
    from .slogans import (
        diffusion,
        diffusion_mentions,
        find_enumerations,
        find_numbered,
        find_parallels,
        find_quoted,
        find_sections,
        load_lexicon,
        protected_spans,
    )
    from .textstat import (
        Dictionary,
        choose_k,
        collocations,
        count_substrings,
        fit_topics,
        frequency,
        keyness,
        kwic,
        load_dictionary,
        lookup,
        similarity,
        tfidf,
        topic_grid,
    )
    from .tokenize import Segmenter, Tokens, discover_terms, tokens
    from .vectorizer import PolicyVectorizer


def __getattr__(name: str) -> Any:
    """Import a public name from its home module on first use (and keep it here for later lookups)."""
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
    elif name in _SUBMODULES:
        value = importlib.import_module(f".{name}", __name__)
    else:
        raise AttributeError(f"module 'policytext' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


class _Package(types.ModuleType):
    """``pt.dfm`` and ``pt.report`` are functions although ``policytext.dfm`` and ``policytext.report`` are also
    modules: importing a submodule sets it as an attribute of its package, which would hide the lazily imported
    function of the same name. These two names are therefore properties that always give the function (the
    modules stay importable as ``import policytext.dfm``)."""

    @property
    def dfm(self) -> Any:
        from .dfm import dfm

        return dfm

    @dfm.setter
    def dfm(self, value: Any) -> None:  # the import system binding the submodule: kept in sys.modules only
        pass

    @property
    def report(self) -> Any:
        from .report import report

        return report

    @report.setter
    def report(self, value: Any) -> None:
        pass


sys.modules[__name__].__class__ = _Package


__all__ = [  # literal, so that linters and IDEs see the public names (the _LAZY keys and the eager ones)
    "__version__",
    "CorpusReadError",
    "DocvarsError",
    "EncodingDetectionError",
    "FetchError",
    "PolicyTextError",
    "plot",
    "textstat",
    "Corpus",
    "read_corpus",
    "text_length",
    "CleanResult",
    "clean_corpus",
    "clean_text",
    "load_cleaning_rules",
    "Segmenter",
    "Tokens",
    "discover_terms",
    "tokens",
    "find_numbered",
    "load_lexicon",
    "protected_spans",
    "diffusion",
    "diffusion_mentions",
    "find_enumerations",
    "find_parallels",
    "find_quoted",
    "find_sections",
    "DFM",
    "dfm",
    "dfm_group",
    "dfm_trim",
    "dfm_weight",
    "Dictionary",
    "choose_k",
    "collocations",
    "count_substrings",
    "fit_topics",
    "frequency",
    "keyness",
    "kwic",
    "load_dictionary",
    "lookup",
    "similarity",
    "tfidf",
    "topic_grid",
    "PolicyVectorizer",
    "fetch_corpus",
    "load_manifest",
    "analyze",
    "report",
]
