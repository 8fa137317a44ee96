package org.gardenos.inventory;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML text into a {@link YamlNode} tree with Jackson's streaming YAML parser, keeping each node's position.
 *
 * <p>Refused here, each with one located line: syntax errors, duplicate keys, complex keys, nesting deeper than
 * {@link #MAX_DEPTH}, more than one document, aliases, anchors on mappings and lists, and tags. Jackson's parser
 * does not expand aliases (it reports {@code *name} as the string "name"), so refusing them is what keeps
 * {@code port: *p} from turning into the port "p", and it makes alias bombs harmless. Jackson does not report
 * anchors on scalars ({@code &p 22}); they are harmless since every alias that could use them is refused.
 * The snakeyaml limits are set too, as a second fence.
 */
final class YamlTreeReader {
    static final int MAX_DEPTH = 32;
    static final int MAX_CODE_POINTS = 1_000_000;

    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*)'", Pattern.DOTALL);
    private static final YAMLFactory FACTORY = buildFactory();

    /** A problem after which the rest of the file cannot be read reliably. */
    static final class FatalYamlException extends Exception {
        private static final long serialVersionUID = 1L;
        final Mark mark;
        final KeyPath path;

        FatalYamlException(Mark mark, KeyPath path, String message) {
            super(message, null, false, false);
            this.mark = mark;
            this.path = path;
        }
    }

    private final YAMLParser parser;
    private final Problems problems;

    private YamlTreeReader(YAMLParser parser, Problems problems) {
        this.parser = parser;
        this.problems = problems;
    }

    private static YAMLFactory buildFactory() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setAllowRecursiveKeys(false);
        return YAMLFactory.builder()
                .loaderOptions(options)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                // yes/no/on/off stay strings (YAML 1.2): 'disable: [no]' must not become false
                .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH * 2)
                        .maxStringLength(MAX_CODE_POINTS)
                        .maxNameLength(10_000)
                        .maxNumberLength(100)
                        .build())
                .build();
    }

    /** The document's root, or empty when the text holds no YAML document at all (empty, comments only). */
    static Optional<YamlNode> read(String text, Problems problems) throws FatalYamlException {
        try (YAMLParser parser = FACTORY.createParser(text)) {
            return new YamlTreeReader(parser, problems).document();
        } catch (IOException e) {
            // only a parser bug lands here: text comes from a String
            throw new FatalYamlException(Mark.START, KeyPath.ROOT, "cannot read YAML: " + firstLine(e.getMessage()));
        }
    }

    private Optional<YamlNode> document() throws FatalYamlException {
        JsonToken first = next(KeyPath.ROOT, Map.of());
        if (first == null) {
            return Optional.empty();
        }
        YamlNode root = value(first, KeyPath.ROOT, 1);
        JsonToken extra = next(KeyPath.ROOT, Map.of());
        if (extra != null) {
            throw new FatalYamlException(here(), KeyPath.ROOT,
                    "a second YAML document starts here; gardenos.yaml holds exactly one (remove the extra '---')");
        }
        return Optional.of(root);
    }

    private YamlNode value(JsonToken token, KeyPath path, int depth) throws FatalYamlException {
        Mark mark = here();
        if (depth > MAX_DEPTH) {
            // name the top-level key: a path 32 levels deep is no help to anyone
            KeyPath top = path.segments().isEmpty() ? path : new KeyPath(path.segments().subList(0, 1));
            throw new FatalYamlException(mark, top, "nested deeper than " + MAX_DEPTH + " levels");
        }
        refuseAnchorAndTag(mark, path);
        return switch (token) {
            case START_OBJECT -> mapping(mark, path, depth);
            case START_ARRAY -> sequence(mark, path, depth);
            case VALUE_STRING -> {
                if (parser.isCurrentAlias()) {
                    problems.errorAt(mark, path, "YAML aliases ('*" + text() + "') are not allowed in gardenos.yaml;"
                            + " write the value out");
                    yield new YamlNode.Scalar(mark, path, YamlNode.ScalarKind.NULL, "");
                }
                yield new YamlNode.Scalar(mark, path, YamlNode.ScalarKind.STRING, text());
            }
            case VALUE_NUMBER_INT -> new YamlNode.Scalar(mark, path, YamlNode.ScalarKind.INTEGER, text());
            case VALUE_NUMBER_FLOAT -> new YamlNode.Scalar(mark, path, YamlNode.ScalarKind.FLOAT, text());
            case VALUE_TRUE, VALUE_FALSE -> new YamlNode.Scalar(mark, path, YamlNode.ScalarKind.BOOLEAN, text());
            case VALUE_NULL -> new YamlNode.Scalar(mark, path, YamlNode.ScalarKind.NULL, text());
            default -> throw new FatalYamlException(mark, path, "unexpected YAML content (" + token + ")");
        };
    }

    private YamlNode mapping(Mark mark, KeyPath path, int depth) throws FatalYamlException {
        Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
        for (JsonToken token = next(path, entries); token != JsonToken.END_OBJECT; token = next(path, entries)) {
            if (token != JsonToken.FIELD_NAME) {
                throw new FatalYamlException(here(), path, "expected a key, found " + token);
            }
            String key = currentName();
            Mark keyMark = here();
            KeyPath child = path.key(key);
            YamlNode.Entry first = entries.get(key);
            if (first != null) {
                // STRICT_DUPLICATE_DETECTION normally stops this earlier; kept so the rule never depends on it
                throw duplicate(keyMark, child, key, first);
            }
            YamlNode value = value(next(child, entries), child, depth + 1);
            entries.put(key, new YamlNode.Entry(keyMark, value));
        }
        return new YamlNode.Mapping(mark, path, entries);
    }

    private YamlNode sequence(Mark mark, KeyPath path, int depth) throws FatalYamlException {
        List<YamlNode> items = new ArrayList<>();
        for (JsonToken token = next(path, Map.of()); token != JsonToken.END_ARRAY; token = next(path, Map.of())) {
            KeyPath child = path.index(items.size());
            items.add(value(token, child, depth + 1));
        }
        return new YamlNode.Sequence(mark, path, items);
    }

    private void refuseAnchorAndTag(Mark mark, KeyPath path) throws FatalYamlException {
        try {
            String anchor = parser.getObjectId();
            if (anchor != null) {
                problems.errorAt(mark, path, "YAML anchors ('&" + anchor + "') are not allowed in gardenos.yaml;"
                        + " write the value out");
            }
            String tag = parser.getTypeId();
            if (tag != null) {
                problems.errorAt(mark, path, "YAML tags ('" + tag + "') are not allowed in gardenos.yaml;"
                        + " quote the value if it must be a string");
            }
        } catch (IOException e) {
            throw fatal(e, path, Map.of());
        }
    }

    /** The next token; any parser failure becomes one located line naming the path being read. */
    private JsonToken next(KeyPath path, Map<String, YamlNode.Entry> openMapping) throws FatalYamlException {
        try {
            return parser.nextToken();
        } catch (IOException | RuntimeException e) {
            throw fatal(e, path, openMapping);
        }
    }

    private String text() throws FatalYamlException {
        try {
            return parser.getText();
        } catch (IOException e) {
            throw fatal(e, KeyPath.ROOT, Map.of());
        }
    }

    private String currentName() throws FatalYamlException {
        try {
            return parser.currentName();
        } catch (IOException e) {
            throw fatal(e, KeyPath.ROOT, Map.of());
        }
    }

    private Mark here() {
        return markOf(parser.currentTokenLocation());
    }

    private static Mark markOf(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return Mark.START;
        }
        return new Mark(location.getLineNr(), Math.max(1, location.getColumnNr()));
    }

    private static FatalYamlException duplicate(Mark mark, KeyPath path, String key, YamlNode.Entry first) {
        String firstAt = first == null ? "" : " (first written at line " + first.keyMark().line() + ")";
        return new FatalYamlException(mark, path, "duplicate key " + Problems.quote(key) + firstAt);
    }

    private FatalYamlException fatal(Exception e, KeyPath path, Map<String, YamlNode.Entry> openMapping) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof MarkedYAMLException marked) {
                return syntaxError(marked, path);
            }
        }
        if (e instanceof StreamConstraintsException) {
            return new FatalYamlException(markOf(parser.currentLocation()), path,
                    "YAML too large or too deeply nested: " + firstLine(((JsonProcessingException) e).getOriginalMessage()));
        }
        Mark mark = e instanceof JsonProcessingException jpe ? markOf(jpe.getLocation()) : markOf(parser.currentLocation());
        String message = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        message = message == null ? e.getClass().getSimpleName() : message;
        Matcher duplicate = DUPLICATE.matcher(message);
        if (duplicate.matches()) {
            // the parser has moved onto the repeated key when it notices: its token location is the key's own
            String key = duplicate.group(1);
            return duplicate(markOf(parser.currentTokenLocation()), path.key(key), key, openMapping.get(key));
        }
        if (message.startsWith("Expected a field name")) {
            return new FatalYamlException(mark, path, "mapping keys must be plain scalars ('? ' complex keys are not supported)");
        }
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null) {
            message = cause.getMessage();
        }
        return new FatalYamlException(mark, path, "invalid YAML: " + firstLine(message));
    }

    /** snakeyaml's own exception (Jackson wraps it) knows the problem, its 0-based position and the context. */
    private FatalYamlException syntaxError(MarkedYAMLException e, KeyPath path) {
        org.yaml.snakeyaml.error.Mark problemMark = e.getProblemMark();
        Mark mark = problemMark == null ? markOf(parser.currentLocation())
                : new Mark(problemMark.getLine() + 1, problemMark.getColumn() + 1);
        StringBuilder message = new StringBuilder("invalid YAML: ").append(firstLine(e.getProblem()));
        if (e.getContext() != null) {
            // the context mark often points at the same spot as the problem: the words help, its position doesn't
            message.append(" (").append(firstLine(e.getContext())).append(')');
        }
        return new FatalYamlException(mark, path, message.toString());
    }

    private static String firstLine(String text) {
        if (text == null || text.isBlank()) {
            return "unknown problem";
        }
        String trimmed = text.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline).strip();
    }
}
