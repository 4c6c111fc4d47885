// Added into the float target: the tone map and the bloom make it glow.
varying vec4 v_color;

void main() {
    gl_FragColor = vec4(v_color.rgb * v_color.a, v_color.a);
}
