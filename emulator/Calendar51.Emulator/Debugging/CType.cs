namespace Calendar51.Emulator.Debugging;

/// <summary>What a C type is, as SDCC's debug records describe it.</summary>
public enum CTypeKind { Char, Short, Int, Long, Float, Bit, Void, Struct, Array, Pointer, Function }

/// <summary>Which memory a pointer points into (SDCC's typed pointers; generic pointers carry it in a tag byte).</summary>
public enum PointerSpace { Generic, Data, Idata, Pdata, Xdata, Code }

/// <summary>
/// A C type from an SDCC <c>.cdb</c> type chain such as <c>({4}DA4d,SC:U)</c>: declarators (array,
/// pointer, function) from the outside in, then the base type and its sign.
/// </summary>
public sealed record CType(CTypeKind Kind, int Size, bool IsUnsigned = false, CType? Element = null, int Count = 0,
    PointerSpace Space = PointerSpace.Generic, string? StructName = null, int BitOffset = 0, int BitWidth = 1)
{
    public static readonly CType UnsignedChar = new(CTypeKind.Char, 1, IsUnsigned: true);

    /// <summary>The type as C spells it: <c>unsigned char[4]</c>, <c>struct point</c>, <c>__xdata char *</c>.</summary>
    public string Name => Kind switch
    {
        CTypeKind.Char => (IsUnsigned ? "unsigned " : "") + "char",
        CTypeKind.Short => (IsUnsigned ? "unsigned " : "") + "short",
        CTypeKind.Int => (IsUnsigned ? "unsigned " : "") + "int",
        CTypeKind.Long => (IsUnsigned ? "unsigned " : "") + "long",
        CTypeKind.Float => "float",
        CTypeKind.Bit => "__bit",
        CTypeKind.Void => "void",
        CTypeKind.Struct => "struct " + StructName,
        CTypeKind.Array => $"{Element!.Name}[{Count}]",
        CTypeKind.Pointer => (Space == PointerSpace.Generic ? "" : $"__{Space.ToString().ToLowerInvariant()} ") + Element!.Name + " *",
        CTypeKind.Function => Element!.Name + " ()",
        _ => Kind.ToString(),
    };

    /// <summary>
    /// Parses a type chain: <c>({size}</c> declarators and base type separated by commas, <c>:U</c> or
    /// <c>:S</c>, <c>)</c>. Returns null when the text is not one.
    /// </summary>
    public static CType? Parse(string text)
    {
        if (!text.StartsWith("({", StringComparison.Ordinal) || !text.EndsWith(')')) return null;
        int sizeEnd = text.IndexOf('}');
        if (sizeEnd < 0 || !int.TryParse(text.AsSpan(2, sizeEnd - 2), out int size)) return null;
        string chain = text[(sizeEnd + 1)..^1];
        int colon = chain.LastIndexOf(':');
        bool unsigned = colon >= 0 && chain[(colon + 1)..] == "U";
        if (colon >= 0) chain = chain[..colon];
        var parts = chain.Split(',');
        if (parts.Length == 0) return null;
        CType? type = Base(parts[^1], unsigned);
        if (type is null) return null;
        if (type.Kind == CTypeKind.Struct)
        {
            // A struct's size is only in the braces: divide out the arrays around it (a pointer's target keeps 0
            // and is sized from the struct's fields when read).
            int elements = 1;
            bool onlyArrays = true;
            for (int i = 0; i < parts.Length - 1; i++)
            {
                if (parts[i].StartsWith("DA", StringComparison.Ordinal) && int.TryParse(parts[i].AsSpan(2).TrimEnd('d'), out int n) && n > 0) elements *= n;
                else onlyArrays = false;
            }
            if (onlyArrays) type = type with { Size = size / elements };
        }
        for (int i = parts.Length - 2; i >= 0; i--)
        {
            type = Declarator(parts[i], type);
            if (type is null) return null;
        }
        return type;
    }

    private static CType? Base(string text, bool unsigned)
    {
        if (text.Length < 2 || text[0] != 'S') return null;
        return text[1] switch
        {
            'C' => new CType(CTypeKind.Char, 1, unsigned),
            'S' => new CType(CTypeKind.Short, 2, unsigned),
            'I' => new CType(CTypeKind.Int, 2, unsigned),
            'L' => new CType(CTypeKind.Long, 4, unsigned),
            'F' => new CType(CTypeKind.Float, 4),
            'X' => new CType(CTypeKind.Bit, 1, true),
            'V' => new CType(CTypeKind.Void, 0),
            'T' => new CType(CTypeKind.Struct, 0, StructName: text[2..]),
            'B' => BitField(text[2..], unsigned),
            _ => null,
        };
    }

    /// <summary><c>SB0$1</c>: a bit (or bit-field) at bit offset 0, one bit wide.</summary>
    private static CType? BitField(string text, bool unsigned)
    {
        var fields = text.Split('$');
        if (fields.Length != 2 || !int.TryParse(fields[0], out int offset) || !int.TryParse(fields[1], out int width)) return null;
        return new CType(CTypeKind.Bit, 1, unsigned, BitOffset: offset, BitWidth: width);
    }

    private static CType? Declarator(string text, CType inner)
    {
        if (text.Length < 2 || text[0] != 'D') return null;
        switch (text[1])
        {
            case 'A':
                // DA4d: an array of 4.
                if (!int.TryParse(text.AsSpan(2).TrimEnd('d'), out int count)) return null;
                return new CType(CTypeKind.Array, inner.Size * count, Element: inner, Count: count);
            case 'F': return new CType(CTypeKind.Function, 2, Element: inner);
            case 'G': return new CType(CTypeKind.Pointer, 3, Element: inner, Space: PointerSpace.Generic);
            case 'C': return new CType(CTypeKind.Pointer, 2, Element: inner, Space: PointerSpace.Code);
            case 'X': return new CType(CTypeKind.Pointer, 2, Element: inner, Space: PointerSpace.Xdata);
            case 'D': return new CType(CTypeKind.Pointer, 1, Element: inner, Space: PointerSpace.Data);
            case 'I': return new CType(CTypeKind.Pointer, 1, Element: inner, Space: PointerSpace.Idata);
            case 'P': return new CType(CTypeKind.Pointer, 1, Element: inner, Space: PointerSpace.Pdata);
            default: return null;
        }
    }
}

/// <summary>A member of a struct: its byte offset and type.</summary>
public sealed record CField(string Name, int Offset, CType Type);
