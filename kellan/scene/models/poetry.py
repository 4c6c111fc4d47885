"""Rhea's poetry in the picture: the verse overlay and the empathy threads."""

from __future__ import annotations

from pydantic import Field

from kellan.scene.models.common import Bool, Float, Model


class Poetry(Model):
    """What the show draws of Rhea's poetry. The verses themselves are always written
    (into the session's anthology.md); these only say what the picture shows."""

    show: Bool = Field(
        True,
        description="Show each new verse over the picture, fading in and out, in the "
        "window, in perform mode, in stills and in recordings.",
    )
    hold: Float = Field(
        10.0, ge=2.0, le=120.0,
        description="Seconds a verse stays on screen (fades included), unless a newer "
        "verse takes its place.",
    )  # fmt: skip
    text_size: Float = Field(
        0.042, ge=0.015, le=0.12,
        description="Height of the verse's letters as a fraction of the picture's height "
        "(0.042: 30 px at 720p, 45 px at 1080p; large enough for a projector).",
    )  # fmt: skip
    threads: Bool = Field(
        True,
        description="Empathy threads: glowing curves between participants whose emotions "
        "are close, brighter and thicker the closer they are.",
    )
    thread_above: Float = Field(
        0.7, ge=0.0, lt=1.0,
        description="Similarity (1 - PAD distance / 2√3) above which two participants "
        "are joined by a thread.",
    )  # fmt: skip
