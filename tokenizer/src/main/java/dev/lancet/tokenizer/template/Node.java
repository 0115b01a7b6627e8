package dev.lancet.tokenizer.template;

import java.util.List;

/**
 * The parsed template: statements that write output and expressions that compute values. Every node keeps
 * {@code pos}, its offset in the template source as written, for error messages.
 */
sealed interface Node {
    int pos();

    // ---- statements ----

    sealed interface Stmt extends Node {
    }

    /** Literal template text. */
    record Text(int pos, String text) implements Stmt {
    }

    /** {@code {{ expr }}}. */
    record Output(int pos, Expr expr) implements Stmt {
    }

    /** {@code {% if %}}; an {@code elif} is an If inside {@code orElse}. */
    record If(int pos, Expr test, List<Stmt> body, List<Stmt> orElse) implements Stmt {
    }

    /**
     * {@code {% for target in iterable [if filter] %}body{% else %}orElse{% endfor %}}; target is a Name or a
     * Tuple of Names; filter may be null.
     */
    record For(int pos, Expr target, Expr iterable, Expr filter, List<Stmt> body, List<Stmt> orElse)
            implements Stmt {
    }

    /** {@code {% set target = value %}} or, with value null, {@code {% set target %}body{% endset %}}. */
    record Set(int pos, Expr target, Expr value, List<Stmt> body) implements Stmt {
    }

    record Macro(int pos, String name, List<Param> params, List<Stmt> body) implements Stmt {
    }

    /** {@code {% call(callerParams) macro(args) %}body{% endcall %}}. */
    record CallBlock(int pos, Call call, List<Param> callerParams, List<Stmt> body) implements Stmt {
    }

    /** {@code {% filter name(args) %}body{% endfilter %}}. */
    record FilterBlock(int pos, String name, List<Arg> args, List<Stmt> body) implements Stmt {
    }

    record Break(int pos) implements Stmt {
    }

    record Continue(int pos) implements Stmt {
    }

    /** A macro or caller parameter; defaultValue may be null. */
    record Param(String name, Expr defaultValue) {
    }

    // ---- expressions ----

    sealed interface Expr extends Node {
    }

    /** A string, integer (Long) or float (Double) literal. */
    record Literal(int pos, Object value) implements Expr {
    }

    record Name(int pos, String name) implements Expr {
    }

    record ListExpr(int pos, List<Expr> items) implements Expr {
    }

    record TupleExpr(int pos, List<Expr> items) implements Expr {
    }

    record DictExpr(int pos, List<Expr> keys, List<Expr> values) implements Expr {
    }

    /** {@code object.key}; key is a String, or a Long for {@code object.0}. */
    record Attribute(int pos, Expr object, Object key) implements Expr {
    }

    /** {@code object[index]}. */
    record Index(int pos, Expr object, Expr index) implements Expr {
    }

    /** {@code object[start:stop:step]}; missing parts are null. */
    record Slice(int pos, Expr object, Expr start, Expr stop, Expr step) implements Expr {
    }

    record Call(int pos, Expr callee, List<Arg> args) implements Expr {
    }

    /** {@code operand | name(args)}. */
    record Filter(int pos, Expr operand, String name, List<Arg> args) implements Expr {
    }

    /** {@code operand is [not] name(args)}. */
    record Test(int pos, Expr operand, String name, boolean negated, List<Arg> args) implements Expr {
    }

    /** {@code not x}, {@code -x}, {@code +x}. */
    record Unary(int pos, String op, Expr operand) implements Expr {
    }

    /** Arithmetic, comparison, {@code and}/{@code or}, {@code in}/{@code not in}, {@code ~}. */
    record Binary(int pos, String op, Expr left, Expr right) implements Expr {
    }

    /** {@code then if test else orElse}; without else (orElse null) the value is undefined when test fails. */
    record Conditional(int pos, Expr test, Expr then, Expr orElse) implements Expr {
    }

    /** A call argument: positional, {@code name=value}, {@code *list} or {@code **mapping}. */
    record Arg(Kind kind, String name, Expr value) {
        enum Kind { POSITIONAL, KEYWORD, SPREAD, KEYWORD_SPREAD }
    }
}
