"""Recording: exact frame counts, identical frames from identical runs, interrupted files
that still play, sessions re-rendered to the show's hash."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import ROOT, headless_env, run_kellan
from tests.test_sessions import STORY

pytestmark = pytest.mark.gl
FFPROBE = shutil.which("ffprobe")


def frame_count(path: Path) -> int:
    out = subprocess.run(
        [FFPROBE, "-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries",
         "stream=nb_read_frames,codec_name", "-of", "json", str(path)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    stream = json.loads(out)["streams"][0]
    assert stream["codec_name"] == "h264"
    return int(stream["nb_read_frames"])


def decode(path: Path) -> np.ndarray:
    import imageio_ffmpeg

    frames = [np.frombuffer(f, np.uint8) for f in imageio_ffmpeg.read_frames(str(path))
              if isinstance(f, bytes)]  # fmt: skip
    return np.stack(frames)


@pytest.fixture
def scene(tmp_path: Path) -> Path:
    path = tmp_path / "story.toml"
    path.write_text(STORY)
    return path


@pytest.mark.skipif(FFPROBE is None, reason="ffprobe (Debian ffmpeg) is not installed")
def test_record_writes_an_h264_mp4_with_the_exact_frame_count(tmp_path, scene):
    out = tmp_path / "out.mp4"
    res = run_kellan("record", str(scene), "-o", str(out), "--fps", "24", "--duration", "1.5",
                     "--size", "320x180")  # fmt: skip
    assert res.returncode == 0, res.stderr
    assert frame_count(out) == 36


def test_two_recordings_decode_to_identical_frames(tmp_path, scene):
    outs = []
    for name in ("a.mp4", "b.mp4"):
        out = tmp_path / name
        res = run_kellan("record", str(scene), "-o", str(out), "--duration", "0.5",
                         "--size", "160x90")  # fmt: skip
        assert res.returncode == 0, res.stderr
        outs.append(decode(out))
    assert outs[0].shape[0] == 15 and np.array_equal(outs[0], outs[1])


def test_png_sequences_and_supersampled_stills(tmp_path, scene):
    res = run_kellan("record", str(scene), "-o", str(tmp_path / "f" / "%04d.png"),
                     "--duration", "0.2", "--size", "64x36")  # fmt: skip
    assert res.returncode == 0, res.stderr
    assert sorted(p.name for p in (tmp_path / "f").iterdir()) == [f"{k:04d}.png" for k in range(6)]
    still = tmp_path / "still.png"
    res = run_kellan("render", str(scene), "--time", "0.5", "--size", "200x100",
                     "--supersample", "2", "-o", str(still))  # fmt: skip
    assert res.returncode == 0, res.stderr
    from PIL import Image

    assert Image.open(still).size == (200, 100)


@pytest.mark.skipif(FFPROBE is None, reason="ffprobe (Debian ffmpeg) is not installed")
def test_an_interrupted_recording_stays_playable(tmp_path, scene):
    out = tmp_path / "cut.mp4"
    proc = subprocess.Popen(
        [sys.executable, "-m", "kellan", "record", str(scene), "-o", str(out), "--duration",
         "60", "--size", "160x90"],
        cwd=ROOT, env=headless_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and (not out.exists() or out.stat().st_size < 40_000):
        time.sleep(0.2)
    proc.send_signal(signal.SIGKILL)  # no chance to finish the file
    proc.wait()
    time.sleep(0.5)  # ffmpeg sees its input end and finishes its fragment
    assert frame_count(out) >= 30  # every whole second written plays


def test_a_session_re_renders_larger_to_the_shows_hash(tmp_path, scene):
    session = tmp_path / "session"
    res = run_kellan("play", str(scene), "--headless", "--fast", "--duration", "1.5",
                     "--record", str(session))  # fmt: skip
    assert res.returncode == 0, res.stderr
    line = res.stdout.strip().splitlines()[-1]
    out = tmp_path / "film.mp4"
    res = run_kellan("record", "--session", str(session), "-o", str(out), "--size", "320x180",
                     "--fps", "20")  # fmt: skip
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip().splitlines()[-1] == line
    if FFPROBE:
        assert frame_count(out) == 31  # 0 .. 1.5 s at 20 fps, both ends included
