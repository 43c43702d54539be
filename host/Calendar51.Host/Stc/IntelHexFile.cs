using System.Globalization;

namespace Calendar51.Host.Stc;

/// <summary>Bad input in a HEX file; the message names the file and line.</summary>
public sealed class FlashInputException(string message) : Exception(message);

/// <summary>
/// Reads Intel HEX into a flat image starting at address 0: data (00), end (01), extended segment (02)
/// and extended linear (04) address records; start-address records (03, 05) carry nothing to flash.
/// </summary>
public static class IntelHexFile
{
    /// <summary>Highest address + 1 we accept; anything above cannot belong to an 8051 code space.</summary>
    public const int MaxImageSize = 0x10000;

    public static byte[] Load(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FlashInputException($"{path}: cannot read: {e.Message}");
        }
        return Parse(lines, path);
    }

    public static byte[] Parse(IReadOnlyList<string> lines, string sourceName)
    {
        var image = new byte[MaxImageSize];
        image.AsSpan().Fill(0xFF);
        var used = 0;
        var upper = 0;
        var sawData = false;
        for (var index = 0; index < lines.Count; index++)
        {
            var line = lines[index].Trim();
            var where = $"{sourceName}:{index + 1}";
            if (line.Length == 0)
            {
                continue;
            }
            if (line[0] != ':')
            {
                throw new FlashInputException($"{where}: record does not start with ':'");
            }
            byte[] record;
            try
            {
                record = Convert.FromHexString(line.AsSpan(1));
            }
            catch (FormatException)
            {
                throw new FlashInputException($"{where}: not a hex record (odd length or a non-hex character)");
            }
            if (record.Length < 5 || record.Length != record[0] + 5)
            {
                throw new FlashInputException($"{where}: record length {record.Length - 5} does not match its count byte {(record.Length > 0 ? record[0] : 0)}");
            }
            if (StcChecksum.Sum8(record) != 0)
            {
                throw new FlashInputException($"{where}: checksum byte {record[^1]:X2} is wrong (expected {(byte)(record[^1] - StcChecksum.Sum8(record)):X2})");
            }
            var count = record[0];
            var offset = (record[1] << 8) | record[2];
            var data = record.AsSpan(4, count);
            switch (record[3])
            {
                case 0x00:
                    var address = upper + offset;
                    if (address + count > MaxImageSize)
                    {
                        throw new FlashInputException(
                            $"{where}: data at {address:X4}..{address + count - 1:X4} lies beyond the 64 KiB 8051 code space");
                    }
                    data.CopyTo(image.AsSpan(address));
                    used = Math.Max(used, address + count);
                    sawData = true;
                    break;
                case 0x01:
                    if (!sawData)
                    {
                        throw new FlashInputException($"{where}: end-of-file record before any data");
                    }
                    return image[..used];
                case 0x02:
                    upper = ((data[0] << 8) | data[1]) << 4;
                    break;
                case 0x04:
                    upper = ((data[0] << 8) | data[1]) << 16;
                    break;
                case 0x03:
                case 0x05:
                    break;
                default:
                    throw new FlashInputException($"{where}: unknown record type {record[3].ToString("X2", CultureInfo.InvariantCulture)}");
            }
        }
        throw new FlashInputException($"{sourceName}: no end-of-file record (:00000001FF); the file may be truncated");
    }
}
