// The halo: the back faces of an inflated copy of the sculpture, drawn additively and
// depth-tested against the sculpture's pre-pass, so only a ring around its silhouette
// shows. Its light falls to nothing at the shell's outline (where the shell is seen
// edge-on) and rises toward the sculpture; the bloom then widens it further.
uniform vec3 u_eye;
uniform vec3 u_halo_color;     // colour x strength x emission

varying vec3 v_world;
varying vec3 v_normal;

void main() {
    float facing = abs(dot(normalize(v_normal), normalize(u_eye - v_world)));
    gl_FragColor = vec4(u_halo_color * (facing * facing * facing), 0.0);
}
