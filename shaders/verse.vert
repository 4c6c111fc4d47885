// A verse's box: the unit square stretched onto u_rect (x0, y0, x1, y1 in clip space).
uniform vec4 u_rect;
attribute vec2 a_position;     // 0..1
varying vec2 v_uv;

void main() {
    v_uv = vec2(a_position.x, 1.0 - a_position.y);  // the image's first row is its top
    gl_Position = vec4(mix(u_rect.xy, u_rect.zw, a_position), 0.0, 1.0);
}
