"""Reading, decoding and cleaning documents into a :class:`Corpus`."""

from .corpus import Corpus

__all__ = ["Corpus"]
