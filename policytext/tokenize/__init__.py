"""Tokenization for political Chinese: :class:`Segmenter`, :func:`tokens`, :class:`Tokens`, :func:`discover_terms`."""

from .dictionary import read_domain_dict, read_user_dict
from .discover import discover_terms
from .segmenter import Segmenter
from .stopwords import load_stopwords, stopword_categories, stopwords_version
from .tokens import Tokens, tokens

__all__ = [
    "Segmenter",
    "Tokens",
    "discover_terms",
    "load_stopwords",
    "read_domain_dict",
    "read_user_dict",
    "stopword_categories",
    "stopwords_version",
    "tokens",
]
