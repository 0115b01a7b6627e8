package dev.lancet.cli;

import dev.lancet.runtime.LancetException;
import dev.lancet.runtime.forward.Session;
import dev.lancet.runtime.generate.Generator;
import dev.lancet.runtime.model.LlamaModel;
import dev.lancet.tokenizer.StreamingDecoder;
import dev.lancet.tokenizer.Tokenizer;
import dev.lancet.tokenizer.template.ChatTemplateRenderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Interactive multi-turn chat. Each turn the whole conversation is rendered with the model's chat
 * template and encoded; the session keeps the KV cache of the longest common token prefix and only
 * the new tokens are run. Reads stdin line by line, so piped input works as well as a terminal.
 * A model without a chat_template is chatted with as plain text continuation (said on stderr).
 */
@Command(name = "chat", description = "Interactive multi-turn chat using the model's chat template (/reset, /exit).")
final class ChatCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;
    @Mixin
    CommonOptions common;
    @Mixin
    KvCacheOptions kvCache;
    @Mixin
    SamplingOptions sampling;
    @Mixin
    EditOptions editOptions;
    @Spec
    CommandSpec spec;

    @Option(names = "--system", paramLabel = "TEXT", description = "System prompt.")
    String system;

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "256", description = "Most tokens per reply (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--var", paramLabel = "NAME=VALUE", description = "Extra template variable; VALUE is parsed as JSON where it parses (true, 3), else taken as a string.")
    List<String> vars = new ArrayList<>();

    @Option(names = "--context", paramLabel = "N", description = "Context length (default: the model's, capped at 4096).")
    Integer context;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (maxTokens < 1) throw new LancetException("--max-tokens must be >= 1, got " + maxTokens);
        Map<String, Object> extra = TemplateVariables.parse(vars);
        try (LlamaModel model = modelOptions.load()) {
            Tokenizer tok = TokenizerLookup.forModel(modelOptions.modelDir())
                    .orElseThrow(() -> new LancetException(modelOptions.modelDir() + ": chat needs a tokenizer.json"));
            ChatTemplateRenderer template = tok.chatTemplateSource()
                    .map(src -> ChatTemplateRenderer.of(src, tok.bosToken().orElse(null), tok.eosToken().orElse(null)))
                    .orElse(null);
            if (template == null) err.println("lancet: " + modelOptions.modelDir() + " has no chat_template; chatting as plain text continuation");
            int ctx = context != null ? context : Math.min(model.config().maxPositionEmbeddings(), Session.DEFAULT_MAX_CONTEXT);
            int[] stops = stopTokens(model, tok);
            List<Map<String, Object>> messages = new ArrayList<>();
            if (system != null) messages.add(message("system", system));
            int[] cached = new int[0];
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            if (editOptions.trace) throw new LancetException("--trace is not available in chat; use logits or generate");
            dev.lancet.steering.edit.EditPlan plan = editOptions.plan(model);
            try (Session session = Session.open(model, common.threadCount(), ctx, kvCache.precision())) {
                if (plan != null) session.setEditStage(plan.bind(model));
                boolean interactive = System.console() != null;
                while (true) {
                    if (interactive) {
                        err.print("> ");
                        err.flush();
                    }
                    String line = in.readLine();
                    if (line == null || line.strip().equals("/exit")) break;
                    if (line.strip().equals("/reset")) {
                        messages.clear();
                        if (system != null) messages.add(message("system", system));
                        session.reset();
                        cached = new int[0];
                        err.println("lancet: conversation reset");
                        continue;
                    }
                    if (line.isBlank()) continue;
                    messages.add(message("user", line));
                    int[] ids = encodeConversation(tok, template, messages, extra);
                    int keep = commonPrefix(cached, ids, session.position());
                    if (keep == ids.length) keep--; // the last prompt token must run to give logits
                    session.rewind(keep);
                    int[] fresh = java.util.Arrays.copyOfRange(ids, keep, ids.length);
                    int budget = Math.min(maxTokens, ctx - ids.length);
                    if (budget < 1) {
                        throw new LancetException("the conversation (" + ids.length + " tokens) fills the context of " + ctx + " tokens; /reset or pass --context");
                    }
                    StreamingDecoder stream = tok.newStreamingDecoder(true);
                    int[] reply = Generator.generate(session, fresh, budget, sampling.config(), stops, t -> {
                        out.print(stream.accept(t));
                        out.flush();
                    });
                    out.println(stream.finish());
                    out.flush();
                    int replyLen = reply.length > 0 && contains(stops, reply[reply.length - 1]) ? reply.length - 1 : reply.length;
                    messages.add(message("assistant", tok.decode(java.util.Arrays.copyOf(reply, replyLen), true)));
                    // the cache now holds ids + reply minus the last reply token (never fed back)
                    int[] now = java.util.Arrays.copyOf(ids, ids.length + Math.max(0, reply.length - 1));
                    System.arraycopy(reply, 0, now, ids.length, Math.max(0, reply.length - 1));
                    cached = now;
                }
            }
            return 0;
        }
    }

    private static int[] encodeConversation(Tokenizer tok, ChatTemplateRenderer template, List<Map<String, Object>> messages,
                                            Map<String, Object> extra) {
        if (template != null) return tok.encode(template.render(messages, true, extra), false);
        StringBuilder text = new StringBuilder();
        for (Map<String, Object> m : messages) {
            if (!text.isEmpty()) text.append('\n');
            text.append(m.get("content"));
        }
        return tok.encode(text.toString(), true);
    }

    /** Length of the common prefix of what the cache holds and the new conversation. */
    private static int commonPrefix(int[] cached, int[] ids, int position) {
        int n = Math.min(Math.min(cached.length, ids.length), position);
        int i = 0;
        while (i < n && cached[i] == ids[i]) i++;
        return i;
    }

    private static int[] stopTokens(LlamaModel model, Tokenizer tok) {
        Set<Integer> stops = new LinkedHashSet<>();
        for (int id : model.config().eosTokenIds()) stops.add(id);
        tok.eosTokenId().ifPresent(stops::add);
        for (String endOfTurn : List.of("<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>")) {
            tok.tokenToId(endOfTurn).ifPresent(stops::add);
        }
        return stops.stream().mapToInt(Integer::intValue).toArray();
    }

    private static boolean contains(int[] set, int v) {
        for (int s : set) if (s == v) return true;
        return false;
    }

    private static Map<String, Object> message(String role, String content) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", role);
        m.put("content", content);
        return m;
    }
}
