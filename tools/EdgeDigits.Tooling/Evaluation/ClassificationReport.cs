using EdgeDigits.Tooling.Mnist;

namespace EdgeDigits.Tooling.Evaluation;

/// <summary>Accuracy, per-class accuracy and confusion matrix of one model on a labelled dataset.</summary>
public sealed class ClassificationReport
{
    private ClassificationReport(int total, int correct, int[] confusion)
    {
        Total = total;
        Correct = correct;
        Confusion = confusion;
    }

    /// <summary>Number of images.</summary>
    public int Total { get; }

    /// <summary>Number classified correctly.</summary>
    public int Correct { get; }

    /// <summary>Accuracy in [0, 1].</summary>
    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;

    /// <summary>Accuracy ×10000, rounded half away from zero (e.g. 9934 for 99.34 %).</summary>
    public int AccuracyBasisPoints => Total == 0 ? 0 : (int)((Correct * 10000L * 2 + Total) / (2L * Total));

    /// <summary>Confusion matrix [10, 10], flat index label·10 + predicted.</summary>
    public int[] Confusion { get; }

    /// <summary>Number of images of class <paramref name="label"/>.</summary>
    /// <param name="label">Digit.</param>
    /// <returns>Count.</returns>
    public int ClassTotal(int label) => Enumerable.Range(0, 10).Sum(p => Confusion[label * 10 + p]);

    /// <summary>Accuracy on class <paramref name="label"/> in [0, 1].</summary>
    /// <param name="label">Digit.</param>
    /// <returns>Recall of that class.</returns>
    public double ClassAccuracy(int label) => ClassTotal(label) == 0 ? 0 : (double)Confusion[label * 11] / ClassTotal(label);

    /// <summary>Builds the report.</summary>
    /// <param name="data">Labelled images.</param>
    /// <param name="predicted">[N] predicted classes.</param>
    /// <returns>The report.</returns>
    public static ClassificationReport Create(MnistDataset data, int[] predicted)
    {
        var confusion = new int[100];
        int correct = 0;
        for (int i = 0; i < data.Count; i++)
        {
            int label = data.Label(i);
            confusion[label * 10 + predicted[i]]++;
            if (label == predicted[i])
            {
                correct++;
            }
        }

        return new ClassificationReport(data.Count, correct, confusion);
    }
}
