package io.pyrope.api;

import com.google.protobuf.Descriptors;
import io.pyrope.api.v1.AdminProto;
import io.pyrope.api.v1.CacheProto;
import io.pyrope.api.v1.CommonProto;
import io.pyrope.api.v1.IndexProto;
import io.pyrope.api.v1.VectorProto;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/API.md cannot drift from the public protos: every service, RPC, message, field and enum
 * value of {@code pyrope.v1} is named there. An RPC is named in its proto file's section; a
 * message anywhere; a field in a paragraph or table that names its message, or the block right
 * after one (as {@code `field`} or inside {@code Message{field, ...}}); an enum value anywhere, in
 * backticks.
 */
class ApiDocMatchesProtosTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final List<Descriptors.FileDescriptor> FILES = List.of(CommonProto.getDescriptor(),
            IndexProto.getDescriptor(), VectorProto.getDescriptor(), AdminProto.getDescriptor(), CacheProto.getDescriptor());

    private static String doc;
    /** Paragraphs and tables of the doc (blank-line separated). */
    private static List<String> blocks;

    @BeforeAll
    static void read() throws IOException {
        doc = Files.readString(ROOT.resolve("docs/API.md"), StandardCharsets.UTF_8);
        blocks = List.of(doc.split("\n\\s*\n"));
    }

    @Test
    void theTestCoversEveryPublicProtoFile() throws IOException {
        try (Stream<Path> files = Files.list(ROOT.resolve("client-sdk/src/main/proto/pyrope/v1"))) {
            assertThat(files.map(p -> "pyrope/v1/" + p.getFileName()))
                    .containsExactlyInAnyOrderElementsOf(FILES.stream().map(Descriptors.FileDescriptor::getName).toList());
        }
    }

    @Test
    void everyServiceAndRpcIsInItsFilesSection() {
        List<String> missing = new ArrayList<>();
        for (Descriptors.FileDescriptor file : FILES) {
            String section = section(file.getName().substring(file.getName().lastIndexOf('/') + 1));
            for (Descriptors.ServiceDescriptor s : file.getServices()) {
                if (!section.contains(s.getName())) {
                    missing.add("service " + s.getName());
                }
                for (Descriptors.MethodDescriptor m : s.getMethods()) {
                    if (!section.contains("`" + m.getName() + "`")) {
                        missing.add("rpc " + s.getName() + "." + m.getName());
                    }
                }
            }
        }
        assertThat(missing).as("services and RPCs missing from docs/API.md").isEmpty();
    }

    @Test
    void everyMessageAndFieldIsDocumented() {
        List<String> missing = new ArrayList<>();
        for (Descriptors.FileDescriptor file : FILES) {
            for (Descriptors.Descriptor m : file.getMessageTypes()) {
                checkMessage(m, missing);
            }
        }
        assertThat(missing).as("messages and fields missing from docs/API.md").isEmpty();
    }

    @Test
    void everyEnumValueIsNamed() {
        List<String> missing = new ArrayList<>();
        for (Descriptors.FileDescriptor file : FILES) {
            List<Descriptors.EnumDescriptor> enums = new ArrayList<>(file.getEnumTypes());
            file.getMessageTypes().forEach(m -> enums.addAll(m.getEnumTypes()));
            for (Descriptors.EnumDescriptor e : enums) {
                if (!doc.contains("`" + e.getName() + "`")) {
                    missing.add("enum " + e.getName());
                }
                for (Descriptors.EnumValueDescriptor v : e.getValues()) {
                    if (!doc.contains("`" + v.getName() + "`")) {
                        missing.add(e.getName() + "." + v.getName());
                    }
                }
            }
        }
        assertThat(missing).as("enums and values missing from docs/API.md").isEmpty();
    }

    private static void checkMessage(Descriptors.Descriptor m, List<String> missing) {
        if (m.getOptions().getMapEntry()) {
            return;
        }
        Pattern named = Pattern.compile("`" + m.getName() + "`|\\b" + m.getName() + "\\{");
        // A block that names the message, with the one after it (a "**`Message`**" line, then its table).
        List<String> about = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            if (named.matcher(blocks.get(i)).find()) {
                about.add(i + 1 < blocks.size() ? blocks.get(i) + "\n" + blocks.get(i + 1) : blocks.get(i));
            }
        }
        if (about.isEmpty()) {
            missing.add("message " + m.getFullName());
            return;
        }
        for (Descriptors.FieldDescriptor f : m.getFields()) {
            Pattern field = Pattern.compile("`" + f.getName() + "`|\\b" + m.getName() + "\\{[^}]*\\b" + f.getName() + "\\b");
            if (about.stream().noneMatch(b -> field.matcher(b).find())) {
                missing.add("field " + m.getFullName() + "." + f.getName());
            }
        }
        m.getNestedTypes().forEach(n -> checkMessage(n, missing));
    }

    /** The doc's "## ..." section whose heading names {@code protoFile}. */
    private static String section(String protoFile) {
        int named = doc.indexOf("(`" + protoFile + "`)");
        assertThat(named).as("a section of docs/API.md headed with (`" + protoFile + "`)").isNotNegative();
        int start = doc.lastIndexOf("\n## ", named);
        int end = doc.indexOf("\n## ", named);
        return doc.substring(start, end < 0 ? doc.length() : end);
    }
}
