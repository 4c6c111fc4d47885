// One direction of a separable Gaussian blur (9 taps as 5 bilinear fetches), at reduced
// resolution: the bloom.
uniform sampler2D u_source;
uniform vec2 u_step;           // one texel along the blur direction, in uv
varying vec2 v_uv;

void main() {
    vec3 c = texture2D(u_source, v_uv).rgb * 0.2270270270;
    c += texture2D(u_source, v_uv + u_step * 1.3846153846).rgb * 0.3162162162;
    c += texture2D(u_source, v_uv - u_step * 1.3846153846).rgb * 0.3162162162;
    c += texture2D(u_source, v_uv + u_step * 3.2307692308).rgb * 0.0702702703;
    c += texture2D(u_source, v_uv - u_step * 3.2307692308).rgb * 0.0702702703;
    gl_FragColor = vec4(c, 1.0);
}
