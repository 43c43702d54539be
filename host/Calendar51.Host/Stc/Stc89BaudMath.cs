namespace Calendar51.Host.Stc;

/// <summary>The timer-2 reload arithmetic both STC89 bootloaders use to switch to the transfer baud.</summary>
public static class Stc89BaudMath
{
    /// <summary>Standard rates tried from fastest to slowest.</summary>
    public static IReadOnlyList<int> StandardRates { get; } = [115200, 57600, 38400, 19200, 9600, 4800, 2400, 1200];

    /// <summary>Largest divisor error at which we still trust the link.</summary>
    public const double MaxError = 0.02;

    /// <summary>Clocks per UART bit on the timer-2 baud generator: classic 16 in 6T mode, 32 in 12T; BSL 7.x always 32.</summary>
    public static int SampleDivisor(Stc89Protocol protocol, bool is6T) =>
        protocol == Stc89Protocol.Classic && is6T ? 16 : 32;

    /// <summary>The 16-bit reload value that comes closest to <paramref name="baud"/>, or null when it does not fit 1..65535 ticks.</summary>
    public static ushort? Reload(double clockHz, int baud, int divisor)
    {
        var ticks = Math.Round(clockHz / ((double)baud * divisor), MidpointRounding.AwayFromZero);
        return ticks is < 1 or > 65535 ? null : (ushort)(65536 - ticks);
    }

    public static double ActualBaud(double clockHz, ushort reload, int divisor) => clockHz / (divisor * (65536.0 - reload));

    public static double Error(double clockHz, int baud, int divisor)
    {
        var reload = Reload(clockHz, baud, divisor);
        return reload is null ? double.PositiveInfinity : Math.Abs(ActualBaud(clockHz, reload.Value, divisor) - baud) / baud;
    }

    /// <summary>Rates at most <paramref name="cap"/> whose divisor error is within <see cref="MaxError"/>, fastest first.</summary>
    public static IReadOnlyList<int> FeasibleRates(double clockHz, int divisor, int cap) =>
        StandardRates.Where(r => r <= cap && Error(clockHz, r, divisor) <= MaxError).ToList();

    /// <summary>Classic <c>8F</c>/<c>8E</c> parameter bytes: reload high, reload low, FF − high, and the reload checksum −2·low.</summary>
    public static byte[] ClassicReloadBytes(ushort reload)
    {
        var high = (byte)(reload >> 8);
        var low = (byte)reload;
        return [high, low, (byte)(0xFF - high), (byte)(2 * (256 - low))];
    }

    /// <summary>Classic flash wait states (IAP_CONTR) for the clock.</summary>
    public static byte ClassicIapWait(double clockHz) => clockHz switch
    {
        < 5e6 => 0x83,
        < 10e6 => 0x82,
        < 20e6 => 0x81,
        _ => 0x80,
    };

    /// <summary>BSL 7.x flash wait states as the BSL 7.2.5C capture shows (82 at 11.03 MHz).</summary>
    public static byte Bsl7IapWait(double clockHz) => clockHz switch
    {
        < 10e6 => 0x83,
        < 30e6 => 0x82,
        < 50e6 => 0x81,
        _ => 0x80,
    };

    /// <summary>Time a frame occupies the wire: start + 8 data (+ parity) + stop bits per byte.</summary>
    public static TimeSpan WireTime(int byteCount, int baud, bool parity) =>
        TimeSpan.FromSeconds(byteCount * (parity ? 11.0 : 10.0) / baud);
}
