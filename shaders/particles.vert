// Dreamscape particles: one glowing point sprite each, coloured by its owner.
uniform mat4 u_view;
uniform mat4 u_projection;
uniform float u_point_size;     // sprite diameter in pixels at unit distance
uniform float u_viewport_height;

attribute float a_x;
attribute float a_y;
attribute float a_z;
attribute vec4 a_color;         // rgb: owner's emotion colour; a: sprite size scale

varying vec3 v_color;

void main() {
    vec4 eye = u_view * vec4(a_x, a_y, a_z, 1.0);
    gl_Position = u_projection * eye;
    // Perspective size: nearer particles are larger; the projection's y scale makes the
    // size independent of the window height. Kept lean: on llvmpipe the per-vertex setup,
    // not the fragment work, is what sprites cost.
    gl_PointSize = clamp(u_point_size * a_color.a * u_projection[1][1] * u_viewport_height
                         / (max(-eye.z, 0.1) * 40.0), 1.0, 24.0);
    v_color = a_color.rgb;
}
