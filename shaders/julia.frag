// Empathy fractal backdrop: a Julia or Mandelbrot set (lib/escape.glsl) coloured with its
// palette and written to a texture. Turning and dimming are applied later, in the
// underlay pass, so the set is recomputed only when a parameter moves (or, slowly, as its
// palette drifts).
#include "lib/escape.glsl"

uniform vec2 u_center;         // the middle of the square this covers, on the plane
uniform float u_extent;        // half the side of that square
varying vec2 v_uv;

void main() {
    gl_FragColor = vec4(escape_colour(u_center + (v_uv * 2.0 - 1.0) * u_extent), 1.0);
}
