"""Stopwords for the government register, shipped as ``policytext/data/stopwords.yaml`` with categories."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import DictionaryError

STOPWORDS_NAME = "stopwords.yaml"


def stopwords_path() -> Path:
    """Path of the shipped stopword file."""
    return Path(str(resources.files("policytext") / "data" / STOPWORDS_NAME))


@lru_cache(maxsize=4)
def _load(path: str) -> dict[str, Any]:
    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise DictionaryError(f"{p}: cannot read stopwords: {exc}") from None
    if not isinstance(data, dict) or "version" not in data or not isinstance(data.get("categories"), dict):
        raise DictionaryError(f"{p}: expected a mapping with 'version' and 'categories'")
    for name, cat in data["categories"].items():
        if not isinstance(cat, dict) or not cat.get("source") or not isinstance(cat.get("words"), list):
            raise DictionaryError(f"{p}: category {name!r} needs 'source' and a list of 'words'")
        bad = [w for w in cat["words"] if not isinstance(w, str) or not w or any(c.isspace() for c in w)]
        if bad:
            raise DictionaryError(f"{p}: category {name!r} has invalid words {bad[:5]}")
    return data


def stopword_categories() -> dict[str, str]:
    """Category name → description.

    Examples
    --------
    >>> from policytext.tokenize import stopword_categories
    >>> "function" in stopword_categories()
    True
    """
    data = _load(str(stopwords_path()))
    return {k: str(v.get("description", "")) for k, v in data["categories"].items()}


def stopwords_version() -> str:
    """Version string of the shipped stopword list."""
    return str(_load(str(stopwords_path()))["version"])


def load_stopwords(categories: Iterable[str] | None = None) -> list[str]:
    """Shipped stopwords, sorted and de-duplicated, from the given categories (default: all).

    Content words that political scientists count (坚持, 发展, 改革, 人民) are never in the list.

    Examples
    --------
    >>> from policytext.tokenize import load_stopwords
    >>> sw = load_stopwords(["function"])
    >>> "的" in sw, "发展" in sw
    (True, False)
    """
    data = _load(str(stopwords_path()))
    cats = data["categories"]
    names = list(cats) if categories is None else list(categories)
    unknown = [c for c in names if c not in cats]
    if unknown:
        raise ValueError(f"{stopwords_path()}: no stopword categories {unknown}; categories are {list(cats)}")
    words: set[str] = set()
    for c in names:
        words.update(cats[c]["words"])
    return sorted(words)


def words_hash(words: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(sorted(set(words))).encode("utf-8")).hexdigest()
