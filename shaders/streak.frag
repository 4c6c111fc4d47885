#version 130
// A streak's light, added into the float target.
uniform float u_intensity;
varying vec3 v_color;

void main() {
    gl_FragColor = vec4(v_color * u_intensity, 0.5);
}
