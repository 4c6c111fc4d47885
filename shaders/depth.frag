// The depth pre-pass of the sculptures: only depth is written (colour is masked), so
// the fragment shader does nothing; the hologram's full shader runs once, in the
// additive pass after it.
void main() {
    gl_FragColor = vec4(0.0);
}
