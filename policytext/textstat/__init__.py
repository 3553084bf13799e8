"""Text statistics on Tokens and DFMs: one module per measure family.

frequency (token counts, substring counts), tfidf, keyness, kwic, collocations, dictionary (themes, lookup),
similarity, topics.
"""

from .collocations import collocations
from .dictionary import Dictionary, DictionaryWarning, load_dictionary, lookup, policy_themes_path
from .frequency import count_substrings, frequency
from .keyness import MEASURES, chi2, g2, keyness, log_odds_dirichlet, log_ratio, pmi
from .kwic import kwic
from .similarity import similarity
from .tfidf import idf, tfidf
from .topics import TopicModel, choose_k, coherence, fit_topics, topic_grid

__all__ = [
    "MEASURES",
    "Dictionary",
    "DictionaryWarning",
    "TopicModel",
    "chi2",
    "choose_k",
    "coherence",
    "collocations",
    "count_substrings",
    "fit_topics",
    "frequency",
    "g2",
    "idf",
    "keyness",
    "kwic",
    "load_dictionary",
    "log_odds_dirichlet",
    "log_ratio",
    "lookup",
    "pmi",
    "policy_themes_path",
    "similarity",
    "tfidf",
    "topic_grid",
]
