"""Slogan patterns: numbered formulations, enumerations, sections, parallelism, quotations, diffusion."""

from .spans import protected_spans

# --- numbered formulations and lexicon ---
from .lexicon import Lexicon, load_lexicon
from .numbered import find_numbered

# --- structure finders: sections, enumerations, parallels, quotations ---
from .diffusion import diffusion
from .enumerations import find_enumerations
from .parallels import find_parallels
from .quoted import find_quoted
from .sections import find_sections

__all__ = [
    "Lexicon",
    "find_numbered",
    "load_lexicon",
    "diffusion", "find_enumerations", "find_parallels", "find_quoted", "find_sections", "protected_spans"]
