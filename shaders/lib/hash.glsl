// Cheap arithmetic hashes (no textures, no trig): per-particle variation and flicker.
float hash11(float p) {
    p = fract(p * 0.1031);
    p *= p + 33.33;
    p *= p + p;
    return fract(p);
}
