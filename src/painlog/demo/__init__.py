"""The sample journal of ``painlog demo`` and of the benchmarks."""
