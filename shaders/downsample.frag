// A quarter-resolution copy of the foreground (sprites or the density image, and the
// sculptures): what auto-exposure measures (its alpha: how much is there) and bloom
// blurs (its colour). Four bilinear taps cover 4x4 pixels of the source.
uniform sampler2D u_hdr;
uniform vec2 u_texel;          // one source pixel in uv
varying vec2 v_uv;

void main() {
    vec2 o = u_texel;
    vec4 c = texture2D(u_hdr, v_uv + vec2(-o.x, -o.y))
           + texture2D(u_hdr, v_uv + vec2(o.x, -o.y))
           + texture2D(u_hdr, v_uv + vec2(-o.x, o.y))
           + texture2D(u_hdr, v_uv + vec2(o.x, o.y));
    gl_FragColor = c * 0.25;
}
