"""Rhea's algorithmic poetry: verses from the measured state of the dream, and the
anthology they are collected in. No Qt and no GL: it runs in the live app, headless, or
on a finished session directory."""
