// A square in the scene that shows an escape-time fractal (placement = "plane").
attribute vec2 a_position;     // -1..1
uniform mat4 u_model;
uniform mat4 u_view;
uniform mat4 u_projection;
varying vec2 v_uv;

void main() {
    v_uv = a_position;
    gl_Position = u_projection * u_view * u_model * vec4(a_position, 0.0, 1.0);
}
