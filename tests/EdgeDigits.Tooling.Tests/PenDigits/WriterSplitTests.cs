using EdgeDigits.Tooling.PenDigits;

namespace EdgeDigits.Tooling.Tests.PenDigits;

public class WriterSplitTests
{
    [Theory]
    [InlineData("unipen-1a/aga/amywldrp/73", "unipen-1a/aga/amywldrp")]
    [InlineData("unipen-1a/ced/SIBI4900/451:1-451:43", "unipen-1a/ced/SIBI4900")]
    [InlineData("core2/s0012/0007", "core2/s0012")]
    [InlineData("loner", "loner")]
    public void The_writer_is_the_id_up_to_its_last_slash(string id, string writer) => Assert.Equal(writer, WriterSplit.WriterOf(id));

    [Fact]
    public void A_drawing_without_an_id_has_no_writer_and_is_read_only_under_All()
    {
        Assert.Null(WriterSplit.WriterOf(null));
        Assert.Null(WriterSplit.WriterOf(""));
        Assert.True(WriterSplit.Includes(null, WriterSubset.All));
        Assert.False(WriterSplit.Includes(null, WriterSubset.Train));
        Assert.False(WriterSplit.Includes(null, WriterSubset.Validation));
    }

    [Fact]
    public void Digits_of_one_writer_are_all_on_one_side()
    {
        Assert.Equal(WriterSplit.Includes("a/b/1", WriterSubset.Validation), WriterSplit.Includes("a/b/2", WriterSubset.Validation));
        Assert.NotEqual(WriterSplit.Includes("a/b/1", WriterSubset.Validation), WriterSplit.Includes("a/b/1", WriterSubset.Train));
    }

    [Fact]
    public void The_split_of_the_dev_set_is_the_documented_one()
    {
        // 36 writers / 1,112 digits in validation: counted independently with Python's hashlib by the same rule
        // (tools/train/train_lenet5.py, is_validation_writer), not by this code.
        var validation = PenDigitsData.Samples.Where(s => WriterSplit.Includes(s.Id, WriterSubset.Validation)).ToList();
        var train = PenDigitsData.Samples.Where(s => WriterSplit.Includes(s.Id, WriterSubset.Train)).ToList();
        Assert.Equal(1112, validation.Count);
        Assert.Equal(2952, train.Count);
        Assert.Equal(36, WriterSplit.CountWriters(PenDigitsData.Samples.Select(s => s.Id), WriterSubset.Validation));
        Assert.Equal(92, WriterSplit.CountWriters(PenDigitsData.Samples.Select(s => s.Id), WriterSubset.Train));
        Assert.Equal(128, WriterSplit.CountWriters(PenDigitsData.Samples.Select(s => s.Id).Append(null), WriterSubset.All));
        Assert.Empty(validation.Select(s => WriterSplit.WriterOf(s.Id)).Intersect(train.Select(s => WriterSplit.WriterOf(s.Id))));

        // Every digit has about a quarter of its drawings held out (no class is missing from validation).
        foreach (string label in "0123456789".Select(c => c.ToString()))
        {
            double share = validation.Count(s => s.Label == label) / (double)PenDigitsData.Samples.Count(s => s.Label == label);
            Assert.InRange(share, 0.15, 0.40);
        }
    }
}
