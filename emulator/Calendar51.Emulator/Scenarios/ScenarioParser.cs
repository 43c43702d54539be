using System.Text.RegularExpressions;
using Calendar51.Emulator.Board;
using Calendar51.Emulator.Chips;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Calendar51.Emulator.Scenarios;

/// <summary>
/// Reads scenario files (YAML). Everything is checked here, before anything runs: unknown keys,
/// malformed durations, times and regular expressions, and steps that need a powered board placed
/// before <c>power-on</c> all fail with the file and line. Key names and parts depend on the board and
/// are checked by <see cref="CheckAgainstBoard"/> once the board is known.
/// </summary>
internal static class ScenarioParser
{
    public static readonly TimeSpan DefaultPressDuration = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan DefaultWaitLcdTimeout = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan DefaultWaitSerialTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RegexMatchTimeout = TimeSpan.FromSeconds(1);

    private static readonly string[] TopLevelKeys = ["name", "board", "hex", "steps"];

    /// <summary>Every step keyword, as the file spells it.</summary>
    public static readonly IReadOnlyList<string> StepKinds =
    [
        "set-time", "power-on", "power-cycle", "delay", "press", "hold", "release", "expect-lcd", "wait-lcd",
        "write-serial", "wait-serial", "expect-ds1302", "expect-buzzer", "expect-no-violations", "screenshot",
        "record-vcd", "set-temperature",
    ];

    public static Scenario Load(string path)
    {
        string text;
        try
        {
            text = InputFile.ReadText(path, InputFile.MaxTextBytes, "a scenario file");
        }
        catch (InputFileException e)
        {
            throw new ScenarioFormatException(e.Message);
        }
        return Parse(text, path);
    }

    public static Scenario Parse(string text, string fileName)
    {
        var reader = new Reader(fileName);
        YamlStream stream = [];
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new ScenarioFormatException($"{fileName}:{e.Start.Line}: not valid YAML: {InnermostMessage(e)}");
        }
        if (stream.Documents.Count != 1)
            throw new ScenarioFormatException($"{fileName}:1: expected one YAML document with name, board, hex and steps; found {stream.Documents.Count}");
        var root = stream.Documents[0].RootNode as YamlMappingNode
            ?? throw reader.Error(stream.Documents[0].RootNode, "the file must be a mapping with name, board, hex and steps");

        var fields = reader.Fields(root, "top level", TopLevelKeys);
        string? name = fields.TryGetValue("name", out var nameNode) ? reader.Scalar(nameNode, "name") : null;
        string? board = fields.TryGetValue("board", out var boardNode) ? reader.Scalar(boardNode, "board") : null;
        string? hex = fields.TryGetValue("hex", out var hexNode) ? reader.Scalar(hexNode, "hex") : null;
        if (!fields.TryGetValue("steps", out var stepsNode))
            throw reader.Error(root, "missing 'steps' (a list of steps)");
        if (stepsNode is not YamlSequenceNode sequence)
            throw reader.Error(stepsNode, "'steps' must be a list (each item starting with '- ')");

