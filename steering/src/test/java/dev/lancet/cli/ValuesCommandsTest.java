package dev.lancet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code lancet values ...} end to end on the planted fixture, and clear errors for bad data files. */
class ValuesCommandsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path tmp;
    static Path fixture;

    @BeforeAll
    static void writeFixture() {
        fixture = tmp.resolve("fixture");
        CliRun r = CliRun.of("values", "fixture", "--out", fixture.toString(), "--json");
        assertEquals(0, r.exitCode(), r.err());
    }

    @Test
    void locateSteerSweepAndReportEndToEnd() throws IOException {
        Path out = tmp.resolve("run");
        String model = fixture.resolve("model").toString();
        CliRun locate = CliRun.of("values", "locate", "--model", model, "--data", fixture.resolve("values.jsonl").toString(),
                "--general", fixture.resolve("general.txt").toString(), "--top-k", "4", "--caa-layer", "1",
                "--out", out.resolve("neurons.json").toString(), "--threads", "1", "--json");
        assertEquals(0, locate.exitCode(), locate.err());
        JsonNode lo = JSON.readTree(locate.out());
        assertEquals(4, lo.get("neurons_per_value").get("benevolence").asInt());
        assertTrue(Files.exists(out.resolve("caa.json")));

        CliRun steer = CliRun.of("values", "steer", "--neurons", out.resolve("neurons.json").toString(), "--target", "benevolence",
                "--alpha", "1.5", "--out", out.resolve("plan.json").toString(), "--json");
        assertEquals(0, steer.exitCode(), steer.err());
        JsonNode plan = JSON.readTree(out.resolve("plan.json").toFile());
        assertTrue(plan.get("edits").size() >= 1);
        assertEquals("mlp.neurons", plan.get("edits").get(0).get("site").asText());

        CliRun caa = CliRun.of("values", "steer", "--method", "caa", "--caa", out.resolve("caa.json").toString(), "--target", "power",
                "--alpha", "2", "--out", out.resolve("caa-plan.json").toString(), "--control-vector-out", out.resolve("power.gguf").toString());
        assertEquals(0, caa.exitCode(), caa.err());
        assertEquals("residual", JSON.readTree(out.resolve("caa-plan.json").toFile()).get("edits").get(0).get("site").asText());
        assertTrue(Files.size(out.resolve("power.gguf")) > 0);

        // the plan is usable by the runtime commands
        CliRun logits = CliRun.of("logits", "--model", model, "--ids", "1,49,51,52", "--edits", out.resolve("plan.json").toString(), "--json");
        assertEquals(0, logits.exitCode(), logits.err());

        Path sweepDir = tmp.resolve("sweep");
        CliRun sweep = CliRun.of("values", "sweep", "--model", model, "--data", fixture.resolve("values.jsonl").toString(),
                "--pvq", fixture.resolve("pvq.csv").toString(), "--general", fixture.resolve("general.txt").toString(),
                "--top-k", "4", "--targets", "power", "--neuron-mode", "scale", "--neuron-strengths", "2", "--caa-strengths", "1",
                "--out", sweepDir.toString(), "--threads", "1", "--json");
        assertEquals(0, sweep.exitCode(), sweep.err());
        JsonNode so = JSON.readTree(sweep.out());
        assertEquals(2, so.get("points").asInt());
        String html = Files.readString(sweepDir.resolve("report.html"));
        assertTrue(html.contains("<svg") && html.contains("power"));

        Path again = tmp.resolve("report-again");
        CliRun report = CliRun.of("values", "report", "--in", sweepDir.resolve("sweep.json").toString(), "--out", again.toString());
        assertEquals(0, report.exitCode(), report.err());
        assertEquals(html, Files.readString(again.resolve("report.html")), "the report regenerates identically from sweep.json");
    }

    @Test
    void badDataFilesGiveClearErrors() throws IOException {
        String model = fixture.resolve("model").toString();
        Path badCsv = tmp.resolve("bad.csv");
        Files.writeString(badCsv, "questionnaire,item,agreement\nPVQ,x,1\n");
        CliRun r1 = CliRun.of("values", "sweep", "--model", model, "--data", fixture.resolve("values.jsonl").toString(),
                "--pvq", badCsv.toString(), "--out", tmp.resolve("x").toString());
        assertBad(r1, "bad.csv", "value");

        Path unknown = tmp.resolve("unknown.jsonl");
        Files.writeString(unknown, "{\"text\": \"help care\", \"labels\": {\"kindness\": 1}}\n");
        CliRun r2 = CliRun.of("values", "locate", "--model", model, "--data", unknown.toString(), "--out", tmp.resolve("n.json").toString());
        assertBad(r2, "unknown.jsonl", "kindness");

        Path oneClass = tmp.resolve("one.jsonl");
        Files.writeString(oneClass, "{\"text\": \"help care\", \"labels\": {\"benevolence\": 1}}\n{\"text\": \"help loyal\", \"labels\": {\"benevolence\": 1}}\n");
        CliRun r3 = CliRun.of("values", "locate", "--model", model, "--data", oneClass.toString(), "--out", tmp.resolve("n.json").toString());
        assertBad(r3, "one.jsonl", "both classes");

        CliRun r4 = CliRun.of("values", "steer", "--neurons", tmp.resolve("missing.json").toString(), "--target", "benevolence", "--out", tmp.resolve("p.json").toString());
        assertEquals(2, r4.exitCode());
        CliRun r5 = CliRun.of("values", "steer", "--neurons", tmp.resolve("missing.json").toString(), "--target", "kindness", "--out", tmp.resolve("p.json").toString());
        assertBad(r5, "kindness");
    }

    private static void assertBad(CliRun r, String... fragments) {
        assertEquals(2, r.exitCode(), "exit code; stderr: " + r.err());
        String last = r.err().strip();
        last = last.substring(last.lastIndexOf('\n') + 1);
        for (String f : fragments) assertTrue(last.contains(f), "error should name '" + f + "': " + last);
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }
}
