using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static EdgeAvatar.Compute.Interop.Vulkan;

namespace EdgeAvatar.Compute;

/// <summary>
/// Receives VK_EXT_debug_utils callbacks and forwards the ones that matter to the user's handler.
/// Passed to Vulkan as pUserData through a GCHandle that stays allocated until the instance is destroyed
/// (the layer may call back during vkDestroyInstance).
/// </summary>
internal sealed unsafe class ValidationMessageSink
{
    private readonly Action<string>? _target;
    private int _count;

    internal ValidationMessageSink(Action<string>? target) => _target = target;

    /// <summary>Number of messages delivered so far (also counts those with no handler attached).</summary>
    internal int Count => Volatile.Read(ref _count);

    /// <summary>Severities subscribed to: warnings and errors; info/verbose is loader and layer chatter.</summary>
    internal const uint Severities = VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT;

    internal const uint Types = VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT
        | VK_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT;

    internal static nint CallbackPointer => (nint)(delegate* unmanaged[Cdecl]<uint, uint, VkDebugUtilsMessengerCallbackDataEXT*, void*, uint>)&Callback;

    /// <summary>
    /// The PFN_vkDebugUtilsMessengerCallbackEXT. Must return VK_FALSE (VK_TRUE would make the layer fail the call) and
    /// must never let an exception escape into native code.
    /// </summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static uint Callback(uint severity, uint types, VkDebugUtilsMessengerCallbackDataEXT* data, void* userData)
    {
        try
        {
            if (userData != null && GCHandle.FromIntPtr((nint)userData).Target is ValidationMessageSink sink)
                sink.Deliver(severity, types, data);
        }
        catch (Exception)
        {
            // Nothing sensible can be done inside a driver callback; the handler's contract says it must not throw.
        }
        return VK_FALSE;
    }

    private void Deliver(uint severity, uint types, VkDebugUtilsMessengerCallbackDataEXT* data)
    {
        // General (non-validation) messages are loader/driver notices: only their errors are worth failing a test for.
        if ((types & (VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT)) == 0
            && (severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT) == 0)
        {
            return;
        }
        string level = (severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT) != 0 ? "error" : "warning";
        string kind = (types & VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT) != 0 ? "validation"
            : (types & VK_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT) != 0 ? "performance" : "general";
        string id = data != null && data->pMessageIdName != null ? Marshal.PtrToStringUTF8((nint)data->pMessageIdName) ?? "" : "";
        string text = data != null && data->pMessage != null ? Marshal.PtrToStringUTF8((nint)data->pMessage) ?? "" : "";
        Interlocked.Increment(ref _count);
        _target?.Invoke($"vulkan {kind} {level} [{id}]: {text}");
    }
}
