namespace Calendar51.Host.Stc;

/// <summary>Bad input to the flasher (a HEX file, an option); the message names the file and line or the option.</summary>
public sealed class FlashInputException(string message) : Exception(message);
