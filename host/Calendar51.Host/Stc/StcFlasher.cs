using Calendar51.Host.Serial;

namespace Calendar51.Host.Stc;

/// <summary>
/// One flashing session over an open transport: power-cycle (by modem line or by hand), sync pulses until the
/// status packet, identify the chip, switch baud, erase, write, option byte, reset. Every failure ends in a
/// <see cref="FlashResult"/> with the documented exit code and a statement of what the chip now holds.
/// </summary>
public sealed class StcFlasher(ISerialTransport port, ITimeSource time, IFlashReporter reporter)
{
    public const byte SyncPulse = 0x7F;
    public static readonly TimeSpan PulseInterval = TimeSpan.FromMilliseconds(30);
    public static readonly TimeSpan PowerOffHold = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan PowerOnSettle = TimeSpan.FromMilliseconds(30);

    public FlashResult Run(FlashRequest request, CancellationToken cancellation)
    {
        var state = new FlashState();
        var link = new StcLink(port, time, reporter, cancellation);
        IStc89Programmer? programmer = null;
        try
        {
            port.SetLineFormat(request.HandshakeBaud, LineParity.None);
            PowerCycle(request, cancellation);
            var status = WaitForStatus(link, request);
            var identity = StcChipIdentity.Identify(status);
            reporter.Info($"Chip: {identity.Model.Name} (magic {status.Magic:X4}), bootloader {status.BootloaderVersion} " +
                          $"({(identity.Protocol == Stc89Protocol.Classic ? "classic protocol, 8N1" : "BSL 7 protocol, 8E1")})");
            reporter.Info($"Clock: {status.ClockHz / 1e6:0.000} MHz measured, {(status.Is6T ? "6T" : "12T")} mode; " +
                          $"flash {identity.Model.CodeSize} bytes; option byte {status.OptionByte:X2}");
            request.Image.CheckFits(identity.Model);
            var optionByte = ApplyOptionChanges(status.OptionByte, request.OptionChanges);

            programmer = identity.Protocol == Stc89Protocol.Classic
                ? new Stc89ClassicProgrammer(link, reporter)
                : new Stc89Bsl7Programmer(link);
            var baud = programmer.SwitchBaud(status, identity.Model, request.HandshakeBaud, request.MaxTransferBaud);
            reporter.Info($"Transfer rate: {baud} baud.");

            reporter.Info("Erasing...");
            programmer.Erase(request.Image, state);
            var blocks = request.Image.BlocksFor(identity.Model);
            var total = blocks * FlashImage.BlockSize;
            var started = time.Now;
            for (var i = 0; i < blocks; i++)
            {
                var address = i * FlashImage.BlockSize;
                programmer.WriteBlock(address, request.Image.Block(i));
                state.MarkWritten(address + FlashImage.BlockSize);
                reporter.Progress(address + FlashImage.BlockSize, total, time.Now - started);
            }
            programmer.WriteOptions(optionByte);
            state.MarkOptionsWritten();
            programmer.Reset();
            link.WaitForWire(8);
            var summary = $"Done: {request.Image.CodeLength} bytes ({total} with padding) written and verified block by block; " +
                          $"option byte {optionByte:X2}; the chip is running the new firmware.";
            return new FlashResult(FlashExitCode.Done, summary);
        }
        catch (OperationCanceledException)
        {
            return new FlashResult(FlashExitCode.Cancelled, $"Cancelled. {state.Describe()} {state.Recovery()}");
        }
        catch (FlashInputException e)
        {
            TryReset(programmer);
            return new FlashResult(FlashExitCode.BadInput, $"Bad input: {e.Message}. {state.Describe()}");
        }
        catch (StcUnsupportedChipException e)
        {
            return new FlashResult(FlashExitCode.Failed, $"Unsupported chip: {e.Message}. {state.Describe()}");
        }
        catch (StcProtocolException e)
        {
            TryReset(programmer);
            return new FlashResult(FlashExitCode.Failed, $"Protocol error: {e.Message}. {state.Describe()} {state.Recovery()}");
        }
        catch (SerialTransportException e)
        {
            return new FlashResult(FlashExitCode.Failed, $"Serial port error: {e.Message}. {state.Describe()} {state.Recovery()}");
        }
    }

    /// <summary>Applies named option changes to the chip's option byte (names were validated by the caller).</summary>
    public static byte ApplyOptionChanges(byte current, IReadOnlyDictionary<string, bool> changes)
    {
        var option = new Stc89OptionByte(current);
        foreach (var (name, on) in changes)
        {
            if (!Stc89OptionByte.Options.ContainsKey(name))
            {
                throw new FlashInputException($"unknown option '{name}'");
            }
            option = option.With(name, on);
        }
        return option.Value;
    }

    private void PowerCycle(FlashRequest request, CancellationToken cancellation)
    {
        if (request.PowerCycle is { } line)
        {
            // Non-inverted: asserting the line cuts power (e.g. a low-side MOSFET switch driven by DTR).
            if (port.TrySetModemLine(line.Line, !line.Inverted))
            {
                reporter.Info($"Power-cycling the board through {line}...");
                time.Sleep(PowerOffHold, cancellation);
                port.TrySetModemLine(line.Line, line.Inverted);
                time.Sleep(PowerOnSettle, cancellation);
                return;
            }
            reporter.Info($"{port.PortName} cannot drive {line.Line.ToString().ToUpperInvariant()}; power-cycle the board by hand instead.");
        }
        reporter.Info($"Switch the board off and on again now (waiting up to {request.WaitForChip.TotalSeconds:0} s for the chip)...");
    }

    private StcStatus WaitForStatus(StcLink link, FlashRequest request)
    {
        link.DiscardInput();
        var deadline = time.Now + request.WaitForChip;
        var pulses = 0;
        ReadOnlySpan<byte> pulse = [SyncPulse];
        while (time.Now < deadline)
        {
            link.SendRaw(pulse);
            pulses++;
            if (!link.TryReadByte(PulseInterval, out var first))
            {
                continue;
            }
            // Stray bytes (a running firmware's output, line noise) are skipped; only a frame start ends the wait.
            if (first != StcFrame.Start1 && first != StcFrame.McuToHost)
            {
                continue;
            }
            reporter.Frame(true, pulse);
            reporter.Info($"Chip answered after {pulses} sync pulses.");
            var frame = link.ReceiveFrameStartingWith(first, acceptMissingStart: true, "the sync pulses (status packet)");
            return StcStatus.Parse(frame, request.HandshakeBaud);
        }
        throw new StcProtocolException(
            $"no answer from the chip within {request.WaitForChip.TotalSeconds:0} s of sync pulses at {request.HandshakeBaud} baud " +
            "(is the board power-cycled while waiting, TXD/RXD crossed, and the chip an STC89? Phantom power through RX/TX can prevent a real power-on reset)");
    }

    private static void TryReset(IStc89Programmer? programmer)
    {
        try
        {
            programmer?.Reset();
        }
        catch (SerialTransportException)
        {
            // Best effort after a failure: the port may be the thing that failed.
        }
    }
}
