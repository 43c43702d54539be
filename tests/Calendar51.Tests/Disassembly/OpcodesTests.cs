using Calendar51.Emulator.Disassembly;

namespace Calendar51.Tests.Disassembly;

public class OpcodesTests
{
    [Test]
    public void Every_opcode_has_an_entry_under_its_own_number()
    {
        var table = Opcodes.Table.ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(table, Has.Length.EqualTo(256));
            Assert.That(Opcodes.Length.Length, Is.EqualTo(256));
            Assert.That(Opcodes.Cycles.Length, Is.EqualTo(256));
            for (int opcode = 0; opcode < 256; opcode++)
            {
                Assert.That(table[opcode].Opcode, Is.EqualTo(opcode));
                Assert.That(Opcodes.Length[opcode], Is.EqualTo(table[opcode].Length));
                Assert.That(Opcodes.Cycles[opcode], Is.EqualTo(table[opcode].Cycles));
                Assert.That(Opcodes.Cycles[opcode], Is.AnyOf(1, 2, 4), $"{opcode:X2}h");
            }
        });
    }

    [Test]
    public void Undefined_A5_is_a_one_byte_one_cycle_entry_without_mnemonic()
    {
        var info = Opcodes.Table[Opcodes.Undefined];
        Assert.Multiple(() =>
        {
            Assert.That(info.IsDefined, Is.False);
            Assert.That(info.Length, Is.EqualTo(1));
            Assert.That(info.Cycles, Is.EqualTo(1));
            Assert.That(Opcodes.Table.ToArray().Count(o => !o.IsDefined), Is.EqualTo(1));
        });
    }

    // The only four-cycle instructions on the classic core, per the Intel and Atmel tables.
    [Test]
    public void Only_MUL_and_DIV_take_four_cycles()
    {
        var fourCycle = Opcodes.Table.ToArray().Where(o => o.Cycles == 4).Select(o => o.Mnemonic);
        Assert.That(fourCycle, Is.EquivalentTo(new[] { "DIV", "MUL" }));
    }
}
