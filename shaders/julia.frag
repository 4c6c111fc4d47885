// Empathy fractal: a Julia set whose parameter follows the collective mood.
#include "lib/palette.glsl"

uniform vec2 u_c;              // Julia parameter from the collective valence/arousal
uniform vec2 u_resolution;     // viewport in pixels
uniform float u_zoom;
uniform float u_time;
uniform float u_intensity;
uniform int u_iterations;
uniform int u_palette;

varying vec2 v_uv;

void main() {
    float aspect = u_resolution.x / u_resolution.y;
    vec2 p = (v_uv * 2.0 - 1.0) * vec2(aspect, 1.0) * (1.25 / u_zoom);
    // A slow rotation keeps the backdrop alive even when nobody's mood changes.
    float a = u_time * 0.02;
    vec2 z = vec2(cos(a) * p.x - sin(a) * p.y, sin(a) * p.x + cos(a) * p.y);
    const float bailout = 16.0;
    float n = 0.0;
    bool escaped = false;
    for (int i = 0; i < 1024; i++) {
        if (i >= u_iterations) break;
        z = vec2(z.x * z.x - z.y * z.y, 2.0 * z.x * z.y) + u_c;
        if (dot(z, z) > bailout * bailout) { escaped = true; break; }
        n += 1.0;
    }
    vec3 col = vec3(0.0);
    if (escaped) {
        // Smooth iteration count n - log2(log|z| / log B) for a degree-2 map.
        float sn = n - log2(log(length(z)) / log(bailout));
        // Log scale spreads the colours over the few-iteration exterior too.
        float t = log(1.0 + max(sn, 0.0)) / log(1.0 + float(u_iterations));
        col = named_palette(u_palette, t * 1.4 + u_time * 0.01) * (0.04 + 1.2 * t * t);
    } else {
        col = vec3(0.02, 0.01, 0.04);
    }
    // Keep the centre calmer so the sculpture and particles read on top of it.
    vec2 q = v_uv - 0.5;
    float vignette = 1.0 - smoothstep(0.25, 0.85, length(q * vec2(aspect, 1.0)));
    gl_FragColor = vec4(col * u_intensity * (0.35 + 0.65 * vignette), 1.0);
}
