package io.pyrope.node.fuzz;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Turns a valid request into hostile wire bytes, driven by one seeded {@link Random} so that a
 * failing case is reproduced by its seed. Works on any message through protobuf reflection, so
 * new request types need no code here. Each mutation returns the bytes plus a short label for
 * the failure message.
 */
final class ProtoMutator {
    /** Invalid UTF-8: a lone continuation byte, an overlong NUL, a truncated 3-byte sequence, 0xFF. */
    private static final byte[][] BAD_UTF8 = {
            {(byte) 0x80}, {(byte) 0xC0, (byte) 0x80}, {'a', (byte) 0xE2, (byte) 0x82}, {(byte) 0xFF, 'x'}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}};

    record Mutant(String label, byte[] bytes) {
    }

    private final Random random;

    ProtoMutator(Random random) {
        this.random = random;
    }

    /** One mutant of {@code seed}; {@code others} are valid requests of other methods (wrong-type payloads). */
    Mutant mutate(Message seed, List<Message> others) {
        int pick = random.nextInt(100);
        if (pick < 40) {
            DynamicMessage.Builder b = DynamicMessage.newBuilder(seed);
            String label = mutateSomeField(b, 0);
            return new Mutant("field " + label, b.build().toByteArray());
        }
        if (pick < 55) {
            return invalidUtf8(seed);
        }
        if (pick < 65) {
            return new Mutant("random message", randomMessage(seed.getDescriptorForType(), 0).toByteArray());
        }
        if (pick < 75) {
            Message other = others.get(random.nextInt(others.size()));
            return new Mutant("wrong type " + other.getDescriptorForType().getName(), other.toByteArray());
        }
        if (pick < 85) {
            return byteLevel(seed.toByteArray());
        }
        if (pick < 90) {
            return new Mutant("empty message", new byte[0]);
        }
        byte[] noise = new byte[random.nextInt(2048)];
        random.nextBytes(noise);
        return new Mutant("random bytes", noise);
    }

    // ---- field-level mutations, through reflection ----

    private String mutateSomeField(DynamicMessage.Builder b, int depth) {
        List<FieldDescriptor> fields = b.getDescriptorForType().getFields();
        if (fields.isEmpty()) {
            return "(no fields)";
        }
        FieldDescriptor f = fields.get(random.nextInt(fields.size()));
        boolean nested = f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !f.isMapField() && depth < 3;
        if (nested && random.nextBoolean()) {
            if (f.isRepeated()) {
                if (b.getRepeatedFieldCount(f) == 0) {
                    b.addRepeatedField(f, DynamicMessage.getDefaultInstance(f.getMessageType()));
                }
                int i = random.nextInt(b.getRepeatedFieldCount(f));
                DynamicMessage.Builder inner = DynamicMessage.newBuilder((Message) b.getRepeatedField(f, i));
                String label = mutateSomeField(inner, depth + 1);
                b.setRepeatedField(f, i, inner.build());
                return f.getName() + "[" + i + "]." + label;
            }
            DynamicMessage.Builder inner = DynamicMessage.newBuilder(b.hasField(f) ? (Message) b.getField(f)
                    : DynamicMessage.getDefaultInstance(f.getMessageType()));
            String label = mutateSomeField(inner, depth + 1);
            b.setField(f, inner.build());
            return f.getName() + "." + label;
        }
        if (f.isRepeated()) {
            int mode = random.nextInt(3);
            if (mode == 0) {
                b.clearField(f);
                return f.getName() + " cleared";
            }
            boolean isMessage = f.getJavaType() == FieldDescriptor.JavaType.MESSAGE;
            int n = mode == 1 ? 1 + random.nextInt(5) : (isMessage ? 1_000 + random.nextInt(2_000) : 1_000 + random.nextInt(20_000));
            // Many copies of one small random element: huge on the wire, cheap to build.
            Object element = isMessage ? randomMessage(f.getMessageType(), depth + 1) : extreme(f, false);
            for (int i = 0; i < n; i++) {
                b.addRepeatedField(f, mode == 1 && !isMessage ? extreme(f, false) : element);
            }
            return f.getName() + " +" + n + " elements";
        }
        if (random.nextInt(6) == 0) {
            b.clearField(f);
            return f.getName() + " cleared";
        }
        Object value = f.getJavaType() == FieldDescriptor.JavaType.MESSAGE ? randomMessage(f.getMessageType(), depth + 1) : extreme(f, true);
        b.setField(f, value);
        return f.getName() + "=" + abbreviate(value);
    }

    /** A value at an edge of the field's type: empty/huge/odd strings, 0/-1/MIN/MAX, NaN/Inf, unknown enum numbers. */
    private Object extreme(FieldDescriptor f, boolean allowHuge) {
        switch (f.getJavaType()) {
            case STRING:
                return extremeString(allowHuge);
            case INT:
                return pick(0, -1, 1, Integer.MIN_VALUE, Integer.MAX_VALUE, random.nextInt());
            case LONG:
                return pick(0L, -1L, 1L, Long.MIN_VALUE, Long.MAX_VALUE, random.nextLong());
            case FLOAT:
                return pick(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0.0f, Float.MAX_VALUE, Float.MIN_VALUE,
                        -Float.MAX_VALUE, (float) random.nextGaussian());
            case DOUBLE:
                return pick(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, Double.MAX_VALUE, Double.MIN_VALUE,
                        -1.0, 1e300, random.nextGaussian());
            case BOOLEAN:
                return random.nextBoolean();
            case BYTE_STRING:
                byte[] bytes = new byte[random.nextInt(4096)];
                random.nextBytes(bytes);
                return ByteString.copyFrom(bytes);
            case ENUM:
                EnumDescriptor e = f.getEnumType();
                int number = random.nextBoolean() ? e.getValues().get(random.nextInt(e.getValues().size())).getNumber()
                        : pick(-1, 99, Integer.MAX_VALUE, Integer.MIN_VALUE);
                return e.findValueByNumberCreatingIfUnknown(number);
            default:
                throw new IllegalStateException("no extreme value for " + f.getFullName());
        }
    }

    private String extremeString(boolean allowHuge) {
        switch (random.nextInt(9)) {
            case 0:
                return "";
            case 1:
                return "x".repeat(257);
            case 2:
                return allowHuge ? "é".repeat(100_000 + random.nextInt(1_000_000)) : "é".repeat(300);
            case 3:
                return "\u0000\u0001\n\t\u007f";
            case 4:
                return "\uD83D\uDE00\u202E\uFEFF\u200B";
            case 5:
                return "../../../etc/passwd";
            case 6:
                return "a/b:c|d'\"; DROP TABLE t; --";
            case 7:
                return " ";
            default:
                StringBuilder s = new StringBuilder();
                int n = random.nextInt(64);
                for (int i = 0; i < n; i++) {
                    s.appendCodePoint(random.nextInt(0x2FFFF) + 1);
                }
                return s.toString().replaceAll("[\\uD800-\\uDFFF]", "?");
        }
    }

    /** A message with each field randomly set or left empty (to a bounded depth). */
    private DynamicMessage randomMessage(Descriptor d, int depth) {
        DynamicMessage.Builder b = DynamicMessage.newBuilder(d);
        for (FieldDescriptor f : d.getFields()) {
            if (random.nextBoolean() || (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && depth > 3)) {
                continue;
            }
            if (f.getRealContainingOneof() != null && b.hasOneof(f.getRealContainingOneof())) {
                continue;
            }
            if (f.isRepeated()) {
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    b.addRepeatedField(f, f.getJavaType() == FieldDescriptor.JavaType.MESSAGE ? randomMessage(f.getMessageType(), depth + 1)
                            : extreme(f, false));
                }
            } else {
                b.setField(f, f.getJavaType() == FieldDescriptor.JavaType.MESSAGE ? randomMessage(f.getMessageType(), depth + 1)
                        : extreme(f, false));
            }
        }
        return b.build();
    }

    // ---- wire-level mutations ----

    /**
     * Puts invalid UTF-8 into a string field, at the top level or inside a nested message. The
     * Java builders cannot hold such a string, so the bytes are written by hand: a field that
     * occurs twice on the wire is merged (singular message), appended (repeated) or replaced
     * (singular scalar), so appending to valid bytes is enough.
     */
    private Mutant invalidUtf8(Message seed) {
        byte[] bad = BAD_UTF8[random.nextInt(BAD_UTF8.length)];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String path = appendInvalidUtf8(seed.getDescriptorForType(), out, bad, 0);
        if (path == null) {
            return byteLevel(seed.toByteArray());
        }
        byte[] tail = out.toByteArray();
        byte[] head = seed.toByteArray();
        byte[] all = new byte[head.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return new Mutant("invalid UTF-8 in " + path, all);
    }

    /** Writes one field carrying {@code bad} somewhere below {@code d}; null if {@code d} has no string field at any depth. */
    private String appendInvalidUtf8(Descriptor d, ByteArrayOutputStream out, byte[] bad, int depth) {
        List<FieldDescriptor> strings = new ArrayList<>();
        List<FieldDescriptor> messages = new ArrayList<>();
        for (FieldDescriptor f : d.getFields()) {
            if (f.getType() == FieldDescriptor.Type.STRING) {
                strings.add(f);
            } else if (f.getType() == FieldDescriptor.Type.MESSAGE && depth < 3) {
                messages.add(f);
            }
        }
        try {
            CodedOutputStream coded = CodedOutputStream.newInstance(out);
            if (!strings.isEmpty() && (messages.isEmpty() || random.nextBoolean())) {
                FieldDescriptor f = strings.get(random.nextInt(strings.size()));
                coded.writeByteArray(f.getNumber(), bad);
                coded.flush();
                return f.getName();
            }
            for (int attempt = 0; attempt < messages.size() * 2 && !messages.isEmpty(); attempt++) {
                FieldDescriptor f = messages.get(random.nextInt(messages.size()));
                ByteArrayOutputStream inner = new ByteArrayOutputStream();
                String path = appendInvalidUtf8(f.getMessageType(), inner, bad, depth + 1);
                if (path != null) {
                    coded.writeByteArray(f.getNumber(), inner.toByteArray());
                    coded.flush();
                    return f.getName() + "." + path;
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Mutant byteLevel(byte[] valid) {
        byte[] b = valid.clone();
        switch (random.nextInt(3)) {
            case 0:
                if (b.length == 0) {
                    return new Mutant("empty message", b);
                }
                for (int i = 0; i < 1 + random.nextInt(4); i++) {
                    b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                }
                return new Mutant("bit flips", b);
            case 1:
                return new Mutant("truncated", java.util.Arrays.copyOf(b, b.length == 0 ? 0 : random.nextInt(b.length)));
            default:
                // A length prefix promising far more than follows.
                byte[] lie = {0x12, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F};
                byte[] all = java.util.Arrays.copyOf(b, b.length + lie.length);
                System.arraycopy(lie, 0, all, b.length, lie.length);
                return new Mutant("lying length prefix", all);
        }
    }

    @SafeVarargs
    private <T> T pick(T... values) {
        return values[random.nextInt(values.length)];
    }

    private static String abbreviate(Object value) {
        String s = String.valueOf(value);
        return s.length() > 40 ? s.substring(0, 40) + "…(" + s.length() + " chars)" : s;
    }
}
