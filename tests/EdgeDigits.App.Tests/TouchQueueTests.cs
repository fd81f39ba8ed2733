using EdgeDigits.App;

namespace EdgeDigits.App.Tests;

public class TouchQueueTests
{
    [Fact]
    public void EventsComeOutInOrderWithTheirData()
    {
        var queue = new TouchQueue(32);
        queue.Enqueue(TouchKind.Down, 1, 2, 100);
        queue.Enqueue(TouchKind.Move, 3, 4, 110);
        queue.Enqueue(TouchKind.Up, 5, 6, 120);

        Assert.True(queue.TryDequeue(out var k, out int x, out int y, out long t));
        Assert.Equal((TouchKind.Down, 1, 2, 100L), (k, x, y, t));
        Assert.True(queue.TryDequeue(out k, out x, out y, out t));
        Assert.Equal((TouchKind.Move, 3, 4, 110L), (k, x, y, t));
        Assert.True(queue.TryDequeue(out k, out x, out y, out t));
        Assert.Equal((TouchKind.Up, 5, 6, 120L), (k, x, y, t));
        Assert.False(queue.TryDequeue(out _, out _, out _, out _));
    }

    [Fact]
    public void MovesCoalesceBeforeTheReservedSlotsSoPenUpStillFits()
    {
        var queue = new TouchQueue(32);
        queue.Enqueue(TouchKind.Down, 0, 0, 0);
        for (int i = 1; i <= 100; i++)
        {
            queue.Enqueue(TouchKind.Move, i, i, i);
        }

        Assert.Equal(32 - TouchQueue.ReservedSlots, queue.Count);
        Assert.Equal(100 - (32 - TouchQueue.ReservedSlots - 1), queue.CoalescedCount);
        Assert.True(queue.Enqueue(TouchKind.Up, 0, 0, 101));

        int lastMoveX = -1;
        TouchKind last = TouchKind.Down;
        while (queue.TryDequeue(out var kind, out int x, out _, out _))
        {
            if (kind == TouchKind.Move)
            {
                Assert.True(x > lastMoveX);
                lastMoveX = x;
            }

            last = kind;
        }

        Assert.Equal(100, lastMoveX);   // the latest position survives coalescing
        Assert.Equal(TouchKind.Up, last);
        Assert.Equal(0, queue.DroppedCount);
    }

    [Fact]
    public void AFullQueueDropsAndCounts()
    {
        var queue = new TouchQueue(16);
        for (int i = 0; i < 20; i++)
        {
            queue.Enqueue(TouchKind.Down, i, 0, i);
        }

        Assert.Equal(16, queue.Count);
        Assert.Equal(4, queue.DroppedCount);
        Assert.False(queue.Enqueue(TouchKind.Move, 0, 0, 0));   // tail is not a Move: nothing to coalesce into
    }

    [Fact]
    public void ConcurrentProducersLoseNothingThatFits()
    {
        var queue = new TouchQueue(4096);
        var threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
        {
            for (int i = 0; i < 500; i++)
            {
                queue.Enqueue(TouchKind.Down, t, i, i);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        var seen = new int[4];
        while (queue.TryDequeue(out _, out int x, out int y, out _))
        {
            Assert.Equal(seen[x], y);   // per producer, order is kept
            seen[x]++;
        }

        Assert.All(seen, n => Assert.Equal(500, n));
    }

    [Fact]
    public void ATooSmallCapacityIsRejectedWithTheMinimum()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new TouchQueue(8));
        Assert.Equal("capacity", e.ParamName);
        Assert.Contains("at least 16 but is 8", e.Message);
    }
}
