using EdgeDigits.Simulator.Recognition;
using Microsoft.AspNetCore.Builder;

namespace EdgeDigits.Simulator.Tests;

/// <summary>
/// The real simulator (Kestrel, real limits) started in-process on a free 127.0.0.1 port, shared by the tests of a
/// collection, serving the shipped model (with IL instruction counting, as `dotnet run` does).
/// </summary>
public sealed class SimulatorServer : IAsyncLifetime
{
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public ModelHost Model { get; } = ModelHost.Shipped();

    public async Task InitializeAsync()
    {
        _app = SimulatorHost.Build(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"], Model);
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Urls.Single());
        Assert.Equal("127.0.0.1", BaseAddress.Host);
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_app is not null)
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(stopping.Token);
            await _app.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SimulatorCollection : ICollectionFixture<SimulatorServer>
{
    public const string Name = "simulator server";
}
