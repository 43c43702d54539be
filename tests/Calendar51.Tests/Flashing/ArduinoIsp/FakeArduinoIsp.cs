using Calendar51.Host.ArduinoIsp;
using Calendar51.Host.Serial;

namespace Calendar51.Tests.Flashing.ArduinoIsp;

/// <summary>
/// An Arduino running the stock ArduinoISP sketch, wired to an AT89S, behind the transport interface of a serial
/// port and on virtual time. Opening the port reset it: for <see cref="BootTime"/> its bootloader hears the host
/// at another rate and answers nothing. Then it answers STK500 v1 commands as the sketch does (NOSYNC when a
/// command does not end in 20h, 12h for an unknown one), drives RST active high for device codes of E0h and up,
/// and passes universal commands to the chip. Faults: no sketch, replies dropped, the port vanishing.
/// </summary>
public sealed class FakeArduinoIsp(FakeAt89s chip, int baud = 19200) : ISerialTransport, ITimeSource
{
    private static readonly Dictionary<byte, int> ArgumentCounts = new()
    {
        [Stk500v1.GetSync] = 0,
        [Stk500v1.GetSignOn] = 0,
        [Stk500v1.GetParameter] = 1,
        [Stk500v1.SetDevice] = Stk500v1.DeviceParameterLength,
        [Stk500v1.SetDeviceExtended] = 5,
        [Stk500v1.EnterProgramMode] = 0,
        [Stk500v1.LeaveProgramMode] = 0,
        [Stk500v1.Universal] = 4,
        [0x55] = 2, // LOAD_ADDRESS
    };

    private readonly System.Diagnostics.Stopwatch _wallClock = System.Diagnostics.Stopwatch.StartNew();
    private readonly List<byte> _command = [];
    private readonly Queue<byte> _out = new();
    private TimeSpan _now;
    private TimeSpan _lastByteAt;
    private bool _programMode;
    private byte _deviceCode;
    private int _universalCommands;

