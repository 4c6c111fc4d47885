// The tone map shared by the particles and the fractal flames: log density in the manner
// of flam3 (Draves & Reckase). `c` is linear radiance already scaled by the exposure, so
// that 1.0 is the reference level (the measured 99th percentile of the frame).
//
// The curve acts on the brightest channel M and scales all three by the same factor,
// so a dense region keeps its hue instead of clipping to white: a colour only reaches 1.0
// at TONE_WHITE times the reference. Gamma follows; vibrancy blends between a gamma on
// that common scale (1: keeps saturation, as flam3's vibrancy does) and a gamma per
// channel (0: desaturates the bright). At vibrancy 1 the per-channel branch is skipped,
// and black pixels skip everything: on software GL each log or pow costs milliseconds.
const float TONE_K = 12.0;      // compression: how much log there is in the curve
const float TONE_WHITE = 6.0;   // multiples of the reference level that map to white

vec3 tone_map(vec3 c, float brightness, float gamma, float vibrancy) {
    c = max(c * brightness, vec3(0.0));
    float m = max(max(c.r, c.g), c.b);
    if (m <= 1e-7) return vec3(0.0);
    float t = clamp(log(1.0 + TONE_K * m) / log(1.0 + TONE_K * TONE_WHITE), 0.0, 1.0);
    vec3 vivid = c * (pow(t, 1.0 / gamma) / m);
    if (vibrancy >= 0.999) return clamp(vivid, 0.0, 1.0);
    vec3 plain = pow(clamp(c * (t / m), 0.0, 1.0), vec3(1.0 / gamma));
    return clamp(mix(plain, vivid, vibrancy), 0.0, 1.0);
}
