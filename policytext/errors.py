"""Exceptions raised by policytext. Every message names the file (or document) and the problem."""

from __future__ import annotations


class PolicyTextError(Exception):
    """Base class of all policytext errors."""


class CorpusReadError(PolicyTextError, ValueError):
    """A document or table could not be read (missing, empty, binary, undecodable, ...)."""


class EncodingDetectionError(CorpusReadError):
    """No encoding on the ladder decodes the file strictly.

    Attributes
    ----------
    path : str
        The file that failed.
    offset : int
        Byte offset of the first byte that the most plausible encoding could not decode.
    """

    def __init__(self, path: str, offset: int, detail: str = "") -> None:
        self.path = path
        self.offset = offset
        msg = f"{path}: no encoding decodes this file strictly (first bad byte at offset {offset})"
        if detail:
            msg += f"; {detail}"
        super().__init__(msg)


class DocvarsError(CorpusReadError):
    """Document variables do not match the documents (unmatched or duplicate ids)."""


class FetchError(PolicyTextError, OSError):
    """A dataset could not be fetched or failed its checksum."""


class DictionaryError(PolicyTextError, ValueError):
    """A user dictionary, the domain dictionary or a stopword list is malformed (file, line and problem named)."""
