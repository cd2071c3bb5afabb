namespace EdgeAvatar.Host.Configuration;

/// <summary>A value that does not parse; the parser adds the file and line number around the message.</summary>
internal sealed class ConfigValueException(string message) : Exception(message);
