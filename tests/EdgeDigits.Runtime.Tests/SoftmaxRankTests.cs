namespace EdgeDigits.Runtime.Tests;

/// <summary><see cref="Softmax.Rank"/> against a stable sort (score descending, index ascending), ties included.</summary>
public class SoftmaxRankTests
{
    [Fact]
    public void RankingEqualsAStableSortOnRandomScoresWithManyTies()
    {
        var random = new Random(17);
        for (int trial = 0; trial < 5000; trial++)
        {
            int n = 1 + random.Next(12);
            int k = 1 + random.Next(n);
            int range = random.Next(2) == 0 ? 3 : 256;   // a narrow range gives many ties
            int[] scores = Enumerable.Range(0, n).Select(_ => random.Next(range) - range / 2).ToArray();
            var ranking = new int[k];

            Softmax.Rank(scores, ranking);

            int[] expected = Enumerable.Range(0, n).OrderByDescending(i => scores[i]).ThenBy(i => i).Take(k).ToArray();
            Assert.Equal(expected, ranking);
        }
    }

    [Fact]
    public void AllEqualScoresRankByIndex()
    {
        var ranking = new int[3];
        Softmax.Rank(new int[10], ranking);
        Assert.Equal(new[] { 0, 1, 2 }, ranking);
    }
}
