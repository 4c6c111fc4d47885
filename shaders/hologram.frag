// Hologram material: fresnel rim emission, moving scanlines and flicker, drawn additively
// after a depth pre-pass so that back faces stay hidden.
#include "lib/hash.glsl"

uniform vec3 u_eye;
uniform vec3 u_color;
uniform float u_rim_power;
uniform float u_time;
uniform float u_opacity;

varying vec3 v_world;
varying vec3 v_normal;

void main() {
    vec3 n = normalize(v_normal);
    vec3 v = normalize(u_eye - v_world);
    float facing = abs(dot(n, v));
    float rim = pow(1.0 - facing, u_rim_power);
    // Scanlines scroll upward through the sculpture in world space.
    float scan = 0.75 + 0.25 * smoothstep(0.3, 0.7, fract(v_world.y * 14.0 - u_time * 0.8));
    float flicker = 0.9 + 0.1 * hash11(floor(u_time * 24.0));
    // Thin-film style tint: the rim shifts hue slightly with the viewing angle.
    vec3 film = u_color + 0.25 * vec3(rim, 0.3 * rim, -0.4 * rim);
    vec3 col = film * (0.06 + 1.5 * rim) * scan * flicker * u_opacity;
    gl_FragColor = vec4(col, 1.0);
}
