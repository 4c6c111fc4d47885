// Holographic sculpture, shared by every pass of it (depth, emission, halo, wireframe):
// world-space position and normal, with the glitch bands slipped sideways and the two
// halves of a crack parted, so that each pass draws the same displaced shape.
#include "lib/hologram.glsl"

uniform mat4 u_model;
uniform mat4 u_view;
uniform mat4 u_projection;
uniform float u_inflate;      // push along the normal, object units (the halo's shell)

attribute vec3 a_position;
attribute vec3 a_normal;
attribute vec4 a_trace;       // the traces' patina: rgb and how much

varying vec3 v_world;
varying vec3 v_normal;
varying vec3 v_object;
varying vec3 v_trace;

void main() {
    vec3 p = a_position + a_normal * u_inflate;
    vec4 world = u_model * vec4(p, 1.0);
    float s = dot(world.xyz - u_centre, u_axis) / u_size;
    world.xyz += u_across * (glitch_slip(s) * u_size);
    if (u_crack > 0.0) {
        vec3 away = mat3(u_model) * u_crack_plane[0].xyz;
        world.xyz += away * (crack_side(a_position) * CRACK_OPEN * u_crack);
    }
    v_world = world.xyz;
    v_normal = normalize(mat3(u_model) * a_normal);
    v_object = a_position;
    v_trace = a_trace.rgb * a_trace.a;
    gl_Position = u_projection * u_view * world;
}
