package dev.lancet.tokenizer.template;

import dev.lancet.tokenizer.template.Node.Arg;
import dev.lancet.tokenizer.template.Node.Expr;
import dev.lancet.tokenizer.template.Node.Param;
import dev.lancet.tokenizer.template.Node.Stmt;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks the parsed template and writes its output. One instance renders once (it holds the macro call depth).
 * Errors raised while evaluating a node are tagged with that node's line and column (the innermost node wins).
 */
final class Interpreter {
    /** Macro calls deeper than this are refused (a macro calling itself without end). */
    private static final int MAX_CALL_DEPTH = 100;

    private final SourceText source;
    private int callDepth;

    Interpreter(SourceText source) {
        this.source = source;
    }

    /** {@code break} / {@code continue}: unwinds to the enclosing loop; carries no stack trace. */
    private static final class LoopControl extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final LoopControl BREAK = new LoopControl();
        static final LoopControl CONTINUE = new LoopControl();

        private LoopControl() {
            super(null, null, false, false);
        }
    }

    String render(List<Stmt> body, Scope scope) {
        StringBuilder out = new StringBuilder();
        execAll(body, scope, out);
        return out.toString();
    }

    private void execAll(List<Stmt> body, Scope scope, StringBuilder out) {
        for (Stmt s : body) {
            exec(s, scope, out);
        }
    }

    private void exec(Stmt stmt, Scope scope, StringBuilder out) {
        try {
            switch (stmt) {
                case Node.Text t -> out.append(t.text());
                case Node.Output o -> {
                    Object v = eval(o.expr(), scope);
                    if (v != null && !(v instanceof Undefined)) {
                        out.append(Values.display(v));
                    }
                }
                case Node.If i -> execAll(Values.truthy(eval(i.test(), scope)) ? i.body() : i.orElse(), scope, out);
                case Node.For f -> execFor(f, scope, out);
                case Node.Set s -> execSet(s, scope);
                case Node.Macro m -> scope.set(m.name(), macro(m.name(), m.params(), m.body(), null));
                case Node.CallBlock c -> execCallBlock(c, scope, out);
                case Node.FilterBlock f -> {
                    String body = render(f.body(), scope);
                    Object v = Filters.apply(f.name(), body, arguments(f.args(), scope));
                    if (v != null && !(v instanceof Undefined)) {
                        out.append(Values.display(v));
                    }
                }
                case Node.Break b -> throw LoopControl.BREAK;
                case Node.Continue c -> throw LoopControl.CONTINUE;
            }
        } catch (TemplateException e) {
            throw locate(e, stmt.pos());
        }
    }

    private void execFor(Node.For f, Scope scope, StringBuilder out) {
        Scope loopScope = new Scope(scope);
        Object iterable = eval(f.iterable(), loopScope);
        List<?> all = switch (iterable) {
            case List<?> l -> new ArrayList<>(l);
            case Map<?, ?> m -> new ArrayList<>(m.keySet());
            case String s -> Values.characters(s);
            case null, default -> throw locate(new TemplateException("cannot loop over " + Values.typeName(iterable)
                    + (iterable instanceof Undefined ? " (is the variable defined?)" : "")), f.iterable().pos());
        };
        List<Object> items = new ArrayList<>(all.size());
        for (Object item : all) {
            if (f.filter() != null) {
                Scope testScope = new Scope(loopScope);
                bind(f.target(), item, testScope);
                if (!Values.truthy(eval(f.filter(), testScope))) {
                    continue;
                }
            }
            items.add(item);
        }
        int n = items.size();
        for (int i = 0; i < n; i++) {
            Map<String, Object> loop = new LinkedHashMap<>();
            loop.put("index", (long) i + 1);
            loop.put("index0", (long) i);
            loop.put("revindex", (long) (n - i));
            loop.put("revindex0", (long) (n - i - 1));
            loop.put("first", i == 0);
            loop.put("last", i == n - 1);
            loop.put("length", (long) n);
            loop.put("previtem", i > 0 ? items.get(i - 1) : Undefined.INSTANCE);
            loop.put("nextitem", i < n - 1 ? items.get(i + 1) : Undefined.INSTANCE);
            loopScope.set("loop", loop);
            bind(f.target(), items.get(i), loopScope);
            try {
                execAll(f.body(), loopScope, out);
            } catch (LoopControl c) {
                if (c == LoopControl.BREAK) {
                    break;
                }
            }
        }
        if (n == 0) {
            execAll(f.orElse(), loopScope, out);
        }
    }

    /** Assigns a value to a name, or unpacks a list into a tuple of names. */
    private void bind(Expr target, Object value, Scope scope) {
        switch (target) {
            case Node.Name n -> scope.set(n.name(), value);
            case Node.TupleExpr t -> {
                if (!(value instanceof List<?> items)) {
                    throw locate(new TemplateException("cannot unpack " + Values.typeName(value) + " into "
                            + t.items().size() + " names"), t.pos());
                }
                if (items.size() != t.items().size()) {
                    throw locate(new TemplateException("cannot unpack " + items.size() + " values into "
                            + t.items().size() + " names"), t.pos());
                }
                for (int i = 0; i < items.size(); i++) {
                    bind(t.items().get(i), items.get(i), scope);
                }
            }
            default -> throw locate(new TemplateException("cannot assign to this expression"), target.pos());
        }
    }

    private void execSet(Node.Set s, Scope scope) {
        Object value = s.value() != null ? eval(s.value(), scope) : render(s.body(), scope);
        if (s.target() instanceof Node.Attribute a) {
            Object object = eval(a.object(), scope);
            if (!(object instanceof Namespace ns)) {
                throw locate(new TemplateException("cannot set attribute '" + a.key() + "' on "
                        + Values.typeName(object) + ": only a namespace() has assignable attributes"), a.pos());
            }
            ns.attributes.put((String) a.key(), value);
            return;
        }
        bind(s.target(), value, scope);
    }

    private void execCallBlock(Node.CallBlock c, Scope scope, StringBuilder out) {
        TemplateFunction caller = macro("caller", c.callerParams(), c.body(), scope);
        Arguments args = arguments(c.call().args(), scope);
        Object callee = eval(c.call().callee(), scope);
        if (!(callee instanceof TemplateFunction fn)) {
            throw locate(new TemplateException("cannot call " + Values.typeName(callee)), c.call().pos());
        }
        Scope callScope = new Scope(scope);
        callScope.set("caller", caller);
        Object v = fn.call(new Arguments(args.positional(), args.keyword(), callScope));
        if (v != null && !(v instanceof Undefined)) {
            out.append(Values.display(v));
        }
    }

    /**
     * A macro (or a call block's {@code caller}) as a function. Its scope's parent is {@code definitionScope}
     * when given, else the caller's scope, as in the reference. Parameters take positional arguments, then
     * keyword arguments by name, then their defaults; extra arguments land in {@code varargs}/{@code kwargs}.
     */
    private TemplateFunction macro(String name, List<Param> params, List<Stmt> body, Scope definitionScope) {
        return args -> {
            if (callDepth + 1 > MAX_CALL_DEPTH) {
                throw new TemplateException("macro '" + name + "' nested deeper than " + MAX_CALL_DEPTH + " calls");
            }
            callDepth++;
            try {
                Scope macroScope = new Scope(definitionScope != null ? definitionScope : args.scope());
                Map<String, Object> keywords = new LinkedHashMap<>(args.keyword());
                List<Param> pendingDefaults = new ArrayList<>();
                for (int i = 0; i < params.size(); i++) {
                    Param p = params.get(i);
                    if (i < args.positional().size()) {
                        macroScope.set(p.name(), args.positional().get(i));
                    } else if (keywords.containsKey(p.name())) {
                        macroScope.set(p.name(), keywords.remove(p.name()));
                    } else {
                        macroScope.set(p.name(), Undefined.INSTANCE);
                        if (p.defaultValue() != null) {
                            pendingDefaults.add(p);
                        }
                    }
                }
                List<Object> extra = args.positional().size() > params.size()
                        ? new ArrayList<>(args.positional().subList(params.size(), args.positional().size()))
                        : new ArrayList<>();
                macroScope.set("varargs", extra);
                macroScope.set("kwargs", keywords);
                for (Param p : pendingDefaults) {
                    macroScope.set(p.name(), eval(p.defaultValue(), macroScope));
                }
                return render(body, macroScope);
            } finally {
                callDepth--;
            }
        };
    }

    Object eval(Expr expr, Scope scope) {
        try {
            return switch (expr) {
                case Node.Literal l -> l.value();
                case Node.Name n -> scope.lookup(n.name());
                case Node.ListExpr l -> evalAll(l.items(), scope);
                case Node.TupleExpr t -> evalAll(t.items(), scope);
                case Node.DictExpr d -> {
                    Map<String, Object> map = new LinkedHashMap<>();
                    for (int i = 0; i < d.keys().size(); i++) {
                        Object key = eval(d.keys().get(i), scope);
                        if (!(key instanceof String k)) {
                            throw locate(new TemplateException("dict keys must be strings, got "
                                    + Values.typeName(key)), d.keys().get(i).pos());
                        }
                        map.put(k, eval(d.values().get(i), scope));
                    }
                    yield map;
                }
                case Node.Attribute a -> Members.get(eval(a.object(), scope), a.key());
                case Node.Index i -> Members.get(eval(i.object(), scope), eval(i.index(), scope));
                case Node.Slice s -> Members.slice(eval(s.object(), scope), evalOrNull(s.start(), scope),
                        evalOrNull(s.stop(), scope), evalOrNull(s.step(), scope));
                case Node.Call c -> call(c, scope);
                case Node.Filter f -> Filters.apply(f.name(), eval(f.operand(), scope), arguments(f.args(), scope));
                case Node.Test t -> TestFunctions.apply(t.name(), eval(t.operand(), scope), arguments(t.args(), scope))
                        != t.negated();
                case Node.Unary u -> unary(u.op(), eval(u.operand(), scope));
                case Node.Binary b -> binary(b, scope);
                case Node.Conditional c -> Values.truthy(eval(c.test(), scope)) ? eval(c.then(), scope)
                        : c.orElse() != null ? eval(c.orElse(), scope) : Undefined.INSTANCE;
            };
        } catch (TemplateException e) {
            throw locate(e, expr.pos());
        }
    }

    private Object evalOrNull(Expr e, Scope scope) {
        return e == null ? null : eval(e, scope);
    }

    private List<Object> evalAll(List<Expr> items, Scope scope) {
        List<Object> out = new ArrayList<>(items.size());
        for (Expr e : items) {
            out.add(eval(e, scope));
        }
        return out;
    }

    private Object binary(Node.Binary b, Scope scope) {
        Object left = eval(b.left(), scope);
        return switch (b.op()) {
            case "and" -> Values.truthy(left) ? eval(b.right(), scope) : left;
            case "or" -> Values.truthy(left) ? left : eval(b.right(), scope);
            default -> Operators.apply(b.op(), left, eval(b.right(), scope));
        };
    }

    private static Object unary(String op, Object v) {
        if (op.equals("not")) {
            return !Values.truthy(v);
        }
        long sign = op.equals("-") ? -1 : 1;
        return switch (v) {
            case Long l -> {
                if (l == Long.MIN_VALUE && sign < 0) {
                    throw new TemplateException("integer overflow in unary minus");
                }
                yield sign * l;
            }
            case Double d -> sign * d;
            case Boolean b -> sign * (b ? 1L : 0L);
            case null, default -> throw new TemplateException("bad operand type for unary " + op + ": " + Values.typeName(v));
        };
    }

    private Object call(Node.Call c, Scope scope) {
        Object callee = eval(c.callee(), scope);
        Arguments args = arguments(c.args(), scope);
        if (callee instanceof TemplateFunction fn) {
            return fn.call(args);
        }
        String what = switch (c.callee()) {
            case Node.Name n -> "'" + n.name() + "'";
            case Node.Attribute a -> "'" + a.key() + "'";
            default -> "this expression";
        };
        throw new TemplateException(what + " is " + (callee instanceof Undefined ? "undefined" : "a "
                + Values.typeName(callee)) + " and cannot be called");
    }

    private Arguments arguments(List<Arg> args, Scope scope) {
        if (args.isEmpty()) {
            return new Arguments(List.of(), Map.of(), scope);
        }
        List<Object> positional = new ArrayList<>();
        Map<String, Object> keyword = new LinkedHashMap<>();
        for (Arg a : args) {
            Object v = eval(a.value(), scope);
            switch (a.kind()) {
                case POSITIONAL -> positional.add(v);
                case SPREAD -> {
                    if (!(v instanceof List<?> items)) {
                        throw locate(new TemplateException("*argument must be a list, got " + Values.typeName(v)),
                                a.value().pos());
                    }
                    positional.addAll(items);
                }
                case KEYWORD -> keyword.put(a.name(), v);
                case KEYWORD_SPREAD -> {
                    if (!(v instanceof Map<?, ?> m)) {
                        throw locate(new TemplateException("**argument must be a mapping, got " + Values.typeName(v)),
                                a.value().pos());
                    }
                    for (Map.Entry<?, ?> e : m.entrySet()) {
                        String key = String.valueOf(e.getKey());
                        if (keyword.containsKey(key)) {
                            throw locate(new TemplateException("keyword argument '" + key + "' given twice"),
                                    a.value().pos());
                        }
                        keyword.put(key, e.getValue());
                    }
                }
            }
        }
        return new Arguments(positional, keyword, scope);
    }

    private TemplateException locate(TemplateException e, int originalOffset) {
        return e.at(source.line(originalOffset), source.column(originalOffset));
    }
}
