using System.Text;

namespace Calendar51.Emulator;

/// <summary>An input file that cannot be read as what it should be; the message names the file (and the line when there is one) and the cause.</summary>
public sealed class InputFileException(string message, Exception? inner = null) : IOException(message, inner);

/// <summary>
/// Reads the text files users hand us (HEX images, board files, scenarios, battery files) with a size
/// bound, so <c>/dev/zero</c> or a multi-gigabyte file is refused after a few megabytes instead of
/// exhausting memory, and with strict UTF-8 decoding, so a file saved in another encoding is refused at
/// load with the byte that is wrong instead of turning into U+FFFD and failing later.
/// </summary>
public static class InputFile
{
    /// <summary>An Intel HEX image of 64 KB with one byte per record is about 850 KB; four times that leaves room for blank lines and long line ends.</summary>
    public const int MaxHexBytes = 4 << 20;

    /// <summary>Board files and scenarios are hand-written text of a few kilobytes.</summary>
    public const int MaxTextBytes = 1 << 20;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The file's text, decoded as UTF-8 (a byte-order mark is skipped).
    /// <paramref name="what"/> names the kind of file for messages, e.g. "an Intel HEX file".
    /// </summary>
    /// <exception cref="InputFileException">Missing, a directory, unreadable, larger than <paramref name="maxBytes"/> or not UTF-8.</exception>
    public static string ReadText(string path, int maxBytes, string what)
    {
        byte[] bytes = ReadBounded(path, maxBytes, what);
        int start = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0;
        try
        {
            return StrictUtf8.GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException e)
        {
            int offset = start + Math.Max(0, e.Index);
            int line = 1 + bytes.AsSpan(0, Math.Min(offset, bytes.Length)).Count((byte)'\n');
            string value = offset < bytes.Length ? $" (0x{bytes[offset]:X2})" : "";
            throw new InputFileException($"{path}:{line}: byte {offset}{value} is not valid UTF-8: {what} must be UTF-8 (or plain ASCII)", e);
        }
    }

    private static byte[] ReadBounded(string path, int maxBytes, string what)
    {
        if (Directory.Exists(path)) throw new InputFileException($"{path}: is a directory, not {what}");
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            // Read at most one byte past the bound: enough to tell "too big" without trusting Length (0 for /dev/zero).
            var buffer = new byte[Math.Min(maxBytes + 1L, stream.CanSeek && stream.Length > 0 ? stream.Length + 1 : 64 * 1024)];
            int total = 0;
            while (true)
            {
                if (total == buffer.Length)
                {
                    if (total > maxBytes) break;
                    Array.Resize(ref buffer, (int)Math.Min(maxBytes + 1L, buffer.Length * 2L));
                }
                int read = stream.Read(buffer, total, buffer.Length - total);
                if (read == 0) break;
                total += read;
            }
            if (total > maxBytes)
                throw new InputFileException($"{path}: larger than {maxBytes / 1024} KB, too big for {what}: is it the right file?");
            Array.Resize(ref buffer, total);
            return buffer;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputFileException($"{path}: no such file", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InputFileException($"{path}: permission denied", e);
        }
        catch (IOException e) when (e is not InputFileException)
        {
            throw new InputFileException($"{path}: cannot read: {e.Message}", e);
        }
    }
}
