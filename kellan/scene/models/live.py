"""Live input: emotion smoothing, OSC in and out, MIDI mappings."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from kellan.scene.models.common import Bool, Float, Int, Model, Str

Port = Annotated[int, Field(ge=1, le=65535, strict=True)]
# A MIDI mapping's ends: any parameter's value (the largest range is a trace's half-life,
# a year in seconds), but never a number that overflows float32 on the way to the GPU.
MidiValue = Annotated[float, Field(ge=-1e9, le=1e9, strict=True)]


class Osc(Model):
    """The OSC server (UDP). It listens on this machine only unless `host` says otherwise."""

    enabled: Bool = True
    host: Str = Field(
        "127.0.0.1",
        min_length=1,
        max_length=255,
        description="Interface to bind: 127.0.0.1 (this machine) or 0.0.0.0 (every one).",
    )
    port: Annotated[int, Field(ge=0, le=65535, strict=True)] = Field(
        9000,
        description="UDP port; art tools commonly use 7000, 8000 or 9000; 0 takes any free "
        "port (it is printed at start).",
    )


class OscOut(Model):
    """Send the collective state to other tools, at a set rate."""

    enabled: Bool = False
    host: Str = Field("127.0.0.1", min_length=1, max_length=255)
    port: Port = 9001
    rate: Float = Field(10.0, gt=0.0, le=120.0, description="Messages per second.")


class MidiMap(Model):
    """One MIDI control change mapped onto a parameter's range."""

    cc: Int = Field(ge=0, le=127, description="Controller number.")
    channel: Int | None = Field(None, ge=1, le=16, description="1..16; left out: any channel.")
    target: Str = Field(
        min_length=1,
        max_length=200,
        description="A bindable parameter: 'dynamics.unity', 'protocol.gain', "
        "'participants.rhea.pleasure', ...",
    )
    min: MidiValue | None = Field(
        None, description="Value at CC 0 (default: the parameter's minimum)."
    )
    max: MidiValue | None = Field(None, description="Value at CC 127 (default: its maximum).")


class Live(Model):
    """How live input reaches the dreamscape."""

    smoothing: Float = Field(
        0.8,
        ge=0.0,
        le=30.0,
        description="Seconds (time constant) for an emotion change to reach the particles: "
        "a jump in the input does not jump the picture.",
    )
    leave_fade: Float = Field(
        3.0, gt=0.0, le=120.0, description="Seconds for a leaver's particles to fade."
    )
    osc: Osc = Osc()
    osc_out: OscOut = OscOut()
    midi: tuple[MidiMap, ...] = Field((), max_length=128)
