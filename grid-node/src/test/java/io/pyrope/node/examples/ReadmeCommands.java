package io.pyrope.node.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The shell commands of a README's {@code bash} blocks, split into words the way a POSIX shell
 * does for the simple commands the README uses: backslash line continuations, single quotes
 * (literal, may span lines), double quotes and {@code $VAR} expansion, {@code #} comments.
 */
final class ReadmeCommands {
    private static final java.util.regex.Pattern VAR = java.util.regex.Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)");
    private ReadmeCommands() {
    }

    /** The commands starting with {@code program} in the bash blocks of sections whose heading starts with a prefix. */
    static List<List<String>> find(String markdown, String program, List<String> headingPrefixes, Map<String, String> vars) {
        List<List<String>> out = new ArrayList<>();
        boolean wanted = false;
        boolean inBash = false;
        StringBuilder block = new StringBuilder();
        for (String line : markdown.split("\n", -1)) {
            if (!inBash && line.startsWith("#")) {
                String heading = line.replaceFirst("^#+\\s*", "");
                wanted = headingPrefixes.stream().anyMatch(heading::startsWith);
            } else if (!inBash && line.strip().equals("```bash")) {
                inBash = true;
                block.setLength(0);
            } else if (inBash && line.strip().equals("```")) {
                inBash = false;
                if (wanted) {
                    for (List<String> words : split(block.toString(), vars)) {
                        if (!words.isEmpty() && words.get(0).equals(program)) {
                            out.add(words);
                        }
                    }
                }
            } else if (inBash) {
                block.append(line).append('\n');
            }
        }
        return out;
    }

    /** Splits a script into commands (one per unquoted, uncontinued newline), each into words. */
    static List<List<String>> split(String script, Map<String, String> vars) {
        List<List<String>> commands = new ArrayList<>();
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        int i = 0;
        while (i < script.length()) {
            char c = script.charAt(i);
            if (c == '\\' && i + 1 < script.length() && script.charAt(i + 1) == '\n') {
                i += 2;
            } else if (c == '\n' || c == ';') {
                word = flush(word, words);
                if (!words.isEmpty()) {
                    commands.add(List.copyOf(words));
                    words.clear();
                }
                i++;
            } else if (Character.isWhitespace(c)) {
                word = flush(word, words);
                i++;
            } else if (c == '#' && word == null) {
                while (i < script.length() && script.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '\'') {
                int end = script.indexOf('\'', i + 1);
                word = append(word, script.substring(i + 1, end));
                i = end + 1;
            } else if (c == '"') {
                int end = script.indexOf('"', i + 1);
                word = append(word, expand(script.substring(i + 1, end), vars));
                i = end + 1;
            } else if (c == '$') {
                int end = i + 1;
                while (end < script.length() && (Character.isLetterOrDigit(script.charAt(end)) || script.charAt(end) == '_')) {
                    end++;
                }
                word = append(word, vars.getOrDefault(script.substring(i + 1, end), ""));
                i = end;
            } else {
                word = append(word, String.valueOf(c));
                i++;
            }
        }
        flush(word, words);
        if (!words.isEmpty()) {
            commands.add(List.copyOf(words));
        }
        return commands;
    }

    private static String expand(String s, Map<String, String> vars) {
        return VAR.matcher(s).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(vars.getOrDefault(m.group(1), "")));
    }

    private static StringBuilder append(StringBuilder word, String s) {
        return (word == null ? new StringBuilder() : word).append(s);
    }

    private static StringBuilder flush(StringBuilder word, List<String> words) {
        if (word != null) {
            words.add(word.toString());
        }
        return null;
    }
}
