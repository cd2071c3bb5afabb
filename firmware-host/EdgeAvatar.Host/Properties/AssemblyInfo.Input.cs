using System.Runtime.CompilerServices;

// Input/Control/Interop.Alsa tests exercise the ALSA loader and the frame assembler directly.
[assembly: InternalsVisibleTo("EdgeAvatar.Host.Tests")]
