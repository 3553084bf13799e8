"""policytext: mining Chinese political and policy texts.

>>> import policytext as pt
>>> c = pt.Corpus({"gwr_2020": "同志们：全面深化改革。"})
>>> len(c)
1
"""

from ._version import __version__
from .errors import CorpusReadError, DocvarsError, EncodingDetectionError, FetchError, PolicyTextError

# --- corpus (issue 3) ---
from .corpus import Corpus, read_corpus, text_length
from .corpus.cleaning import CleanResult, clean_corpus, clean_text, load_cleaning_rules

# --- tokenize (issue 8) ---
from .tokenize import Segmenter, Tokens, discover_terms, tokens

# --- slogans (issue 5) ---
from .slogans import find_numbered, load_lexicon, protected_spans
from .slogans import diffusion, diffusion_mentions, find_enumerations, find_parallels, find_quoted, find_sections

# --- dfm & textstat (issue 4) ---
from . import textstat
from .dfm import DFM, dfm, dfm_group, dfm_trim, dfm_weight
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
from .vectorizer import PolicyVectorizer

# --- datasets ---
from .datasets import fetch_corpus, load_manifest

# --- batch: engines and the report job (issue 7) ---
from .engine import analyze
from .report import report

# --- plot (issue 6): submodule policytext.plot (imports matplotlib only when a plot is drawn) ---
from . import plot as plot

__all__ = [
    "CleanResult",
    "clean_corpus",
    "clean_text",
    "load_cleaning_rules",
    "__version__",
    "Corpus",
    "read_corpus",
    "text_length",
    "fetch_corpus",
    "load_manifest",
    "CorpusReadError",
    "DocvarsError",
    "EncodingDetectionError",
    "FetchError",
    "PolicyTextError",
    "protected_spans",
    "find_numbered",
    "load_lexicon",
    "find_sections",
    "find_enumerations",
    "find_parallels",
    "find_quoted",
    "diffusion",
    "diffusion_mentions",
    "Segmenter",
    "Tokens",
    "tokens",
    "discover_terms",
    # dfm & textstat (issue 4)
    "textstat",
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
    # batch (issue 7)
    "analyze",
    "report",
]
