package dev.lancet.steering.edit.trace;

import java.util.List;

/**
 * The logit change at one position between an edited and an unedited run of the same tokens.
 *
 * @param position     absolute position whose logits (the next-token distribution) are compared
 * @param inputToken   the token fed at that position
 * @param maxAbsChange {@code max_v |edited[v] - unedited[v]|}
 * @param up           the tokens whose logit rose most, largest first
 * @param down         the tokens whose logit fell most, largest fall first
 */
public record LogitChange(int position, int inputToken, double maxAbsChange, List<TokenChange> up, List<TokenChange> down) {

    /** One token's logit in both runs; {@code change = edited - unedited} in double. */
    public record TokenChange(int token, float edited, float unedited, double change) {
    }

    /** Compares two rows of logits; ties go to the smaller token id so the result is deterministic. */
    public static LogitChange of(int position, int inputToken, float[] edited, float[] unedited, int topK) {
        int n = edited.length;
        double max = 0;
        Integer[] order = new Integer[n];
        double[] change = new double[n];
        for (int v = 0; v < n; v++) {
            change[v] = (double) edited[v] - unedited[v];
            max = Math.max(max, Math.abs(change[v]));
            order[v] = v;
        }
        java.util.Arrays.sort(order, (a, b) -> {
            int c = Double.compare(change[b], change[a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        List<TokenChange> up = new java.util.ArrayList<>(), down = new java.util.ArrayList<>();
        for (int i = 0; i < n && up.size() < topK && change[order[i]] > 0; i++) {
            int v = order[i];
            up.add(new TokenChange(v, edited[v], unedited[v], change[v]));
        }
        for (int i = n - 1; i >= 0 && down.size() < topK && change[order[i]] < 0; i--) {
            int v = order[i];
            down.add(new TokenChange(v, edited[v], unedited[v], change[v]));
        }
        return new LogitChange(position, inputToken, max, List.copyOf(up), List.copyOf(down));
    }
}
