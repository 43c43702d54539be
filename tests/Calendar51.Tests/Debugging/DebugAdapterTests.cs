using System.Diagnostics;
using System.Text.Json.Nodes;
using Calendar51.Tests.Emulate;

namespace Calendar51.Tests.Debugging;

/// <summary>
/// The debug adapter driven as a DAP client drives it (no editor) on debugme.c built with
/// <c>sdcc --debug</c>: breakpoints on C lines, steps, the stack, variables by C type, data
/// breakpoints, evaluate, memory and disassembly, bad launch arguments.
/// </summary>
public class DebugAdapterTests
{
    private static JsonObject Launch(bool stopOnEntry = false) => new()
    {
        ["program"] = DebugProgram.Hex,
        ["board"] = "prechin-a2",
        ["time"] = "2030-01-02T03:04:05",
        ["stopOnEntry"] = stopOnEntry,
    };

    private static JsonObject SourceBreakpoints(params int[] lines) => new()
    {
        ["source"] = new JsonObject { ["path"] = Path.Combine(DebugProgram.Directory, "debugme.c") },
        ["breakpoints"] = new JsonArray([.. lines.Select(l => (JsonNode)new JsonObject { ["line"] = l })]),
    };

    private static string Value(Dictionary<string, JsonObject> variables, string name)
    {
        Assert.That(variables, Contains.Key(name), $"no variable {name}; have {string.Join(", ", variables.Keys)}");
        return variables[name]["value"]!.GetValue<string>();
    }

    /// <summary>Starts on debugme with a breakpoint on <paramref name="marker"/> and runs to it.</summary>
    private static DapTestClient RunToMarker(string marker)
    {
        var client = DapTestClient.InProcess();
        client.Start(Launch());
        var set = client.Request("setBreakpoints", SourceBreakpoints(DebugProgram.LineOf(marker)));
        Assert.That(set["breakpoints"]![0]!["verified"]!.GetValue<bool>(), Is.True, set.ToJsonString());
        client.Request("configurationDone");
        var stopped = client.WaitForEvent("stopped");
        Assert.That(stopped["reason"]!.GetValue<string>(), Is.EqualTo("breakpoint"));
        return client;
    }

    [Test]
    public void A_breakpoint_on_a_C_line_is_hit_next_goes_to_the_next_line_and_a_global_and_a_local_show_their_values()
    {
        using var client = RunToMarker("@work-loop");
        int loopLine = DebugProgram.LineOf("@work-loop");

        var (name, line, frame) = client.TopFrame();
        Assert.Multiple(() =>
        {
            Assert.That(name, Is.EqualTo("work"));
            Assert.That(line, Is.EqualTo(loopLine));
            Assert.That(frame["source"]!["path"]!.GetValue<string>(), Is.EqualTo(Path.Combine(DebugProgram.Directory, "debugme.c")));
        });
        var locals = client.Scope("Locals");
        var globals = client.Scope("Globals");
        Assert.Multiple(() =>
        {
            // work(buf[1], 2) with buf[1] = add(1, 10): n in R7, m in data, k in R4, arr in data.
            Assert.That(Value(locals, "n"), Is.EqualTo("11"));
            Assert.That(Value(locals, "m"), Is.EqualTo("2"));
            Assert.That(Value(locals, "k"), Is.EqualTo("0"));
            Assert.That(locals["n"]["type"]!.GetValue<string>(), Is.EqualTo("unsigned char"));
            Assert.That(Value(globals, "total"), Is.EqualTo("5"));
            Assert.That(Value(globals, "counter"), Is.EqualTo("0"));
            Assert.That(Value(globals, "big"), Is.EqualTo("100000"));
            Assert.That(Value(globals, "buf"), Is.EqualTo("{10, 11, 12, 0}"));
        });

        client.Request("next", new JsonObject { ["threadId"] = 1 });
        Assert.That(client.WaitForEvent("stopped")["reason"]!.GetValue<string>(), Is.EqualTo("step"));
        Assert.That(client.TopFrame().Line, Is.EqualTo(loopLine + 1), "next goes to bump();");
        var arr = client.Scope("Locals")["arr"];
        var elements = client.Variables(arr["variablesReference"]!.GetValue<int>());
        Assert.That(Value(elements, "[0]"), Is.EqualTo("13"), "arr[0] = n + k + m");

        client.Request("next", new JsonObject { ["threadId"] = 1 });
        client.WaitForEvent("stopped");
        Assert.That(client.TopFrame().Line, Is.EqualTo(loopLine + 2), "next runs bump() through");
        Assert.That(Value(client.Scope("Globals"), "counter"), Is.EqualTo("1"));
    }

