package dev.lancet.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lancet.runtime.json.JsonTreeReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The parts of a Hugging Face {@code config.json} that define a Llama-family decoder.
 * Llama, Mistral and Qwen2 differ only in {@link #attentionBias} (Qwen2 has q/k/v bias) and defaults.
 * Anything Lancet does not implement (another architecture, activation or rope scaling type,
 * sliding-window attention that would change results) is refused with the field named.
 */
public record ModelConfig(
        String architecture,
        int hiddenSize,
        int intermediateSize,
        int numLayers,
        int numHeads,
        int numKvHeads,
        int headDim,
        int vocabSize,
        int maxPositionEmbeddings,
        float rmsNormEps,
        double ropeTheta,
        RopeScaling ropeScaling,
        boolean tieWordEmbeddings,
        boolean attentionBias,
        int bosTokenId,
        int[] eosTokenIds) {

    public static final Set<String> ARCHITECTURES = Set.of("LlamaForCausalLM", "MistralForCausalLM", "Qwen2ForCausalLM");

    public int qDim() {
        return numHeads * headDim;
    }

    public int kvDim() {
        return numKvHeads * headDim;
    }

    public static ModelConfig load(Path dir) {
        Path file = dir.resolve("config.json");
        if (!Files.isRegularFile(file)) throw new ConfigException(dir + ": no config.json");
        JsonNode root;
        try {
            root = JsonTreeReader.read(file);
        } catch (IOException e) {
            throw new ConfigException(file + ": not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) throw new ConfigException(file + ": not a JSON object");
        return parse(file.toString(), root);
    }

    public static ModelConfig parse(String source, JsonNode root) {
        Fields f = new Fields(source, root);
        String arch = architecture(f, root);
        boolean qwen = arch.equals("Qwen2ForCausalLM");
        String act = f.str("hidden_act", "silu");
        if (!act.equals("silu")) throw new ConfigException(source + ": hidden_act '" + act + "' is not supported (only silu)");
        int hidden = f.positiveInt("hidden_size");
        int heads = f.positiveInt("num_attention_heads");
        int kvHeads = root.has("num_key_value_heads") && !root.get("num_key_value_heads").isNull() ? f.positiveInt("num_key_value_heads") : heads;
        if (heads % kvHeads != 0) throw new ConfigException(source + ": num_attention_heads " + heads + " is not a multiple of num_key_value_heads " + kvHeads);
        int headDim;
        if (root.has("head_dim") && !root.get("head_dim").isNull()) {
            headDim = f.positiveInt("head_dim");
        } else {
            if (hidden % heads != 0) throw new ConfigException(source + ": hidden_size " + hidden + " is not divisible by num_attention_heads " + heads + " and no head_dim is given");
            headDim = hidden / heads;
        }
        if (headDim % 2 != 0) throw new ConfigException(source + ": head_dim " + headDim + " must be even for RoPE");
        boolean bias = qwen || f.bool("attention_bias", false);
        if (f.bool("mlp_bias", false)) throw new ConfigException(source + ": mlp_bias true is not supported");
        if (root.has("partial_rotary_factor") && root.get("partial_rotary_factor").asDouble() != 1.0) {
            throw new ConfigException(source + ": partial_rotary_factor " + root.get("partial_rotary_factor") + " is not supported");
        }
        int maxPos = f.positiveInt("max_position_embeddings", 2048);
        checkSlidingWindow(source, root, f, maxPos, qwen);
        int[] eos = eosIds(source, root.get("eos_token_id"));
        return new ModelConfig(arch, hidden, f.positiveInt("intermediate_size"), f.positiveInt("num_hidden_layers"),
                heads, kvHeads, headDim, f.positiveInt("vocab_size"), maxPos,
                (float) f.positiveDouble("rms_norm_eps", 1e-6), f.positiveDouble("rope_theta", 10000.0),
                ropeScaling(source, root.get("rope_scaling"), maxPos), f.bool("tie_word_embeddings", qwen ? true : false), bias,
                root.has("bos_token_id") && root.get("bos_token_id").isInt() ? root.get("bos_token_id").asInt() : -1, eos);
    }

    private static String architecture(Fields f, JsonNode root) {
        JsonNode archs = root.get("architectures");
        String arch;
        if (archs != null && archs.isArray() && !archs.isEmpty()) {
            arch = archs.get(0).asText();
        } else {
            String type = f.str("model_type", "");
            arch = switch (type) {
                case "llama" -> "LlamaForCausalLM";
                case "mistral" -> "MistralForCausalLM";
                case "qwen2" -> "Qwen2ForCausalLM";
                default -> throw new ConfigException(f.source + ": no 'architectures' and model_type '" + type + "' is not supported");
            };
        }
        if (!ARCHITECTURES.contains(arch)) {
            throw new ConfigException(f.source + ": architecture '" + arch + "' is not supported (supported: " + String.join(", ", List.copyOf(new java.util.TreeSet<>(ARCHITECTURES))) + ")");
        }
        return arch;
    }

    /** A sliding window shorter than the context would change attention; refuse it rather than compute something else. */
    private static void checkSlidingWindow(String source, JsonNode root, Fields f, int maxPos, boolean qwen) {
        JsonNode sw = root.get("sliding_window");
        if (sw == null || sw.isNull()) return;
        if (qwen && !f.bool("use_sliding_window", false)) return;
        if (sw.isIntegralNumber() && sw.asLong() >= maxPos) return;
        throw new ConfigException(source + ": sliding_window " + sw + " (shorter than max_position_embeddings " + maxPos + ") is not supported");
    }

    private static int[] eosIds(String source, JsonNode n) {
        if (n == null || n.isNull()) return new int[0];
        if (n.isInt()) return new int[]{n.asInt()};
        if (n.isArray()) {
            int[] ids = new int[n.size()];
            for (int i = 0; i < ids.length; i++) {
                if (!n.get(i).isInt()) throw new ConfigException(source + ": eos_token_id[" + i + "] is not an integer");
                ids[i] = n.get(i).asInt();
            }
            return ids;
        }
        throw new ConfigException(source + ": eos_token_id " + n + " is not an integer or a list");
    }

    private static RopeScaling ropeScaling(String source, JsonNode n, int maxPos) {
        if (n == null || n.isNull()) return RopeScaling.NONE;
        if (!n.isObject()) throw new ConfigException(source + ": rope_scaling is not an object");
        Fields f = new Fields(source + ": rope_scaling", n);
        String type = n.has("rope_type") ? n.get("rope_type").asText() : f.str("type", "");
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "default" -> RopeScaling.NONE;
            case "linear" -> new RopeScaling(RopeScaling.Type.LINEAR, f.positiveDouble("factor"), 0, 0, 0);
            case "llama3" -> {
                double low = f.positiveDouble("low_freq_factor"), high = f.positiveDouble("high_freq_factor");
                if (high <= low) throw new ConfigException(source + ": rope_scaling high_freq_factor " + high + " must exceed low_freq_factor " + low);
                yield new RopeScaling(RopeScaling.Type.LLAMA3, f.positiveDouble("factor"), low, high,
                        f.positiveInt("original_max_position_embeddings"));
            }
            default -> throw new ConfigException(source + ": rope_scaling type '" + type + "' is not supported (supported: linear, llama3)");
        };
    }

    /** Returns this config with its fields as a config.json object (for writing fixtures and synthetic checkpoints). */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.putArray("architectures").add(architecture);
        o.put("model_type", switch (architecture) {
            case "MistralForCausalLM" -> "mistral";
            case "Qwen2ForCausalLM" -> "qwen2";
            default -> "llama";
        });
        o.put("hidden_size", hiddenSize);
        o.put("intermediate_size", intermediateSize);
        o.put("num_hidden_layers", numLayers);
        o.put("num_attention_heads", numHeads);
        o.put("num_key_value_heads", numKvHeads);
        o.put("head_dim", headDim);
        o.put("vocab_size", vocabSize);
        o.put("max_position_embeddings", maxPositionEmbeddings);
        o.put("rms_norm_eps", rmsNormEps);
        o.put("rope_theta", ropeTheta);
        o.put("hidden_act", "silu");
        o.put("tie_word_embeddings", tieWordEmbeddings);
        if (!architecture.equals("Qwen2ForCausalLM")) o.put("attention_bias", attentionBias);
        if (bosTokenId >= 0) o.put("bos_token_id", bosTokenId);
        if (eosTokenIds.length == 1) o.put("eos_token_id", eosTokenIds[0]);
        if (ropeScaling.type() == RopeScaling.Type.LINEAR) {
            o.putObject("rope_scaling").put("rope_type", "linear").put("factor", ropeScaling.factor());
        } else if (ropeScaling.type() == RopeScaling.Type.LLAMA3) {
            o.putObject("rope_scaling").put("rope_type", "llama3").put("factor", ropeScaling.factor())
                    .put("low_freq_factor", ropeScaling.lowFreqFactor()).put("high_freq_factor", ropeScaling.highFreqFactor())
                    .put("original_max_position_embeddings", ropeScaling.originalMaxPositionEmbeddings());
        }
        return o;
    }

    /** Typed field access that names the field and file in every error. */
    private record Fields(String source, JsonNode root) {
        int positiveInt(String name) {
            JsonNode n = root.get(name);
            if (n == null || n.isNull()) throw new ConfigException(source + ": missing field '" + name + "'");
            if (!n.isIntegralNumber() || n.asLong() <= 0 || n.asLong() > Integer.MAX_VALUE) {
                throw new ConfigException(source + ": field '" + name + "' must be a positive integer, got " + n);
            }
            return n.asInt();
        }

        int positiveInt(String name, int dflt) {
            return root.has(name) && !root.get(name).isNull() ? positiveInt(name) : dflt;
        }

        double positiveDouble(String name) {
            JsonNode n = root.get(name);
            if (n == null || n.isNull()) throw new ConfigException(source + ": missing field '" + name + "'");
            if (!n.isNumber() || !(n.asDouble() > 0) || Double.isInfinite(n.asDouble())) {
                throw new ConfigException(source + ": field '" + name + "' must be a positive number, got " + n);
            }
            return n.asDouble();
        }

        double positiveDouble(String name, double dflt) {
            return root.has(name) && !root.get(name).isNull() ? positiveDouble(name) : dflt;
        }

        boolean bool(String name, boolean dflt) {
            JsonNode n = root.get(name);
            if (n == null || n.isNull()) return dflt;
            if (!n.isBoolean()) throw new ConfigException(source + ": field '" + name + "' must be true or false, got " + n);
            return n.asBoolean();
        }

        String str(String name, String dflt) {
            JsonNode n = root.get(name);
            return n == null || n.isNull() ? dflt : n.asText();
        }
    }
}
