package dev.lancet.runtime.config;

/**
 * {@code rope_scaling} from config.json. Applied to the inverse frequencies
 * {@code inv_freq[i] = theta^(-2i/d)} once, when the RoPE table is built.
 * <ul>
 *   <li>{@code none}: unchanged.</li>
 *   <li>{@code linear}: {@code inv_freq / factor} (position interpolation).</li>
 *   <li>{@code llama3}: wavelengths {@code 2*pi/inv_freq} shorter than {@code original/high_freq_factor} are kept,
 *       longer than {@code original/low_freq_factor} are divided by {@code factor}, and in between
 *       blended with {@code s = (original/wavelen - low) / (high - low)}:
 *       {@code (1-s)*inv_freq/factor + s*inv_freq}.</li>
 * </ul>
 */
public record RopeScaling(Type type, double factor, double lowFreqFactor, double highFreqFactor,
                          int originalMaxPositionEmbeddings) {
    public enum Type { NONE, LINEAR, LLAMA3 }

    public static final RopeScaling NONE = new RopeScaling(Type.NONE, 1, 0, 0, 0);

    /** Scales the inverse frequencies in place. */
    public void apply(double[] invFreq) {
        switch (type) {
            case NONE -> { }
            case LINEAR -> { for (int i = 0; i < invFreq.length; i++) invFreq[i] /= factor; }
            case LLAMA3 -> {
                double lowWavelen = originalMaxPositionEmbeddings / lowFreqFactor;
                double highWavelen = originalMaxPositionEmbeddings / highFreqFactor;
                for (int i = 0; i < invFreq.length; i++) {
                    double wavelen = 2 * Math.PI / invFreq[i];
                    if (wavelen < highWavelen) continue;
                    if (wavelen > lowWavelen) {
                        invFreq[i] /= factor;
                    } else {
                        double s = (originalMaxPositionEmbeddings / wavelen - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
                        invFreq[i] = (1 - s) * invFreq[i] / factor + s * invFreq[i];
                    }
                }
            }
        }
    }
}
