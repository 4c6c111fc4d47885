"""The simulation core: particle state, emotion model and the numba step.

This package imports only numpy and numba (enforced by import-linter), so it can be
benchmarked, tested and reused without any GUI or GL stack.
"""
