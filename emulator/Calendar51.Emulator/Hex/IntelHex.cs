namespace Calendar51.Emulator.Hex;

/// <summary>
/// Strict Intel HEX reader for 8051 code images (what SDCC's .ihx, packihx and Keil OH51 write).
/// The whole text is checked before an image is returned, so a bad file never half-loads.
/// </summary>
/// <remarks>
/// Accepted: record types 00 (data), 01 (end of file), 02 (extended segment address), 03 (start
/// segment address), 04 (extended linear address), 05 (start linear address); upper- or lower-case
/// hex digits; CRLF or LF line ends; trailing whitespace; blank (whitespace-only) lines anywhere,
/// including after the end-of-file record. Refused, each with <c>file:line: problem</c>: a line not
/// starting with ':', a non-hex character, an odd digit count, a record shorter than 5 bytes, a byte
/// count that disagrees with the line length, a wrong checksum, an unknown record type, a type 01–05
/// record with the wrong length or a non-zero address field, data at or beyond the code size (no
/// wrap-around at 64 KB), a byte written twice with different values (same value is fine), two
/// different start addresses, anything but blank lines after the end-of-file record, and a missing
/// end-of-file record.
/// </remarks>
public static class IntelHex
{
    private const int MinRecordBytes = 5; // count, address hi/lo, type, checksum

    private const byte DataRecord = 0x00;
    private const byte EndOfFileRecord = 0x01;
    private const byte ExtendedSegmentAddressRecord = 0x02;
    private const byte StartSegmentAddressRecord = 0x03;
    private const byte ExtendedLinearAddressRecord = 0x04;
    private const byte StartLinearAddressRecord = 0x05;

    /// <summary>Reads and parses <paramref name="path"/>; errors name the path as given.</summary>
    /// <exception cref="HexFormatException">The file is not valid Intel HEX or does not fit <paramref name="codeSize"/>.</exception>
    /// <exception cref="InputFileException">The file is missing, a directory, unreadable, not text or absurdly large.</exception>
    public static HexImage Load(string path, int codeSize = HexImage.AddressSpaceSize) =>
        Parse(InputFile.ReadText(path, InputFile.MaxHexBytes, "an Intel HEX file"), path, codeSize);

    /// <summary>Parses HEX text; <paramref name="fileName"/> is only used in error messages.</summary>
    /// <param name="text">The whole file's text.</param>
    /// <param name="fileName">The name used in error messages.</param>
    /// <param name="codeSize">Bytes of code memory (1..65536); data at or above it is an error.</param>
    /// <exception cref="HexFormatException">The text is not valid Intel HEX or does not fit <paramref name="codeSize"/>.</exception>
    public static HexImage Parse(string text, string fileName, int codeSize = HexImage.AddressSpaceSize)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentOutOfRangeException.ThrowIfLessThan(codeSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(codeSize, HexImage.AddressSpaceSize);

        var data = new byte[HexImage.AddressSpaceSize];
        Array.Fill(data, HexImage.ErasedByte);
        var written = new bool[HexImage.AddressSpaceSize];
        // Line that first wrote each byte, so an overlap error can point at both records.
        var writtenOnLine = new int[HexImage.AddressSpaceSize];

        long baseAddress = 0;
        int? startAddress = null;
        int startAddressLine = 0;
        int endOfFileLine = 0;
        int lineNumber = 0;

        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.TrimEnd();
            if (line.Length == 0)
            {
                continue;
            }
            if (endOfFileLine != 0)
            {
                throw new HexFormatException(fileName, lineNumber,
                    $"text after the end-of-file record on line {endOfFileLine}");
            }

            var record = DecodeRecord(line, fileName, lineNumber);
            int count = record[0];
            int offset = (record[1] << 8) | record[2];
            byte type = record[3];
            var payload = record.AsSpan(4, count);

            if (type != DataRecord)
            {
                CheckControlRecordShape(type, count, offset, fileName, lineNumber);
            }

            switch (type)
            {
                case DataRecord:
                    for (int i = 0; i < count; i++)
                    {
                        long address = baseAddress + offset + i;
                        if (address >= codeSize)
                        {
                            throw new HexFormatException(fileName, lineNumber,
                                $"data at 0x{address:X4} lies beyond the code size of {codeSize} bytes (0x0000-0x{codeSize - 1:X4})");
                        }
                        byte value = payload[i];
                        if (written[address] && data[address] != value)
                        {
                            throw new HexFormatException(fileName, lineNumber,
                                $"byte at 0x{address:X4} is 0x{value:X2} here but line {writtenOnLine[address]} already set it to 0x{data[address]:X2}");
                        }
                        if (!written[address])
                        {
                            written[address] = true;
                            writtenOnLine[address] = lineNumber;
                            data[address] = value;
                        }
                    }
                    break;
                case EndOfFileRecord:
                    endOfFileLine = lineNumber;
                    break;
                case ExtendedSegmentAddressRecord:
                    baseAddress = (long)((payload[0] << 8) | payload[1]) << 4;
                    break;
                case ExtendedLinearAddressRecord:
                    baseAddress = (long)((payload[0] << 8) | payload[1]) << 16;
                    break;
                case StartSegmentAddressRecord:
                case StartLinearAddressRecord:
                    int start = type == StartLinearAddressRecord
                        ? (payload[0] << 24) | (payload[1] << 16) | (payload[2] << 8) | payload[3]
                        : (((payload[0] << 8) | payload[1]) << 4) + ((payload[2] << 8) | payload[3]);
                    if (startAddress is { } previous && previous != start)
                    {
                        throw new HexFormatException(fileName, lineNumber,
                            $"start address 0x{start:X4} contradicts 0x{previous:X4} from line {startAddressLine}");
                    }
                    startAddress = start;
                    startAddressLine = lineNumber;
                    break;
                default:
                    throw new HexFormatException(fileName, lineNumber,
                        $"unknown record type 0x{type:X2} (Intel HEX defines 00-05)");
            }
        }

