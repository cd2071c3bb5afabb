using EdgeAvatar.Common;
using EdgeAvatar.Host.Configuration;
using EdgeAvatar.Host.Service;

namespace EdgeAvatar.Host.Tests.Configuration;

public sealed class DaemonConfigTests
{
    private static DaemonConfig Parse(params string[] lines) => DaemonConfig.Parse(string.Join('\n', lines), "test.conf");

    private static EdgeAvatarException Rejects(params string[] lines)
        => Assert.Throws<EdgeAvatarException>(() => Parse(lines));

    [Fact]
    public void An_empty_file_gives_the_documented_defaults()
    {
        DaemonConfig config = Parse("# nothing set", "", "   ");

        Assert.Equal("/var/lib/edgeavatar/current/model.eavm", config.ModelPath);
        Assert.Equal(new EndpointSpec("alsa", "default"), config.Audio);
        Assert.Equal(new EndpointSpec("drm", null), config.Output);
        Assert.Null(config.Play);
        Assert.Equal((null, null, 25), (config.Width, config.Height, config.Fps)); // null: the model's own size
        Assert.Equal("/run/edgeavatar/control.sock", config.ControlSocket);
        Assert.Equal(LogLevel.Info, config.LogLevel);
        Assert.Equal("gpiochip0", config.Gpio.Chip);
        Assert.False(config.Gpio.AnyLineWired);
    }

    [Fact]
    public void Every_key_is_parsed_into_its_typed_setting()
    {
        DaemonConfig config = Parse(
            "model = /srv/models/anna.eavm",
            "audio = unix:/run/edgeavatar/tts.sock",
            "output = mp4:/tmp/x.mp4",
            "play = alsa:plughw:CARD=Audio,DEV=0",
            "width = 640",
            "height = 360",
            "fps = 25",
            "gpu = RTX",
            "lookahead_ms = 120",
            "background = #1A2B3C",
            "blink = off",
            "audio.live_phones = false",
            "log.level = debug",
            "control.socket = /run/ea/ctl.sock",
            "gpio.chip = /dev/gpiochip1",
            "gpio.presence.line = 12",
            "gpio.presence.active_low = yes",
            "gpio.button.line = 13",
            "gpio.button.active_low = false",
            "gpio.led.line = 14",
            "gpio.led.active_low = true",
            "gpio.debounce_ms = 15",
            "gpio.idle_timeout_s = 90",
            "gpio.greeting = /usr/share/edgeavatar/hello.wav");

        Assert.Equal("/srv/models/anna.eavm", config.ModelPath);
        Assert.Equal(new EndpointSpec("unix", "/run/edgeavatar/tts.sock"), config.Audio);
        Assert.Equal(new EndpointSpec("mp4", "/tmp/x.mp4"), config.Output);
        Assert.Equal("alsa:plughw:CARD=Audio,DEV=0", config.Play);
        Assert.Equal((640, 360, 25), (config.Width, config.Height, config.Fps));
        Assert.Equal("RTX", config.Gpu);
        Assert.Equal(TimeSpan.FromMilliseconds(120), config.Lookahead);
        Assert.Equal("#1a2b3c", config.Background);
        Assert.False(config.Blink);
        Assert.False(config.LivePhones);
        Assert.Equal(LogLevel.Debug, config.LogLevel);
        Assert.Equal("/run/ea/ctl.sock", config.ControlSocket);
        Assert.Equal(new GpioSettings
        {
            Chip = "/dev/gpiochip1",
            PresenceLine = 12,
            PresenceActiveLow = true,
            ButtonLine = 13,
            ButtonActiveLow = false,
            LedLine = 14,
            LedActiveLow = true,
            Debounce = TimeSpan.FromMilliseconds(15),
            IdleTimeout = TimeSpan.FromSeconds(90),
            GreetingFile = "/usr/share/edgeavatar/hello.wav",
        }, config.Gpio);
        Assert.True(config.Gpio.AnyLineWired);
    }

    [Theory]
    [InlineData("alsa:plughw:CARD=USB,DEV=0", "alsa", "plughw:CARD=USB,DEV=0")]
    [InlineData("none", "none", null)]
    public void Audio_sources_keep_everything_after_the_first_colon(string value, string scheme, string? argument)
        => Assert.Equal(new EndpointSpec(scheme, argument), Parse($"audio = {value}").Audio);

    [Theory]
    [InlineData("drm:HDMI-A-1", "drm", "HDMI-A-1")]
    [InlineData("fbdev", "fbdev", "/dev/fb0")]
    [InlineData("fbdev:/dev/fb1", "fbdev", "/dev/fb1")]
    public void Output_sinks_are_parsed_with_fbdev_defaulting_to_fb0(string value, string scheme, string? argument)
        => Assert.Equal(new EndpointSpec(scheme, argument), Parse($"output = {value}").Output);

    [Fact]
    public void Gpio_chip_none_disables_gpio_even_with_lines_wired()
    {
        GpioSettings gpio = Parse("gpio.chip = none", "gpio.button.line = 3").Gpio;

        Assert.Null(gpio.Chip);
        Assert.False(gpio.AnyLineWired);
    }

    [Fact]
    public void An_empty_greeting_means_none_but_other_keys_need_a_value()
    {
        Assert.Null(Parse("gpio.greeting =").Gpio.GreetingFile);

        EdgeAvatarException e = Rejects("fps =");
        Assert.Equal("test.conf: line 1: 'fps' needs a value", e.Message);
    }

