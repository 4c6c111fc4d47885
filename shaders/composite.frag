// The one full-screen pass that makes the picture: the fractal backdrop (coloured,
// turned and dimmed here), then the tone-mapped foreground (sprites or the density
// image, sculptures, bloom) laid over it with a screen blend, which never clips.
#include "lib/palette.glsl"
#include "lib/tonemap.glsl"

uniform sampler2D u_hdr;
uniform sampler2D u_density;
uniform sampler2D u_bloom;
uniform sampler2D u_backdrop;
uniform float u_use_density;
uniform float u_density_gain;
uniform float u_bloom_strength;
uniform float u_exposure;
uniform float u_brightness;
uniform float u_gamma;
uniform float u_vibrancy;

uniform float u_backdrop_on;
uniform float u_backdrop_angle;     // radians the set has turned since it was computed
uniform float u_backdrop_scale;     // plane units per unit of uv across the height
uniform float u_backdrop_extent;    // half the side of the square the texture covers
uniform float u_backdrop_intensity;
uniform float u_backdrop_shift;     // palette drift over time
uniform int u_palette;
uniform vec2 u_resolution;

varying vec2 v_uv;

vec3 backdrop() {
    float aspect = u_resolution.x / u_resolution.y;
    vec2 p = (v_uv * 2.0 - 1.0) * vec2(aspect, 1.0) * u_backdrop_scale;
    float ca = cos(u_backdrop_angle), sa = sin(u_backdrop_angle);
    vec2 z = vec2(ca * p.x - sa * p.y, sa * p.x + ca * p.y);
    float t = texture2D(u_backdrop, z / (2.0 * u_backdrop_extent) + 0.5).r;
    vec3 col = vec3(0.02, 0.01, 0.04);
    if (t >= 0.0) {
        col = named_palette(u_palette, t * 1.4 + u_backdrop_shift) * (0.04 + 1.2 * t * t);
    }
    // Keep the centre calmer so the sculpture and particles read on top of it.
    vec2 q = v_uv - 0.5;
    float vignette = 1.0 - smoothstep(0.25, 0.85, length(q * vec2(aspect, 1.0)));
    return col * u_backdrop_intensity * (0.35 + 0.65 * vignette);
}

void main() {
    vec3 hdr = texture2D(u_hdr, v_uv).rgb;
    if (u_use_density > 0.5) {
        hdr += texture2D(u_density, vec2(v_uv.x, 1.0 - v_uv.y)).rgb * u_density_gain;
    }
    hdr += texture2D(u_bloom, v_uv).rgb * u_bloom_strength;
    vec3 fg = tone_map(hdr * u_exposure, u_brightness, u_gamma, u_vibrancy);
    vec3 bg = u_backdrop_on > 0.5 ? clamp(backdrop(), 0.0, 1.0) : vec3(0.0);
    gl_FragColor = vec4(1.0 - (1.0 - fg) * (1.0 - bg), 1.0);
}
