#version 130
// Dreamscape particles as glowing point sprites, added into the float (HDR) target.
// Colour comes from the owner's entry in the palette texture and a per-particle hash of
// the particle id: nothing per particle is gathered on the CPU.
#include "lib/jitter.glsl"

uniform mat4 u_view;
uniform mat4 u_projection;
uniform float u_point_size;     // sprite diameter in pixels at unit distance
uniform float u_viewport_height;
uniform sampler2D u_palette;    // (slots x 1) RGBA: rgb colour, a sprite size scale
uniform float u_slots;

attribute float a_x;
attribute float a_y;
attribute float a_z;
attribute float a_owner;
attribute float a_pid;

varying vec3 v_color;

void main() {
    vec4 eye = u_view * vec4(a_x, a_y, a_z, 1.0);
    gl_Position = u_projection * eye;
    vec4 pal = texture2D(u_palette, vec2((a_owner + 0.5) / u_slots, 0.5));
    float jit = particle_jitter(a_pid);
    float size = pal.a * (0.6 + 0.8 * jit);
    // Perspective size: nearer particles are larger; the projection's y scale makes the
    // size independent of the window height. Kept lean: on llvmpipe the per-vertex setup,
    // not the fragment work, is what sprites cost.
    gl_PointSize = clamp(u_point_size * size * u_projection[1][1] * u_viewport_height
                         / (max(-eye.z, 0.1) * 40.0), 1.0, 24.0);
    v_color = pal.rgb * (0.55 + 0.45 * jit) * size;
}
