using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Calendar51.Emulator.Chips.Lcd;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Calendar51.Host.Emulation.Web;

/// <summary>
/// The board as a web page on 127.0.0.1, served by Kestrel: the page and its script are embedded
/// resources (nothing from elsewhere); state goes to the page as server-sent events, keys and
/// speed and the power button come back as small POSTs. Also <c>/lcd.png</c>: the LCD as the emulator's own PNG.
/// </summary>
public sealed class WebView : IDisposable
{
    private static readonly TimeSpan EventInterval = TimeSpan.FromMilliseconds(50);

    private readonly WebApplication app;

    private WebView(WebApplication app, string address)
    {
        this.app = app;
        Address = address;
    }

    public string Address { get; }

    public static WebView Start(EmulationSession session, EmulationInfo info, int port)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "calendar51" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (LoopbackRequestGuard.Refuse(request.Method, request.Headers.Host, request.Headers.Origin, request.Headers["Sec-Fetch-Site"]) is { } refusal)
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.Response.WriteAsync(refusal);
                return;
            }
            await next(context);
        });

        app.MapGet("/", () => Asset("index.html", "text/html; charset=utf-8"));
        app.MapGet("/app.js", () => Asset("app.js", "text/javascript; charset=utf-8"));
        app.MapGet("/app.css", () => Asset("app.css", "text/css; charset=utf-8"));
        app.MapGet("/api/state", () => Results.Json(WebState.From(session.Latest, info, session.Fault), WebJsonContext.Default.WebState));
        app.MapGet("/api/events", (HttpContext context) => StreamEvents(context, session, info));
        app.MapGet("/lcd.png", (int? scale) =>
            session.Latest.Panel is { } panel
                ? Results.Bytes(LcdPngRenderer.RenderPng(panel, Math.Clamp(scale ?? 4, 1, 16)), "image/png")
                : Results.NotFound("this board has no LCD"));
        app.MapPost("/api/keys/{key}/{action}", (string key, string action) =>
        {
            if (!info.Keys.Contains(key, StringComparer.OrdinalIgnoreCase)) return Results.NotFound($"no key '{key}' (keys: {string.Join(", ", info.Keys)})");
            string name = info.Keys.First(k => k.Equals(key, StringComparison.OrdinalIgnoreCase));
            switch (action)
            {
                case "press": session.Press(name); return Results.NoContent();
                case "release": session.Release(name); return Results.NoContent();
                default: return Results.BadRequest($"unknown action '{action}' (press or release)");
            }
        });
        // value: °C (-55 … 125) or "none" to pull the sensor out
        app.MapPost("/api/temperature/{name}", (string name, string value) =>
        {
            if (!session.Latest.Thermometers.Any(t => t.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
                return Results.NotFound($"no DS18B20 '{name}' (DS18B20s: {string.Join(", ", session.Latest.Thermometers.Select(t => t.Name))})");
            if (value == "none")
            {
                session.SetTemperature(name, null);
                return Results.NoContent();
            }
            if (!double.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign | System.Globalization.NumberStyles.AllowDecimalPoint,
                    System.Globalization.CultureInfo.InvariantCulture, out double celsius) || !Calendar51.Emulator.Chips.Ds18b20.IsValidTemperature(celsius))
                return Results.BadRequest($"'{value}' is not a temperature in °C from -55 to 125 (or none)");
            session.SetTemperature(name, celsius);
            return Results.NoContent();
        });
        app.MapPost("/api/power-cycle", () =>
        {
            session.PowerCycle();
            return Results.NoContent();
        });
        app.MapPost("/api/speed", (string value) =>
        {
            if (!EmulationSpeed.TryParse(value, out var speed, out var error)) return Results.BadRequest(error);
            session.Speed = speed;
            return Results.NoContent();
        });

        try
        {
            app.StartAsync().GetAwaiter().GetResult();
        }
        catch (IOException e)
        {
            throw new IOException($"--web: cannot listen on 127.0.0.1:{port}: {e.Message}", e);
        }
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        string address = (addresses?.FirstOrDefault() ?? $"http://127.0.0.1:{port}").TrimEnd('/') + "/";
        return new WebView(app, address);
    }

    private static IResult Asset(string name, string contentType)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("web/" + name)
            ?? throw new InvalidOperationException($"embedded web asset '{name}' is missing from the build");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return Results.Bytes(copy.ToArray(), contentType);
    }

    private static async Task StreamEvents(HttpContext context, EmulationSession session, EmulationInfo info)
    {
        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        var lifetime = context.RequestServices.GetRequiredService<IHostApplicationLifetime>();
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var abort = stopping.Token;
        long sent = -1;
        try
        {
            while (!abort.IsCancellationRequested)
            {
                var snapshot = session.Latest;
                if (snapshot.Sequence != sent)
                {
                    string json = JsonSerializer.Serialize(WebState.From(snapshot, info, session.Fault), WebJsonContext.Default.WebState);
                    await context.Response.WriteAsync("data: " + json + "\n\n", Encoding.UTF8, abort);
                    await context.Response.Body.FlushAsync(abort);
                    sent = snapshot.Sequence;
                }
                await Task.Delay(EventInterval, abort);
            }
        }
        catch (OperationCanceledException)
        {
            // the page went away or the server stops
        }
    }

    public void Dispose()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        app.StopAsync(timeout.Token).GetAwaiter().GetResult();
        ((IDisposable)app).Dispose();
    }
}
