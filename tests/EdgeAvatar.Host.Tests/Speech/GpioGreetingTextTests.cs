using EdgeAvatar.Host.Run;
using EdgeAvatar.Host.Service;

namespace EdgeAvatar.Host.Tests.Speech;

public sealed class GpioGreetingTextTests
{
    [Fact]
    public async Task A_button_press_says_the_greeting_text_and_logs_a_failure_to_say_it()
    {
        var said = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new StringWriter();
        var actions = new RunGpioActions(new JournalLogger(log, LogLevel.Info, journalFormat: false), null,
            text => { said.TrySetResult(text); return Task.CompletedTask; }, "Hello, welcome!");
        actions.Button(null);
        Assert.Equal("Hello, welcome!", await said.Task.WaitAsync(TimeSpan.FromSeconds(10)));

        var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var refusing = new RunGpioActions(new JournalLogger(log, LogLevel.Info, journalFormat: false), null,
            _ => { failed.TrySetResult(); throw new Common.EdgeAvatarException(Common.ExitCodes.Unavailable, "no eSpeak"); }, "Hi");
        refusing.Button(null);
        await failed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        for (int i = 0; i < 100 && !log.ToString().Contains("no eSpeak", StringComparison.Ordinal); i++) await Task.Delay(20);
        Assert.Contains("greeting text not said: no eSpeak", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_greeting_text_the_button_is_only_logged()
    {
        bool called = false;
        var log = new StringWriter();
        new RunGpioActions(new JournalLogger(log, LogLevel.Info, journalFormat: false), null, _ => { called = true; return Task.CompletedTask; }).Button(null);
        Assert.False(called);
        Assert.Contains("button pressed", log.ToString(), StringComparison.Ordinal);
    }
}
