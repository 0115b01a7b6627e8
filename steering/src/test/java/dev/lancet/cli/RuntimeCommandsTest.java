package dev.lancet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lancet.runtime.model.LlamaModel;
import dev.lancet.runtime.safetensors.SafetensorsFile;
import dev.lancet.runtime.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** inspect, logits and generate through the CLI, and the one-line exit-2 contract for bad input. */
class RuntimeCommandsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String MODEL = SharedData.embeddedModel().toString();

    @Test
    void logitsJsonAllPositionsMatchesTheReference() throws IOException {
        Path ref = SharedData.require("reference/stories260K/reference.safetensors");
        try (SafetensorsFile f = SafetensorsFile.open(ref)) {
            int[] ids = f.readInts("case1.ids");
            float[] expected = f.readFloats("case1.logits");
            StringBuilder csv = new StringBuilder();
            for (int id : ids) csv.append(csv.isEmpty() ? "" : ",").append(id);
            CliRun r = CliRun.of("logits", "--model", MODEL, "--ids", csv.toString(), "--all-positions", "--json", "--threads", "2");
            assertEquals(0, r.exitCode(), r.err());
            JsonNode o = JSON.readTree(r.out());
            assertEquals(ids.length, o.get("ids").size());
            assertEquals(ids.length, o.get("logits").size());
            for (int t = 0; t < ids.length; t++) {
                for (int v = 0; v < 512; v++) {
                    assertEquals(expected[t * 512 + v], o.get("logits").get(t).get(v).floatValue(), 1e-3);
                }
            }
        }
    }

    @Test
    void logitsLastPositionOnlyByDefault() throws IOException {
        CliRun r = CliRun.of("logits", "--ids", "1,403,407", "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode o = JSON.readTree(r.out());
        assertEquals(1, o.get("logits").size());
        assertEquals(512, o.get("logits").get(0).size());
    }

    @Test
    void threadsOneAndTwoPrintIdenticalLogits() {
        CliRun a = CliRun.of("logits", "--ids", "1,403,407,261,378", "--all-positions", "--json", "--threads", "1");
        CliRun b = CliRun.of("logits", "--ids", "1,403,407,261,378", "--all-positions", "--json", "--threads", "2");
        assertEquals(0, a.exitCode());
        assertEquals(a.out(), b.out());
    }

    @Test
    void generateJsonFromIdsIsTheGreedyReference() throws IOException {
        Path ref = SharedData.require("reference/stories260K/reference.safetensors");
        try (SafetensorsFile f = SafetensorsFile.open(ref)) {
            int[] greedy = f.readInts("case0.greedy");
            CliRun r = CliRun.of("generate", "--model", MODEL, "--ids", "1", "--max-tokens", "32", "--no-stop", "--json");
            assertEquals(0, r.exitCode(), r.err());
            JsonNode ids = JSON.readTree(r.out()).get("ids");
            assertEquals(32, ids.size());
            for (int i = 0; i < 32; i++) assertEquals(greedy[i], ids.get(i).asInt(), "token " + i);
        }
    }

    /**
     * A 16-bit KV cache through the CLI: the same bits on one thread and two, logits near the F32 cache's (stories260K's
     * max |delta| on this prompt is below 0.1 for bf16 and 0.02 for f16), and the same greedy continuation here.
     */
    @Test
    void aSixteenBitKvCacheKeepsThreadIdentityAndStaysNearTheF32Logits() throws IOException {
        String[] logits = {"logits", "--ids", "1,403,407,261,378,445,339,270", "--all-positions", "--json"};
        JsonNode exact = JSON.readTree(CliRun.of(logits).out());
        for (String kv : new String[] {"bf16", "f16"}) {
            CliRun one = CliRun.of(concat(logits, "--kv-cache", kv, "--threads", "1")), two = CliRun.of(concat(logits, "--kv-cache", kv, "--threads", "2"));
            assertEquals(0, one.exitCode(), one.err());
            assertEquals(one.out(), two.out(), kv + ": 1 vs 2 threads");
            double max = 0;
            java.util.List<Double> got = new java.util.ArrayList<>(), want = new java.util.ArrayList<>();
            JSON.readTree(one.out()).findValues("logits").forEach(n -> n.forEach(v -> collect(v, got)));
            exact.findValues("logits").forEach(n -> n.forEach(v -> collect(v, want)));
            assertEquals(want.size(), got.size());
            assertTrue(got.size() > 512, "logits at every position: " + got.size());
            for (int i = 0; i < got.size(); i++) max = Math.max(max, Math.abs(got.get(i) - want.get(i)));
            assertTrue(max > 0 && max < (kv.equals("bf16") ? 0.1 : 0.02), kv + ": max |delta logit| " + max);
            String[] gen = {"generate", "--ids", "1", "--max-tokens", "24", "--no-stop", "--json"};
            assertEquals(JSON.readTree(CliRun.of(gen).out()).get("ids"), JSON.readTree(CliRun.of(concat(gen, "--kv-cache", kv)).out()).get("ids"), kv);
        }
    }

    private static void collect(JsonNode v, java.util.List<Double> into) {
        if (v.isNumber()) into.add(v.asDouble());
        else v.forEach(x -> collect(x, into));
    }

    @Test
    void seededSamplingIsReproducibleAndSeedsDiffer() {
        String[] base = {"generate", "--ids", "1", "--max-tokens", "40", "--temperature", "1.0", "--top-p", "0.95", "--json"};
        CliRun a = CliRun.of(concat(base, "--seed", "7")), b = CliRun.of(concat(base, "--seed", "7")), c = CliRun.of(concat(base, "--seed", "8"));
        assertEquals(0, a.exitCode(), a.err());
        assertEquals(a.out(), b.out());
        assertFalse(a.out().equals(c.out()), "different seeds should give different samples");
    }

    @Test
    void inspectReportsArchitectureAndParameters() throws IOException {
        CliRun r = CliRun.of("inspect", "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode o = JSON.readTree(r.out());
        assertEquals("LlamaForCausalLM", o.get("architecture").asText());
        try (LlamaModel m = LlamaModel.load(SharedData.embeddedModel())) {
            assertEquals(m.parameterCount(), o.get("parameters").asLong());
        }
        // embed + final norm + 9 tensors per layer (2 norms, q, k, v, o, gate, up, down); lm_head is tied
        assertEquals(2 + 9 * 5, o.get("tensors").size());
        CliRun text = CliRun.of("inspect");
        assertTrue(text.out().contains("model.layers.4.mlp.down_proj.weight"));
    }

    @Test
    void badArgumentsGiveOneLineAndExitTwo(@TempDir Path tmp) throws IOException {
        assertBad(CliRun.of("logits", "--ids", "1,512"), "token id 512");
        assertBad(CliRun.of("logits", "--ids", "1,x"), "'x'");
        assertBad(CliRun.of("logits", "--ids", "1", "--bogus"), "--bogus");
        assertBad(CliRun.of("generate", "--ids", "1", "--max-tokens", "600"), "context length 512");
        assertBad(CliRun.of("generate", "--ids", "1", "--kv-cache", "q4_0"), "'q4_0'");
        assertBad(CliRun.of("logits", "--model", tmp.resolve("nope").toString(), "--ids", "1"), "does not exist");
        Path broken = tmp.resolve("broken");
        Files.createDirectories(broken);
        Files.copy(SharedData.embeddedModel().resolve("config.json"), broken.resolve("config.json"));
        byte[] st = Files.readAllBytes(SharedData.embeddedModel().resolve("model.safetensors"));
        Files.write(broken.resolve("model.safetensors"), java.util.Arrays.copyOf(st, st.length / 2));
        assertBad(CliRun.of("inspect", "--model", broken.toString()), "model.safetensors");
        CliRun verbose = CliRun.of("inspect", "--model", broken.toString(), "--verbose");
        assertEquals(2, verbose.exitCode());
        assertTrue(verbose.err().contains("\tat "), "--verbose prints the stack trace");
    }

    private static void assertBad(CliRun r, String fragment) {
        assertEquals(2, r.exitCode(), "exit code; stderr: " + r.err());
        String err = r.err().strip();
        assertTrue(err.contains(fragment), "stderr should name '" + fragment + "': " + err);
        assertFalse(err.contains("\tat "), "no stack trace without --verbose: " + err);
        assertTrue(r.out().isEmpty(), "nothing on stdout: " + r.out());
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
