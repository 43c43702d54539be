using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Calendar51.Emulator.Disassembly;
using Calendar51.Emulator.Hex;
using Calendar51.Tests.Hex;

namespace Calendar51.Tests.Disassembly;

/// <summary>
/// Checks the opcode table and the disassembler against SDCC's assembler, an independent source:
/// one line per opcode is assembled with sdas8051 and linked with sdld; the assembler must emit that
/// opcode with our length, its listing's clock count must be our cycles × 12, and our disassembly of
/// the linked bytes, assembled again, must give the same bytes.
/// </summary>
public partial class SdasCrossCheckTests
{
    // Starting at 0100h keeps backward jumps from wrapping below 0000h; all code stays in the first 2 KB page.
    private const string Header = "\t.area CODE (ABS)\n\t.org 0x0100\n";

    [Test]
    public void Every_opcode_matches_sdas8051_in_encoding_length_cycles_and_round_trip()
    {
        using var tools = new SdccToolchain();
        var table = Opcodes.Table.ToArray();
        var source = new StringBuilder(Header);
        foreach (var info in table)
        {
            source.Append('\t').Append(SdasLine(info)).Append('\n');
        }
        source.Append("\tnop\n"); // marks where the last instruction ends

        var (listingPath, hexPath) = tools.AssembleAndLink("all", source.ToString());
        var listing = ParseListing(File.ReadAllLines(listingPath));
        var image = IntelHex.Load(hexPath);

        var disassembly = new StringBuilder(Header);
        Assert.Multiple(() =>
        {
            for (int opcode = 0; opcode < 256; opcode++)
            {
                var line = listing[opcode];
                int assembledLength = listing[opcode + 1].Address - line.Address;
                string what = $"{opcode:X2}h '{line.Source}'";
                Assert.That(image.Data[line.Address], Is.EqualTo(opcode), $"{what}: sdas emitted a different opcode");
                Assert.That(Opcodes.Length[opcode], Is.EqualTo(assembledLength), $"{what}: length");
                // sdas lists AJMP/ACALL before the linker forms their opcode: the opcode position holds the
                // target's high byte and the clocks are that byte's, so its listing says nothing about them.
                if (opcode != Opcodes.Undefined && table[opcode].Operand1 != OperandKind.Addr11)
                {
                    Assert.That(Opcodes.Cycles[opcode] * 12, Is.EqualTo(line.Clocks), $"{what}: clocks in the sdas listing");
                }

                var text = Disassembler.Disassemble(image.Data.AsSpan(line.Address, 3), line.Address, out int length);
                Assert.That(length, Is.EqualTo(assembledLength), $"{what}: disassembler length");
                disassembly.Append('\t').Append(ToSdasSyntax(text, line.Address, table[opcode])).Append('\n');
            }
        });
        disassembly.Append("\tnop\n");

        var (_, reassembledPath) = tools.AssembleAndLink("again", disassembly.ToString());
        var reassembled = IntelHex.Load(reassembledPath);
        var reassembledListing = ParseListing(File.ReadAllLines(tools.PathOf("again.lst")));
        Assert.Multiple(() =>
        {
            for (int opcode = 0; opcode < 256; opcode++)
            {
                int address = listing[opcode].Address;
                int length = Opcodes.Length[opcode];
                Assert.That(reassembled.Data.AsSpan(address, length).ToArray(), Is.EqualTo(image.Data.AsSpan(address, length).ToArray()),
                    $"{opcode:X2}h: '{reassembledListing[opcode].Source}' (from our disassembly) assembles differently from '{listing[opcode].Source}'");
            }
        });
    }

