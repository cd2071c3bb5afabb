// common/grid_index.glsl — vertex → table-entry mapping shared by every grid-encoding kernel.
//
// The mapping follows torch-ngp / RAD-NeRF's gridencoder so that trained tables transfer bit for bit:
//   dense part: idx = g.x + g.y * stride1 + g.z * stride2, in uint32 arithmetic (wrapping). The host sets a
//               stride to 0 for every axis from the first one whose prefix stride exceeds the level's table size
//               (torch-ngp stops its stride loop there), so those axes do not enter the dense index.
//   hashed:     when the level uses the hash, idx = g.x * 1 ^ g.y * 2654435761 ^ g.z * 805459861 (instant-ngp's
//               primes; the first is 1 for memory coherence). For 2-D grids g.z is 0, so it drops out.
//   both:       entry = idx % size, a level-local entry in [0, size).
#ifndef EDGEAVATAR_GRID_INDEX_GLSL
#define EDGEAVATAR_GRID_INDEX_GLSL

const uint GRID_PRIME_1 = 2654435761u;
const uint GRID_PRIME_2 = 805459861u;

uint grid_entry(uvec3 g, uint size, uint stride1, uint stride2, bool use_hash)
{
    uint idx = use_hash ? (g.x ^ (g.y * GRID_PRIME_1) ^ (g.z * GRID_PRIME_2))
                        : (g.x + g.y * stride1 + g.z * stride2);
    return idx % size;
}

#endif
