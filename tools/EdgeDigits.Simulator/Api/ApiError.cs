namespace EdgeDigits.Simulator.Api;

/// <summary>Body of every 4xx/5xx answer of the JSON API.</summary>
/// <param name="Error">What is wrong, in one sentence.</param>
public sealed record ApiError(string Error);
