// A Mandelbulb (kind = "mandelbulb"), sphere-traced with its distance estimate
// 0.5 ln(r) r / dr, into a texture the size of the view (times `resolution`). Shading
// is cheap on purpose, for software GL: a forward-difference normal (three more
// estimates, only where a ray hits), the share of the steps a ray used as occlusion,
// an orbit trap for colour, and a glow for rays that pass close by.
#include "lib/palette.glsl"

uniform float u_power;
uniform int u_steps;
uniform float u_angle;         // the bulb's turn about the vertical, radians
uniform float u_aspect;
uniform int u_palette;
uniform float u_shift;
uniform float u_hue;
uniform float u_zoom;
varying vec2 v_uv;

const int BULB_ITERATIONS = 7;

float bulb(vec3 p, out float trap) {
    vec3 z = p;
    float dr = 1.0;
    float r = length(z);
    trap = 1e9;
    for (int i = 0; i < BULB_ITERATIONS; i++) {
        r = length(z);
        if (r > 2.0) break;
        float theta = acos(clamp(z.z / max(r, 1e-9), -1.0, 1.0)) * u_power;
        float phi = atan(z.y, z.x) * u_power;
        float rp = pow(r, u_power - 1.0);
        dr = rp * u_power * dr + 1.0;
        z = rp * r * vec3(sin(theta) * cos(phi), sin(phi) * sin(theta), cos(theta)) + p;
        trap = min(trap, dot(z, z));
    }
    return 0.5 * log(max(r, 1e-9)) * r / dr;
}

void main() {
    vec2 q = (v_uv * 2.0 - 1.0) * vec2(u_aspect, 1.0);
    float ca = cos(u_angle);
    float sa = sin(u_angle);
    vec3 eye = vec3(2.8 * sa, 0.9, 2.8 * ca) / u_zoom;
    vec3 fwd = normalize(-eye);
    vec3 right = normalize(cross(fwd, vec3(0.0, 1.0, 0.0)));
    vec3 up = cross(right, fwd);
    vec3 dir = normalize(fwd * 1.8 + q.x * right + q.y * up);
    // Only rays that meet the bounding sphere (radius 1.2) are marched.
    float b = dot(eye, dir);
    float h = b * b - dot(eye, eye) + 1.44;
    vec3 col = vec3(0.0);
    if (h > 0.0) {
        float t = max(0.0, -b - sqrt(h));
        float t_out = -b + sqrt(h);
        float closest = 1e9;
        float trap = 1e9;
        float used = 1.0;
        float d = 1.0;
        bool hit = false;
        for (int i = 0; i < 512; i++) {
            if (i >= u_steps) break;
            d = bulb(eye + dir * t, trap);
            closest = min(closest, d);
            if (d < 0.0015 * t) { hit = true; used = float(i) / float(u_steps); break; }
            t += d;
            if (t > t_out) break;
        }
        if (hit) {
            vec3 p = eye + dir * t;
            float e = max(0.0005, 0.001 * t);
            float tr;
            vec3 n = normalize(vec3(bulb(p + vec3(e, 0.0, 0.0), tr) - d,
                                    bulb(p + vec3(0.0, e, 0.0), tr) - d,
                                    bulb(p + vec3(0.0, 0.0, e), tr) - d));
            // Lit from over the viewer's shoulder, so the side in view is the lit one.
            vec3 light = normalize(-fwd * 0.7 + up * 0.6 + right * 0.4);
            float diffuse = max(dot(n, light), 0.0);
            float rim = pow(1.0 - max(dot(n, -dir), 0.0), 3.0);
            float occlusion = 1.0 - used;
            vec3 base = named_palette(u_palette, 0.6 * sqrt(trap) + u_shift);
            col = base * (0.12 + 1.1 * diffuse) * (0.35 + 0.65 * occlusion) + base * rim * 0.6;
        } else {
            col = named_palette(u_palette, 0.9 + u_shift) * 0.25 * exp(-40.0 * closest);
        }
    }
    gl_FragColor = vec4(clamp(turn_hue(col, u_hue), 0.0, 1.0), 1.0);
}
