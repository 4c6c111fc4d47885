"""The scene tree and the inspector: every section and item of the running scene, and
its fields as editors that change the show live (through the input path, as SetParam
events, so a replay reproduces them). Fields that need a new simulation are shown but
read-only: edit the file, and hot reload restarts the show."""

from __future__ import annotations

import typing
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel
from PyQt6.QtCore import Qt, QTimer
from PyQt6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDockWidget,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from kellan.dreamscape.frame import Frame, PersonView
from kellan.dreamscape.inputs import SetParam
from kellan.dreamscape.params import field_bounds, is_live
from kellan.gui.docks import people, scrolling
from kellan.scene.models import Scene

SECTIONS = ("camera", "dynamics", "protocol", "render", "poetry", "live")
LISTS = ("sculptures", "fractals")


def _base(annotation: Any) -> Any:
    """The plain type behind Annotated[...] and Optional[...]."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _base(typing.get_args(annotation)[0])
    if origin in (typing.Union, __import__("types").UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _base(args[0]) if len(args) == 1 else annotation
    return annotation


class Inspector(QWidget):
    """The fields of one model as editors; `send(path, value)` changes the show."""

    def __init__(self, send: Callable[[str, object], None]) -> None:
        super().__init__()
        self.send = send
        self.form = QFormLayout(self)
        self.path = ""
        self.editors: dict[str, QWidget] = {}

    def clear(self, path: str = "") -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.editors.clear()
        self.path = path

    def show_model(self, path: str, model: BaseModel) -> None:
        self.clear(path)
        for name, info in type(model).model_fields.items():
            value = getattr(model, name)
            if isinstance(value, BaseModel | tuple) and not _is_vector(value):
                continue
            key = info.alias or name
            full = f"{path}.{key}"
            editor = self._editor(full, info, value)
            if editor is None:
                continue
            live = is_live(full)
            editor.setEnabled(live)
            editor.setToolTip((info.description or "") + ("" if live else
                              "\n(needs a new simulation: edit the scene file)"))  # fmt: skip
            self.editors[full] = editor
            self.form.addRow(key, editor)

    def show_person(self, path: str, person: PersonView) -> None:
        """A participant's live fields: they are the show's, not the scene file's (people
        join live), so they come from the latest frame."""
        self.clear(path)
        for key, full, row, editor in people.person_editors(path, person, self.send):
            self.editors[full] = editor
            self.form.addRow(key, row)

    def _editor(self, full: str, info: Any, value: Any) -> QWidget | None:
        if value is None:
            # An optional field left to its default (a fractal's power, c, genome): the
            # scene file sets it.
            return QLabel("(default)")
        base = _base(info.annotation)
        if base is bool:
            box = QCheckBox()
            box.setChecked(bool(value))
            box.toggled.connect(lambda v, p=full: self.send(p, bool(v)))
            return box
        if typing.get_origin(base) is typing.Literal:
            combo = QComboBox()
            choices = [str(c) for c in typing.get_args(base)]
            combo.addItems(choices)
            if str(value) in choices:
                combo.setCurrentText(str(value))
            combo.currentTextChanged.connect(lambda v, p=full: self.send(p, v))
            return combo
        lo, hi = field_bounds(info)
        if base is int:
            spin = QSpinBox()
            spin.setRange(int(lo if lo is not None else -(2**31)),
                          int(hi if hi is not None else 2**31 - 1))  # fmt: skip
            spin.setValue(int(value))
            spin.editingFinished.connect(lambda s=spin, p=full: self.send(p, s.value()))
            return spin
        if base is float:
            spin = QDoubleSpinBox()
            spin.setDecimals(3)
            spin.setRange(lo if lo is not None else -1e6, hi if hi is not None else 1e6)
            spin.setSingleStep(0.05 if hi is not None and lo is not None and hi - lo <= 2 else 0.5)
            spin.setValue(float(value))
            spin.valueChanged.connect(lambda v, p=full: self.send(p, float(v)))
            return spin
        if base is str:
            line = QLineEdit(str(value))
            line.editingFinished.connect(lambda e=line, p=full: self.send(p, e.text()))
            return line
        label = QLabel(str(value))
        return label

    def refresh(self, model: BaseModel) -> None:
        """Show values that changed elsewhere (OSC, MIDI, presets), unless being edited."""
        for full, editor in self.editors.items():
            key = full.rsplit(".", 1)[-1]
            field = next((n for n, i in type(model).model_fields.items()
                          if key in (n, i.alias)), None)  # fmt: skip
            if field is None or editor.hasFocus():
                continue
            self._set(editor, getattr(model, field))

    def refresh_values(self, values: dict[str, object]) -> None:
        """As `refresh`, from values by full path."""
        for full, editor in self.editors.items():
            if full in values and not editor.hasFocus():
                self._set(editor, values[full])

    @staticmethod
    def _set(editor: QWidget, value: Any) -> None:
        # Blocked: showing a value must not send it back to the show as an edit.
        editor.blockSignals(True)
        if isinstance(editor, QCheckBox):
            editor.setChecked(bool(value))
        elif isinstance(editor, QDoubleSpinBox):
            editor.setValue(float(value))
        elif isinstance(editor, QSpinBox):
            editor.setValue(int(value))
        elif isinstance(editor, QComboBox):
            editor.setCurrentText(str(value))
        elif isinstance(editor, QLineEdit):
            editor.setText(str(value))
        editor.blockSignals(False)


def _is_vector(value: object) -> bool:
    return isinstance(value, tuple) and all(isinstance(v, int | float) for v in value)


class SceneDock(QDockWidget):
    """The scene as a tree; the selected item's fields in the inspector below it."""

    def __init__(self, send: Callable[[object], None], frames: Callable[[], Frame | None],
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__("Scene", parent)
        self.setObjectName("scene")
        self._send_event = send
        self.frames = frames
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.inspector = Inspector(self._send)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.tree)
        split.addWidget(scrolling(self.inspector))
        split.setSizes([240, 420])
        self.setWidget(split)
        self.tree.currentItemChanged.connect(lambda *_: self._select())
        self._scene: Scene | None = None
        self._people_item: QTreeWidgetItem | None = None
        # Who the participants branch shows, as (id, name, hue): the branch is only
        # touched when this changes, not at every refresh.
        self._shown_people: tuple[tuple[str, str, float], ...] = ()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)
        self._timer.start(250)

    def _send(self, path: str, value: object) -> None:
        self._send_event(SetParam(path, value))  # type: ignore[arg-type]

    def set_scene(self, scene: Scene) -> None:
        self._scene = scene
        self.tree.clear()
        for name in SECTIONS:
            QTreeWidgetItem(self.tree, [name]).setData(0, Qt.ItemDataRole.UserRole, name)
        for name in LISTS:
            parent = QTreeWidgetItem(self.tree, [name])
            for k, item in enumerate(getattr(scene, name)):
                label = getattr(item, "id", None) or f"{getattr(item, 'kind', name)} {k}"
                child = QTreeWidgetItem(parent, [label])
                child.setData(0, Qt.ItemDataRole.UserRole, f"{name}[{k}]")
                # A sculpture's material, answers, traces and guide, each editable.
                for part, value in item:
                    if isinstance(value, BaseModel):
                        sub = QTreeWidgetItem(child, [part])
                        sub.setData(0, Qt.ItemDataRole.UserRole, f"{name}[{k}].{part}")
            parent.setExpanded(True)
        # Who is present comes from the show's frames (people join and leave live); until
        # the first frame, the scene's own list is who will be.
        self._people_item = QTreeWidgetItem(self.tree, ["participants"])
        frame = self.frames()
        self._shown_people = ()
        self._sync_people(frame.people if frame is not None
                          else people.from_scene(scene.participants))  # fmt: skip
        self._people_item.setExpanded(True)
        events = QTreeWidgetItem(self.tree, [f"events ({len(scene.events)})"])
        for e in scene.events:
            who = getattr(e, "participant", "")
            QTreeWidgetItem(events, [f"{e.at:g} s  {e.kind}  {who}".rstrip()])
        self.tree.setCurrentItem(self.tree.topLevelItem(1))

    def _model_at(self, scene: Scene, path: str) -> BaseModel | None:
        """The model at `sculptures[1].material`, `fractals[0]` or `dynamics`."""
        node: object = scene
        for token in path.split("."):
            if "[" in token:
                name, index = token[:-1].split("[")
                items = getattr(node, name, ())
                node = items[int(index)] if int(index) < len(items) else None
            else:
                node = getattr(node, token, None)
            if node is None:
                return None
        return node if isinstance(node, BaseModel) else None

    def _select(self) -> None:
        item = self.tree.currentItem()
        path = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        scene = self._scene
        if not path or scene is None:
            # A heading (participants, events): nothing to edit, and the last item's
            # editors would look like its own.
            self.inspector.clear()
            return
        pid = people.person_id(path)
        if pid is not None:
            frame = self.frames()
            person = people.find(frame.people, pid) if frame is not None else None
            if person is not None:
                self.inspector.show_person(path, person)
            else:
                self.inspector.clear()
            return
        model = self._model_at(scene, path)
        if model is not None:
            self.inspector.show_model(path, model)

    def _sync_people(self, present: tuple[PersonView, ...]) -> None:
        """Bring the participants branch in step with `present`, if it changed."""
        shown = tuple((p.id, p.name, p.hue) for p in present)
        if self._people_item is None or shown == self._shown_people:
            return
        self._shown_people = shown
        people.sync_branch(self._people_item, present)

    def refresh(self) -> None:
        """Follow the show: who is present, and the shown fields' values."""
        frame = self.frames()
        if frame is None:
            return
        self._sync_people(frame.people)
        path = self.inspector.path
        pid = people.person_id(path)
        if pid is not None:
            person = people.find(frame.people, pid)
            if person is None:
                # They left: their item is gone, and their editors with it (an edit now
                # would only be refused by the show).
                self.inspector.clear()
            else:
                self.inspector.refresh_values(people.person_values(path, person))
            return
        if not path:
            return
        model = self._model_at(frame.scene, self.inspector.path)
        if model is not None:
            self.inspector.refresh(model)
