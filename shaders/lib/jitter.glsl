// A fixed value in [0, 1) per particle id: the same murmur-style finaliser as
// kellan/render/splat.py's particle_jitter, so sprites and the density splat agree.
// Needs GLSL 1.30 (unsigned integers).
float particle_jitter(float pid) {
    uint h = uint(pid) * 0x9E3779B1u;
    h ^= h >> 15u;
    h *= 0x85EBCA6Bu;
    h ^= h >> 13u;
    return float(h >> 8u) * (1.0 / 16777216.0);
}
