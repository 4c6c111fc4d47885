#version 130
// A soft round glow, added into the float target: dense regions grow brighter without
// limit there, and the tone map keeps their hue.
uniform float u_intensity;
varying vec3 v_color;

void main() {
    vec2 d = gl_PointCoord * 2.0 - 1.0;
    float r2 = dot(d, d);
    if (r2 > 1.0) discard;
    float falloff = 1.0 - r2;
    float glow = falloff * falloff * falloff;
    gl_FragColor = vec4(v_color * glow * u_intensity, glow);
}
