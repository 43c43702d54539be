using System.Globalization;
using System.Text.RegularExpressions;
using Calendar51.Host.Stc;
using YamlDotNet.RepresentationModel;

namespace Calendar51.Tests.Flashing;

/// <summary>
/// Access to tests/fixtures/stcgal (the real STC-ISP captures and stcgal's YAML payload lists, MIT,
/// provenance in its NOTICE.md). Missing fixtures fail the test with a message; they never skip or pass silently.
/// </summary>
public static partial class SharedFixtures
{
    public static string Directory => Path.Combine(RepositoryFiles.Root, "tests", "fixtures", "stcgal");

    public static string PathOf(string relative)
    {
        var path = Path.Combine(Directory, relative);
        if (!File.Exists(path))
        {
            Assert.Fail($"fixture missing: {path}");
        }
        return path;
    }

    /// <summary>One wire event of the derived two-way transcript.</summary>
    public sealed record WireStep(bool FromHost, int Baud, string Parity, byte[] Bytes);

    public sealed record Transcript(int HandshakeBaud, int TransferBaud, int ExitCode, byte[] Code, IReadOnlyList<WireStep> Steps);

    public static Transcript LoadTranscript(string relative)
    {
        var root = LoadYaml(relative);
        var steps = ((YamlSequenceNode)root.Children["steps"]).Children.Cast<YamlMappingNode>().Select(step => new WireStep(
            Scalar(step, "dir") == "host",
            int.Parse(Scalar(step, "baud"), CultureInfo.InvariantCulture),
            Scalar(step, "parity"),
            FrameHex.Parse(Scalar(step, "hex")))).ToList();
        return new Transcript(
            int.Parse(Scalar(root, "handshake_baud"), CultureInfo.InvariantCulture),
            int.Parse(Scalar(root, "transfer_baud"), CultureInfo.InvariantCulture),
            int.Parse(Scalar(root, "exit_code"), CultureInfo.InvariantCulture),
            FrameHex.Parse(Scalar(root, "code_data_hex")),
            steps);
    }

    public sealed record PayloadList(string Name, string Protocol, byte[] Code, IReadOnlyList<byte[]> Responses);

    /// <summary>stcgal's tests/*.yml: the MCU payloads in order, framing stripped.</summary>
    public static PayloadList LoadPayloadList(string relative)
    {
        var root = LoadYaml(relative);
        static byte[] Bytes(YamlNode node) => ((YamlSequenceNode)node).Children
            .Select(n => (byte)Convert.ToInt32(((YamlScalarNode)n).Value!, ((YamlScalarNode)n).Value!.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? 16 : 10))
            .ToArray();
        return new PayloadList(
            Scalar(root, "name"),
            Scalar(root, "protocol"),
            Bytes(root.Children["code_data"]),
            ((YamlSequenceNode)root.Children["responses"]).Children.Select(Bytes).ToList());
    }

    /// <summary>
    /// The stc89c52rc.txt capture: a separate status packet, then host2mcu and mcu2host sections of
    /// timestamped hex lines ('^' annotation lines and blanks ignored; a frame may span timestamps).
    /// Returns the frames of each section, split at frame boundaries.
    /// </summary>
    public static (byte[] Status, List<byte[]> HostFrames, List<byte[]> McuFrames) LoadClassicCapture(string relative)
    {
        var section = "status";
        var streams = new Dictionary<string, List<byte>> { ["status"] = [], ["host2mcu:"] = [], ["mcu2host:"] = [] };
        foreach (var raw in File.ReadAllLines(PathOf(relative)))
        {
            var line = raw.Trim();
            if (streams.ContainsKey(line))
            {
                section = line;
                continue;
            }
            if (HexLine().IsMatch(line))
            {
                streams[section].AddRange(FrameHex.Parse(line));
            }
        }
        var host = streams["host2mcu:"];
        var pulses = host.TakeWhile(b => b == 0x7F).Count();
        return (streams["status"].ToArray(), SplitFrames(host.Skip(pulses).ToList()), SplitFrames(streams["mcu2host:"]));
    }

    /// <summary>The stc89a-c52rc.txt capture: interleaved "Read (UP)" (MCU→host) and "Write (DOWN)" blocks, hex then an ASCII column.</summary>
    public static List<(bool FromHost, byte[] Frame)> LoadBsl7Capture(string relative)
    {
        var events = new List<(bool, List<byte>)>();
        foreach (var raw in File.ReadAllLines(PathOf(relative)))
        {
            if (raw.Contains("Read (UP)", StringComparison.Ordinal) || raw.Contains("Write (DOWN)", StringComparison.Ordinal))
            {
                events.Add((raw.Contains("Write (DOWN)", StringComparison.Ordinal), []));
                continue;
            }
            // Data lines start with a space then up to 16 two-digit hex groups; annotation lines start with tabs.
            var match = SnifferLine().Match(raw);
            if (match.Success && events.Count > 0)
            {
                events[^1].Item2.AddRange(FrameHex.Parse(match.Groups[1].Value));
            }
        }
        return events.Select(e => (e.Item1, e.Item2.ToArray())).ToList();
    }

    private static List<byte[]> SplitFrames(List<byte> stream)
    {
        var frames = new List<byte[]>();
        var at = 0;
        while (at < stream.Count)
        {
            var skip = stream[at] == StcFrame.Start1 ? 2 : 0;
            var length = (stream[at + skip + 1] << 8) | stream[at + skip + 2];
            frames.Add(stream.GetRange(at, skip + length).ToArray());
            at += skip + length;
        }
        return frames;
    }

    private static YamlMappingNode LoadYaml(string relative)
    {
        using var reader = new StreamReader(PathOf(relative));
        var stream = new YamlStream();
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node.Children[key]).Value!;

    [GeneratedRegex(@"^([0-9A-F]{2} )*[0-9A-F]{2}$")]
    private static partial Regex HexLine();

    [GeneratedRegex(@"^ ((?:[0-9a-f]{2} ){1,16})")]
    private static partial Regex SnifferLine();
}
