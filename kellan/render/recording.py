"""Recording, not in real time, so that no frame is ever dropped: every output frame is
drawn offscreen, as a still is, after the simulation has stepped exactly as far as that
frame's time needs; the frames go to ffmpeg (imageio-ffmpeg's binary) as H.264 MP4, or to
a numbered PNG sequence.

The MP4 is fragmented (a fragment a second, each starting on a keyframe), so a recording
that is interrupted (Ctrl+C, a crash, a full disk) still leaves a playable file of every
whole second written.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from kellan.render.image_file import write_image

PNG_PATTERN = re.compile(r"%0?\d*d")


class RecordingError(Exception):
    """The output cannot be written; one line naming it."""


@dataclass(frozen=True)
class FrameTimes:
    """Which simulation step each output frame shows: frame k is at show time
    start + k / fps, i.e. at step round(that · step_hz)."""

    fps: float
    step_hz: float
    start: float
    frames: int

    def step(self, k: int) -> int:
        return round((self.start + k / self.fps) * self.step_hz)

    def __iter__(self) -> Iterator[int]:
        return (self.step(k) for k in range(self.frames))


def supersampled(image: np.ndarray, factor: int) -> np.ndarray:
    """Average `factor` x `factor` blocks: a still drawn larger, brought to size."""
    if factor <= 1:
        return image
    h, w = image.shape[0] // factor, image.shape[1] // factor
    blocks = image[: h * factor, : w * factor].reshape(h, factor, w, factor, -1)
    return blocks.astype(np.float32).mean(axis=(1, 3)).round().astype(np.uint8)


class FrameSink:
    """Where recorded frames go: an MP4 through ffmpeg, or PNG files."""

    def __init__(self, output: Path, size: tuple[int, int], fps: float) -> None:
        self.output = Path(output)
        self.size = size
        self.fps = fps
        self.written = 0
        self._proc: subprocess.Popen[bytes] | None = None
        name = self.output.name
        if PNG_PATTERN.search(name):
            if self.output.suffix.lower() != ".png":
                raise RecordingError(f"{output}: a frame sequence is written as .png")
            self.output.parent.mkdir(parents=True, exist_ok=True)
            self.kind = "png"
        elif self.output.suffix.lower() in (".mp4", ".m4v", ".mov"):
            self.kind = "mp4"
            self._start_ffmpeg()
        else:
            raise RecordingError(f"{output}: record to .mp4 or to a PNG pattern such as "
                                 "frames/%05d.png")  # fmt: skip

    def _start_ffmpeg(self) -> None:
        import imageio_ffmpeg

        w, h = self.size
        if w % 2 or h % 2:
            raise RecordingError(f"{self.output}: H.264 needs an even width and height")
        try:
            self.output.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise RecordingError(f"{self.output}: cannot write: {exc.strerror}") from None
        g = max(1, round(self.fps))
        cmd = [
            imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y",
            "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{w}x{h}", "-r", f"{self.fps:g}",
            "-i", "-",
            "-c:v", "libx264", "-preset", "medium", "-crf", "17", "-pix_fmt", "yuv420p",
            # A keyframe and a fragment every second: an interrupted file still plays.
            "-g", str(g), "-keyint_min", str(g), "-sc_threshold", "0",
            "-movflags", "+frag_keyframe+empty_moov+default_base_moof",
            # One encoder thread: the same frames always give the same file.
            "-threads", "1",
            str(self.output),
        ]  # fmt: skip
        try:
            self._proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stderr=subprocess.PIPE)
        except OSError as exc:
            raise RecordingError(f"cannot start ffmpeg: {exc}") from None

    def write(self, rgba: np.ndarray) -> None:
        if self.kind == "png":
            path = Path(str(self.output).replace(
                PNG_PATTERN.search(self.output.name).group(0),  # type: ignore[union-attr]
                PNG_PATTERN.search(self.output.name).group(0) % self.written,  # type: ignore[union-attr]
            ))  # fmt: skip
            write_image(path, rgba)
        else:
            assert self._proc is not None and self._proc.stdin is not None
            try:
                self._proc.stdin.write(np.ascontiguousarray(rgba[..., :3]).tobytes())
            except BrokenPipeError:
                raise RecordingError(f"{self.output}: ffmpeg stopped: {self._stderr()}") from None
        self.written += 1

    def _stderr(self) -> str:
        if self._proc is None or self._proc.stderr is None:
            return ""
        return self._proc.stderr.read().decode(errors="replace").strip()[:300]

    def close(self) -> None:
        if self._proc is None:
            return
        assert self._proc.stdin is not None
        self._proc.stdin.close()
        code = self._proc.wait()
        if code != 0:
            raise RecordingError(f"{self.output}: ffmpeg failed ({code}): {self._stderr()}")
        self._proc = None


def record_frames(render: Callable[[int], np.ndarray], times: FrameTimes, sink: FrameSink,
                  progress: Callable[[int], None] | None = None) -> None:  # fmt: skip
    """Draw every frame (render(step) -> RGBA) into the sink, in order."""
    try:
        for k, step in enumerate(times):
            sink.write(render(step))
            if progress is not None:
                progress(k + 1)
    finally:
        sink.close()


def resize_to(image: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    if image.shape[1] == size[0] and image.shape[0] == size[1]:
        return image
    return np.asarray(Image.fromarray(image).resize(size, Image.Resampling.LANCZOS))
