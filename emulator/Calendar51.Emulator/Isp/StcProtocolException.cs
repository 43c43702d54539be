namespace Calendar51.Emulator.Isp;

/// <summary>The chip said something we cannot accept (bad frame, wrong reply, timeout): the session stops with exit code 1.</summary>
public sealed class StcProtocolException(string message) : Exception(message);
