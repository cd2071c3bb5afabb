using System.Runtime.InteropServices;

namespace EdgeAvatar.Host;

internal static partial class Interop
{
    /// <summary>
    /// Hand-written bindings to libgpiod v1.x (soname libgpiod.so.2, Debian package libgpiod2). The v2 API
    /// (libgpiod.so.3: line settings/config/request objects) is a different, incompatible library; nothing here works
    /// with it. Only the single-line "ctxless-free" calls the GPIO triggers need are bound.
    /// <para>
    /// Invariants: every pointer is an opaque libgpiod object (<c>struct gpiod_chip*</c>, <c>struct gpiod_line*</c>)
    /// kept as <see cref="nint"/>. Line pointers are owned by their chip and become invalid when the chip is closed,
    /// so every line is released before its chip is closed. libgpiod gives no thread-safety guarantee for one object:
    /// each line is driven by exactly one thread at a time. Call <see cref="GpiodLibrary.EnsureLoaded"/> before any of
    /// these so a machine without libgpiod2 gets a clear error instead of a DllNotFoundException.
    /// </para>
    /// </summary>
    internal static partial class Gpiod
    {
        /// <summary>The v1 soname; the bindings below resolve against exactly this name.</summary>
        internal const string LibraryName = "libgpiod.so.2";

        /// <summary>Consumer label the kernel shows for our lines (gpioinfo's "consumer" column).</summary>
        internal const string Consumer = "edgeavatar";

        // gpiod.h v1.5+ "Miscellaneous GPIO request flags" (GPIOD_LINE_REQUEST_FLAG_*), bit positions.
        internal const int RequestFlagOpenDrain = 1 << 0;
        internal const int RequestFlagOpenSource = 1 << 1;
        internal const int RequestFlagActiveLow = 1 << 2;
        internal const int RequestFlagBiasDisable = 1 << 3;
        internal const int RequestFlagBiasPullDown = 1 << 4;
        internal const int RequestFlagBiasPullUp = 1 << 5;

        // gpiod.h v1: GPIOD_LINE_EVENT_RISING_EDGE / GPIOD_LINE_EVENT_FALLING_EDGE (struct gpiod_line_event.event_type).
        internal const int EventRisingEdge = 1;
        internal const int EventFallingEdge = 2;

        /// <summary>gpiod_chip_open_by_name("gpiochip0") opens /dev/gpiochip0; NULL + errno on failure.</summary>
        [LibraryImport(LibraryName, EntryPoint = "gpiod_chip_open_by_name", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        internal static partial nint ChipOpenByName(string name);

        /// <summary>gpiod_chip_open_by_label: scans /dev for the chip whose label matches; NULL + errno (ENOENT) if none.</summary>
        [LibraryImport(LibraryName, EntryPoint = "gpiod_chip_open_by_label", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        internal static partial nint ChipOpenByLabel(string label);

        /// <summary>gpiod_chip_open(path) for an explicit /dev/gpiochipN path; NULL + errno on failure.</summary>
        [LibraryImport(LibraryName, EntryPoint = "gpiod_chip_open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        internal static partial nint ChipOpen(string path);

        [LibraryImport(LibraryName, EntryPoint = "gpiod_chip_close")]
        internal static partial void ChipClose(nint chip);

        /// <summary>The chip-owned line object at <paramref name="offset"/>; NULL + errno (EINVAL) when out of range.</summary>
        [LibraryImport(LibraryName, EntryPoint = "gpiod_chip_get_line", SetLastError = true)]
        internal static partial nint ChipGetLine(nint chip, uint offset);

        /// <summary>Requests the line as an input reporting both edges; 0 on success, -1 + errno.</summary>
        [LibraryImport(LibraryName, EntryPoint = "gpiod_line_request_both_edges_events_flags", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        internal static partial int LineRequestBothEdgesEventsFlags(nint line, string consumer, int flags);

        /// <summary>Requests the line as an output driven to <paramref name="defaultValue"/> (logical); 0 or -1 + errno.</summary>
        [LibraryImport(LibraryName, EntryPoint = "gpiod_line_request_output", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        internal static partial int LineRequestOutput(nint line, string consumer, int defaultValue);

        /// <summary>As <see cref="LineRequestOutput"/> with request flags (active-low LEDs).</summary>
        [LibraryImport(LibraryName, EntryPoint = "gpiod_line_request_output_flags", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        internal static partial int LineRequestOutputFlags(nint line, string consumer, int flags, int defaultValue);

        /// <summary>Sets a requested output's logical value (0/1); 0 or -1 + errno.</summary>
        [LibraryImport(LibraryName, EntryPoint = "gpiod_line_set_value", SetLastError = true)]
        internal static partial int LineSetValue(nint line, int value);

        /// <summary>Reads a requested line's logical value: 0, 1, or -1 + errno.</summary>
        [LibraryImport(LibraryName, EntryPoint = "gpiod_line_get_value", SetLastError = true)]
        internal static partial int LineGetValue(nint line);

        /// <summary>Waits for an edge event: 0 timed out, 1 event pending, -1 error (errno).</summary>
        [LibraryImport(LibraryName, EntryPoint = "gpiod_line_event_wait", SetLastError = true)]
        internal static partial int LineEventWait(nint line, in Timespec timeout);

        /// <summary>Reads one pending edge event (blocks if none is pending); 0 or -1 + errno.</summary>
        [LibraryImport(LibraryName, EntryPoint = "gpiod_line_event_read", SetLastError = true)]
        internal static partial int LineEventRead(nint line, out LineEvent lineEvent);

        [LibraryImport(LibraryName, EntryPoint = "gpiod_line_release")]
        internal static partial void LineRelease(nint line);
    }
}
