// Hologram material, drawn additively after a depth pre-pass (so back faces stay hidden):
// a fresnel rim whose colour channels part toward the silhouette (chromatic split),
// thin-film iridescence (the hue turns with the viewing angle), scanlines drifting along
// an axis, slow interference bands, glitch bands and the rift's crack lines, and the
// traces' patina. Every term is scaled by a uniform that 0 switches off.
#include "lib/hologram.glsl"

uniform vec3 u_eye;
uniform vec3 u_color;          // the sculpture's hue, linear rgb
uniform float u_rim_power;     // fresnel exponent
uniform float u_rim;           // rim emission
uniform float u_fill;          // emission of faces seen head-on
uniform float u_emission;      // material intensity x the mood's x flicker x HDR scale
uniform float u_alpha;         // what a pixel adds to the exposure's density measure
uniform float u_scan;          // scanline depth, 0..1
uniform float u_scan_density;  // lines per world unit
uniform float u_scan_speed;    // world units per second
uniform float u_interference;  // depth of the slow interference bands
uniform float u_split;         // chromatic split, 0..1 (from the material's chroma)
uniform float u_iridescence;   // radians of hue turn at the rim, per unit
uniform float u_trace_gain;    // how brightly the traces' patina glows

varying vec3 v_world;
varying vec3 v_normal;
varying vec3 v_object;
varying vec3 v_trace;

// Turn a colour's hue by `a` radians about the grey axis (Rodrigues), keeping its grey.
vec3 hue_turn(vec3 c, float a) {
    const vec3 k = vec3(0.57735027);
    float co = cos(a);
    return c * co + cross(k, c) * sin(a) + k * dot(k, c) * (1.0 - co);
}

// Brightness across scanlines at phase x (lines at whole numbers), per channel; `aa`
// fades the lines to their mean where they get thinner than about two pixels (no moire).
vec3 scan_light(vec3 x, float aa) {
    vec3 b = 1.0 - abs(2.0 * fract(x) - 1.0);
    vec3 dark = 1.0 - smoothstep(0.4, 0.95, b);
    return 1.0 - u_scan * mix(vec3(0.55), dark, aa);
}

// A smooth wave in -1..1 from a triangle wave (sin's shape, without its cost).
float soft_wave(float x) {
    return smoothstep(-1.0, 1.0, tri_wave(x)) * 2.0 - 1.0;
}

void main() {
    vec3 n = normalize(v_normal);
    vec3 v = normalize(u_eye - v_world);
    float facing = abs(dot(n, v));
    vec3 q = (v_world - u_centre) / u_size;      // object units, not turned
    float s = dot(q, u_axis);

    // Fresnel rim. With a split, red reaches further in from the silhouette than green
    // and blue stays nearest it; the shift grows with the square of the grazing angle,
    // so the channels part toward the rim and the body keeps its colour.
    float e = 1.0 - facing;
    vec3 edge = clamp(e + vec3(u_split, 0.0, -u_split) * (e * e), 0.0, 1.0);
    vec3 rim = pow(edge, vec3(u_rim_power));

    // Thin film: the hue turns with the viewing angle, and a little with the film's
    // thickness over the surface.
    float film = 1.6 * rim.g + 0.35 * soft_wave(dot(v_object, vec3(0.9, 1.7, 0.6)));
    vec3 base = u_iridescence > 0.0 ? max(hue_turn(u_color, u_iridescence * film), 0.0)
                                    : u_color;
    vec3 light = base * (u_fill + u_rim * rim);

    // Glitch: the band that slipped flares, shifts its hue and breaks its scanlines.
    float slip = glitch_slip(s);
    float burst = slip != 0.0 ? 1.0 : 0.0;
    light = mix(light, hue_turn(light, sign(slip) * 0.8) * 1.8, burst);

    // Scanlines along the axis, drifting; split into rgb toward the rim as well.
    if (u_scan > 0.0) {
        float x = (s * u_size - u_time * u_scan_speed) * u_scan_density + slip * 40.0;
        float aa = clamp(2.0 - 2.5 * fwidth(x), 0.0, 1.0);
        vec3 offset = vec3(1.2, 0.0, -1.2) * (u_split * rim.g);
        light *= scan_light(x + offset, aa);
    }
    // Interference: two slow waves crossing make broad beating bands that sweep through.
    if (u_interference > 0.0) {
        float w1 = soft_wave(dot(q, vec3(0.35, 0.9, 0.15)) * 0.9 - u_time * 0.21);
        float w2 = soft_wave(dot(q, vec3(-0.5, 0.6, 0.4)) * 1.4 + u_time * 0.13);
        light *= 1.0 + u_interference * 0.85 * w1 * w2;
    }
    // The rift's crack: bright jagged lines on the surface, the first one where the two
    // halves part; the others close first as it mends. Their width is measured in
    // pixels (the distance over its screen derivative), so a crack stays a line where
    // the surface runs nearly along its plane, instead of spreading into a patch.
    if (u_crack > 0.0) {
        float lines = 0.0;
        for (int i = 0; i < 3; i++) {
            float d = abs(crack_distance(v_object, u_crack_plane[i], u_crack_jag[i]));
            float px = d / max(fwidth(d), 1e-6);
            float open = i == 0 ? 1.0 : smoothstep(0.15 + 0.2 * float(i), 0.6, u_crack);
            float w = (0.4 + 1.4 * u_crack) * open;
            lines += open * (1.0 - smoothstep(w, w + 1.0, px));
        }
        light += mix(vec3(1.0), u_color, 0.35) * lines * (1.5 + 5.0 * u_crack);
    }
    // Traces: a patina in the colours of the people who passed, glowing in the surface.
    light += v_trace * u_trace_gain * (0.6 + rim.g);
    gl_FragColor = vec4(light * u_emission, u_alpha);
}
