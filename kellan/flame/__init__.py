"""Fractal flames (Draves & Reckase): flam3 genomes, a numba chaos game with all of
flam3's variations, and flam3's log-density tone map.

Non-GL and non-Qt (numpy, numba and, to write PNGs, Pillow). The modules, by job:

- genome: `load_flame(path, index) -> (Flame, warnings)`, frozen dataclasses, FlameError
- variations: flam3's variation numbering and parameters
- kernel: the chaos game and every variation (numba, one file for numba's cache)
- pack, camera, chaos: a Flame laid out for the kernel, the framing, the batch driver
- tonemap: flam3's tone map on the CPU (and the constants of the GPU one)
- render: `render(flame, size, quality, seed)`, as flam3-render does
- progressive, bindings: the live app's refining flame and genome edits for emotions
- cli, bench: `kellan flame` and `kellan bench flame`
"""
