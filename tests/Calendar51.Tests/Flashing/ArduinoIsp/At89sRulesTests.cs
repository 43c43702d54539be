using Calendar51.Host.ArduinoIsp;

namespace Calendar51.Tests.Flashing.ArduinoIsp;

/// <summary>The serial-programming instructions against the datasheets' table, and the fake chip's own rules.</summary>
public class At89sRulesTests
{
    [Test]
    public void InstructionsAreTheDatasheetsBytes()
    {
        Assert.That(At89sInstruction.ProgrammingEnable(), Is.EqualTo(new byte[] { 0xAC, 0x53, 0x00, 0x00 }));
        Assert.That(At89sInstruction.ChipErase(), Is.EqualTo(new byte[] { 0xAC, 0x80, 0x00, 0x00 }));
        Assert.That(At89sInstruction.ReadSignature(2), Is.EqualTo(new byte[] { 0x28, 0x02, 0x00, 0x00 }));
        Assert.That(At89sInstruction.ReadByte(0x1ABC), Is.EqualTo(new byte[] { 0x20, 0x1A, 0xBC, 0x00 }));
        Assert.That(At89sInstruction.WriteByte(0x0123, 0x5A), Is.EqualTo(new byte[] { 0x40, 0x01, 0x23, 0x5A }));
        Assert.That(At89sInstruction.WriteLockBits(At89sLockMode.NoFurtherProgramming), Is.EqualTo(new byte[] { 0xAC, 0xE1, 0x00, 0x00 }));
        Assert.That(At89sInstruction.WriteLockBits(At89sLockMode.NoExternalExecution), Is.EqualTo(new byte[] { 0xAC, 0xE3, 0x00, 0x00 }));
        Assert.That(At89sInstruction.ReadLockBits(), Is.EqualTo(new byte[] { 0x24, 0x00, 0x00, 0x00 }));
    }

    [TestCase(0x00, At89sLockMode.Unlocked)]
    [TestCase(0x04, At89sLockMode.NoFurtherProgramming)]
    [TestCase(0x0C, At89sLockMode.NoVerify)]
    [TestCase(0x1C, At89sLockMode.NoExternalExecution)]
    [TestCase(0xE3, At89sLockMode.Unlocked)]
    public void LockBitsReadBackAsModes(int value, At89sLockMode mode) =>
        Assert.That(At89sInstruction.LockModeFromReadBack((byte)value), Is.EqualTo(mode));

    [Test]
    public void ALockByteOfNoModeIsAProtocolError() =>
        Assert.That(() => At89sInstruction.LockModeFromReadBack(0x08), Throws.InstanceOf<ArduinoIspProtocolException>().With.Message.Contains("no lock mode"));

    [Test]
    public void PartsAreKnownBySignatureAndName()
    {
        Assert.That(At89sPart.FromSignature([0x1E, 0x51, 0x06]), Is.EqualTo(At89sPart.At89s51));
        Assert.That(At89sPart.FromSignature([0x1E, 0x52, 0x06]), Is.EqualTo(At89sPart.At89s52));
        Assert.That(At89sPart.FromSignature([0x1E, 0x52, 0x05]), Is.Null);
        Assert.That(At89sPart.FromName("at89s52")!.FlashSize, Is.EqualTo(8192));
        Assert.That(At89sPart.FromName("at89c52"), Is.Null);
        Assert.That(At89sPart.DescribeForeignSignature([0xFF, 0xFF, 0xFF]), Does.Contain("no chip answering"));
    }

    [Test]
    public void TheFakeChipHonoursEraseWriteAndTiming()
    {
        var chip = new FakeAt89s(At89sPart.At89s52);
        var t = TimeSpan.Zero;
        chip.SetReset(true);
        Assert.That(chip.Transfer(At89sInstruction.ReadByte(0), t), Is.EqualTo(0xFF), "nothing before programming enable");
        Assert.That(chip.Transfer(At89sInstruction.ProgrammingEnable(), t), Is.EqualTo(0x69));

        chip.Transfer(At89sInstruction.WriteByte(0, 0x0F), t);
        Assert.That(chip.Flash[0], Is.EqualTo(0x5A & 0x0F), "a write without erase can only clear bits");
        Assert.That(chip.Violations, Has.Some.Contains("without an erase"));

        t += TimeSpan.FromMilliseconds(1);
        chip.Transfer(At89sInstruction.ChipErase(), t);
        chip.Transfer(At89sInstruction.WriteByte(1, 0x00), t + TimeSpan.FromMilliseconds(100));
        Assert.That(chip.Flash[1], Is.EqualTo(0xFF), "ignored inside tERASE");
        Assert.That(chip.Violations, Has.Some.Contains("inside the chip erase cycle"));

        t += TimeSpan.FromMilliseconds(501);
        chip.Transfer(At89sInstruction.WriteByte(1, 0x00), t);
        chip.Transfer(At89sInstruction.WriteByte(2, 0x00), t + TimeSpan.FromMicroseconds(100));
        Assert.That(chip.Flash[1..3], Is.EqualTo(new byte[] { 0x00, 0xFF }), "the second write came inside tSWC");
        Assert.That(chip.Violations, Has.Some.Contains("inside the byte write cycle"));
    }
}
