// Dreamscape particles: one glowing point sprite each, coloured by its owner.
#include "lib/hash.glsl"

uniform mat4 u_view;
uniform mat4 u_projection;
uniform float u_point_size;     // sprite diameter in pixels at unit distance
uniform float u_viewport_height;
uniform sampler2D u_palette;    // 1 x 64 RGBA: per-participant colour, alpha = size scale
uniform float u_palette_size;

attribute float a_x;
attribute float a_y;
attribute float a_z;
attribute float a_owner;
attribute float a_seed;

varying vec4 v_color;

void main() {
    vec4 eye = u_view * vec4(a_x, a_y, a_z, 1.0);
    gl_Position = u_projection * eye;
    vec4 owner = texture2D(u_palette, vec2((a_owner + 0.5) / u_palette_size, 0.5));
    float jitter = hash11(a_seed);
    float depth = max(-eye.z, 0.1);
    // Perspective size: nearer particles are larger; the projection's y scale makes the
    // size independent of the window height.
    gl_PointSize = clamp(u_point_size * owner.a * (0.6 + 0.8 * jitter)
                         * u_projection[1][1] * u_viewport_height / (depth * 40.0), 1.0, 24.0);
    v_color = vec4(owner.rgb * (0.55 + 0.45 * jitter), 1.0);
}
