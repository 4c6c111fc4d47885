// Fast approximate anti-aliasing on the finished picture (after Lottes' FXAA, its
// cheapest "PC" form): a pixel whose neighbourhood holds a strong step in luma is
// blended along the edge's direction, estimated from its four diagonal neighbours.
// Smooth regions, most of the frame, leave after five taps. Software GL has no
// multisampling to spare; this costs one full-resolution pass.
uniform sampler2D u_source;    // the composited frame, 8 bits, linear filtering
uniform vec2 u_texel;          // one pixel in uv
varying vec2 v_uv;

const float EDGE_MIN = 1.0 / 24.0;    // ignore steps smaller than this (dark noise)
const float EDGE_SHARE = 1.0 / 8.0;   // or smaller than this share of the local maximum
const float REDUCE_MIN = 1.0 / 128.0;
const float REDUCE_SHARE = 1.0 / 8.0;
const float SPAN_MAX = 8.0;           // the farthest it blends along an edge, pixels

float luma(vec3 c) {
    return dot(c, vec3(0.299, 0.587, 0.114));
}

vec3 tap(vec2 uv) {
    return texture2D(u_source, uv).rgb;
}

void main() {
    vec3 centre = tap(v_uv);
    vec2 t = u_texel;
    float nw = luma(tap(v_uv + vec2(-t.x, t.y)));
    float ne = luma(tap(v_uv + vec2(t.x, t.y)));
    float sw = luma(tap(v_uv + vec2(-t.x, -t.y)));
    float se = luma(tap(v_uv + vec2(t.x, -t.y)));
    float m = luma(centre);
    float lo = min(m, min(min(nw, ne), min(sw, se)));
    float hi = max(m, max(max(nw, ne), max(sw, se)));
    if (hi - lo < max(EDGE_MIN, hi * EDGE_SHARE)) {
        gl_FragColor = vec4(centre, 1.0);
        return;
    }
    // The luma gradient (north is +y here), turned a quarter: the edge's direction.
    float gy = (nw + ne) - (sw + se);
    float gx = (ne + se) - (nw + sw);
    vec2 dir = vec2(-gy, gx);
    float reduce = max((nw + ne + sw + se) * 0.25 * REDUCE_SHARE, REDUCE_MIN);
    float scale = 1.0 / (min(abs(dir.x), abs(dir.y)) + reduce);
    dir = clamp(dir * scale, -SPAN_MAX, SPAN_MAX) * t;
    // Two taps near the pixel along the edge, and two farther; keep the wider blend
    // unless it reaches past the neighbourhood's range (it crossed another edge).
    vec3 near = 0.5 * (tap(v_uv - dir * (1.0 / 6.0)) + tap(v_uv + dir * (1.0 / 6.0)));
    vec3 wide = 0.5 * near + 0.25 * (tap(v_uv - dir * 0.5) + tap(v_uv + dir * 0.5));
    float lw = luma(wide);
    gl_FragColor = vec4((lw < lo || lw > hi) ? near : wide, 1.0);
}