        if (endOfFileLine == 0)
        {
            throw new HexFormatException(fileName, Math.Max(1, LastNonBlankLine(text)),
                "missing end-of-file record (:00000001FF)");
        }
        return new HexImage(data, written, startAddress);
    }

    /// <summary>Checks the syntax, length and checksum of one record; returns its bytes.</summary>
    private static byte[] DecodeRecord(string line, string fileName, int lineNumber)
    {
        if (line[0] != ':')
        {
            throw new HexFormatException(fileName, lineNumber, "line does not start with ':'");
        }
        for (int column = 1; column < line.Length; column++)
        {
            if (!char.IsAsciiHexDigit(line[column]))
            {
                throw new HexFormatException(fileName, lineNumber,
                    $"'{line[column]}' at column {column + 1} is not a hex digit");
            }
        }
        int digits = line.Length - 1;
        if (digits % 2 != 0)
        {
            throw new HexFormatException(fileName, lineNumber, $"odd number of hex digits ({digits}) after ':'");
        }
        if (digits < MinRecordBytes * 2)
        {
            throw new HexFormatException(fileName, lineNumber,
                $"record is {digits / 2} bytes long, shorter than the minimum of {MinRecordBytes}");
        }

        var record = Convert.FromHexString(line.AsSpan(1));
        int dataBytesOnLine = record.Length - MinRecordBytes;
        if (record[0] != dataBytesOnLine)
        {
            throw new HexFormatException(fileName, lineNumber,
                $"byte count is 0x{record[0]:X2} ({record[0]}) but the record holds {dataBytesOnLine} data bytes");
        }

        int sum = 0;
        for (int i = 0; i < record.Length - 1; i++)
        {
            sum += record[i];
        }
        byte expected = (byte)-sum;
        byte actual = record[^1];
        if (actual != expected)
        {
            throw new HexFormatException(fileName, lineNumber,
                $"checksum is 0x{actual:X2}, expected 0x{expected:X2}");
        }
        return record;
    }

    private static void CheckControlRecordShape(byte type, int count, int offset, string fileName, int lineNumber)
    {
        int expectedCount = type switch
        {
            EndOfFileRecord => 0,
            ExtendedSegmentAddressRecord or ExtendedLinearAddressRecord => 2,
            StartSegmentAddressRecord or StartLinearAddressRecord => 4,
            _ => -1,
        };
        if (expectedCount < 0)
        {
            return; // unknown types are reported by the caller
        }
        if (count != expectedCount)
        {
            throw new HexFormatException(fileName, lineNumber,
                $"record type 0x{type:X2} must hold {expectedCount} data bytes, not {count}");
        }
        if (offset != 0)
        {
            throw new HexFormatException(fileName, lineNumber,
                $"record type 0x{type:X2} must have address field 0000, not {offset:X4}");
        }
    }

    private static int LastNonBlankLine(string text)
    {
        var lines = text.Split('\n');
        for (int i = lines.Length - 1; i >= 0; i--)
        {
            if (lines[i].Trim().Length != 0)
            {
                return i + 1;
            }
        }
        return 0;
    }
}
