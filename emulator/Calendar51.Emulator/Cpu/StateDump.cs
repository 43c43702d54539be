using System.Text;

namespace Calendar51.Emulator.Cpu;

/// <summary>The `--dump-state` JSON: one object with cycles, PC, RAM, every SFR by name (ports as latches) and XRAM (on-chip, or a generic part's 64 KB external data memory).</summary>
public static class StateDump
{
    public static string ToJson(Mcs51 cpu)
    {
        var json = new StringBuilder(1024);
        json.Append("{\"part\":\"").Append(cpu.Part.Name).Append("\",");
        json.Append("\"cycles\":").Append(cpu.Cycles).Append(',');
        json.Append("\"pc\":").Append(cpu.PC).Append(',');
        json.Append("\"iram\":\"").Append(Convert.ToHexStringLower(cpu.InternalRam)).Append("\",");
        json.Append("\"sfr\":{");
        bool first = true;
        foreach (var (name, value) in cpu.SpecialFunctionRegisters())
        {
            if (!first) json.Append(',');
            first = false;
            json.Append('"').Append(name).Append("\":").Append(value);
        }
        json.Append("},");
        json.Append("\"xram\":\"").Append(Convert.ToHexStringLower(cpu.DataMemory)).Append("\"}");
        return json.ToString();
    }
}