    [Fact]
    public void An_unknown_key_is_a_config_error_naming_the_line_and_the_likely_key()
    {
        EdgeAvatarException e = Rejects("# header", "", "fsp = 25");

        Assert.Equal(ExitCodes.Config, e.ExitCode);
        Assert.Equal("test.conf: line 3: unknown key 'fsp' (did you mean 'fps'?)", e.Message);
    }

    [Fact]
    public void Keys_are_case_sensitive()
    {
        EdgeAvatarException e = Rejects("FPS = 25");

        Assert.Contains("unknown key 'FPS' (did you mean 'fps'?)", e.Message);
    }

    [Theory]
    [InlineData("fps = 0", "fps can only be 25 (one frame per 40 ms of audio")]
    [InlineData("fps = 30", "fps can only be 25 (one frame per 40 ms of audio")]
    [InlineData("fps = 25.0", "fps can only be 25 (one frame per 40 ms of audio")]
    [InlineData("width = 513", "width must be even")]
    [InlineData("height = 8", "height must be an integer from 16 to 4096")]
    [InlineData("model = current/model.eavm", "model must be an absolute path")]
    [InlineData("audio = pulse:default", "audio must be alsa:<pcm>")]
    [InlineData("audio = unix:tts.sock", "audio must be alsa:<pcm>")]
    [InlineData("output = mp4:out.mp4", "output must be drm")]
    [InlineData("output = hdmi", "output must be drm")]
    [InlineData("play = pulse:default", "play must be none or alsa:<pcm>")]
    [InlineData("play = alsa:", "play must be none or alsa:<pcm>")]
    [InlineData("blink = maybe", "blink must be true or false")]
    [InlineData("audio.live_phones = sometimes", "audio.live_phones must be true or false")]
    [InlineData("background = #12345", "background must be model, a colour #rrggbb")]
    [InlineData("background = #12345g", "background must be model, a colour #rrggbb")]
    [InlineData("log.level = verbose", "log.level must be debug, info, warning, error or critical")]
    [InlineData("gpio.button.line = -2", "gpio.button.line must be an integer from -1 to 4095")]
    [InlineData("gpio.debounce_ms = 5000", "gpio.debounce_ms must be an integer from 0 to 1000")]
    [InlineData("gpio.idle_timeout_s = 0", "gpio.idle_timeout_s must be an integer from 1 to 86400")]
    public void A_bad_value_is_a_config_error_saying_what_is_allowed(string line, string expected)
    {
        EdgeAvatarException e = Rejects("gpu = auto", line);

        Assert.Equal(ExitCodes.Config, e.ExitCode);
        Assert.StartsWith("test.conf: line 2: " + expected, e.Message);
    }

    [Fact]
    public void A_key_set_twice_is_an_error_pointing_at_the_first()
    {
        EdgeAvatarException e = Rejects("fps = 25", "width = 512", "fps = 30");

        Assert.Equal("test.conf: line 3: 'fps' is already set on line 1", e.Message);
    }

    [Fact]
    public void A_line_without_equals_is_an_error()
    {
        EdgeAvatarException e = Rejects("fps 25");

        Assert.Equal("test.conf: line 1: expected 'key = value', got 'fps 25'", e.Message);
    }

    [Fact]
    public void Windows_line_endings_and_surrounding_spaces_are_accepted()
    {
        DaemonConfig config = DaemonConfig.Parse("  fps=25  \r\nwidth =  640\r\n", "crlf.conf");

        Assert.Equal((25, 640), (config.Fps, config.Width));
    }

    [Fact]
    public void A_missing_file_is_a_config_error_naming_the_path()
    {
        string path = Path.Combine(Path.GetTempPath(), $"edgeavatar-missing-{Guid.NewGuid():N}.conf");

        var e = Assert.Throws<EdgeAvatarException>(() => DaemonConfig.Load(path));

        Assert.Equal(ExitCodes.Config, e.ExitCode);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Load_reports_errors_with_the_file_path()
    {
        string path = Path.Combine(Path.GetTempPath(), $"edgeavatar-{Guid.NewGuid():N}.conf");
        File.WriteAllText(path, "fps = 25\nblink = sometimes\n");
        try
        {
            var e = Assert.Throws<EdgeAvatarException>(() => DaemonConfig.Load(path));
            Assert.StartsWith($"{path}: line 2: blink must be true or false", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_config_file_over_the_size_cap_is_refused_with_78_without_reading_it_all()
    {
        string path = Path.Combine(Path.GetTempPath(), $"edgeavatar-big-{Guid.NewGuid():N}.conf");
        using (var f = File.Create(path))
            f.SetLength(DaemonConfig.MaxFileBytes + 1); // a sparse file: valid text would be as refused
        try
        {
            var e = Assert.Throws<EdgeAvatarException>(() => DaemonConfig.Load(path));
            Assert.Equal(ExitCodes.Config, e.ExitCode);
            Assert.Contains("larger than", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Config_width_and_height_become_the_run_size_and_size_overrides_them()
    {
        DaemonConfig config = Parse("width = 64", "height = 48");

        Assert.Equal((64, 48), EdgeAvatar.Host.Run.RunOptions.SizeFrom(null, config));
        Assert.Equal((32, 32), EdgeAvatar.Host.Run.RunOptions.SizeFrom(32, config));
        Assert.Null(EdgeAvatar.Host.Run.RunOptions.SizeFrom(null, Parse("blink = on")));
        Assert.Equal(ExitCodes.Config, Assert.Throws<EdgeAvatarException>(() => EdgeAvatar.Host.Run.RunOptions.SizeFrom(null, Parse("width = 64"))).ExitCode);
    }
}
