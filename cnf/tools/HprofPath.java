import java.io.*;
import java.nio.*;
import java.nio.channels.FileChannel;
import java.nio.file.*;
import java.util.*;

/**
 * Why is a class loader still alive? Prints, for every class loader that has loaded the named class, the shortest
 * chain of strong references from a GC root to it (weak and soft referents are not followed), read from an HPROF
 * heap dump. It found the dashboard's update leak: a Jetty thread whose context class loader was the old bundle's.
 * Usage: jcmd PID GC.heap_dump /tmp/h.hprof; java -Xmx3g cnf/tools/HprofPath.java /tmp/h.hprof CLASS_NAME
 */
public class HprofPath {
    static int idSize;
    static Map<Long, String> strings = new HashMap<>();
    static Map<Long, String> classNames = new HashMap<>(); // class obj id -> name
    static Map<Long, long[]> classInfo = new HashMap<>(); // class id -> [super, loader]
    static Map<Long, List<Object[]>> classFields = new HashMap<>(); // class id -> list of (nameId, type)
    static Map<Long, long[]> edges = new HashMap<>();
    static Map<Long, String[]> edgeNames = new HashMap<>();
    static Map<Long, Long> objClass = new HashMap<>();
    static Map<Long, byte[]> instData = new HashMap<>();
    static Set<Long> roots = new HashSet<>();
    static Map<Long, String> rootKind = new HashMap<>();

