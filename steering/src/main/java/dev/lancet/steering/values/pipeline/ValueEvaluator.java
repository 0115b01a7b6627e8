package dev.lancet.steering.values.pipeline;

import dev.lancet.runtime.edit.EditStage;
import dev.lancet.runtime.forward.Session;
import dev.lancet.runtime.model.LlamaModel;
import dev.lancet.runtime.sampling.Sampler;
import dev.lancet.steering.edit.EditPlan;
import dev.lancet.steering.values.CapabilityCost;
import dev.lancet.steering.values.PreferenceScoring;
import dev.lancet.steering.values.PvqItem;
import dev.lancet.steering.values.PvqProfile;
import dev.lancet.steering.values.PvqScoring;
import dev.lancet.steering.values.SchwartzValue;
import dev.lancet.steering.values.ValueDialogue;
import dev.lancet.steering.values.ValueDialogues;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Step 4 and 6: value expression and capability, in-process, for the unedited model or under an edit
 * plan; the same prompts, texts and (greedy) decoding every time so results compare point to point.
 * <ul>
 *   <li>PVQ: per item the softmax over the six option tokens' logits, expected answer per value
 *       ({@link PvqScoring}); leakage uses the raw (uncentred) per-value scores.</li>
 *   <li>Preference: per value, mean per-token log-likelihood of responses promoting it minus that of
 *       responses violating it (or, where the data has none, of responses not promoting it).</li>
 *   <li>Capability: perplexity on general text; mean KL(base || steered) of the next-token distribution
 *       after each neutral prompt; agreement of greedy continuations with the unsteered model.</li>
 * </ul>
 */
public final class ValueEvaluator implements AutoCloseable {
    private final LlamaModel model;
    private final Session session;
    private final EvaluationOptions options;
    private final List<PvqItem> items;
    private final List<PvqPrompts.Prompt> pvq;
    private final Map<SchwartzValue, List<EncodedText>> promoting = new EnumMap<>(SchwartzValue.class);
    private final Map<SchwartzValue, List<EncodedText>> contrast = new EnumMap<>(SchwartzValue.class);
    private final List<EncodedText> general = new ArrayList<>();
    private final List<int[]> neutral = new ArrayList<>();
    private Measurement baseline;

    /** One evaluation: per-value scores (the chosen measure), the PVQ profile (if measured) and capability. */
    public record Measurement(double[] scores, PvqProfile pvq, Double perplexity, float[][] neutralLogits, int[][] greedy) {
    }

    public ValueEvaluator(LlamaModel model, TextEncoder encoder, List<PvqItem> items, ValueDialogues dialogues,
                          List<String> generalText, EvaluationOptions options, int threads) {
        this.model = model;
        this.options = options;
        this.items = items;
        int longest = 16;
        if (options.measure().equals("pvq")) {
            if (items == null || items.isEmpty()) throw new dev.lancet.steering.values.ValueDataException("the pvq measure needs questionnaire items (--pvq FILE)");
            this.pvq = PvqPrompts.build(encoder.tokenizer(), items, options.useChatTemplate());
            for (PvqPrompts.Prompt p : pvq) longest = Math.max(longest, p.ids().length);
        } else {
            this.pvq = List.of();
            if (dialogues == null) throw new dev.lancet.steering.values.ValueDataException("the preference measure needs labelled dialogues (--data FILE)");
            for (SchwartzValue v : SchwartzValue.values()) {
                List<EncodedText> pos = new ArrayList<>(), neg = new ArrayList<>(), rest = new ArrayList<>();
                for (ValueDialogue d : dialogues.dialogues()) {
                    if (d.promotes(v) && pos.size() < options.textsPerClass()) pos.add(encoder.dialogue(d));
                    else if (d.violates(v) && neg.size() < options.textsPerClass()) neg.add(encoder.dialogue(d));
                    else if (!d.promotes(v) && !d.violates(v) && rest.size() < options.textsPerClass()) rest.add(encoder.dialogue(d));
                }
                if (pos.isEmpty()) continue;
                List<EncodedText> other = neg.isEmpty() ? rest : neg;
                if (other.isEmpty()) continue;
                promoting.put(v, pos);
                contrast.put(v, other);
                for (EncodedText t : pos) longest = Math.max(longest, t.ids().length);
                for (EncodedText t : other) longest = Math.max(longest, t.ids().length);
            }
        }
        if (generalText != null) {
            for (String line : generalText) {
                EncodedText t = encoder.whole(line);
                if (t.ids().length < 2) continue;
                general.add(t);
                longest = Math.max(longest, t.ids().length);
                if (neutral.size() < options.neutralPrompts()) {
                    neutral.add(Arrays.copyOf(t.ids(), Math.min(t.ids().length, options.neutralTokens())));
                }
            }
        }
        int context = Math.min(model.config().maxPositionEmbeddings(), Math.max(longest, options.neutralTokens()) + options.greedyTokens() + 1);
        this.session = Session.open(model, threads, context);
    }

