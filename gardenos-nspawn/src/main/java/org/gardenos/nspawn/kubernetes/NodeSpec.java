package org.gardenos.nspawn.kubernetes;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One node of the test cluster as the k3s layer would declare it: its name, the labels and taints it gets on its
 * Node object (set through the API by the admin after registration, the way GardenOS's k3s layer sets them).
 * Taints are {@code key=value:Effect} or {@code key:Effect}.
 */
public record NodeSpec(String name, Map<String, String> labels, List<String> taints) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,30}");
    private static final Pattern TAINT = Pattern.compile("[A-Za-z0-9./_-]+(=[A-Za-z0-9._-]*)?:(NoSchedule|PreferNoSchedule|NoExecute)");

    public NodeSpec {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("node name '" + name + "' must match " + NAME);
        }
        labels = Map.copyOf(labels);
        taints = List.copyOf(taints);
        for (String t : taints) {
            if (!TAINT.matcher(t).matches()) {
                throw new IllegalArgumentException("taint '" + t + "' must look like key=value:NoSchedule");
            }
        }
    }

    public static NodeSpec named(String name) {
        return new NodeSpec(name, Map.of(), List.of());
    }

    public NodeSpec withLabel(String key, String value) {
        Map<String, String> m = new java.util.LinkedHashMap<>(labels);
        m.put(key, value);
        return new NodeSpec(name, m, taints);
    }

    public NodeSpec withTaint(String taint) {
        List<String> t = new java.util.ArrayList<>(taints);
        t.add(taint);
        return new NodeSpec(name, labels, t);
    }

    /** The taint as a Node {@code spec.taints} entry in JSON. */
    static String taintJson(String taint) {
        int colon = taint.lastIndexOf(':');
        String kv = taint.substring(0, colon);
        String effect = taint.substring(colon + 1);
        int eq = kv.indexOf('=');
        String key = eq < 0 ? kv : kv.substring(0, eq);
        String value = eq < 0 ? "" : kv.substring(eq + 1);
        return "{\"key\":\"" + key + "\",\"value\":\"" + value + "\",\"effect\":\"" + effect + "\"}";
    }
}
