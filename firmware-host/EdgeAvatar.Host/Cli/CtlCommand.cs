using System.CommandLine;
using System.Text.Json;
using EdgeAvatar.Common;
using EdgeAvatar.Common.Cli;
using EdgeAvatar.Host.Control;

namespace EdgeAvatar.Host.Cli;

/// <summary>
/// <c>edgeavatar ctl [--socket PATH] &lt;request&gt;</c>: one request to the running daemon's control socket (default
/// /run/edgeavatar/control.sock); the JSON reply on stdout when the daemon did it, its reason on stderr when not. The request is a JSON object, or a shorthand:
/// <c>status</c>, <c>stop</c>, <c>reload</c>, <c>speak FILE</c> (made absolute), <c>say [--lang L] TEXT…</c> (the words joined by spaces), <c>set background plate|#rrggbb|PICTURE</c>,
/// <c>set blink on|off</c>. Exit codes: 0 the daemon did it; 65 the daemon refused (its reason on stderr); 64 a bad
/// request; 69 no daemon on the socket (or no permission: the socket is 0660, group edgeavatar); 75 no reply in time.
/// </summary>
public static class CtlCommand
{
    public static Command Create()
    {
        var socket = new Option<string>("--socket")
        {
            Description = "The daemon's control socket.", DefaultValueFactory = _ => ControlClient.DefaultSocketPath,
        };
        var request = new Argument<string[]>("request")
        {
            Description = "status | stop | reload | speak FILE | say [--lang L] TEXT | set background VALUE | set blink on|off | a JSON object",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("ctl", "Send one request to the running daemon's control socket.") { socket, request };
        command.SetGuardedAction(HostCommandLine.ProgramName, (parse, ct) =>
        {
            string json = ToJson(parse.GetValue(request)!);
            ControlReply reply = ControlClient.SendAsync(parse.GetValue(socket)!, json, cancellationToken: ct).GetAwaiter().GetResult();
            if (!reply.Ok) throw new EdgeAvatarException(ExitCodes.DataError, $"the daemon refused: {reply.Error}");
            Console.Out.WriteLine(reply.Json);
            return 0;
        });
        return command;
    }

    /// <summary>The request as one JSON object; shorthands are spelled out, anything else is passed through as JSON.</summary>
    public static string ToJson(IReadOnlyList<string> words)
    {
        static string Obj(params (string Key, object Value)[] fields)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                foreach (var (key, value) in fields)
                {
                    if (value is bool b) w.WriteBoolean(key, b);
                    else w.WriteString(key, (string)value);
                }
                w.WriteEndObject();
            }
            return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
        return words switch
        {
            [var one] when one.TrimStart().StartsWith('{') => one,
            ["status" or "stop" or "reload"] => Obj(("cmd", words[0])),
            ["speak", var file] => Obj(("cmd", "speak"), ("file", Path.GetFullPath(file))),
            ["say", "--lang", var language, _, ..] => Obj(("cmd", "say"), ("text", string.Join(' ', words.Skip(3))), ("lang", language)),
            ["say", var first, ..] when first != "--lang" => Obj(("cmd", "say"), ("text", string.Join(' ', words.Skip(1)))),
            ["set", "background", var value] => Obj(("cmd", "set"), ("background", value)),
            ["set", "blink", "on" or "true"] => Obj(("cmd", "set"), ("blink", true)),
            ["set", "blink", "off" or "false"] => Obj(("cmd", "set"), ("blink", false)),
            _ => throw new EdgeAvatarException(ExitCodes.Usage,
                $"unknown control request '{string.Join(' ', words)}': use status, stop, reload, speak FILE, say [--lang L] TEXT, set background VALUE, set blink on|off, or a JSON object."),
        };
    }
}
