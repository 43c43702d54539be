using System.Globalization;
using System.Xml.Linq;
using Calendar51.Emulator.Board;
using Calendar51.Host;

namespace Calendar51.Tests.Board;

/// <summary>Issue 9 §6: what the board pictures must not do: text past its box, wires through labels, two boards on one picture.</summary>
public class BoardDiagramLayoutTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static IEnumerable<string> BoardNames() =>
        Directory.GetFiles(RepositoryFiles.Schematics, "*" + BoardFile.Extension).Select(Path.GetFileNameWithoutExtension).OfType<string>().Order();

    private static double Number(XElement element, string name) => double.Parse(element.Attribute(name)!.Value, CultureInfo.InvariantCulture);

    /// <summary>A text's box, monospace glyphs being 0.6 em wide and about 0.8 em tall above the baseline.</summary>
    private static (double Left, double Top, double Right, double Bottom) Box(XElement text)
    {
        double size = text.Attribute("font-size") is { } attribute ? double.Parse(attribute.Value, CultureInfo.InvariantCulture) : 11;
        double x = Number(text, "x"), y = Number(text, "y");
        return (x, y - 0.8 * size, x + text.Value.Length * 0.6 * size, y);
    }

    [TestCaseSource(nameof(BoardNames))]
    public void TextInAPartBoxStaysInsideItsBorder(string name)
    {
        var svg = XDocument.Parse(BoardDiagram.Render(BoardFile.Load(RepositoryFiles.BoardFilePath(name))));
        var boxes = svg.Descendants(Svg + "rect").Where(r => r.Attribute("fill")?.Value == "#fbfbea").ToList();
        Assert.That(boxes, Is.Not.Empty);
        foreach (var text in svg.Descendants(Svg + "text"))
        {
            var (left, top, right, _) = Box(text);
            foreach (var rect in boxes)
            {
                double x = Number(rect, "x"), y = Number(rect, "y"), width = Number(rect, "width"), height = Number(rect, "height");
                bool starts = left >= x && left < x + width && top >= y && top < y + height;
                if (starts) Assert.That(right, Is.LessThanOrEqualTo(x + width), $"'{text.Value}' runs past its box in {name}.svg");
            }
        }
    }

    [TestCaseSource(nameof(BoardNames))]
    public void NoWireRunsThroughAPullUpLabel(string name)
    {
        var svg = XDocument.Parse(BoardDiagram.Render(BoardFile.Load(RepositoryFiles.BoardFilePath(name))));
        var labels = svg.Descendants(Svg + "text").Where(t => t.Value.Contains("→VCC", StringComparison.Ordinal)).Select(Box).ToList();
        if (labels.Count == 0) Assert.Pass($"{name} has no pull-ups");
        foreach (var wire in svg.Descendants(Svg + "polyline"))
        {
            var points = wire.Attribute("points")!.Value.Split(' ')
                .Select(p => p.Split(',')).Select(p => (X: double.Parse(p[0], CultureInfo.InvariantCulture), Y: double.Parse(p[1], CultureInfo.InvariantCulture))).ToList();
            foreach (var (a, b) in points.Zip(points.Skip(1)).Where(s => s.First.Y == s.Second.Y))
            {
                foreach (var label in labels)
                {
                    bool crosses = a.Y > label.Top && a.Y < label.Bottom && Math.Min(a.X, b.X) < label.Right && Math.Max(a.X, b.X) > label.Left;
                    Assert.That(crosses, Is.False, $"a wire at y={a.Y} runs through a pull-up label in {name}.svg");
                }
            }
        }
    }

    [Test]
    public void TwoBoardFilesWithOneNameAreRefused()
    {
        string directory = Directory.CreateTempSubdirectory("calendar51-twins-").FullName;
        try
        {
            string first = Path.Combine(directory, "a.board"), second = Path.Combine(directory, "b.board");
            File.Copy(RepositoryFiles.BoardFilePath("prechin-a2"), first);
            File.Copy(RepositoryFiles.BoardFilePath("prechin-a2"), second);
            var error = new StringWriter();
            int exit = Cli.Run(["board-diagram", first, second, "--out", directory], new StringWriter(), error);
            Assert.That(exit, Is.EqualTo(2));
            Assert.That(error.ToString(), Does.Contain("both name board 'prechin-a2'"));
            Assert.That(File.Exists(Path.Combine(directory, "prechin-a2.svg")), Is.False, "nothing is written");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
