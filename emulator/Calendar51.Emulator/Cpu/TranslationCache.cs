namespace Calendar51.Emulator.Cpu;

/// <summary>
/// Translated regions depend only on the code image and the part's indirect RAM size, so cores that
/// run the same image share one table (a test suite creates hundreds of boards with the same
/// firmware; each would otherwise translate it again). The most recently used images are kept.
/// </summary>
internal static class TranslationCache
{
    private const int ImagesKept = 8;
    private static readonly LinkedList<(int IramLimit, byte[] Code, RegionCode?[] Regions)> Images = new();

    /// <summary>The region table for this image: shared if another core has run the same bytes, else a new one.</summary>
    public static RegionCode?[] RegionsFor(byte[] code, int iramIndirectLimit)
    {
        lock (Images)
        {
            for (var node = Images.First; node is not null; node = node.Next)
            {
                var image = node.Value;
                if (image.IramLimit != iramIndirectLimit || !image.Code.AsSpan().SequenceEqual(code)) continue;
                Images.Remove(node);
                Images.AddFirst(node);
                return image.Regions;
            }
            var regions = new RegionCode?[code.Length];
            Images.AddFirst((iramIndirectLimit, (byte[])code.Clone(), regions));
            if (Images.Count > ImagesKept) Images.RemoveLast();
            return regions;
        }
    }
}
