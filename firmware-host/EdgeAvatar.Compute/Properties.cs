using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("EdgeAvatar.Compute.Tests")]
