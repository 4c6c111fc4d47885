"""What the window remembers between runs (QSettings): its layout, the recent scenes, and
the display settings of perform mode (frame-rate cap, vsync, output display)."""

from __future__ import annotations

from pathlib import Path

from PyQt6.QtCore import QByteArray, QSettings

MAX_RECENT = 8
FPS_CAPS = (0, 24, 30, 50, 60)  # 0: as fast as the machine draws


class WindowSettings:
    def __init__(self, settings: QSettings | None = None) -> None:
        self.qt = settings or QSettings("Kellan", "Kellan")

    # -- recent scenes ---------------------------------------------------------------
    def recent(self) -> list[Path]:
        raw = self.qt.value("recent", [])
        names = [raw] if isinstance(raw, str) else list(raw or [])
        return [Path(n) for n in names if n and Path(n).is_file()][:MAX_RECENT]

    def add_recent(self, path: Path) -> list[Path]:
        path = path.resolve()
        paths = [path, *(p for p in self.recent() if p.resolve() != path)][:MAX_RECENT]
        self.qt.setValue("recent", [str(p) for p in paths])
        return paths

    # -- layout ----------------------------------------------------------------------
    def layout(self) -> tuple[QByteArray | None, QByteArray | None]:
        geometry = self.qt.value("window/geometry")
        state = self.qt.value("window/state")
        return (geometry if isinstance(geometry, QByteArray) else None,
                state if isinstance(state, QByteArray) else None)  # fmt: skip

    def save_layout(self, geometry: QByteArray, state: QByteArray) -> None:
        self.qt.setValue("window/geometry", geometry)
        self.qt.setValue("window/state", state)
        self.qt.sync()

    # -- display ---------------------------------------------------------------------
    def _int(self, key: str, default: int) -> int:
        try:
            return int(self.qt.value(key, default))
        except (TypeError, ValueError):
            return default

    @property
    def fps_cap(self) -> int:
        cap = self._int("display/fps_cap", 0)
        return cap if cap in FPS_CAPS else 0

    @fps_cap.setter
    def fps_cap(self, value: int) -> None:
        self.qt.setValue("display/fps_cap", int(value))

    @property
    def vsync(self) -> bool:
        return str(self.qt.value("display/vsync", "false")).lower() == "true"

    @vsync.setter
    def vsync(self, value: bool) -> None:
        self.qt.setValue("display/vsync", "true" if value else "false")

    @property
    def screen(self) -> str | None:
        value = self.qt.value("display/screen", "")
        return str(value) if value else None

    @screen.setter
    def screen(self, value: str | None) -> None:
        self.qt.setValue("display/screen", value or "")

    @property
    def film_size(self) -> tuple[int, int]:
        """The size the record button films at."""
        raw = str(self.qt.value("record/size", "1280x720"))
        try:
            w, h = (int(v) for v in raw.split("x"))
        except ValueError:
            return (1280, 720)
        return (w, h) if 16 <= w <= 8192 and 16 <= h <= 8192 else (1280, 720)

    @film_size.setter
    def film_size(self, size: tuple[int, int]) -> None:
        self.qt.setValue("record/size", f"{size[0]}x{size[1]}")
