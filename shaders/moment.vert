// The moments of a show drawn as light: the rift's crack, the healing's threads, the
// protocol's calming wave (kellan/render/moments.py builds the lines).
uniform mat4 u_view;
uniform mat4 u_projection;
attribute vec3 a_position;
attribute vec4 a_color;        // rgb light, a: how much of it
varying vec4 v_color;

void main() {
    gl_Position = u_projection * u_view * vec4(a_position, 1.0);
    v_color = a_color;
}
