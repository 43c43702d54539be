using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Calendar51.Host.Debugging;

/// <summary>A message that breaks the Debug Adapter Protocol's framing; the connection cannot go on.</summary>
public sealed class DapFramingException(string message) : Exception(message);

/// <summary>
/// The Debug Adapter Protocol's wire format: each message is <c>Content-Length: N</c>, a blank line
/// (CR LF CR LF), and N bytes of UTF-8 JSON. Reads are bounded (header line and body size); writes
/// from several threads (responses, and events from the emulation thread) are serialized.
/// </summary>
public sealed class DapConnection(Stream input, Stream output)
{
    /// <summary>Largest message body accepted (a setBreakpoints request for a big file is a few KB).</summary>
    public const int MaximumBodyBytes = 1 << 20;
    private const int MaximumHeaderBytes = 1024;

    private readonly object writeGate = new();
    private int sequence;

    /// <summary>The next message, or null at the end of the input. Throws <see cref="DapFramingException"/> on a bad frame.</summary>
    public JsonObject? Read()
    {
        int length = -1;
        while (true)
        {
            string? header = ReadHeaderLine();
            if (header is null) return null;
            if (header.Length == 0)
            {
                if (length < 0) continue;   // stray blank line between messages
                break;
            }
            int colon = header.IndexOf(':');
            if (colon < 0) throw new DapFramingException($"header line '{Shorten(header)}' has no ':'");
            if (!header[..colon].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) continue;
            if (!int.TryParse(header[(colon + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out length) || length > MaximumBodyBytes)
                throw new DapFramingException($"Content-Length '{Shorten(header[(colon + 1)..].Trim())}' is not a size up to {MaximumBodyBytes} bytes");
        }
        var body = new byte[length];
        int read = 0;
        while (read < length)
        {
            int n = input.Read(body, read, length - read);
            if (n == 0) throw new DapFramingException($"the input ended {length - read} bytes before the end of a {length}-byte message");
            read += n;
        }
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(body);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new DapFramingException($"a message is not JSON: {e.Message}");
        }
        return node as JsonObject ?? throw new DapFramingException("a message is not a JSON object");
    }

    private string? ReadHeaderLine()
    {
        var bytes = new List<byte>();
        while (true)
        {
            int b = input.ReadByte();
            if (b < 0) return bytes.Count == 0 ? null : throw new DapFramingException("the input ended inside a header");
            if (b == '\n')
            {
                if (bytes.Count > 0 && bytes[^1] == '\r') bytes.RemoveAt(bytes.Count - 1);
                return Encoding.ASCII.GetString(bytes.ToArray());
            }
            bytes.Add((byte)b);
            if (bytes.Count > MaximumHeaderBytes) throw new DapFramingException($"a header line is longer than {MaximumHeaderBytes} bytes");
        }
    }

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;

    /// <summary>Sends a request (the client's side of the protocol) and returns its sequence number.</summary>
    public int SendRequest(string command, JsonObject? arguments = null)
    {
        var message = new JsonObject { ["type"] = "request", ["command"] = command, ["arguments"] = arguments ?? new JsonObject() };
        Send(message);
        return message["seq"]!.GetValue<int>();
    }

    public void SendResponse(JsonObject request, JsonObject? body = null) => Send(new JsonObject
    {
        ["type"] = "response",
        ["request_seq"] = request["seq"]?.DeepClone(),
        ["success"] = true,
        ["command"] = request["command"]?.DeepClone(),
        ["body"] = body ?? new JsonObject(),
    });

    public void SendError(JsonObject request, string message) => Send(new JsonObject
    {
        ["type"] = "response",
        ["request_seq"] = request["seq"]?.DeepClone(),
        ["success"] = false,
        ["command"] = request["command"]?.DeepClone(),
        ["message"] = message,
        ["body"] = new JsonObject { ["error"] = new JsonObject { ["id"] = 1, ["format"] = message, ["showUser"] = true } },
    });

    public void SendEvent(string name, JsonObject? body = null) => Send(new JsonObject
    {
        ["type"] = "event",
        ["event"] = name,
        ["body"] = body ?? new JsonObject(),
    });

    private void Send(JsonObject message)
    {
        lock (writeGate)
        {
            message["seq"] = ++sequence;
            byte[] body = Encoding.UTF8.GetBytes(message.ToJsonString());
            byte[] header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
            try
            {
                output.Write(header);
                output.Write(body);
                output.Flush();
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // The client went away; the read loop sees the end of input and stops.
            }
        }
    }
}