    public static void main(String[] a) throws Exception {
        ByteBuffer b;
        try (FileChannel ch = FileChannel.open(Path.of(a[0]))) { b = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()); }
        while (b.get() != 0) {}
        idSize = b.getInt(); b.getLong();
        while (b.hasRemaining()) {
            int tag = b.get() & 0xff; b.getInt(); long len = b.getInt() & 0xffffffffL;
            int end = b.position() + (int) len;
            if (tag == 0x01) { long id = id(b); byte[] s = new byte[(int) len - idSize]; b.get(s); strings.put(id, new String(s, "UTF-8")); }
            else if (tag == 0x02) { b.getInt(); long cid = id(b); b.getInt(); long nid = id(b); classNames.put(cid, strings.get(nid)); }
            else if (tag == 0x0C || tag == 0x1C) heap(b, end);
            b.position(end);
        }
        // instance edges need complete field tables
        for (var e : instData.entrySet()) {
            List<Long> out = new ArrayList<>(); List<String> names = new ArrayList<>();
            ByteBuffer d = ByteBuffer.wrap(e.getValue());
            for (long c = objClass.get(e.getKey()); c != 0 && classInfo.containsKey(c); c = classInfo.get(c)[0]) {
                for (Object[] f : classFields.getOrDefault(c, List.of())) {
                    int t = (Integer) f[1];
                    if (t == 2) { long r = idSize == 8 ? d.getLong() : d.getInt() & 0xffffffffL;
                        String fn = strings.get((Long) f[0]);
                        boolean weak = "referent".equals(fn) && "java/lang/ref/Reference".equals(classNames.get(c));
                        if (r != 0 && !weak) { out.add(r); names.add(fn); } }
                    else d.position(d.position() + size(t));
                }
            }
            out.add(objClass.get(e.getKey())); names.add("<class>");
            edges.put(e.getKey(), out.stream().mapToLong(Long::longValue).toArray()); edgeNames.put(e.getKey(), names.toArray(String[]::new));
        }
        instData = null;
        String target = a[1];
        Set<Long> loaders = new HashSet<>();
        for (var e : classNames.entrySet()) if (e.getValue().replace("/", ".").equals(target)) loaders.add(classInfo.get(e.getKey())[1]);
        System.out.println("loaders of " + target + ": " + loaders.size());
        // BFS
        Map<Long, Long> parent = new HashMap<>(); Map<Long, String> via = new HashMap<>();
        ArrayDeque<Long> q = new ArrayDeque<>();
        for (long r : roots) { parent.put(r, 0L); q.add(r); }
        while (!q.isEmpty()) {
            long o = q.poll(); long[] out = edges.get(o); if (out == null) continue; String[] n = edgeNames.get(o);
            for (int i = 0; i < out.length; i++) if (!parent.containsKey(out[i])) { parent.put(out[i], o); via.put(out[i], n[i]); q.add(out[i]); }
        }
        for (long l : loaders) {
            System.out.println("== loader 0x" + Long.toHexString(l));
            if (!parent.containsKey(l)) { System.out.println("   unreachable (garbage)"); continue; }
            List<String> path = new ArrayList<>();
            for (long o = l; o != 0; o = parent.get(o)) path.add(describe(o) + (via.containsKey(o) ? "  <-." + via.get(o) : "  [ROOT " + rootKind.get(o) + "]"));
            for (String s : path) System.out.println("   " + s);
        }
    }

    static String describe(long o) {
        if (classNames.containsKey(o)) return "class " + classNames.get(o);
        Long c = objClass.get(o); return (c == null ? "?" : classNames.get(c)) + "@" + Long.toHexString(o);
    }

    static void heap(ByteBuffer b, int end) {
        while (b.position() < end) {
            int st = b.get() & 0xff;
            switch (st) {
                case 0xFF -> root(id(b), "unknown");
                case 0x01 -> { root(id(b), "jni-global"); id(b); }
                case 0x02 -> { root(id(b), "jni-local"); b.getInt(); b.getInt(); }
                case 0x03 -> { root(id(b), "java-frame"); b.getInt(); b.getInt(); }
                case 0x04 -> { root(id(b), "native-stack"); b.getInt(); }
                case 0x05 -> root(id(b), "sticky-class");
                case 0x06 -> { root(id(b), "thread-block"); b.getInt(); }
                case 0x07 -> root(id(b), "monitor");
                case 0x08 -> { root(id(b), "thread"); b.getInt(); b.getInt(); }
                case 0x20 -> {
                    long cid = id(b); b.getInt(); long sup = id(b); long loader = id(b); id(b); id(b); id(b); id(b); b.getInt();
                    classInfo.put(cid, new long[] { sup, loader });
                    List<Long> out = new ArrayList<>(List.of(loader)); List<String> names = new ArrayList<>(List.of("<loader>"));
                    int cp = b.getShort() & 0xffff; for (int i = 0; i < cp; i++) { b.getShort(); int t = b.get(); value(b, t); }
                    int sf = b.getShort() & 0xffff;
                    for (int i = 0; i < sf; i++) { long n = id(b); int t = b.get(); long v = value(b, t); if (t == 2 && v != 0) { out.add(v); names.add("static " + strings.get(n)); } }
                    int f = b.getShort() & 0xffff; List<Object[]> fl = new ArrayList<>();
                    for (int i = 0; i < f; i++) { long n = id(b); int t = b.get(); fl.add(new Object[] { n, t }); }
                    classFields.put(cid, fl);
                    edges.put(cid, out.stream().mapToLong(Long::longValue).toArray()); edgeNames.put(cid, names.toArray(String[]::new));
                }
                case 0x21 -> { long id = id(b); b.getInt(); long c = id(b); int n = b.getInt(); byte[] d = new byte[n]; b.get(d); objClass.put(id, c); instData.put(id, d); }
                case 0x22 -> { long id = id(b); b.getInt(); int n = b.getInt(); long c = id(b); long[] out = new long[n + 1]; String[] nm = new String[n + 1];
                    for (int i = 0; i < n; i++) { out[i] = id(b); nm[i] = "[" + i + "]"; } out[n] = c; nm[n] = "<class>"; objClass.put(id, c); edges.put(id, out); edgeNames.put(id, nm); }
                case 0x23 -> { id(b); b.getInt(); int n = b.getInt(); int t = b.get(); b.position(b.position() + n * size(t)); }
                default -> throw new IllegalStateException("sub-record " + Integer.toHexString(st) + " at " + b.position());
            }
        }
    }

    static void root(long id, String kind) { roots.add(id); rootKind.putIfAbsent(id, kind); }
    static long id(ByteBuffer b) { return idSize == 8 ? b.getLong() : b.getInt() & 0xffffffffL; }
    static int size(int t) { return switch (t) { case 2 -> idSize; case 4, 8 -> 1; case 5, 9 -> 2; case 6, 10 -> 4; case 7, 11 -> 8; default -> throw new IllegalStateException("type " + t); }; }
    static long value(ByteBuffer b, int t) { return switch (size(t)) { case 1 -> b.get(); case 2 -> b.getShort(); case 4 -> t == 2 ? b.getInt() & 0xffffffffL : b.getInt(); default -> b.getLong(); }; }
}
