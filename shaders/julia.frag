// Empathy fractal: a Julia set whose parameter follows the collective mood, coloured with
// its palette and written to a texture. Turning and dimming are applied later, in the
// composite pass, so the set is recomputed only when its parameter moves (or, slowly, as
// its palette drifts).
#include "lib/palette.glsl"

uniform vec2 u_c;              // Julia parameter from the collective valence/arousal
uniform float u_extent;        // half the side of the square of the plane this covers
uniform int u_iterations;
uniform int u_palette;
uniform float u_shift;         // palette drift
varying vec2 v_uv;

void main() {
    vec2 z = (v_uv * 2.0 - 1.0) * u_extent;
    const float bailout = 16.0;
    float n = 0.0;
    bool escaped = false;
    for (int i = 0; i < 1024; i++) {
        if (i >= u_iterations) break;
        z = vec2(z.x * z.x - z.y * z.y, 2.0 * z.x * z.y) + u_c;
        if (dot(z, z) > bailout * bailout) { escaped = true; break; }
        n += 1.0;
    }
    vec3 col = vec3(0.02, 0.01, 0.04);  // inside the set
    if (escaped) {
        // Smooth iteration count n - log2(log|z| / log B) for a degree-2 map; a log
        // scale spreads the colours over the few-iteration exterior too.
        float sn = n - log2(log(length(z)) / log(bailout));
        float t = log(1.0 + max(sn, 0.0)) / log(1.0 + float(u_iterations));
        col = named_palette(u_palette, t * 1.4 + u_shift) * (0.04 + 1.2 * t * t);
    }
    gl_FragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