    /// <summary>The instruction in sdas8051 syntax with operand values that have no SFR names.</summary>
    private static string SdasLine(OpcodeInfo info)
    {
        if (!info.IsDefined)
        {
            return $".db 0x{info.Opcode:X2}";
        }
        int directsSeen = 0;
        var operands = new List<string>();
        foreach (var kind in new[] { info.Operand1, info.Operand2, info.Operand3 })
        {
            if (kind == OperandKind.None)
            {
                break;
            }
            operands.Add(kind switch
            {
                OperandKind.A => "a",
                OperandKind.AB => "ab",
                OperandKind.C => "c",
                OperandKind.Dptr => "dptr",
                >= OperandKind.R0 and <= OperandKind.R7 => $"r{kind - OperandKind.R0}",
                OperandKind.AtR0 => "@r0",
                OperandKind.AtR1 => "@r1",
                OperandKind.AtDptr => "@dptr",
                OperandKind.AtAPlusDptr => "@a+dptr",
                OperandKind.AtAPlusPc => "@a+pc",
                OperandKind.Direct => directsSeen++ == 0 ? "0x30" : "0x47",
                OperandKind.Immediate => "#0xA7",
                OperandKind.Immediate16 => "#0xBE3C",
                OperandKind.Bit => "0x2B",
                OperandKind.NotBit => "/0x71",
                // Alternate forward and backward jumps, both well inside the signed 8-bit reach.
                OperandKind.Relative => info.Opcode % 2 == 0 ? ".+0x42" : ".-0x37",
                // The target's page bits must be the ones this opcode encodes; the code sits in page 0.
                OperandKind.Addr11 => $"0x{((info.Opcode >> 5) << 8) | 0x9C:X4}",
                OperandKind.Addr16 => "0xC0DE",
                _ => throw new ArgumentOutOfRangeException(nameof(info), kind, "operand kind has no sdas form"),
            });
        }
        return operands.Count == 0 ? info.Mnemonic.ToLowerInvariant() : $"{info.Mnemonic.ToLowerInvariant()} {string.Join(",", operands)}";
    }

    /// <summary>
    /// Our Intel syntax in sdas8051 terms: numbers 3Ah → 0x3A, bits 25h.3 → bit address 0x2B, DB → .db,
    /// and a relative jump's absolute target as an offset from '.' (given relative jumps to plain numbers
    /// in an absolute area, sdld 4.2 reported "Byte PCR relocation error" and crashed with SIGSEGV).
    /// </summary>
    private static string ToSdasSyntax(string text, int address, OpcodeInfo info)
    {
        if (info.Operand2 == OperandKind.Relative || info.Operand3 == OperandKind.Relative || info.Operand1 == OperandKind.Relative)
        {
            int comma = text.LastIndexOf(',');
            int split = comma >= 0 ? comma : text.IndexOf(' ');
            var target = text[(split + 1)..].TrimEnd('h');
            int offset = int.Parse(target, NumberStyles.HexNumber, CultureInfo.InvariantCulture) - address;
            text = $"{text[..(split + 1)]}.{(offset < 0 ? "-" : "+")}{Math.Abs(offset)}";
        }
        text = Regex.Replace(text, @"\s*;.*$", "");
        text = Regex.Replace(text, "^DB ", ".db ");
        text = BitNotation().Replace(text, match =>
        {
            int register = int.Parse(match.Groups["byte"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            int bit = match.Groups["bit"].Value[0] - '0';
            int bitAddress = register < 0x80 ? (register - 0x20) * 8 + bit : register + bit;
            return $"0x{bitAddress:X2}";
        });
        return HexNumber().Replace(text, match => "0x" + match.Groups["digits"].Value);
    }

    private sealed record ListingLine(int Address, int? Clocks, string Source);

    /// <summary>The listing lines that carry an address, after the .org line: one per instruction, in order.</summary>
    private static List<ListingLine> ParseListing(string[] lines)
    {
        var result = new List<ListingLine>();
        foreach (var line in lines)
        {
            var match = ListingLineFormat().Match(line);
            if (match.Success && !match.Groups["source"].Value.TrimStart().StartsWith(".org", StringComparison.Ordinal))
            {
                result.Add(new ListingLine(
                    int.Parse(match.Groups["address"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                    match.Groups["clocks"].Success ? int.Parse(match.Groups["clocks"].Value, CultureInfo.InvariantCulture) : null,
                    match.Groups["source"].Value.Trim()));
            }
        }
        Assert.That(result, Has.Count.EqualTo(257), "sdas listing: one addressed line per opcode plus the final nop");
        return result;
    }

    // "      000004 B7 20 DD         [24]    5 \tcjne @r1,#0x20,.-0x20" (bytes may carry relocation marks).
    [GeneratedRegex(@"^\s+(?<address>[0-9A-F]{6})\s[^\[\t]*?(\[(?<clocks>\d+)\])?\s+\d+\s\t(?<source>.*)$")]
    private static partial Regex ListingLineFormat();

    [GeneratedRegex(@"\b(?<byte>0?[0-9A-F]{2})h\.(?<bit>[0-7])")]
    private static partial Regex BitNotation();

    [GeneratedRegex(@"\b0?(?<digits>[0-9A-F]+)h\b")]
    private static partial Regex HexNumber();
}
