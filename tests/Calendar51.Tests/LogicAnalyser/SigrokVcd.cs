using System.Diagnostics;
using System.Text;

namespace Calendar51.Tests.LogicAnalyser;

/// <summary>
/// A VCD as sigrok reads it (libsigrok's VCD input, the backend of PulseView), through
/// <c>sigrok-cli</c>: channel names, sample rate, and every sample as sigrok's binary output gives it.
/// A reader that is not ours, so a file our writer gets wrong fails here.
/// </summary>
internal sealed class SigrokVcd
{
    private const string SigrokCli = "/usr/bin/sigrok-cli";

    private readonly byte[] samples;
    private readonly int unitSize;

    private SigrokVcd(long sampleRate, IReadOnlyList<string> channels, byte[] samples, int unitSize)
    {
        SampleRate = sampleRate;
        Channels = channels;
        this.samples = samples;
        this.unitSize = unitSize;
    }

    /// <summary>Samples per second after downsampling: 10⁹ / downsample for a 1 ns timescale.</summary>
    public long SampleRate { get; }

    /// <summary>Samples from time 0 to the dump's last timestamp.</summary>
    public long SampleCount => samples.Length / unitSize;

    public IReadOnlyList<string> Channels { get; }

    /// <summary>Reads <paramref name="path"/> with its samples taken every <paramref name="downsample"/> ns (the file's timescale is 1 ns).</summary>
    public static SigrokVcd Read(string path, int downsample)
    {
        Assert.That(File.Exists(SigrokCli), Is.True, $"{SigrokCli} is missing: install the Debian package 'sigrok-cli' (apt-get install -y sigrok-cli)");
        string input = $"vcd:downsample={downsample}";
        string show = Encoding.UTF8.GetString(Run("-i", path, "-I", input, "--show"));
        long rate = long.Parse(Value(show, "Samplerate:"));
        int unitSize = int.Parse(Value(show, "Logic unitsize:"));
        long count = long.Parse(Value(show, "Logic sample count:"));
        var channels = show.Split('\n').Select(line => line.Trim()).Where(line => line.StartsWith("- ", StringComparison.Ordinal) && line.EndsWith(": logic", StringComparison.Ordinal))
            .Select(line => line[2..^": logic".Length]).ToList();
        // Binary output: a "META samplerate" line, then unitsize bytes per sample, channel n in bit n.
        byte[] binary = Run("-i", path, "-I", input, "-O", "binary");
        int start = binary.AsSpan().IndexOf((byte)'\n') + 1;
        Assert.That(Encoding.ASCII.GetString(binary, 0, start), Does.StartWith("META samplerate:"));
        var samples = binary[start..];
        Assert.That(samples.Length, Is.EqualTo(count * unitSize), "binary samples against --show's sample count");
        return new SigrokVcd(rate, channels, samples, unitSize);
    }

    public bool Level(int channel, long sample) => (samples[sample * unitSize + channel / 8] >> (channel % 8) & 1) != 0;

    /// <summary>Sample indexes where <paramref name="channel"/> left the level <paramref name="from"/>.</summary>
    public List<long> Edges(string channel, bool from)
    {
        int index = Channels.ToList().IndexOf(channel);
        Assert.That(index, Is.GreaterThanOrEqualTo(0), $"sigrok shows no channel {channel} (channels: {string.Join(", ", Channels)})");
        var edges = new List<long>();
        for (long sample = 1; sample < SampleCount; sample++)
        {
            if (Level(index, sample - 1) == from && Level(index, sample) != from) edges.Add(sample);
        }
        return edges;
    }

    private static string Value(string text, string label) =>
        text.Split('\n').Select(line => line.Trim()).FirstOrDefault(line => line.StartsWith(label, StringComparison.Ordinal))?[label.Length..].Trim()
        ?? throw new AssertionException($"sigrok-cli --show printed no '{label}':\n{text}");

    private static byte[] Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(SigrokCli) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        using var output = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(output);
        Assert.That(process.WaitForExit(60_000), Is.True, $"sigrok-cli {string.Join(' ', arguments)} did not finish in 60 s");
        Assert.That(process.ExitCode, Is.Zero, $"sigrok-cli {string.Join(' ', arguments)}: {error.Result}");
        Assert.That(error.Result, Is.Empty, $"sigrok-cli {string.Join(' ', arguments)} complained");
        return output.ToArray();
    }
}
