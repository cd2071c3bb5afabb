using System.Runtime.InteropServices;

namespace EdgeAvatar.Host;

internal static partial class Interop
{
    internal static partial class Gpiod
    {
        /// <summary>
        /// C <c>struct timespec</c> on 64-bit Linux (x86-64, aarch64: time_t and long are both 64-bit), 16 bytes.
        /// 32-bit ARM is not a target (Jetson userlands are aarch64).
        /// </summary>
        [StructLayout(LayoutKind.Sequential)]
        internal readonly struct Timespec
        {
            internal readonly long Seconds;
            internal readonly long Nanoseconds;

            internal Timespec(TimeSpan value)
            {
                // Negative would mean "block forever" to some callers; a waiter here must always come back.
                long ticks = Math.Max(0, value.Ticks);
                Seconds = ticks / TimeSpan.TicksPerSecond;
                Nanoseconds = ticks % TimeSpan.TicksPerSecond * 100;
            }
        }

        /// <summary>
        /// v1 <c>struct gpiod_line_event { struct timespec ts; int event_type; }</c>: 24 bytes with the C tail padding.
        /// <see cref="EventType"/> is <see cref="EventRisingEdge"/> or <see cref="EventFallingEdge"/>, already corrected
        /// for an active-low request (rising = became logically active).
        /// </summary>
        [StructLayout(LayoutKind.Sequential)]
        internal readonly struct LineEvent
        {
            internal readonly Timespec Timestamp;
            internal readonly int EventType;
        }
    }
}
