// A quarter-resolution copy of the foreground (sprites and sculptures, plus the density
// image): what auto-exposure measures and bloom blurs. Four bilinear taps cover 4x4
// pixels of the source.
uniform sampler2D u_hdr;
uniform sampler2D u_density;
uniform float u_use_density;
uniform float u_density_gain;
uniform vec2 u_texel;          // one source pixel in uv
varying vec2 v_uv;

vec3 source(vec2 uv) {
    vec3 c = texture2D(u_hdr, uv).rgb;
    if (u_use_density > 0.5) {
        // The density image's row 0 is the top of the frame.
        c += texture2D(u_density, vec2(uv.x, 1.0 - uv.y)).rgb * u_density_gain;
    }
    return c;
}

void main() {
    vec2 o = u_texel;
    vec3 c = source(v_uv + vec2(-o.x, -o.y)) + source(v_uv + vec2(o.x, -o.y))
           + source(v_uv + vec2(-o.x, o.y)) + source(v_uv + vec2(o.x, o.y));
    gl_FragColor = vec4(c * 0.25, 1.0);
}
