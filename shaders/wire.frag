// The wireframe overlay: the mesh's edges as lines, added in one colour. The depth
// pre-pass hides the edges at the back.
uniform vec3 u_wire_color;     // colour x strength x emission

void main() {
    gl_FragColor = vec4(u_wire_color, 0.0);
}
