"""The scene format, version 1, as pydantic models (the single source of the schema)."""

from kellan.scene.models.common import (
    SCHEMA_VERSION,
    Bool,
    Float,
    Identifier,
    Int,
    Model,
    Str,
    Unit,
    Vec3,
    largest_component,
    rule_error,
)
from kellan.scene.models.fractal import BINDABLE, KINDS, Binding, CosinePalette, Fractal, Trap
from kellan.scene.models.live import Live, MidiMap, Osc, OscOut
from kellan.scene.models.look import GuideField, Sculpture
from kellan.scene.models.people import Emotion, Participant
from kellan.scene.models.poetry import Poetry
from kellan.scene.models.render import Render
from kellan.scene.models.scene import MAX_PARTICIPANTS, Scene
from kellan.scene.models.timeline import (
    EVENT_KINDS,
    EmotionEvent,
    Event,
    JoinEvent,
    LeaveEvent,
    MoodChange,
    Plutchik,
    ProtocolEvent,
    RiftEvent,
)
from kellan.scene.models.world import Camera, Dynamics, Protocol

__all__ = [
    "BINDABLE", "EVENT_KINDS", "KINDS", "MAX_PARTICIPANTS", "SCHEMA_VERSION", "Binding", "Bool",
    "Camera", "CosinePalette", "Dynamics", "Emotion", "EmotionEvent", "Event", "Float",
    "Fractal", "GuideField", "Identifier", "Int", "JoinEvent", "LeaveEvent", "Live", "MidiMap",
    "Model", "MoodChange", "Osc", "OscOut", "Participant", "Plutchik", "Poetry", "Protocol",
    "ProtocolEvent", "Render", "RiftEvent", "Scene", "Sculpture", "Str", "Trap", "Unit", "Vec3",
    "largest_component", "rule_error",
]  # fmt: skip
