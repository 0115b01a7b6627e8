package dev.lancet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lancet.runtime.edit.Site;
import dev.lancet.runtime.gguf.ControlVector;
import dev.lancet.runtime.forward.Session;
import dev.lancet.runtime.generate.Generator;
import dev.lancet.runtime.gguf.GgufWriter;
import dev.lancet.runtime.model.LlamaModel;
import dev.lancet.runtime.safetensors.SafetensorsFile;
import dev.lancet.runtime.sampling.SamplingConfig;
import dev.lancet.runtime.testing.SharedData;
import dev.lancet.steering.edit.Edit;
import dev.lancet.steering.edit.EditPlan;
import dev.lancet.steering.edit.EditPlanJson;
import dev.lancet.steering.record.ActivationStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The edit flags on logits and generate, and the record and control-vector commands, run in-process. */
class EditCommandsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String MODEL = SharedData.embeddedModel().toString();

    static JsonNode ok(CliRun r) throws Exception {
        assertEquals(0, r.exitCode(), r.err());
        return JSON.readTree(r.out());
    }

    static void bad(CliRun r, String... fragments) {
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        for (String f : fragments) assertTrue(r.err().contains(f), "'" + f + "' in: " + r.err());
    }

    static String ids(int[] ids) {
        return Arrays.stream(ids).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }

    @Test
    void logitsWithTheSharedEditSpecMatchTheReference() throws Exception {
        Path dir = SharedData.require("reference/edits/stories260K");
        try (SafetensorsFile ref = SafetensorsFile.open(dir.resolve("reference.safetensors"))) {
            int[] tokens = ref.readInts("ids");
            float[] expected = ref.readFloats("logits");
            JsonNode o = ok(CliRun.of("logits", "--model", SharedData.require("models/stories260K").toString(), "--ids", ids(tokens),
                    "--all-positions", "--edits", dir.resolve("edits.json").toString(), "--json"));
            JsonNode rows = o.get("logits");
            assertEquals(tokens.length, rows.size());
            double max = 0;
            for (int t = 0; t < tokens.length; t++) {
                for (int v = 0; v < 512; v++) max = Math.max(max, Math.abs(rows.get(t).get(v).asDouble() - expected[t * 512 + v]));
            }
            assertTrue(max <= 1e-3, "max |delta logit| " + max);
            assertFalse(o.has("trace"));
        }
    }

    @Test
    void traceIsPartOfTheJsonOutput(@TempDir Path tmp) throws Exception {
        Path plan = tmp.resolve("plan.json");
        Files.writeString(plan, "{\"edits\": [{\"site\": \"mlp.neurons\", \"layers\": [2], \"neurons\": [5, 9], \"op\": \"set\", \"value\": 0.5, \"positions\": [1]}]}");
        JsonNode o = ok(CliRun.of("logits", "--model", MODEL, "--ids", "1,403,407,261", "--edits", plan.toString(), "--trace", "--json"));
        JsonNode edits = o.get("trace").get("edits");
        assertEquals(1, edits.size());
        JsonNode e = edits.get(0);
        assertEquals("mlp.neurons", e.get("site").asText());
        assertEquals(2, e.get("layer").asInt());
        assertEquals(1, e.get("position").asInt());
        assertEquals(64, e.get("residual_change").size());
        assertEquals(0.5, e.get("new").get(0).asDouble());
        JsonNode logits = o.get("trace").get("logits");
        assertEquals(1, logits.size(), "last position only without --all-positions");
        assertEquals(3, logits.get(0).get("position").asInt());

        CliRun text = CliRun.of("logits", "--model", MODEL, "--ids", "1,403,407,261", "--edits", plan.toString(), "--trace");
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().contains("trace edit 0 set mlp.neurons layer 2 position 1: 2 changed"), text.out());
        assertTrue(text.out().contains("trace logits position 3"), text.out());
    }

    @Test
    void generateAppliesEditsAndTracesEveryGeneratedStep(@TempDir Path tmp) throws Exception {
        float[] v = new float[64];
        Arrays.fill(v, 0.3f);
        Path plan = tmp.resolve("plan.json");
        EditPlanJson.write(EditPlan.of(Edit.on(Site.RESIDUAL).layers(2).addVector(v, 4f)), plan);
        JsonNode edited = ok(CliRun.of("generate", "--model", MODEL, "--ids", "1", "--max-tokens", "6", "--no-stop", "--edits", plan.toString(), "--trace", "--json"));
        int[] plain;
        try (LlamaModel m = LlamaModel.load(SharedData.embeddedModel()); Session s = Session.open(m, 1, 8)) {
            plain = Generator.generate(s, new int[]{1}, 6, new SamplingConfig(0f, 0, 1f, 0f, 1f, 42), new int[0], null);
        }
        assertFalse(JSON.valueToTree(plain).equals(edited.get("ids")), "a strong residual add changes the greedy continuation");
        JsonNode logits = edited.get("trace").get("logits");
        assertEquals(6, logits.size(), "the prompt's last position and the 5 fed generated tokens");
        assertEquals(edited.get("ids").get(0).asInt(), logits.get(1).get("token").asInt());
        assertEquals(6, edited.get("trace").get("edits").size(), "one residual add (layer 2) per fed token");
    }

    @Test
    void badEditPlansFailWithOneLineNamingEditAndField(@TempDir Path tmp) throws Exception {
        Path plan = tmp.resolve("plan.json");
        Files.writeString(plan, "{\"edits\": [{\"site\": \"mlp.neurons\", \"layers\": [0], \"op\": \"zero\"},"
                + "{\"site\": \"residual\", \"layers\": [1], \"op\": \"add\", \"vector\": [0.1, -0.2]}]}");
        bad(CliRun.of("logits", "--model", MODEL, "--ids", "1,2", "--edits", plan.toString()), "edits[1].vector", "64");
        Files.writeString(plan, "{\"edits\": [{\"site\": \"mlp.neurons\", \"layers\": [7], \"op\": \"zero\"}]}");
        bad(CliRun.of("generate", "--model", MODEL, "--ids", "1", "--max-tokens", "2", "--edits", plan.toString()), "edits[0].layers");
        bad(CliRun.of("logits", "--model", MODEL, "--ids", "1,2", "--edits", tmp.resolve("none.json").toString()), "does not exist");
        bad(CliRun.of("logits", "--model", MODEL, "--ids", "1,2", "--trace"), "--trace needs");
    }

    @Test
    void controlVectorsExportImportAndApplyBitIdentically(@TempDir Path tmp) throws Exception {
        float[] v = new float[64];
        for (int i = 0; i < v.length; i++) v[i] = (float) Math.cos(i) / 4;
        Path plan = tmp.resolve("plan.json"), cv = tmp.resolve("cv.gguf"), back = tmp.resolve("back.json");
        EditPlanJson.write(EditPlan.of(Edit.on(Site.RESIDUAL).layers(1, 3).addVector(v, 1.5f)), plan);
        ok(CliRun.of("control-vector", "export", "--edits", plan.toString(), "--out", cv.toString(), "--model", MODEL, "--json"));
        assertEquals(List.of(1, 3), ControlVector.read(cv).layers());
        JsonNode imported = ok(CliRun.of("control-vector", "import", "--in", cv + ":1", "--out", back.toString(), "--model", MODEL, "--json"));
        assertEquals(2, imported.get("edits").asInt());

        String[] base = {"logits", "--model", MODEL, "--ids", "1,403,407,261,500", "--all-positions", "--json"};
        JsonNode viaPlan = ok(CliRun.of(concat(base, "--edits", plan.toString())));
        JsonNode viaCv = ok(CliRun.of(concat(base, "--control-vector", cv.toString())));
        JsonNode viaBack = ok(CliRun.of(concat(base, "--edits", back.toString())));
        JsonNode none = ok(CliRun.of(base));
        assertEquals(viaPlan.get("logits"), viaCv.get("logits"));
        assertEquals(viaPlan.get("logits"), viaBack.get("logits"));
        assertFalse(viaPlan.get("logits").equals(none.get("logits")));
        JsonNode half = ok(CliRun.of(concat(base, "--control-vector", cv + ":0.5", "--control-vector", cv + ":0.5")));
        assertFalse(half.get("logits").equals(none.get("logits")));

        Path zero = tmp.resolve("zero.gguf");
        new GgufWriter().put("general.architecture", "controlvector").addTensor("direction.0", v).write(zero);
        bad(CliRun.of("control-vector", "import", "--in", zero.toString(), "--out", back.toString()), "direction.0");
        bad(CliRun.of(concat(base, "--control-vector", zero.toString())), "direction.0");
        Path narrow = tmp.resolve("narrow.gguf");
        new GgufWriter().put("general.architecture", "controlvector").addTensor("direction.1", new float[16]).write(narrow);
        bad(CliRun.of(concat(base, "--control-vector", narrow.toString())), "hidden size");
        Path garbage = tmp.resolve("garbage.gguf");
        Files.write(garbage, new byte[]{'G', 'G', 'U', 'F', 3, 0});
        bad(CliRun.of("control-vector", "import", "--in", garbage.toString(), "--out", back.toString()));
        Path layer0 = tmp.resolve("layer0.json");
        EditPlanJson.write(EditPlan.of(Edit.on(Site.RESIDUAL).layers(0).addVector(v, 1f)), layer0);
        bad(CliRun.of("control-vector", "export", "--edits", layer0.toString(), "--out", tmp.resolve("x.gguf").toString()), "edits[0].layers", "direction.1");
    }

    @Test
    void recordWritesStatisticsAndMergesFiles(@TempDir Path tmp) throws Exception {
        Path a = tmp.resolve("a.jsonl"), b = tmp.resolve("b.txt");
        Files.writeString(a, "{\"ids\": [1, 403, 407, 261]}\n\n{\"ids\": [1, 500, 20]}\n");
        Files.writeString(b, "Once upon a time\nThe cat sat\n");
        Path sa = tmp.resolve("a.safetensors"), sb = tmp.resolve("b.safetensors"), all = tmp.resolve("all.safetensors");
        JsonNode ra = ok(CliRun.of("record", "--model", MODEL, "--site", "mlp.neurons,residual", "--layers", "1-2", "--prompts", a.toString(),
                "--out", sa.toString(), "--threads", "2", "--no-progress", "--json", "--raw-out", tmp.resolve("raw").toString(), "--raw-positions", "0"));
        assertEquals(7, ra.get("tokens").asInt());
        assertEquals(1, ra.get("raw_shards").size());
        ActivationStats s = ActivationStats.read(sa);
        assertEquals(4, s.keys().size());
        assertEquals(7, s.get(Site.MLP_NEURONS, 2).count());
        assertEquals(172, s.get(Site.MLP_NEURONS, 2).width());

        JsonNode rb = ok(CliRun.of("record", "--model", MODEL, "--site", "mlp.neurons", "--site", "residual", "--layers", "1,2", "--prompts", b.toString(),
                "--out", sb.toString(), "--no-progress", "--json"));
        assertTrue(rb.get("tokens").asInt() > 4);
        ok(CliRun.of("record", "--merge", sa.toString(), sb.toString(), "--out", all.toString(), "--json"));
        assertEquals(7 + rb.get("tokens").asInt(), ActivationStats.read(all).get(Site.RESIDUAL, 1).count());

        Path plan = tmp.resolve("mean.json");
        Files.writeString(plan, "{\"edits\": [{\"site\": \"mlp.neurons\", \"layers\": [2], \"neurons\": [1, 2], \"op\": \"mean\", \"stats\": \"all.safetensors\"}]}");
        ok(CliRun.of("logits", "--model", MODEL, "--ids", "1,2,3", "--edits", plan.toString(), "--json"));
        Files.writeString(plan, "{\"edits\": [{\"site\": \"mlp.neurons\", \"layers\": [0], \"op\": \"mean\", \"stats\": \"all.safetensors\"}]}");
        bad(CliRun.of("logits", "--model", MODEL, "--ids", "1,2,3", "--edits", plan.toString()), "edits[0].stats", "layer 0");

        bad(CliRun.of("record", "--model", MODEL, "--prompts", tmp.resolve("nope.txt").toString(), "--out", all.toString()), "does not exist");
        Path badLine = tmp.resolve("bad.jsonl");
        Files.writeString(badLine, "{\"ids\": [1, 2]}\n{\"txt\": \"x\"}\n");
        bad(CliRun.of("record", "--model", MODEL, "--prompts", badLine.toString(), "--out", all.toString(), "--no-progress"), "line 2");
        bad(CliRun.of("record", "--model", MODEL, "--site", "mlp.nope", "--prompts", a.toString(), "--out", all.toString()), "unknown site");
        bad(CliRun.of("record", "--model", MODEL, "--layers", "9", "--prompts", a.toString(), "--out", all.toString(), "--no-progress"), "layer 9");
    }

    static String[] concat(String[] a, String... b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
