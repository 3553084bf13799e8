"""Execution engines: the same reading, cleaning, tokenization and counting, in memory or on Dask.

:func:`analyze` runs the pipeline ``read_corpus -> tokens -> dfm -> frequency`` (plus numbered formulations and
sections) with ``engine="local"`` (everything in memory, :func:`policytext.read_corpus` and friends) or
``engine="dask"`` (documents partitioned over a Dask cluster; only counts come back). Both engines give exactly
the same tables; see :mod:`policytext.engine.dask` for how corpus-global cleaning is reproduced.
"""

from .core import ENGINES, AnalysisResult, analyze

__all__ = ["ENGINES", "AnalysisResult", "analyze"]
