// What lies under the particles, at half the frame's resolution: the fractal backdrop
// (turned and dimmed) with the bloom screened over it, both already in display range.
// The composite pass then reads one texture for all of it: on software GL every
// texture read at full resolution costs milliseconds.
uniform sampler2D u_backdrop;
uniform sampler2D u_bloom;
uniform float u_backdrop_on;
uniform float u_backdrop_square;    // 1: a turning square texture; 0: one the size of the view
uniform float u_bloom_on;
uniform mat2 u_backdrop_turn;       // plane (viewport) to texture rotation
uniform float u_backdrop_scale;     // plane units per unit of uv across the height
uniform float u_backdrop_extent;    // half the side of the square the texture covers
uniform float u_backdrop_intensity;
uniform vec2 u_resolution;
varying vec2 v_uv;

void main() {
    vec3 bg = vec3(0.0);
    if (u_backdrop_on > 0.5) {
        float aspect = u_resolution.x / u_resolution.y;
        vec2 frame = u_backdrop_square > 0.5 ? vec2(aspect, 1.0) : vec2(1.0);
        vec2 p = (v_uv * 2.0 - 1.0) * frame * u_backdrop_scale;
        vec2 uv = u_backdrop_turn * p / (2.0 * u_backdrop_extent) + 0.5;
        // Keep the centre calmer so the sculpture and particles read on top of it.
        vec2 q = (v_uv - 0.5) * vec2(aspect, 1.0);
        float vignette = 1.0 - smoothstep(0.25, 0.85, length(q));
        bg = texture2D(u_backdrop, uv).rgb * u_backdrop_intensity * (0.35 + 0.65 * vignette);
        bg = clamp(bg, 0.0, 1.0);
    }
    vec3 glow = u_bloom_on > 0.5 ? texture2D(u_bloom, v_uv).rgb : vec3(0.0);
    gl_FragColor = vec4(1.0 - (1.0 - bg) * (1.0 - glow), 1.0);
}
