package dev.lancet.steering.values;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

class ValueReportTest {
    private static final String HOSTILE = "m<script>alert('x')</script>&\"q\"";

    private static Document parseXml(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        DocumentBuilder b = f.newDocumentBuilder();
        b.setErrorHandler(null);
        return b.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> svgs(String html) {
        Matcher m = Pattern.compile("<svg\\b.*?</svg>", Pattern.DOTALL).matcher(html);
        List<String> out = new ArrayList<>();
        while (m.find()) out.add(m.group());
        return out;
    }

    @Test
    void pageAndEverySvgAreWellFormedWithTwoFullHeatmaps() throws Exception {
        SweepResult sweep = SyntheticSweep.build(HOSTILE);
        String html = ValueReport.html(sweep, ReportOptions.defaults());
        // the whole page is well-formed XML once the HTML5 doctype is removed
        Document page = parseXml(html.replaceFirst("<!DOCTYPE html>", ""));
        assertEquals("html", page.getDocumentElement().getTagName());
        List<String> svgs = svgs(html);
        int heatmaps = 0;
        for (String svg : svgs) {
            Document d = parseXml(svg);
            Element root = d.getDocumentElement();
            assertEquals("svg", root.getLocalName());
            assertEquals("http://www.w3.org/2000/svg", root.getNamespaceURI());
            if (root.getAttribute("class").equals("heatmap")) {
                heatmaps++;
                int cells = 0;
                NodeList rects = d.getElementsByTagNameNS("http://www.w3.org/2000/svg", "rect");
                for (int i = 0; i < rects.getLength(); i++) {
                    if (((Element) rects.item(i)).getAttribute("class").equals("cell")) cells++;
                }
                assertEquals(100, cells);
            }
        }
        assertEquals(2, heatmaps);
        assertEquals(6, svgs.stream().filter(s -> s.contains("class=\"linechart\"")).count());
        assertEquals(2, svgs.stream().filter(s -> s.contains("class=\"barchart\"")).count());
        // text is escaped: the model name never appears raw
        assertFalse(html.contains("<script>"));
        assertTrue(html.contains("m&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;q&quot;"));
        // no external resources
        assertFalse(html.contains("http://") && html.replace("http://www.w3.org/2000/svg", "").contains("http://"));
        assertFalse(html.contains("https://"));
        assertFalse(html.contains("<script"));
    }

    @Test
    void undefinedRowsAndSummaryNumbers() {
        SweepResult sweep = SyntheticSweep.build("fixture");
        ReportData data = ReportData.of(sweep, ReportOptions.defaults());
        ReportData.MethodSummary caa = data.methods().get(1);
        assertEquals("caa", caa.method());
        assertEquals(4.0, caa.heatmapStrength());
        assertEquals(10, caa.targetsRun());
        assertEquals(9, caa.targetsDefined());
        assertEquals(List.of(SchwartzValue.HEDONISM), caa.undefinedTargets());
        assertTrue(caa.matrix().get(SchwartzValue.HEDONISM.ordinal()).stream().allMatch(x -> x == null));
        // the mean NLR over defined targets equals the mean of the points' own NLR at strength 4
        double sum = 0;
        int n = 0;
        for (SweepPoint p : sweep.points()) {
            if (p.method().equals("caa") && p.strength() == 4 && p.nlr() != null) {
                sum += p.nlr();
                n++;
            }
        }
        assertEquals(sum / n, caa.meanNlr(), 1e-12);
        assertEquals(4, caa.curve().size());
        assertEquals(9, caa.curve().getFirst().nlrDefined());
        // an explicit strength picks those runs
        ReportData at1 = ReportData.of(sweep, new ReportOptions("t", Map.of("neurons", 1.0)));
        assertEquals(1.0, at1.methods().getFirst().heatmapStrength());
        assertTrue(data.methods().getFirst().meanNlr() < caa.meanNlr(), "the synthetic neuron method leaks less");
    }

    @Test
    void writesAllFilesAndTheSweepRoundTrips(@TempDir Path dir) throws Exception {
        SweepResult sweep = SyntheticSweep.build(HOSTILE);
        List<Path> files = ValueReport.write(sweep, ReportOptions.defaults(), dir);
        assertEquals(5, files.size());
        for (Path f : files) assertTrue(Files.size(f) > 0, f.toString());
        SweepResult back = SweepResult.read(dir.resolve(ValueReport.SWEEP_JSON_FILE));
        assertEquals(sweep.toJson(), back.toJson());
        assertEquals(ValueReport.html(sweep, ReportOptions.defaults()), ValueReport.html(back, ReportOptions.defaults()));
        List<String> points = Files.readAllLines(dir.resolve(ValueReport.POINTS_CSV_FILE));
        assertEquals(1 + 2 * 10 * 4, points.size());
        assertTrue(points.getFirst().startsWith("target,method,strength,gain,nlr,nglr"));
        // caa hedonism rows have empty nlr/nglr cells
        assertTrue(points.stream().anyMatch(l -> l.startsWith("hedonism,caa,4.0,-0.2,,,")), String.join("\n", points));
        List<String> matrix = Files.readAllLines(dir.resolve(ValueReport.MATRIX_CSV_FILE));
        assertEquals(1 + 2 * 100, matrix.size());
        String out = System.getProperty("lancet.report.out");
        if (out != null && !out.isBlank()) {
            List<Path> written = ValueReport.write(SyntheticSweep.build("synthetic sweep (made-up numbers)"),
                    ReportOptions.defaults(), Path.of(out));
            System.err.println("report written to " + written.getFirst().toAbsolutePath());
        }
    }

    @Test
    void sweepJsonIsValidatedAndReordered(@TempDir Path dir) throws IOException {
        String json = SyntheticSweep.build("x").toJson();
        Path f = dir.resolve("sweep.json");
        Files.writeString(f, json.replaceFirst("\"target\" : \"self-direction\"", "\"target\" : \"humility\""));
        ValueDataException e = assertThrows(ValueDataException.class, () -> SweepResult.read(f));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("'humility'"), e.getMessage());
        Files.writeString(f, json.replaceFirst("\"nlr\" : [0-9.E-]+", "\"nlr\" : -1"));
        e = assertThrows(ValueDataException.class, () -> SweepResult.read(f));
        assertTrue(e.getMessage().contains("'nlr' must be finite and >= 0"), e.getMessage());
        // a permuted value order is accepted and mapped back to circumplex order
        String tiny = """
                {"format": "lancet-values-sweep/1", "values": ["universalism", "self-direction", "stimulation", "hedonism",
                  "achievement", "power", "security", "conformity", "tradition", "benevolence"],
                 "points": [{"target": "universalism", "method": "caa", "strength": 1.0,
                   "delta": [0.5, 0.1, 0, 0, 0, 0, 0, 0, 0, 0], "nlr": null, "nglr": null}]}
                """;
        SweepResult r = SweepResult.parse(tiny, "tiny");
        assertEquals(0.5, r.points().getFirst().delta()[SchwartzValue.UNIVERSALISM.ordinal()]);
        assertEquals(0.1, r.points().getFirst().delta()[SchwartzValue.SELF_DIRECTION.ordinal()]);
        assertEquals(List.of("caa"), r.methods());
        assertEquals(SweepResult.CIRCUMPLEX, r.values());
    }

