using System.Globalization;
using System.Text;

namespace Calendar51.Emulator.Board;

/// <summary>
/// Draws a board's wiring as SVG text from its description alone, so the pictures in schematics/
/// can be regenerated and checked for staleness: the MCU with every P0–P3 pin, each part as a box
/// with its pins, one routed line per wire labelled at both ends, pull-up resistors, what undriven
/// pins read, a key's active level and a buzzer's. Output is byte-for-byte deterministic.
/// </summary>
internal static class BoardDiagram
{
    private const int Row = 16;
    private const int McuLeft = 40, McuWidth = 150, McuTop = 90;
    private const int PartWidth = 190, PartGap = 18, PartHeader = 34, DescriptionLine = 12;
    // Monospace glyphs are 0.6 em wide: what fits a part box at 10 px, with 8 px of margin each side.
    private const int DescriptionChars = (PartWidth - 16) * 10 / 60;
    private const int ChannelLeft = 300, ChannelStep = 8;

    private static readonly string[] Colours = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#ff7f0e", "#7f7f7f"];

    public static string Render(BoardDescription board)
    {
        var svg = new StringBuilder();
        int mcuBottom = McuTop + PartHeader + 32 * Row + 8;
        var partTops = new Dictionary<string, int>();
        int y = McuTop;
        foreach (var part in board.Parts)
        {
            partTops[part.Name] = y;
            y += PartHeight(board, part) + PartGap;
        }
        int channels = board.Wires.Count;
        // Parts sit to the right of every wire channel, with room for the pin labels.
        int partLeft = ChannelLeft + channels * ChannelStep + 60;
        int width = partLeft + PartWidth + 40;
        int height = Math.Max(mcuBottom, y) + 40;

        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"monospace\" font-size=\"11\">\n"));
        svg.Append(Invariant($"<rect x=\"0\" y=\"0\" width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>\n"));
        Text(svg, 20, 28, Escape(board.Title), "font-size=\"16\" font-weight=\"bold\"");
        Text(svg, 20, 48, Escape($"board {board.Name}: {board.Mcu.Name}, {FormatHz(board.CrystalHz)} crystal; undriven pins read {(board.FloatingPinsReadHigh ? "high" : "low")}"), "");
        Text(svg, 20, 64, "P0 is open drain; P1–P3 have weak internal pull-ups. Keys close to GND unless wired to a second MCU pin.", "fill=\"#555555\"");

        // The MCU and its 32 port pins.
        svg.Append(Invariant($"<rect x=\"{McuLeft}\" y=\"{McuTop}\" width=\"{McuWidth}\" height=\"{mcuBottom - McuTop}\" fill=\"#f4f4f4\" stroke=\"#000000\"/>\n"));
        Text(svg, McuLeft + 8, McuTop + 20, Escape(board.Mcu.Name), "font-weight=\"bold\"");
        var pullUps = board.PullUps.ToDictionary(p => p.Pin, p => p.Value);
        for (int port = 0; port < 4; port++)
        {
            for (int bit = 0; bit < 8; bit++)
            {
                var pin = new McuPin(port, bit);
                int py = McuPinY(pin);
                bool used = board.Wires.Any(w => w.Pin == pin);
                Text(svg, McuLeft + McuWidth - 34, py + 4, pin.ToString(), used ? "" : "fill=\"#aaaaaa\"");
                svg.Append(Invariant($"<line x1=\"{McuLeft + McuWidth}\" y1=\"{py}\" x2=\"{McuLeft + McuWidth + 10}\" y2=\"{py}\" stroke=\"#000000\"/>\n"));
                if (pullUps.TryGetValue(pin, out var value)) PullUp(svg, McuLeft + McuWidth + 22, py, value);
            }
        }

        // Parts with their pins.
        foreach (var part in board.Parts)
        {
            int top = partTops[part.Name];
            svg.Append(Invariant($"<rect x=\"{partLeft}\" y=\"{top}\" width=\"{PartWidth}\" height=\"{PartHeight(board, part)}\" fill=\"#fbfbea\" stroke=\"#000000\"/>\n"));
            Text(svg, partLeft + 8, top + 14, Escape($"{part.Name} ({KindName(part.Kind)})"), "font-weight=\"bold\"");
            var description = DescriptionLines(board, part);
            for (int line = 0; line < description.Count; line++)
                Text(svg, partLeft + 8, top + 27 + line * DescriptionLine, Escape(description[line]), "fill=\"#555555\" font-size=\"10\"");
            foreach (var (partPin, index) in BoardPart.PinsOf(part.Kind).Select((p, i) => (p, i)))
            {
                int py = PartPinY(board, part, top, index);
                bool wired = board.PinOf(part.Name, partPin) is not null;
                svg.Append(Invariant($"<line x1=\"{partLeft - 10}\" y1=\"{py}\" x2=\"{partLeft}\" y2=\"{py}\" stroke=\"#000000\"/>\n"));
                Text(svg, partLeft + 6, py + 4, partPin, wired ? "" : "fill=\"#aaaaaa\"");
                if (!wired && part.Kind == PartKind.Key && partPin == "B") Ground(svg, partLeft - 10, py);
            }
        }

        // One line per wire, each in its own vertical channel so none overlap.
        for (int index = 0; index < channels; index++)
        {
            var wire = board.Wires[index];
            var part = board.Part(wire.Part)!;
            int fromY = McuPinY(wire.Pin);
            int toY = PartPinY(board, part, partTops[wire.Part], BoardPart.PinsOf(part.Kind).ToList().IndexOf(wire.PartPin));
            int channel = ChannelLeft + index * ChannelStep;
            string colour = Colours[index % Colours.Length];
            svg.Append(Invariant($"<polyline points=\"{McuLeft + McuWidth + 10},{fromY} {channel},{fromY} {channel},{toY} {partLeft - 10},{toY}\" fill=\"none\" stroke=\"{colour}\"/>\n"));
            svg.Append(Invariant($"<circle cx=\"{channel}\" cy=\"{fromY}\" r=\"2\" fill=\"{colour}\"/>\n"));
            Text(svg, partLeft - 44, toY - 2, wire.Pin.ToString(), $"fill=\"{colour}\" font-size=\"9\"");
        }
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static int McuPinY(McuPin pin) => McuTop + PartHeader + (pin.Port * 8 + pin.Bit) * Row + Row / 2;

    /// <summary>The header grows by a line for each extra line of the description.</summary>
    private static int HeaderOf(BoardDescription board, BoardPart part) => PartHeader + (DescriptionLines(board, part).Count - 1) * DescriptionLine;

    private static int PartPinY(BoardDescription board, BoardPart part, int top, int index) => top + HeaderOf(board, part) + index * Row + Row / 2;

    private static int PartHeight(BoardDescription board, BoardPart part) => HeaderOf(board, part) + BoardPart.PinsOf(part.Kind).Count * Row + 4;

    /// <summary>The part's description broken at spaces into lines that fit inside its box.</summary>
    private static List<string> DescriptionLines(BoardDescription board, BoardPart part)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var word in Describe(board, part).Split(' '))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > DescriptionChars)
            {
                lines.Add(line.ToString());
                line.Clear();
            }
            if (line.Length > 0) line.Append(' ');
            line.Append(word);
        }
        lines.Add(line.ToString());
        return lines;
    }

    private static string KindName(PartKind kind) => kind switch
    {
        PartKind.Lcd => "HD44780 LCD",
        PartKind.Rtc => "DS1302 RTC",
        PartKind.Key => "push button",
        PartKind.Buzzer => "buzzer",
        PartKind.SerialBridge => "USB-serial",
        PartKind.Thermometer => "DS18B20 1-Wire",
        _ => kind.ToString(),
    };

    private static string Describe(BoardDescription board, BoardPart part) => part.Kind switch
    {
        PartKind.Lcd => board.PinOf(part.Name, "DB0") is null ? "4-bit bus" : "8-bit bus",
        PartKind.Rtc => $"{part.Option("crystal", "32.768kHz")} crystal",
        PartKind.Key => (board.PinOf(part.Name, "B") is { } other
            ? $"matrix: pressed joins its pins ({other} side)"
            : "to GND: pressed reads low") + $"; bounce {part.Option("bounce", "5ms")}",
        PartKind.Buzzer => $"sounds while IN is {part.Option("active", "low")}",
        PartKind.SerialBridge => "TX drives RXD, RX hears TXD",
        PartKind.Thermometer => $"open drain; ambient {part.Option("temperature", "25C")}",
        _ => "",
    };

    private static void PullUp(StringBuilder svg, int x, int y, string value)
    {
        // A branch up from the pin line to a resistor and its value, all above the line, so the wire
        // that runs along the pin passes beneath instead of through them.
        svg.Append(Invariant($"<line x1=\"{x}\" y1=\"{y}\" x2=\"{x}\" y2=\"{y - 5}\" stroke=\"#000000\"/>\n"));
        svg.Append(Invariant($"<rect x=\"{x}\" y=\"{y - 8}\" width=\"12\" height=\"5\" fill=\"#ffffff\" stroke=\"#000000\"/>\n"));
        Text(svg, x + 15, y - 3, Escape($"{value}→VCC"), "font-size=\"8\"");
    }

    private static void Ground(StringBuilder svg, int x, int y)
    {
        svg.Append(Invariant($"<line x1=\"{x - 14}\" y1=\"{y - 5}\" x2=\"{x - 14}\" y2=\"{y + 5}\" stroke=\"#000000\"/>\n"));
        svg.Append(Invariant($"<line x1=\"{x - 14}\" y1=\"{y}\" x2=\"{x}\" y2=\"{y}\" stroke=\"#000000\"/>\n"));
        Text(svg, x - 44, y + 4, "GND", "font-size=\"9\"");
    }

    private static void Text(StringBuilder svg, int x, int y, string escaped, string attributes) =>
        svg.Append(Invariant($"<text x=\"{x}\" y=\"{y}\"{(attributes.Length == 0 ? "" : " " + attributes)}>{escaped}</text>\n"));

    private static string FormatHz(long hz) => (hz / 1e6).ToString("0.######", CultureInfo.InvariantCulture) + " MHz";

    private static string Escape(string text) =>
        text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
