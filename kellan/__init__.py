"""Kellan: real-time holographic visualization for collective-emotion installations."""

__version__ = "0.1.0"
