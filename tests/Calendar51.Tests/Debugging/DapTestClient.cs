using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Text.Json.Nodes;
using Calendar51.Host.Debugging;

namespace Calendar51.Tests.Debugging;

/// <summary>
/// A Debug Adapter Protocol client for tests: sends requests over the adapter's input, reads its
/// responses and events on a background thread. Every wait is bounded. <see cref="InProcess"/> runs
/// a <see cref="DapSession"/> on in-memory pipes.
/// </summary>
internal sealed class DapTestClient : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly DapConnection connection;
    private readonly BlockingCollection<JsonObject> responses = new();
    private readonly BlockingCollection<JsonObject> events = new();
    private readonly List<JsonObject> seenEvents = [];
    private readonly Thread reader;
    private readonly Action? close;
    private readonly Stream toAdapter;

    public DapTestClient(Stream fromAdapter, Stream toAdapter, Action? close = null)
    {
        this.toAdapter = toAdapter;
        connection = new DapConnection(fromAdapter, toAdapter);
        this.close = close;
        reader = new Thread(() =>
        {
            try
            {
                while (connection.Read() is { } message)
                {
                    if (message["type"]?.GetValue<string>() == "response") responses.Add(message);
                    else if (message["type"]?.GetValue<string>() == "event") events.Add(message);
                }
            }
            catch (Exception e) when (e is DapFramingException or IOException or ObjectDisposedException)
            {
                // the adapter closed its output
            }
            responses.CompleteAdding();
            events.CompleteAdding();
        }) { IsBackground = true, Name = "DAP test client" };
        reader.Start();
    }

    /// <summary>The adapter's exit code, for an in-process adapter once it has returned.</summary>
    public Task<int>? Adapter { get; private init; }

    /// <summary>What an in-process adapter wrote to its log (stderr).</summary>
    public StringWriter Log { get; private init; } = new();

    public static DapTestClient InProcess()
    {
        var toAdapter = new Pipe();
        var fromAdapter = new Pipe();
        var log = new StringWriter();
        var adapter = Task.Run(() =>
        {
            int code;
            using (var session = new DapSession(toAdapter.Reader.AsStream(), fromAdapter.Writer.AsStream(), log)) code = session.Run();
            fromAdapter.Writer.Complete();
            return code;
        });
        return new DapTestClient(fromAdapter.Reader.AsStream(), toAdapter.Writer.AsStream(), () => toAdapter.Writer.Complete()) { Adapter = adapter, Log = log };
    }

    /// <summary>Writes bytes to the adapter's input as they are (to break the framing).</summary>
    public void SendRaw(string text)
    {
        toAdapter.Write(System.Text.Encoding.ASCII.GetBytes(text));
        toAdapter.Flush();
    }

    /// <summary>Sends a request and returns its response (successful or not).</summary>
    public JsonObject Send(string command, JsonObject? arguments = null)
    {
        int seq = connection.SendRequest(command, arguments);
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !responses.TryTake(out var response, left))
                throw new AssertionException($"no response to '{command}' within {Timeout.TotalSeconds} s");
            if (response["request_seq"]?.GetValue<int>() == seq) return response;
        }
    }

    /// <summary>Sends a request that must succeed and returns the response's body.</summary>
    public JsonObject Request(string command, JsonObject? arguments = null)
    {
        var response = Send(command, arguments);
        Assert.That(response["success"]?.GetValue<bool>(), Is.True, $"'{command}' failed: {response["message"]}");
        return response["body"] as JsonObject ?? [];
    }

    /// <summary>Waits for the next event named <paramref name="name"/> (earlier other events are kept in <see cref="SeenEvents"/>).</summary>
    public JsonObject WaitForEvent(string name)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !events.TryTake(out var message, left))
                throw new AssertionException($"no '{name}' event within {Timeout.TotalSeconds} s; seen: {string.Join(", ", seenEvents.Select(e => e["event"]))}");
            lock (seenEvents) seenEvents.Add(message);
            if (message["event"]?.GetValue<string>() == name) return message["body"] as JsonObject ?? [];
        }
    }

    public IReadOnlyList<JsonObject> SeenEvents
    {
        get
        {
            while (events.TryTake(out var message)) lock (seenEvents) seenEvents.Add(message);
            lock (seenEvents) return [.. seenEvents];
        }
    }

    /// <summary>initialize, launch with <paramref name="launch"/>, waits for 'initialized'.</summary>
    public void Start(JsonObject launch)
    {
        Request("initialize", new JsonObject { ["adapterID"] = "calendar51", ["linesStartAt1"] = true, ["columnsStartAt1"] = true });
        Request("launch", launch);
        WaitForEvent("initialized");
    }

    /// <summary>The top frame after a stop: its name and line.</summary>
    public (string Name, int Line, JsonObject Frame) TopFrame()
    {
        var frames = Request("stackTrace", new JsonObject { ["threadId"] = 1 })["stackFrames"]!.AsArray();
        var top = frames[0]!.AsObject();
        return (top["name"]!.GetValue<string>(), top["line"]!.GetValue<int>(), top);
    }

    /// <summary>name → value of the variables in the named scope of frame <paramref name="frameId"/>.</summary>
    public Dictionary<string, JsonObject> Scope(string scope, int frameId = 1)
    {
        var scopes = Request("scopes", new JsonObject { ["frameId"] = frameId })["scopes"]!.AsArray();
        var chosen = scopes.FirstOrDefault(s => s!["name"]!.GetValue<string>() == scope)
            ?? throw new AssertionException($"no scope {scope}; scopes: {string.Join(", ", scopes.Select(s => s!["name"]))}");
        return Variables(chosen["variablesReference"]!.GetValue<int>());
    }

    public Dictionary<string, JsonObject> Variables(int reference)
    {
        var variables = Request("variables", new JsonObject { ["variablesReference"] = reference })["variables"]!.AsArray();
        return variables.ToDictionary(v => v!["name"]!.GetValue<string>(), v => v!.AsObject());
    }

    public void Dispose()
    {
        close?.Invoke();
        reader.Join(TimeSpan.FromSeconds(5));
        Adapter?.Wait(TimeSpan.FromSeconds(5));
    }
}
