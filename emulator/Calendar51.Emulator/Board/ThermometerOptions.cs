using System.Globalization;
using Calendar51.Emulator.Chips;

namespace Calendar51.Emulator.Board;

/// <summary>
/// The options of a <c>part NAME ds18b20</c> line: <c>temperature=22.5C</c> (°C, −55 … 125; default
/// 25C) and <c>serial=0x...</c> (the 48-bit serial number of its ROM code; default 1, 2, … in the order
/// the sensors are listed, so several on one wire differ). <see cref="PartOptions.Check"/> refuses
/// anything else when the file loads.
/// </summary>
internal static class ThermometerOptions
{
    public const double DefaultTemperature = 25.0;

    /// <summary>"22.5C", "-10.125C" (the C may be lower case); null unless within the sensor's −55 … 125 °C.</summary>
    public static double? ParseCelsius(string text)
    {
        if (!text.EndsWith('C') && !text.EndsWith('c')) return null;
        return double.TryParse(text[..^1], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value)
               && Ds18b20.IsValidTemperature(value)
            ? value
            : null;
    }

    public static ulong? ParseSerial(string text)
    {
        bool hex = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        bool parsed = hex
            ? ulong.TryParse(text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong value)
            : ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        return parsed && value <= 0xFFFF_FFFF_FFFF ? value : null;
    }

    public static Ds18b20Options For(BoardPart part, int index) => new()
    {
        Name = part.Name,
        Temperature = part.Options.TryGetValue("temperature", out var t) ? ParseCelsius(t)!.Value : DefaultTemperature,
        SerialNumber = part.Options.TryGetValue("serial", out var s) ? ParseSerial(s)!.Value : (ulong)index + 1,
    };
}
