package dev.lancet.steering.values;

/**
 * The three scores of every neuron of one layer for one value.
 *
 * @param value       the value
 * @param stats       means and standard deviations under the two conditions
 * @param smd         Cohen's d per neuron ({@link StandardizedMeanDifference})
 * @param probe       the sparse probe; its weights are the probe score per neuron
 * @param specificity LAPE specificity s_vn per neuron ({@link ActivationSpecificity})
 */
public record ValueNeuronScores(SchwartzValue value, ConditionStats stats, double[] smd,
                                SparseLogisticProbe.Fit probe, double[] specificity) {
    public int width() {
        return smd.length;
    }
}
