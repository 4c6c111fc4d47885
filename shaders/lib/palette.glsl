// Inigo Quilez's cosine palettes: a + b * cos(2 pi (c t + d)).
// Shared by the fractal backdrop and anything else that needs a smooth colour ramp.
vec3 cosine_palette(float t, vec3 a, vec3 b, vec3 c, vec3 d) {
    return a + b * cos(6.28318530718 * (c * t + d));
}

// A palette made on the CPU (kellan/render/fractal.py: "auto" keeps away from the
// participants' hues).
uniform vec3 u_pal_a;
uniform vec3 u_pal_b;
uniform vec3 u_pal_c;
uniform vec3 u_pal_d;

// Named palettes; the scene's `palette` key picks one by index (3: the uniforms above).
vec3 named_palette(int which, float t) {
    if (which == 3) {
        return cosine_palette(t, u_pal_a, u_pal_b, u_pal_c, u_pal_d);
    }
    if (which == 1) { // ember
        return cosine_palette(t, vec3(0.5, 0.35, 0.3), vec3(0.5, 0.35, 0.25),
                              vec3(1.0, 1.0, 0.5), vec3(0.0, 0.12, 0.25));
    }
    if (which == 2) { // abyss
        return cosine_palette(t, vec3(0.2, 0.3, 0.45), vec3(0.25, 0.3, 0.4),
                              vec3(1.0, 1.0, 1.0), vec3(0.55, 0.6, 0.65));
    }
    // aurora
    return cosine_palette(t, vec3(0.5, 0.5, 0.55), vec3(0.45, 0.5, 0.45),
                          vec3(1.0, 1.0, 1.0), vec3(0.3, 0.45, 0.62));
}

// Turn a colour about the grey axis (Rodrigues' rotation), keeping its lightness.
vec3 turn_hue(vec3 col, float angle) {
    if (angle == 0.0) return col;
    const vec3 k = vec3(0.57735026919);
    float c = cos(angle);
    float s = sin(angle);
    return col * c + cross(k, col) * s + k * dot(k, col) * (1.0 - c);
}
