using System.Text.Json;
using System.Text.Json.Serialization;

namespace Calendar51.Host.Emulation.Web;

/// <summary>
/// The page's JSON, generated at compile time (web defaults: camelCase) so the ahead-of-time compiled
/// command serializes without reflection.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(WebState))]
internal sealed partial class WebJsonContext : JsonSerializerContext;
