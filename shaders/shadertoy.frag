// The wrapper around a Shadertoy-style shader (kind = "shadertoy"): Shadertoy's inputs,
// the collective emotion, and a main() that calls the user's mainImage once per pixel
// of the backdrop's texture. The user's file comes in at "<user>", and a compiler
// error in it is reported with its own file name and line.
uniform vec3 iResolution;      // the texture's size in pixels (z: 1)
uniform float iTime;           // seconds of show time, times the fractal's `speed`
uniform float iTimeDelta;      // seconds since the previous frame
uniform int iFrame;            // the simulation step (the same in a still and live)
uniform vec4 iMouse;           // always 0: there is no mouse on a stage
uniform float uPleasure;       // the collective mood, -1..1 each
uniform float uArousal;
uniform float uDominance;
uniform float uSpread;         // how far apart people feel, 0..1
varying vec2 v_uv;

#include "<user>"

void main() {
    vec4 colour = vec4(0.0, 0.0, 0.0, 1.0);
    mainImage(colour, v_uv * iResolution.xy);
    gl_FragColor = vec4(clamp(colour.rgb, 0.0, 1.0), 1.0);
}
