"""Slogan patterns: numbered formulations, enumerations, sections, parallelism, quotations, diffusion."""

from .spans import protected_spans

# --- structure finders: sections, enumerations, parallels, quotations ---
from .enumerations import find_enumerations
from .parallels import find_parallels
from .quoted import find_quoted
from .sections import find_sections

__all__ = ["find_enumerations", "find_parallels", "find_quoted", "find_sections", "protected_spans"]
