package dev.lancet.tokenizer.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The interpreter on small templates whose output follows from Jinja semantics (as the reference renders them). */
class ChatTemplateInterpreterTest {

    static String render(String template) {
        return render(template, Map.of());
    }

    static String render(String template, Map<String, Object> variables) {
        return ChatTemplate.compile(template).render(variables);
    }

    static Map<String, Object> vars(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    @Nested
    class Loops {
        @Test
        void loopVariables() {
            String t = "{% for x in xs %}{{ loop.index }}{{ loop.index0 }}{{ x }}"
                    + "{% if loop.first %}F{% endif %}{% if loop.last %}L{% endif %}/{{ loop.length }}"
                    + "{{ loop.revindex }}{{ loop.revindex0 }};{% endfor %}";
            assertEquals("10aF/332;21b/321;32cL/310;", render(t, vars("xs", List.of("a", "b", "c"))));
        }

        @Test
        void previousAndNextItem() {
            assertEquals("-2;1-3;2-;",
                    render("{% for x in [1,2,3] %}{{ loop.previtem }}-{{ loop.nextitem }};{% endfor %}"));
        }

        @Test
        void tupleUnpackingOverItems() {
            assertEquals("a=1,b=2,", render("{% for k, v in d.items() %}{{ k }}={{ v }},{% endfor %}",
                    vars("d", vars("a", 1, "b", 2))));
        }

        @Test
        void loopOverMappingYieldsKeys() {
            assertEquals("ab", render("{% for k in d %}{{ k }}{% endfor %}", vars("d", vars("a", 1, "b", 2))));
        }

        @Test
        void filterClauseCountsOnlyKeptItems() {
            assertEquals("21;42;", render("{% for x in [1,2,3,4] if x is even %}{{ x }}{{ loop.index }};{% endfor %}"));
        }

        @Test
        void elseBranchRunsOnlyWithoutIterations() {
            assertEquals("empty", render("{% for x in [] %}a{% else %}empty{% endfor %}"));
            assertEquals("none", render("{% for x in [1,2] if x > 5 %}a{% else %}none{% endfor %}"));
            assertEquals("1", render("{% for x in [1] %}{{ x }}{% else %}empty{% endfor %}"));
        }

        @Test
        void breakAndContinue() {
            assertEquals("13", render("{% for x in [1,2,3,4] %}{% if x == 2 %}{% continue %}{% endif %}"
                    + "{% if x == 4 %}{% break %}{% endif %}{{ x }}{% endfor %}"));
        }

        @Test
        void nestedLoopsHaveTheirOwnLoopVariable() {
            assertEquals("11221;13242;", render("{% for a in [[1,2],[3,4]] %}{% for b in a %}{{ loop.index }}{{ b }}"
                    + "{% endfor %}{{ loop.index }};{% endfor %}"));
        }

        @Test
        void assignmentInsideLoopDoesNotLeak() {
            assertEquals("21", render("{% set x = 1 %}{% for i in [1] %}{% set x = 2 %}{{ x }}{% endfor %}{{ x }}"));
        }

        @Test
        void loopOverUndefinedIsAnErrorWithItsLine() {
            TemplateException e = assertThrows(TemplateException.class,
                    () -> render("line one\n{% for m in missing %}{{ m }}{% endfor %}"));
            assertEquals(2, e.line());
            assertTrue(e.getMessage().contains("undefined"), e.getMessage());
        }

        @Test
        void reversedSliceAndRange() {
            assertEquals("321|012|147", render("{% for x in [1,2,3][::-1] %}{{ x }}{% endfor %}|"
                    + "{% for i in range(3) %}{{ i }}{% endfor %}|{% for i in range(1, 10, 3) %}{{ i }}{% endfor %}"));
        }
    }

    @Nested
    class Assignments {
        @Test
        void namespaceCarriesValuesOutOfLoops() {
            assertEquals("10 true", render("{% set ns = namespace(total=0, found=false) %}"
                    + "{% for i in range(5) %}{% set ns.total = ns.total + i %}{% if i == 3 %}"
                    + "{% set ns.found = true %}{% endif %}{% endfor %}{{ ns.total }} {{ ns.found }}"));
        }

        @Test
        void attributeAssignmentNeedsANamespace() {
            TemplateException e = assertThrows(TemplateException.class,
                    () -> render("{% set d = {'a': 1} %}{% set d.a = 2 %}"));
            assertTrue(e.getMessage().contains("namespace"), e.getMessage());
        }

        @Test
        void tupleAndBlockSet() {
            assertEquals("12[block 2]", render("{% set a, b = 1, 2 %}{{ a }}{{ b }}"
                    + "{% set s %}block {{ 1 + 1 }}{% endset %}[{{ s }}]"));
        }

        @Test
        void macrosWithDefaultsAndKeywords() {
            String t = "{% macro greet(name, greeting='Hello') %}{{ greeting }}, {{ name }}!{% endmacro %}"
                    + "{{ greet('Bob') }}|{{ greet('Al', 'Hi') }}|{{ greet(greeting='Yo', name='Cy') }}";
            assertEquals("Hello, Bob!|Hi, Al!|Yo, Cy!", render(t));
        }

        @Test
        void callBlockAndFilterBlockAndRaw() {
            assertEquals("<inner>", render("{% macro wrap() %}<{{ caller() }}>{% endmacro %}"
                    + "{% call wrap() %}inner{% endcall %}"));
            assertEquals("HELLO X", render("{% filter upper %}hello {{ 'x' }}{% endfilter %}"));
            assertEquals("{{ kept }} {% if %}", render("{% raw %}{{ kept }} {% if %}{% endraw %}"));
        }
    }

    @Nested
    class Expressions {
        @Test
        void valuesRenderAsTheReferenceDoes() {
            assertEquals("1|1.0|2.5|true|false||[1, \"a\", null]|{\"k\": [1, 2]}",
                    render("{{ 1 }}|{{ 1.0 }}|{{ 2.5 }}|{{ true }}|{{ False }}|{{ none }}|{{ [1, 'a', none] }}"
                            + "|{{ {'k': [1, 2]} }}"));
        }

        @Test
        void arithmetic() {
            assertEquals("3|-4|3.5|1|1024|7|9|0.30000000000000004",
                    render("{{ 7 // 2 }}|{{ -7 // 2 }}|{{ 7 / 2 }}|{{ 7 % 3 }}|{{ 2 ** 10 }}|{{ 1 + 2 * 3 }}"
                            + "|{{ (1 + 2) * 3 }}|{{ 0.1 + 0.2 }}"));
        }

        @Test
        void concatenation() {
            assertEquals("a12true|ab1", render("{{ 'a' ~ 1 ~ 2.0 ~ true }}|{{ 'a' + 'b' + 1 }}"));
        }

        @Test
        void comparisonsAndLogic() {
            assertEquals("true true true false 2 0 b true",
                    render("{{ 1 == 1.0 }} {{ 'a' != 'b' }} {{ 2 >= 2 }} {{ 1 > 2 }} {{ 1 and 2 }} {{ 0 and 2 }}"
                            + " {{ 0 or 'b' }} {{ not [] }}"));
        }

        @Test
        void membership() {
            assertEquals("true true true true false true",
                    render("{{ 'a' in 'abc' }} {{ 'z' not in 'abc' }} {{ 2 in [1, 2] }} {{ 'k' in {'k': 1} }}"
                            + " {{ 'x' in missing }} {{ 'x' not in missing }}"));
        }

        @Test
        void conditionalExpressions() {
            assertEquals("yes|no||c", render("{{ 'yes' if 1 else 'no' }}|{{ 'yes' if 0 else 'no' }}|{{ 'yes' if 0 }}"
                    + "|{{ 'a' if 0 else 'b' if 0 else 'c' }}"));
        }

        @Test
        void tests() {
            assertEquals("FTTTTFTTFTT",
                    render("{% macro b(v) %}{{ 'T' if v else 'F' }}{% endmacro %}"
                            + "{{ b(x is defined) }}{{ b(x is undefined) }}{{ b(none is none) }}{{ b('a' is string) }}"
                            + "{{ b(1.5 is number) }}{{ b(true is number) }}{{ b({} is mapping) }}{{ b('s' is iterable) }}"
                            + "{{ b(1 is true) }}{{ b(false is false) }}{{ b(3 is odd) }}"));
            assertEquals("true false", render("{{ x is not defined }} {{ 1 is not number }}"));
        }

        @Test
        void undefinedValuesAreFalsyAndEmpty() {
            Map<String, Object> v = vars("messages", List.of(vars("role", "user")));
            assertEquals("[][][][]n", render("[{{ messages[0]['content'] }}][{{ messages[0].nope }}][{{ messages[5] }}]"
                    + "[{{ u.v.w }}]{% if u %}y{% else %}n{% endif %}", v));
            assertEquals("false true", render("{{ messages[0].content is defined }} {{ messages[0].content is undefined }}", v));
        }

        @Test
        void noneIsDistinctFromUndefined() {
            Map<String, Object> message = new HashMap<>();
            message.put("content", null);
            assertEquals("true true false", render("{{ m.content is defined }} {{ m.content is none }}"
                    + " {{ m.other is none }}", vars("m", message)));
        }

        @Test
        void indexingAndSlicing() {
            assertEquals("a c bc cba ace [2, 3] [4, 3, 2] 3 [1, 3]",
                    render("{{ s[0] }} {{ s[-1] }} {{ s[1:] }} {{ s[::-1] }} {{ 'abcde'[::2] }} {{ xs[1:3] }}"
                            + " {{ xs[:0:-1] }} {{ xs[-2] }} {{ xs[::2] }}",
                            vars("s", "abc", "xs", List.of(1, 2, 3, 4))));
        }

        @Test
        void dictMethods() {
            assertEquals("[\"b\", \"a\"] [2, 1] 2 none 5 [[\"a\", 1], [\"b\", 2]]",
                    render("{{ d.keys() }} {{ d.values() }} {{ d.get('b') }} {{ d.get('z') is none and 'none' }}"
                            + " {{ d.get('z', 5) }} {{ d | dictsort }}", vars("d", vars("b", 2, "a", 1))));
        }
    }

    @Nested
    class StringMethodsAndFilters {
        @Test
        void stringMethods() {
            assertEquals("HI|hi|Hello World-Foo|HELLO|true|true|bbb|bba|3|a-b",
                    render("{{ 'Hi'.upper() }}|{{ 'Hi'.lower() }}|{{ 'hello world-foo'.title() }}"
                            + "|{{ 'hELLO'.capitalize() }}|{{ 'abc'.startswith('a') }}|{{ 'abc'.endswith(('x', 'c')) }}"
                            + "|{{ 'aaa'.replace('a', 'b') }}|{{ 'aaa'.replace('a', 'b', 2) }}|{{ 'abcd'.find('d') }}"
                            + "|{{ '{}-{}'.format('a', 'b') }}"));
        }

        @Test
        void split() {
            assertEquals("[\"a\", \"b\", \"\", \"c\"]|[\"a\", \"b\", \"c\"]|[\"a\", \"b,c\"]|[\"a\", \"b c \"]|c",
                    render("{{ 'a,b,,c'.split(',') }}|{{ ' a  b c '.split() }}|{{ 'a,b,c'.split(',', 1) }}"
                            + "|{{ ' a  b c '.split(none, 1) }}|{{ 'a</think>c'.split('</think>')[-1] }}"));
        }

        @Test
        void stripWithAndWithoutChars() {
            assertEquals("[hi]|[a b ]|[  a b]|[hi]|[hi\n]|[\n\nhi]|[  x]",
                    render("[{{ '  hi \n'.strip() }}]|[{{ '  a b '.lstrip() }}]|[{{ '  a b '.rstrip() }}]"
                            + "|[{{ 'xxhixx'.strip('x') }}]|[{{ '\n\nhi\n'.lstrip('\n') }}]|[{{ '\n\nhi\n'.rstrip('\n') }}]"
                            + "|[{{ '\n  x'.lstrip('\n') }}]"));
        }

        @Test
        void basicFilters() {
            assertEquals("hi|HI|3|5|1|3|[1, 2, 3]|[3, 2]|a, b|1-2|d||d",
                    render("{{ '  hi  ' | trim }}|{{ 'hi' | upper }}|{{ [1, 2, 3] | length }}|{{ 'héllo' | length }}"
                            + "|{{ [1, 2, 3] | first }}|{{ [1, 2, 3] | last }}|{{ [3, 1, 2] | sort }}"
                            + "|{{ [2, 3] | reverse | list }}|{{ ['a', 'b'] | join(', ') }}|{{ [1, 2] | join('-') }}"
                            + "|{{ x | default('d') }}|{{ '' | default('d') }}|{{ '' | default('d', true) }}"));
        }

        @Test
        void conversionFilters() {
            assertEquals("42|42|0|7|3|3.5|3.0|5|2.5|3|2.0|2.67", render("{{ '42' | int }}|{{ '42abc' | int }}"
                    + "|{{ 'abc' | int }}|{{ 'abc' | int(7) }}|{{ 3.7 | int }}|{{ '3.5' | float }}|{{ 3 | float }}"
                    + "|{{ -5 | abs }}|{{ -2.5 | abs }}|{{ 3 | string }}|{{ 2.5 | round }}|{{ 2.675 | round(2) }}"));
        }

        @Test
        void collectionFilters() {
            Map<String, Object> v = vars("items", List.of(vars("n", "a", "on", true), vars("n", "b", "on", false),
                    vars("n", "c")));
            assertEquals("[\"a\"]|[\"b\", \"c\"]|1|[\"a\", \"b\", \"c\"]|[1, 2, \"a\"]|[[\"k\", 1]]",
                    render("{{ items | selectattr('on') | map(attribute='n') | list }}"
                            + "|{{ items | rejectattr('on') | map(attribute='n') | list }}"
                            + "|{{ items | selectattr('n', 'equalto', 'b') | list | length }}"
                            + "|{{ items | map(attribute='n') | list }}|{{ [1, 2, 1, 'a', 'a'] | unique | list }}"
                            + "|{{ {'k': 1} | items | list }}", v));
        }

        @Test
        void indentFilter() {
            assertEquals("a\n    b\n\n    c|  a\n  b", render("{{ 'a\nb\n\nc' | indent }}|{{ 'a\nb' | indent(2, true) }}"));
        }

        @Test
        void tojsonCompactAndIndented() {
            Map<String, Object> tool = vars("name", "f", "params", vars("type", "object", "required", List.of("x"),
                    "empty", List.of(), "n", 1.5), "ok", true, "none", null);
            assertEquals("{\"name\": \"f\", \"params\": {\"type\": \"object\", \"required\": [\"x\"], \"empty\": [],"
                    + " \"n\": 1.5}, \"ok\": true, \"none\": null}", render("{{ t | tojson }}", vars("t", tool)));
            assertEquals("{\n  \"name\": \"f\",\n  \"params\": {\n    \"type\": \"object\",\n    \"required\": [\n"
                    + "      \"x\"\n    ],\n    \"empty\": [],\n    \"n\": 1.5\n  },\n  \"ok\": true,\n  \"none\": null\n}",
                    render("{{ t | tojson(indent=2) }}", vars("t", tool)));
        }

        @Test
        void tojsonEscapesAndOptions() {
            assertEquals("\"é\\\"\\n\\u0001\"|\"\\u00e9\"|{\"a\":1,\"b\":[1,2]}|{\"A\": 2, \"b\": 1}|null",
                    render("{{ s | tojson }}|{{ 'é' | tojson(ensure_ascii=true) }}"
                            + "|{{ {'a': 1, 'b': [1, 2]} | tojson(separators=(',', ':')) }}"
                            + "|{{ {'b': 1, 'A': 2} | tojson(sort_keys=true) }}|{{ missing | tojson }}",
                            vars("s", "é\"\n\u0001")));
        }

        @Test
        void unknownFilterIsAnError() {
            TemplateException e = assertThrows(TemplateException.class, () -> render("{{ 'a' | nosuchfilter }}"));
            assertTrue(e.getMessage().contains("nosuchfilter"), e.getMessage());
        }
    }

    @Nested
    class Whitespace {
        @Test
        void dashesStripOnBothSides() {
            assertEquals("abc", render("a  \n  {%- if true -%}  \n  b  \n  {%- endif -%}  \n  c"));
            assertEquals("  x  yz", render("{{- '  x  ' -}}   {{ 'y' }}  \n  {{- 'z' }}"));
        }

        @Test
        void trimBlocksAndLstripBlocks() {
            assertEquals("    x\n  y", render("  {% if true %}\n    x\n  {% endif %}\n  y\n"));
            assertEquals("  1\n  2\n", render("{% for x in [1,2] %}\n  {{ x }}\n{% endfor %}\n"));
            assertEquals("line1\nline2 1", render("line1\n    {% set x = 1 %}\nline2 {{ x }}\n"));
        }

        @Test
        void onlyOneTrailingNewlineIsDropped() {
            assertEquals("x\n", render("x\n\n"));
            assertEquals("a\nb", render("{{ 'a' }}\n{{ 'b' }}\n"));
        }

        @Test
        void commentsVanishWithTheirWhitespaceControl() {
            assertEquals("ab  d\ne", render("a {#- comment -#} b {# c #} d\n{# x #}\ne"));
        }

        @Test
        void generationTagsAreRemoved() {
            assertEquals("gen|g2|", render("{% generation %}gen{% endgeneration %}|  {%- generation -%}  g2  "
                    + "{%- endgeneration -%}  |"));
        }
    }

    @Nested
    class Errors {
        @Test
        void raiseExceptionKeepsTheTemplateMessage() {
            TemplateException e = assertThrows(TemplateException.class, () -> render(
                    "{% if messages[0].role != 'user' %}\n{{ raise_exception('Conversation must start with user') }}"
                            + "{% endif %}", vars("messages", List.of(vars("role", "assistant")))));
            assertEquals("Conversation must start with user", e.getMessage());
            assertTrue(e.raisedByTemplate());
            assertEquals(2, e.line());
        }

        @Test
        void syntaxErrorsGiveLineAndColumn() {
            TemplateException unclosed = assertThrows(TemplateException.class,
                    () -> ChatTemplate.compile("ok\n\n  {% if x %}never closed"));
            assertEquals(3, unclosed.line());
            assertEquals(3, unclosed.column());
            assertTrue(unclosed.getMessage().startsWith("line 3, column 3:"), unclosed.getMessage());
            assertTrue(unclosed.getMessage().contains("endif"), unclosed.getMessage());

            TemplateException unknown = assertThrows(TemplateException.class,
                    () -> ChatTemplate.compile("a\nb {% include 'x' %}"));
            assertEquals(2, unknown.line());
            assertTrue(unknown.getMessage().contains("include"), unknown.getMessage());

            TemplateException badExpr = assertThrows(TemplateException.class,
                    () -> ChatTemplate.compile("{{ 1 + }}"));
            assertEquals(1, badExpr.line());
            assertEquals(8, badExpr.column());

            TemplateException string = assertThrows(TemplateException.class,
                    () -> ChatTemplate.compile("x\n{{ 'unterminated }}"));
            assertEquals(2, string.line());
        }

        @Test
        void lineNumbersSurviveWhitespacePreprocessing() {
            TemplateException e = assertThrows(TemplateException.class, () -> ChatTemplate.compile(
                    "{%- for m in messages %}\n    {%- if m %}\n        {{- m.x(}}\n    {%- endif %}\n{%- endfor %}"));
            assertEquals(3, e.line());
        }

        @Test
        void renderErrorsNameTheProblemAndPlace() {
            TemplateException e = assertThrows(TemplateException.class, () -> render("a\n  {{ 1 + 'x' * none }}"));
            assertEquals(2, e.line());
            TemplateException call = assertThrows(TemplateException.class, () -> render("{{ nofunc() }}"));
            assertTrue(call.getMessage().contains("nofunc"), call.getMessage());
            assertFalse(call.raisedByTemplate());
        }

        @Test
        void breakOutsideLoopIsASyntaxError() {
            assertThrows(TemplateException.class, () -> ChatTemplate.compile("{% break %}"));
        }

        @Test
        void deepNestingIsRefusedNotCrashing() {
            String deep = "{{ " + "(".repeat(500) + "1" + ")".repeat(500) + " }}";
            TemplateException e = assertThrows(TemplateException.class, () -> ChatTemplate.compile(deep));
            assertTrue(e.getMessage().contains("deeper"), e.getMessage());
            assertThrows(TemplateException.class, () -> ChatTemplate.compile("{{ " + "not ".repeat(100_000) + "x }}"));
        }

        @Test
        void runawayRecursionIsStopped() {
            TemplateException e = assertThrows(TemplateException.class,
                    () -> render("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}"));
            assertTrue(e.getMessage().contains("deeper"), e.getMessage());
        }
    }

    @Nested
    class Inputs {
        @Test
        void javaValuesAreConverted() {
            assertEquals("7 2 2.5 true [1, 2]", render("{{ i }} {{ d }} {{ f }} {{ b }} {{ l }}",
                    vars("i", 7, "d", 2.0, "f", 2.5, "b", true, "l", List.of(1, 2))));
        }

        @Test
        void callerDataIsNotModified() {
            List<Object> list = new ArrayList<>(List.of(vars("k", 1)));
            render("{% set ns = namespace(x=list) %}{% set ns.x = 2 %}{{ list[0] }}", vars("list", list));
            assertEquals(List.of(vars("k", 1)), list);
        }

        @Test
        void unsupportedValueTypesAreRejected() {
            TemplateException e = assertThrows(TemplateException.class, () -> render("{{ x }}", vars("x", new Object())));
            assertTrue(e.getMessage().contains("x"), e.getMessage());
        }
    }
}
