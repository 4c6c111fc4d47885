// Holographic sculpture: world-space position and normal for the fresnel rim.
uniform mat4 u_model;
uniform mat4 u_view;
uniform mat4 u_projection;
uniform float u_time;
uniform float u_glitch;       // 0..1, strength of the horizontal glitch bands

attribute vec3 a_position;
attribute vec3 a_normal;

varying vec3 v_world;
varying vec3 v_normal;

#include "lib/hash.glsl"

void main() {
    vec4 world = u_model * vec4(a_position, 1.0);
    // Glitch: now and then, a thin horizontal band of the sculpture slips sideways.
    float band = floor(world.y * 6.0 + floor(u_time * 3.0) * 7.0);
    float slip = step(0.93, hash11(band + floor(u_time * 5.0)));
    world.x += u_glitch * slip * (hash11(band * 1.7) - 0.5) * 0.25;
    v_world = world.xyz;
    v_normal = normalize(mat3(u_model) * a_normal);
    gl_Position = u_projection * u_view * world;
}