    [Test]
    public void StepIn_enters_a_call_the_stack_shows_the_callers_and_stepOut_returns()
    {
        using var client = RunToMarker("@work-loop");
        client.Request("next", new JsonObject { ["threadId"] = 1 });
        client.WaitForEvent("stopped");

        client.Request("stepIn", new JsonObject { ["threadId"] = 1 });
        client.WaitForEvent("stopped");
        var frames = client.Request("stackTrace", new JsonObject { ["threadId"] = 1 })["stackFrames"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(frames.Select(f => f!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "bump", "work", "main" }));
            Assert.That(frames[0]!["line"]!.GetValue<int>(), Is.EqualTo(DebugProgram.LineOf("@bump-body")));
            Assert.That(frames[1]!["line"]!.GetValue<int>(), Is.EqualTo(DebugProgram.LineOf("@work-loop") + 1), "work is at its call of bump");
            Assert.That(frames[2]!["line"]!.GetValue<int>(), Is.EqualTo(DebugProgram.LineOf("@main-work")));
        });

        client.Request("stepOut", new JsonObject { ["threadId"] = 1 });
        Assert.That(client.WaitForEvent("stopped")["reason"]!.GetValue<string>(), Is.EqualTo("step"));
        var (name, _, _) = client.TopFrame();
        Assert.That(name, Is.EqualTo("work"));
        Assert.That(Value(client.Scope("Globals"), "counter"), Is.EqualTo("1"), "bump ran to its end");
    }

    [Test]
    public void A_data_breakpoint_stops_after_the_write_to_the_variable()
    {
        // From main on: SDCC's start-up code clears RAM, which is a write to every variable too.
        using var client = RunToMarker("@main-first");

        var info = client.Request("dataBreakpointInfo", new JsonObject { ["name"] = "hidden" });
        Assert.That(info["dataId"]?.GetValue<string>(), Is.Not.Null, info.ToJsonString());
        // An editor asks from the Variables view: the scope's reference and the name shown there.
        var scopes = client.Request("scopes", new JsonObject { ["frameId"] = 1 })["scopes"]!.AsArray();
        int globals = scopes.Single(x => x!["name"]!.GetValue<string>() == "Globals")!["variablesReference"]!.GetValue<int>();
        var fromView = client.Request("dataBreakpointInfo", new JsonObject { ["variablesReference"] = globals, ["name"] = "debugme::hidden" });
        Assert.That(fromView["dataId"]!.GetValue<string>(), Is.EqualTo(info["dataId"]!.GetValue<string>()));
        var set = client.Request("setDataBreakpoints", new JsonObject
        {
            ["breakpoints"] = new JsonArray(new JsonObject { ["dataId"] = info["dataId"]!.GetValue<string>(), ["accessType"] = "write" }),
        });
        Assert.That(set["breakpoints"]![0]!["verified"]!.GetValue<bool>(), Is.True);

        client.Request("continue", new JsonObject { ["threadId"] = 1 });
        var stopped = client.WaitForEvent("stopped");
        Assert.That(stopped["reason"]!.GetValue<string>(), Is.EqualTo("data breakpoint"));
        Assert.That(client.TopFrame().Name, Is.EqualTo("bump"));
        var hidden = client.Request("evaluate", new JsonObject { ["expression"] = "hidden", ["frameId"] = 1 });
        Assert.That(hidden["result"]!.GetValue<string>(), Is.EqualTo("1"), "stopped just after hidden = counter wrote 1");
    }

    [Test]
    public void Evaluate_reads_variables_SFRs_RAM_and_code_and_refuses_nonsense_with_a_message()
    {
        using var client = RunToMarker("@main-loop");
        string Evaluate(string expression) =>
            client.Request("evaluate", new JsonObject { ["expression"] = expression, ["frameId"] = 1 })["result"]!.GetValue<string>();

        var codeByte = File.ReadAllText(DebugProgram.Hex).Split('\n')[0]; // ":03000000020006F5": LJMP at 0
        Assert.Multiple(() =>
        {
            Assert.That(Evaluate("pt"), Is.EqualTo("{x=3, y=1000}"));
            Assert.That(Evaluate("total"), Is.EqualTo((5 + 13 + 14 + 15).ToString()), "total = 5 + work(11, 2)");
            Assert.That(Evaluate("ptr"), Does.StartWith("0x0019 (idata)").Or.Match(@"^0x00[0-9A-F]{2} \(idata\)"));
            Assert.That(Evaluate("SP"), Does.Match(@"^0x[0-9A-F]{2} \(\d+\)$"));
            Assert.That(Evaluate("P1"), Is.EqualTo("0xFF (255)"));
            Assert.That(Evaluate("code[0x0000]"), Is.EqualTo($"0x{codeByte.Substring(9, 2)} ({Convert.ToByte(codeByte.Substring(9, 2), 16)})"));
            Assert.That(Evaluate("debugme::hidden"), Is.EqualTo(Evaluate("counter")));
        });
        // *ADDR reads internal RAM: the address of counter, from its memory reference.
        var counter = client.Request("evaluate", new JsonObject { ["expression"] = "counter", ["frameId"] = 1 });
        string address = counter["memoryReference"]!.GetValue<string>().Split(':')[1];
        string counterValue = counter["result"]!.GetValue<string>();
        Assert.That(Evaluate("*" + address), Does.EndWith($"({counterValue})"));

        var bad = client.Send("evaluate", new JsonObject { ["expression"] = "no_such_thing", ["frameId"] = 1 });
        Assert.That(bad["success"]!.GetValue<bool>(), Is.False);
        Assert.That(bad["message"]!.GetValue<string>(), Does.Contain("'no_such_thing' is not a variable"));
        var beyond = client.Send("evaluate", new JsonObject { ["expression"] = "code[0x9999]", ["frameId"] = 1 });
        Assert.That(beyond["message"]!.GetValue<string>(), Does.Contain("beyond the end"));
    }

    [Test]
    public void Function_and_instruction_breakpoints_stop_there_and_a_step_by_instruction_moves_one_instruction()
    {
        using var client = DapTestClient.InProcess();
        client.Start(Launch());
        var set = client.Request("setFunctionBreakpoints", new JsonObject { ["breakpoints"] = new JsonArray(new JsonObject { ["name"] = "add" }) });
        string addAddress = set["breakpoints"]![0]!["instructionReference"]!.GetValue<string>();
        client.Request("configurationDone");
        Assert.That(client.WaitForEvent("stopped")["reason"]!.GetValue<string>(), Is.EqualTo("breakpoint"));
        var (name, _, frame) = client.TopFrame();
        Assert.That(name, Is.EqualTo("add"));
        Assert.That(frame["instructionPointerReference"]!.GetValue<string>(), Is.EqualTo(addAddress));

        var disassembly = client.Request("disassemble", new JsonObject { ["memoryReference"] = addAddress, ["instructionCount"] = 2 })["instructions"]!.AsArray();
        Assert.That(disassembly[0]!["symbol"]!.GetValue<string>(), Is.EqualTo("add"));
        string second = disassembly[1]!["address"]!.GetValue<string>();

        client.Request("next", new JsonObject { ["threadId"] = 1, ["granularity"] = "instruction" });
        client.WaitForEvent("stopped");
        Assert.That(client.TopFrame().Frame["instructionPointerReference"]!.GetValue<string>(), Is.EqualTo(second));

        // The function breakpoint removed, an instruction breakpoint at the start of work instead.
        client.Request("setFunctionBreakpoints", new JsonObject { ["breakpoints"] = new JsonArray() });
        var pc = client.Request("evaluate", new JsonObject { ["expression"] = "PC" });
        Assert.That(pc["result"]!.GetValue<string>(), Is.EqualTo(second));
        var work = client.Request("setFunctionBreakpoints", new JsonObject { ["breakpoints"] = new JsonArray(new JsonObject { ["name"] = "work" }) });
        string workAddress = work["breakpoints"]![0]!["instructionReference"]!.GetValue<string>();
        client.Request("setFunctionBreakpoints", new JsonObject { ["breakpoints"] = new JsonArray() });
        client.Request("setInstructionBreakpoints", new JsonObject { ["breakpoints"] = new JsonArray(new JsonObject { ["instructionReference"] = workAddress }) });
        client.Request("continue", new JsonObject { ["threadId"] = 1 });
        client.WaitForEvent("stopped");
        Assert.That(client.TopFrame().Name, Is.EqualTo("work"), "add was not stopped in again: its breakpoint is gone");
    }

    [Test]
    public void ReadMemory_returns_code_and_RAM_bytes()
    {
        using var client = RunToMarker("@main-loop");
        var code = client.Request("readMemory", new JsonObject { ["memoryReference"] = "code:0x0000", ["count"] = 3 });
        var bytes = Convert.FromBase64String(code["data"]!.GetValue<string>());
        Assert.That(bytes[0], Is.EqualTo(0x02), "the reset vector is an LJMP");

        var pt = client.Request("evaluate", new JsonObject { ["expression"] = "pt", ["frameId"] = 1 });
        var ram = client.Request("readMemory", new JsonObject { ["memoryReference"] = pt["memoryReference"]!.GetValue<string>(), ["count"] = 3 });
        Assert.That(Convert.FromBase64String(ram["data"]!.GetValue<string>()), Is.EqualTo(new byte[] { 3, 1000 & 0xFF, 1000 >> 8 }));
    }

    [Test]
    public void Pause_stops_a_running_program()
    {
        using var client = DapTestClient.InProcess();
        client.Start(Launch());
        client.Request("configurationDone");
        Thread.Sleep(100);
        client.Request("pause", new JsonObject { ["threadId"] = 1 });
        Assert.That(client.WaitForEvent("stopped")["reason"]!.GetValue<string>(), Is.EqualTo("pause"));
        Assert.That(client.TopFrame().Name, Is.AnyOf("main", "bump", "timer0_isr"), "the program loops in main calling bump");
    }

    [Test]
    public void Bad_launch_arguments_get_an_error_response_naming_the_problem_and_the_adapter_carries_on()
    {
        using var client = DapTestClient.InProcess();
        client.Request("initialize", new JsonObject { ["adapterID"] = "calendar51" });
        string missing = Path.Combine(DebugProgram.Directory, "missing.ihx");
        var cases = new (JsonObject Arguments, string Message)[]
        {
            (new JsonObject(), "'program' (the Intel HEX file to debug) is required"),
            (new JsonObject { ["program"] = missing }, $"program '{missing}' does not exist"),
            (new JsonObject { ["program"] = DebugProgram.Hex, ["board"] = "no-such-board" }, "board: "),
            (new JsonObject { ["program"] = DebugProgram.Hex, ["time"] = "yesterday" }, "time 'yesterday' is not 'now' or YYYY-MM-DDTHH:MM:SS"),
            (new JsonObject { ["program"] = DebugProgram.Hex, ["part"] = "z80" }, "part 'z80' is not one of"),
            (new JsonObject { ["program"] = DebugProgram.Hex, ["symbols"] = missing + ".cdb" }, "no such symbol file"),
            (new JsonObject { ["program"] = DebugProgram.Hex, ["stopOnEntry"] = "yes" }, "stopOnEntry '\"yes\"' is not true or false"),
            (new JsonObject { ["program"] = 42 }, "'program' must be a string"),
        };
        foreach (var (arguments, message) in cases)
        {
            var response = client.Send("launch", arguments);
            Assert.Multiple(() =>
            {
                Assert.That(response["success"]!.GetValue<bool>(), Is.False, arguments.ToJsonString());
                Assert.That(response["message"]!.GetValue<string>(), Does.StartWith("launch: ").And.Contain(message));
            });
        }
        var badHex = Path.Combine(DebugProgram.Directory, "bad.ihx");
        File.WriteAllText(badHex, ":03000000020100FB\n:00000001FF\n");
        var hexResponse = client.Send("launch", new JsonObject { ["program"] = badHex });
        Assert.That(hexResponse["message"]!.GetValue<string>(), Does.Contain($"{badHex}:1: checksum"));

        var early = client.Send("stackTrace", new JsonObject { ["threadId"] = 1 });
        Assert.That(early["message"]!.GetValue<string>(), Does.Contain("send 'launch' first"));

        // After all that, a good launch still works.
        client.Request("launch", Launch(stopOnEntry: true));
        client.WaitForEvent("initialized");
        client.Request("configurationDone");
        Assert.That(client.WaitForEvent("stopped")["reason"]!.GetValue<string>(), Is.EqualTo("entry"));
        Assert.That(client.TopFrame().Frame["instructionPointerReference"]!.GetValue<string>(), Is.EqualTo("0x0000"));
    }

    [Test]
    public void A_broken_frame_ends_the_adapter_with_exit_code_2_and_a_message()
    {
        using var client = DapTestClient.InProcess();
        client.Request("initialize");
        var adapter = client.Adapter!;
        client.SendRaw("Content-Length: banana\r\n\r\n{}");
        Assert.That(adapter.Wait(TimeSpan.FromSeconds(10)), Is.True, "the adapter returned");
        Assert.That(adapter.Result, Is.EqualTo(2));
        Assert.That(client.Log.ToString(), Does.Contain("Content-Length 'banana'"));
    }

    [Test]
    public void The_LCD_text_comes_as_output_events_when_it_changes()
    {
        string firmware = Path.Combine(RepositoryFiles.Root, "firmware", "dist", "calendar51.hex");
        using var client = DapTestClient.InProcess();
        client.Start(new JsonObject { ["program"] = firmware, ["time"] = "2030-01-02T03:04:05" });
        client.Request("configurationDone");
        string output = "";
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!output.Contains("2030-01-02") && DateTime.UtcNow < deadline)
        {
            output = client.WaitForEvent("output")["output"]!.GetValue<string>();
        }
        Assert.That(output, Does.StartWith("LCD |2030-01-02"));
        // At max speed a snapshot comes every 10 ms of host time, many virtual seconds apart.
        Assert.That(output, Does.Match(@"\nLCD \|03:\d\d:\d\d "));
        client.Request("disconnect");
    }

    [Test]
    public void The_debug_adapter_command_speaks_DAP_on_stdin_and_stdout()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { EmulatorProcess.CalendarDll, "debug-adapter" },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        try
        {
            using (var client = new DapTestClient(process.StandardOutput.BaseStream, process.StandardInput.BaseStream))
            {
                client.Start(Launch());
                client.Request("setBreakpoints", SourceBreakpoints(DebugProgram.LineOf("@add-body")));
                client.Request("configurationDone");
                Assert.That(client.WaitForEvent("stopped")["reason"]!.GetValue<string>(), Is.EqualTo("breakpoint"));
                Assert.That(client.TopFrame().Line, Is.EqualTo(DebugProgram.LineOf("@add-body")));
                client.Request("disconnect");
            }
            Assert.That(process.WaitForExit(10_000), Is.True, "the adapter exits after disconnect");
            Assert.That(process.ExitCode, Is.EqualTo(0), process.StandardError.ReadToEnd());
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    [Test]
    public void Next_from_the_entry_runs_the_start_up_code_to_the_first_C_line()
    {
        using var client = DapTestClient.InProcess();
        client.Start(Launch(stopOnEntry: true));
        client.Request("configurationDone");
        Assert.That(client.WaitForEvent("stopped")["reason"]!.GetValue<string>(), Is.EqualTo("entry"));

        client.Request("next", new JsonObject { ["threadId"] = 1 });
        Assert.That(client.WaitForEvent("stopped")["reason"]!.GetValue<string>(), Is.EqualTo("step"));
        var (_, line, frame) = client.TopFrame();
        // The first C code to run is the initializer of total (SDCC's start-up runs it before main).
        var lines = File.ReadAllLines(DebugProgram.SourcePath);
        Assert.That(lines[line - 1], Does.Contain("int total = 5;"));
        Assert.That(frame["source"]!["name"]!.GetValue<string>(), Is.EqualTo("debugme.c"));
    }

    [Test]
    public void A_breakpoint_in_an_interrupt_handler_shows_the_interrupted_code_below_it()
    {
        using var client = RunToMarker("@isr-body");
        var frames = client.Request("stackTrace", new JsonObject { ["threadId"] = 1 })["stackFrames"]!.AsArray();
        var names = frames.Select(f => f!["name"]!.GetValue<string>()).ToList();
        Assert.That(names[0], Is.EqualTo("timer0_isr"));
        Assert.That(frames[0]!["line"]!.GetValue<int>(), Is.EqualTo(DebugProgram.LineOf("@isr-body")));
        Assert.That(names.Skip(1), Is.EqualTo(new[] { "main" }).Or.EqualTo(new[] { "bump", "main" }), "the handler cut into main's loop or bump");
    }

    [Test]
    public void Steps_do_not_stop_inside_an_interrupt_handler_that_cuts_in()
    {
        using var client = RunToMarker("@main-loop");
        client.Request("setBreakpoints", SourceBreakpoints());
        int Ticks() => int.Parse(client.Request("evaluate", new JsonObject { ["expression"] = "ticks" })["result"]!.GetValue<string>());
        int ticksBefore = Ticks();
        var seen = new List<string>();
        // Step (over and in, alternately) until the timer interrupt has run a few times meanwhile.
        for (int i = 0; i < 2000 && Ticks() < ticksBefore + 3; i++)
        {
            client.Request(i % 2 == 0 ? "next" : "stepIn", new JsonObject { ["threadId"] = 1 });
            client.WaitForEvent("stopped");
            seen.Add(client.TopFrame().Name);
        }
        Assert.That(Ticks(), Is.GreaterThanOrEqualTo(ticksBefore + 3), "the timer interrupt ran during the steps");
        Assert.That(seen, Has.None.EqualTo("timer0_isr"));
        Assert.That(seen, Has.Some.EqualTo("bump"), "stepIn enters bump");
    }

    [Test]
    public async Task With_web_the_page_is_served_and_its_keys_reach_the_board_being_debugged()
    {
        using var client = DapTestClient.InProcess();
        client.Start(new JsonObject { ["program"] = TestPrograms.Hex("keys_lcd"), ["web"] = 0 });
        client.Request("configurationDone");
        string Lcd(Func<string, bool> until)
        {
            for (int i = 0; i < 200; i++)
            {
                string text = client.WaitForEvent("output")["output"]!.GetValue<string>();
                if (until(text)) return text;
            }
            throw new AssertionException("the LCD never showed what was expected; events: " + string.Join(" | ", client.SeenEvents.Select(e => e.ToJsonString())));
        }
        // The launch said where the page is, before 'initialized'.
        string launchOutput = string.Join("", client.SeenEvents.Where(e => e["event"]!.GetValue<string>() == "output").Select(e => e["body"]!["output"]!.GetValue<string>()));
        string url = System.Text.RegularExpressions.Regex.Match(launchOutput, @"web view: (http://127\.0\.0\.1:\d+/)").Groups[1].Value;
        Assert.That(url, Is.Not.Empty, launchOutput);
        Lcd(t => t.StartsWith("LCD |KEYS ----"));

        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
        (await http.PostAsync("api/keys/K4/press", null)).EnsureSuccessStatusCode();
        Assert.That(Lcd(t => t.StartsWith("LCD |KEYS ---4")), Does.StartWith("LCD |KEYS ---4"));

        client.Request("pause", new JsonObject { ["threadId"] = 1 });
        Assert.That(client.WaitForEvent("stopped")["reason"]!.GetValue<string>(), Is.EqualTo("pause"));
        string state = await http.GetStringAsync("api/state");
        Assert.That(state, Does.Contain("KEYS ---4"), "the page still answers while the program is stopped");
        client.Request("disconnect");
    }

    [Test]
    public void Without_symbols_lines_are_refused_but_instructions_step_and_addresses_break()
    {
        string firmware = Path.Combine(RepositoryFiles.Root, "firmware", "dist", "calendar51.hex");
        using var client = DapTestClient.InProcess();
        client.Start(new JsonObject { ["program"] = firmware, ["stopOnEntry"] = true, ["time"] = "2030-01-02T03:04:05" });
        var lines = client.Request("setBreakpoints", new JsonObject
        {
            ["source"] = new JsonObject { ["path"] = "main.c" },
            ["breakpoints"] = new JsonArray(new JsonObject { ["line"] = 10 }),
        })["breakpoints"]![0]!;
        Assert.That(lines["verified"]!.GetValue<bool>(), Is.False);
        Assert.That(lines["message"]!.GetValue<string>(), Does.Contain("no symbols"));
        client.Request("configurationDone");
        client.WaitForEvent("stopped");

        // The reset vector's LJMP: one step lands on its target.
        var first = client.Request("disassemble", new JsonObject { ["memoryReference"] = "0x0000", ["instructionCount"] = 1 })["instructions"]![0]!;
        string target = "0x" + first["instruction"]!.GetValue<string>().Split(' ')[1].TrimEnd('h').PadLeft(4, '0');
        client.Request("next", new JsonObject { ["threadId"] = 1 });
        client.WaitForEvent("stopped");
        var (name, line, frame) = client.TopFrame();
        Assert.That(frame["instructionPointerReference"]!.GetValue<string>(), Is.EqualTo(target.ToUpperInvariant().Replace("0X", "0x")));
        Assert.That((name, line), Is.EqualTo((target.ToUpperInvariant().Replace("0X", "0x"), 0)), "no function names or lines without symbols");
    }
}
