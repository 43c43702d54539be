using System.Text;

namespace Calendar51.Host.ClockLink;

/// <summary>
/// Splits the clock firmware's byte stream into ASCII lines ended by CR LF (a bare LF is accepted too).
/// Over-long lines are cut off so a chattering port cannot grow memory without bound.
/// </summary>
public sealed class ClockLineFramer
{
    public const int MaxLineLength = 120;

    private readonly StringBuilder _current = new();
    private readonly Queue<string> _lines = new();

    public int Count => _lines.Count;

    public void Feed(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b == (byte)'\n')
            {
                _lines.Enqueue(_current.ToString().TrimEnd('\r'));
                _current.Clear();
            }
            else if (_current.Length < MaxLineLength)
            {
                // Non-ASCII noise shows as '?', keeping the line readable in error messages.
                _current.Append(b is >= 0x20 and < 0x7F or (byte)'\r' ? (char)b : '?');
            }
        }
    }

    public bool TryTake(out string line) => _lines.TryDequeue(out line!);
}
