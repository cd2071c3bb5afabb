using System.Runtime.InteropServices;

namespace EdgeAvatar.Audio;

internal static partial class Interop
{
    /// <summary>
    /// Hand-written bindings to CMU PocketSphinx 5prealpha (Debian: libpocketsphinx3, soname libpocketsphinx.so.3) and
    /// the sphinxbase calls it needs (libsphinxbase3, libsphinxbase.so.3). Only what the phone recogniser uses is bound.
    /// <para>
    /// Invariants: every pointer is an opaque library object kept as <see cref="nint"/> (<c>cmd_ln_t*</c>,
    /// <c>ps_decoder_t*</c>, <c>ps_seg_t*</c>). A decoder is used by one thread at a time. <c>ps_seg_next</c> frees the
    /// iterator when it returns NULL; <c>ps_seg_free</c> is only for an iterator abandoned early. The process-wide log
    /// file pointer is shared by all decoders. Call <see cref="PocketSphinxLibrary.EnsureLoaded"/> before any of these
    /// so a machine without the libraries gets a clear error instead of a DllNotFoundException.
    /// </para>
    /// </summary>
    internal static partial class PocketSphinx
    {
        internal const string LibraryName = "libpocketsphinx.so.3";
        internal const string SphinxBaseName = "libsphinxbase.so.3";

        /// <summary><c>ps_args()</c>: the decoder's argument definitions (static table, never freed).</summary>
        [LibraryImport(LibraryName, EntryPoint = "ps_args")]
        internal static partial nint Args();

        /// <summary><c>ps_init(config)</c>: a decoder (it takes its own reference on config), or NULL on failure.</summary>
        [LibraryImport(LibraryName, EntryPoint = "ps_init")]
        internal static partial nint Init(nint config);

        /// <summary><c>ps_free</c>: releases the decoder; returns its remaining reference count.</summary>
        [LibraryImport(LibraryName, EntryPoint = "ps_free")]
        internal static partial int Free(nint decoder);

        /// <summary><c>ps_start_utt</c>: 0, or &lt;0 on error.</summary>
        [LibraryImport(LibraryName, EntryPoint = "ps_start_utt")]
        internal static partial int StartUtt(nint decoder);

        /// <summary>
        /// <c>ps_process_raw(ps, data, n_samples, no_search, full_utt)</c>: feeds 16-bit samples at the model's rate;
        /// returns the number of frames searched, or &lt;0 on error.
        /// </summary>
        [LibraryImport(LibraryName, EntryPoint = "ps_process_raw")]
        internal static unsafe partial int ProcessRaw(nint decoder, short* data, nuint samples, int noSearch, int fullUtt);

        /// <summary>
        /// <c>ps_process_cep(ps, data, n_frames, no_search, full_utt)</c>: feeds cepstral frames (<c>mfcc_t</c> is float32
        /// in Debian's build, a row of the front end's output size each); returns the frames searched, or &lt;0 on error.
        /// The library's own cepstral mean normalisation still runs on them (see <see cref="Phones.CepstralFrontEnd"/>).
        /// </summary>
        [LibraryImport(LibraryName, EntryPoint = "ps_process_cep")]
        internal static unsafe partial int ProcessCep(nint decoder, float** data, int frames, int noSearch, int fullUtt);

        /// <summary><c>ps_end_utt</c>: 0, or &lt;0 on error.</summary>
        [LibraryImport(LibraryName, EntryPoint = "ps_end_utt")]
        internal static partial int EndUtt(nint decoder);

        /// <summary><c>ps_seg_iter(ps)</c>: the first segment of the best hypothesis, or NULL when there is none.</summary>
        [LibraryImport(LibraryName, EntryPoint = "ps_seg_iter")]
        internal static partial nint SegIter(nint decoder);

        /// <summary><c>ps_seg_next</c>: the next segment, or NULL (and the iterator is freed).</summary>
        [LibraryImport(LibraryName, EntryPoint = "ps_seg_next")]
        internal static partial nint SegNext(nint segment);

