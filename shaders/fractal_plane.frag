// An escape-time fractal on a square in the scene, added into the HDR target after the
// exposure was measured (so it does not change it); u_gain undoes that exposure, so the
// plane keeps its brightness whatever the crowd's density.
#include "lib/escape.glsl"

uniform vec2 u_center;
uniform float u_extent;        // half the side of the square, on the complex plane
uniform float u_gain;
varying vec2 v_uv;

void main() {
    vec3 col = escape_colour(u_center + v_uv * u_extent);
    // Soft edges: the square fades out over its outer tenth instead of ending in a seam.
    vec2 e = smoothstep(1.0, 0.9, abs(v_uv));
    gl_FragColor = vec4(col * u_gain * e.x * e.y, 0.0);
}
