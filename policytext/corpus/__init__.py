"""Reading, decoding and cleaning documents into a :class:`Corpus`."""

from .corpus import Corpus
from .encoding import decode_bytes
from .reader import parse_pattern, read_corpus, read_docvars

__all__ = ["Corpus", "decode_bytes", "parse_pattern", "read_corpus", "read_docvars"]
