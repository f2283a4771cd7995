namespace PlexQueueServer.Decisions;

/// <summary>Codes and texts as real Plex Media Server sends them.</summary>
public static class DecisionCodeTexts
{
    public const int DirectPlayOk = 1000;
    public const string DirectPlayOkText = "Direct play OK.";
    public const int ConversionOk = 1001;
    public const string ConversionOkText = "Direct play not available; Conversion OK.";
    public const int NothingAvailable = 2000;
    public const string NothingAvailableText = "Neither direct play nor conversion is available.";
    public const int CannotConstructRequest = 2004;
    public const string CannotConstructRequestText = "Could not construct decision request";
    public const int DirectPlayNotAvailable = 3000;
    public const string DirectPlayPrefix = "App cannot direct play this item. ";
    public const int NoConversionProfile = 4005;
    public const int EncoderNotFound = 4007;
    public const string ConversionPrefix = "Cannot convert this item. ";

    /// <summary>The decision for a key that names no library item (the item ends in decisionError).</summary>
    public static PlaybackDecision UnknownKey(string container = "mp4") => new()
    {
        Codes = new DecisionCodes { GeneralCode = CannotConstructRequest, GeneralText = CannotConstructRequestText },
        Method = PlaybackMethod.None,
        Container = container,
    };
}
