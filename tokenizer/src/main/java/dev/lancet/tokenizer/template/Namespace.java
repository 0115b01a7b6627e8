package dev.lancet.tokenizer.template;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The object {@code namespace(...)} returns: the one kind of value whose attributes a template may assign
 * ({@code {% set ns.found = true %}}), which is how a value escapes a loop's scope. It is not a mapping for
 * the {@code mapping} test, but renders and serializes like one.
 */
final class Namespace {
    final Map<String, Object> attributes = new LinkedHashMap<>();
}
