"""A Kellan scene file (TOML), format version 1: everything together."""

from __future__ import annotations

from pydantic import Field, model_validator

from kellan.scene.models.common import SCHEMA_VERSION, Int, Model, Str, rule_error
from kellan.scene.models.fractal import Fractal
from kellan.scene.models.live import Live
from kellan.scene.models.look import Sculpture
from kellan.scene.models.people import Participant
from kellan.scene.models.poetry import Poetry
from kellan.scene.models.render import Render
from kellan.scene.models.timeline import Event
from kellan.scene.models.world import Camera, Dynamics, Protocol

# The core's participant slots (kellan.core.simulation.MAX_PARTICIPANTS): the most people
# a show holds at once, named in the scene or joined live.
MAX_PARTICIPANTS = 64


class Scene(Model):
    """A Kellan scene file (TOML), format version 1."""

    schema_version: Int = Field(
        alias="schema",
        ge=SCHEMA_VERSION,
        le=SCHEMA_VERSION,
        description="Scene format version.",
        json_schema_extra={"const": SCHEMA_VERSION},
    )
    title: Str = Field(min_length=1, max_length=200)
    seed: Int = Field(ge=0, lt=2**32, description="Seeds every random source of the scene.")
    camera: Camera = Camera()
    dynamics: Dynamics = Dynamics()
    participants: tuple[Participant, ...] = Field(min_length=1, max_length=MAX_PARTICIPANTS)
    sculptures: tuple[Sculpture, ...] = Field((), max_length=16)
    fractals: tuple[Fractal, ...] = Field((), max_length=8)
    protocol: Protocol = Protocol()
    render: Render = Render()
    poetry: Poetry = Poetry()
    live: Live = Live()
    events: tuple[Event, ...] = Field((), max_length=1024)

    @model_validator(mode="after")
    def _unique_ids(self) -> Scene:
        for group in ("participants", "sculptures"):
            seen: dict[str, int] = {}
            for k, item in enumerate(getattr(self, group)):
                if item.id in seen:
                    raise rule_error(
                        f"{group}[{k}].id",
                        f"id {item.id!r} is already used by {group}[{seen[item.id]}]",
                    )
                seen[item.id] = k
        ids = {p.id for p in self.participants}
        for i, fractal in enumerate(self.fractals):
            for k, b in enumerate(fractal.bind):
                if b.source != "collective" and b.source not in ids:
                    raise rule_error(
                        f"fractals[{i}].bind[{k}].source",
                        f"{b.source!r} is neither \"collective\" nor a participant's id",
                    )
        return self
