// What every pass of a hologram (depth, emission, halo, wireframe) must agree on: where the
// glitch bands slip and where the rift's crack splits the shape. The vertex shader moves
// the vertices with these, and the emission shader finds the same bands and cracks again
// per pixel, so the light lands exactly on the displaced geometry.
#include "lib/hash.glsl"

uniform vec3 u_axis;        // the scan axis in world space (unit length)
uniform vec3 u_across;      // a world direction across it: where glitch bands slip to
uniform vec3 u_centre;      // the sculpture's origin in world space
uniform float u_size;       // world units per object unit (its scale, with its breath)
uniform float u_seed;       // per sculpture, so that two sculptures never glitch in step
uniform float u_time;
uniform float u_glitch;     // burst amount: 0 none, 1 a burst in every slot, more: wider
uniform float u_crack;      // the rift's crack, 1 when it opens, 0 once mended
uniform vec4 u_crack_plane[3];  // object space: unit normal, offset
uniform vec4 u_crack_jag[3];    // object space: direction of the zig-zag, its frequency

const float GLITCH_SLOTS_HZ = 3.0;   // how often a burst may start
const float GLITCH_TICK_HZ = 14.0;   // how often the bands of a burst jump
const float GLITCH_BANDS = 7.0;      // bands per object unit along the axis
const float GLITCH_REACH = 0.14;     // the farthest a band slips, object units
const float CRACK_OPEN = 0.07;       // how far the two halves part at a fresh crack

// How far (object units, along u_across) the band at `s` slips now: `s` is the distance
// along the axis from the centre in object units. 0 outside a burst and in calm bands.
// Slips run across the axis, so a slipped point keeps its `s` and the fragment shader
// finds its band again from the displaced position.
float glitch_slip(float s) {
    if (u_glitch <= 0.0) return 0.0;
    float g = min(u_glitch, 1.0);
    float slot = floor(u_time * GLITCH_SLOTS_HZ);
    // A slot bursts with probability g (always at g = 1).
    if (hash11(slot * 1.618 + u_seed) >= g) return 0.0;
    float tick = floor(u_time * GLITCH_TICK_HZ);
    float band = floor(s * GLITCH_BANDS + 3.0 * hash11(tick + u_seed * 3.0));
    float pick = hash11(band * 0.713 + tick * 1.37 + u_seed);
    if (pick >= 0.2 + 0.35 * g) return 0.0;
    return (hash11(band * 3.17 + tick + u_seed * 5.0) - 0.5) * 2.0 * GLITCH_REACH
           * min(u_glitch, 2.0);
}

// A triangle wave in -1..1 (cheaper than sin on software GL, and jagged: a crack).
float tri_wave(float x) {
    return abs(fract(x) * 4.0 - 2.0) - 1.0;
}

// Signed distance (object units) from the k-th crack's jagged surface.
float crack_distance(vec3 p, vec4 plane, vec4 jag) {
    float zig = tri_wave(dot(p, jag.xyz) * jag.w) * 0.045
              + tri_wave(dot(p, jag.xyz) * jag.w * 2.7 + 0.3) * 0.015;
    return dot(p, plane.xyz) - plane.w + zig;
}

// Where the crack splits the shape: -1 or 1 for the side of the first (main) crack.
float crack_side(vec3 p) {
    return crack_distance(p, u_crack_plane[0], u_crack_jag[0]) < 0.0 ? -1.0 : 1.0;
}
