// The bloom's first pass: the quarter-size foreground (linear radiance), tone-mapped with
// this frame's exposure and scaled by the bloom's strength. The bloom then lives in
// display range, where it is blurred and stored in 8 bits, and screened over the
// backdrop.
#include "lib/tonemap.glsl"

uniform sampler2D u_source;
uniform float u_exposure;
uniform float u_brightness;
uniform float u_gamma;
uniform float u_strength;
varying vec2 v_uv;

void main() {
    vec3 c = tone_map(texture2D(u_source, v_uv).rgb * u_exposure, u_brightness, u_gamma, 1.0);
    gl_FragColor = vec4(clamp(c * u_strength, 0.0, 1.0), 1.0);
}
