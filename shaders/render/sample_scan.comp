#version 450
#extension GL_EXT_control_flow_attributes : require
// render/sample_scan.comp — sizes a frame's head samples on the device, so the frame needs no host read-back between
// the march's count pass and its write pass: the exclusive prefix sum of the per-ray sample counts (the compacted
// sample list's ray offsets), the total, and the indirect-dispatch arguments of every chunk of the field.
//
//   offsets[r] = min(Σ_{q < r} counts[q], capacity)  for r = 0 .. R  (clamped: a frame whose samples overflow the
//                                                      buffers writes and composites only the first `capacity`;
//                                                      the host sees status[0] > capacity and renders it again)
//   status[0]  = Σ counts (unclamped), status[1] = used = min(status[0], capacity)
//   args[(c * KINDS + k) * 3 + (0, 1, 2)] = (ceil(mult[k] · n_c / 64), ylev[k], 1) for chunk c < chunks, kind k <
//                                                      KINDS, with n_c = clamp(used − c · chunk, 0, chunk) samples
//
// ONE workgroup of 256 invocations walks the counts in tiles of 256 x 16 (each invocation sums 16 consecutive
// counts, a Hillis–Steele scan over the 256 partial sums in shared memory, then each writes its 16 offsets).
// Dispatch: (1, 1, 1).
//
// Bindings (set 0):
//   0 storage  Counts  { uint counts[]; }  R samples per ray (ray_march.comp's count pass).
//   1 storage  Offsets { uint offsets[]; } R + 1.
//   2 storage  Status  { uint status[]; }  2.
//   3 storage  Args    { uint args[]; }    chunks x KINDS x 3 (VkDispatchIndirectCommand, 12 bytes each).
// Push constants (80 bytes): uint rays R; uint capacity; uint chunk; uint chunks; uint mult[8]; uint ylev[8].

layout(local_size_x = 256, local_size_y = 1, local_size_z = 1) in;

const uint GROUP = 256u;
const uint PER = 16u;
const uint KINDS = 8u;

layout(std430, set = 0, binding = 0) readonly buffer Counts { uint counts[]; };
layout(std430, set = 0, binding = 1) writeonly buffer Offsets { uint offsets[]; };
layout(std430, set = 0, binding = 2) writeonly buffer Status { uint status[]; };
layout(std430, set = 0, binding = 3) writeonly buffer Args { uint args[]; };

layout(push_constant) uniform Push { uint rays; uint capacity; uint chunk; uint chunks; uint mult[8]; uint ylev[8]; } pc;

shared uint sums[GROUP];

void main()
{
    uint t = gl_LocalInvocationID.x;
    // The same in every invocation: each adds the same tile totals.
    uint running = 0u;
    [[dont_unroll]]
    for (uint tile = 0u; tile < pc.rays; tile += GROUP * PER)
    {
        uint start = tile + t * PER;
        uint s = 0u;
        [[dont_unroll]]
        for (uint k = 0u; k < PER; ++k)
            if (start + k < pc.rays)
                s += counts[start + k];
        sums[t] = s;
        barrier();
        [[dont_unroll]]
        for (uint d = 1u; d < GROUP; d <<= 1)
        {
            uint v = t >= d ? sums[t - d] : 0u;
            barrier();
            sums[t] += v;
            barrier();
        }
        uint at = running + sums[t] - s;
        [[dont_unroll]]
        for (uint k = 0u; k < PER; ++k)
        {
            if (start + k < pc.rays)
            {
                offsets[start + k] = min(at, pc.capacity);
                at += counts[start + k];
            }
        }
        running += sums[GROUP - 1u];
        // Everyone has read sums[GROUP − 1] before the next tile overwrites it.
        barrier();
    }
    uint used = min(running, pc.capacity);
    if (t == 0u)
    {
        offsets[pc.rays] = used;
        status[0] = running;
        status[1] = used;
    }
    [[dont_unroll]]
    for (uint j = t; j < pc.chunks * KINDS; j += GROUP)
    {
        uint c = j / KINDS, k = j % KINDS;
        uint first = c * pc.chunk;
        uint n = used > first ? min(used - first, pc.chunk) : 0u;
        args[3u * j] = (pc.mult[k] * n + 63u) / 64u;
        args[3u * j + 1u] = pc.ylev[k];
        args[3u * j + 2u] = 1u;
    }
}
