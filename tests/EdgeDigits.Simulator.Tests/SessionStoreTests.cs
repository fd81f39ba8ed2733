using EdgeDigits.Simulator.Api;
using EdgeDigits.Simulator.Sessions;

namespace EdgeDigits.Simulator.Tests;

public sealed class SessionStoreTests
{
    private readonly ManualClock _clock = new();

    [Fact]
    public void The_same_id_returns_the_same_state()
    {
        var store = NewStore(capacity: 4);
        object first = store.GetOrCreate("session-a", out bool created);
        Assert.True(created);
        Assert.Same(first, store.GetOrCreate("session-a", out created));
        Assert.False(created);
    }

    [Fact]
    public void Beyond_capacity_the_least_recently_used_session_is_evicted()
    {
        var store = NewStore(capacity: 2);
        object a = store.GetOrCreate("session-a", out _);
        store.GetOrCreate("session-b", out _);
        store.GetOrCreate("session-a", out _);   // a is now more recent than b
        store.GetOrCreate("session-c", out _);   // evicts b
        Assert.Equal(2, store.Count);
        Assert.Equal(1, store.EvictedCount);
        Assert.Same(a, store.GetOrCreate("session-a", out bool created));
        Assert.False(created);
        store.GetOrCreate("session-b", out created);
        Assert.True(created);
    }

    [Fact]
    public void Idle_sessions_are_dropped()
    {
        var store = NewStore(capacity: 8);
        object a = store.GetOrCreate("session-a", out _);
        _clock.Advance(TimeSpan.FromMinutes(31));
        Assert.NotSame(a, store.GetOrCreate("session-a", out bool created));
        Assert.True(created);
        Assert.Equal(1, store.EvictedCount);
    }

    [Fact]
    public void Many_sessions_never_exceed_capacity()
    {
        var store = NewStore(capacity: 3);
        for (int i = 0; i < 100; i++)
        {
            store.GetOrCreate("session-" + i, out _);
        }

        Assert.Equal(3, store.Count);
        Assert.Equal(97, store.EvictedCount);
    }

    /// <summary>80 new sessions within 250 ms used to evict a board in use (64-session cap, least recent first).</summary>
    [Fact]
    public void A_burst_of_new_sessions_does_not_evict_a_board_in_use()
    {
        var store = new SessionStore<object>(64, TimeSpan.FromMinutes(30), () => new object(), _clock, TimeSpan.FromMinutes(2));
        object active = store.GetOrCreate("active-board", out _);
        int refused = 0;
        for (int i = 0; i < 80; i++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(3));   // 80 in 240 ms
            try
            {
                store.GetOrCreate("burst-" + i.ToString("D4"), out _);
            }
            catch (SessionsFullException e)
            {
                refused++;
                Assert.StartsWith("All 64 simulated boards are in use", e.Message);
                Assert.True(e.RetryAfter > TimeSpan.Zero && e.RetryAfter <= TimeSpan.FromMinutes(2));
            }

            if (i % 10 == 0)
            {
                Assert.Same(active, store.GetOrCreate("active-board", out bool created));   // the page keeps polling
                Assert.False(created);
            }
        }

        Assert.Equal(17, refused);   // 63 free slots, then every new one is refused
        Assert.Equal(0, store.EvictedCount);
        Assert.Equal(17, store.RefusedCount);
        Assert.Same(active, store.GetOrCreate("active-board", out _));
    }

    [Fact]
    public void A_board_unused_for_the_grace_period_is_evicted_for_a_new_one()
    {
        var store = new SessionStore<object>(2, TimeSpan.FromMinutes(30), () => new object(), _clock, TimeSpan.FromMinutes(2));
        store.GetOrCreate("session-a", out _);
        _clock.Advance(TimeSpan.FromSeconds(30));
        object b = store.GetOrCreate("session-b", out _);
        Assert.Throws<SessionsFullException>(() => store.GetOrCreate("session-c", out _));
        _clock.Advance(TimeSpan.FromSeconds(91));   // a: 121 s unused, b: 91 s
        store.GetOrCreate("session-c", out bool created);
        Assert.True(created);
        Assert.Equal(1, store.EvictedCount);
        Assert.Same(b, store.GetOrCreate("session-b", out created));
        Assert.False(created);
    }

    [Theory]
    [InlineData(null, "'session' is missing: send the page's session id.")]
    [InlineData("", "'session' is missing: send the page's session id.")]
    [InlineData("short", "'session' must be 8..64 characters long; got 5.")]
    [InlineData("session/../../etc", "'session' may hold only letters, digits, '-' and '_'.")]
    public void Malformed_ids_are_refused(string? id, string message)
    {
        var store = NewStore(capacity: 2);
        Assert.Equal(message, Assert.Throws<BadRequestException>(() => store.GetOrCreate(id, out _)).Message);
    }

    [Fact]
    public void Overlong_ids_are_refused()
    {
        var store = NewStore(capacity: 2);
        Assert.Equal("'session' must be 8..64 characters long; got 65.",
            Assert.Throws<BadRequestException>(() => store.GetOrCreate(new string('a', 65), out _)).Message);
    }

    private SessionStore<object> NewStore(int capacity)
    {
        return new SessionStore<object>(capacity, TimeSpan.FromMinutes(30), () => new object(), _clock);
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
