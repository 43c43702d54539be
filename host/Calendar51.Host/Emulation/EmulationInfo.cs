namespace Calendar51.Host.Emulation;

/// <summary>The fixed facts a view shows in its header: what runs where, and how to reach it.</summary>
public sealed record EmulationInfo(string HexPath, string BoardName, long CrystalHz, IReadOnlyList<string> Keys)
{
    /// <summary>Where the serial port is reachable (a pty path or tcp address), once opened.</summary>
    public string? SerialEndpoint { get; set; }

    public int? SerialBaud { get; set; }

    public string? WebAddress { get; set; }

    public string Title => $"{Path.GetFileName(HexPath)} on {BoardName} ({CrystalHz / 1e6:0.######} MHz)";

    /// <summary>What the clock firmware does with each key (K1 set, K2 up, K3 down, K4 view).</summary>
    public static string KeyRole(string key) => key.ToUpperInvariant() switch
    {
        "K1" => "set",
        "K2" => "up",
        "K3" => "down",
        "K4" => "view",
        _ => "",
    };
}
