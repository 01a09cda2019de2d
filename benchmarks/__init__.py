"""Speed measured against baselines in the same run, and load from many sessions: run each from
the project's folder as a module (``python -m benchmarks.run``, ``python -m benchmarks.load_test``);
results are kept in ``benchmarks/RESULTS.md``."""