    @Test
    void minimalSweepStillRenders() throws Exception {
        // one method, one target, one strength, no capability numbers, no per-layer counts
        SweepResult tiny = SweepResult.of(null, null, null, null, List.of(SweepPoint.measured(SchwartzValue.POWER, "caa", 1.0,
                new double[] {0, 0, 0, 0.2, 0.5, -0.1, 0, 0, 0, 0}, null, null, null, LeakageWeights.standard())), null, null);
        String html = ValueReport.html(tiny, ReportOptions.defaults());
        parseXml(html.replaceFirst("<!DOCTYPE html>", ""));
        List<String> svgs = svgs(html);
        for (String svg : svgs) parseXml(svg);
        assertEquals(1, svgs.stream().filter(x -> x.contains("class=\"heatmap\"")).count());
        assertEquals(100, Pattern.compile("<rect class=\"cell\"").matcher(html).results().count());
        assertTrue(html.contains(">no data</text>"), "capability charts say so when nothing was measured");
        assertTrue(html.contains("No located neurons in this sweep file."));
        // NLR = 0.2 / (9 * 0.5) for the single defined row
        assertEquals(0.2 / 4.5, ReportData.of(tiny, ReportOptions.defaults()).methods().getFirst().meanNlr(), 1e-12);
    }
}
