namespace EdgeAvatar.Prepare.Tests.Landmarks;

/// <summary>Shares one <see cref="FaceModelsFixture"/> between the detector, landmark and tracker tests.</summary>
[CollectionDefinition(Name)]
public sealed class FaceModelsCollection : ICollectionFixture<FaceModelsFixture>
{
    public const string Name = "Face models";
}
