// The one full-resolution pass that makes the picture: the tone-mapped foreground
// (sprites or the density image, and the sculptures) screened over the underlay (the
// fractal backdrop and the bloom, prepared at half resolution). A screen blend never
// clips. On software GL each full-resolution texture read costs milliseconds, so this
// pass reads two: the foreground 1:1 (nearest) and the 8-bit underlay.
#include "lib/tonemap.glsl"

uniform sampler2D u_hdr;
uniform sampler2D u_underlay;
uniform float u_exposure;
uniform float u_brightness;
uniform float u_gamma;
uniform float u_vibrancy;
varying vec2 v_uv;

void main() {
    vec3 fg = tone_map(texture2D(u_hdr, v_uv).rgb * u_exposure, u_brightness, u_gamma,
                       u_vibrancy);
    vec3 under = texture2D(u_underlay, v_uv).rgb;
    gl_FragColor = vec4(1.0 - (1.0 - fg) * (1.0 - under), 1.0);
}