        var steps = sequence.Children.Select(reader.Step).ToList();
        CheckPowerOrder(steps);
        return new Scenario(fileName, name, board, hex, steps);
    }

    /// <summary>Fails at the first step that needs something the board lacks: a key by that name, an LCD, a DS1302, a buzzer, a serial bridge.</summary>
    public static void CheckAgainstBoard(Scenario scenario, BoardDescription board)
    {
        var keys = board.PartsOf(PartKind.Key).Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var step in scenario.Steps)
        {
            string? key = step switch
            {
                PressStep press => press.Key,
                HoldStep hold => hold.Key,
                ReleaseStep release => release.Key,
                _ => null,
            };
            if (key is not null && !keys.Contains(key))
                throw new ScenarioFormatException($"{step.Location}: board {board.Name} has no key '{key}' (keys: {string.Join(", ", keys.Order())})");
            PartKind? needed = step switch
            {
                ExpectLcdStep or WaitLcdStep or ScreenshotStep => PartKind.Lcd,
                SetTimeStep or ExpectDs1302Step => PartKind.Rtc,
                ExpectBuzzerStep => PartKind.Buzzer,
                WriteSerialStep or WaitSerialStep => PartKind.SerialBridge,
                SetTemperatureStep => PartKind.Thermometer,
                _ => null,
            };
            if (needed is { } kind && !board.PartsOf(kind).Any())
                throw new ScenarioFormatException($"{step.Location}: board {board.Name} has no {kind} part for {step.Describe().Split(':')[0]}");
            if (step is SetTemperatureStep temperature) CheckSensor(temperature, board);
        }
    }

    private static void CheckSensor(SetTemperatureStep step, BoardDescription board)
    {
        var sensors = board.PartsOf(PartKind.Thermometer).Select(p => p.Name).ToList();
        if (step.Sensor is { } name && !sensors.Contains(name))
            throw new ScenarioFormatException($"{step.Location}: board {board.Name} has no DS18B20 '{name}' (DS18B20s: {string.Join(", ", sensors)})");
        if (step.Sensor is null && sensors.Count > 1)
            throw new ScenarioFormatException($"{step.Location}: board {board.Name} has {sensors.Count} DS18B20s: name one, e.g. set-temperature: {{sensor: {sensors[0]}, value: 23.5}}");
    }

    /// <summary>Only set-time, set-temperature and expect-ds1302 make sense with the board off; power-on comes once, before the rest.</summary>
    private static void CheckPowerOrder(List<ScenarioStep> steps)
    {
        bool powered = false;
        foreach (var step in steps)
        {
            switch (step)
            {
                case PowerOnStep when powered:
                    throw new ScenarioFormatException($"{step.Location}: power-on again: the board is already on (use power-cycle)");
                case PowerOnStep:
                    powered = true;
                    break;
                case SetTimeStep or ExpectDs1302Step or SetTemperatureStep:
                    break;
                default:
                    if (!powered) throw new ScenarioFormatException($"{step.Location}: {step.Describe().Split(':')[0]} needs the board on: put power-on before it");
                    break;
            }
        }
    }

    private static string InnermostMessage(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e.Message;
    }

    /// <summary>Node readers that know the file name, so every error says file:line.</summary>
    private sealed class Reader(string fileName)
    {
        public ScenarioFormatException Error(YamlNode node, string message) => new($"{fileName}:{node.Start.Line}: {message}");

        public string Scalar(YamlNode node, string what) =>
            node is YamlScalarNode { Value: { } value } ? value : throw Error(node, $"{what}: expected a single value, not a {Shape(node)}");

        /// <summary>The mapping's entries by key; a key outside <paramref name="allowed"/> or given twice fails at its line.</summary>
        public Dictionary<string, YamlNode> Fields(YamlMappingNode mapping, string what, IReadOnlyCollection<string> allowed)
        {
            var fields = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            foreach (var (keyNode, valueNode) in mapping.Children)
            {
                string key = Scalar(keyNode, what + " key");
                if (!allowed.Contains(key))
                    throw Error(keyNode, $"unknown key '{key}' in {what} (allowed: {string.Join(", ", allowed)})");
                if (!fields.TryAdd(key, valueNode)) throw Error(keyNode, $"'{key}' given twice in {what}");
            }
            return fields;
        }

        private Dictionary<string, YamlNode> FieldsOf(YamlNode node, string what, params string[] allowed) =>
            node is YamlMappingNode mapping ? Fields(mapping, what, allowed) : throw Error(node, $"{what}: expected a mapping {{{string.Join(", ", allowed)}}}, not a {Shape(node)}");

        private static string Shape(YamlNode node) => node switch
        {
            YamlMappingNode => "mapping",
            YamlSequenceNode => "list",
            _ => "value",
        };

        public ScenarioStep Step(YamlNode item)
        {
            int line = (int)item.Start.Line;
            if (item is YamlScalarNode { Value: { } bare })
            {
                return bare switch
                {
                    "power-on" => new PowerOnStep(fileName, line),
                    "power-cycle" => new PowerCycleStep(fileName, line, TimeSpan.Zero),
                    "expect-no-violations" => new ExpectNoViolationsStep(fileName, line, DiagnosticFilter.Violations),
                    _ when ScenarioParser.StepKinds.Contains(bare) => throw Error(item, $"{bare} needs a value, e.g. '{bare}: …'"),
                    _ => throw UnknownStep(item, bare),
                };
            }
            if (item is not YamlMappingNode { Children.Count: 1 } mapping)
                throw Error(item, "a step is one 'kind: value' entry (or power-on, power-cycle, expect-no-violations alone)");
            var (keyNode, value) = mapping.Children.Single();
            string kind = Scalar(keyNode, "step kind");
            return kind switch
            {
                "set-time" => SetTime(value, line),
                "power-on" => value is YamlScalarNode { Value: null or "" } ? new PowerOnStep(fileName, line) : throw Error(value, "power-on takes no value"),
                "power-cycle" => PowerCycle(value, line),
                "delay" => new DelayStep(fileName, line, Duration(value, "delay")),
                "press" => Press(value, line),
                "hold" => new HoldStep(fileName, line, KeyName(value, "hold")),
                "release" => new ReleaseStep(fileName, line, KeyName(value, "release")),
                "expect-lcd" => new ExpectLcdStep(fileName, line, Lcd(FieldsOf(value, "expect-lcd", "line", "text", "match"), value)),
                "wait-lcd" => WaitLcd(value, line),
                "write-serial" => new WriteSerialStep(fileName, line, Scalar(value, "write-serial")),
                "wait-serial" => WaitSerial(value, line),
                "expect-ds1302" => ExpectDs1302(value, line),
                "expect-buzzer" => new ExpectBuzzerStep(fileName, line, Scalar(value, "expect-buzzer") switch
                {
                    "on" => true,
                    "off" => false,
                    var other => throw Error(value, $"expect-buzzer: '{other}' is neither on nor off"),
                }),
                "expect-no-violations" => new ExpectNoViolationsStep(fileName, line, ViolationFilter(value)),
                "screenshot" => new ScreenshotStep(fileName, line, NonEmpty(value, "screenshot")),
                "record-vcd" => RecordVcd(value, line),
                "set-temperature" => SetTemperature(value, line),
                _ => throw UnknownStep(keyNode, kind),
            };
        }

        private ScenarioFormatException UnknownStep(YamlNode node, string kind) =>
            Error(node, $"unknown step '{kind}' (steps: {string.Join(", ", ScenarioParser.StepKinds)})");

        private SetTimeStep SetTime(YamlNode value, int line)
        {
            if (value is YamlScalarNode) return new SetTimeStep(fileName, line, DateTimeValue(value, "set-time"), Halted: false, TwelveHour: false);
            var fields = FieldsOf(value, "set-time", "time", "halted", "twelve-hour", "wp");
            var time = fields.TryGetValue("time", out var timeNode) ? DateTimeValue(timeNode, "set-time time") : throw Error(value, "set-time: missing 'time'");
            return new SetTimeStep(fileName, line, time, Boolean(fields, "halted") ?? false, Boolean(fields, "twelve-hour") ?? false, Boolean(fields, "wp"));
        }

        private SetTemperatureStep SetTemperature(YamlNode value, int line)
        {
            if (value is YamlScalarNode) return new SetTemperatureStep(fileName, line, null, Celsius(value, "set-temperature"));
            var fields = FieldsOf(value, "set-temperature", "sensor", "value");
            string? sensor = fields.TryGetValue("sensor", out var sensorNode) ? NonEmpty(sensorNode, "set-temperature sensor") : null;
            var celsius = fields.TryGetValue("value", out var valueNode) ? Celsius(valueNode, "set-temperature value") : throw Error(value, "set-temperature: missing 'value' (°C or none)");
            return new SetTemperatureStep(fileName, line, sensor, celsius);
        }

        /// <summary>°C as a plain number within the DS18B20's −55 … 125, or none (sensor pulled out).</summary>
        private double? Celsius(YamlNode node, string what)
        {
            string text = Scalar(node, what);
            if (text == "none") return null;
            return double.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign | System.Globalization.NumberStyles.AllowDecimalPoint,
                       System.Globalization.CultureInfo.InvariantCulture, out double celsius) && Chips.Ds18b20.IsValidTemperature(celsius)
                ? celsius
                : throw Error(node, $"{what}: '{text}' is not a temperature in °C from -55 to 125 (e.g. 23.5) or none");
        }

        private PowerCycleStep PowerCycle(YamlNode value, int line)
        {
            if (value is YamlScalarNode { Value: null or "" }) return new PowerCycleStep(fileName, line, TimeSpan.Zero);
            var fields = FieldsOf(value, "power-cycle", "off");
            return new PowerCycleStep(fileName, line, fields.TryGetValue("off", out var off) ? Duration(off, "power-cycle off") : TimeSpan.Zero);
        }

        private PressStep Press(YamlNode value, int line)
        {
            if (value is YamlScalarNode) return new PressStep(fileName, line, KeyName(value, "press"), DefaultPressDuration);
            var fields = FieldsOf(value, "press", "key", "for");
            string key = fields.TryGetValue("key", out var keyNode) ? KeyName(keyNode, "press key") : throw Error(value, "press: missing 'key'");
            var duration = fields.TryGetValue("for", out var forNode) ? Duration(forNode, "press for") : DefaultPressDuration;
            return new PressStep(fileName, line, key, duration);
        }

        private RecordVcdStep RecordVcd(YamlNode value, int line)
        {
            var fields = FieldsOf(value, "record-vcd", "file", "for");
            string path = fields.TryGetValue("file", out var fileNode) ? NonEmpty(fileNode, "record-vcd file") : throw Error(value, "record-vcd: missing 'file'");
            var duration = fields.TryGetValue("for", out var forNode) ? Duration(forNode, "record-vcd for") : throw Error(value, "record-vcd: missing 'for'");
            return new RecordVcdStep(fileName, line, path, duration);
        }

        private WaitLcdStep WaitLcd(YamlNode value, int line)
        {
            var fields = FieldsOf(value, "wait-lcd", "line", "text", "match", "timeout");
            var timeout = fields.TryGetValue("timeout", out var node) ? Duration(node, "wait-lcd timeout") : DefaultWaitLcdTimeout;
            return new WaitLcdStep(fileName, line, Lcd(fields, value), timeout);
        }

        private LcdExpectation Lcd(Dictionary<string, YamlNode> fields, YamlNode step)
        {
            if (!fields.TryGetValue("line", out var lineNode)) throw Error(step, "missing 'line' (1 or 2)");
            int lineNumber = Scalar(lineNode, "line") switch
            {
                "1" => 1,
                "2" => 2,
                var other => throw Error(lineNode, $"line: '{other}' is not 1 or 2"),
            };
            bool hasText = fields.TryGetValue("text", out var textNode), hasMatch = fields.TryGetValue("match", out var matchNode);
            if (hasText == hasMatch) throw Error(step, "give exactly one of 'text' (the whole line) or 'match' (a regular expression)");
            return hasText
                ? new LcdExpectation(lineNumber, Scalar(textNode!, "text"), null)
                : new LcdExpectation(lineNumber, null, RegexValue(matchNode!, "match"));
        }

        private WaitSerialStep WaitSerial(YamlNode value, int line)
        {
            if (value is YamlScalarNode) return new WaitSerialStep(fileName, line, RegexValue(value, "wait-serial"), DefaultWaitSerialTimeout);
            var fields = FieldsOf(value, "wait-serial", "match", "timeout");
            var match = fields.TryGetValue("match", out var matchNode) ? RegexValue(matchNode, "wait-serial match") : throw Error(value, "wait-serial: missing 'match'");
            var timeout = fields.TryGetValue("timeout", out var node) ? Duration(node, "wait-serial timeout") : DefaultWaitSerialTimeout;
            return new WaitSerialStep(fileName, line, match, timeout);
        }

        private ExpectDs1302Step ExpectDs1302(YamlNode value, int line)
        {
            var fields = FieldsOf(value, "expect-ds1302", "time", "halted", "ram");
            if (fields.Count == 0) throw Error(value, "expect-ds1302: give time, halted and/or ram");
            DateTime? time = fields.TryGetValue("time", out var timeNode) ? DateTimeValue(timeNode, "expect-ds1302 time") : null;
            var ram = new SortedDictionary<int, byte>();
            if (fields.TryGetValue("ram", out var ramNode))
            {
                if (ramNode is not YamlMappingNode bytes || bytes.Children.Count == 0)
                    throw Error(ramNode, "ram: expected a mapping of address to byte, e.g. {0: 0x55}");
                foreach (var (addressNode, byteNode) in bytes.Children)
                {
                    int address = ScenarioValues.ParseInteger(Scalar(addressNode, "ram address"), 30)
                        ?? throw Error(addressNode, $"ram address '{Scalar(addressNode, "ram address")}' is not 0–30");
                    int content = ScenarioValues.ParseInteger(Scalar(byteNode, "ram byte"), 255)
                        ?? throw Error(byteNode, $"ram byte '{Scalar(byteNode, "ram byte")}' is not 0–255 (decimal or 0x..)");
                    if (!ram.TryAdd(address, (byte)content)) throw Error(addressNode, $"ram address {address} given twice");
                }
            }
            return new ExpectDs1302Step(fileName, line, time, Boolean(fields, "halted"), ram);
        }

        /// <summary>expect-no-violations' optional {severity: info|warning|error, rule: NAME, chip: NAME}; nothing means warnings and errors of any rule.</summary>
        private DiagnosticFilter ViolationFilter(YamlNode value)
        {
            if (value is YamlScalarNode { Value: null or "" }) return DiagnosticFilter.Violations;
            var fields = FieldsOf(value, "expect-no-violations", "severity", "rule", "chip");
            var severity = DiagnosticSeverity.Warning;
            if (fields.TryGetValue("severity", out var severityNode))
            {
                severity = Scalar(severityNode, "severity") switch
                {
                    "info" => DiagnosticSeverity.Info,
                    "warning" => DiagnosticSeverity.Warning,
                    "error" => DiagnosticSeverity.Error,
                    var other => throw Error(severityNode, $"severity: '{other}' is not info, warning or error"),
                };
            }
            string? rule = fields.TryGetValue("rule", out var ruleNode) ? NonEmpty(ruleNode, "rule") : null;
            string? chip = fields.TryGetValue("chip", out var chipNode) ? NonEmpty(chipNode, "chip") : null;
            var filter = new DiagnosticFilter(severity, rule, chip);
            return filter == DiagnosticFilter.Violations ? DiagnosticFilter.Violations : filter;
        }

        private bool? Boolean(Dictionary<string, YamlNode> fields, string key)
        {
            if (!fields.TryGetValue(key, out var node)) return null;
            return Scalar(node, key) switch
            {
                "true" => true,
                "false" => false,
                var other => throw Error(node, $"{key}: '{other}' is neither true nor false"),
            };
        }

        private string NonEmpty(YamlNode node, string what)
        {
            string text = Scalar(node, what);
            return text.Length > 0 ? text : throw Error(node, $"{what}: empty");
        }

        private string KeyName(YamlNode node, string what) => NonEmpty(node, what);

        private TimeSpan Duration(YamlNode node, string what)
        {
            string text = Scalar(node, what);
            return ScenarioValues.ParseDuration(text) ?? throw Error(node, $"{what}: '{text}' is not a duration (a number and us, ms, s, m/min, h or d, e.g. 500ms, 2s, 1h; at most {ScenarioValues.FormatDuration(ScenarioValues.MaxDuration)})");
        }

        private DateTime DateTimeValue(YamlNode node, string what)
        {
            string text = Scalar(node, what);
            return ScenarioValues.ParseDateTime(text) ?? throw Error(node, $"{what}: '{text}' is not a date-time yyyy-MM-ddTHH:mm:ss in 2000–2099");
        }

        private Regex RegexValue(YamlNode node, string what)
        {
            string pattern = Scalar(node, what);
            try
            {
                return new Regex(pattern, RegexOptions.CultureInvariant, RegexMatchTimeout);
            }
            catch (ArgumentException e)
            {
                throw Error(node, $"{what}: bad regular expression /{pattern}/: {e.Message}");
            }
        }
    }
}
