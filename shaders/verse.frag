// A verse over the finished picture: premultiplied light and dark backing, faded.
uniform sampler2D u_texture;
uniform float u_alpha;
varying vec2 v_uv;

void main() {
    gl_FragColor = texture2D(u_texture, v_uv) * u_alpha;
}
