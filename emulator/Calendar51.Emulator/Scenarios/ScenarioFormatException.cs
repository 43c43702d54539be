namespace Calendar51.Emulator.Scenarios;

/// <summary>A scenario file that cannot be run as written; the message starts with "file:line:".</summary>
public sealed class ScenarioFormatException(string message) : Exception(message);
