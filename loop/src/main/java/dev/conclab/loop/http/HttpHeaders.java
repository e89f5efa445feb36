package dev.conclab.loop.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * HTTP header fields in the order they were given, looked up by case-insensitive name.
 * Immutable and thread-safe. Names must be tokens and values must not contain CR, LF or NUL,
 * so a header can never smuggle a second header or a second message into the stream.
 */
public final class HttpHeaders {

    private static final HttpHeaders EMPTY = new HttpHeaders(new String[0]);

    private final String[] fields; // name0, value0, name1, value1 ...

    private HttpHeaders(String[] fields) {
        this.fields = fields;
    }

    public static HttpHeaders empty() {
        return EMPTY;
    }

    /**
     * Headers from name, value pairs: {@code of("Content-Type", "text/plain", "Cache-Control", "no-store")}.
     *
     * @throws IllegalArgumentException for an odd count, a name that is not a token, or a value with CR, LF or NUL
     */
    public static HttpHeaders of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("headers come in name, value pairs; got " + namesAndValues.length + " strings");
        }
        for (int i = 0; i < namesAndValues.length; i += 2) {
            checkName(namesAndValues[i]);
            checkValue(namesAndValues[i], namesAndValues[i + 1]);
        }
        return new HttpHeaders(namesAndValues.clone());
    }

    /** Headers as parsed from the wire (already validated by the parser). */
    static HttpHeaders parsed(List<String> namesAndValues) {
        return namesAndValues.isEmpty() ? EMPTY : new HttpHeaders(namesAndValues.toArray(String[]::new));
    }

    /** A copy with {@code name: value} added after the others. */
    public HttpHeaders with(String name, String value) {
        checkName(name);
        checkValue(name, value);
        String[] more = Arrays.copyOf(fields, fields.length + 2);
        more[fields.length] = name;
        more[fields.length + 1] = value;
        return new HttpHeaders(more);
    }

    /** A copy without any field named {@code name}. */
    public HttpHeaders without(String name) {
        var kept = new ArrayList<String>(fields.length);
        for (int i = 0; i < fields.length; i += 2) {
            if (!fields[i].equalsIgnoreCase(name)) {
                kept.add(fields[i]);
                kept.add(fields[i + 1]);
            }
        }
        return new HttpHeaders(kept.toArray(String[]::new));
    }

    /** The first value of {@code name}. */
    public Optional<String> first(String name) {
        for (int i = 0; i < fields.length; i += 2) {
            if (fields[i].equalsIgnoreCase(name)) {
                return Optional.of(fields[i + 1]);
            }
        }
        return Optional.empty();
    }

    /** Every value of {@code name}, in order. */
    public List<String> all(String name) {
        var values = new ArrayList<String>(1);
        for (int i = 0; i < fields.length; i += 2) {
            if (fields[i].equalsIgnoreCase(name)) {
                values.add(fields[i + 1]);
            }
        }
        return values;
    }

    public boolean contains(String name) {
        return first(name).isPresent();
    }

    /** Whether a comma-separated field (Connection, Transfer-Encoding) lists {@code token}, ignoring case. */
    public boolean hasToken(String name, String token) {
        for (String value : all(name)) {
            for (String part : value.split(",")) {
                if (part.trim().equalsIgnoreCase(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Number of fields. */
    public int size() {
        return fields.length / 2;
    }

    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < fields.length; i += 2) {
            action.accept(fields[i], fields[i + 1]);
        }
    }

    /** The fields as entries, in order. */
    public List<Map.Entry<String, String>> entries() {
        var entries = new ArrayList<Map.Entry<String, String>>(size());
        forEach((n, v) -> entries.add(Map.entry(n, v)));
        return entries;
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a header name must not be empty");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean token = c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
            if (!token) {
                throw new IllegalArgumentException("header name '" + name + "' has a character not allowed in a token at " + i);
            }
        }
    }

    private static void checkValue(String name, String value) {
        if (value == null) {
            throw new IllegalArgumentException("header '" + name + "' has no value");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IllegalArgumentException("header '" + name + "' has CR, LF or NUL in its value (header injection)");
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HttpHeaders h && Arrays.equals(fields, h.fields);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(fields);
    }

    @Override
    public String toString() {
        var text = new StringBuilder("{");
        forEach((n, v) -> text.append(text.length() > 1 ? ", " : "").append(n.toLowerCase(Locale.ROOT)).append(": ").append(v));
        return text.append('}').toString();
    }
}
