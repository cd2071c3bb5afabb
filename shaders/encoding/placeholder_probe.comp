#version 450
// Build probe (removed when the first real kernel lands).
layout(local_size_x = 64) in;
layout(std430, set = 0, binding = 0) buffer Data { float values[]; };
void main() { values[gl_GlobalInvocationID.x] *= 2.0; }
