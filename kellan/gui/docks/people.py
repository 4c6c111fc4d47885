"""The participants in the scene tree: who is present now (people join and leave live,
through OSC or the Participants dock, so the scene file's list is only where the show
started), and their live fields in the inspector: name, hue and where their mood aims.

Each edit is a SetParam (`participants.<id>.hue`), as OSC's /kellan/param/... sends it,
so a session replays it."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import (
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTreeWidgetItem,
    QWidget,
)

from kellan.dreamscape.frame import PersonView
from kellan.dreamscape.params import EMOTION_AXES
from kellan.gui.participants import identity_colour
from kellan.scene.models import Participant

PREFIX = "participants."
# The show takes 0 <= hue < 360; one decimal is finer than anyone can see.
HUE_MAX = 359.9


def person_path(person_id: str) -> str:
    return f"{PREFIX}{person_id}"


def person_id(path: str) -> str | None:
    """The id in `participants.<id>`, or None for any other path."""
    if not path.startswith(PREFIX):
        return None
    rest = path.removeprefix(PREFIX)
    return rest or None


def label(person: PersonView) -> str:
    return f"{person.name} ({person.id})"


def sync_branch(branch: QTreeWidgetItem, people: Sequence[PersonView]) -> None:
    """Make `branch`'s children the people present, in the show's order, touching only
    the items that changed (so the tree keeps its selection and expansion)."""
    wanted = {p.id: p for p in people}
    for k in reversed(range(branch.childCount())):
        child = branch.child(k)
        pid = person_id(str(child.data(0, Qt.ItemDataRole.UserRole) or ""))
        if pid not in wanted:
            tree = branch.treeWidget()
            if tree is not None and tree.currentItem() is child:
                # Else Qt makes a neighbour current, and the inspector jumps to them.
                tree.setCurrentItem(branch)
            branch.removeChild(child)
    have = {person_id(str(branch.child(k).data(0, Qt.ItemDataRole.UserRole))): branch.child(k)
            for k in range(branch.childCount())}  # fmt: skip
    for index, person in enumerate(people):
        item = have.get(person.id)
        if item is None:
            item = QTreeWidgetItem([label(person)])
            item.setData(0, Qt.ItemDataRole.UserRole, person_path(person.id))
            branch.insertChild(min(index, branch.childCount()), item)
        elif item.text(0) != label(person):
            item.setText(0, label(person))
        item.setForeground(0, identity_colour(person.hue))


class HueSpin(QDoubleSpinBox):
    """Degrees that wrap around the wheel, with a swatch of the colour the pads give it."""

    def __init__(self) -> None:
        super().__init__()
        self.swatch = QLabel()
        self.swatch.setFixedSize(18, 18)
        self.setDecimals(1)
        self.setRange(0.0, HUE_MAX)
        self.setWrapping(True)  # past 359.9 comes round to 0, as hue does
        self.setSingleStep(5.0)
        self.setSuffix("°")
        self.valueChanged.connect(self._paint)

    def setValue(self, value: float) -> None:
        # Also paints here: a refresh from the show sets the value with the signals
        # blocked (so it is not sent back as an edit), and valueChanged never comes.
        super().setValue(value)
        self._paint(self.value())

    def _paint(self, value: float) -> None:
        self.swatch.setStyleSheet(f"background: {identity_colour(value).name()};"
                                  "border: 1px solid #555;")  # fmt: skip


def hue_editor(full: str, hue: float, send: Callable[[str, object], None]
               ) -> tuple[QWidget, QDoubleSpinBox]:  # fmt: skip
    """The hue's row (swatch and spin box) and the spin box that `refresh_values` sets."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    spin = HueSpin()
    spin.setValue(hue)
    swatch = spin.swatch
    spin.valueChanged.connect(lambda v: send(full, float(v)))
    layout.addWidget(swatch)
    layout.addWidget(spin, 1)
    return row, spin


def person_editors(path: str, person: PersonView, send: Callable[[str, object], None]
                   ) -> list[tuple[str, str, QWidget, QWidget]]:  # fmt: skip
    """(label, full path, row widget, value editor) for each live field of `person`."""
    rows: list[tuple[str, str, QWidget, QWidget]] = []
    name = QLineEdit(person.name)
    name.setMaxLength(80)  # what the show accepts
    name.editingFinished.connect(lambda: name.text() and send(f"{path}.name", name.text()))
    rows.append(("name", f"{path}.name", name, name))
    row, spin = hue_editor(f"{path}.hue", person.hue, send)
    rows.append(("hue", f"{path}.hue", row, spin))
    for k, axis in enumerate(EMOTION_AXES):
        mood = QDoubleSpinBox()
        mood.setDecimals(2)
        mood.setRange(-1.0, 1.0)
        mood.setSingleStep(0.05)
        mood.setValue(person.target[k])
        mood.valueChanged.connect(lambda v, p=f"{path}.{axis}": send(p, float(v)))
        mood.setToolTip(f"Where {person.name}'s mood aims ({axis}); the particles follow.")
        rows.append((axis, f"{path}.{axis}", mood, mood))
    return rows


def person_values(path: str, person: PersonView) -> dict[str, object]:
    """The current value behind each editor of `person_editors`, by full path."""
    values: dict[str, object] = {f"{path}.name": person.name, f"{path}.hue": person.hue}
    for k, axis in enumerate(EMOTION_AXES):
        values[f"{path}.{axis}"] = person.target[k]
    return values


def from_scene(participants: Sequence[Participant]) -> tuple[PersonView, ...]:
    """The scene file's participants as the show will start them (before its first frame)."""
    return tuple(
        PersonView(p.id, p.name, p.hue, k, pad, pad, 0)
        for k, p in enumerate(participants)
        for pad in [(p.emotion.pleasure, p.emotion.arousal, p.emotion.dominance)]
    )


def find(people: Sequence[PersonView], pid: str) -> PersonView | None:
    return next((p for p in people if p.id == pid), None)
