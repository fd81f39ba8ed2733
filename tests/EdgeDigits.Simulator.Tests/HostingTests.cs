using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeDigits.Simulator.Tests;

public sealed class HostingTests
{
    [Fact]
    public async Task Without_urls_it_binds_to_loopback_port_5000()
    {
        await using WebApplication app = SimulatorHost.Build([], TestModel.Random());
        Assert.Equal("http://127.0.0.1:5000", app.Services.GetRequiredService<IConfiguration>()["urls"]);
    }

    [Fact]
    public async Task The_urls_argument_is_honoured()
    {
        await using WebApplication app = SimulatorHost.Build(["--urls", "http://127.0.0.1:5123"], TestModel.Random());
        Assert.Equal("http://127.0.0.1:5123", app.Services.GetRequiredService<IConfiguration>()["urls"]);
    }
}
