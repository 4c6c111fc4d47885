// Fractal flame tone map (flam3's, per texel): log density, gamma with a linear ramp
// below the threshold, vibrancy, highlight power and background.
// The histogram texture holds, per pixel, the sums of palette colour (rgb) and the
// density (a), as kellan.flame.progressive.ProgressiveFlame accumulates them; row 0 is
// the top of the picture. k1 and k2 normalise for brightness and the number of samples
// so far (kellan.flame.tonemap.tone_constants computes them on the CPU).
#include "lib/flame_tone.glsl"

uniform sampler2D u_hist;
uniform float u_k1;            // brightness * 255 * 268 / 256
uniform float u_k2;            // 1 / (255 * expected hits per pixel)
uniform float u_inv_gamma;     // 1 / gamma
uniform float u_linrange;      // gamma_threshold
uniform float u_vibrancy;
uniform float u_highpow;       // highlight_power (< 0: flam3's old clipping)
uniform vec3 u_background;     // 0..1

varying vec2 v_uv;

void main() {
    vec4 h = texture2D(u_hist, vec2(v_uv.x, 1.0 - v_uv.y));
    vec3 rgb = flame_tone(h, u_k1, u_k2, u_inv_gamma, u_linrange, u_vibrancy, u_highpow,
                          u_background);
    gl_FragColor = vec4(rgb, 1.0);
}
