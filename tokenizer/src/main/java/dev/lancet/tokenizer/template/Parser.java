package dev.lancet.tokenizer.template;

import dev.lancet.tokenizer.template.Node.Arg;
import dev.lancet.tokenizer.template.Node.Expr;
import dev.lancet.tokenizer.template.Node.Param;
import dev.lancet.tokenizer.template.Node.Stmt;
import dev.lancet.tokenizer.template.Token.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Recursive-descent parser from tokens to {@link Node}s, with the reference engine's operator precedence
 * (loosest first): {@code a if b else c}; {@code or}; {@code and}; {@code not}; comparisons and
 * {@code in}/{@code not in}; {@code + - ~}; {@code * / // %}; {@code **}; {@code is} tests; {@code |} filters;
 * unary {@code - +}; then member access, subscripts and calls. (This differs from Python Jinja in a few places,
 * e.g. {@code ~} binds like {@code +} and a filter binds tighter than unary minus; rendering matches the
 * reference.)
 */
final class Parser {
    private static final int MAX_NESTING = 200;
    private static final List<String> STATEMENTS =
            List.of("set", "if", "for", "macro", "call", "filter", "break", "continue");

    private final SourceText source;
    private final List<Token> tokens;
    private int current;
    private int loopDepth;
    private int nesting;

    private Parser(SourceText source, List<Token> tokens) {
        this.source = source;
        this.tokens = tokens;
    }

    static List<Stmt> parse(SourceText source, List<Token> tokens) {
        Parser p = new Parser(source, tokens);
        List<Stmt> body = new ArrayList<>();
        while (!p.atEnd()) {
            p.parseAny(body);
        }
        return List.copyOf(body);
    }

    // ---------------------------------------------------------------- statements

    private void parseAny(List<Stmt> out) {
        Token t = peek();
        switch (t.type()) {
            case TEXT -> {
                current++;
                out.add(new Node.Text(t.offset(), t.text()));
            }
            case COMMENT -> current++;
            case OPEN_EXPRESSION -> {
                current++;
                Expr e = parseExpression();
                expect(Type.CLOSE_EXPRESSION, "'}}' to close the expression");
                out.add(new Node.Output(t.offset(), e));
            }
            case OPEN_STATEMENT -> out.add(parseStatement());
            default -> throw error("unexpected " + t.describe() + " outside a tag", t);
        }
    }

    private Stmt parseStatement() {
        Token open = next();
        Token name = peekOrEnd();
        if (name == null || name.type() != Type.IDENTIFIER) {
            throw error("expected a statement name after '{%'", name == null ? open : name);
        }
        if (!STATEMENTS.contains(name.text())) {
            boolean closer = name.text().startsWith("end") || List.of("elif", "else").contains(name.text());
            throw error(closer
                    ? "unexpected '{% " + name.text() + " %}' without a matching opening statement"
                    : "unknown statement '" + name.text() + "'", name);
        }
        current++;
        if (++nesting > MAX_NESTING) {
            throw error("template nests statements deeper than " + MAX_NESTING, name);
        }
        try {
            return switch (name.text()) {
                case "set" -> parseSet(open);
                case "if" -> {
                    Stmt s = parseIfRest(open);
                    expectEnd("endif", "if", open);
                    yield s;
                }
                case "for" -> parseFor(open);
                case "macro" -> parseMacro(open);
                case "call" -> parseCallBlock(open);
                case "filter" -> parseFilterBlock(open);
                case "break", "continue" -> {
                    if (loopDepth == 0) {
                        throw error("'{% " + name.text() + " %}' outside a for loop", name);
                    }
                    expect(Type.CLOSE_STATEMENT, "'%}'");
                    yield name.text().equals("break") ? new Node.Break(open.offset()) : new Node.Continue(open.offset());
                }
                default -> throw new IllegalStateException(name.text());
            };
        } finally {
            nesting--;
        }
    }

    private Stmt parseSet(Token open) {
        Expr target = parseExpressionSequence();
        checkAssignable(target);
        if (peekIs(Type.EQUALS)) {
            current++;
            Expr value = parseExpressionSequence();
            expect(Type.CLOSE_STATEMENT, "'%}' to close the set statement");
            return new Node.Set(open.offset(), target, value, List.of());
        }
        expect(Type.CLOSE_STATEMENT, "'=' or '%}' in the set statement");
        List<Stmt> body = parseBody("set", open, "endset");
        expectEnd("endset", "set", open);
        return new Node.Set(open.offset(), target, null, body);
    }

    private void checkAssignable(Expr target) {
        boolean ok = switch (target) {
            case Node.Name n -> true;
            case Node.TupleExpr t -> t.items().stream().allMatch(i -> i instanceof Node.Name);
            case Node.Attribute a -> a.key() instanceof String;
            default -> false;
        };
        if (!ok) {
            throw source.error("cannot assign to this expression (use a name, names separated by commas, "
                    + "or namespace.attribute)", target.pos());
        }
    }

    /** After {@code {% if} or {@code {% elif}: condition, body, and the elif/else chain (not the endif). */
    private Stmt parseIfRest(Token open) {
        Expr test = parseExpression();
        expect(Type.CLOSE_STATEMENT, "'%}' to close the if condition");
        List<Stmt> body = parseBody("if", open, "elif", "else", "endif");
        List<Stmt> orElse = List.of();
        if (isStatement("elif")) {
            Token elif = peek();
            current += 2;
            orElse = List.of(parseIfRest(elif));
        } else if (isStatement("else")) {
            current += 2;
            expect(Type.CLOSE_STATEMENT, "'%}' after else");
            orElse = parseBody("if", open, "endif");
        }
        return new Node.If(open.offset(), test, body, orElse);
    }

    private Stmt parseFor(Token open) {
        Expr target = parseLoopTarget();
        if (!peekIsIdentifier("in")) {
            throw error("expected 'in' after the loop variable", peekOrLast());
        }
        current++;
        Expr iterable = parseExpression();
        Expr filter = null;
        if (iterable instanceof Node.Conditional c && c.orElse() == null) {
            iterable = c.then();
            filter = c.test();
        }
        expect(Type.CLOSE_STATEMENT, "'%}' to close the for statement");
        loopDepth++;
        List<Stmt> body;
        try {
            body = parseBody("for", open, "endfor", "else");
        } finally {
            loopDepth--;
        }
        List<Stmt> orElse = List.of();
        if (isStatement("else")) {
            current += 2;
            expect(Type.CLOSE_STATEMENT, "'%}' after else");
            orElse = parseBody("for", open, "endfor");
        }
        expectEnd("endfor", "for", open);
        return new Node.For(open.offset(), target, iterable, filter, body, orElse);
    }

    /** A name, or names separated by commas (optionally in parentheses). */
    private Expr parseLoopTarget() {
        Token first = peekOrLast();
        boolean parenthesized = peekIs(Type.LPAREN);
        if (parenthesized) {
            current++;
        }
        List<Expr> names = new ArrayList<>();
        while (true) {
            Token t = expect(Type.IDENTIFIER, "a loop variable name");
            names.add(new Node.Name(t.offset(), t.text()));
            if (!peekIs(Type.COMMA)) {
                break;
            }
            current++;
        }
        if (parenthesized) {
            expect(Type.RPAREN, "')' after the loop variables");
        }
        return names.size() == 1 && !parenthesized ? names.getFirst() : new Node.TupleExpr(first.offset(), names);
    }

    private Stmt parseMacro(Token open) {
        Token name = expect(Type.IDENTIFIER, "a macro name");
        List<Param> params = parseParams();
        expect(Type.CLOSE_STATEMENT, "'%}' to close the macro statement");
        int savedLoopDepth = loopDepth;
        loopDepth = 0;
        List<Stmt> body;
        try {
            body = parseBody("macro", open, "endmacro");
        } finally {
            loopDepth = savedLoopDepth;
        }
        expectEnd("endmacro", "macro", open);
        return new Node.Macro(open.offset(), name.text(), params, body);
    }

    private Stmt parseCallBlock(Token open) {
        List<Param> callerParams = peekIs(Type.LPAREN) ? parseParams() : List.of();
        Token callee = expect(Type.IDENTIFIER, "the name of the macro to call");
        Token paren = peekOrLast();
        List<Arg> args = parseArgs();
        expect(Type.CLOSE_STATEMENT, "'%}' to close the call statement");
        List<Stmt> body = parseBody("call", open, "endcall");
        expectEnd("endcall", "call", open);
        Node.Call call = new Node.Call(paren.offset(), new Node.Name(callee.offset(), callee.text()), args);
        return new Node.CallBlock(open.offset(), call, callerParams, body);
    }

    private Stmt parseFilterBlock(Token open) {
        Token name = expect(Type.IDENTIFIER, "a filter name");
        List<Arg> args = peekIs(Type.LPAREN) ? parseArgs() : List.of();
        expect(Type.CLOSE_STATEMENT, "'%}' to close the filter statement");
        List<Stmt> body = parseBody("filter", open, "endfilter");
        expectEnd("endfilter", "filter", open);
        return new Node.FilterBlock(open.offset(), name.text(), args, body);
    }

    /** {@code (name, name=default, ...)}. */
    private List<Param> parseParams() {
        expect(Type.LPAREN, "'(' to start the parameter list");
        List<Param> params = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        while (!peekIs(Type.RPAREN)) {
            Token name = expect(Type.IDENTIFIER, "a parameter name");
            if (seen.contains(name.text())) {
                throw error("duplicate parameter '" + name.text() + "'", name);
            }
            seen.add(name.text());
            Expr def = null;
            if (peekIs(Type.EQUALS)) {
                current++;
                def = parseExpression();
            } else if (!params.isEmpty() && params.getLast().defaultValue() != null) {
                throw error("parameter '" + name.text() + "' without a default follows one with a default", name);
            }
            params.add(new Param(name.text(), def));
            if (!peekIs(Type.RPAREN)) {
                expect(Type.COMMA, "',' or ')' in the parameter list");
            }
        }
        current++;
        return List.copyOf(params);
    }

    /** Statements up to (not including) {@code {% ender %}} for one of the enders. */
    private List<Stmt> parseBody(String opener, Token openToken, String... enders) {
        List<Stmt> body = new ArrayList<>();
        while (!isStatement(enders)) {
            if (atEnd()) {
                throw source.error("'{% " + opener + " %}' is never closed: expected "
                        + String.join(" or ", Arrays.stream(enders).map(e -> "'{% " + e + " %}'").toList()),
                        openToken.offset());
            }
            parseAny(body);
        }
        return List.copyOf(body);
    }

    private void expectEnd(String ender, String opener, Token openToken) {
        if (!isStatement(ender)) {
            throw source.error("'{% " + opener + " %}' is never closed: expected '{% " + ender + " %}'",
                    openToken.offset());
        }
        current += 2;
        expect(Type.CLOSE_STATEMENT, "'%}' after " + ender);
    }

    private boolean isStatement(String... names) {
        if (current + 1 >= tokens.size() || tokens.get(current).type() != Type.OPEN_STATEMENT) {
            return false;
        }
        Token name = tokens.get(current + 1);
        return name.type() == Type.IDENTIFIER && Arrays.asList(names).contains(name.text());
    }

    // ---------------------------------------------------------------- expressions

    private Expr parseExpressionSequence() {
        Expr first = parseExpression();
        if (!peekIs(Type.COMMA)) {
            return first;
        }
        List<Expr> items = new ArrayList<>();
        items.add(first);
        while (peekIs(Type.COMMA)) {
            current++;
            if (peekIs(Type.RPAREN) || peekIs(Type.CLOSE_STATEMENT) || peekIs(Type.EQUALS)) {
                break;
            }
            items.add(parseExpression());
        }
        return new Node.TupleExpr(first.pos(), List.copyOf(items));
    }

    private Expr parseExpression() {
        if (++nesting > MAX_NESTING) {
            throw error("expression nests deeper than " + MAX_NESTING, peekOrLast());
        }
        try {
            return parseConditional();
        } finally {
            nesting--;
        }
    }

    private Expr parseConditional() {
        Expr then = parseOr();
        if (!peekIsIdentifier("if")) {
            return then;
        }
        Token ifToken = next();
        Expr test = parseOr();
        if (peekIsIdentifier("else")) {
            current++;
            return new Node.Conditional(ifToken.offset(), test, then, parseConditional());
        }
        return new Node.Conditional(ifToken.offset(), test, then, null);
    }

    private Expr parseOr() {
        Expr left = parseAnd();
        while (peekIsIdentifier("or")) {
            Token op = next();
            left = new Node.Binary(op.offset(), "or", left, parseAnd());
        }
        return left;
    }

    private Expr parseAnd() {
        Expr left = parseNot();
        while (peekIsIdentifier("and")) {
            Token op = next();
            left = new Node.Binary(op.offset(), "and", left, parseNot());
        }
        return left;
    }

    private Expr parseNot() {
        if (peekIsIdentifier("not")) {
            Token op = next();
            if (++nesting > MAX_NESTING) {
                throw error("expression nests deeper than " + MAX_NESTING, op);
            }
            try {
                return new Node.Unary(op.offset(), "not", parseNot());
            } finally {
                nesting--;
            }
        }
        return parseComparison();
    }

    private Expr parseComparison() {
        Expr left = parseAdditive();
        while (true) {
            Token t = peekOrEnd();
            String op;
            if (t == null) {
                return left;
            } else if (t.isIdentifier("not") && current + 1 < tokens.size()
                    && tokens.get(current + 1).isIdentifier("in")) {
                current += 2;
                op = "not in";
            } else if (t.isIdentifier("in")) {
                current++;
                op = "in";
            } else if (t.type() == Type.COMPARISON) {
                current++;
                op = t.text();
            } else {
                return left;
            }
            left = new Node.Binary(t.offset(), op, left, parseAdditive());
        }
    }

    private Expr parseAdditive() {
        Expr left = parseMultiplicative();
        while (peekIs(Type.ADDITIVE)) {
            Token op = next();
            left = new Node.Binary(op.offset(), op.text(), left, parseMultiplicative());
        }
        return left;
    }

    private Expr parseMultiplicative() {
        Expr left = parsePower();
        while (peekIs(Type.MULTIPLICATIVE)) {
            Token op = next();
            left = new Node.Binary(op.offset(), op.text(), left, parsePower());
        }
        return left;
    }

    private Expr parsePower() {
        Expr left = parseTest();
        while (peekIs(Type.POWER)) {
            Token op = next();
            left = new Node.Binary(op.offset(), "**", left, parseTest());
        }
        return left;
    }

    private Expr parseTest() {
        Expr operand = parseFilter();
        while (peekIsIdentifier("is")) {
            Token is = next();
            boolean negated = peekIsIdentifier("not");
            if (negated) {
                current++;
            }
            Token name = expect(Type.IDENTIFIER, "a test name after 'is'");
            List<Arg> args = peekIs(Type.LPAREN) ? parseArgs() : List.of();
            operand = new Node.Test(is.offset(), operand, name.text(), negated, args);
        }
        return operand;
    }

    private Expr parseFilter() {
        Expr operand = parseUnary();
        while (peekIs(Type.PIPE)) {
            current++;
            Token name = expect(Type.IDENTIFIER, "a filter name after '|'");
            List<Arg> args = peekIs(Type.LPAREN) ? parseArgs() : List.of();
            operand = new Node.Filter(name.offset(), operand, name.text(), args);
        }
        return operand;
    }

    private Expr parseUnary() {
        Token t = peekOrEnd();
        if (t != null && (t.is(Type.ADDITIVE, "-") || t.is(Type.ADDITIVE, "+"))) {
            current++;
            if (++nesting > MAX_NESTING) {
                throw error("expression nests deeper than " + MAX_NESTING, t);
            }
            try {
                return new Node.Unary(t.offset(), t.text(), parseUnary());
            } finally {
                nesting--;
            }
        }
        return parsePostfix();
    }

    private Expr parsePostfix() {
        Expr e = parsePrimary();
        while (true) {
            Token t = peekOrEnd();
            if (t == null) {
                return e;
            }
            switch (t.type()) {
                case DOT -> {
                    current++;
                    Token key = next();
                    if (key != null && key.type() == Type.IDENTIFIER) {
                        e = new Node.Attribute(t.offset(), e, key.text());
                    } else if (key != null && key.type() == Type.NUMBER && !key.text().contains(".")) {
                        e = new Node.Attribute(t.offset(), e, parseIntegerLiteral(key));
                    } else {
                        throw error("expected a name or an integer after '.'", key == null ? t : key);
                    }
                }
                case LBRACKET -> {
                    current++;
                    e = parseSubscript(t, e);
                }
                case LPAREN -> e = new Node.Call(t.offset(), e, parseArgs());
                default -> {
                    return e;
                }
            }
        }
    }

    /** After '[': an index or a slice {@code start:stop:step}, each part optional. */
    private Expr parseSubscript(Token bracket, Expr object) {
        if (peekIs(Type.RBRACKET)) {
            throw error("empty subscript '[]'", bracket);
        }
        Expr start = peekIs(Type.COLON) ? null : parseExpression();
        if (!peekIs(Type.COLON)) {
            expect(Type.RBRACKET, "']' to close the subscript");
            return new Node.Index(bracket.offset(), object, start);
        }
        current++;
        Expr stop = peekIs(Type.COLON) || peekIs(Type.RBRACKET) ? null : parseExpression();
        Expr step = null;
        if (peekIs(Type.COLON)) {
            current++;
            step = peekIs(Type.RBRACKET) ? null : parseExpression();
        }
        expect(Type.RBRACKET, "']' to close the slice");
        return new Node.Slice(bracket.offset(), object, start, stop, step);
    }

    private Expr parsePrimary() {
        Token t = next();
        if (t == null) {
            throw source.error("unexpected end of template inside an expression", source.originalOffset(Integer.MAX_VALUE));
        }
        return switch (t.type()) {
            case NUMBER -> new Node.Literal(t.offset(), t.text().contains(".")
                    ? (Object) Double.parseDouble(t.text()) : (Object) parseIntegerLiteral(t));
            case STRING -> {
                StringBuilder s = new StringBuilder(t.text());
                while (peekIs(Type.STRING)) {
                    s.append(next().text());
                }
                yield new Node.Literal(t.offset(), s.toString());
            }
            case IDENTIFIER -> new Node.Name(t.offset(), t.text());
            case LPAREN -> {
                if (peekIs(Type.RPAREN)) {
                    current++;
                    yield new Node.TupleExpr(t.offset(), List.of());
                }
                Expr inner = parseExpressionSequence();
                expect(Type.RPAREN, "')'");
                yield inner;
            }
            case LBRACKET -> {
                List<Expr> items = new ArrayList<>();
                while (!peekIs(Type.RBRACKET)) {
                    items.add(parseExpression());
                    if (!peekIs(Type.RBRACKET)) {
                        expect(Type.COMMA, "',' or ']' in the list");
                    }
                }
                current++;
                yield new Node.ListExpr(t.offset(), List.copyOf(items));
            }
            case LBRACE -> {
                List<Expr> keys = new ArrayList<>();
                List<Expr> values = new ArrayList<>();
                while (!peekIs(Type.RBRACE)) {
                    keys.add(parseExpression());
                    expect(Type.COLON, "':' between a key and its value");
                    values.add(parseExpression());
                    if (!peekIs(Type.RBRACE)) {
                        expect(Type.COMMA, "',' or '}' in the dict");
                    }
                }
                current++;
                yield new Node.DictExpr(t.offset(), List.copyOf(keys), List.copyOf(values));
            }
            default -> throw error("unexpected " + t.describe() + " in an expression", t);
        };
    }

    /** A call's arguments: positional, then {@code name=value}; {@code *list} and a final {@code **mapping}. */
    private List<Arg> parseArgs() {
        expect(Type.LPAREN, "'('");
        List<Arg> args = new ArrayList<>();
        boolean sawKeyword = false;
        while (!peekIs(Type.RPAREN)) {
            Token t = peekOrLast();
            if (peekIs(Type.POWER)) {
                current++;
                args.add(new Arg(Arg.Kind.KEYWORD_SPREAD, null, parseExpression()));
                sawKeyword = true;
            } else if (t.is(Type.MULTIPLICATIVE, "*")) {
                current++;
                args.add(new Arg(Arg.Kind.SPREAD, null, parseExpression()));
            } else if (t.type() == Type.IDENTIFIER && current + 1 < tokens.size()
                    && tokens.get(current + 1).type() == Type.EQUALS) {
                current += 2;
                if (args.stream().anyMatch(a -> t.text().equals(a.name()))) {
                    throw error("keyword argument '" + t.text() + "' given twice", t);
                }
                args.add(new Arg(Arg.Kind.KEYWORD, t.text(), parseExpression()));
                sawKeyword = true;
            } else {
                if (sawKeyword) {
                    throw error("positional argument after a keyword argument", t);
                }
                args.add(new Arg(Arg.Kind.POSITIONAL, null, parseExpression()));
            }
            if (!peekIs(Type.RPAREN)) {
                expect(Type.COMMA, "',' or ')' in the argument list");
            }
        }
        current++;
        return List.copyOf(args);
    }

    private Long parseIntegerLiteral(Token t) {
        try {
            return Long.parseLong(t.text());
        } catch (NumberFormatException e) {
            throw error("integer literal " + t.text() + " is too large", t);
        }
    }

    // ---------------------------------------------------------------- token access

    private boolean atEnd() {
        return current >= tokens.size();
    }

    private Token peek() {
        return tokens.get(current);
    }

    private Token peekOrEnd() {
        return atEnd() ? null : tokens.get(current);
    }

    private Token peekOrLast() {
        return atEnd() ? tokens.getLast() : tokens.get(current);
    }

    private Token next() {
        return atEnd() ? null : tokens.get(current++);
    }

    private boolean peekIs(Type type) {
        return !atEnd() && tokens.get(current).type() == type;
    }

    private boolean peekIsIdentifier(String name) {
        return !atEnd() && tokens.get(current).isIdentifier(name);
    }

    private Token expect(Type type, String what) {
        if (atEnd()) {
            throw source.error("expected " + what + " but the template ends", source.originalOffset(Integer.MAX_VALUE));
        }
        Token t = tokens.get(current);
        if (t.type() != type) {
            throw error("expected " + what + " but found " + t.describe(), t);
        }
        current++;
        return t;
    }

    private TemplateException error(String detail, Token at) {
        return source.error(detail, at.offset());
    }
}