    public TimeSpan BootTime { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Behind a real pty the host sleeps in wall-clock time, so the chip's timing rules must use it too.</summary>
    public bool UseWallClock { get; set; }

    /// <summary>False: the Arduino runs some other sketch that never answers.</summary>
    public bool SketchLoaded { get; set; } = true;

    /// <summary>From this universal command on (0-based) the sketch's replies are lost.</summary>
    public int? DropRepliesFromUniversal { get; set; }

    /// <summary>After this many host bytes the port disappears (USB cable pulled).</summary>
    public int? VanishAfterHostBytes { get; set; }

    public CancellationTokenSource? CancelSource { get; set; }

    public TimeSpan CancelAt { get; set; } = TimeSpan.MaxValue;

    public FakeAt89s Chip => chip;

    public int HostBytes { get; private set; }

    public bool Disposed { get; private set; }

    // ---- ISerialTransport ----

    public string PortName => "fake-arduino-isp";

    public int BaudRate => baud;

    public LineParity Parity => LineParity.None;

    public TimeSpan Now => UseWallClock ? _wallClock.Elapsed : _now;

    public void SetLineFormat(int baudRate, LineParity parity) => throw new InvalidOperationException("the AT89S flasher never changes the line format");

    public void Write(ReadOnlySpan<byte> data)
    {
        foreach (var value in data)
        {
            if (VanishAfterHostBytes is { } limit && HostBytes >= limit)
            {
                throw new SerialTransportException($"{PortName}: the device is gone (Input/output error)");
            }
            HostBytes++;
            // Bytes reach the sketch one after another at the line rate, however fast the host wrote them.
            if (UseWallClock)
            {
                _lastByteAt = (Now > _lastByteAt ? Now : _lastByteAt) + WireTime(1);
            }
            else
            {
                Advance(WireTime(1));
                _lastByteAt = _now;
            }
            if (_lastByteAt >= BootTime && SketchLoaded)
            {
                Receive(value);
            }
        }
    }

    public int Read(Span<byte> buffer, TimeSpan timeout, CancellationToken cancellation)
    {
        if (VanishAfterHostBytes is { } limit && HostBytes >= limit)
        {
            throw new SerialTransportException($"{PortName}: the device is gone (Input/output error)");
        }
        if (_out.Count == 0)
        {
            Advance(timeout);
            cancellation.ThrowIfCancellationRequested();
            return 0;
        }
        var count = 0;
        while (count < buffer.Length && _out.Count > 0)
        {
            buffer[count++] = _out.Dequeue();
        }
        Advance(WireTime(count));
        return count;
    }

    public void DiscardInput() => _out.Clear();

    public bool TrySetModemLine(ModemLine line, bool asserted) => false;

    public void Dispose() => Disposed = true;

    // ---- ITimeSource ----

    public void Sleep(TimeSpan duration, CancellationToken cancellation)
    {
        Advance(duration);
        cancellation.ThrowIfCancellationRequested();
    }

    private void Advance(TimeSpan duration)
    {
        _now += duration;
        if (_now >= CancelAt)
        {
            CancelSource?.Cancel();
        }
    }

    private TimeSpan WireTime(int bytes) => TimeSpan.FromSeconds(bytes * 10.0 / baud);

    private void Receive(byte value)
    {
        _command.Add(value);
        if (!ArgumentCounts.TryGetValue(_command[0], out var arguments))
        {
            // The sketch answers an unknown command once its end arrives.
            if (value == Stk500v1.CrcEop)
            {
                Reply(Stk500v1.Unknown);
                _command.Clear();
            }
            return;
        }
        if (_command.Count < arguments + 2)
        {
            return;
        }
        var command = _command.ToArray();
        _command.Clear();
        if (command[^1] != Stk500v1.CrcEop)
        {
            Reply(Stk500v1.NoSync);
            return;
        }
        Execute(command[0], command.AsSpan(1, arguments));
    }

    private void Execute(byte command, ReadOnlySpan<byte> arguments)
    {
        switch (command)
        {
            case Stk500v1.GetSignOn:
                Reply([Stk500v1.InSync, .. "AVR ISP"u8, Stk500v1.Ok]);
                break;
            case Stk500v1.GetParameter:
                byte value = arguments[0] switch
                {
                    Stk500v1.ParameterHardwareVersion => 2,
                    Stk500v1.ParameterSoftwareMajor => 1,
                    Stk500v1.ParameterSoftwareMinor => 18,
                    0x93 => (byte)'S',
                    _ => 0,
                };
                Reply([Stk500v1.InSync, value, Stk500v1.Ok]);
                break;
            case Stk500v1.SetDevice:
                _deviceCode = arguments[0];
                Reply([Stk500v1.InSync, Stk500v1.Ok]);
                break;
            case Stk500v1.EnterProgramMode:
                if (!_programMode)
                {
                    // The sketch holds RESET active (high for device codes E0h and up, low for an AVR), waits, and sends
                    // an AVR programming enable of its own whose answer it ignores.
                    _programMode = true;
                    chip.SetReset(_deviceCode >= 0xE0);
                    Advance(TimeSpan.FromMilliseconds(70));
                    if (_deviceCode >= 0xE0)
                    {
                        chip.Transfer(At89sInstruction.ProgrammingEnable(), _lastByteAt);
                    }
                }
                Reply([Stk500v1.InSync, Stk500v1.Ok]);
                break;
            case Stk500v1.LeaveProgramMode:
                _programMode = false;
                chip.SetReset(false);
                Reply([Stk500v1.InSync, Stk500v1.Ok]);
                break;
            case Stk500v1.Universal:
                var result = _programMode ? chip.Transfer(arguments, _lastByteAt) : (byte)0xFF;
                if (DropRepliesFromUniversal is { } from && _universalCommands >= from)
                {
                    _universalCommands++;
                    break;
                }
                _universalCommands++;
                Reply([Stk500v1.InSync, result, Stk500v1.Ok]);
                break;
            default:
                Reply([Stk500v1.InSync, Stk500v1.Ok]);
                break;
        }
    }

    private void Reply(params byte[] bytes)
    {
        foreach (var b in bytes)
        {
            _out.Enqueue(b);
        }
    }
}
