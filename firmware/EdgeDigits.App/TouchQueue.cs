using System;

namespace EdgeDigits.App
{
    /// <summary>
    /// Bounded, thread-safe FIFO of touch events between the touch driver's threads and the UI thread. Storage is
    /// allocated once; enqueueing never allocates, never blocks for long and never throws.
    /// </summary>
    /// <remarks>
    /// Overflow policy (nothing that shapes a stroke is lost): Move events may fill the queue only up to
    /// <c>capacity − <see cref="ReservedSlots"/></c>; past that, a new Move replaces the coordinates of a Move at
    /// the tail ("coalescing": the stroke keeps its latest position and becomes a straighter polyline), so the
    /// reserved slots stay free for Down, Up and Button events. Only when the queue is completely full is an event
    /// dropped, and <see cref="DroppedCount"/> counts it.
    /// </remarks>
    public sealed class TouchQueue
    {
        /// <summary>Slots kept free for Down, Up and Button events.</summary>
        public const int ReservedSlots = 8;

        private readonly object _sync = new object();
        private readonly int[] _kind;
        private readonly int[] _x;
        private readonly int[] _y;
        private readonly int[] _contact;
        private readonly long[] _time;
        private int _head;
        private int _count;
        private int _dropped;
        private int _coalesced;

        /// <summary>Creates an empty queue.</summary>
        /// <param name="capacity">Maximum number of queued events, at least <see cref="ReservedSlots"/> + 8.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is too small.</exception>
        public TouchQueue(int capacity)
        {
            if (capacity < ReservedSlots + 8)
            {
                throw new ArgumentOutOfRangeException("capacity", "capacity must be at least " + (ReservedSlots + 8) + " but is " + capacity + ".");
            }

            _kind = new int[capacity];
            _x = new int[capacity];
            _y = new int[capacity];
            _contact = new int[capacity];
            _time = new long[capacity];
        }

        /// <summary>Maximum number of queued events.</summary>
        public int Capacity
        {
            get { return _kind.Length; }
        }

        /// <summary>Number of queued events.</summary>
        public int Count
        {
            get
            {
                lock (_sync)
                {
                    return _count;
                }
            }
        }

        /// <summary>Events dropped because the queue was full (Down/Up/Button only; Moves are coalesced).</summary>
        public int DroppedCount
        {
            get
            {
                lock (_sync)
                {
                    return _dropped;
                }
            }
        }

        /// <summary>Move events merged into the tail Move because the queue was nearly full.</summary>
        public int CoalescedCount
        {
            get
            {
                lock (_sync)
                {
                    return _coalesced;
                }
            }
        }

        /// <summary>Appends an event of contact 0 (boards that report one contact), applying the overflow policy.</summary>
        /// <param name="kind">Event kind.</param>
        /// <param name="x">Screen x, or the <see cref="AppButton"/> for <see cref="TouchKind.Button"/>.</param>
        /// <param name="y">Screen y.</param>
        /// <param name="timeMs">Timestamp in milliseconds.</param>
        /// <returns>False when the event was dropped.</returns>
        public bool Enqueue(TouchKind kind, int x, int y, long timeMs)
        {
            return Enqueue(kind, x, y, 0, timeMs);
        }

        /// <summary>Appends an event, applying the overflow policy (a Move coalesces only into a Move of the same contact).</summary>
        /// <param name="kind">Event kind.</param>
        /// <param name="x">Screen x, or the <see cref="AppButton"/> for <see cref="TouchKind.Button"/>.</param>
        /// <param name="y">Screen y.</param>
        /// <param name="contact">The touch controller's contact (finger) id; 0 on boards that report one contact.</param>
        /// <param name="timeMs">Timestamp in milliseconds.</param>
        /// <returns>False when the event was dropped.</returns>
        public bool Enqueue(TouchKind kind, int x, int y, int contact, long timeMs)
        {
            lock (_sync)
            {
                int capacity = _kind.Length;
                if (kind == TouchKind.Move && _count >= capacity - ReservedSlots)
                {
                    int tail = (_head + _count - 1) % capacity;
                    if (_count > 0 && _kind[tail] == (int)TouchKind.Move && _contact[tail] == contact)
                    {
                        _x[tail] = x;
                        _y[tail] = y;
                        _time[tail] = timeMs;
                        _coalesced++;
                        return true;
                    }

                    if (_count >= capacity)
                    {
                        _dropped++;
                        return false;
                    }
                }
                else if (_count >= capacity)
                {
                    _dropped++;
                    return false;
                }

                int slot = (_head + _count) % capacity;
                _kind[slot] = (int)kind;
                _x[slot] = x;
                _y[slot] = y;
                _contact[slot] = contact;
                _time[slot] = timeMs;
                _count++;
                return true;
            }
        }

        /// <summary>Removes the oldest event (its contact id is dropped; see the overload).</summary>
        /// <param name="kind">Its kind.</param>
        /// <param name="x">Its x (or button).</param>
        /// <param name="y">Its y.</param>
        /// <param name="timeMs">Its timestamp in milliseconds.</param>
        /// <returns>False when the queue was empty (outputs are then 0).</returns>
        public bool TryDequeue(out TouchKind kind, out int x, out int y, out long timeMs)
        {
            int contact;
            return TryDequeue(out kind, out x, out y, out contact, out timeMs);
        }

        /// <summary>Removes the oldest event.</summary>
        /// <param name="kind">Its kind.</param>
        /// <param name="x">Its x (or button).</param>
        /// <param name="y">Its y.</param>
        /// <param name="contact">Its contact id.</param>
        /// <param name="timeMs">Its timestamp in milliseconds.</param>
        /// <returns>False when the queue was empty (outputs are then 0).</returns>
        public bool TryDequeue(out TouchKind kind, out int x, out int y, out int contact, out long timeMs)
        {
            lock (_sync)
            {
                if (_count == 0)
                {
                    kind = TouchKind.Down;
                    x = 0;
                    y = 0;
                    contact = 0;
                    timeMs = 0;
                    return false;
                }

                kind = (TouchKind)_kind[_head];
                x = _x[_head];
                y = _y[_head];
                contact = _contact[_head];
                timeMs = _time[_head];
                _head = (_head + 1) % _kind.Length;
                _count--;
                return true;
            }
        }

        /// <summary>Discards every queued event.</summary>
        public void Clear()
        {
            lock (_sync)
            {
                _head = 0;
                _count = 0;
            }
        }
    }
}
