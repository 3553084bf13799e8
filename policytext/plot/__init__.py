"""Plots for policytext results, with Chinese that renders right after ``pip install``.

Every function takes the DataFrame a statistics function returned (or a Corpus where natural), an optional
``ax=``, keyword-only options, and returns the matplotlib Axes; none calls ``show()``. The bundled CJK font
(Noto Sans CJK SC, OFL) is applied per figure; the global ``matplotlib.rcParams`` are never changed.

>>> import pandas as pd
>>> import policytext as pt
>>> freq = pd.DataFrame({"feature": ["发展", "改革"], "frequency": [12, 8]})
>>> ax = pt.plot.frequency_bars(freq)
>>> ax.get_yticklabels()[-1].get_text()
'发展'
"""

from .bars import frequency_bars, keyness_bars, keyness_scatter, topic_terms_bars
from .dispersion import lexical_dispersion
from .fonts import apply_font, chinese_font, font_path, font_properties, register_font, savefig
from .formulations import formulation_summary, formulations_chart
from .heatmap import theme_heatmap
from .trends import term_trends, trend_table

__all__ = [
    "apply_font",
    "chinese_font",
    "font_path",
    "font_properties",
    "formulation_summary",
    "formulations_chart",
    "frequency_bars",
    "keyness_bars",
    "keyness_scatter",
    "lexical_dispersion",
    "register_font",
    "savefig",
    "term_trends",
    "theme_heatmap",
    "topic_terms_bars",
    "trend_table",
]
