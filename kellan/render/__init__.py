"""Rendering with vispy's gloo: no Qt here, so the same code draws in the GUI's canvas
and offscreen through EGL (enforced by import-linter)."""
