#version 130
// Motion streaks of the sprites: a line from each particle back to where it was
// u_streak seconds ago, fading toward the tail, so speed and the shape of motion read
// even in a still (the density renderer draws the same streaks on the CPU).
#include "lib/jitter.glsl"

uniform mat4 u_view;
uniform mat4 u_projection;
uniform sampler2D u_palette;
uniform float u_slots;
uniform float u_streak;

attribute float a_x;
attribute float a_y;
attribute float a_z;
attribute float a_vx;
attribute float a_vy;
attribute float a_vz;
attribute float a_owner;
attribute float a_pid;
attribute float a_end;        // 0 at the head, 1 at the tail

varying vec3 v_color;

void main() {
    vec3 p = vec3(a_x, a_y, a_z) - a_end * u_streak * vec3(a_vx, a_vy, a_vz);
    gl_Position = u_projection * u_view * vec4(p, 1.0);
    vec4 pal = texture2D(u_palette, vec2((a_owner + 0.5) / u_slots, 0.5));
    float jit = particle_jitter(a_pid);
    v_color = pal.rgb * (0.55 + 0.45 * jit) * pal.a * (1.0 - a_end);
}
