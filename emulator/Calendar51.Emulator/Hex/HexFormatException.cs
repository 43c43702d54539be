namespace Calendar51.Emulator.Hex;

/// <summary>
/// An Intel HEX file that cannot be loaded. The message reads <c>file:line: problem</c>, like a compiler
/// diagnostic, so editors and people can jump straight to the offending record.
/// </summary>
public sealed class HexFormatException : FormatException
{
    /// <summary>A problem at <paramref name="fileName"/>:<paramref name="lineNumber"/>.</summary>
    public HexFormatException(string fileName, int lineNumber, string problem)
        : base($"{fileName}:{lineNumber}: {problem}")
    {
        FileName = fileName;
        LineNumber = lineNumber;
        Problem = problem;
    }

    /// <summary>The file as named to the loader.</summary>
    public string FileName { get; }

    /// <summary>1-based line number of the record at fault (the last line when the file ends too early).</summary>
    public int LineNumber { get; }

    /// <summary>What is wrong, without the file and line prefix.</summary>
    public string Problem { get; }
}
