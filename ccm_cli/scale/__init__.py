"""Speed, behind two interfaces the lint engine calls (flake8's ``Manager``, ruff's ``cache.rs``).

==============  ==========================================================================
``executor``    how the engine's work is spread: :class:`~.executor.Serial` (this process)
                or :class:`~.executor.Forked` (worker processes that keep to lanes)
``store``       what a run keeps for the next: :class:`~.store.NoStore` or
                :class:`~.store.DiskStore` (``.ccm-cache/``: per-comm results, parsed YAML)
``keys``        what a stored result depends on, so that a stale one is never used
``cache_file``  the SQLite file behind the disk store; ``trust``: whether ccm may use it
``parsing``     many YAML files parsed at once: through the store, in worker processes
``lanes``       forked workers that each keep to a lane of neighbouring chunks
``memory``      the garbage collector around big, long-lived data
``lru``         a cache that keeps a bounded number of entries
==============  ==========================================================================

Rules, the loader (``project.py``, ``yamlio.py``) and the renderer (``render/``) never import
the executor, the store or what serves them: the loader is handed a store to parse through,
and the engine decides everything else. ``lru`` is the one exception: a data structure, not a
policy, that the renderer and the text library keep their per-text caches in.
"""
