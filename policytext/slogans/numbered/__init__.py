"""Numbered formulations (数字式提法): 三大战略, 四条新路, 两不愁三保障, 5个100工程, 十四五 …

One scanner (:func:`match_numbered`) decides what is a formulation; :func:`find_numbered` reports it with its
members and :func:`policytext.slogans.spans.protected_spans` keeps the same surfaces whole for the tokenizer.
The labelling rule is written down in ``docs/numbered_formulations.md``.

Modules, in the order a mention passes through them: ``charsets`` (character classes), ``heads`` (numerals and
the head after numeral + measure), ``recognizers`` (is this candidate a formulation?), ``members`` (the items the
text defines for it, one function per structure), ``glossary`` (notes sections that define labels) and
``document`` (the scan over one document and what the document establishes about a label).
"""

from .document import COLUMNS, NumberedMatch, find_numbered, match_numbered, numbered_spans

__all__ = ["COLUMNS", "NumberedMatch", "find_numbered", "match_numbered", "numbered_spans"]
