namespace EdgeDigits.Tooling.Evaluation;

/// <summary>One model's predictions over a dataset.</summary>
/// <param name="Classes">[N] predicted digit per image (first index of the largest logit).</param>
/// <param name="Confidences">[N] confidence of the predicted class: softmax probability ×1000 (float) or the runtime's permille (int8).</param>
public sealed record Predictions(int[] Classes, int[] Confidences);
