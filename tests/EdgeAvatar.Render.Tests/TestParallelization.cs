// The Vulkan soak test (Vulkan/VulkanRendererSoakTests.cs) asserts that the process's open file descriptors and
// resident memory stay flat over 5 000 frames. Those are process-wide: GpuCollection's DisableParallelization did
// not keep other classes of this assembly from running beside it (a full run started the soak 15 s in, and fds
// moved 186 → 188 while it ran; alone it stays flat). So this assembly's classes run one at a time.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
