using Calendar51.Host.Serial;
using Calendar51.Host.Stc;

namespace Calendar51.Host.ArduinoIsp;

/// <summary>
/// One AT89S51/52 flashing session through an Arduino running the stock ArduinoISP sketch: wait out the
/// Arduino's reset, sync, check the sketch, set a device code that makes it drive RESET active high, enter
/// programming mode, check the chip's programming-enable answer and signature, erase, write every byte and
/// read it back, optionally lock, leave programming mode. Every failure ends in a <see cref="FlashResult"/>
/// with the documented exit code and what the chip now holds.
/// </summary>
public sealed class ArduinoIspFlasher(ISerialTransport port, ITimeSource time, IFlashReporter reporter)
{
    /// <summary>Opening the port pulls DTR, which resets an Arduino; its bootloader listens about a second before the sketch runs.</summary>
    public static readonly TimeSpan ArduinoBootTime = TimeSpan.FromSeconds(1.5);

    /// <summary>GET_SYNC attempts after the boot wait (avrdude makes ten too).</summary>
    public const int SyncAttempts = 10;

    public FlashResult Run(ArduinoIspRequest request, CancellationToken cancellation)
    {
        var state = new At89sFlashState();
        var link = new ArduinoIspLink(port, time, reporter, cancellation);
        var inProgramMode = false;
        try
        {
            if (request.ExpectedPart is { } named)
            {
                request.CheckFits(named);
            }
            reporter.Info($"Waiting {ArduinoBootTime.TotalSeconds:0.#} s for the Arduino on {port.PortName} to boot (opening the port resets it)...");
            time.Sleep(ArduinoBootTime, cancellation);
            Synchronise(link);
            CheckSketch(link);

            var part = request.ExpectedPart ?? At89sPart.At89s52;
            link.Exchange(Stk500v1.SetDevice, Stk500v1.DeviceParameters(part.DeviceCode, part.FlashSize), 0, "set device parameters");
            link.Exchange(Stk500v1.EnterProgramMode, [], 0, "enter programming mode");
            inProgramMode = true;
            var echo = link.Spi(At89sInstruction.ProgrammingEnable(), "programming enable (AC 53)");
            if (echo != At89sInstruction.ProgrammingEnableEcho)
            {
                throw new ArduinoIspProtocolException(
                    $"the chip did not enter programming mode: programming enable answered {echo:X2}, expected 69. " +
                    "Check the wiring (Arduino 10 → RST, 11 → P1.5/MOSI, 12 → P1.6/MISO, 13 → P1.7/SCK, GND), the target's power, " +
                    "and that the target's own crystal is running (the AT89S clocks its programming logic from it)");
            }
            part = Identify(link, request);
            request.CheckFits(part);

            reporter.Info($"Erasing (up to {At89sPart.ChipEraseTime.TotalMilliseconds:0} ms)...");
            state.EraseSent = true;
            link.Spi(At89sInstruction.ChipErase(), "chip erase (AC 80)");
            time.Sleep(At89sPart.ChipEraseTime, cancellation);
            state.Erased = true;
            if (request.EraseUnreadable)
            {
                // The erase cleared the lock bits: now the signature must be readable and agree.
                part = Identify(link, request with { EraseUnreadable = false });
                request.CheckFits(part);
            }

            WriteAndVerify(link, request.Code, state, cancellation);
            if (request.Lock is { } mode and not At89sLockMode.Unlocked)
            {
                Lock(link, mode);
                state.LockedTo = mode;
            }
            link.Exchange(Stk500v1.LeaveProgramMode, [], 0, "leave programming mode");
            inProgramMode = false;
            var lockText = state.LockedTo is { } locked ? $"; lock mode {(int)locked} set and read back" : "";
            return new FlashResult(FlashExitCode.Done,
                $"Done: {request.Code.Length} bytes written to the {part.Name} and every byte read back identical{lockText}; " +
                "RESET released, the chip is running the new firmware.");
        }
        catch (OperationCanceledException)
        {
            TryLeave(link, inProgramMode);
            return new FlashResult(FlashExitCode.Cancelled, $"Cancelled. {state.Describe()} {state.Recovery()}");
        }
        catch (FlashInputException e)
        {
            TryLeave(link, inProgramMode);
            return new FlashResult(FlashExitCode.BadInput, $"Bad input: {e.Message}. {state.Describe()}");
        }
        catch (ArduinoIspProtocolException e)
        {
            TryLeave(link, inProgramMode);
            return new FlashResult(FlashExitCode.Failed, $"Protocol error: {e.Message}. {state.Describe()} {state.Recovery()}");
        }
        catch (SerialTransportException e)
        {
            return new FlashResult(FlashExitCode.Failed, $"Serial port error: {e.Message}. {state.Describe()} {state.Recovery()}");
        }
    }

    private void Synchronise(ArduinoIspLink link)
    {
        link.DiscardInput();
        for (var attempt = 1; attempt <= SyncAttempts; attempt++)
        {
            if (link.TrySync())
            {
                return;
            }
        }
        throw new ArduinoIspProtocolException(
            $"no answer to {SyncAttempts} sync requests (30 20) on {port.PortName} at {port.BaudRate} baud. Is the ArduinoISP sketch " +
            "loaded (File > Examples > ArduinoISP, 19200 baud), the port the Arduino's, and nothing else holding it? " +
            "If the sketch is loaded, a 10 µF capacitor between the Arduino's RESET and GND keeps it from resetting into its bootloader when the port opens");
    }

