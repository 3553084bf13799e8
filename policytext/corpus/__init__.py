"""Reading, decoding and cleaning documents into a :class:`Corpus`."""

from .cleaning import CleanResult, clean_corpus, clean_text, load_cleaning_rules
from .corpus import Corpus
from .encoding import decode_bytes
from .length import text_length
from .reader import parse_pattern, read_corpus, read_docvars

__all__ = [
    "text_length",
    "CleanResult",
    "clean_corpus",
    "clean_text",
    "load_cleaning_rules",
    "Corpus",
    "decode_bytes",
    "parse_pattern",
    "read_corpus",
    "read_docvars",
]
