// Escape-time fractals, shared by the backdrop (julia.frag, into a texture) and the plane
// in the scene (fractal_plane.frag): Julia and Mandelbrot sets of z^power + c, smooth
// iteration colouring, cosine palettes and orbit traps.
#include "lib/palette.glsl"

uniform int u_kind;            // 0: Julia (z starts at the point, c fixed); 1: Mandelbrot
uniform vec2 u_c;              // Julia's parameter (from the collective mood, or bound)
uniform float u_power;         // exponent of z; 2 takes the exact, cheaper square
uniform int u_iterations;
uniform int u_palette;
uniform float u_shift;         // palette drift and offset
uniform mat3 u_hue_turn;       // palette turn about the grey axis (made on the CPU)
uniform int u_trap_shape;      // 0: no trap; 1: point; 2: line; 3: circle
uniform vec2 u_trap_center;
uniform vec2 u_trap_dir;       // a line's unit direction
uniform float u_trap_size;     // a circle's radius
uniform float u_trap_strength; // 0: smooth-iteration colour .. 1: trap colour

vec2 z_power(vec2 z, float p) {
    if (p == 2.0) return vec2(z.x * z.x - z.y * z.y, 2.0 * z.x * z.y);
    // Any real power, in polar form (pow costs more than the square on software GL).
    float r2 = dot(z, z);
    if (r2 < 1e-30) return vec2(0.0);
    float r = pow(r2, 0.5 * p);
    float a = atan(z.y, z.x) * p;
    return r * vec2(cos(a), sin(a));
}

float trap_distance(vec2 z) {
    vec2 d = z - u_trap_center;
    if (u_trap_shape == 2) return abs(d.x * u_trap_dir.y - d.y * u_trap_dir.x);
    if (u_trap_shape == 3) return abs(length(d) - u_trap_size);
    return length(d);
}

// The colour of point p of the plane, in display range.
vec3 escape_colour(vec2 p) {
    vec2 z = u_kind == 0 ? p : vec2(0.0);
    vec2 c = u_kind == 0 ? u_c : p;
    const float bailout = 16.0;
    float n = 0.0;
    bool escaped = false;
    float trap = 1e9;
    // The renderer compiles this twice: with ESCAPE_SQUARE for the common case (power 2,
    // no trap), and without it for the rest. Software GL (llvmpipe) runs both sides of
    // a branch, so one program with both loops would pay the polar power's pow, atan,
    // cos and sin, or the trap's distance, on every pixel of the plain square.
#ifdef ESCAPE_SQUARE
    for (int i = 0; i < 1024; i++) {
        if (i >= u_iterations) break;
        z = vec2(z.x * z.x - z.y * z.y, 2.0 * z.x * z.y) + c;
        if (dot(z, z) > bailout * bailout) { escaped = true; break; }
        n += 1.0;
    }
#else
    for (int i = 0; i < 1024; i++) {
        if (i >= u_iterations) break;
        z = z_power(z, u_power) + c;
        trap = min(trap, trap_distance(z));
        if (dot(z, z) > bailout * bailout) { escaped = true; break; }
        n += 1.0;
    }
#endif
    // Inside the set: a near black; outside: the smooth iteration count
    // n - log_d(log|z| / log B) for a degree-d map, on a log scale that spreads the
    // colours over the few-iteration exterior too. A trap mixes its closeness into the
    // palette's argument and the brightness, so the palette is read once a pixel.
    float t = 0.0;
    if (escaped) {
        float ratio = log(length(z)) / log(bailout);
#ifdef ESCAPE_SQUARE
        float sn = n - log2(ratio);
#else
        float sn = n - log2(ratio) / log2(u_power);
#endif
        t = log(1.0 + max(sn, 0.0)) / log(1.0 + float(u_iterations));
    }
    float arg = t * 1.4;
    float light = escaped ? 0.04 + 1.2 * t * t : 0.0;
#ifndef ESCAPE_SQUARE
    if (u_trap_shape > 0) {
        float near = exp(-4.0 * trap);
        arg = mix(arg, 0.8 * near, u_trap_strength);
        light = mix(light, 0.05 + 1.1 * near * near, u_trap_strength);
    }
#endif
    vec3 col = named_palette(u_palette, arg + u_shift) * light;
#ifdef ESCAPE_SQUARE
    if (!escaped) col = vec3(0.02, 0.01, 0.04);
#else
    if (!escaped) col = mix(vec3(0.02, 0.01, 0.04), col, u_trap_shape > 0 ? u_trap_strength : 0.0);
#endif
    return clamp(u_hue_turn * col, 0.0, 1.0);
}
