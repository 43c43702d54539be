using System.Text.RegularExpressions;
using System.Xml.Linq;
using Calendar51.Emulator.Board;
using Calendar51.Host.Commands;

namespace Calendar51.Tests.Board;

public class BoardDiagramTests
{
    private static IEnumerable<string> BoardNames() =>
        Directory.GetFiles(RepositoryFiles.Schematics, "*" + BoardFile.Extension).Select(Path.GetFileNameWithoutExtension).OfType<string>().Order();

    [TestCaseSource(nameof(BoardNames))]
    public void Committed_picture_is_up_to_date(string name)
    {
        var board = BoardFile.Load(RepositoryFiles.BoardFilePath(name));
        string svgPath = Path.Combine(RepositoryFiles.Schematics, name + ".svg");
        string regenerate = $"run `dotnet run --project host/Calendar51.Host -- board-diagram --all --out schematics` ({BoardDiagramCommand.RegenerateAll}) and commit the SVGs";
        Assert.That(File.Exists(svgPath), Is.True, $"schematics/{name}.svg is missing: {regenerate}");
        Assert.That(File.ReadAllText(svgPath) == BoardDiagram.Render(board), Is.True, $"schematics/{name}.svg is stale: {regenerate}");
    }

    [TestCaseSource(nameof(BoardNames))]
    public void Picture_shows_every_pin_part_and_wire(string name)
    {
        var board = BoardFile.Load(RepositoryFiles.BoardFilePath(name));
        var svg = XDocument.Parse(BoardDiagram.Render(board));
        XNamespace ns = "http://www.w3.org/2000/svg";
        var texts = svg.Descendants(ns + "text").Select(t => t.Value).ToList();
        Assert.Multiple(() =>
        {
            for (int port = 0; port < 4; port++)
                for (int bit = 0; bit < 8; bit++)
                    Assert.That(texts, Has.Member($"P{port}.{bit}"));
            foreach (var part in board.Parts) Assert.That(texts, Has.Some.StartsWith(part.Name + " ("));
            Assert.That(svg.Descendants(ns + "polyline").Count(), Is.EqualTo(board.Wires.Count), "one line per wire");
            Assert.That(texts.Count(t => t.EndsWith("→VCC")), Is.EqualTo(board.PullUps.Count), "one resistor per pull-up");
            foreach (var buzzer in board.PartsOf(PartKind.Buzzer))
                Assert.That(texts, Has.Member($"sounds while IN is {buzzer.Option("active", "low")}"));
            foreach (var sensor in board.PartsOf(PartKind.Thermometer))
                Assert.That(texts, Has.Member($"open drain; ambient {sensor.Option("temperature", "25C")}"));
        });
    }

    [Test]
    public void Rendering_is_deterministic_and_changes_with_the_wiring()
    {
        string path = RepositoryFiles.BoardFilePath("prechin-a2");
        string once = BoardDiagram.Render(BoardFile.Load(path)), again = BoardDiagram.Render(BoardFile.Load(path));
        Assert.That(once, Is.EqualTo(again));
        var rewired = BoardFile.Parse(File.ReadAllText(path).Replace("wire P1.5 buzzer.IN", "wire P2.3 buzzer.IN"), path);
        string changed = BoardDiagram.Render(rewired);
        Assert.That(changed, Is.Not.EqualTo(once));
        Assert.That(Regex.Count(changed, ">P2\\.3</text>"), Is.EqualTo(2), "the pin on the MCU and the label at the buzzer");
    }

    [Test]
    public void Command_writes_the_svg_for_a_named_board()
    {
        var directory = Directory.CreateTempSubdirectory("calendar51-diagram-");
        try
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            int exit = Calendar51.Host.Cli.Run(["board-diagram", RepositoryFiles.BoardFilePath("kst-51"), "--out", directory.FullName], stdout, stderr);
            Assert.That(exit, Is.Zero, stderr.ToString());
            string written = Path.Combine(directory.FullName, "kst-51.svg");
            Assert.That(File.ReadAllText(written), Is.EqualTo(BoardDiagram.Render(BoardFile.Load(RepositoryFiles.BoardFilePath("kst-51")))));
            Assert.That(Calendar51.Host.Cli.Run(["board-diagram", "no-such-board", "--out", directory.FullName], stdout, stderr), Is.EqualTo(RunCommand.ExitBadInput));
            Assert.That(stderr.ToString(), Does.Contain("unknown board 'no-such-board'"));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