    public List<PvqItem> items() {
        return items;
    }

    /** Values that the preference measure can score (both classes present); all ten for PVQ. */
    public boolean measurable(SchwartzValue v) {
        return options.measure().equals("pvq") || promoting.containsKey(v);
    }

    /** The unedited model's measurement, computed once. */
    public Measurement baseline() {
        if (baseline == null) baseline = measure(null);
        return baseline;
    }

    /** Measures under {@code plan} (null or empty: the unedited model). */
    public Measurement measure(EditPlan plan) {
        EditStage stage = plan == null || plan.isEmpty() ? null : plan.bind(model);
        session.setEditStage(stage);
        try {
            PvqProfile profile = null;
            double[] scores = new double[SchwartzValue.COUNT];
            if (!pvq.isEmpty()) {
                double[][] optionLogits = new double[pvq.size()][PvqScoring.OPTIONS];
                for (int i = 0; i < pvq.size(); i++) {
                    PvqPrompts.Prompt p = pvq.get(i);
                    session.reset();
                    float[] logits = session.prefill(p.ids());
                    for (int k = 0; k < PvqScoring.OPTIONS; k++) optionLogits[i][k] = logits[p.optionIds()[k]];
                }
                profile = PvqScoring.profile(items, optionLogits);
                scores = profile.raw().clone();
            } else {
                for (SchwartzValue v : SchwartzValue.values()) {
                    if (!promoting.containsKey(v)) continue;
                    scores[v.ordinal()] = PreferenceScoring.unpaired(likelihoods(promoting.get(v)), likelihoods(contrast.get(v)));
                }
            }
            Double ppl = null;
            if (!general.isEmpty()) {
                double sum = 0;
                long n = 0;
                for (EncodedText t : general) {
                    PreferenceScoring.ResponseLikelihood ll = likelihood(new EncodedText(t.ids(), 1));
                    sum += ll.logLikelihood();
                    n += ll.tokens();
                }
                ppl = CapabilityCost.perplexity(sum, n);
            }
            float[][] neutralLogits = new float[neutral.size()][];
            int[][] greedy = new int[neutral.size()][];
            for (int i = 0; i < neutral.size(); i++) {
                session.reset();
                float[] logits = session.prefill(neutral.get(i));
                neutralLogits[i] = logits.clone();
                greedy[i] = new int[options.greedyTokens()];
                for (int g = 0; g < greedy[i].length; g++) {
                    int tok = Sampler.argmax(logits);
                    greedy[i][g] = tok;
                    if (g + 1 < greedy[i].length) logits = session.next(tok, true);
                }
            }
            return new Measurement(scores, profile, ppl, neutralLogits, greedy);
        } finally {
            session.setEditStage(null);
        }
    }

    /** Capability cost of {@code m} against the baseline: mean KL and greedy agreement. */
    public double[] capability(Measurement m) {
        Measurement b = baseline();
        if (b.neutralLogits().length == 0) return new double[]{Double.NaN, Double.NaN};
        int total = 0, same = 0;
        for (int i = 0; i < b.greedy().length; i++) {
            for (int g = 0; g < b.greedy()[i].length; g++) {
                total++;
                if (b.greedy()[i][g] == m.greedy()[i][g]) same++;
            }
        }
        return new double[]{CapabilityCost.meanKl(b.neutralLogits(), m.neutralLogits()), (double) same / total};
    }

    private List<PreferenceScoring.ResponseLikelihood> likelihoods(List<EncodedText> texts) {
        List<PreferenceScoring.ResponseLikelihood> out = new ArrayList<>();
        for (EncodedText t : texts) out.add(likelihood(t));
        return out;
    }

    /** Sum of log p(token) over the counted part of the text (positions >= max(start, 1)). */
    private PreferenceScoring.ResponseLikelihood likelihood(EncodedText t) {
        int[] ids = t.ids();
        int from = Math.max(1, t.start());
        session.reset();
        double ll = 0;
        int n = 0;
        for (int i = 0; i + 1 < ids.length; i++) {
            float[] logits = session.next(ids[i], false);
            if (i + 1 >= from) {
                ll += logits[ids[i + 1]] - CapabilityCost.logSumExp(logits);
                n++;
            }
        }
        return new PreferenceScoring.ResponseLikelihood(Math.min(0.0, ll), Math.max(1, n));
    }

    @Override
    public void close() {
        session.close();
    }
}
