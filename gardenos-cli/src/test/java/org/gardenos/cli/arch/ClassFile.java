package org.gardenos.cli.arch;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The facts the architecture rules need from one compiled class, read straight from the class file format (JVMS 4):
 * the GardenOS classes it refers to (constant pool class entries and type descriptors) and, per method, the span of
 * source lines its code covers (LineNumberTable).
 */
record ClassFile(String name, Set<String> references, Map<String, Integer> methodLines) {
    private static final Pattern DESCRIPTOR_TYPE = Pattern.compile("L(org/gardenos/[A-Za-z0-9_/$]+);");

    static ClassFile read(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        in.readInt();
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] classIndex = new int[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7, 8, 16, 19, 20 -> {
                    int index = in.readUnsignedShort();
                    if (tag == 7) {
                        classIndex[i] = index;
                    }
                }
                case 15 -> in.skipBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                case 5, 6 -> {
                    in.skipBytes(8);
                    i++;
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        in.readUnsignedShort();
        String name = utf8[classIndex[in.readUnsignedShort()]].replace('/', '.');
        Set<String> references = new TreeSet<>();
        for (int i = 1; i < count; i++) {
            if (classIndex[i] != 0) {
                addClass(references, utf8[classIndex[i]]);
            }
            if (utf8[i] != null) {
                Matcher m = DESCRIPTOR_TYPE.matcher(utf8[i]);
                while (m.find()) {
                    addClass(references, m.group(1));
                }
            }
        }
        in.readUnsignedShort();
        in.skipBytes(2 * in.readUnsignedShort());
        skipMembers(in);
        return new ClassFile(name, references, methods(in, utf8));
    }

    private static void addClass(Set<String> references, String internal) {
        String type = internal.replaceAll("^\\[+L?", "").replace(";", "");
        if (type.startsWith("org/gardenos/")) {
            references.add(type.replace('/', '.'));
        }
    }

    private static void skipMembers(DataInputStream in) throws IOException {
        int members = in.readUnsignedShort();
        for (int m = 0; m < members; m++) {
            in.skipBytes(6);
            skipAttributes(in);
        }
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
            in.skipBytes(2);
            in.skipBytes(in.readInt());
        }
    }

    private static Map<String, Integer> methods(DataInputStream in, String[] utf8) throws IOException {
        Map<String, Integer> lines = new HashMap<>();
        int methods = in.readUnsignedShort();
        for (int m = 0; m < methods; m++) {
            in.skipBytes(2);
            String method = utf8[in.readUnsignedShort()] + utf8[in.readUnsignedShort()];
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                String attribute = utf8[in.readUnsignedShort()];
                byte[] body = in.readNBytes(in.readInt());
                if (attribute.equals("Code")) {
                    span(body, utf8).ifPresent(span -> lines.merge(method, span, Math::max));
                }
            }
        }
        return lines;
    }

    /** First to last source line of a Code attribute's LineNumberTable. */
    private static java.util.Optional<Integer> span(byte[] code, String[] utf8) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(code));
        in.skipBytes(4);
        in.skipBytes(in.readInt());
        in.skipBytes(8 * in.readUnsignedShort());
        int attributes = in.readUnsignedShort();
        List<Integer> numbers = new ArrayList<>();
        for (int a = 0; a < attributes; a++) {
            String attribute = utf8[in.readUnsignedShort()];
            int length = in.readInt();
            if (attribute.equals("LineNumberTable")) {
                int entries = in.readUnsignedShort();
                for (int e = 0; e < entries; e++) {
                    in.skipBytes(2);
                    numbers.add(in.readUnsignedShort());
                }
            } else {
                in.skipBytes(length);
            }
        }
        return numbers.isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(numbers.stream().max(Integer::compare).orElseThrow()
                        - numbers.stream().min(Integer::compare).orElseThrow() + 1);
    }
}
