"""Slogan patterns: numbered formulations, enumerations, sections, parallelism, quotations, diffusion."""

from .spans import protected_spans

__all__ = ["protected_spans"]
