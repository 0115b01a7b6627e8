package dev.lancet.steering.values.pipeline;

import dev.lancet.steering.values.ContrastMode;
import dev.lancet.steering.values.SelectionConfig;

/**
 * Settings of {@link ValueLocator}; defaults in {@link #defaults()} and docs/VALUES.md.
 *
 * @param selection      top-k or top fraction per value, and whether a neuron may serve several values
 * @param contrast       which texts form the negative class
 * @param minPerClass    values with fewer positive or negative texts are left out (and reported)
 * @param maxTokens      tokens per text (longer ones are cut, see {@link TextEncoder})
 * @param maxTexts       at most this many texts are used (0: all), taken in file order
 * @param caaLayer       block whose output the CAA vectors are taken at (-1: the middle block)
 * @param unitQuantile   top fraction that counts as "important" for the SSAH unit classes
 */
public record LocateOptions(SelectionConfig selection, ContrastMode contrast, int minPerClass, int maxTokens, int maxTexts,
                            int caaLayer, double unitQuantile) {
    public static LocateOptions defaults() {
        return new LocateOptions(SelectionConfig.topK(8, false), ContrastMode.PROMOTE_VS_REST, 2, 128, 0, -1, 0.05);
    }

    public LocateOptions withSelection(SelectionConfig s) {
        return new LocateOptions(s, contrast, minPerClass, maxTokens, maxTexts, caaLayer, unitQuantile);
    }

    public LocateOptions withContrast(ContrastMode c) {
        return new LocateOptions(selection, c, minPerClass, maxTokens, maxTexts, caaLayer, unitQuantile);
    }

    public LocateOptions withMaxTokens(int n) {
        return new LocateOptions(selection, contrast, minPerClass, n, maxTexts, caaLayer, unitQuantile);
    }

    public LocateOptions withMaxTexts(int n) {
        return new LocateOptions(selection, contrast, minPerClass, maxTokens, n, caaLayer, unitQuantile);
    }

    public LocateOptions withCaaLayer(int layer) {
        return new LocateOptions(selection, contrast, minPerClass, maxTokens, maxTexts, layer, unitQuantile);
    }

    public int resolveCaaLayer(int numLayers) {
        int l = caaLayer < 0 ? numLayers / 2 : caaLayer;
        if (l >= numLayers) throw new IllegalArgumentException("CAA layer " + l + " is outside 0.." + (numLayers - 1));
        return l;
    }
}
