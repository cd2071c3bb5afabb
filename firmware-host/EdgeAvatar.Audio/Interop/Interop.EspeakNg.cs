using System.Runtime.InteropServices;

namespace EdgeAvatar.Audio;

internal static partial class Interop
{
    /// <summary>
    /// Hand-written bindings to eSpeak NG 1.51 (Debian: libespeak-ng1, soname libespeak-ng.so.1; API revision 12 of
    /// speak_lib.h). Only what the synthesiser uses is bound.
    /// <para>
    /// Invariants: the library is one process-wide engine with global state and is not thread-safe, so every call
    /// here is made under <see cref="Speech.EspeakLibrary"/>'s lock, one synthesis at a time. It is initialised once in
    /// <see cref="AudioOutputSynchronous"/> mode: <c>espeak_Synth</c> returns only when the whole text has been passed
    /// to the synth callback, on the calling thread. <see cref="EspeakEvent"/> mirrors <c>espeak_EVENT</c> for LP64
    /// (40 bytes; checked against the C header by a test). Call <see cref="Speech.EspeakLibrary.EnsureLoaded"/> first
    /// so a machine without the library gets a clear error instead of a DllNotFoundException.
    /// </para>
    /// </summary>
    internal static partial class EspeakNg
    {
        internal const string LibraryName = "libespeak-ng.so.1";

        /// <summary><c>AUDIO_OUTPUT_SYNCHRONOUS</c>: audio and events go to the callback; Synth returns when done.</summary>
        internal const int AudioOutputSynchronous = 2;

        /// <summary><c>espeakINITIALIZE_PHONEME_EVENTS</c>: report <c>espeakEVENT_PHONEME</c> with eSpeak's mnemonics.</summary>
        internal const int InitializePhonemeEvents = 0x0001;

        /// <summary><c>espeakINITIALIZE_DONT_EXIT</c>: return an error instead of calling exit() when the data is missing.</summary>
        internal const int InitializeDontExit = 0x8000;

        /// <summary><c>espeakCHARS_UTF8</c>.</summary>
        internal const uint CharsUtf8 = 1;

        /// <summary><c>POS_CHARACTER</c>.</summary>
        internal const int PositionCharacter = 1;

        /// <summary><c>espeak_ERROR</c>: EE_OK.</summary>
        internal const int Ok = 0;

        /// <summary><c>espeak_ERROR</c>: EE_NOT_FOUND (no such voice).</summary>
        internal const int NotFound = 2;

        /// <summary><c>espeak_PARAMETER</c> values.</summary>
        internal const int ParameterRate = 1, ParameterPitch = 3;

        /// <summary><c>espeak_EVENT_TYPE</c> values.</summary>
        internal const int EventListTerminated = 0, EventPhoneme = 7;

        /// <summary><c>espeak_EVENT</c> (LP64 layout: ints, a pointer, an 8-byte union).</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct EspeakEvent
        {
            public int Type;
            public uint UniqueIdentifier;
            public int TextPosition;
            public int Length;
            /// <summary>Time in ms within the generated speech.</summary>
            public int AudioPosition;
            public int Sample;
            public nint UserData;
            /// <summary>For phoneme events the mnemonic, UTF-8, zero-terminated unless all 8 bytes are used.</summary>
            public fixed byte Id[8];
        }

        /// <summary><c>espeak_VOICE</c> (LP64): only the fields read here.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct EspeakVoice
        {
            public nint Name;
            /// <summary>Pairs of (priority byte, zero-terminated language), ended by an empty string.</summary>
            public nint Languages;
            public nint Identifier;
            public byte Gender, Age, Variant, Xx1;
            public int Score;
            public nint Spare;
        }

        /// <summary><c>espeak_Initialize(output, buflength, path, options)</c>: the sample rate in Hz, or -1 on failure.</summary>
        [LibraryImport(LibraryName, EntryPoint = "espeak_Initialize")]
        internal static partial int Initialize(int output, int bufferMs, nint path, int options);

        /// <summary><c>espeak_SetSynthCallback(cb)</c>; cb is <c>int (*)(short*, int, espeak_EVENT*)</c>, nonzero aborts.</summary>
        [LibraryImport(LibraryName, EntryPoint = "espeak_SetSynthCallback")]
        internal static unsafe partial void SetSynthCallback(delegate* unmanaged<short*, int, EspeakEvent*, int> callback);

        /// <summary><c>espeak_Synth(text, size, position, position_type, end_position, flags, unique_id, user_data)</c>.</summary>
        [LibraryImport(LibraryName, EntryPoint = "espeak_Synth")]
        internal static unsafe partial int Synth(byte* text, nuint size, uint position, int positionType, uint endPosition, uint flags,
            nint uniqueIdentifier, nint userData);

        /// <summary><c>espeak_SetVoiceByName(name)</c>: EE_OK, or EE_NOT_FOUND.</summary>
        [LibraryImport(LibraryName, EntryPoint = "espeak_SetVoiceByName", StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int SetVoiceByName(string name);

        /// <summary>
        /// <c>espeak_SetVoiceByProperties(spec)</c>: the best voice for spec's language (a single UTF-8 name here, no
        /// priority byte), gender (0 any, 1 male, 2 female); EE_OK or EE_NOT_FOUND.
        /// </summary>
        [LibraryImport(LibraryName, EntryPoint = "espeak_SetVoiceByProperties")]
        internal static partial int SetVoiceByProperties(ref EspeakVoice voiceSpec);

        /// <summary><c>espeak_SetParameter(parameter, value, relative)</c>.</summary>
        [LibraryImport(LibraryName, EntryPoint = "espeak_SetParameter")]
        internal static partial int SetParameter(int parameter, int value, int relative);

        /// <summary><c>espeak_ListVoices(NULL)</c>: a NULL-terminated array of voices, owned by the library.</summary>
        [LibraryImport(LibraryName, EntryPoint = "espeak_ListVoices")]
        internal static partial nint ListVoices(nint voiceSpec);

        /// <summary><c>espeak_Info(&amp;path_data)</c>: the version string; path_data gets the data folder.</summary>
        [LibraryImport(LibraryName, EntryPoint = "espeak_Info")]
        internal static partial nint Info(out nint pathData);
    }
}
