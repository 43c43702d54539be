namespace Calendar51.Host.ArduinoIsp;

/// <summary>
/// The part of the STK500 version 1 protocol (Atmel AVR061) that the ArduinoISP sketch speaks: every
/// command ends with <see cref="CrcEop"/>; every answer is <see cref="InSync"/>, the reply's bytes, then
/// <see cref="Ok"/>. A command the sketch could not frame is answered with <see cref="NoSync"/>.
/// </summary>
public static class Stk500v1
{
    public const byte CrcEop = 0x20;
    public const byte InSync = 0x14;
    public const byte Ok = 0x10;
    public const byte Failed = 0x11;
    public const byte Unknown = 0x12;
    public const byte NoSync = 0x15;

    public const byte GetSync = 0x30;
    public const byte GetSignOn = 0x31;
    public const byte GetParameter = 0x41;
    public const byte SetDevice = 0x42;
    public const byte SetDeviceExtended = 0x45;
    public const byte EnterProgramMode = 0x50;
    public const byte LeaveProgramMode = 0x51;
    public const byte Universal = 0x56;

    public const byte ParameterHardwareVersion = 0x80;
    public const byte ParameterSoftwareMajor = 0x81;
    public const byte ParameterSoftwareMinor = 0x82;

    /// <summary>What the ArduinoISP sketch answers to <see cref="GetSignOn"/>.</summary>
    public const string ArduinoIspSignOn = "AVR ISP";

    /// <summary>Length of the SET_DEVICE parameter block.</summary>
    public const int DeviceParameterLength = 20;

    /// <summary>
    /// The SET_DEVICE block for a part: device code first (the sketch drives RESET active high for codes
    /// E0h and above, as an AT89S needs), flash size in the last four bytes (big-endian, as AVR061 lays it out).
    /// Page and EEPROM sizes stay zero: byte mode through the universal command needs neither.
    /// </summary>
    public static byte[] DeviceParameters(byte deviceCode, int flashSize)
    {
        var block = new byte[DeviceParameterLength];
        block[0] = deviceCode;
        block[16] = (byte)(flashSize >> 24);
        block[17] = (byte)(flashSize >> 16);
        block[18] = (byte)(flashSize >> 8);
        block[19] = (byte)flashSize;
        return block;
    }

    /// <summary>A command with its arguments and the closing <see cref="CrcEop"/>.</summary>
    public static byte[] Command(byte command, ReadOnlySpan<byte> arguments)
    {
        var frame = new byte[arguments.Length + 2];
        frame[0] = command;
        arguments.CopyTo(frame.AsSpan(1));
        frame[^1] = CrcEop;
        return frame;
    }
}
