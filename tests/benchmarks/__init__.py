"""Tests of the optimizer benchmarks: instance parsers and adapters."""
