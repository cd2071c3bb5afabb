using System.Collections.Concurrent;
using EdgeAvatar.Compute;

namespace EdgeAvatar.Testing;

/// <summary>
/// The one validated <see cref="ComputeDevice"/> of a test assembly: Khronos validation and synchronization
/// validation on, every message collected. Use it in a <c>[SkippableFact]</c>:
/// <code>
/// using var gpu = GpuFixture.Scope();   // skips the test (with the reason) when the machine has no Vulkan
/// var buffer = gpu.Device.CreateBuffer(1024);
/// ...
/// // leaving the scope fails the test if any validation message arrived during it
/// </code>
/// Scopes are serialized process-wide (one GPU test at a time) so each message is attributed to the test that caused
/// it; put GPU test classes in <c>[Collection(GpuCollection.Name)]</c> so they do not block xunit's workers waiting.
/// A missing validation layer fails tests (it is a test dependency); only a missing Vulkan skips them, unless
/// EDGEAVATAR_REQUIRE_GPU=1, which turns that skip into a failure too (for CI on machines known to have Vulkan).
/// </summary>
public sealed class GpuFixture
{
    public const string RequireGpuEnvironmentVariable = "EDGEAVATAR_REQUIRE_GPU";

    private static readonly Lazy<GpuFixture> s_shared = new(() => new GpuFixture(), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly SemaphoreSlim s_gate = new(1, 1);

    private readonly ConcurrentQueue<string> _messages = new();
    private readonly ComputeDevice? _device;
    private readonly string? _unavailableReason;
    private readonly Exception? _failure;

    private GpuFixture()
    {
        try
        {
            _device = ComputeDevice.Create(new ComputeDeviceOptions
            {
                EnableValidation = true,
                SynchronizationValidation = true,
                ValidationMessage = _messages.Enqueue,
            });
            AppDomain.CurrentDomain.ProcessExit += (_, _) => DisposeAtExit();
        }
        catch (VulkanUnavailableException e)
        {
            _unavailableReason = "No Vulkan on this machine: " + e.Message;
        }
        catch (Exception e)
        {
            _failure = e;
        }
    }

    /// <summary>The shared fixture (created on first use).</summary>
    public static GpuFixture Shared => s_shared.Value;

    /// <summary>
    /// Starts a GPU test: skips it when Vulkan is unavailable, fails it when the device could not be created for another
    /// reason (e.g. no validation layer), else waits for exclusive use of the shared device.
    /// </summary>
    public static GpuScope Scope()
    {
        GpuFixture fixture = Shared;
        if (fixture._failure is not null)
        {
            throw new InvalidOperationException(
                $"The validated GPU test device could not be created: {fixture._failure.Message}", fixture._failure);
        }
        if (fixture._device is null)
        {
            if (Environment.GetEnvironmentVariable(RequireGpuEnvironmentVariable) == "1")
                throw new InvalidOperationException($"{RequireGpuEnvironmentVariable}=1 but {fixture._unavailableReason}");
            Skip.If(true, fixture._unavailableReason);
        }
        s_gate.Wait();
        return new GpuScope(fixture._device!, fixture._messages, s_gate);
    }

    private void DisposeAtExit()
    {
        _device?.Dispose();
        // Messages from teardown (e.g. objects leaked by a test) have no test left to fail; make them visible at least.
        while (_messages.TryDequeue(out string? message))
            Console.Error.WriteLine($"GpuFixture: validation message at exit: {message}");
    }
}
