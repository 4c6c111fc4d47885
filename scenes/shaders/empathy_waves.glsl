// Empathy waves: a Shadertoy-style shader for Kellan's fractal gallery.
// It runs as it would on shadertoy.com (mainImage, iResolution, iTime), and also reads
// the room's collective mood: uPleasure warms the colours, uArousal quickens and
// sharpens the waves, uSpread (how far apart people feel) breaks them into bands.

vec3 wave_palette(float t) {
    vec3 cool = vec3(0.15, 0.35, 0.65);
    vec3 warm = vec3(0.85, 0.45, 0.25);
    vec3 base = mix(cool, warm, 0.5 + 0.5 * uPleasure);
    return base * (0.55 + 0.45 * cos(6.28318 * (t + vec3(0.0, 0.1, 0.2))));
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (2.0 * fragCoord - iResolution.xy) / iResolution.y;
    float speed = 0.35 + 0.5 * (uArousal + 1.0);
    float t = iTime * speed;
    float r = length(uv);
    float a = atan(uv.y, uv.x);
    float rings = sin(8.0 * r - 2.0 * t + 3.0 * sin(a * 3.0 + t * 0.3));
    float bands = mix(1.0, step(0.0, sin(a * 12.0)), uSpread);
    float glow = smoothstep(0.2 + 0.3 * uArousal * 0.5, 1.0, rings * 0.5 + 0.5) * bands;
    vec3 col = wave_palette(r * 0.4 - t * 0.05) * glow * exp(-0.6 * r);
    fragColor = vec4(col, 1.0);
}
