// flam3's tone map of one histogram cell, in flam3's units (colour sums scaled by 255).
// h: rgb palette-colour sums and density; returns the colour in 0..1.

float flame_alpha(float density, float g, float linrange) {
    // Gamma, with a linear ramp below linrange so that faint areas do not turn to noise.
    if (density <= 0.0) return 0.0;
    if (density < linrange) {
        float frac = density / linrange;
        return (1.0 - frac) * density * (pow(linrange, g) / linrange) + frac * pow(density, g);
    }
    return pow(density, g);
}

vec3 flame_tone(vec4 h, float k1, float k2, float g, float linrange, float vibrancy,
                float highpow, vec3 background) {
    float d = h.a * 255.0;
    if (d <= 0.0) return clamp(background * 256.0, 0.0, 255.0) / 255.0;
    float lg = k1 * log(1.0 + d * k2);       // log density ("alpha" channel, 255 scale)
    vec3 c = h.rgb * (lg / h.a) / 255.0;     // accumulated colour / PREFILTER_WHITE
    float tmp = lg / 255.0;
    float alpha = flame_alpha(tmp, g, linrange);
    float ls = vibrancy * 256.0 * alpha / tmp;
    alpha = clamp(alpha, 0.0, 1.0);
    float maxc = max(c.r, max(c.g, c.b));
    float maxa = ls * maxc;
    vec3 outc;
    if (maxc <= 0.0) {
        outc = vec3(0.0);
    } else if (maxa > 255.0 && highpow >= 0.0) {
        // Saturated: the brightest in-gamut colour, washed toward white.
        float newls = 255.0 / maxc;
        float f = pow(newls / ls, highpow);
        vec3 v = c * newls / 255.0;
        float vmax = max(v.r, max(v.g, v.b));
        outc = (vmax - (vmax - v) * f) * 255.0;
    } else {
        float adj = (maxa <= 255.0) ? 1.0 : min(-highpow, 1.0);
        outc = ((1.0 - adj) * (255.0 / maxc) + adj * ls) * c;
    }
    outc += (1.0 - vibrancy) * 256.0 * pow(max(c, vec3(0.0)), vec3(g));
    outc += (1.0 - alpha) * background * 256.0;
    return clamp(outc, 0.0, 255.0) / 255.0;
}