        /// <summary><c>ps_seg_word</c>: the segment's word (here a phone), owned by the decoder.</summary>
        [LibraryImport(LibraryName, EntryPoint = "ps_seg_word")]
        internal static partial nint SegWord(nint segment);

        /// <summary><c>ps_seg_frames</c>: first and last frame (inclusive) of the segment, in the utterance's frames.</summary>
        [LibraryImport(LibraryName, EntryPoint = "ps_seg_frames")]
        internal static partial void SegFrames(nint segment, out int startFrame, out int endFrame);

        [LibraryImport(LibraryName, EntryPoint = "ps_seg_free")]
        internal static partial void SegFree(nint segment);

        /// <summary>
        /// <c>cmd_ln_parse_r(NULL, defn, argc, argv, strict)</c>: a configuration from name/value pairs, or NULL when an
        /// argument is unknown or malformed. (<c>cmd_ln_init</c> is variadic and not callable from here.)
        /// </summary>
        [LibraryImport(SphinxBaseName, EntryPoint = "cmd_ln_parse_r")]
        internal static partial nint CmdLnParseR(nint previous, nint definitions, int argc, nint[] argv, int strict);

        [LibraryImport(SphinxBaseName, EntryPoint = "cmd_ln_free_r")]
        internal static partial int CmdLnFreeR(nint config);

        /// <summary><c>cmd_ln_str_r(config, name)</c>: a string argument's value (owned by the config), or NULL.</summary>
        [LibraryImport(SphinxBaseName, EntryPoint = "cmd_ln_str_r", StringMarshalling = StringMarshalling.Utf8)]
        internal static partial nint CmdLnStrR(nint config, string name);

        /// <summary>
        /// <c>fe_init_auto_r(config)</c>: an MFCC front end from a configuration (after <c>ps_init</c> the decoder's
        /// configuration also holds the model's feat.params, so the front end matches the model's), or NULL.
        /// </summary>
        [LibraryImport(SphinxBaseName, EntryPoint = "fe_init_auto_r")]
        internal static partial nint FeInitAutoR(nint config);

        /// <summary><c>fe_free</c>: releases the front end; returns its remaining reference count.</summary>
        [LibraryImport(SphinxBaseName, EntryPoint = "fe_free")]
        internal static partial int FeFree(nint fe);

        /// <summary><c>fe_start_utt</c>: forgets buffered samples (a gap in the audio); 0, or &lt;0 on error.</summary>
        [LibraryImport(SphinxBaseName, EntryPoint = "fe_start_utt")]
        internal static partial int FeStartUtt(nint fe);

        /// <summary><c>fe_get_output_size</c>: floats per cepstral frame.</summary>
        [LibraryImport(SphinxBaseName, EntryPoint = "fe_get_output_size")]
        internal static partial int FeGetOutputSize(nint fe);

        /// <summary>
        /// <c>fe_process_frames(fe, &amp;spch, &amp;nsamps, buf_cep, &amp;nframes, &amp;frameidx)</c>: turns samples into at most
        /// <c>nframes</c> cepstral rows (<c>buf_cep</c>: row pointers); advances <c>spch</c>/<c>nsamps</c> past what it used and
        /// keeps a partial frame's samples for the next call; sets <c>nframes</c> to the rows written. &lt;0 on error.
        /// </summary>
        [LibraryImport(SphinxBaseName, EntryPoint = "fe_process_frames")]
        internal static unsafe partial int FeProcessFrames(nint fe, short** samples, nuint* sampleCount, float** rows, int* frames, int* frameIndex);

        /// <summary><c>err_set_logfp(NULL)</c> silences the libraries' chatter on stderr (process-wide).</summary>
        [LibraryImport(SphinxBaseName, EntryPoint = "err_set_logfp")]
        internal static partial void ErrSetLogfp(nint file);
    }
}
