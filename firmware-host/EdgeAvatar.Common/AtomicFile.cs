namespace EdgeAvatar.Common;

/// <summary>
/// Writes a file or directory so that readers see either nothing (or the old content) or the complete new content:
/// data goes to a temporary sibling (same filesystem), is flushed to disk, then renamed over the target in one step.
/// A failure or kill mid-way leaves at most a temporary "*.partial-*" sibling, never a half-written target.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/> into a temporary file, then renames it into place.</summary>
    public static void Write(string path, Action<FileStream> write)
    {
        string full = Path.GetFullPath(path);
        string temp = TempSibling(full);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Writes all bytes atomically.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        byte[] copy = bytes.ToArray();
        Write(path, s => s.Write(copy));
    }

    /// <summary>
    /// Builds a directory through <paramref name="fill"/> in a temporary sibling, then renames it to
    /// <paramref name="path"/>. An existing target is replaced only after the new one is complete, and kept
    /// (renamed back) if the swap fails.
    /// </summary>
    public static void WriteDirectory(string path, Action<string> fill)
    {
        string full = Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar);
        string temp = TempSibling(full);
        Directory.CreateDirectory(temp);
        try
        {
            fill(temp);
            if (Directory.Exists(full))
            {
                string old = TempSibling(full) + ".old";
                Directory.Move(full, old);
                try
                {
                    Directory.Move(temp, full);
                }
                catch
                {
                    Directory.Move(old, full);
                    throw;
                }
                Directory.Delete(old, recursive: true);
            }
            else
            {
                Directory.Move(temp, full);
            }
        }
        catch
        {
            try { if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true); } catch (IOException) { }
            throw;
        }
    }

    private static string TempSibling(string full)
        => Path.Combine(Path.GetDirectoryName(full) ?? ".",
            $".{Path.GetFileName(full)}.partial-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
