"""Slogan patterns: numbered formulations, enumerations, sections, parallelism, quotations, diffusion."""

from .diffusion import diffusion, diffusion_mentions
from .enumerations import find_enumerations
from .lexicon import Lexicon, load_lexicon
from .numbered import find_numbered
from .parallels import find_parallels
from .quoted import find_quoted
from .sections import find_sections
from .spans import protected_spans

__all__ = [
    "Lexicon",
    "find_numbered",
    "load_lexicon",
    "diffusion", "diffusion_mentions", "find_enumerations", "find_parallels", "find_quoted", "find_sections",
    "protected_spans"]
