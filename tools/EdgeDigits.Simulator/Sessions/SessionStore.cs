using EdgeDigits.Simulator.Api;

namespace EdgeDigits.Simulator.Sessions;

/// <summary>
/// Server-side state per browser session, bounded: at most <see cref="Capacity"/> sessions live at once; creating
/// one more evicts the least recently used, unless it was used within <see cref="EvictionGrace"/> (then the new one
/// is refused with <see cref="SessionsFullException"/>: a burst of new sessions cannot take a board in use), and
/// sessions idle longer than <see cref="IdleTimeout"/> are dropped.
/// Thread-safe. The caller synchronizes access to a session's own state (each session carries its own lock).
/// </summary>
/// <typeparam name="TSession">The per-session state.</typeparam>
public sealed class SessionStore<TSession>
    where TSession : class
{
    private readonly object _gate = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _byId = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _byRecentUse = new(); // most recent first
    private readonly Func<TSession> _factory;
    private readonly TimeProvider _clock;

    /// <summary>Creates an empty store.</summary>
    /// <param name="capacity">Most sessions kept, at least 1.</param>
    /// <param name="idleTimeout">Sessions unused for this long are dropped.</param>
    /// <param name="factory">Creates the state of a new session.</param>
    /// <param name="clock">Time source (tests pass a fake one).</param>
    /// <param name="evictionGrace">A session used more recently than this is not evicted for a new one (zero: always evictable).</param>
    public SessionStore(int capacity, TimeSpan idleTimeout, Func<TSession> factory, TimeProvider? clock = null, TimeSpan evictionGrace = default)
    {
        EvictionGrace = evictionGrace;
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        IdleTimeout = idleTimeout;
        _factory = factory;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>Most sessions kept at once.</summary>
    public int Capacity { get; }

    /// <summary>A session used more recently than this is never evicted to make room.</summary>
    public TimeSpan EvictionGrace { get; }

    /// <summary>Total number of new sessions refused because every slot was in recent use.</summary>
    public long RefusedCount { get; private set; }

    /// <summary>Idle time after which a session is dropped.</summary>
    public TimeSpan IdleTimeout { get; }

    /// <summary>Number of live sessions.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byId.Count;
            }
        }
    }

    /// <summary>Total number of sessions evicted (capacity or idle) since start.</summary>
    public long EvictedCount { get; private set; }

    /// <summary>Returns the session's state, creating it (and evicting if full) when it is new or was evicted.</summary>
    /// <param name="id">The session id; see <see cref="Validate"/>.</param>
    /// <param name="created">True when a new state was created for this id.</param>
    /// <returns>The state.</returns>
    /// <exception cref="BadRequestException">The id is malformed.</exception>
    /// <exception cref="SessionsFullException">The id is new and every slot holds a session used within <see cref="EvictionGrace"/>.</exception>
    public TSession GetOrCreate(string? id, out bool created)
    {
        string key = Validate(id);
        DateTimeOffset now = _clock.GetUtcNow();
        lock (_gate)
        {
            DropIdle(now);
            if (_byId.TryGetValue(key, out LinkedListNode<Entry>? node))
            {
                node.Value.LastUsed = now;
                _byRecentUse.Remove(node);
                _byRecentUse.AddFirst(node);
                created = false;
                return node.Value.State;
            }

            while (_byId.Count >= Capacity)
            {
                LinkedListNode<Entry> oldest = _byRecentUse.Last!;
                TimeSpan unused = now - oldest.Value.LastUsed;
                if (unused < EvictionGrace)
                {
                    RefusedCount++;
                    TimeSpan retryAfter = EvictionGrace - unused;
                    throw new SessionsFullException("All " + Capacity + " simulated boards are in use (the least recently used one "
                        + Math.Floor(unused.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture) + " s ago; a board is freed after "
                        + EvictionGrace.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + " s unused). Retry in "
                        + Math.Ceiling(retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture) + " s.", retryAfter);
                }

                Evict(oldest);
            }

            var entry = new Entry(key, _factory()) { LastUsed = now };
            _byId.Add(key, _byRecentUse.AddFirst(entry));
            created = true;
            return entry.State;
        }
    }

    /// <summary>Removes a session; no-op when it does not exist.</summary>
    /// <param name="id">The session id.</param>
    /// <returns>True if a session was removed.</returns>
    /// <exception cref="BadRequestException">The id is malformed.</exception>
    public bool Remove(string? id)
    {
        string key = Validate(id);
        lock (_gate)
        {
            if (!_byId.TryGetValue(key, out LinkedListNode<Entry>? node))
            {
                return false;
            }

            _byId.Remove(key);
            _byRecentUse.Remove(node);
            return true;
        }
    }

    /// <summary>Checks a session id: <see cref="SimulatorLimits.MinSessionIdLength"/>..<see cref="SimulatorLimits.MaxSessionIdLength"/> characters of [A-Za-z0-9_-].</summary>
    /// <param name="id">The id sent by the page.</param>
    /// <returns>The id.</returns>
    /// <exception cref="BadRequestException">The id is missing, too short, too long or has another character.</exception>
    public static string Validate(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            throw new BadRequestException("'session' is missing: send the page's session id.");
        }

        if (id.Length < SimulatorLimits.MinSessionIdLength || id.Length > SimulatorLimits.MaxSessionIdLength)
        {
            throw new BadRequestException("'session' must be " + SimulatorLimits.MinSessionIdLength + ".." + SimulatorLimits.MaxSessionIdLength
                + " characters long; got " + id.Length + ".");
        }

        foreach (char c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'))
            {
                throw new BadRequestException("'session' may hold only letters, digits, '-' and '_'.");
            }
        }

        return id;
    }

    private void DropIdle(DateTimeOffset now)
    {
        while (_byRecentUse.Last is { } oldest && now - oldest.Value.LastUsed > IdleTimeout)
        {
            Evict(oldest);
        }
    }

    private void Evict(LinkedListNode<Entry> node)
    {
        _byId.Remove(node.Value.Id);
        _byRecentUse.Remove(node);
        EvictedCount++;
    }

    private sealed class Entry(string id, TSession state)
    {
        public string Id { get; } = id;

        public TSession State { get; } = state;

        public DateTimeOffset LastUsed { get; set; }
    }
}
