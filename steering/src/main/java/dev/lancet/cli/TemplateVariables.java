package dev.lancet.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import dev.lancet.runtime.LancetException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code NAME=VALUE} options: VALUE is parsed as JSON where it parses ({@code true}, {@code 3}, {@code [1]}), else kept as a string. */
final class TemplateVariables {
    private TemplateVariables() {
    }

    static Map<String, Object> parse(List<String> assignments) {
        Map<String, Object> vars = new LinkedHashMap<>();
        for (String a : assignments) {
            int eq = a.indexOf('=');
            if (eq <= 0) throw new LancetException("--var '" + a + "' is not NAME=VALUE");
            vars.put(a.substring(0, eq), value(a.substring(eq + 1)));
        }
        return vars;
    }

    static Object value(String raw) {
        try {
            return Json.MAPPER.readerFor(Object.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readValue(raw);
        } catch (JsonProcessingException e) {
            return raw;
        }
    }
}
