package dev.lancet.tokenizer.postprocess;

import java.util.List;

/**
 * {@code TemplateProcessing} (single sequence): the {@code single} template, a list of special-token
 * id runs and one slot for the sequence, e.g. {@code [<s>] A} for Llama 2 or {@code [CLS] A [SEP]}.
 * Also serves {@code BertProcessing} and {@code RobertaProcessing}, which are the template
 * {@code cls A sep}.
 */
public final class TemplateProcessor implements PostProcessor {
    private final int[] before;
    private final int[] after;

    /** @param pieces the template in order; {@code null} marks the sequence slot (exactly one). */
    public TemplateProcessor(List<int[]> pieces) {
        int slot = pieces.indexOf(null);
        if (slot < 0 || pieces.lastIndexOf(null) != slot) throw new IllegalArgumentException("template needs exactly one sequence slot");
        before = concat(pieces.subList(0, slot));
        after = concat(pieces.subList(slot + 1, pieces.size()));
    }

    private static int[] concat(List<int[]> runs) {
        int n = 0;
        for (int[] r : runs) n += r.length;
        int[] out = new int[n];
        int k = 0;
        for (int[] r : runs) {
            System.arraycopy(r, 0, out, k, r.length);
            k += r.length;
        }
        return out;
    }

    @Override
    public int[] process(int[] ids, boolean addSpecialTokens) {
        if (!addSpecialTokens || (before.length == 0 && after.length == 0)) return ids;
        int[] out = new int[before.length + ids.length + after.length];
        System.arraycopy(before, 0, out, 0, before.length);
        System.arraycopy(ids, 0, out, before.length, ids.length);
        System.arraycopy(after, 0, out, before.length + ids.length, after.length);
        return out;
    }
}