    private void CheckSketch(ArduinoIspLink link)
    {
        var signOn = System.Text.Encoding.ASCII.GetString(link.Exchange(Stk500v1.GetSignOn, [], Stk500v1.ArduinoIspSignOn.Length, "sign-on"));
        if (signOn != Stk500v1.ArduinoIspSignOn)
        {
            throw new ArduinoIspProtocolException($"the programmer signs on as '{signOn}', not '{Stk500v1.ArduinoIspSignOn}' (the ArduinoISP sketch)");
        }
        var major = link.Exchange(Stk500v1.GetParameter, [Stk500v1.ParameterSoftwareMajor], 1, "software version")[0];
        var minor = link.Exchange(Stk500v1.GetParameter, [Stk500v1.ParameterSoftwareMinor], 1, "software version")[0];
        reporter.Info($"Programmer: ArduinoISP sketch, version {major}.{minor}, on {port.PortName}.");
    }

    private At89sPart Identify(ArduinoIspLink link, ArduinoIspRequest request)
    {
        byte[] signature = [0, 0, 0];
        for (var i = 0; i < signature.Length; i++)
        {
            signature[i] = link.Spi(At89sInstruction.ReadSignature(i), $"read signature byte {i}");
        }
        var text = $"{signature[0]:X2} {signature[1]:X2} {signature[2]:X2}";
        var part = At89sPart.FromSignature(signature);
        if (part is null)
        {
            if (request.EraseUnreadable && request.ExpectedPart is { } assumed)
            {
                reporter.Info($"Signature {text} unreadable; erasing as the {assumed.Name} named by --part (--force), then reading it again.");
                return assumed;
            }
            throw new ArduinoIspProtocolException(
                $"signature {text} is no AT89S51 (1E 51 06) or AT89S52 (1E 52 06): {At89sPart.DescribeForeignSignature(signature)}. " +
                "A chip locked in mode 3 or 4 hides its signature: give --part and --force to erase it anyway");
        }
        if (request.ExpectedPart is { } expected && expected != part)
        {
            throw new FlashInputException($"--part {expected.Name.ToLowerInvariant()} but the chip's signature {text} says {part.Name}");
        }
        reporter.Info($"Chip: {part.Name} (signature {text}), {part.FlashSize} bytes of flash.");
        return part;
    }

    private void WriteAndVerify(ArduinoIspLink link, byte[] code, At89sFlashState state, CancellationToken cancellation)
    {
        var started = time.Now;
        for (var address = 0; address < code.Length; address++)
        {
            var value = code[address];
            // Erased flash reads FF: writing FF changes nothing, so only its read-back is needed. The read-back
            // reaches the chip a whole command later (7 bytes on the wire, 3.6 ms at 19200 baud), past tSWC.
            var read = value == 0xFF
                ? link.Spi(At89sInstruction.ReadByte(address), $"read back {address:X4}")
                : link.SpiPair(At89sInstruction.WriteByte(address, value), $"write {value:X2} at {address:X4}",
                    At89sInstruction.ReadByte(address), $"read back {address:X4}").Second;
            if (read != value)
            {
                // A read inside the byte write cycle (tSWC) is undefined: look again once the cycle is surely over.
                time.Sleep(At89sPart.ByteWriteTime, cancellation);
                read = link.Spi(At89sInstruction.ReadByte(address), $"read back {address:X4}");
                if (read != value)
                {
                    throw new ArduinoIspProtocolException($"verify failed at {address:X4}: wrote {value:X2}, read back {read:X2}");
                }
            }
            state.WrittenUpTo = address + 1;
            if ((address & 0x3F) == 0x3F || address == code.Length - 1)
            {
                reporter.Progress(address + 1, code.Length, time.Now - started);
            }
        }
    }

    private void Lock(ArduinoIspLink link, At89sLockMode mode)
    {
        // The datasheet: each mode must be activated in turn before the next.
        for (var step = At89sLockMode.NoFurtherProgramming; step <= mode; step++)
        {
            link.Spi(At89sInstruction.WriteLockBits(step), $"write lock bits (mode {(int)step})");
            time.Sleep(At89sPart.ByteWriteTime, CancellationToken.None);
        }
        var readBack = link.Spi(At89sInstruction.ReadLockBits(), "read lock bits");
        var shown = At89sInstruction.LockModeFromReadBack(readBack);
        if (shown != mode)
        {
            throw new ArduinoIspProtocolException($"lock mode {(int)mode} was written but the lock bits read back as mode {(int)shown} ({readBack:X2})");
        }
        reporter.Info($"Lock mode {(int)mode} set.");
    }

    private static void TryLeave(ArduinoIspLink link, bool inProgramMode)
    {
        if (!inProgramMode)
        {
            return;
        }
        try
        {
            // Releases RESET so the target is not left held in reset; best effort, the port may be what failed.
            link.Port.Write(Stk500v1.Command(Stk500v1.LeaveProgramMode, []));
        }
        catch (SerialTransportException)
        {
        }
    }
}
