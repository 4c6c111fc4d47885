// A quarter-resolution copy of the foreground (sprites or the density image, and the
// sculptures): what auto-exposure measures and bloom blurs. Four bilinear taps cover 4x4
// pixels of the source.
uniform sampler2D u_hdr;
uniform vec2 u_texel;          // one source pixel in uv
varying vec2 v_uv;

void main() {
    vec2 o = u_texel;
    vec3 c = texture2D(u_hdr, v_uv + vec2(-o.x, -o.y)).rgb
           + texture2D(u_hdr, v_uv + vec2(o.x, -o.y)).rgb
           + texture2D(u_hdr, v_uv + vec2(-o.x, o.y)).rgb
           + texture2D(u_hdr, v_uv + vec2(o.x, o.y)).rgb;
    gl_FragColor = vec4(c * 0.25, 1.0);
}
