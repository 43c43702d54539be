using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;

namespace Calendar51.Tests.Packaging;

/// <summary>
/// README's "dotnet pack": the library package and the tool package build, and the tool installs from
/// its package into a folder outside the source tree and runs the bundled firmware on a built-in board.
/// Packs once per run, with its own build folders (--artifacts-path) so the test build is untouched.
/// </summary>
[TestFixture]
[NonParallelizable]
public class PackageInstallTests
{
    private string work = null!;
    private string packages = null!;
    private string toolPath = null!;

    [OneTimeSetUp]
    public void PackAndInstall()
    {
        work = Directory.CreateTempSubdirectory("calendar51-pack-").FullName;
        packages = Path.Combine(work, "packages");
        toolPath = Path.Combine(work, "tools");
        string artifacts = Path.Combine(work, "build");
        foreach (var project in new[] { "emulator/Calendar51.Emulator/Calendar51.Emulator.csproj", "host/Calendar51.Host/Calendar51.Host.csproj" })
        {
            Dotnet($"pack {Path.Combine(RepositoryFiles.Root, project)} -c Release -o {packages} --artifacts-path {artifacts} -nologo", TimeSpan.FromMinutes(6));
        }
        // A package cache of its own: the user's cache may hold an older calendar51 of the same version.
        Dotnet($"tool install calendar51 --tool-path {toolPath} --add-source {packages} --version {PackageVersion()}", TimeSpan.FromMinutes(3),
            ("NUGET_PACKAGES", Path.Combine(work, "nuget")));
    }

    [OneTimeTearDown]
    public void DeleteWork()
    {
        if (work is not null && Directory.Exists(work)) Directory.Delete(work, recursive: true);
    }

    [Test]
    public void TheLibraryPackageCarriesDocsReadmeLicenceAndSymbols()
    {
        string package = Path.Combine(packages, $"Calendar51.Emulator.{PackageVersion()}.nupkg");
        Assert.That(File.Exists(Path.ChangeExtension(package, ".snupkg")), "symbols package");
        using var zip = ZipFile.OpenRead(package);
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        Assert.That(entries, Does.Contain("lib/net10.0/Calendar51.Emulator.dll")
            .And.Contain("lib/net10.0/Calendar51.Emulator.xml")
            .And.Contain("README.md"));
        using var nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        var metadata = XDocument.Load(nuspec).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Field(string name) => metadata.Elements().Single(e => e.Name.LocalName == name).Value;
        Assert.That(Field("license"), Is.EqualTo("MIT"));
        Assert.That(Field("readme"), Is.EqualTo("README.md"));
        using var docs = new StreamReader(zip.GetEntry("lib/net10.0/Calendar51.Emulator.xml")!.Open());
        Assert.That(docs.ReadToEnd(), Does.Contain("M:Calendar51.Emulator.BoardUnderTest.SetDs1302"));
    }

    [Test]
    public void TheInstalledToolPrintsItsVersion()
    {
        var (exit, output) = Tool("--version");

        Assert.That(exit, Is.EqualTo(0), output);
        Assert.That(output.Trim(), Does.StartWith(PackageVersion()));
    }

    [Test]
    public void TheInstalledToolRunsTheBundledFirmwareOnABuiltInBoard()
    {
        string firmware = Directory.GetFiles(Path.Combine(toolPath, ".store"), "calendar51.hex", SearchOption.AllDirectories).Single();

        var (exit, output) = Tool($"run {firmware} --board prechin-a2 --max-cycles 1500000");

        Assert.That(exit, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("stopped: cycle limit reached"));
        Assert.That(output, Does.Match(@"20\d\d-\d\d-\d\d \w\w\w"), "the LCD shows the clock's date line after 1.5 s");
    }

    /// <summary>The version every project gets from Directory.Build.props.</summary>
    private static string PackageVersion()
    {
        var props = XDocument.Load(Path.Combine(RepositoryFiles.Root, "Directory.Build.props"));
        return props.Descendants().Single(e => e.Name.LocalName == "Version").Value;
    }

    private (int Exit, string Output) Tool(string arguments) =>
        Execute(Path.Combine(toolPath, OperatingSystem.IsWindows() ? "calendar51.exe" : "calendar51"), arguments, TimeSpan.FromMinutes(1));

    private void Dotnet(string arguments, TimeSpan timeout, params (string Name, string Value)[] environment)
    {
        var (exit, output) = Execute("dotnet", arguments, timeout, environment);
        Assert.That(exit, Is.EqualTo(0), $"dotnet {arguments}\n{output}");
    }

    /// <summary>Runs a program in the empty work folder (outside the source tree), output captured, time bounded.</summary>
    private (int Exit, string Output) Execute(string program, string arguments, TimeSpan timeout, params (string Name, string Value)[] environment)
    {
        var info = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = work,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment) info.Environment[name] = value;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {arguments} did not finish within {timeout}");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
